"""Driving the page's 存证 mode in Debian's headless chromium as a litigant would: files
added through each step's buttons, the collection record typed into its form, sealed with
one button, the 存证包 downloaded, and the folder a judge would be given laid out from it.

Besides its words, the page shows its state in attributes: each stage of the preservation
under way is `#stages li[data-stage][data-state]` (done, now, todo), `#preserved` shows once
it is committed, and each of this browser's preservations is `#preservation-list
li[data-id][data-status]`.
"""

import json
import shutil
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from playwright.async_api import BrowserContext, Page, Route

from tests.support.page_driver import open_page

PRESERVED = "#preserved:not([hidden])"
# The first step's 添加文件 button, shown: the page is usable.
FIRST_STEP = "#add-files-owner_profile + span"
PRESERVE_TIMEOUT_MS = 60_000
# Every stored preservation, read through the page's own store module.
STORED_JS = """async () => {
    const { PreservationStore } = await import('/static/preserve/store.js');
    const store = await PreservationStore.open();
    const all = await store.list();
    store.close();
    return all;
}"""


BUSY = {"error": {"code": "mempool_full", "message": "the mempool is full; retry later"}}


async def answer_first_entry_busy(page: Page, retry_after_s: int) -> list[int]:
    """Make the node's first answer to the page's `POST v1/entries` a 503 with Retry-After
    (a full mempool); the list returned gets 503 once that answer is given. Later requests
    reach the node."""
    answered: list[int] = []

    async def first_busy(route: Route) -> None:
        if route.request.method == "POST" and not answered:
            answered.append(503)
            await route.fulfill(status=503, json=BUSY, headers={"Retry-After": str(retry_after_s)})
        else:
            await route.continue_()

    await page.route("**/v1/entries", first_busy)
    return answered


async def open_preserve(context: BrowserContext, url: str) -> Page:
    """A new page of `context` on the node's page at `url`, in 存证 mode."""
    page = await open_page(context, f"{url}/#preserve")
    await page.wait_for_selector("#evidence-steps", state="visible")
    return page


async def add_files(page: Page, role: str, paths: Sequence[Path]) -> None:
    """Add `paths` under the step of `role` with its 添加文件 button's input."""
    await page.set_input_files(f"#add-files-{role}", [str(path) for path in paths])


async def fill_form(page: Page, values: Mapping[str, str | Sequence[str]]) -> None:
    """Type the collection record: each field by name; `steps` a list, one a line; times as
    a datetime-local input takes them (2026-11-20T14:30)."""
    for name, value in values.items():
        text = value if isinstance(value, str) else "\n".join(value)
        await page.fill(f"#collection-{name}", text)


async def stages(page: Page) -> dict[str, str]:
    """Each stage of the preservation under way and its state."""
    found: dict[str, str] = await page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#stages li')]
            .map((li) => [li.dataset.stage, li.dataset.state]))"""
    )
    return found


async def stored(page: Page) -> list[dict[str, Any]]:
    """Every preservation this browser holds, the newest first."""
    found: list[dict[str, Any]] = await page.evaluate(STORED_JS)
    return found


async def download_package(page: Page, button: str, folder: Path) -> Path:
    """Press `button` (a selector) and save the download in `folder` under its own name."""
    async with page.expect_download() as started:
        await page.click(button)
    download = await started.value
    path = folder / download.suggested_filename
    await download.save_as(path)
    return path


def package_members(path: Path) -> dict[str, bytes]:
    """The members of a 存证包 (.zip), in their order."""
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def evidence_folder(manifest: Mapping[str, Any], added: Mapping[str, Path], folder: Path) -> Path:
    """The folder the litigant keeps, laid out as the manifest lists it: each listed file is
    the one added under its role with its name (`added`: role -> file). Raises KeyError for
    a listed file that was not added."""
    for item in manifest["files"]:
        target = folder / item["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        source = added[item["role"]]
        assert target.name == source.name, f"{item['path']} is not {source}"
        shutil.copyfile(source, target)
    return folder


def manifest_of(members: Mapping[str, bytes]) -> dict[str, Any]:
    """The manifest of a 存证包's members."""
    manifest: dict[str, Any] = json.loads(members["manifest.json"])
    return manifest
