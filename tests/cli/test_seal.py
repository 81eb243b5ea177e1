"""`cunzheng seal`, `disclose` and `submit --manifest` through click's runner.

No node is needed except in the `--node` tests, which run a fake node (tests/support/fake_node.py)
on a random loopback port and the command in a worker thread, so the node keeps serving.
"""

import asyncio
import json
import shlex
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from aiohttp.test_utils import TestServer
from click.testing import CliRunner, Result

from cunzheng.cli.seal_cmd import disclose_command, seal_command
from cunzheng.cli.submit_cmd import submit
from cunzheng.ledger.bundle import verify_bundle
from cunzheng.ledger.disclosure import verify_disclosure
from cunzheng.ledger.manifest import read_manifest
from cunzheng.ledger.package import verify_folder
from tests.support.chain_factory import Chain, build_chain, notary_keys
from tests.support.evidence_fixture import CHAT_RECORD_PATHS, write_chat_record
from tests.support.fake_node import FakeNode

ENGLISH = {"LANG": "C.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}
CHINESE = {"LANG": "zh_CN.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}
OWNER_PROFILE = CHAT_RECORD_PATHS["owner_profile"]
COLLECTION_OPTIONS = (
    "--operator",
    "李四",
    "--device",
    "iPhone 13",
    "--app",
    "微信",
    "--app-version",
    "8.0.50",
    "--started",
    "2026-11-20T14:30:00+08:00",
    "--ended",
    "2026-11-20T15:05:00+08:00",
    "--method",
    "全程录屏",
    "--step",
    "截图本人个人信息页",
    "--step",
    "截图对方个人信息页",
)


def invoke(command: click.Command, *args: str | Path, env: dict[str, Any] = ENGLISH) -> Result:
    """Run `command` with `args` in click's runner (standard error kept apart)."""
    return CliRunner().invoke(command, [str(arg) for arg in args], env=env)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A complete chat-record folder."""
    write_chat_record(tmp_path / "证据")
    return tmp_path / "证据"


@pytest.fixture
def sealed(folder: Path) -> Path:
    """The manifest of `folder`, written by `cunzheng seal`."""
    out = folder.parent / "证据.manifest.json"
    result = invoke(seal_command, folder, "--out", out, *COLLECTION_OPTIONS)
    assert result.exit_code == 0, result.output
    return out


# --- seal ------------------------------------------------------------------------------------


def test_seal_writes_the_manifest_and_says_what_it_sealed(folder: Path, sealed: Path) -> None:
    manifest = read_manifest(sealed)
    assert len(manifest.files) == len(CHAT_RECORD_PATHS)
    collection = manifest.collection
    assert (collection.operator, collection.app, collection.started) == (
        "李四",
        "微信",
        "2026-11-20T14:30:00+08:00",
    )
    assert collection.steps == ("截图本人个人信息页", "截图对方个人信息页")
    assert manifest.version == 2 and collection.is_sealed
    assert json.loads(sealed.read_text("utf-8"))["format"] == "cunzheng-package/v2"
    again = invoke(seal_command, folder, "--out", folder.parent / "again.json")
    assert again.stderr == ""  # nothing is missing, so nothing is warned about
    assert f"Sealed 7 files ({sum(f.package_file.size for f in manifest.files)} bytes)" in (
        again.stdout
    )
    fresh = read_manifest(folder.parent / "again.json")
    assert f"Package root: {fresh.entry.digest.hex()}" in again.stdout
    assert f"Entry id:     {fresh.entry.leaf_hash().hex()}" in again.stdout
    assert fresh.entry.digest != manifest.entry.digest  # fresh random salts


def test_seal_warns_in_english_and_chinese(tmp_path: Path) -> None:
    write_chat_record(tmp_path / "证据", omit={"screen_recording", "voice_transcript"})
    english = invoke(seal_command, tmp_path / "证据", "--out", tmp_path / "en.json")
    assert english.exit_code == 0, english.output
    assert english.stderr.splitlines() == [
        "Warning: no screen recording of the collection: filming the whole collection as it "
        "happens shows the copy is faithful to the original phone or PC.",
        'Warning: voice message "语音/语音_001.amr" has no transcript: courts ask for voice '
        'messages in writing (name it like "语音_001_文字.txt").',
    ]
    by_lang = invoke(seal_command, tmp_path / "证据", "--out", tmp_path / "zh.json", env=CHINESE)
    by_option = invoke(
        seal_command, tmp_path / "证据", "--out", tmp_path / "zh2.json", "--lang", "zh"
    )
    for chinese in (by_lang, by_option):
        assert chinese.stderr.startswith("提醒：缺少取证过程录屏：")
        assert "已封存" in chinese.stdout


def test_seal_leaves_out_operating_system_files_and_says_so(tmp_path: Path, folder: Path) -> None:
    (folder / ".DS_Store").write_bytes(b"Finder")
    (folder / "截图" / "Thumbs.db").write_bytes(b"Explorer")
    english = invoke(seal_command, folder, "--out", tmp_path / "en.json")
    assert english.exit_code == 0, english.output
    assert english.stderr.splitlines() == [
        "Left out 2 files the operating system adds by itself (not evidence): .DS_Store, "
        "截图/Thumbs.db"
    ]
    assert len(read_manifest(tmp_path / "en.json").files) == len(CHAT_RECORD_PATHS)
    chinese = invoke(seal_command, folder, "--out", tmp_path / "zh.json", "--lang", "zh")
    assert chinese.stderr == (
        "已略去操作系统自动生成的 2 个文件（不属于证据）：.DS_Store、截图/Thumbs.db\n"
    )


def test_seal_with_roles_and_sm3(folder: Path) -> None:
    out = folder.parent / "sm3.json"
    result = invoke(
        seal_command, folder, "--out", out, "--alg", "sm3", "--role", f"{OWNER_PROFILE}=image"
    )
    assert result.exit_code == 0, result.output
    manifest = read_manifest(out)
    assert {item.package_file.alg for item in manifest.files} == {"sm3"}
    assert [item.role for item in manifest.files if item.package_file.path == OWNER_PROFILE] == [
        "image"
    ]
    assert "Warning: no page showing the owner's own WeChat profile" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--role", "截图/x.png=selfie"), "give PATH=ROLE"),
        (("--role", "no-equals-sign"), "give PATH=ROLE"),
        (("--started", "yesterday"), "not an ISO 8601 time"),
        (("--alg", "md5"), "'md5' is not one of"),
        (("--node", "ftp://node"), "is not a node URL"),
    ],
)
def test_seal_usage_errors_exit_2(folder: Path, args: tuple[str, ...], message: str) -> None:
    result = invoke(seal_command, folder, "--out", folder.parent / "m.json", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (folder.parent / "m.json").exists()


def test_seal_never_replaces_a_manifest_or_writes_inside_the_folder(
    folder: Path, sealed: Path
) -> None:
    before = sealed.read_bytes()
    again = invoke(seal_command, folder, "--out", sealed)
    assert again.exit_code == 2
    assert "only copy of its files' salts" in again.stderr
    assert sealed.read_bytes() == before
    inside = invoke(seal_command, folder, "--out", folder / "m.json")
    assert inside.exit_code == 2
    assert "is inside" in inside.stderr


def test_seal_refuses_a_symlink_naming_it(folder: Path) -> None:
    (folder / "截图" / "快捷方式.png").symlink_to(folder / OWNER_PROFILE)
    result = invoke(seal_command, folder, "--out", folder.parent / "m.json")
    assert result.exit_code == 1
    assert "cannot seal '截图/快捷方式.png': it is a symbolic link" in result.stderr
    assert not (folder.parent / "m.json").exists()


# --- disclose --------------------------------------------------------------------------------


def test_disclose_writes_a_disclosure_that_verifies(folder: Path, sealed: Path) -> None:
    out = folder.parent / "我的个人信息页.disclosure.json"
    result = invoke(disclose_command, sealed, OWNER_PROFILE, "--out", out)
    assert result.exit_code == 0, result.output
    assert f'Disclosure of "{OWNER_PROFILE}" (file 3 of 7) written to {out}.' in result.stdout
    disclosure = json.loads(out.read_text(encoding="utf-8"))
    root = read_manifest(sealed).entry.digest
    disclosed = verify_disclosure(disclosure, root, folder / OWNER_PROFILE)
    assert disclosed.package_file.path == OWNER_PROFILE
    assert disclosure["inclusion"]["tree_size"] == 8  # seven files and the collection record


def test_disclose_refuses_unknown_paths_and_edited_manifests(folder: Path, sealed: Path) -> None:
    out = folder.parent / "d.json"
    unknown = invoke(disclose_command, sealed, "截图/没有.png", "--out", out)
    assert unknown.exit_code == 2
    assert "截图/没有.png" in unknown.stderr
    obj = json.loads(sealed.read_text(encoding="utf-8"))
    obj["files"][0]["salt"] = "00" * 32
    sealed.write_text(json.dumps(obj), encoding="utf-8")
    edited = invoke(disclose_command, sealed, OWNER_PROFILE, "--out", out)
    assert edited.exit_code == 1
    assert "edited after sealing" in edited.stderr
    assert not out.exists()


# --- seal --node -------------------------------------------------------------------------------


@pytest.fixture
def chain(tmp_path: Path) -> Iterator[Chain]:
    built = build_chain(tmp_path / "store", [], validators=4)
    yield built
    built.close()


@pytest.fixture
async def node(aiohttp_server: Any, chain: Chain) -> AsyncIterator[tuple[FakeNode, str]]:
    fake = FakeNode(chain, notary_keys(1)[0], polls_before_commit=2)
    server: TestServer = await aiohttp_server(fake.app())
    yield fake, str(server.make_url("")).rstrip("/")


async def invoke_in_thread(*args: str | Path) -> Result:
    """Run `seal` in a worker thread, so the fake node keeps serving on this event loop."""
    return await asyncio.to_thread(invoke, seal_command, *args)


async def test_seal_submits_waits_and_saves_the_checked_bundle(
    node: tuple[FakeNode, str], chain: Chain, folder: Path
) -> None:
    fake, url = node
    out = folder.parent / "证据.manifest.json"
    result = await invoke_in_thread(folder, "--out", out, "--node", url)
    assert result.exit_code == 0, result.output
    manifest = read_manifest(out)
    (sent,) = fake.batches
    assert sent == [
        {
            "digest": manifest.entry.digest.hex(),
            "alg": "sha256",
            "kind": "package",
            "meta": {"files": "7"},
        }
    ]
    bundle_path = folder.parent / "证据.manifest.bundle.json"
    assert (
        f"Committed in block 1; proof bundle checked and saved to {bundle_path}." in result.stdout
    )
    verdict = verify_bundle(json.loads(bundle_path.read_text(encoding="utf-8")), chain.genesis)
    assert verdict.entry == manifest.entry
    assert {status.state for status in verify_folder(manifest, folder)} == {"unchanged"}


async def test_seal_without_waiting_says_how_to_fetch_the_proof(
    node: tuple[FakeNode, str], folder: Path
) -> None:
    _fake, url = node
    out = folder.parent / "m.json"
    result = await invoke_in_thread(folder, "--out", out, "--node", url, "--no-wait")
    assert result.exit_code == 0, result.output
    entry_id = read_manifest(out).entry.leaf_hash().hex()
    assert f"Submitted entry {entry_id}: pending." in result.stdout
    assert f"cunzheng proof --node {url} {entry_id} --out" in result.stdout
    assert not (folder.parent / "m.bundle.json").exists()


def test_unreachable_node_keeps_the_manifest_and_says_how_to_submit_later(folder: Path) -> None:
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = folder.parent / "m.json"
    result = invoke(seal_command, folder, "--out", out, "--node", f"http://127.0.0.1:{port}")
    assert result.exit_code == 1
    assert f"cannot reach node at http://127.0.0.1:{port}" in result.stderr
    assert f"cunzheng submit --node URL --manifest {out} --wait" in result.stderr


async def test_seal_saves_no_bundle_that_does_not_verify(
    aiohttp_server: Any, chain: Chain, folder: Path
) -> None:
    def forge(bundle: dict[str, Any]) -> None:
        bundle["inclusion"]["root_hash"] = "00" * 32

    fake = FakeNode(chain, notary_keys(1)[0], mutate_bundle=forge)
    server: TestServer = await aiohttp_server(fake.app())
    out = folder.parent / "m.json"
    result = await invoke_in_thread(folder, "--out", out, "--node", str(server.make_url("")))
    assert result.exit_code == 1
    assert "does not verify" in result.stderr
    assert read_manifest(out).entry.kind == "package"
    assert not (folder.parent / "m.bundle.json").exists()


# --- submit --manifest: sealed now, submitted later -----------------------------------------


async def test_a_manifest_sealed_offline_is_submitted_later(
    node: tuple[FakeNode, str], chain: Chain, folder: Path, sealed: Path
) -> None:
    fake, url = node
    args = ("--node", url, "--manifest", str(sealed), "--wait")
    result = await asyncio.to_thread(invoke, submit, *args)
    assert result.exit_code == 0, result.output
    manifest = read_manifest(sealed)
    assert [entry["digest"] for entry in fake.batches[0]] == [manifest.entry.digest.hex()]
    bundle_path = sealed.with_name("证据.manifest.bundle.json")
    assert f"proof bundle checked and saved to {bundle_path}." in result.stdout
    bundle = json.loads(bundle_path.read_text(encoding="utf-8"))
    assert verify_bundle(bundle, chain.genesis).entry == manifest.entry


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--kind", "chat"), "leave out --kind"),
        (("--digest", "00" * 32), "leave out --digest"),
        (("--json",), "leave out --json"),
    ],
)
def test_submit_manifest_takes_nothing_else(
    sealed: Path, extra: tuple[str, ...], message: str
) -> None:
    result = invoke(submit, "--node", "http://127.0.0.1:9", "--manifest", sealed, *extra)
    assert result.exit_code == 2
    assert message in result.stderr


def test_submit_manifest_refuses_an_edited_manifest(sealed: Path) -> None:
    obj = json.loads(sealed.read_text(encoding="utf-8"))
    obj["collection"]["operator"] = "王五"
    sealed.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    result = invoke(submit, "--node", "http://127.0.0.1:9", "--manifest", sealed)
    assert result.exit_code == 2
    assert "edited after sealing" in result.stderr


def test_submit_of_a_folder_says_to_seal_it(folder: Path) -> None:
    english = invoke(submit, "--node", "http://127.0.0.1:9", folder)
    assert english.exit_code == 2
    quoted = shlex.quote(str(folder))  # a word for the shell to copy: 证据 is quoted
    assert quoted.startswith("'")
    assert f"{quoted} is a folder: seal it first with cunzheng seal {quoted} --out" in (
        english.stderr
    )
    chinese = invoke(submit, "--node", "http://127.0.0.1:9", folder, "--lang", "zh")
    assert f"{quoted} 是文件夹：请先用 cunzheng seal {quoted} --out MANIFEST 封存" in (
        chinese.stderr
    )
