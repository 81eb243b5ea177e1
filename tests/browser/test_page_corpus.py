"""The verdict corpus through the page's modules in Debian's headless chromium.

tests/js/verdicts.test.js runs the corpus (tests/vectors/verdicts/) through the page's judge
in node; this runs it through the same modules in the page itself, as a judge's browser
would: files fetched and made File objects, hashed by the page's pool of Web Workers with
hash-wasm, under the node's Content-Security-Policy. Each case must give its expected
verdict, reason, notices and file statuses exactly. CUNZHENG_CORPUS_ROOT names another
checkout to take the corpus and its rules.json from (as for tests/js/).
"""

import json
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web
from playwright.async_api import Page, async_playwright

from cunzheng.node.api.web import add_web_routes
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.support.loopback import free_ports

REPO = Path(__file__).resolve().parents[2]
CORPUS_ROOT = Path(os.environ.get("CUNZHENG_CORPUS_ROOT") or REPO)
VERDICTS = CORPUS_ROOT / "tests" / "vectors" / "verdicts"
RULES = CORPUS_ROOT / "node" / "api" / "static" / "rules.json"
CASES = sorted(p.name for p in VERDICTS.iterdir() if p.is_dir()) if VERDICTS.is_dir() else []

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.skipif(not CASES, reason=f"no verdict corpus in {CORPUS_ROOT}"),
    pytest.mark.asyncio(loop_scope="module"),
]

JUDGE_JS = """async ({ name, inputs, folder, rules }) => {
    const { judge } = await import('/static/core/evidence.js');
    const { HashPool } = await import('/static/hashing/hashing.js');
    const { PackageRules } = await import('/static/core/rules.js');
    const { Genesis } = await import('/static/core/validators.js');
    const url = (path) => `/corpus/${[name, ...path.split('/')].map(encodeURIComponent).join('/')}`;
    const fetched = async (path) => {
        const response = await fetch(url(path));
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
        return response;
    };
    const bytesOf = async (path) => (
        path === null ? null : new Uint8Array(await (await fetched(path)).arrayBuffer()));
    const fileOf = async (path) => (
        new File([await (await fetched(path)).blob()], path.split('/').pop()));
    const genesis = await bytesOf(inputs.genesis);
    const given = {
        bundle: await bytesOf(inputs.bundle),
        genesis: genesis === null ? null : Genesis.fromFileBytes(genesis),
        file: inputs.file === null ? null : await fileOf(inputs.file),
        folder: inputs.folder === null ? null : await Promise.all(folder.map(async (path) => (
            { path: path.normalize('NFC'), file: await fileOf(`${inputs.folder}/${path}`) }))),
        manifest: await bytesOf(inputs.manifest),
        disclosure: await bytesOf(inputs.disclosure),
    };
    const pool = new HashPool();
    try {
        const options = { digest: pool.digest, rules: PackageRules.fromJson(rules) };
        const finding = await judge(given, options);
        const { verdict, reason, notices, files } = finding;
        return { verdict, reason, notices, files, message: finding.error?.message ?? null };
    } finally {
        pool.close();
    }
}"""


async def _corpus_file(request: web.Request) -> web.FileResponse:
    """A file of the corpus (test route only: the node serves no such thing)."""
    path = (VERDICTS / request.match_info["path"]).resolve()
    if not path.is_relative_to(VERDICTS.resolve()) or not path.is_file():
        raise web.HTTPNotFound()
    return web.FileResponse(path)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def page() -> AsyncIterator[Page]:
    """The page served as a node serves it, plus the corpus, open in headless chromium."""
    app = web.Application()
    add_web_routes(app)
    app.router.add_get("/corpus/{path:.+}", _corpus_file)
    runner = web.AppRunner(app)
    await runner.setup()
    (port,) = free_ports(1)
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
            opened = await browser.new_page()
            await opened.goto(f"http://127.0.0.1:{port}/")
            await opened.wait_for_selector("body[data-ready=true]")
            yield opened
            await browser.close()
    finally:
        await runner.cleanup()


def _folder_paths(folder: Path) -> list[str]:
    # As on disk; the page makes package paths of them (NFC), as its folder picker does.
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("name", CASES)
async def test_the_page_gives_the_corpus_verdict(page: Page, name: str) -> None:
    case: dict[str, Any] = json.loads((VERDICTS / name / "case.json").read_text("utf-8"))
    inputs = case["inputs"]
    folder = [] if inputs["folder"] is None else _folder_paths(VERDICTS / name / inputs["folder"])
    rules = json.loads(RULES.read_text("utf-8"))
    found = await page.evaluate(
        JUDGE_JS, {"name": name, "inputs": inputs, "folder": folder, "rules": rules}
    )
    message = found.pop("message")
    assert found == case["expected"], message
