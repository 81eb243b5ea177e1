"""The page's 存证 mode as a litigant uses it, in Debian's headless chromium, against a real
4-notary devnet of node processes on loopback (one for the module).

A chat record (tests/support/evidence_fixture.py: profile pages, the conversation, a voice
message and its transcript, a transfer, a screen recording) is added step by step, the
collection record typed, sealed and preserved, on a phone in Chinese and on a desktop in
English; its 存证包 is checked by the real `cunzheng verify` and `cunzheng certificate`. Then
what must not lose anything: a tab closed between receipt and commit, the node SIGKILLed
between its acknowledgement and the commit, a busy node (503 with Retry-After: a proxy route
in the browser, since a tiny mempool would need the consortium stalled), a 1 GiB recording
hashed with bounded memory and cancelled; keyboard-only use; the page's weight on a phone;
and 核验 mode taking a folder sealed by `cunzheng seal`. Every request is recorded and
checked: only the entry leaves the browser. Screenshots of each step go to
tests/artifacts/preserve-*-<lang>-<screen>.png.
"""

import asyncio
import json
import subprocess
import sys
import urllib.request
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import (
    Browser,
    BrowserContext,
    FileChooser,
    Page,
    Playwright,
    Request,
    Route,
    async_playwright,
)
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from tests.support.browser_memory import chromium_pss
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.support.consortium import Consortium
from tests.support.evidence_fixture import write_chat_record
from tests.support.page_driver import VERDICT_TIMEOUT_MS, give, new_context, open_page
from tests.support.page_weight import page_load
from tests.support.preserve_driver import (
    FIRST_STEP,
    PRESERVE_TIMEOUT_MS,
    PRESERVED,
    add_files,
    answer_first_entry_busy,
    download_package,
    evidence_folder,
    fill_form,
    manifest_of,
    open_preserve,
    package_members,
    stages,
    stored,
)
from tests.support.privacy import assert_only_the_entry_left
from tests.support.processes import REPO, eventually, http_json

ARTIFACTS = REPO / "tests" / "artifacts"
LOCALES = {"zh": "zh-CN", "en": "en-US"}
TIME_ZONE = "Asia/Shanghai"
# The collection record as typed (times as a datetime-local input takes them), and as sealed.
FORM = {
    "operator": "李四（本人）",
    "device": "华为 Mate 60（序列号 ABC123）",
    "app": "微信",
    "app_version": "8.0.50",
    "started": "2026-11-20T14:30",
    "ended": "2026-11-20T15:05",
    "method": "全程录屏，逐屏截图，并导出聊天记录",
    "steps": ["打开与张三的聊天", "从 2026-10-28 起逐屏截图", "导出聊天记录"],
}
SEALED_TIMES = {"started": "2026-11-20T14:30:00+08:00", "ended": "2026-11-20T15:05:00+08:00"}
GIB = 1024**3
MEMORY_BOUND = 128 * 1024**2  # as bench/page.py's page_hash_memory target
CHOOSER_WAIT_MS = 5_000
PAGE_WEIGHT_BOUND = 300_000  # bytes over the wire before the first step is usable

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.asyncio(loop_scope="module"),
]


@dataclass(frozen=True)
class Devnet:
    """The running consortium, the page's node (the first) and the trusted genesis file."""

    consortium: Consortium
    genesis_file: Path

    @property
    def url(self) -> str:
        """The page's node."""
        return self.consortium.urls[0]

    def ready(self) -> bool:
        """Whether every node is in step with the others."""
        return all(self.consortium.ready(index) for index in range(4))


@pytest.fixture(scope="module")
def devnet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Devnet]:
    """Four notary node processes on free loopback ports."""
    root = tmp_path_factory.mktemp("devnet")
    consortium = Consortium(root)
    consortium.start()
    genesis_file = root / "genesis.json"
    genesis_file.write_text(consortium.genesis.to_file_text(), "utf-8")
    running = Devnet(consortium, genesis_file)
    try:
        eventually(running.ready, 60, "the devnet to be ready")
        yield running
    finally:
        consortium.stop()


