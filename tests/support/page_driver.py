"""Driving the page's 核验 mode in Debian's headless chromium as a person would: files and
folders given through its two buttons, the verdict read from what it shows.

The verdict section carries the contract's values (docs/verdicts.md) as data attributes:
data-verdict, data-reason, data-notices, data-no-later-than-ms when the bundle checked out,
and each file's data-status (and data-to); the
verdict part is aria-busy while a check runs.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, BrowserContext, Page, Playwright

VERDICT_TIMEOUT_MS = 30_000
SETTLED = "#verdict-part[aria-busy=false] > #verdict"
# Playwright's descriptor of a phone (a chromium one: the browser here is chromium).
PHONE = "Pixel 7"
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}

REMOVE_VERDICT_JS = "document.getElementById('verdict')?.remove()"
READ_VERDICT_JS = """() => {
    const box = document.getElementById('verdict');
    const files = [...box.querySelectorAll('li[data-status]')].map((li) => {
        const item = { path: li.querySelector('.path').textContent, status: li.dataset.status };
        if (li.dataset.to !== undefined) item.to = li.dataset.to;
        return item;
    });
    return {
        verdict: box.dataset.verdict,
        reason: box.dataset.reason,
        notices: box.dataset.notices ? box.dataset.notices.split(' ') : [],
        files: files.length ? files : null,
        no_later_than_ms: box.dataset.noLaterThanMs === undefined
            ? null : Number(box.dataset.noLaterThanMs),
        text: box.innerText,
    };
}"""


async def new_context(
    playwright: Playwright, browser: Browser, locale: str, profile: str, **options: Any
) -> BrowserContext:
    """A browser context in `locale` on a desktop screen, or on a phone (`profile` "phone":
    its viewport, touch, pixel ratio and user agent); `options` go to new_context as well
    (a time zone, say)."""
    if profile == "phone":
        device = dict(playwright.devices[PHONE])
        device.pop("default_browser_type", None)
        return await browser.new_context(locale=locale, **device, **options)
    return await browser.new_context(locale=locale, viewport=DESKTOP_VIEWPORT, **options)


async def open_page(context: BrowserContext, url: str) -> Page:
    """A page of `context` at `url`, once the page has started."""
    page = await context.new_page()
    await page.goto(url)
    await page.wait_for_selector("body[data-ready=true]")
    return page


async def give(page: Page, files: Sequence[Path], folder: Path | None = None) -> dict[str, Any]:
    """Choose `folder` (with 选择文件夹) and then `files` (with 选择文件) and return the
    verdict the page shows once the last check is done: verdict, reason, notices, each
    file's status (or None), and the verdict's text."""
    # A verdict shown now would satisfy the waits below before the check of what is given
    # starts: each input's wait is for the verdict that replaces a removed one.
    if folder is not None:
        await page.evaluate(REMOVE_VERDICT_JS)
        await page.set_input_files("#folder-input", str(folder))
        await page.wait_for_selector(SETTLED, timeout=VERDICT_TIMEOUT_MS)
    if files:
        await page.evaluate(REMOVE_VERDICT_JS)
        await page.set_input_files("#file-input", [str(path) for path in files])
    await page.wait_for_selector(SETTLED, timeout=VERDICT_TIMEOUT_MS)
    result: dict[str, Any] = await page.evaluate(READ_VERDICT_JS)
    return result


async def clear(page: Page) -> None:
    """Start again: 全部清除 when anything is given."""
    if await page.locator("#clear").is_visible():
        await page.click("#clear")
        await page.wait_for_selector("#verdict-part[aria-busy=false]", state="attached")
