"""`cunzheng certificate`: the printable preservation certificate, its QR payload and its print.

The bundles come from a real chain (tests/support/chain_factory.py): 4 notaries, of which a, b and c
sign. The browser tests print the certificate with the system's chromium and look at the page.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import Any

import pytest
import segno
from click.testing import CliRunner, Result

from cunzheng.cli.certificate_cmd import certificate_command, qr_payload
from cunzheng.cli.proofs import check_bundle
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.validators import Genesis
from tests.support.chain_factory import build_chain, sample_entry
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
# CSS pixels are 1/96 inch. A4 is 210 x 297 mm; the certificate's @page margin is 18 mm.
PX_PER_MM = 96 / 25.4
A4_WIDTH_PX = 210 * PX_PER_MM
PRINTABLE_WIDTH_PX = (210 - 2 * 18) * PX_PER_MM
PRINTABLE_HEIGHT_PX = (297 - 2 * 18) * PX_PER_MM
PAGE_URL = "https://verify.example.org/cunzheng/"
META = {"case": "(2026)京0491民初12345号", "device": "iPhone 15 <WeChat 8.0.50> & backup"}
FILE_NAME = "微信聊天记录 2026-11.zip"
# The elements a certificate is made of: nothing that loads, links or runs anything.
ALLOWED_TAGS = {
    *("html", "head", "meta", "title", "style", "body", "header", "section", "figure"),
    *("figcaption", "svg", "path", "h1", "h2", "p", "div", "span", "strong", "b", "br"),
    *("code", "ol", "li", "table", "thead", "tbody", "tr", "th", "td"),
}
HOSTILE = '</td><script>alert("x")</script><img src="https://tracker.example/x.png">'


@dataclass(frozen=True)
class Files:
    """Bundles and the genesis on disk. The file entry is leaf 3 of 5, in block 2."""

    directory: Path
    genesis: Genesis
    genesis_path: Path
    file_entry: Entry
    bundles: dict[str, dict[str, Any]]  # "file", "package", "hostile"

    def write_bundle(self, name: str, bundle: dict[str, Any] | None = None) -> Path:
        """Write bundle `name` (or `bundle`, under that name) as JSON; return its path."""
        path = self.directory / f"{name}.cunzheng.json"
        path.write_text(json.dumps(bundle or self.bundles[name]), encoding="utf-8")
        return path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Files]:
    directory = tmp_path_factory.mktemp("certificate")
    file_entry = Entry(sha256(b"chat export").digest(), kind="chat-export", meta=META)
    package = Entry(sha256(b"package root").digest(), kind="package")
    hostile = Entry(sample_entry(3).digest, kind="<b>kind</b>", meta={"<script>": HOSTILE})
    chain = build_chain(
        directory / "store",
        [[sample_entry(0), sample_entry(1)], [sample_entry(2), file_entry, package], [hostile]],
        validators=4,
        signers=[0, 1, 2],
    )
    try:
        bundles = {
            "file": chain.bundle(file_entry),
            "package": chain.bundle(package),
            "hostile": chain.bundle(hostile),
        }
    finally:
        chain.close()
    genesis_path = directory / "genesis.json"
    genesis_path.write_text(chain.genesis.to_file_text(), encoding="utf-8")
    yield Files(directory, chain.genesis, genesis_path, file_entry, bundles)


def make_certificate(*args: str | Path) -> Result:
    return CliRunner().invoke(certificate_command, [str(arg) for arg in args])


def expected_payload(files: Files) -> str:
    header = files.bundles["file"]["header"]
    return (
        f"cunzheng:{files.file_entry.leaf_hash().hex()}"
        f"?alg=sha256&digest={files.file_entry.digest.hex()}"
        f"&chain_id=cunzheng-test&height=2&tree_size=5&root_hash={header['ledger_root']}"
    )


def svg_of(html: str) -> str:
    found = re.search(r"<svg\b.*?</svg>", html, re.DOTALL)
    assert found is not None, "no inline SVG in the certificate"
    return found.group(0)


def test_qr_payload_is_the_documented_string(files: Files) -> None:
    verdict = check_bundle(files.bundles["file"], files.genesis).verdict
    assert verdict.header.height == 2 and verdict.header.ledger_size == 5
    assert qr_payload(verdict, None) == expected_payload(files)
    with_page = qr_payload(verdict, PAGE_URL)
    assert with_page == f"{PAGE_URL}#{expected_payload(files)}"


def test_qr_payload_percent_encodes_the_chain_id(tmp_path: Path) -> None:
    # A chain id is any printable C2SP key name: "&" and "=" must not start a new parameter.
    entry = sample_entry(7)
    chain = build_chain(tmp_path / "store", [[entry]], chain_id="存证&x=1")
    try:
        verdict = check_bundle(chain.bundle(entry), chain.genesis).verdict
    finally:
        chain.close()
    assert "&chain_id=%E5%AD%98%E8%AF%81%26x%3D1&height=1&tree_size=1&" in qr_payload(verdict, None)


def test_certificate_shows_the_record_the_notaries_and_the_qr_code(files: Files) -> None:
    out = files.directory / "certificate.html"
    bundle = files.write_bundle("file")
    result = make_certificate(
        bundle, "--out", out, "--genesis", files.genesis_path, "--file-name", FILE_NAME
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Certificate written to {out}\n"
    html = out.read_text(encoding="utf-8")
    header = files.bundles["file"]["header"]
    for shown in [
        "存证证书",
        "Certificate of Evidence Preservation",
        files.file_entry.leaf_hash().hex(),  # the record (entry) id
        f'SHA-256 <span class="hex">{files.file_entry.digest.hex()}</span>',
        "chat-export",
        "case = (2026)京0491民初12345号",
        "device = iPhone 15 &lt;WeChat 8.0.50&gt; &amp; backup",
        "<td>2</td>",  # block height
        header["ledger_root"],
        "第 4 条（叶子序号 3），账本共 5 条",
        "leaf index 3 in a ledger of 5 entries",
        "北京时间 2026年11月23日 23:04:07.000（协调世界时 2026-11-23T15:04:07.000Z）",
        "2026-11-23T15:04:07.000Z (Beijing time 2026-11-23 23:04:07.000)",
        "cunzheng-test",
        files.genesis.hash().hex(),
        "4 个公证节点中的 3 个已签名",
        "3 of 4 notaries signed",
        "微信聊天记录 2026-11.zip",
        "cunzheng verify file.cunzheng.json --genesis genesis.json --file "
        "&#x27;微信聊天记录 2026-11.zip&#x27;",
        f'SHA-256 <span class="hex">{sha256(bundle.read_bytes()).hexdigest()}</span>',
        "@page { size: A4; margin: 18mm; }",
    ]:
        assert shown in html, shown
    validators = files.genesis.validator_set.validators
    for validator in validators[:3]:
        name, key_hash, key = validator.vkey().split("+", 2)
        assert f'<tr class="signed"><td>{name}</td>' in html
        assert f"{name}+<b>{key_hash}</b>+{key}" in html
    assert '<tr class="unsigned"><td>notary-d</td>' in html
    assert "NOT CONFIRMED" not in html
    assert svg_of(html).startswith('<svg viewBox="0 0 ')


def test_the_qr_code_is_segno_s_encoding_of_the_documented_payload(files: Files) -> None:
    out = files.directory / "certificate-qr.html"
    bundle = files.write_bundle("file")
    result = make_certificate(
        bundle, "--out", out, "--genesis", files.genesis_path, "--page-url", PAGE_URL
    )
    assert result.exit_code == 0, result.output
    # Encoded again here, independently, from the payload string the module documents.
    code = segno.make(f"{PAGE_URL}#{expected_payload(files)}", error="m", micro=False)
    assert code.error == "M"
    expected = code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr-code", lineclass=None)
    assert svg_of(out.read_text(encoding="utf-8")) == expected


def test_the_certificate_is_self_contained_and_escapes_what_the_bundle_says(
    files: Files,
) -> None:
    # Meta, kind and the stated file name come from the litigant: they are text, never markup.
    out = files.directory / "certificate-hostile.html"
    result = make_certificate(
        files.write_bundle("hostile"), "--out", out, "--file-name", HOSTILE, "--lang", "en"
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    tags = re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>", html)
    assert {name for name, _ in tags} <= ALLOWED_TAGS
    for name, attributes in tags:
        assert not re.search(r"\b(src|href|on[a-z]+)\s*=", attributes, re.IGNORECASE), name
    style = re.search(r"<style>(.*?)</style>", html, re.DOTALL)
    assert style is not None and "url(" not in style.group(1) and "@import" not in style.group(1)
    assert "&lt;b&gt;kind&lt;/b&gt;" in html
    assert "&lt;script&gt; = &lt;/td&gt;&lt;script&gt;alert(&quot;x&quot;)" in html


def test_one_language_when_asked(files: Files) -> None:
    bundle = files.write_bundle("file")
    for lang, present, absent in [
        ("zh", "存证证书", "Certificate of Evidence Preservation"),
        ("en", "Certificate of Evidence Preservation", "存证证书"),
    ]:
        out = files.directory / f"certificate-{lang}.html"
        result = make_certificate(
            bundle, "--out", out, "--genesis", files.genesis_path, "--lang", lang
        )
        assert result.exit_code == 0, result.output
        html = out.read_text(encoding="utf-8")
        assert present in html and absent not in html


def test_without_trusted_genesis_the_page_says_the_notaries_are_unconfirmed(files: Files) -> None:
    out = files.directory / "certificate-unconfirmed.html"
    result = make_certificate(files.write_bundle("file"), "--out", out)
    assert result.exit_code == 0, result.output
    assert f"Compare genesis hash {files.genesis.hash().hex()} with" in result.stderr
    html = out.read_text(encoding="utf-8")
    assert "注意：公证节点身份未经确认 / Warning: notaries not confirmed" in html
    assert "VALID, BUT THE NOTARIES ARE UNCONFIRMED:" in html
    assert "有效，但公证节点身份未经确认：" in html
    assert "only the notary list the proof bundle carries itself: NOT CONFIRMED" in html


def test_trusted_keys_confirm_the_notaries(files: Files) -> None:
    out = files.directory / "certificate-keys.html"
    vkeys = [v.vkey() for v in files.genesis.validator_set.validators[:3]]
    args = [arg for vkey in vkeys for arg in ("--trust", vkey)]
    result = make_certificate(files.write_bundle("file"), "--out", out, *args)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "trusted notary keys given when this certificate was made" in html
    assert "NOT CONFIRMED" not in html


def test_an_invalid_bundle_gets_no_certificate(files: Files) -> None:
    bundle = json.loads(json.dumps(files.bundles["file"]))
    first = bundle["inclusion"]["hashes"][0]
    bundle["inclusion"]["hashes"][0] = ("0" if first[0] != "0" else "1") + first[1:]
    out = files.directory / "certificate-invalid.html"
    tampered = files.write_bundle("tampered", bundle)
    result = make_certificate(
        tampered, "--out", out, "--genesis", files.genesis_path, "--lang", "en"
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("INVALID: the inclusion proof does not lead to the ledger root")
    assert f"No certificate was written to {out}." in result.stderr
    assert not out.exists()
    assert not list(files.directory.glob(".certificate-invalid*"))


def test_a_bundle_of_another_chain_gets_no_certificate(files: Files, tmp_path: Path) -> None:
    entry = sample_entry(9)
    other = build_chain(tmp_path / "store", [[entry]], chain_id="another-chain")
    try:
        bundle = other.bundle(entry)
    finally:
        other.close()
    out = tmp_path / "certificate.html"
    other_path = files.write_bundle("other", bundle)
    result = make_certificate(
        other_path, "--out", out, "--genesis", files.genesis_path, "--lang", "zh"
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("无效：证明文件所属的账本与可信创世文件的账本不同")
    assert not out.exists()


def test_a_sealed_package_is_checked_with_its_folder(files: Files) -> None:
    out = files.directory / "certificate-package.html"
    package = files.write_bundle("package")
    result = make_certificate(package, "--out", out, "--genesis", files.genesis_path)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "--genesis genesis.json --package DIR" in html
    assert "sha256sum" not in html
    assert "sealed evidence package" in html


def test_out_must_not_replace_the_bundle_or_a_foreign_file(files: Files) -> None:
    bundle = files.write_bundle("file")
    kept = bundle.read_bytes()
    result = make_certificate(bundle, "--out", bundle)
    assert result.exit_code == 2
    assert bundle.read_bytes() == kept
    foreign = files.directory / "notes.html"
    foreign.write_text("<p>my notes</p>", encoding="utf-8")
    result = make_certificate(bundle, "--out", foreign)
    assert result.exit_code == 1
    assert "is not a certificate made by cunzheng" in result.stderr
    assert foreign.read_text(encoding="utf-8") == "<p>my notes</p>"
    again = files.directory / "again.html"
    assert make_certificate(bundle, "--out", again).exit_code == 0
    assert make_certificate(bundle, "--out", again, "--genesis", files.genesis_path).exit_code == 0
    assert "NOT CONFIRMED" not in again.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "page_url", ["ftp://verify.example.org/", "verify.example.org", f"{PAGE_URL}#top"]
)
def test_page_url_must_be_http_without_a_fragment(files: Files, page_url: str) -> None:
    out = files.directory / "certificate-url.html"
    result = make_certificate(files.write_bundle("file"), "--out", out, "--page-url", page_url)
    assert result.exit_code == 2
    assert "--page-url" in result.stderr
    assert not out.exists()


def count_pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF as chromium writes it (uncompressed object dictionaries)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); never downloaded")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def print_page(browser: Any, html_path: Path) -> Any:
    """A page showing `html_path` as printed: print media, as wide as A4's printable area."""
    page = browser.new_page(
        viewport={"width": round(PRINTABLE_WIDTH_PX), "height": round(PRINTABLE_HEIGHT_PX)}
    )
    page.goto(html_path.as_uri())
    page.emulate_media(media="print")
    return page


