"""The page's 核验 mode in Debian's headless chromium, against a real one-notary node.

One node and one browser serve the whole module: the node commits a chat export, a 9 MiB
recording, three other digests and a sealed package, so that inclusion proofs have hashes to
tamper with and the package can be looked up by its manifest. Each test opens a fresh page
(its own browser context). Screenshots go to tests/artifacts/page-*.png.
"""

import asyncio
import base64
import hashlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from hashlib import sha256
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import aiohttp
import pytest
import pytest_asyncio
from click.testing import CliRunner
from playwright.async_api import Browser, BrowserContext, Page, Request, Route, async_playwright

from cunzheng.cli.certificate_cmd import certificate_command
from cunzheng.ledger.block import Header
from cunzheng.ledger.collection import CollectionRecord
from cunzheng.ledger.disclosure import disclose
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.existence_time import no_later_than_ms
from cunzheng.ledger.finality import precommit_for
from cunzheng.ledger.hashing import leaf_hash, node_hash
from cunzheng.ledger.keys import VOTE_SIGNATURE_TAG, key_hash, vkey
from cunzheng.ledger.manifest import Manifest, write_manifest
from cunzheng.ledger.package import seal_directory
from cunzheng.ledger.validators import Publication, Validator, ValidatorSet
from cunzheng.node.config import ApiSection, NodeConfig
from cunzheng.node.node import Node
from tests.support.chain_factory import build_chain, make_genesis, notary_keys, sample_entry
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.support.evidence_fixture import counting_salts
from tests.support.fast_node import FAST_PARAMS, wait_for_height
from tests.support.loopback import free_ports
from tests.support.page_driver import SETTLED, VERDICT_TIMEOUT_MS, clear, give, open_page

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
VECTORS = REPO / "tests" / "vectors"
CHUNK = 4 * 1024 * 1024

EVIDENCE_TEXT = (
    "微信聊天记录导出 2026-11-20\n张三：周五前我还你 5000 元。\n李四：好，我等你。\n" * 200
).encode()
RECORDING_SIZE = 9 * 1024 * 1024 + 12_345  # three chunks, the last one partial
PUBLICATION = Publication(
    "https://consortium.example/genesis.json",
    (("notary-a", "示例公证处"),),
    (("notary-a", "office@notary-a.example"),),
)
# What must never leave the browser: names and contents of the package's files, and its
# collection record (tests of privacy look for each in every request).
SECRET_FILES = {
    "聊天/机密聊天记录甲.html": "<p>机密内容甲：借款五千元</p>".encode(),
    "截图/机密截图乙.png": b"\x89PNG secret-bytes-B " * 40,
    "语音/机密语音丙.amr": b"#!AMR secret-bytes-C " * 40,
}
SECRET_COLLECTION = CollectionRecord(
    operator="保密操作人赵六", device="保密设备型号", method="保密收集方法", steps=("保密步骤一",)
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is not installed at /usr/bin/chromium (make system-deps)",
    ),
    pytest.mark.asyncio(loop_scope="module"),
]


