"""The verification page's hashing, in Debian's headless chromium (docs/web-page.md).

Each figure is one JSON line with its floor, the raw cost of the same work measured in the
same run (docs/style.md, "Benchmarks"):

- page_hash_sha256: MB/s of the page hashing a 1 GiB file with SHA-256 in its hashing worker
  (hashing.js HashPool, hash-wasm), the file chosen in a file input as a person would.
  Floor: hashlib.sha256 of the same file read in 4 MiB chunks, in rounds alternating with
  the page's so both meet the same moments of a shared machine. Target ratio >= 0.5.
- page_load_transfer: KB (10^3 bytes) a first visit to the page in 存证 mode transfers on a
  phone (Playwright's Pixel 7 descriptor, an empty cache) before its first step is usable:
  every response finished by then, headers and bodies as they came over the wire
  (tests/support/page_weight.py). Floor: the same responses' bodies decoded, so the ratio
  is what compression leaves. Target <= 300 KB.
- page_hash_memory: MiB the browser grows by while the page hashes a 4 GiB file: the peak,
  sampled every 0.2 s, of the proportional set size (PSS, /proc/<pid>/smaps_rollup) summed
  over every process of this benchmark's chromium (browser, renderer, the worker's thread
  within it), minus the sum before. PSS counts shared pages once. Target <= 128 MiB.
  Floor: the peak Python allocations (tracemalloc) of hashlib.sha256 streaming the same
  file in 4 MiB chunks.

The files are sparse (no disk written), in a temporary folder deleted afterwards. The
performance.measureUserAgentSpecificMemory API would need a cross-origin-isolated page,
which the node's page is not, and the CDP heap metrics miss ArrayBuffers and WebAssembly
memory: the operating system's count is the one that includes everything.
"""

import asyncio
import hashlib
import statistics
import tempfile
import tracemalloc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from time import perf_counter

from aiohttp import web
from playwright.async_api import Page, async_playwright

from bench.report import figure, progress
from cunzheng.node.api.web import add_web_routes
from tests.support.browser_memory import chromium_pss
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.support.loopback import free_ports
from tests.support.page_driver import PHONE
from tests.support.page_weight import page_load
from tests.support.preserve_driver import FIRST_STEP

MIB = 1024 * 1024
CHUNK = 4 * MIB
FULL_RATE_SIZE, QUICK_RATE_SIZE = 1024 * MIB, 128 * MIB
FULL_MEMORY_SIZE, QUICK_MEMORY_SIZE = 4096 * MIB, 512 * MIB
FULL_ROUNDS, QUICK_ROUNDS = 3, 1
SAMPLE_SECONDS = 0.2

HASH_JS = """async () => {
    const { HashPool } = await import('/static/hashing/hashing.js');
    const { bytesToHex } = await import('/static/core/bytes.js');
    const file = document.getElementById('bench-file').files[0];
    const pool = new HashPool({ size: 1 });
    const started = performance.now();
    const digest = await pool.digest(file, 'sha256');
    const seconds = (performance.now() - started) / 1000;
    pool.close();
    return [bytesToHex(digest), file.size / seconds];
}"""


def run(quick: bool = False) -> None:
    """Run the page's benchmarks, printing one JSON line per figure."""
    if not CHROMIUM.exists():
        progress(f"skipped: no chromium at {CHROMIUM} (make system-deps)")
        return
    asyncio.run(_run(quick))


async def _run(quick: bool) -> None:
    await _bench_page_load(QUICK_ROUNDS if quick else FULL_ROUNDS)
    with tempfile.TemporaryDirectory(prefix="cunzheng-bench-page-") as tmp:
        rate_file = _sparse_file(
            Path(tmp) / "rate.bin", QUICK_RATE_SIZE if quick else FULL_RATE_SIZE
        )
        memory_file = Path(tmp) / "memory.bin"
        _sparse_file(memory_file, QUICK_MEMORY_SIZE if quick else FULL_MEMORY_SIZE)
        async with _page() as page:
            await _bench_rate(page, rate_file, QUICK_ROUNDS if quick else FULL_ROUNDS)
            await _bench_memory(page, memory_file)