@pytest.mark.browser
def test_the_page_counter_sees_two_pages(browser: Any) -> None:
    page = browser.new_page()
    page.set_content('<p style="break-after: page">one</p><p>two</p>')
    assert count_pdf_pages(page.pdf(format="A4")) == 2
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("trusted", [True, False], ids=["trusted", "unconfirmed"])
def test_the_certificate_prints_on_one_a4_page(files: Files, browser: Any, trusted: bool) -> None:
    out = files.directory / f"certificate-print-{trusted}.html"
    trust: list[str | Path] = ["--genesis", files.genesis_path] if trusted else []
    bundle = files.write_bundle("file")
    result = make_certificate(
        bundle, "--out", out, *trust, "--page-url", PAGE_URL, "--file-name", FILE_NAME
    )
    assert result.exit_code == 0, result.output
    page = print_page(browser, out)
    assert count_pdf_pages(page.pdf(format="A4")) == 1
    if trusted:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "certificate.png"), full_page=True)
    qr = page.locator("svg.qr-code").bounding_box()
    assert qr is not None and page.locator("svg.qr-code").is_visible()
    assert qr["width"] >= 25 * PX_PER_MM and abs(qr["width"] - qr["height"]) < 1
    assert qr["x"] + qr["width"] <= PRINTABLE_WIDTH_PX + 0.5
    title = page.locator("h1")
    box = title.bounding_box()
    assert box is not None and title.is_visible()
    assert "存证证书" in title.inner_text() and box["y"] < 20 * PX_PER_MM
    body_height = page.evaluate("document.body.getBoundingClientRect().height")
    assert body_height <= PRINTABLE_HEIGHT_PX
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PRINTABLE_WIDTH_PX + 0.5 <= A4_WIDTH_PX
    page.close()
