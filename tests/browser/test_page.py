"""The verification web page in Debian's headless chromium, against a real one-notary node.

One node and one browser serve the whole module: the node commits one block holding the
evidence file, a 9 MiB recording (more than two 4 MiB chunks) and three other digests, so
that the evidence's inclusion proof has hashes to tamper with. Each test opens a fresh page.
The screenshot of a valid verdict goes to tests/artifacts/verify-page.png.
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

import aiohttp
import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, Locator, Page, async_playwright

from cunzheng.ledger.block import Header
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.finality import precommit_for
from cunzheng.ledger.hashing import leaf_hash, node_hash
from cunzheng.ledger.keys import VOTE_SIGNATURE_TAG, key_hash, vkey
from cunzheng.ledger.validators import Validator, ValidatorSet
from cunzheng.node.config import ApiSection, NodeConfig
from cunzheng.node.node import Node
from tests.support.chain_factory import build_chain, make_genesis, notary_keys, sample_entry
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.support.fast_node import FAST_PARAMS, wait_for_height
from tests.support.loopback import free_ports

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
VECTORS = REPO / "tests" / "vectors"
CHUNK = 4 * 1024 * 1024
VERDICT_TIMEOUT_MS = 20_000

EVIDENCE_TEXT = (
    "微信聊天记录导出 2026-11-20\n张三：周五前我还你 5000 元。\n李四：好，我等你。\n" * 200
).encode()
RECORDING_SIZE = 9 * 1024 * 1024 + 12_345  # three chunks, the last one partial

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

    async def bundle(self) -> dict[str, Any]:
        """The evidence's proof bundle as this node serves it."""
        url = f"{self.url}/v1/proofs/{self.evidence_id}"
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


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def site(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Site]:
    """A one-notary node serving the API and the page on a free port, with entries committed."""
    directory = tmp_path_factory.mktemp("web")
    (port,) = free_ports(1)
    keys = notary_keys(1)
    node = Node(
        config=NodeConfig(api=ApiSection(listen=f"127.0.0.1:{port}")),
        key=keys[0],
        genesis=make_genesis(keys, params=FAST_PARAMS),
        data_dir=directory / "data",
    )
    await node.start_consensus()
    await node.serve_api()
    url = f"http://127.0.0.1:{port}"
    evidence = directory / "聊天记录.txt"
    evidence.write_bytes(EVIDENCE_TEXT)
    recording = directory / "recording.mp4"
    recording.write_bytes(_recording_bytes())
    entries = [
        {
            "digest": sha256(EVIDENCE_TEXT).hexdigest(),
            "kind": "chat-export",
            "meta": {"案号": "（2026）京0491民初1号"},
        },
        {"digest": sha256(recording.read_bytes()).hexdigest()},
        *({"digest": sha256(f"other {n}".encode()).hexdigest()} for n in range(3)),
    ]
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.post(f"{url}/v1/entries", json={"entries": entries}) as response,
        ):
            assert response.status == 202, await response.text()
            answer = await response.json()
        await asyncio.wait_for(_committed(node, len(entries)), timeout=15)
        evidence_id = answer["results"][0]["id"]
        yield Site(url, node, directory, evidence, recording, evidence_id)
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

    async def open(
        self, locale: str = "en-US", *, webcrypto: bool = True, path: str = "/"
    ) -> OpenPage:
        """A loaded page whose browser language is `locale`; without `webcrypto`, the page
        sees no `crypto` object at all, as on a node reached over plain HTTP (no subtle)."""
        context = await self.browser.new_context(
            locale=locale, viewport={"width": 1100, "height": 900}
        )
        if not webcrypto:
            await context.add_init_script(NO_WEBCRYPTO_JS)
        self.contexts.append(context)
        page = await context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        await page.goto(self.site.url + path)
        await page.wait_for_selector("body[data-ready=true]")
        return OpenPage(page, errors)


@pytest_asyncio.fixture(loop_scope="module")
async def pages(browser: Browser, site: Site) -> AsyncIterator[Pages]:
    """A page opener whose contexts are closed after the test."""
    opener = Pages(browser, site)
    yield opener
    for context in opener.contexts:
        await context.close()