def _recording_bytes() -> bytes:
    """A 9 MiB file whose bytes differ across chunks (a repeated pattern could hide bugs)."""
    block = sha256(b"recording").digest() * 2048  # 64 KiB
    parts = [sha256(i.to_bytes(4, "big")).digest() + block for i in range(RECORDING_SIZE // 65568)]
    data = b"".join(parts)
    return (data + block * 200)[:RECORDING_SIZE]


@dataclass(frozen=True)
class Site:
    """The running node, its URL and the files the tests check."""

    url: str
    node: Node
    directory: Path
    evidence: Path
    recording: Path
    evidence_id: str
    package: Path  # the sealed folder
    manifest: Path
    disclosure: Path  # of the package's first file
    package_id: str

    async def bundle(self, entry_id: str | None = None) -> dict[str, Any]:
        """The proof bundle of `entry_id` (the evidence's by default) as this node serves it."""
        url = f"{self.url}/v1/proofs/{entry_id or self.evidence_id}"
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            assert response.status == 200
            result: dict[str, Any] = await response.json()
            return result

    def write(self, name: str, data: bytes | dict[str, Any]) -> Path:
        """Write a file for the browser to pick up; a dict is written as JSON."""
        path = self.directory / name
        path.write_bytes(data if isinstance(data, bytes) else json.dumps(data).encode())
        return path


async def _committed(node: Node, count: int) -> None:
    while node.store.ledger_size < count:
        await wait_for_height(node, node.store.height + 1)


def _sealed_package(directory: Path) -> Manifest:
    folder = directory / "机密证据包"
    for path, data in SECRET_FILES.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    return seal_directory(
        folder, alg="sha256", salt_source=counting_salts(), collection=SECRET_COLLECTION, roles={}
    ).manifest


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def site(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Site]:
    """A one-notary node serving the API and the page on a free port, with entries committed."""
    directory = tmp_path_factory.mktemp("web")
    (port,) = free_ports(1)
    keys = notary_keys(1)
    node = Node(
        config=NodeConfig(api=ApiSection(listen=f"127.0.0.1:{port}")),
        key=keys[0],
        genesis=make_genesis(keys, params=FAST_PARAMS, publication=PUBLICATION),
        data_dir=directory / "data",
    )
    await node.start_consensus()
    await node.serve_api()
    url = f"http://127.0.0.1:{port}"
    evidence = directory / "聊天记录.txt"
    evidence.write_bytes(EVIDENCE_TEXT)
    recording = directory / "recording.mp4"
    recording.write_bytes(_recording_bytes())
    manifest = _sealed_package(directory)
    write_manifest(directory / "manifest.json", manifest)
    first = sorted(SECRET_FILES)[0]
    (directory / "one.disclosure.json").write_text(json.dumps(disclose(manifest, first)), "utf-8")
    package_entry = {k: v for k, v in manifest.entry.to_json().items() if v is not None}
    entries = [
        {
            "digest": sha256(EVIDENCE_TEXT).hexdigest(),
            "kind": "chat-export",
            "meta": {"案号": "（2026）京0491民初1号"},
        },
        {"digest": sha256(recording.read_bytes()).hexdigest()},
        *({"digest": sha256(f"other {n}".encode()).hexdigest()} for n in range(3)),
        package_entry,
    ]
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.post(f"{url}/v1/entries", json={"entries": entries}) as response,
        ):
            assert response.status == 202, await response.text()
            answer = await response.json()
        await asyncio.wait_for(_committed(node, len(entries)), timeout=15)
        ids = [item["id"] for item in answer["results"]]
        assert ids[-1] == manifest.entry.leaf_hash().hex()
        yield Site(
            url,
            node,
            directory,
            evidence,
            recording,
            ids[0],
            directory / "机密证据包",
            directory / "manifest.json",
            directory / "one.disclosure.json",
            ids[-1],
        )
    finally:
        await node.stop()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Browser]:
    """Debian's chromium, headless, driven by Playwright (no browser download)."""
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield launched
        await launched.close()


NO_WEBCRYPTO_JS = """
Object.defineProperty(window, 'crypto', { get: () => undefined, configurable: true });
Object.defineProperty(window, 'isSecureContext', { get: () => false, configurable: true });
"""


@dataclass
class OpenPage:
    """A page on the node with the console errors it logged (CSP violations among them)."""

    page: Page
    errors: list[str]


class Pages:
    """Opens pages on the node, each in its own browser context (own storage, own cache)."""

    def __init__(self, browser: Browser, site: Site) -> None:
        self.browser, self.site = browser, site
        self.contexts: list[BrowserContext] = []

    async def context(self, locale: str = "en-US", *, webcrypto: bool = True) -> BrowserContext:
        """A context whose browser language is `locale`; without `webcrypto`, pages see no
        `crypto` object at all, as on a node reached over plain HTTP (no subtle)."""
        context = await self.browser.new_context(
            locale=locale, viewport={"width": 1100, "height": 900}, accept_downloads=True
        )
        if not webcrypto:
            await context.add_init_script(NO_WEBCRYPTO_JS)
        self.contexts.append(context)
        return context

    async def open(
        self, locale: str = "en-US", *, webcrypto: bool = True, path: str = "/"
    ) -> OpenPage:
        """A loaded page in a new context (see `context`)."""
        page = await open_page(
            await self.context(locale, webcrypto=webcrypto), self.site.url + path
        )
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        return OpenPage(page, errors)


