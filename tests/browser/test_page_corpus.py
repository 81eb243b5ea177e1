"""The verdict corpus (tests/vectors/verdicts/) through the page's 核验 mode, as a judge
gives it: each case's files chosen with 选择文件 and its folder with 选择文件夹, hashed by
the page's pool of Web Workers, under the node's Content-Security-Policy, in Chinese and
English, on a desktop screen and a phone. Every case must show its expected verdict,
reason, notices and file statuses exactly. The page is served without a trust anchor (as
by a node without one), so a genesis is trusted only when the case gives it.

tests/js/verdicts.test.js runs the same corpus through judge() in node. A screenshot of
each kind of verdict goes to tests/artifacts/verdict-<verdict>-<language>-<profile>.png.
CUNZHENG_CORPUS_ROOT names another checkout to take the corpus from.
"""

import json
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web
from playwright.async_api import Browser, Page, Playwright, async_playwright

from cunzheng.node.api.web import add_web_routes
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.support.loopback import free_ports
from tests.support.page_driver import clear, give, new_context, open_page

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
CORPUS_ROOT = Path(os.environ.get("CUNZHENG_CORPUS_ROOT") or REPO)
VERDICTS = CORPUS_ROOT / "tests" / "vectors" / "verdicts"
CASES = sorted(p.name for p in VERDICTS.iterdir() if p.is_dir()) if VERDICTS.is_dir() else []
# Each case in both languages and on both screens: Chinese on a desktop, English on a phone
# (the other two pairings add a minute and no code path).
SETTINGS = [("zh-CN", "desktop"), ("en-US", "phone")]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.skipif(not CASES, reason=f"no verdict corpus in {CORPUS_ROOT}"),
    pytest.mark.asyncio(loop_scope="module"),
]


class Pages:
    """One page per language and screen, opened on first use and kept for the module."""

    def __init__(self, playwright: Playwright, browser: Browser, url: str) -> None:
        self.playwright, self.browser, self.url = playwright, browser, url
        self.pages: dict[tuple[str, str], Page] = {}
        self.screenshots: set[tuple[str, str, str]] = set()

    async def page(self, locale: str, profile: str) -> Page:
        """The page for `locale` on `profile`'s screen, with nothing given."""
        if (locale, profile) not in self.pages:
            context = await new_context(self.playwright, self.browser, locale, profile)
            self.pages[(locale, profile)] = await open_page(context, self.url)
        page = self.pages[(locale, profile)]
        await clear(page)
        return page


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def pages() -> AsyncIterator[Pages]:
    """The page served as a node without a trust anchor serves it, in headless chromium."""
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
            yield Pages(playwright, browser, f"http://127.0.0.1:{port}/")
            await browser.close()
    finally:
        await runner.cleanup()


def case_files(case: Path, inputs: dict[str, Any]) -> list[Path]:
    """The files of a case a judge would choose together: everything but the folder."""
    names = ("bundle", "genesis", "manifest", "disclosure", "file")
    return [case / inputs[name] for name in names if inputs[name] is not None]


@pytest.mark.parametrize(("locale", "profile"), SETTINGS)
@pytest.mark.parametrize("name", CASES)
async def test_the_page_shows_the_corpus_verdict(
    pages: Pages, name: str, locale: str, profile: str
) -> None:
    case = VERDICTS / name
    spec: dict[str, Any] = json.loads((case / "case.json").read_text("utf-8"))
    inputs = spec["inputs"]
    page = await pages.page(locale, profile)
    folder = None if inputs["folder"] is None else case / inputs["folder"]
    shown = await give(page, case_files(case, inputs), folder)
    text = shown.pop("text")
    assert shown == spec["expected"], text
    headline = text.splitlines()[0]
    passed = spec["expected"]["verdict"] in ("valid", "unconfirmed")
    assert headline.startswith("✔") == passed
    if passed:  # the block time by the proposer's clock is shown beside the stated time
        bundle = json.loads((case / inputs["bundle"]).read_text("utf-8"))
        assert _iso_utc(bundle["header"]["time_ms"]) in text
    assert ("有效" in headline) == (locale == "zh-CN" and spec["expected"]["verdict"] == "valid")
    kind = (spec["expected"]["verdict"], locale[:2], profile)
    if kind not in pages.screenshots:
        pages.screenshots.add(kind)
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"verdict-{kind[0]}-{kind[1]}-{profile}.png"
        await page.screenshot(path=str(path), full_page=True)


async def test_control_characters_in_a_record_are_shown_escaped(pages: Pages) -> None:
    # textContent injects no markup, but a right-to-left override still reorders what
    # follows it (docs/formats.md, "Plain text").
    case = VERDICTS / "meta_control_characters"
    inputs = json.loads((case / "case.json").read_text("utf-8"))["inputs"]
    page = await pages.page("en-US", "desktop")
    shown = await give(page, case_files(case, inputs))
    text = await page.locator("main").inner_text()
    assert shown["verdict"] == "valid"
    assert r"chat.\u202elmth" in text and r"\x1b[H\x1b[2J" in text
    assert "\u202e" not in text and "\x1b" not in text


def _iso_utc(time_ms: int) -> str:
    # as JavaScript's Date.prototype.toISOString writes it
    moment = datetime.fromtimestamp(time_ms / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{time_ms % 1000:03d}Z"