async def _check(page: Page, evidence: Path, bundle: Path | None = None) -> Locator:
    if bundle is not None:
        await page.set_input_files("#bundle-input", str(bundle))
    await page.set_input_files("#evidence-input", str(evidence))
    verdict = page.locator("#verdict[data-result]")
    await verdict.wait_for(timeout=VERDICT_TIMEOUT_MS)
    return verdict


def _block_time(site: Site) -> tuple[str, str]:
    # "No later than": rounded up to the whole second, never down (docs/web-page.md).
    header = site.node.store.header(1)
    utc = datetime.fromtimestamp(-(-header.time_ms // 1000), UTC)
    beijing = utc + timedelta(hours=8)
    return utc.strftime("%Y-%m-%d %H:%M:%S"), beijing.strftime("%Y-%m-%d %H:%M:%S")


async def test_a_preserved_file_existed_unaltered(pages: Pages, site: Site) -> None:
    opened = await pages.open()
    verdict = await _check(opened.page, site.evidence)
    text = await verdict.inner_text()
    assert await verdict.get_attribute("data-result") == "ok", text
    utc, beijing = _block_time(site)
    assert "Existed unaltered" in text
    assert "signed by 1 of 1 notaries: notary-a" in text
    assert f"{utc} (UTC)" in text and f"{beijing} (Beijing time)" in text
    assert "Checked against the validator set served by this node" in text
    assert site.node.genesis.hash().hex() in text
    assert site.evidence_id in text
    assert await opened.page.locator("#steps li.ok").count() == 7
    ARTIFACTS.mkdir(exist_ok=True)
    await opened.page.screenshot(path=str(ARTIFACTS / "verify-page-en.png"), full_page=True)
    assert opened.errors == []


async def test_the_page_speaks_chinese_to_a_chinese_browser(pages: Pages, site: Site) -> None:
    opened = await pages.open(locale="zh-CN")
    page = opened.page
    verdict = await _check(page, site.evidence)
    text = await verdict.inner_text()
    utc, beijing = _block_time(site)
    assert "✔ 存在且未被篡改" in text, text
    assert "由 1 个公证节点中的 1 个签名：notary-a" in text
    assert f"{beijing}（北京时间）" in text and f"{utc}（UTC）" in text
    assert "（2026）京0491民初1号" in text
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "verify-page.png"), full_page=True)
    await page.click("#lang button[data-lang=en]")
    assert "signed by 1 of 1 notaries" in await verdict.inner_text()
    assert await page.get_attribute("html", "lang") == "en"
    assert opened.errors == []


async def test_the_page_needs_no_webcrypto(pages: Pages, site: Site) -> None:
    opened = await pages.open(webcrypto=False)
    assert await opened.page.evaluate("typeof crypto") == "undefined"
    verdict = await _check(opened.page, site.evidence)
    assert await verdict.get_attribute("data-result") == "ok", await verdict.inner_text()


async def test_a_file_changed_by_one_byte_is_not_found(pages: Pages, site: Site) -> None:
    changed = bytearray(EVIDENCE_TEXT)
    changed[1000] ^= 0x01
    path = site.write("changed.txt", bytes(changed))
    opened = await pages.open()
    verdict = await _check(opened.page, path)
    assert await verdict.get_attribute("data-code") == "digest_not_found"
    text = await verdict.inner_text()
    assert "Not verified" in text and sha256(changed).hexdigest() in text
    assert "even by one byte" in text


async def test_a_changed_file_with_its_bundle_differs_from_the_record(
    pages: Pages, site: Site
) -> None:
    changed = EVIDENCE_TEXT[:-1] + b"?"
    path = site.write("changed-again.txt", changed)
    bundle = site.write("evidence.cunzheng.json", await site.bundle())
    opened = await pages.open()
    verdict = await _check(opened.page, path, bundle)
    assert await verdict.get_attribute("data-code") == "digest_mismatch"
    text = await verdict.inner_text()
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
    verdict = opened.page.locator("#verdict[data-result]")
    await verdict.wait_for(timeout=VERDICT_TIMEOUT_MS)
    text = await verdict.inner_text()
    assert await verdict.get_attribute("data-result") == "ok", text
    assert "Checked against the validator set carried in the proof bundle" in text
    assert "Proof bundle: proof.json" in await opened.page.inner_text("#drop")