@pytest_asyncio.fixture(loop_scope="module")
async def pages(browser: Browser, site: Site) -> AsyncIterator[Pages]:
    """A page opener whose contexts are closed after the test."""
    opener = Pages(browser, site)
    yield opener
    for context in opener.contexts:
        await context.close()


def _stated_time(site: Site) -> tuple[str, str]:
    # "No later than": block 1's time plus the genesis's margin (docs/time.md), rounded up to
    # the whole second, never down (docs/web-page.md).
    store = site.node.store
    stated_ms = no_later_than_ms(
        store.header(1).time_ms, store.commit(1).round, site.node.genesis.params
    )
    utc = datetime.fromtimestamp(-(-stated_ms // 1000), UTC)
    beijing = utc + timedelta(hours=8)
    return utc.strftime("%Y-%m-%d %H:%M:%S"), beijing.strftime("%Y-%m-%d %H:%M:%S")


async def _screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"page-{name}.png"), full_page=True)


async def test_a_preserved_file_existed_unaltered(pages: Pages, site: Site) -> None:
    opened = await pages.open()
    shown = await give(opened.page, [site.evidence])
    text = shown["text"]
    assert (shown["verdict"], shown["reason"]) == ("valid", "ok"), text
    utc, beijing = _stated_time(site)
    assert text.startswith("✔ Valid")
    assert f"existed no later than {utc} UTC ({beijing} Beijing time)" in text
    assert "signed by 1 of the 1 notaries of consortium cunzheng-test" in text
    assert "checked against this node's genesis" in text
    assert f"publishes its genesis at {PUBLICATION.url}" in text
    assert "示例公证处" in text and "record no. 1" in text
    assert site.node.genesis.hash().hex() in text and site.evidence_id in text
    assert await opened.page.locator("#verdict .checks li.ok").count() == 6
    assert "digest_not_found" not in text
    await _screenshot(opened.page, "valid-en")
    assert opened.errors == []


async def test_the_page_speaks_chinese_to_a_chinese_browser(pages: Pages, site: Site) -> None:
    opened = await pages.open(locale="zh-CN")
    page = opened.page
    shown = await give(page, [site.evidence])
    utc, beijing = _stated_time(site)
    text = shown["text"]
    assert text.startswith("✔ 有效"), text
    assert f"最迟于北京时间 {beijing}（协调世界时 {utc}）已经存在，此后未被改动" in text
    assert "的 1 个公证节点中的 1 个签名，依据本节点的创世文件核验" in text
    assert "第 2 号区块，第 1 条记录" not in text  # the evidence is in block 1
    assert "第 1 号区块，第 1 条记录" in text
    assert "已签名" in text and "（2026）京0491民初1号" in text
    await _screenshot(page, "valid-zh")
    await page.click("#lang button[data-lang=en]")
    assert "signed by 1 of the 1 notaries" in await page.inner_text("#verdict")
    assert await page.get_attribute("html", "lang") == "en"
    # The choice is remembered.
    await page.reload()
    await page.wait_for_selector("body[data-ready=true]")
    assert await page.get_attribute("html", "lang") == "en"
    assert opened.errors == []


async def test_the_page_needs_no_webcrypto(pages: Pages, site: Site) -> None:
    opened = await pages.open(webcrypto=False)
    assert await opened.page.evaluate("typeof crypto") == "undefined"
    shown = await give(opened.page, [site.evidence])
    assert shown["verdict"] == "valid", shown["text"]


