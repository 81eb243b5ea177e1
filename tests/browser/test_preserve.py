"""The page's 存证 building blocks (node/api/static/preserve/) in Debian's headless chromium,
against a real one-notary node, and what they make checked by the real `cunzheng verify`.

Each test gets its own node (a fresh data directory, on a free port) and its own browser
context (its own IndexedDB). The modules are driven by tests/browser/preserve_harness.js,
served on the node's origin by Playwright. Every request the browser makes is recorded, and
none may carry a file's bytes or name or a word of the collection record: only the entry.
"""

import asyncio
import base64
import json
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, Request, Route, async_playwright

from cunzheng.ledger.keys import NodeKey
from cunzheng.ledger.validators import Genesis
from cunzheng.node.config import ApiSection, NodeConfig
from cunzheng.node.node import Node
from tests.node.conftest import FAST_PARAMS
from tests.support.chain_factory import make_genesis, notary_keys
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.support.loopback import free_ports
from tests.support.preserve_driver import answer_first_entry_busy
from tests.support.privacy import assert_only_the_entry_left
from tests.support.processes import REPO

HARNESS = REPO / "tests" / "support" / "preserve_harness.js"
FORM = {
    "operator": "李四",
    "device": "华为 Mate 60（序列号 ABC123）",
    "app": "微信",
    "app_version": "8.0.50",
    "started": "2026-11-20T14:30:00+08:00",
    "ended": "2026-11-20T15:05:00+08:00",
    "method": "逐页截图并导出聊天记录",
    "steps": ["打开与张三的聊天", "导出聊天记录"],
}
# (name, role, content) of the files a litigant adds, one input in this order.
FILES = [
    ("我的微信个人页.png", "owner_profile", b"\x89PNG owner profile page " * 40),
    ("张三的个人页.png", "counterparty_profile", b"\x89PNG counterparty profile " * 40),
    ("与张三的聊天记录.txt", "conversation", "张三：周五前我还你 5000 元。\n".encode() * 300),
    ("IMG_0042.jpg", "conversation", bytes(range(256)) * 50),
    ("语音_001.amr", "voice", b"#!AMR\n" + bytes(5000)),
    (".DS_Store", "other", b"Bud1 finder data"),
]

MANY_FILES = 150

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.asyncio(loop_scope="module"),
]


@dataclass
class LoneNode:
    """A one-notary node serving the API and the page; it can be stopped and started again
    on the same data directory and port, as a restarted node is."""

    directory: Path
    port: int
    key: NodeKey
    genesis: Genesis
    node: Node | None = None

    @property
    def url(self) -> str:
        """The node's page URL."""
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        """Start the node (consensus and API)."""
        self.node = Node(
            config=NodeConfig(api=ApiSection(listen=f"127.0.0.1:{self.port}")),
            key=self.key,
            genesis=self.genesis,
            data_dir=self.directory / "data",
        )
        await self.node.start_consensus()
        await self.node.serve_api()

    async def stop(self) -> None:
        """Stop the node; its data stays."""
        if self.node is not None:
            await self.node.stop()
            self.node = None


@pytest_asyncio.fixture(loop_scope="module")
async def lone_node(tmp_path: Path) -> AsyncIterator[LoneNode]:
    """A running one-notary node with its own data directory and port."""
    keys = notary_keys(1)
    (port,) = free_ports(1)
    running = LoneNode(tmp_path, port, keys[0], make_genesis(keys, params=FAST_PARAMS))
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Browser]:
    """Debian's chromium, headless, driven by Playwright."""
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield launched
        await launched.close()


