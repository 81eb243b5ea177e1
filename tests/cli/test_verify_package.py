"""`cunzheng verify` on a sealed chat-record folder: --package, --disclosure, --manifest and a
存证包 (.zip) in place of the bundle; what a person reads, in English and Chinese.

tests/cli/test_verdict_corpus.py holds every verdict and reason; these tests read the words.
"""

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cunzheng.cli import package_zip
from cunzheng.cli.verify_cmd import verify
from cunzheng.ledger.disclosure import disclose
from cunzheng.ledger.manifest import Manifest, write_manifest
from cunzheng.ledger.package import seal_directory
from tests.support.chain_factory import build_chain
from tests.support.evidence_fixture import (
    CHAT_RECORD_PATHS,
    counting_salts,
    sample_collection,
    write_chat_record,
)

OWNER_PROFILE = CHAT_RECORD_PATHS["owner_profile"]
TRANSCRIPT = CHAT_RECORD_PATHS["voice_transcript"]
ZIP_MEMBERS = ("certificate.html", "verifier.html", "genesis.json", "README.txt")


def sealed_case(tmp_path: Path, manifest: Manifest | None = None) -> Path:
    """The case folder: 证据/ sealed (or `manifest`'s package), its manifest case.json, its
    bundle case.bundle.json, genesis.json and the disclosure one.disclosure.json."""
    folder = tmp_path / "证据"
    write_chat_record(folder)
    if manifest is None:
        manifest = seal_directory(
            folder,
            alg="sha256",
            salt_source=counting_salts(),
            collection=sample_collection(),
            roles={},
        ).manifest
    write_manifest(tmp_path / "case.json", manifest)
    chain = build_chain(tmp_path / "store", [[manifest.entry]])
    try:
        (tmp_path / "case.bundle.json").write_text(json.dumps(chain.bundle(manifest.entry)))
        (tmp_path / "genesis.json").write_text(chain.genesis.to_file_text(), "utf-8")
    finally:
        chain.close()
    disclosure = disclose(manifest, OWNER_PROFILE)
    (tmp_path / "one.disclosure.json").write_text(json.dumps(disclosure), "utf-8")
    return tmp_path


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return sealed_case(tmp_path)


def run(
    case: Path, *args: str | Path, bundle: str = "case.bundle.json", trusted: bool = True
) -> Result:
    """`cunzheng verify` of the case's bundle (or `bundle`) with `args`, in English unless
    `args` says otherwise, with the trusted genesis unless not `trusted`."""
    given = [str(arg) for arg in args]
    genesis = ["--genesis", str(case / "genesis.json")] if trusted else []
    language = [] if "--lang" in given else ["--lang", "en"]
    return CliRunner().invoke(verify, [str(case / bundle), *genesis, *language, *given])


def test_the_sealed_folder_verifies_and_shows_the_collection_record(case: Path) -> None:
    result = run(case, "--package", case / "证据")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("VALID: the sealed evidence package with root ")
    assert "every one of the 7 files of the folder is exactly as sealed" in lines
    title = lines.index(
        "Collection record: the litigant's own statement. The notaries attest only that it "
        "was sealed with the package, not that it is true."
    )
    assert lines[title + 1 : title + 3] == [
        "  operator     李四",
        "  device       iPhone 13（序列号 F2LXK0AAAAAA）",
    ]
    assert "  steps        1. 打开“我 > 设置 > 账号与安全”，截图本人个人信息页" in lines
    chinese = run(case, "--package", case / "证据", "--lang", "zh")
    assert "收集记录（当事人自述）：公证节点只证明它随证据包一同封存，不证明其内容属实。" in (
        chinese.stdout.splitlines()
    )
    assert "  操作人    李四" in chinese.stdout.splitlines()


def test_each_changed_missing_added_and_renamed_file_is_named(case: Path) -> None:
    folder = case / "证据"
    with (folder / OWNER_PROFILE).open("ab") as handle:
        handle.write(b"!")
    (folder / "补充.txt").write_text("later", "utf-8")
    (folder / CHAT_RECORD_PATHS["screen_recording"]).unlink()
    (folder / TRANSCRIPT).rename(folder / "语音" / "转写.txt")
    result = run(case, "--package", folder)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:5] == [
        "INVALID: the folder is not the evidence package as it was sealed",
        '  missing: "录屏/取证过程录屏.mp4" was sealed but is not in the folder',
        f'  changed: "{OWNER_PROFILE}" has 105 bytes, 104 were sealed',
        '  added: "补充.txt" is in the folder but was not sealed',
        f'  renamed: "{TRANSCRIPT}" is now named "语音/转写.txt" (same size and digest)',
    ]
    chinese = run(case, "--package", folder, "--lang", "zh")
    assert chinese.stdout.splitlines()[:3] == [
        "无效：该文件夹与封存时的证据包不一致。",
        "  缺少：“录屏/取证过程录屏.mp4”已封存，但文件夹中没有",
        f"  已改动：“{OWNER_PROFILE}”现有 105 字节，封存时为 104 字节",
    ]
    verdict = json.loads(run(case, "--package", folder, "--json").stdout)
    assert {"path": TRANSCRIPT, "status": "renamed", "to": "语音/转写.txt"} in verdict["files"]