async def test_a_file_not_on_the_node_may_be_part_of_a_package(pages: Pages, site: Site) -> None:
    changed = bytearray(EVIDENCE_TEXT)
    changed[1000] ^= 0x01
    path = site.write("changed.txt", bytes(changed))
    opened = await pages.open()
    shown = await give(opened.page, [path])
    assert (shown["verdict"], shown["reason"]) == ("none", "digest_not_found")
    text = shown["text"]
    assert sha256(changed).hexdigest() in text
    assert "may be one file of a sealed evidence package" in text
    assert "manifest" in text and "disclosure" in text
    for word in ("altered", "changed", "tampered"):
        assert word not in text.lower()
    opened = await pages.open(locale="zh-CN")
    text = (await give(opened.page, [path]))["text"]
    assert "可能是某个存证包中的一个文件" in text and "改动" not in text and "篡改" not in text


async def test_a_changed_file_with_its_bundle_differs_from_the_record(
    pages: Pages, site: Site
) -> None:
    changed = EVIDENCE_TEXT[:-1] + b"?"
    path = site.write("changed-again.txt", changed)
    bundle = site.write("evidence.cunzheng.json", await site.bundle())
    opened = await pages.open()
    shown = await give(opened.page, [path, bundle])
    assert (shown["verdict"], shown["reason"]) == ("invalid", "file_mismatch")
    text = shown["text"]
    assert sha256(changed).hexdigest() in text and sha256(EVIDENCE_TEXT).hexdigest() in text


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


async def test_a_file_and_its_bundle_dropped_together(pages: Pages, site: Site) -> None:
    bundle = json.dumps(await site.bundle()).encode()
    opened = await pages.open()
    files = [
        {"name": "proof.json", "type": "application/json", "data": _b64(bundle)},
        {"name": "聊天记录.txt", "type": "text/plain", "data": _b64(EVIDENCE_TEXT)},
    ]
    await opened.page.evaluate(
        """files => {
            const transfer = new DataTransfer();
            for (const f of files) {
                const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
                transfer.items.add(new File([bytes], f.name, { type: f.type }));
            }
            document.getElementById('drop').dispatchEvent(
                new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        }""",
        files,
    )
    await opened.page.wait_for_selector(SETTLED, timeout=VERDICT_TIMEOUT_MS)
    verdict = opened.page.locator("#verdict")
    assert await verdict.get_attribute("data-verdict") == "valid", await verdict.inner_text()
    assert "Proof bundle: proof.json" in await opened.page.inner_text("#given")


async def test_a_qr_code_address_opens_the_record(pages: Pages, site: Site) -> None:
    opened = await pages.open(path=f"/#verify?id={site.evidence_id}&kind=file")
    await opened.page.wait_for_selector(SETTLED, timeout=VERDICT_TIMEOUT_MS)
    text = await opened.page.inner_text("#verdict")
    assert await opened.page.get_attribute("#verdict", "data-verdict") == "valid", text
    assert "To check the file, drop it on this page" in text
    shown = await give(opened.page, [site.evidence])
    assert shown["verdict"] == "valid" and "the file “聊天记录.txt”" in shown["text"]
    assert not opened.errors


async def test_a_package_qr_code_asks_for_the_manifest_and_folder(pages: Pages, site: Site) -> None:
    opened = await pages.open(locale="zh-CN", path=f"/#verify?id={site.package_id}&kind=package")
    await opened.page.wait_for_selector(SETTLED, timeout=VERDICT_TIMEOUT_MS)
    text = await opened.page.inner_text("#verdict")
    assert "该存证包（3 个文件）最迟于" in text and "请添加清单（manifest.json）和文件夹" in text
    assert "篡改" not in text and "已改动" not in text
    shown = await give(opened.page, [site.manifest], site.package)
    assert (shown["verdict"], shown["reason"]) == ("valid", "ok"), shown["text"]
    assert [f["status"] for f in shown["files"]] == ["unchanged"] * 3
    assert "收集记录（当事人自述）" in shown["text"] and "保密操作人赵六" in shown["text"]
    await _screenshot(opened.page, "package-zh")


def _flip_inclusion_hash(bundle: dict[str, Any]) -> None:
    first = bytearray.fromhex(bundle["inclusion"]["hashes"][0])
    first[7] ^= 0x40
    bundle["inclusion"]["hashes"][0] = first.hex()