@dataclass
class Litigant:
    """A page on the node, its file input holding FILES, and every request it made."""

    page: Page
    requests: list[Request] = field(default_factory=list)

    async def call(self, name: str, args: dict[str, Any] | None = None) -> Any:
        """Call the harness's function `name` in the page."""
        script = "async ([name, args]) => (await import('/preserve-harness.js'))[name](args)"
        return await self.page.evaluate(script, [name, args or {}])

    async def committed(self, entry_id: str, timeout: float = 30.0) -> dict[str, Any]:
        """The stored preservation of `entry_id` once it is committed."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            found = [record for record in await self.call("stored") if record["id"] == entry_id]
            if found and found[0]["status"] == "committed":
                record: dict[str, Any] = found[0]
                return record
            assert asyncio.get_running_loop().time() < deadline, f"not committed: {found}"
            await asyncio.sleep(0.2)

    async def seal_and_preserve(self, alg: str = "sha256") -> dict[str, Any]:
        """Seal FILES with FORM and preserve them; the harness's result."""
        args = {"inputId": "evidence", "roles": [role for _, role, _ in FILES], "form": FORM}
        result: dict[str, Any] = await self.call("sealAndPreserve", args | {"alg": alg})
        return result


async def _serve_harness(route: Route) -> None:
    await route.fulfill(body=HARNESS.read_bytes(), content_type="text/javascript")


@pytest_asyncio.fixture(loop_scope="module")
async def litigant(
    browser: Browser, lone_node: LoneNode, tmp_path: Path
) -> AsyncIterator[Litigant]:
    """A fresh browser context on the node's page, FILES chosen in a file input."""
    context = await browser.new_context(locale="zh-CN")
    await context.route("**/preserve-harness.js", _serve_harness)
    page = await context.new_page()
    opened = Litigant(page)
    page.on("request", lambda request: opened.requests.append(request))
    await page.goto(lone_node.url + "/")
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    for name, _, content in FILES:
        (chosen / name).write_bytes(content)
    await page.evaluate(
        """() => document.body.append(Object.assign(document.createElement('input'),
            { type: 'file', id: 'evidence', multiple: true }))"""
    )
    await page.set_input_files("#evidence", [str(chosen / name) for name, _, _ in FILES])
    yield opened
    await context.close()