async def test_a_certificate_qr_address_brings_the_record(pages: Pages, site: Site) -> None:
    # The certificate's QR code carries #cunzheng:<entry id>?…: the page fetches that record.
    opened = await pages.open(path=f"/#cunzheng:{site.evidence_id}?alg=sha256")
    await opened.page.wait_for_function(
        "document.getElementById('drop').innerText.includes('Proof bundle')"
    )
    await opened.page.set_input_files("#evidence-input", str(site.evidence))
    verdict = opened.page.locator("#verdict[data-result]")
    await verdict.wait_for(timeout=VERDICT_TIMEOUT_MS)
    assert await verdict.get_attribute("data-result") == "ok", await verdict.inner_text()
    assert not opened.errors


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
    ("tamper", "code", "message"),
    [
        (_flip_inclusion_hash, "inclusion_failed", "The inclusion proof fails"),
        (
            _edit_checkpoint_signature,
            "checkpoint_signature_invalid",
            "The checkpoint signature of notary notary-a is invalid",
        ),
        (_sign_as_stranger, "not_enough_signatures", "Not enough signatures: 0 of 1 notaries"),
        (_move_block_time, "commit_mismatch", "The block commit is not for this header"),
    ],
)
async def test_a_tampered_bundle_fails_with_its_reason(
    pages: Pages, site: Site, tamper: Any, code: str, message: str
) -> None:
    bundle = await site.bundle()
    tamper(bundle)
    path = site.write(f"{code}.json", bundle)
    opened = await pages.open()
    verdict = await _check(opened.page, site.evidence, path)
    text = await verdict.inner_text()
    assert await verdict.get_attribute("data-code") == code, text
    assert message in text
    assert await opened.page.locator("#steps li.fail").count() == 1
    # The checks run in the order of docs/verdicts.md: chain, commit, inclusion, checkpoint.
    passed = {"inclusion_failed": 5, "checkpoint_signature_invalid": 6}.get(code)
    if passed is not None:
        assert await opened.page.locator("#steps li.ok").count() == passed
    if code == "checkpoint_signature_invalid":
        ARTIFACTS.mkdir(exist_ok=True)
        await opened.page.screenshot(path=str(ARTIFACTS / "verify-page-tampered.png"))


async def test_a_file_larger_than_one_chunk_is_hashed_in_chunks(pages: Pages, site: Site) -> None:
    opened = await pages.open()
    page = opened.page
    verdict = await _check(page, site.recording)
    text = await verdict.inner_text()
    assert await verdict.get_attribute("data-result") == "ok", text
    assert sha256(site.recording.read_bytes()).hexdigest() in text
    assert "SHA-256 computed: 9.0 MiB" in await page.inner_text("#progress-text")
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
                sliceSize, onProgress: (done) => calls.push(done) });
            return [...pooled.map(bytesToHex), bytesToHex(direct), calls.length, calls.at(-1)];
        }""",
        [size, 65_537],
    )
    sm3 = hashlib.new("sm3", pattern).hexdigest()
    expected = sha256(pattern).hexdigest()
    assert digest == [expected, sm3, expected, -(-size // 65_537), size]
    assert RECORDING_SIZE > 2 * CHUNK


async def test_the_chain_status_and_latest_checkpoint_are_shown(pages: Pages, site: Site) -> None:
    opened = await pages.open()
    page = opened.page
    await page.wait_for_selector("#status-validators tbody tr")
    facts = await page.inner_text("#status-facts")
    assert "cunzheng-test" in facts and site.node.genesis.hash().hex() in facts
    row = await page.inner_text("#status-validators tbody tr")
    validator = site.node.store.next_validators.validators[0]
    assert "notary-a" in row and validator.vkey() in row
    assert await page.inner_text("#status-checkpoint") == site.node.checkpoint_text()


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
