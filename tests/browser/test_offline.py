"""The offline verifier and certificates, opened from disk (file://) in Debian's headless
chromium with every network request blocked.

`cunzheng verifier` and `cunzheng certificate` write the files (node/api/offline_page.py);
the chain is built in a temporary store: four notaries, of which three sign, and a genesis
with publication fields. A certificate must verify its own record on open, show what it
proves and does not, each notary signed or 未参与（不影响效力）, where the consortium publishes
its genesis, print on one A4 page for a file and on more for a 60-file package, and show an
edited record as invalid. Screenshots and PDFs go to tests/artifacts/certificate-*.
"""

import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from click.testing import CliRunner
from playwright.async_api import Browser, Page, Playwright, Request, Route, async_playwright

from cunzheng.cli.certificate_cmd import certificate_command
from cunzheng.cli.verifier_cmd import verifier_command
from cunzheng.ledger.bundle import verify_bundle
from cunzheng.ledger.certificate_number import certificate_number
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.manifest import write_manifest
from cunzheng.ledger.package import seal_directory
from cunzheng.ledger.validators import Genesis, Publication
from cunzheng.node.api.offline_page import data_json
from tests.support.bundle_mutations import as_version_1
from tests.support.chain_factory import build_chain
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.support.evidence_fixture import counting_salts, sample_collection
from tests.support.page_driver import give, new_context

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
PAGE_URL = "https://notary-a.example/"
PUBLICATION = Publication(
    "https://consortium.example/genesis.json",
    (
        ("notary-a", "甲市公证处"),
        ("notary-b", "乙市公证处"),
        ("notary-c", "丙市互联网法院"),
        ("notary-d", "丁市公证处"),
    ),
)
EVIDENCE = "微信聊天记录导出\n张三：周五前我还你 5000 元。\n".encode() * 40
PACKAGE_FILES = 60
RECORD = re.compile(r'(<script type="application/json" id="record">)(.*?)(</script>)', re.DOTALL)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.asyncio(loop_scope="module"),
]


@dataclass(frozen=True)
class Made:
    """The files a litigant and a judge would have, and those the commands wrote."""

    evidence: Path
    bundle: Path
    folder: Path
    manifest: Path
    package_bundle: Path
    file_id: bytes
    package_id: bytes
    verifier: Path
    certificate: Path
    package_certificate: Path
    unanchored_certificate: Path
    legacy_certificate: Path  # of the file's bundle in version 1 form, without trust anchor


def _run(command: Any, *arguments: Path | str) -> None:
    result = CliRunner().invoke(command, [str(a) for a in arguments])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    """A file and a 60-file package recorded in one block signed by 3 of 4 notaries, and
    the offline verifier and certificates the commands make of them."""
    root = tmp_path_factory.mktemp("offline")
    evidence = root / "聊天记录导出.txt"
    evidence.write_bytes(EVIDENCE)
    folder = root / "证据"
    for n in range(PACKAGE_FILES):
        (folder / f"截图/第{n + 1:02d}张截图.png").parent.mkdir(parents=True, exist_ok=True)
        (folder / f"截图/第{n + 1:02d}张截图.png").write_bytes(f"screenshot {n}".encode() * 30)
    manifest = seal_directory(
        folder, alg="sha256", salt_source=counting_salts(), collection=sample_collection(), roles={}
    ).manifest
    write_manifest(root / "manifest.json", manifest)
    file_entry = Entry(__import__("hashlib").sha256(EVIDENCE).digest(), kind="chat-export")
    chain = build_chain(
        root / "store",
        [[file_entry, manifest.entry]],
        validators=4,
        signers=[0, 1, 2],
        publication=PUBLICATION,
    )
    try:
        (root / "proof.cunzheng.json").write_text(json.dumps(chain.bundle(file_entry)), "utf-8")
        (root / "package.cunzheng.json").write_text(
            json.dumps(chain.bundle(manifest.entry)), "utf-8"
        )
        (root / "genesis.json").write_text(chain.genesis.to_file_text(), "utf-8")
        legacy = as_version_1(chain.bundle(file_entry))
        (root / "legacy.cunzheng.json").write_text(json.dumps(legacy), "utf-8")
    finally:
        chain.close()
    genesis = root / "genesis.json"
    _run(verifier_command, "--out", root / "verifier.html", "--genesis", genesis)
    common = ["--genesis", genesis, "--page-url", PAGE_URL]
    _run(certificate_command, root / "proof.cunzheng.json", "--out", root / "file.html", *common)
    _run(
        certificate_command,
        root / "package.cunzheng.json",
        "--out",
        root / "package.html",
        "--manifest",
        root / "manifest.json",
        *common,
    )
    _run(certificate_command, root / "proof.cunzheng.json", "--out", root / "unanchored.html")
    _run(certificate_command, root / "legacy.cunzheng.json", "--out", root / "legacy.html")
    return Made(
        evidence,
        root / "proof.cunzheng.json",
        folder,
        root / "manifest.json",
        root / "package.cunzheng.json",
        file_entry.leaf_hash(),
        manifest.entry.leaf_hash(),
        root / "verifier.html",
        root / "file.html",
        root / "package.html",
        root / "unanchored.html",
        root / "legacy.html",
    )


