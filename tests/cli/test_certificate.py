"""`cunzheng certificate` and `cunzheng verifier`: the offline verifier (one HTML file), and a
certificate, which is that file with the record embedded (node/api/offline_page.py).

What the file shows in a browser is tested in tests/browser/test_offline.py; here, what the
commands write: the same bytes as the builder, a record without salts, a strict policy whose
hashes are those of the inline script and style, no way for a bundle's text to end its
block, and refusals (an invalid record, a bad --page-url, a file cunzheng did not write).
"""

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cunzheng.cli.certificate_cmd import certificate_command
from cunzheng.cli.verifier_cmd import verifier_command
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.manifest import write_manifest
from cunzheng.ledger.package import seal_directory
from cunzheng.ledger.validators import Genesis
from cunzheng.node.api.offline_page import certificate_record, embed_record, offline_verifier
from tests.support.chain_factory import build_chain
from tests.support.evidence_fixture import counting_salts, sample_collection, write_chat_record

PAGE_URL = "https://verify.example.org/cunzheng/"
HOSTILE = '</script><script>alert("x")</script><!--'
BLOCK = re.compile(r'<script type="application/json" id="record">(.*?)</script>', re.DOTALL)


@dataclass(frozen=True)
class Files:
    """A chat-export bundle (its meta hostile HTML), a package's bundle and manifest, the
    genesis, in `directory`."""

    directory: Path
    genesis: Genesis
    genesis_path: Path
    bundle: Path
    package_bundle: Path
    manifest: Path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    directory = tmp_path_factory.mktemp("certificate")
    folder = directory / "证据"
    write_chat_record(folder)
    manifest = seal_directory(
        folder, alg="sha256", salt_source=counting_salts(), collection=sample_collection(), roles={}
    ).manifest
    write_manifest(directory / "manifest.json", manifest)
    entry = Entry(sha256(b"chat export").digest(), kind="chat-export", meta={"note": HOSTILE})
    chain = build_chain(directory / "store", [[entry, manifest.entry]], validators=4)
    try:
        for name, item in (("file", entry), ("package", manifest.entry)):
            path = directory / f"{name}.cunzheng.json"
            path.write_text(json.dumps(chain.bundle(item), indent=2), "utf-8")
        (directory / "genesis.json").write_text(chain.genesis.to_file_text(), "utf-8")
    finally:
        chain.close()
    return Files(
        directory,
        chain.genesis,
        directory / "genesis.json",
        directory / "file.cunzheng.json",
        directory / "package.cunzheng.json",
        directory / "manifest.json",
    )


def run(command: Any, *arguments: Path | str) -> Result:
    return CliRunner().invoke(command, [str(a) for a in arguments])


def record_of(html: str) -> dict[str, Any]:
    match = BLOCK.search(html)
    assert match is not None
    result: dict[str, Any] = json.loads(match.group(1))
    return result


def test_a_certificate_is_the_offline_verifier_with_the_record(
    files: Files, tmp_path: Path
) -> None:
    out = tmp_path / "certificate.html"
    result = run(
        certificate_command,
        files.bundle,
        "--out",
        out,
        "--genesis",
        files.genesis_path,
        "--page-url",
        PAGE_URL,
        "--lang",
        "en",
    )
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    bundle = json.loads(files.bundle.read_text("utf-8"))
    expected = embed_record(
        offline_verifier(files.genesis).html, certificate_record(bundle, None, PAGE_URL)
    )
    assert out.read_text("utf-8") == expected
    record = record_of(expected)
    assert record == {
        "format": "cunzheng-certificate/v1",
        "bundle": bundle,
        "package": None,
        "page_url": PAGE_URL,
    }