@dataclass(frozen=True)
class Chromium:
    """Playwright (its device descriptors) and the browser."""

    playwright: Playwright
    browser: Browser

    async def context(self, lang: str, screen: str) -> BrowserContext:
        """A fresh context (its own IndexedDB) in `lang` on a `screen` ("phone", "desktop")."""
        return await new_context(
            self.playwright, self.browser, LOCALES[lang], screen, timezone_id=TIME_ZONE
        )


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def chromium() -> AsyncIterator[Chromium]:
    """Debian's chromium, headless, driven by Playwright."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield Chromium(playwright, browser)
        await browser.close()


async def _shot(page: Page, step: str, lang: str, screen: str, near: str | None = None) -> None:
    """The whole page, or the screen a person sees with `near` (a selector) scrolled to."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"preserve-{step}-{lang}-{screen}.png"
    if near is not None:
        await page.locator(near).first.scroll_into_view_if_needed()
    await page.screenshot(path=path, full_page=near is None)


def _cunzheng(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cunzheng.cli", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        body: bytes = response.read()
        return body


def _entry_of(manifest: dict[str, Any]) -> dict[str, Any]:
    return {key: manifest["entry"][key] for key in ("digest", "alg", "kind", "meta")}


def _secrets(added: dict[str, Path]) -> list[bytes]:
    """What must never leave the browser: names and bytes of the files, the form's words."""
    secrets = [path.name.encode() for path in added.values()]
    secrets += [path.stem.encode() for path in added.values()]
    secrets += [path.read_bytes()[-48:] for path in added.values()]
    texts = [value for value in FORM.values() if isinstance(value, str)] + list(FORM["steps"])
    return secrets + [text.encode() for text in texts]


async def _add_chat_record(page: Page, added: dict[str, Path]) -> None:
    for role, path in added.items():
        await add_files(page, role, [path])


async def _says(page: Page, words: str) -> None:
    """Wait until the line under the preservation's steps says `words`."""
    await page.wait_for_function(
        "(words) => document.getElementById('run-message').textContent.includes(words)", arg=words
    )


def _item(entry_id: str) -> str:
    """This browser's preservation of `entry_id` in the list."""
    return f"#preservation-list li[data-id='{entry_id}']"


async def _seal_and_wait(page: Page) -> None:
    await page.click("#seal")
    await page.wait_for_selector(PRESERVED, timeout=PRESERVE_TIMEOUT_MS)


@pytest.mark.parametrize(("lang", "screen"), [("zh", "phone"), ("en", "desktop")])
async def test_a_litigant_preserves_a_chat_record_and_leaves_with_a_package_cunzheng_accepts(
    chromium: Chromium, devnet: Devnet, tmp_path: Path, lang: str, screen: str
) -> None:
    context = await chromium.context(lang, screen)
    requests: list[Request] = []
    context.on("request", lambda request: requests.append(request))
    page = await open_preserve(context, devnet.url)
    heading = {"zh": "一、添加证据文件", "en": "1. Add the evidence files"}[lang]
    assert await page.inner_text("#evidence-steps h2") == heading
    await _shot(page, "01-start", lang, screen)

    added = write_chat_record(tmp_path / "证据")
    recording = added.pop("screen_recording")
    await _add_chat_record(page, added)
    finder = tmp_path / "mac" / ".DS_Store"
    finder.parent.mkdir()
    finder.write_bytes(b"Bud1 finder data")
    await add_files(page, "other", [finder])
    spare = tmp_path / "多余的截图.png"
    spare.write_bytes(b"\x89PNG not this one")
    await add_files(page, "image", [spare])
    warnings = page.locator("#court-warnings li")
    assert await warnings.evaluate_all("(items) => items.map((li) => li.dataset.warning)") == [
        "missing_screen_recording"
    ]
    assert ".DS_Store" in await page.inner_text("#step-other .left-out")
    assert await page.locator("#files-other li").count() == 0, "the OS file is left out"
    await _shot(page, "02-steps-with-a-warning", lang, screen, "#court-warnings")
    await page.click("#files-image li button.remove")
    assert await page.locator("#files-image li").count() == 0
    added["screen_recording"] = recording
    await add_files(page, "screen_recording", [recording])
    await page.wait_for_selector("#court-warnings", state="hidden")
    sizes = await page.locator("#files-screen_recording .file-size").all_inner_texts()
    assert sizes == ["300.0 KiB"]

    await fill_form(page, FORM | {"ended": "2026-11-20T14:00"})  # before it started
    await page.click("#seal")
    error = page.locator("#collection-ended-error")
    await error.wait_for(state="visible")
    assert await page.get_attribute("#collection-ended", "aria-invalid") == "true"
    assert await page.evaluate("document.activeElement.id") == "collection-ended"
    assert not await page.locator("#stages").is_visible(), "nothing was sealed"
    await _shot(page, "03-form-error", lang, screen, "#collection-ended")
    await fill_form(page, {"ended": FORM["ended"]})

    await _seal_and_wait(page)
    assert set((await stages(page)).values()) == {"done"}
    sentence = await page.inner_text("#done-sentence")
    assert {"zh": "4 个公证节点中的", "en": "of 4 notaries"}[lang] in sentence
    await _shot(page, "04-preserved", lang, screen, "#preserved")

    package = await download_package(page, "#download-package", tmp_path)
    assert package.name.startswith("存证包-") and package.suffix == ".zip"
    members = package_members(package)
    assert list(members) == [
        "README.txt",
        "manifest.json",
        "proof.cunzheng.json",
        "certificate.html",
        "verifier.html",
        "genesis.json",
    ]
    manifest = manifest_of(members)
    assert manifest["collection"] | {"salt": None} == {
        "salt": None,
        **{k: v for k, v in FORM.items() if k != "steps"},
        **SEALED_TIMES,
        "steps": FORM["steps"],
    }
    assert sorted(item["role"] for item in manifest["files"]) == sorted(added)
    assert members["verifier.html"] == _get(f"{devnet.url}/verifier.html")
    assert members["genesis.json"] == _get(f"{devnet.url}/v1/genesis")

    folder = evidence_folder(manifest, added, tmp_path / "judge" / "证据")
    verdict = _cunzheng(
        "verify", package, "--package", folder, "--genesis", devnet.genesis_file, "--json"
    )
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr
    found = json.loads(verdict.stdout)
    assert (found["verdict"], found["reason"]) == ("valid", "ok")
    assert {item["status"] for item in found["files"]} == {"unchanged"}
    # The certificate inside is what `cunzheng certificate` writes for the same record.
    for name in ("proof.cunzheng.json", "manifest.json"):
        (tmp_path / name).write_bytes(members[name])
    written = tmp_path / "certificate.html"
    made = _cunzheng(
        "certificate", tmp_path / "proof.cunzheng.json", "--manifest", tmp_path / "manifest.json",
        "--genesis", devnet.genesis_file, "--page-url", f"{devnet.url}/", "--out", written,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert members["certificate.html"] == written.read_bytes()

    assert_only_the_entry_left(requests, _entry_of(manifest), _secrets(added))

    again = await open_preserve(context, devnet.url)
    item = again.locator(_item(manifest["id"]))
    await item.wait_for()
    assert await item.get_attribute("data-status") == "committed"
    await _shot(again, "05-this-browsers-preservations", lang, screen, "#preservations")
    await context.close()


async def _tab_to(page: Page, selector: str, limit: int = 200) -> None:
    """Press Tab until the element `selector` names has the focus."""
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if await page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"{selector} never got the focus in {limit} presses of Tab")


async def _open_chooser_with_space(page: Page) -> FileChooser:
    """The file chooser that Space opens on the focused file input. Headless chromium now
    and then reports no chooser for a press after a consortium has served earlier tests (it
    did even in a browser of its own, and never with a console listener attached); a second
    press, still on the keyboard, opens it."""
    for wait_ms in (CHOOSER_WAIT_MS, VERDICT_TIMEOUT_MS):
        try:
            async with page.expect_file_chooser(timeout=wait_ms) as chooser:
                await page.keyboard.press("Space")
            return await chooser.value
        except PlaywrightTimeoutError:
            continue
    raise AssertionError("Space on the focused file input opened no file chooser")


async def test_the_flow_can_be_done_with_the_keyboard_alone(
    chromium: Chromium, devnet: Devnet, tmp_path: Path
) -> None:
    context = await chromium.context("zh", "desktop")
    page = await open_preserve(context, devnet.url)
    added = write_chat_record(tmp_path / "证据", omit={"voice", "voice_transcript"})
    for role, path in added.items():
        await _tab_to(page, f"#add-files-{role}")
        chooser = await _open_chooser_with_space(page)
        await chooser.set_files(str(path))
        await page.locator(f"#files-{role} li").wait_for()
    await _tab_to(page, "#collection-operator")
    await page.keyboard.type(FORM["operator"])
    await _tab_to(page, "#collection-method")
    await page.keyboard.type(FORM["method"])
    await _tab_to(page, "#seal")
    await page.keyboard.press("Enter")
    await page.wait_for_selector(PRESERVED, timeout=PRESERVE_TIMEOUT_MS)
    await _tab_to(page, "#download-package")
    await _shot(page, "06-keyboard", "zh", "desktop", "#download-package")
    async with page.expect_download() as started:
        await page.keyboard.press("Enter")
    members = package_members(Path(await (await started.value).path()))
    manifest = manifest_of(members)
    assert manifest["collection"]["operator"] == FORM["operator"]
    assert len(manifest["files"]) == len(added)
    await context.close()


async def test_a_tab_closed_between_receipt_and_commit_gets_its_package_when_reopened(
    chromium: Chromium, devnet: Devnet, tmp_path: Path
) -> None:
    context = await chromium.context("en", "phone")
    page = await open_preserve(context, devnet.url)
    # This tab never hears of the commit: its polls of the entry's state are refused.
    await page.route("**/v1/entries/*", lambda route: route.abort("connectionrefused"))
    added = write_chat_record(tmp_path / "证据", omit={"screen_recording"})
    await _add_chat_record(page, added)
    await page.click("#seal")
    await page.wait_for_selector("#stages li[data-stage=receipted][data-state=done]")
    (record,) = await stored(page)
    assert record["status"] == "receipted" and record["receipt"] is not None
    await _shot(page, "07-receipted-then-closed", "en", "phone", "#stages")
    await page.close()

    reopened = await open_preserve(context, devnet.url)
    item = f"{_item(record['id'])}[data-status=committed]"
    await reopened.wait_for_selector(item, timeout=PRESERVE_TIMEOUT_MS)
    await _shot(reopened, "08-reopened-committed", "en", "phone", "#preservations")
    package = await download_package(reopened, f"{item} button", tmp_path)
    members = package_members(package)
    assert members["manifest.json"].decode() == record["manifest"]
    assert json.loads(members["proof.cunzheng.json"])["id"] == record["id"]
    await context.close()


async def test_a_node_killed_after_acknowledging_loses_nothing(
    chromium: Chromium, devnet: Devnet, tmp_path: Path
) -> None:
    context = await chromium.context("zh", "desktop")
    page = await open_preserve(context, devnet.url)
    posts: list[int] = []

    async def kill_after_acknowledging(route: Route) -> None:
        answer = await route.fetch()  # the node has made the entry durable and signed
        posts.append(answer.status)
        await asyncio.to_thread(devnet.consortium.kill, 0)
        await route.fulfill(response=answer)

    await page.route("**/v1/entries", kill_after_acknowledging)
    added = write_chat_record(tmp_path / "证据", omit={"voice", "voice_transcript"})
    await _add_chat_record(page, added)
    await page.click("#seal")
    await page.wait_for_selector("#stages li[data-stage=receipted][data-state=done]")
    await _says(page, "连不上")
    await _shot(page, "09-node-down", "zh", "desktop", "#run-message")
    (record,) = await stored(page)
    await asyncio.to_thread(devnet.consortium.start, 0)
    await page.click(f"{_item(record['id'])} button")  # 立即重试
    await page.wait_for_selector(PRESERVED, timeout=PRESERVE_TIMEOUT_MS)
    assert posts == [202], "acknowledged once, never sent again"
    for url in devnet.consortium.urls:
        state = http_json(f"{url}/v1/entries/{record['id']}")[1]
        assert state["status"] == "committed", (url, state)
    eventually(devnet.ready, 60, "the devnet to be ready again")
    await context.close()


async def test_a_busy_node_is_waited_for_with_a_countdown(
    chromium: Chromium, devnet: Devnet, tmp_path: Path
) -> None:
    context = await chromium.context("zh", "phone")
    page = await open_preserve(context, devnet.url)
    answered = await answer_first_entry_busy(page, 3)
    added = write_chat_record(tmp_path / "证据", omit={"screen_recording", "voice"})
    await _add_chat_record(page, added)
    await page.click("#seal")
    await _says(page, "公证节点正忙，3 秒后自动重试")
    await _shot(page, "10-busy-countdown", "zh", "phone", "#run-message")
    await _says(page, "2 秒后")
    await page.wait_for_selector(PRESERVED, timeout=PRESERVE_TIMEOUT_MS)
    assert answered == [503]
    await context.close()


async def test_a_1_gib_recording_is_hashed_on_a_phone_in_bounded_memory_and_cancelled(
    chromium: Chromium, devnet: Devnet, tmp_path: Path
) -> None:
    context = await chromium.context("zh", "phone")
    requests: list[Request] = []
    context.on("request", lambda request: requests.append(request))
    page = await open_preserve(context, devnet.url)
    recording = tmp_path / "取证过程录屏.mp4"
    with recording.open("wb") as file:
        file.write(b"\x00\x00\x00\x20ftypisom")
        file.truncate(GIB)  # sparse: nothing written to disk
    await add_files(page, "screen_recording", [recording])
    assert await page.inner_text("#files-screen_recording .file-size") == "1.0 GiB"
    await asyncio.sleep(0.5)  # let the input settle before the baseline
    baseline = peak = chromium_pss()
    await page.click("#seal")
    bar = page.locator("#seal-bar")
    await bar.wait_for(state="visible")
    while int(await bar.get_attribute("value") or 0) < 150:  # 15 % hashed
        peak = max(peak, chromium_pss())
        await asyncio.sleep(0.2)
    assert "取证过程录屏.mp4" in await page.inner_text("#seal-hashing")
    assert "MB/s" in await page.inner_text("#seal-progress-text")
    await _shot(page, "11-hashing-1gib", "zh", "phone", "#seal-progress")
    assert peak - baseline <= MEMORY_BOUND, f"chromium grew by {(peak - baseline) >> 20} MiB"
    await page.click("#cancel-seal")
    await _says(page, "已取消封存")
    await _shot(page, "12-cancelled", "zh", "phone", "#run-message")
    assert await page.locator("#seal").is_visible()
    assert await page.locator("#add-files-screen_recording").is_enabled()
    assert await stored(page) == [], "nothing was stored"
    assert [r for r in requests if r.method != "GET"] == [], "nothing was sent"
    await context.close()


async def test_the_page_is_light_on_a_phone(chromium: Chromium, devnet: Devnet) -> None:
    context = await chromium.context("zh", "phone")
    load = await page_load(context, f"{devnet.url}/#preserve", FIRST_STEP)
    print(f"page load: {load.encoded_bytes} bytes over the wire, {load.decoded_bytes} decoded")
    assert load.encoded_bytes <= PAGE_WEIGHT_BOUND, load
    assert load.encoded_bytes < load.decoded_bytes / 2, "text is sent compressed"
    await context.close()


async def test_verify_mode_accepts_a_folder_sealed_by_cunzheng_seal(
    chromium: Chromium, devnet: Devnet, tmp_path: Path
) -> None:
    folder = tmp_path / "证据"
    write_chat_record(folder)
    manifest = tmp_path / "manifest.json"
    sealed = _cunzheng(
        "seal", folder, "--out", manifest, "--node", devnet.url, "--operator", FORM["operator"]
    )
    assert sealed.returncode == 0, sealed.stderr
    bundle = tmp_path / "manifest.bundle.json"
    context = await chromium.context("en", "desktop")
    page = await open_page(context, f"{devnet.url}/#verify")
    found = await give(page, [bundle, manifest], folder)
    assert (found["verdict"], found["reason"]) == ("valid", "ok"), found["text"]
    assert {item["status"] for item in found["files"]} == {"unchanged"}
    await context.close()