@dataclass
class Offline:
    """A browser whose every network request is aborted and counted (`aborted`); every
    request at all is listed in `requested`."""

    playwright: Playwright
    browser: Browser
    aborted: list[str]
    requested: list[str]

    async def open(self, path: Path, locale: str = "zh-CN", profile: str = "desktop") -> Page:
        """`path` opened from disk, once the page has started."""
        context = await new_context(self.playwright, self.browser, locale, profile)

        async def abort(route: Route, request: Request) -> None:
            # The file itself (and what it makes of itself: blob:, data:) is no network.
            if request.url.split(":")[0] in ("file", "blob", "data"):
                await route.continue_()
                return
            self.aborted.append(request.url)
            await route.abort()

        await context.route("**/*", abort)
        page = await context.new_page()
        page.on("request", lambda request: self.requested.append(request.url))
        await page.goto(path.as_uri())
        await page.wait_for_selector("body[data-ready=true]")
        return page


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def offline() -> AsyncIterator[Offline]:
    """Debian's chromium, headless, with no network for any page it opens."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield Offline(playwright, browser, [], [])
        await browser.close()


def _no_network(offline: Offline) -> None:
    assert offline.aborted == []
    assert all(url.split(":")[0] in ("file", "blob", "data") for url in offline.requested), (
        offline.requested
    )


def _stated_and_block_time(bundle_path: Path) -> tuple[str, str]:
    # Beijing times to the second, rounded up: the time the bundle's verdict states, checked
    # against the genesis beside it (docs/time.md), and its block time.
    bundle = json.loads(bundle_path.read_text("utf-8"))
    genesis = Genesis.from_file_text((bundle_path.parent / "genesis.json").read_text("utf-8"))
    verdict = verify_bundle(bundle, genesis)
    return _beijing(verdict.no_later_than_ms), _beijing(verdict.header.time_ms)


def _beijing(time_ms: int) -> str:
    seconds = -(-time_ms // 1000) + 8 * 3600
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S")


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


async def _print(page: Page, name: str) -> int:
    """Print `page` to A4 (kept as tests/artifacts/<name>.pdf); returns its page count."""
    pdf = await page.pdf(format="A4", print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    await page.emulate_media(media="print")
    for i, sheet in enumerate(await page.locator(".certificate .sheet").all()):
        await sheet.screenshot(path=str(ARTIFACTS / f"{name}-sheet{i + 1}.png"))
    await page.emulate_media(media="screen")
    return _pdf_pages(pdf)


async def test_the_offline_verifier_checks_a_file_and_a_package_without_network(
    offline: Offline, made: Made
) -> None:
    page = await offline.open(made.verifier, "en-US")
    shown = await give(page, [made.bundle, made.evidence])
    assert (shown["verdict"], shown["reason"]) == ("valid", "ok"), shown["text"]
    assert "checked against the genesis built into this file" in shown["text"]
    assert "signed by 3 of the 4 notaries" in shown["text"]
    await page.click("#clear")
    shown = await give(page, [made.package_bundle, made.manifest], made.folder)
    assert (shown["verdict"], shown["reason"]) == ("valid", "ok"), shown["text"]
    assert shown["files"] is not None and len(shown["files"]) == PACKAGE_FILES
    # A lone file cannot be looked up offline: the page asks for the bundle.
    await page.click("#clear")
    shown = await give(page, [made.evidence])
    assert shown["reason"] == "offline_needs_bundle"
    _no_network(offline)


async def test_a_certificate_of_a_file_verifies_itself_and_prints_on_one_page(
    offline: Offline, made: Made
) -> None:
    page = await offline.open(made.certificate, "zh-CN")
    certificate = page.locator("#certificate")
    assert await certificate.get_attribute("data-verdict") == "valid"
    text = await certificate.inner_text()
    assert f"证书编号 {certificate_number(made.file_id)}" in text
    assert text.count("已签名") == 3 and text.count("未参与（不影响效力）") == 1
    assert "证明范围" in text and "不证明事项" in text and "本证书不是公证书" in text
    assert f"联盟在 {PUBLICATION.url} 公布其创世文件" in text
    assert all(organisation in text for _, organisation in PUBLICATION.members)
    assert "依据本文件内嵌的创世文件核验" in text and "第 1 条记录" in text
    stated, block_time = _stated_and_block_time(made.bundle)
    assert stated in text and block_time not in text  # the bound, not the proposer's clock
    address = await page.get_attribute(".qr", "data-address")
    assert address == f"{PAGE_URL}#verify?id={made.file_id.hex()}&kind=file"
    assert await _print(page, "certificate-file-zh") == 1
    english = await offline.open(made.certificate, "en-US", "phone")
    text = await english.locator("#certificate").inner_text()
    assert "did not take part (does not affect validity)" in text
    assert "not a notarial certificate (公证书)" in text
    await english.screenshot(path=str(ARTIFACTS / "certificate-file-en-phone.png"), full_page=True)
    _no_network(offline)


async def test_a_certificate_of_a_package_lists_every_file_on_further_pages(
    offline: Offline, made: Made
) -> None:
    page = await offline.open(made.package_certificate, "zh-CN")
    certificate = page.locator("#certificate")
    assert await certificate.get_attribute("data-verdict") == "valid"
    text = await certificate.inner_text()
    assert f"证书编号 {certificate_number(made.package_id)}" in text
    assert "收集记录（当事人自述）" in text and "李四" in text
    rows = await page.locator(".file-list tbody tr").all_inner_texts()
    assert len(rows) == PACKAGE_FILES
    assert all(f"截图/第{n + 1:02d}张截图.png" in rows[n] for n in range(PACKAGE_FILES))
    manifest = json.loads(made.manifest.read_text("utf-8"))
    assert all(item["file_hash"] in text for item in manifest["files"])
    assert all(
        item["salt"] not in made.package_certificate.read_text("utf-8")
        for item in manifest["files"]
    )
    address = await page.get_attribute(".qr", "data-address")
    assert address == f"{PAGE_URL}#verify?id={made.package_id.hex()}&kind=package"
    assert await _print(page, "certificate-package-zh") >= 3
    # The files themselves are checked by dropping the manifest and folder on it.
    shown = await give(page, [made.manifest], made.folder)
    assert (shown["verdict"], shown["reason"]) == ("valid", "ok"), shown["text"]
    _no_network(offline)


def _edited(certificate: Path, target: Path, edit: Any) -> Path:
    html = certificate.read_text("utf-8")
    match = RECORD.search(html)
    assert match is not None
    record = json.loads(match.group(2))
    block = edit(record)
    target.write_text(html[: match.start(2)] + block + html[match.end(2) :], "utf-8")
    return target


def _flip_inclusion_hash(record: dict[str, Any]) -> str:
    hashes = record["bundle"]["inclusion"]["hashes"]
    hashes[0] = ("0" if hashes[0][0] != "0" else "1") + hashes[0][1:]
    return data_json(record)


def _move_time(record: dict[str, Any]) -> str:
    record["bundle"]["header"]["time_ms"] -= 86_400_000
    return data_json(record)


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (_flip_inclusion_hash, "inclusion_invalid"),
        (_move_time, "malformed_bundle"),
        (lambda record: "{not json", "malformed_record"),
    ],
)
async def test_an_edited_certificate_shows_invalid(
    offline: Offline, made: Made, tmp_path: Path, edit: Any, reason: str
) -> None:
    page = await offline.open(_edited(made.certificate, tmp_path / "edited.html", edit))
    certificate = page.locator("#certificate")
    assert await certificate.get_attribute("data-verdict") == "invalid"
    assert await certificate.get_attribute("data-reason") == reason
    text = await certificate.inner_text()
    assert "✘ 无效" in text and "✔" not in text and "证书编号" not in text
    if reason == "inclusion_invalid":
        await page.screenshot(path=str(ARTIFACTS / "certificate-edited-zh.png"), full_page=True)


async def test_a_certificate_checks_the_evidence_dropped_on_it(
    offline: Offline, made: Made, tmp_path: Path
) -> None:
    page = await offline.open(made.certificate, "en-US")
    shown = await give(page, [made.evidence])
    assert (shown["verdict"], shown["reason"]) == ("valid", "ok"), shown["text"]
    changed = tmp_path / made.evidence.name
    changed.write_bytes(EVIDENCE[:-1] + b"!")
    await page.click("#clear")
    shown = await give(page, [changed])
    assert (shown["verdict"], shown["reason"]) == ("invalid", "file_mismatch")
    _no_network(offline)


async def test_a_certificate_without_trust_anchor_says_what_it_rests_on(
    offline: Offline, made: Made
) -> None:
    page = await offline.open(made.unanchored_certificate, "zh-CN")
    certificate = page.locator("#certificate")
    assert await certificate.get_attribute("data-verdict") == "unconfirmed"
    text = await certificate.inner_text()
    carried = json.loads(made.bundle.read_text("utf-8"))["chain"]["genesis"]
    assert "仅依据证明文件自带的创世文件" in text
    assert Genesis.from_json(carried).hash().hex() in text
    assert "无二维码" in text


async def test_a_certificate_of_a_version_1_bundle_shows_no_genesis_hash(
    offline: Offline, made: Made
) -> None:
    # A version 1 bundle names a genesis hash it does not carry: showing it would let a
    # bundle of another consortium pose as the real one's.
    page = await offline.open(made.legacy_certificate, "en-US")
    certificate = page.locator("#certificate")
    assert await certificate.get_attribute("data-verdict") == "unconfirmed"
    text = await certificate.inner_text()
    named = json.loads(made.legacy_certificate.with_name("legacy.cunzheng.json").read_text())
    assert "its proof bundle (version 1) none of its own" in text
    assert named["chain"]["genesis_hash"] not in text
    _no_network(offline)
