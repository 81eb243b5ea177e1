"""Debian's headless chromium as the page's tests and benchmarks launch it (no browser is
downloaded: Playwright drives /usr/bin/chromium, which `make system-deps` installs)."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
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
