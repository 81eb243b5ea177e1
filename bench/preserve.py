"""Preserving a folder in the page's 存证 mode against `cunzheng seal --node` (docs/web-page.md).

One figure (docs/style.md, "Benchmarks"): page_preserve_1gib, the seconds the page's 存证
mode takes, in Debian's headless chromium, to preserve a folder of 200 files of 1 GiB in all,
driven as a person would (tests/support/preserve_driver.py): the files added under a step
with its 添加文件 button, then timed from the press of 封存并存证 until the page shows the
preservation committed: hashing in the page's worker pool, sealing, storing in IndexedDB,
submitting the entry, checking the receipt, waiting for the commit and checking the proof
bundle. Floor: `cunzheng seal DIR --node URL` on the same folder in the same run, which
hashes with hashlib, writes the manifest, submits and waits for the checked bundle. Both run
against one 4-notary devnet the benchmark starts on free loopback ports, in rounds
alternating which goes first, each page round in a fresh browser context. Target ratio <= 1.5.

The files are sparse (a different first 32 bytes each, zeros after), in a temporary folder
deleted afterwards; SHA-256 costs the same on zeros.
"""

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from hashlib import sha256
from pathlib import Path

from playwright.async_api import Browser, async_playwright

from bench.nodes import REPO, Cluster, load_average
from bench.report import figure, progress
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.support.preserve_driver import PRESERVED, add_files, open_preserve
from tests.support.processes import http_json

MIB = 1024 * 1024
FILES = 200
FULL_SIZE, QUICK_SIZE = 1024 * MIB, 128 * MIB
FULL_ROUNDS, QUICK_ROUNDS = 3, 1
NOTARIES = 4
READY_TIMEOUT_S = 60.0
PRESERVE_TIMEOUT_MS = 600_000


def run(quick: bool = False) -> None:
    """Run the benchmark, printing one JSON line."""
    if not CHROMIUM.exists():
        progress(f"skipped: no chromium at {CHROMIUM} (make system-deps)")
        return
    with tempfile.TemporaryDirectory(prefix="cunzheng-bench-preserve-") as tmp:
        root = Path(tmp)
        folder = _sparse_folder(root / "evidence", QUICK_SIZE if quick else FULL_SIZE)
        cluster = Cluster.start(root / "devnet", NOTARIES)
        try:
            _wait_ready(cluster)
            asyncio.run(_bench(cluster, folder, root, quick))
        finally:
            cluster.stop()


def _sparse_folder(folder: Path, total: int) -> Path:
    folder.mkdir()
    size = total // FILES
    for number in range(FILES):
        with (folder / f"聊天截图_{number:03d}.png").open("wb") as file:
            file.write(sha256(number.to_bytes(4, "big")).digest())
            file.truncate(size)
    return folder


def _wait_ready(cluster: Cluster) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    for url in cluster.urls:
        while True:
            cluster.check_running()
            try:
                if http_json(f"{url}/readyz", timeout=1.0)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url}/readyz did not answer 200 in {READY_TIMEOUT_S:.0f} s")
            time.sleep(0.1)


@asynccontextmanager
async def _browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        await browser.close()


async def _page_seconds(browser: Browser, url: str, folder: Path) -> tuple[float, float]:
    """The seconds from 封存并存证 until the page shows the folder preserved, and of them
    the sealing's (until the page shows the preservation stored)."""
    context = await browser.new_context()
    try:
        page = await open_preserve(context, url)
        await add_files(page, "conversation", sorted(folder.iterdir()))
        await page.wait_for_selector(f"#files-conversation li:nth-child({FILES})")
        started = time.perf_counter()
        await page.click("#seal")
        await page.wait_for_selector("#stages", timeout=PRESERVE_TIMEOUT_MS)
        sealing = time.perf_counter() - started
        await page.wait_for_selector(PRESERVED, timeout=PRESERVE_TIMEOUT_MS)
        return time.perf_counter() - started, sealing
    finally:
        await context.close()


def _cli_seconds(folder: Path, out: Path, url: str) -> float:
    command = [sys.executable, "-m", "cunzheng.cli", "seal", str(folder), "--out", str(out)]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "--node", url], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0 or not out.with_name(f"{out.stem}.bundle.json").exists():
        raise RuntimeError(f"cunzheng seal --node failed: {done.stderr[-2000:]}")
    return seconds


async def _bench(cluster: Cluster, folder: Path, root: Path, quick: bool) -> None:
    url = cluster.urls[0]
    rounds = QUICK_ROUNDS if quick else FULL_ROUNDS
    size = sum(p.stat().st_size for p in folder.iterdir())
    progress(
        f"page_preserve: {FILES} files, {size // MIB} MiB, {rounds} rounds, {NOTARIES} notaries"
    )
    pages, seals, floors = [], [], []
    async with _browser() as browser:
        for number in range(rounds):
            out = root / f"manifest-{number}.json"
            if number % 2:  # alternate which goes first
                floors.append(await asyncio.to_thread(_cli_seconds, folder, out, url))
            total, sealing = await _page_seconds(browser, url, folder)
            pages.append(total)
            seals.append(sealing)
            if not number % 2:
                floors.append(await asyncio.to_thread(_cli_seconds, folder, out, url))
            progress(
                f"round {number}: page {total:.2f} s (sealing {sealing:.2f} s), "
                f"cunzheng seal --node {floors[-1]:.2f} s"
            )
    figure(
        "page_preserve" if quick else "page_preserve_1gib",
        statistics.median(pages),
        "s",
        "cunzheng seal --node",
        statistics.median(floors),
        files=FILES,
        size_mib=size // MIB,
        rounds=rounds,
        page_sealing_s=statistics.median(seals),
        notaries=NOTARIES,
        load=load_average(),
        target_ratio=1.5,
    )