def _cunzheng(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cunzheng.cli", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def _write_folder(root: Path, paths: list[str], names: list[str]) -> Path:
    """The litigant's evidence folder: each chosen file at its package path."""
    content = {name: data for name, _, data in FILES}
    for path, name in zip(paths, names, strict=True):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(content[name])
    return root


def _secrets() -> list[bytes]:
    """What must never leave the browser: the files' names and bytes, the form's words."""
    secrets = [name.encode() for name, _, _ in FILES] + [data[:32] for _, _, data in FILES]
    secrets += [value.encode() for value in FORM.values() if isinstance(value, str)]
    return secrets + [step.encode() for step in FORM["steps"]]


async def test_a_package_preserved_in_the_page_verifies_with_cunzheng(
    litigant: Litigant, lone_node: LoneNode, tmp_path: Path
) -> None:
    result = await litigant.seal_and_preserve()
    assert result["failure"] is None, result["failure"]
    record = result["record"]
    assert record["status"] == "committed" and record["error"] is None
    assert record["committed"]["signers"] == record["committed"]["notaries"] == 1
    assert record["receipt"]["notary"] == lone_node.key.name
    assert result["leftOut"] == ["其他/.DS_Store"]
    assert result["warnings"] == ["missing_screen_recording", "voice_without_transcript"]
    manifest = json.loads(result["text"])
    entry = {k: manifest["entry"][k] for k in ("digest", "alg", "kind", "meta")}
    assert_only_the_entry_left(litigant.requests, entry, _secrets())
    zipped = await litigant.call(
        "zipOf", {"id": record["id"], "certificate": "<p>证书</p>", "verifier": "<p>核验</p>"}
    )
    package = tmp_path / zipped["name"]
    package.write_bytes(base64.b64decode(zipped["bytes"]))
    folder = _write_folder(tmp_path / "证据", result["paths"], result["names"])
    genesis = tmp_path / "trusted-genesis.json"
    genesis.write_text(lone_node.genesis.to_file_text(), "utf-8")
    verdict = _cunzheng("verify", package, "--package", folder, "--genesis", genesis, "--json")
    assert verdict.returncode == 0, verdict.stderr
    found = json.loads(verdict.stdout)
    assert (found["verdict"], found["reason"]) == ("valid", "ok")
    assert all(item["status"] == "unchanged" for item in found["files"])
    # The same folder and manifest, with the bundle the page kept, as `seal` would leave them.
    (tmp_path / "manifest.json").write_text(result["text"], "utf-8")
    (tmp_path / "manifest.bundle.json").write_text(record["bundle"], "utf-8")
    again = _cunzheng("verify", tmp_path / "manifest.bundle.json", "--package", folder, "--json")
    assert json.loads(again.stdout)["verdict"] == "unconfirmed", again.stderr


async def test_a_busy_node_is_waited_for_as_it_asks(
    litigant: Litigant, lone_node: LoneNode
) -> None:
    answered = await answer_first_entry_busy(litigant.page, 2)
    result = await litigant.seal_and_preserve("sm3")
    assert result["failure"] is None, result["failure"]
    assert result["record"]["status"] == "committed"
    assert result["countdown"] == [2, 1, 0]
    assert answered == [503]


async def test_a_preservation_cut_short_is_resumed_after_a_reload(
    litigant: Litigant, lone_node: LoneNode
) -> None:
    # The entry reaches the node, but its answer never reaches the page.
    async def answer_lost(route: Route) -> None:
        await route.fetch()
        await route.abort("connectionreset")

    await litigant.page.route("**/v1/entries", answer_lost)
    cut = await litigant.seal_and_preserve()
    assert cut["failure"]["name"] == "NodeUnreachable"
    (stored,) = await litigant.call("stored")
    assert stored["id"] == cut["id"] and stored["status"] == "submitting"
    assert stored["manifest"] == cut["text"] and stored["error"]["code"] == "failed"
    await litigant.page.unroute("**/v1/entries")
    await litigant.page.reload()  # the page takes its pending preservations up by itself
    resumed = await litigant.committed(cut["id"])
    assert resumed["error"] is None and resumed["manifest"] == cut["text"]
    assert lone_node.node is not None
    assert lone_node.node.store.ledger_size == 1, "sent twice, recorded once"


async def test_a_preservation_survives_a_node_restart(
    litigant: Litigant, lone_node: LoneNode
) -> None:
    # The page sees the receipt, then loses the node before it sees the commit.
    await litigant.page.route("**/v1/entries/*", lambda route: route.abort("connectionrefused"))
    cut = await litigant.seal_and_preserve()
    assert cut["failure"]["name"] == "NodeUnreachable"
    (stored,) = await litigant.call("stored")
    assert stored["status"] == "receipted" and stored["receipt"]["notary"] == lone_node.key.name
    await lone_node.stop()
    await litigant.page.unroute("**/v1/entries/*")
    (down,) = await litigant.call("resume")
    assert down["status"] == "receipted" and down["error"]["code"] == "failed", "the node is down"
    await lone_node.start()
    await litigant.page.reload()  # the page takes its pending preservations up by itself
    resumed = await litigant.committed(cut["id"])
    assert resumed["bundle"]


async def test_a_package_of_many_files_is_hashed_without_stalling(
    litigant: Litigant, tmp_path: Path
) -> None:
    # Chromium's file streams stalled now and then in the pool's workers (hash-stream.js).
    many = tmp_path / "many"
    many.mkdir()
    for number in range(MANY_FILES):
        (many / f"截图_{number:03d}.png").write_bytes(number.to_bytes(4, "big") * 25_000)
    await litigant.page.evaluate(
        """() => document.body.append(Object.assign(document.createElement('input'),
            { type: 'file', id: 'many', multiple: true }))"""
    )
    await litigant.page.set_input_files("#many", sorted(str(p) for p in many.iterdir()))
    args = {"inputId": "many", "roles": ["conversation"] * MANY_FILES, "form": FORM}
    result = await asyncio.wait_for(
        litigant.call("sealAndPreserve", args | {"alg": "sha256"}), timeout=90
    )
    assert result["failure"] is None and result["record"]["status"] == "committed"
    assert len(result["paths"]) == MANY_FILES
