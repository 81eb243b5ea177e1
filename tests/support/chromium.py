"""Debian's chromium for the browser tests, driven by Playwright: never a downloaded browser."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# Flags that keep chromium from reaching the network or updating itself during a test.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