def _edit_checkpoint_signature(bundle: dict[str, Any]) -> None:
    body, _, line = bundle["checkpoint"].rpartition("\n— notary-a ")
    # Characters 8 on of the base64 lie past the 4-byte key hash, inside the signature.
    swapped = line[:20] + ("A" if line[20] != "A" else "B") + line[21:]
    bundle["checkpoint"] = f"{body}\n— notary-a {swapped}"


def _sign_as_stranger(bundle: dict[str, Any]) -> None:
    bundle["checkpoint"] = bundle["checkpoint"].replace("— notary-a ", "— notary-x ")


def _move_block_time(bundle: dict[str, Any]) -> None:
    # The signed bytes and their reading copy alike, as a forger would: the commit's
    # signatures are over the original header.
    header = Header.decode(bytes.fromhex(bundle["header_bytes"]))
    moved = replace(header, time_ms=header.time_ms - 86_400_000)
    bundle["header_bytes"], bundle["header"] = moved.encode().hex(), moved.to_json()


@pytest.mark.parametrize(
    ("tamper", "reason", "message", "passed"),
    [
        (_flip_inclusion_hash, "inclusion_invalid", "The inclusion proof yields root", 3),
        (
            _edit_checkpoint_signature,
            "checkpoint_invalid",
            "The checkpoint signature of notary notary-a is invalid",
            4,
        ),
        (_sign_as_stranger, "checkpoint_invalid", "Not enough signatures: 0 of 1 notaries", 4),
        (_move_block_time, "commit_invalid", "The block commit is not for this header", 2),
    ],
)
async def test_a_tampered_bundle_fails_with_its_reason(
    pages: Pages, site: Site, tamper: Any, reason: str, message: str, passed: int
) -> None:
    bundle = await site.bundle()
    tamper(bundle)
    path = site.write(f"{tamper.__name__}.json", bundle)
    opened = await pages.open()
    shown = await give(opened.page, [site.evidence, path])
    assert (shown["verdict"], shown["reason"]) == ("invalid", reason), shown["text"]
    assert message in shown["text"]
    # The checks run in the order of docs/verdicts.md: bundle, chain, commit, inclusion, checkpoint.
    assert await opened.page.locator("#verdict .checks li.fail").count() == 1
    assert await opened.page.locator("#verdict .checks li.ok").count() == passed
    if reason == "checkpoint_invalid":
        await _screenshot(opened.page, "tampered-en")