def test_a_disclosed_file_verifies_alone_and_with_the_manifest(case: Path) -> None:
    disclosure = case / "one.disclosure.json"
    alone = run(case, "--disclosure", disclosure, "--file", case / "证据" / OWNER_PROFILE)
    assert alone.exit_code == 0, alone.output
    assert f'file "{OWNER_PROFILE}" (104 bytes, SHA-256 ' in alone.stdout
    assert "is file 3 of 7 of the sealed package" in alone.stdout
    assert "Collection record" not in alone.stdout  # a disclosure does not carry it
    with_manifest = run(
        case,
        "--disclosure",
        disclosure,
        "--file",
        case / "证据" / OWNER_PROFILE,
        "--manifest",
        case / "case.json",
    )
    assert with_manifest.exit_code == 0, with_manifest.output
    assert "Collection record: the litigant's own statement." in with_manifest.stdout
    other = run(case, "--disclosure", disclosure, "--file", case / "证据" / TRANSCRIPT)
    assert other.exit_code == 1 and other.stdout.startswith(
        "INVALID: the single-file disclosure does not prove this file to be part of this package"
    )


def test_a_disclosure_needs_the_file_and_a_folder_excludes_a_file(case: Path) -> None:
    result = run(case, "--disclosure", case / "one.disclosure.json")
    assert result.exit_code == 2 and "--file" in result.stderr
    both = run(case, "--package", case / "证据", "--file", case / "证据" / OWNER_PROFILE)
    assert both.exit_code == 2 and "not both" in both.stderr


def test_a_version_1_manifest_verifies_with_its_record_shown_unsealed(tmp_path: Path) -> None:
    folder = tmp_path / "证据"
    write_chat_record(folder)
    sealed = seal_directory(
        folder, alg="sha256", salt_source=counting_salts(), collection=sample_collection(), roles={}
    ).manifest
    old = Manifest.of(list(sealed.files), replace(sealed.collection, salt=None))
    case = sealed_case(tmp_path, old)
    result = run(case, "--package", case / "证据")
    assert result.exit_code == 0, result.output
    assert (
        "Notice: the collection record is not sealed (a version 1 manifest): its text may have "
        "been edited after sealing, so it is shown as unsealed."
    ) in result.stdout.splitlines()
    assert "Collection record: the litigant's own statement, NOT sealed" in result.stdout
    chinese = run(case, "--package", case / "证据", "--lang", "zh")
    assert "收集记录（当事人自述，未封存）：其内容可能在封存后被改动。" in chinese.stdout


def write_zip(case: Path, name: str, members: dict[str, bytes]) -> Path:
    path = case / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


def package_zip_members(case: Path) -> dict[str, bytes]:
    """What the page puts in a 存证包."""
    members = {
        package_zip.BUNDLE_MEMBER: (case / "case.bundle.json").read_bytes(),
        package_zip.MANIFEST_MEMBER: (case / "case.json").read_bytes(),
    }
    return members | {name: b"(not read by the verifier)" for name in ZIP_MEMBERS}


def test_a_package_zip_stands_in_for_bundle_and_manifest(case: Path) -> None:
    write_zip(case, "存证包.zip", package_zip_members(case))
    result = run(case, "--package", case / "证据", bundle="存证包.zip")
    assert result.exit_code == 0, result.output
    assert "every one of the 7 files of the folder is exactly as sealed" in result.stdout
    disclosed = run(
        case,
        "--disclosure",
        case / "one.disclosure.json",
        "--file",
        case / "证据" / OWNER_PROFILE,
        bundle="存证包.zip",
    )
    assert disclosed.exit_code == 0, disclosed.output
    assert "Collection record: the litigant's own statement." in disclosed.stdout
    twice = run(case, "--manifest", case / "case.json", bundle="存证包.zip")
    assert twice.exit_code == 2 and "leave out --manifest" in twice.stderr


def test_a_package_zip_s_own_genesis_is_no_trust_anchor(case: Path) -> None:
    members = package_zip_members(case)
    members["genesis.json"] = (case / "genesis.json").read_bytes()
    write_zip(case, "存证包.zip", members)
    result = run(case, "--quiet", bundle="存证包.zip", trusted=False)
    assert result.exit_code == 3
    assert "The genesis.json inside the evidence package download (存证包) came with the" in (
        result.stdout
    )
    chinese = run(case, "--quiet", "--lang", "zh", bundle="存证包.zip", trusted=False)
    assert "存证包内的 genesis.json 随证据一同提供，不能用来确认公证节点" in chinese.stdout


@pytest.mark.parametrize(
    "member", ["../proof.cunzheng.json", "/etc/passwd", "a\\b.txt", "C:/x.txt", "x/../../y"]
)
def test_a_zip_with_path_tricks_is_refused(case: Path, member: str) -> None:
    write_zip(case, "tricky.zip", package_zip_members(case) | {member: b"x"})
    result = run(case, "--package", case / "证据", bundle="tricky.zip")
    assert result.exit_code == 2
    assert f'holds a file named "{member}"' in result.stderr
    chinese = run(case, "--lang", "zh", bundle="tricky.zip")
    assert f"内有名为“{member}”的文件" in chinese.stderr


def test_a_zip_with_an_oversized_member_or_no_bundle_is_refused(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    members = package_zip_members(case)
    limit = max(len(data) for data in members.values())
    monkeypatch.setattr(package_zip, "MAX_MEMBER_BYTES", limit)
    write_zip(case, "big.zip", members | {"README.txt": b"x" * (limit + 1)})
    result = run(case, bundle="big.zip")
    assert result.exit_code == 2
    assert f'"README.txt" is over {limit} bytes' in result.stderr
    members = package_zip_members(case)
    del members[package_zip.BUNDLE_MEMBER]
    write_zip(case, "no-bundle.zip", members)
    missing = run(case, bundle="no-bundle.zip")
    assert missing.exit_code == 2 and "without proof.cunzheng.json" in missing.stderr