def test_a_package_certificate_lists_the_files_without_their_salts(
    files: Files, tmp_path: Path
) -> None:
    out = tmp_path / "package.html"
    result = run(
        certificate_command,
        files.package_bundle,
        "--manifest",
        files.manifest,
        "--out",
        out,
        "--genesis",
        files.genesis_path,
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads(files.manifest.read_text("utf-8"))
    listed = record_of(out.read_text("utf-8"))["package"]
    assert listed["manifest_format"] == "cunzheng-package/v2"
    assert listed["files"] == [
        {key: item[key] for key in ("path", "role", "size", "alg", "file_hash")}
        for item in manifest["files"]
    ]
    assert listed["collection"] == {k: v for k, v in manifest["collection"].items() if k != "salt"}
    text = out.read_text("utf-8")
    assert manifest["collection"]["salt"] not in text
    assert all(item["salt"] not in text for item in manifest["files"])


def test_a_bundle_s_text_cannot_end_its_block(files: Files, tmp_path: Path) -> None:
    out = tmp_path / "hostile.html"
    assert run(certificate_command, files.bundle, "--out", out).exit_code == 0
    html = out.read_text("utf-8")
    assert HOSTILE not in html and "alert" in html
    block = BLOCK.search(html)
    assert block is not None and "<" not in block.group(1)
    assert record_of(html)["bundle"]["entry"]["meta"]["note"] == HOSTILE


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        (["--manifest", "{manifest}"], "清单属于另一个"),  # a file record's bundle
        (["--genesis", "{other_genesis}"], "账本标识不一致"),
    ],
)
def test_a_record_that_does_not_check_out_gets_no_certificate(
    files: Files, tmp_path: Path, arguments: list[str], reason: str
) -> None:
    other = tmp_path / "other-genesis.json"
    document = json.loads(files.genesis_path.read_text("utf-8"))
    other.write_text(json.dumps({**document, "chain_id": "another-chain"}), "utf-8")
    filled = [a.format(manifest=files.manifest, other_genesis=other) for a in arguments]
    out = tmp_path / "refused.html"
    result = run(certificate_command, files.bundle, "--out", out, *filled, "--lang", "zh")
    assert result.exit_code == 1
    assert reason in result.output and f"未生成证书（{out}）" in result.output
    assert not out.exists()


@pytest.mark.parametrize("url", ["ftp://example.org/", "https://example.org/#x", "/relative"])
def test_the_page_url_is_an_http_address_without_a_fragment(
    files: Files, tmp_path: Path, url: str
) -> None:
    result = run(certificate_command, files.bundle, "--out", tmp_path / "c.html", "--page-url", url)
    assert result.exit_code == 2 and "--page-url" in result.output


def test_out_replaces_only_what_cunzheng_wrote(files: Files, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    out.write_text("<html>a letter to the court</html>", "utf-8")
    result = run(verifier_command, "--out", out, "--lang", "en")
    assert result.exit_code == 1 and "was not written by cunzheng" in result.output
    assert out.read_text("utf-8") == "<html>a letter to the court</html>"
    out.unlink()
    assert run(verifier_command, "--out", out).exit_code == 0
    assert run(certificate_command, files.bundle, "--out", out).exit_code == 0
    assert record_of(out.read_text("utf-8"))["page_url"] is None
    result = run(certificate_command, files.bundle, "--out", files.bundle)
    assert result.exit_code == 2 and "one of the input files" in result.output


def _inline(html: str, tag: str, opening: str) -> str:
    match = re.search(rf"{re.escape(opening)}(.*?)</{tag}>", html, re.DOTALL)
    assert match is not None, opening
    return match.group(1)


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_verifier_has_a_strict_policy_and_loads_nothing(files: Files, tmp_path: Path) -> None:
    out = tmp_path / "verifier.html"
    assert run(verifier_command, "--out", out, "--genesis", files.genesis_path).exit_code == 0
    html = out.read_text("utf-8")
    policy_tag = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert policy_tag is not None
    policy = policy_tag.group(1)
    script = _inline(html, "script", '<script type="module">')
    style = _inline(html, "style", "<style>")
    assert policy == (
        f"default-src 'none'; script-src {_hash(script)} 'wasm-unsafe-eval'; "
        f"style-src {_hash(style)}; worker-src blob:; connect-src 'none'; base-uri 'none'; "
        "form-action 'none'"
    )
    # One executable script; everything else is a data block the browser never runs.
    worker = _inline(html, "script", '<script type="text/plain" id="hash-worker">')
    types = re.findall(r"<script([^>]*)>", html.replace(script, "").replace(worker, ""))
    assert sorted(types) == sorted(
        [
            ' type="application/json" id="trust-anchor"',
            ' type="application/json" id="rules"',
            ' type="application/json" id="record"',
            ' type="text/plain" id="hash-worker"',
            ' type="module"',
        ]
    )
    markup = html.replace(script, "").replace(worker, "")
    assert " src=" not in markup and "<link" not in markup and "@import" not in style
    anchor = _inline(html, "script", '<script type="application/json" id="trust-anchor">')
    assert Genesis.from_json(json.loads(anchor)) == files.genesis
    assert '<script type="application/json" id="record">null</script>' in html
    bare = tmp_path / "bare.html"
    assert run(verifier_command, "--out", bare).exit_code == 0
    assert '<script type="application/json" id="trust-anchor">null</script>' in bare.read_text()