def _sparse_file(path: Path, size: int) -> Path:
    with path.open("wb") as file:
        file.truncate(size)
    return path


@asynccontextmanager
async def _served() -> AsyncIterator[str]:
    """The page as a node serves it (no API behind it), at the URL yielded."""
    app = web.Application()
    add_web_routes(app)
    runner = web.AppRunner(app)
    await runner.setup()
    (port,) = free_ports(1)
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def _bench_page_load(rounds: int) -> None:
    progress(f"page_load_transfer: {rounds} first visits on a phone")
    loads = []
    async with _served() as url, async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        device = dict(playwright.devices[PHONE])
        device.pop("default_browser_type", None)
        for _ in range(rounds):
            context = await browser.new_context(locale="zh-CN", **device)
            loads.append(await page_load(context, f"{url}/#preserve", FIRST_STEP))
            await context.close()
        await browser.close()
    figure(
        "page_load_transfer",
        statistics.median(load.encoded_bytes for load in loads) / 1000,
        "KB",
        "the same responses decoded",
        statistics.median(load.decoded_bytes for load in loads) / 1000,
        requests=statistics.median(load.requests for load in loads),
        rounds=rounds,
        target_kb=300,
    )


@asynccontextmanager
async def _page() -> AsyncIterator[Page]:
    """The page as a node serves it, open in headless chromium, with a file input of its own."""
    async with _served() as url, async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        page = await browser.new_page()
        await page.goto(f"{url}/")
        await page.wait_for_selector("body[data-ready=true]")
        await page.evaluate(
            """() => {
                const input = Object.assign(document.createElement('input'),
                    { type: 'file', id: 'bench-file' });
                document.body.append(input);
            }"""
        )
        yield page
        await browser.close()


def _hashlib_rate(path: Path) -> tuple[str, float]:
    hasher = hashlib.sha256()
    started = perf_counter()
    with path.open("rb", buffering=0) as file:
        while chunk := file.read(CHUNK):
            hasher.update(chunk)
    return hasher.hexdigest(), path.stat().st_size / (perf_counter() - started)


async def _page_rate(page: Page, path: Path) -> tuple[str, float]:
    await page.set_input_files("#bench-file", str(path))
    digest, rate = await page.evaluate(HASH_JS)
    return str(digest), float(rate)


async def _bench_rate(page: Page, path: Path, rounds: int) -> None:
    size = path.stat().st_size
    progress(f"page_hash_sha256: {size // MIB} MiB, {rounds} rounds of hashlib and the page")
    floors, values = [], []
    for _ in range(rounds):
        expected, floor = _hashlib_rate(path)
        digest, value = await _page_rate(page, path)
        if digest != expected:
            raise AssertionError(f"the page's SHA-256 {digest} is not hashlib's {expected}")
        floors.append(floor / 1e6)
        values.append(value / 1e6)
    figure(
        "page_hash_sha256",
        statistics.median(values),
        "MB/s",
        "hashlib.sha256",
        statistics.median(floors),
        size_mib=size // MIB,
        rounds=rounds,
        target_ratio=0.5,
    )


async def _bench_memory(page: Page, path: Path) -> None:
    size = path.stat().st_size
    progress(f"page_hash_memory: {size // MIB} MiB")
    tracemalloc.start()
    expected, _ = _hashlib_rate(path)
    floor = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    await page.set_input_files("#bench-file", str(path))
    await asyncio.sleep(1)  # let the input settle before the baseline
    baseline = chromium_pss()
    peak = baseline
    hashing = asyncio.ensure_future(page.evaluate(HASH_JS))
    while not hashing.done():
        peak = max(peak, chromium_pss())
        await asyncio.sleep(SAMPLE_SECONDS)
    digest, _rate = hashing.result()
    if digest != expected:
        raise AssertionError(f"the page's SHA-256 {digest} is not hashlib's {expected}")
    figure(
        "page_hash_memory",
        (peak - baseline) / MIB,
        "MiB",
        "hashlib.sha256 streaming (tracemalloc peak)",
        floor / MIB,
        size_mib=size // MIB,
        baseline_mib=round(baseline / MIB, 1),
        target_mib=128,
    )