async def test_a_file_larger_than_one_chunk_is_hashed_in_chunks(pages: Pages, site: Site) -> None:
    opened = await pages.open()
    page = opened.page
    shown = await give(page, [site.recording])
    assert shown["verdict"] == "valid", shown["text"]
    assert sha256(site.recording.read_bytes()).hexdigest() in shown["text"]
    # Odd sizes and a small slice: every slice boundary falls mid-block of SHA-256. Through
    # the page's worker pool, and directly, to count the slices.
    size = 1_000_003
    pattern = bytes((i * 31 + 7) & 0xFF for i in range(size))
    digest = await page.evaluate(
        """async ([size, sliceSize]) => {
            const { HashPool } = await import('/static/hashing/hashing.js');
            const { streamDigest } = await import('/static/hashing/hash-stream.js');
            const { bytesToHex } = await import('/static/core/bytes.js');
            const bytes = new Uint8Array(size);
            for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) & 0xff;
            const blob = new Blob([bytes]);
            const pool = new HashPool({ size: 2, sliceSize });
            const algs = ['sha256', 'sm3'];
            const pooled = await Promise.all(algs.map((alg) => pool.digest(blob, alg)));
            pool.close();
            const calls = [];
            const direct = await streamDigest(blob, 'sha256', {
                sliceSize, wholeFileBytes: 0, onProgress: (done) => calls.push(done) });
            return [...pooled.map(bytesToHex), bytesToHex(direct), calls.length, calls.at(-1)];
        }""",
        [size, 65_537],
    )
    sm3 = hashlib.new("sm3", pattern).hexdigest()
    expected = sha256(pattern).hexdigest()
    assert digest == [expected, sm3, expected, -(-size // 65_537), size]
    assert RECORDING_SIZE > 2 * CHUNK


async def test_many_small_files_are_hashed_without_a_stall(pages: Pages) -> None:
    # Chromium's byte stream of a small blob sometimes never answered its first read, which
    # stalled a package of 60 small files (hashing/hash-stream.js reads them at once).
    opened = await pages.open()
    count = await opened.page.evaluate(
        """async () => {
            const { HashPool } = await import('/static/hashing/hashing.js');
            const pool = new HashPool({ size: 2 });
            const blobs = Array.from({ length: 300 }, (_, i) => new Blob(['x'.repeat(300 + i)]));
            // SM3: WebCrypto has none, so these go through the worker's own reading.
            const digests = await Promise.all(blobs.map((blob) => pool.digest(blob, 'sm3')));
            pool.close();
            return new Set(digests.map((d) => d.join())).size;
        }"""
    )
    assert count == 300


async def test_hashing_shows_its_rate_and_can_be_cancelled(pages: Pages, site: Site) -> None:
    big = site.directory / "big.bin"
    with big.open("wb") as file:
        file.truncate(2 * 1024**3)  # sparse: costs no disk
    opened = await pages.open()
    page = opened.page
    await page.set_input_files("#file-input", str(big))
    progress = page.locator("#progress-text")
    await progress.wait_for(timeout=VERDICT_TIMEOUT_MS)
    await page.wait_for_function(
        "document.getElementById('progress-text')?.textContent.includes(' MB/s')"
    )
    assert "Computing digests:" in await progress.inner_text()
    await page.click("#cancel")
    await page.wait_for_selector(SETTLED, timeout=VERDICT_TIMEOUT_MS)
    assert await page.get_attribute("#verdict", "data-reason") == "cancelled"
    assert await page.locator("#progress-section").is_hidden()
    big.unlink()


async def test_the_chain_status_and_latest_checkpoint_are_shown(pages: Pages, site: Site) -> None:
    opened = await pages.open()
    page = opened.page
    await page.click("#status summary")
    await page.wait_for_selector("#status-validators tbody tr")
    facts = await page.inner_text("#status-facts")
    assert "cunzheng-test" in facts and site.node.genesis.hash().hex() in facts
    row = await page.inner_text("#status-validators tbody tr")
    validator = site.node.store.next_validators.validators[0]
    assert "notary-a" in row and validator.vkey() in row
    # The organisation the genesis names for notary-a, and how to reach it.
    assert "示例公证处 · office@notary-a.example" in row
    assert await page.inner_text("#status-checkpoint") == site.node.checkpoint_text()


@dataclass
class Sent:
    """What one request the page made carried."""

    url: str
    headers: str
    body: bytes


async def test_nothing_but_digests_leaves_the_browser(pages: Pages, site: Site) -> None:
    context = await pages.context(locale="zh-CN")
    sent: list[Sent] = []

    async def record(route: Route, request: Request) -> None:
        body = request.post_data_buffer or b""
        sent.append(Sent(request.url, json.dumps(await request.all_headers()), body))
        await route.continue_()

    await context.route("**/*", record)
    page = await open_page(context, site.url + "/")
    one = sorted(SECRET_FILES)[0]
    looked_up = site.write("机密单独文件丁.txt", b"secret-bytes-D " * 50)
    flows = [
        ([site.manifest], site.package, "valid"),  # found by the manifest's id
        ([site.disclosure, site.package / one], None, "valid"),  # by the package root
        ([looked_up], None, "none"),  # by the file's digest: not found
    ]
    for files, folder, verdict in flows:
        await clear(page)
        shown = await give(page, files, folder)
        assert shown["verdict"] == verdict, shown["text"]
    secrets = [
        *SECRET_FILES,
        *(Path(path).name for path in SECRET_FILES),
        *(data[:12].decode("latin-1") for data in SECRET_FILES.values()),
        "机密单独文件丁",
        "secret-bytes",
        "机密证据包",
        "保密",
    ]
    assert sent and all(s.body == b"" for s in sent)
    for item in sent:
        text = f"{item.url}\n{item.headers}"
        text += "\n" + unquote(text)
        for secret in secrets:
            assert secret not in text, (secret, item.url)
    asked = {item.url.removeprefix(site.url) for item in sent}
    assert f"/v1/proofs/{site.package_id}" in asked
    assert f"/v1/digests/sha256/{sha256(b'secret-bytes-D ' * 50).hexdigest()}" in asked


async def test_the_certificate_download_is_what_the_cli_writes(
    pages: Pages, site: Site, tmp_path: Path
) -> None:
    genesis = site.write("genesis.json", site.node.genesis.to_file_text().encode())
    cases = [([site.evidence], None, None), ([site.manifest], site.package, site.manifest)]
    for given, folder, manifest in cases:
        opened = await pages.open(locale="zh-CN")
        shown = await give(opened.page, given, folder)
        assert shown["verdict"] == "valid", shown["text"]
        async with opened.page.expect_download() as info:
            await opened.page.click("#download-certificate")
        download = await info.value
        downloaded = Path(await download.path()).read_bytes()
        entry_id = site.evidence_id if manifest is None else site.package_id
        bundle = site.write(f"{entry_id}.cunzheng.json", await site.bundle(entry_id))
        out = tmp_path / f"{entry_id}.html"
        arguments = [str(bundle), "--out", str(out), "--genesis", str(genesis)]
        arguments += ["--page-url", f"{site.url}/"]
        arguments += [] if manifest is None else ["--manifest", str(manifest)]
        result = CliRunner().invoke(certificate_command, arguments)
        assert result.exit_code == 0, result.output
        assert downloaded == out.read_bytes()
        assert download.suggested_filename.startswith("cunzheng-certificate-")


def _known_answer_inputs(tmp_path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Inputs for the page's verify.js and what ledger/ computes from them."""
    keys = notary_keys(4)
    entry = Entry(
        sha256(b"known answer").digest(),
        kind="chat-export",
        # Keys that JS orders differently: "9" before "10" in an object, U+FFFF after
        # U+1D11E in UTF-16; a 300-byte value takes msgpack's str16.
        meta={"9": "a", "10": "b", "é": "c", "\uffff": "d", "𝄞": "e", "long": "长" * 100},
        client_time_ms=1_795_446_245_123,
        submitter=keys[0].public_key,
        signature=bytes(range(64)),
    )
    validators = ValidatorSet.of(
        [
            Validator("notary-a", keys[0].public_key, 1),
            Validator("法院-b", keys[1].public_key, 300),
            Validator("c", keys[2].public_key, 70_000),
            Validator("d" * 64, keys[3].public_key, 2**40),
        ]
    )
    chain = build_chain(tmp_path / "store", [[sample_entry(n) for n in range(5)]], validators=4)
    try:
        header = chain.store.header(1)
        bundle = chain.bundle(sample_entry(3))
    finally:
        chain.close()
    # Commits need a quorum, so a 3-of-4 note comes from dropping a line of the 4-of-4 one.
    lines = bundle["checkpoint"].split("\n")
    bundle["checkpoint"] = "\n".join(line for line in lines if "notary-c" not in line)
    vectors = json.loads((VECTORS / "inclusion.json").read_text("utf-8"))
    cases = [vectors["valid"], *vectors["known_answers"], *vectors["mutations"]]
    inputs = {
        "leaf": entry.encode().hex(),
        "left": sha256(b"left").hexdigest(),
        "right": sha256(b"right").hexdigest(),
        "validators": [
            {k: v for k, v in item.items() if k != "vkey"} for item in validators.to_json()
        ],
        "headerBytes": header.encode().hex(),
        "commitRound": 0,
        "cases": cases,
        "bundle": bundle,
        "bundleDigest": sample_entry(3).digest.hex(),
    }
    expected = {
        "leafReencoded": entry.encode().hex(),
        "leafHash": leaf_hash(entry.encode()).hex(),
        "emptyLeafHash": leaf_hash(b"").hex(),
        "nodeHash": node_hash(sha256(b"left").digest(), sha256(b"right").digest()).hex(),
        "validatorsEncoding": validators.encode().hex(),
        "validatorsHash": validators.hash().hex(),
        "keyHashes": [key_hash(v.name, v.public_key).hex() for v in validators.validators],
        "vkeys": [vkey(v.name, v.public_key) for v in validators.validators],
        "blockHash": header.hash().hex(),
        "votePayload": (
            VOTE_SIGNATURE_TAG + b"\x00" + precommit_for(header, 0, 2).signed_payload()
        ).hex(),
        "roots": [
            case["root_hash"] if case in [vectors["valid"], *vectors["known_answers"]] else "wrong"
            for case in cases
        ],
        "signers": ["notary-a", "notary-b", "notary-d"],
        "rejected": ["rejected"] * 5,
    }
    return inputs, expected


KNOWN_ANSWERS_JS = """async (input) => {
    const { bytesToHex: hex, hexToBytes: bytes } = await import('/static/core/bytes.js');
    const { pack, unpack } = await import('/static/core/msgpack.js');
    const { Entry } = await import('/static/core/entry.js');
    const { Header, precommitPayload } = await import('/static/core/block.js');
    const { leafHash, nodeHash, taggedHash } = await import('/static/core/domain-hash.js');
    const { keyHash, VOTE_SIGNATURE_TAG } = await import('/static/core/keys.js');
    const { ValidatorSet } = await import('/static/core/validators.js');
    const { rootFromInclusionProof } = await import('/static/core/merkle.js');
    const { verifyBundle } = await import('/static/core/bundle.js');
    const { parseJson } = await import('/static/core/json.js');
    const e = Entry.decode(bytes(input.leaf));
    const validators = ValidatorSet.fromJson(input.validators);
    const header = Header.decode(bytes(input.headerBytes));
    const roots = input.cases.map((c) => {
        try {
            const root = rootFromInclusionProof(
                c.leaf_index, c.tree_size, bytes(c.leaf_hash), c.inclusion_path.map(bytes));
            return hex(root) === c.root_hash ? c.root_hash : 'wrong';
        } catch {
            return 'wrong';
        }
    });
    const verdict = verifyBundle(parseJson(JSON.stringify(input.bundle)));
    // Not canonical: uint16 for 1, trailing byte, float 1.0, unsorted and repeated keys.
    const rejected = ['cd0001', '9201020', 'cb3ff0000000000000', '82a16201a16102', '82a16101a16102']
        .map((h) => {
            try {
                unpack(bytes(h.length % 2 ? `${h}3` : h), 100);
                return 'accepted';
            } catch (err) {
                return err.name === 'DecodeError' ? 'rejected' : String(err);
            }
        });
    const tag = new TextEncoder().encode(`${VOTE_SIGNATURE_TAG}\\0`);
    return {
        leafReencoded: hex(e.encode()),
        leafHash: hex(leafHash(bytes(input.leaf))),
        emptyLeafHash: hex(leafHash(new Uint8Array())),
        nodeHash: hex(nodeHash(bytes(input.left), bytes(input.right))),
        validatorsEncoding: hex(pack(validators.fields())),
        validatorsHash: hex(validators.hash()),
        keyHashes: validators.validators.map((x) => hex(keyHash(x.name, x.publicKey))),
        vkeys: validators.validators.map((x) => x.vkey()),
        blockHash: hex(taggedHash('cunzheng/header/v1', bytes(input.headerBytes))),
        votePayload: hex(
            new Uint8Array([...tag, ...precommitPayload(header, input.commitRound, 2)])),
        roots,
        signers: verdict.signers,
        rejected,
    };
}"""


async def test_the_vendored_code_computes_what_ledger_computes(
    pages: Pages, site: Site, tmp_path: Path
) -> None:
    inputs, expected = _known_answer_inputs(tmp_path)
    opened = await pages.open()
    computed = await opened.page.evaluate(KNOWN_ANSWERS_JS, inputs)
    assert computed == expected
