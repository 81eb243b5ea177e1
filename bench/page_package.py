"""The page's verification of a sealed package against `cunzheng verify --package`
(docs/web-page.md, "Benchmark").

- page_verify_package: seconds for the page's 核验 mode, in Debian's headless chromium, to
  verify a package of 1,000 files of 1 MiB (1 GiB) as a judge gives it: the folder chosen
  with 选择文件夹, then the proof bundle, manifest and genesis with 选择文件, timed from the
  files being chosen until the verdict is shown; the files are hashed by the page's pool of
  workers (hashing.js), judged by core/evidence.js. Floor: `cunzheng verify BUNDLE --package
  FOLDER --manifest M --genesis G --json` on the same package, a process of its own, single
  threaded. Rounds alternate the two so that both meet the same moments of a shared
  machine. Target ratio <= 2.

The files are sparse but for a distinct first line each (little disk written), in a
temporary folder deleted afterwards; both verifiers read them through the page cache.
"""

import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from time import perf_counter

from aiohttp import web
from playwright.async_api import Page, async_playwright

from bench.report import figure, progress
from cunzheng.ledger.manifest import write_manifest
from cunzheng.ledger.package import seal_directory
from cunzheng.node.api.web import add_web_routes
from tests.support.chain_factory import build_chain
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.support.evidence_fixture import counting_salts, sample_collection
from tests.support.loopback import free_ports
from tests.support.page_driver import SETTLED, open_page

MIB = 1024 * 1024
FULL_FILES, QUICK_FILES = 1000, 100
FULL_ROUNDS, QUICK_ROUNDS = 3, 1
VERDICT_TIMEOUT_MS = 600_000


def run(quick: bool = False) -> None:
    """Run the benchmark, printing one JSON line."""
    if not CHROMIUM.exists():
        progress(f"skipped: no chromium at {CHROMIUM} (make system-deps)")
        return
    cli = shutil.which("cunzheng", path=str(Path(sys.executable).parent))
    if cli is None:
        progress("skipped: no cunzheng command beside this Python (make install)")
        return
    asyncio.run(
        _run(
            Path(cli), QUICK_FILES if quick else FULL_FILES, QUICK_ROUNDS if quick else FULL_ROUNDS
        )
    )


def _package(root: Path, count: int) -> dict[str, Path]:
    """A folder of `count` files of 1 MiB sealed, recorded in a chain: the judge's files."""
    folder = root / "证据"
    for n in range(count):
        path = folder / f"第{n // 100:02d}组" / f"截图{n:04d}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as file:
            file.write(f"screenshot {n}\n".encode())
            file.truncate(MIB)
    progress(f"page_verify_package: sealing {count} files of 1 MiB")
    manifest = seal_directory(
        folder, alg="sha256", salt_source=counting_salts(), collection=sample_collection(), roles={}
    ).manifest
    write_manifest(root / "manifest.json", manifest)
    chain = build_chain(root / "store", [[manifest.entry]], validators=4)
    try:
        (root / "proof.cunzheng.json").write_text(json.dumps(chain.bundle(manifest.entry)), "utf-8")
        (root / "genesis.json").write_text(chain.genesis.to_file_text(), "utf-8")
    finally:
        chain.close()
    return {
        "folder": folder,
        "bundle": root / "proof.cunzheng.json",
        "manifest": root / "manifest.json",
        "genesis": root / "genesis.json",
    }


def _cli_seconds(cli: Path, files: dict[str, Path]) -> float:
    arguments = [str(cli), "verify", str(files["bundle"]), "--package", str(files["folder"])]
    arguments += [
        "--manifest",
        str(files["manifest"]),
        "--genesis",
        str(files["genesis"]),
        "--json",
    ]
    started = perf_counter()
    done = subprocess.run(arguments, capture_output=True, text=True, check=False)
    seconds = perf_counter() - started
    verdict = json.loads(done.stdout)["verdict"]
    if verdict != "valid":
        raise AssertionError(f"cunzheng verify says {verdict}: {done.stderr}")
    return seconds


async def _page_seconds(page: Page, files: dict[str, Path]) -> float:
    if await page.locator("#clear").is_visible():
        await page.click("#clear")
        await page.wait_for_selector("#verdict-part[aria-busy=false]", state="attached")
    await page.set_input_files("#folder-input", str(files["folder"]))
    await page.wait_for_selector(SETTLED, timeout=VERDICT_TIMEOUT_MS)
    await page.evaluate("document.getElementById('verdict').remove()")
    started = perf_counter()
    chosen = [str(files[name]) for name in ("bundle", "manifest", "genesis")]
    await page.set_input_files("#file-input", chosen)
    await page.wait_for_selector(SETTLED, timeout=VERDICT_TIMEOUT_MS)
    seconds = perf_counter() - started
    verdict = await page.get_attribute("#verdict", "data-verdict")
    if verdict != "valid":
        raise AssertionError(f"the page says {verdict}: {await page.inner_text('#verdict')}")
    return seconds


async def _run(cli: Path, count: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory(prefix="cunzheng-bench-package-") as tmp:
        files = _package(Path(tmp), count)
        app = web.Application()
        add_web_routes(app)
        runner = web.AppRunner(app)
        await runner.setup()
        (port,) = free_ports(1)
        await web.TCPSite(runner, "127.0.0.1", port).start()
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                page = await open_page(await browser.new_context(), f"http://127.0.0.1:{port}/")
                pages, floors = [], []
                for n in range(rounds):
                    progress(f"page_verify_package: round {n + 1} of {rounds}")
                    floors.append(_cli_seconds(cli, files))
                    pages.append(await _page_seconds(page, files))
                workers = await page.evaluate(
                    "import('/static/hashing/hashing.js').then((m) => m.defaultPoolSize())"
                )
                await browser.close()
        finally:
            await runner.cleanup()
    figure(
        "page_verify_package",
        statistics.median(pages),
        "s",
        "cunzheng verify --package",
        statistics.median(floors),
        files=count,
        size_mib=count,
        rounds=rounds,
        workers=workers,
        target_ratio=2,
    )
