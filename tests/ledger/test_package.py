"""ledger.package, ledger.manifest and ledger.disclosure: sealing a folder, checking it,
disclosing one file.

The folder is tests/support/evidence_fixture.py's chat record. Every kind of tampering must be
caught by a file status or error that names the file concerned.
"""

import hashlib
import json
import os
import random
import re
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cunzheng.ledger.collection import CollectionRecord
from cunzheng.ledger.disclosure import DisclosureMismatch, disclose, verify_disclosure
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.folder import CHUNK_SIZE, FolderError
from cunzheng.ledger.manifest import (
    MISSING_ROLE_WARNINGS,
    CourtWarning,
    Manifest,
    ManifestEdited,
    ManifestFile,
    PackageFile,
    court_warnings,
    infer_role,
    read_manifest,
    write_manifest,
)
from cunzheng.ledger.package import (
    FileStatus,
    PackageFilesDiffer,
    SealError,
    seal_directory,
    verify_folder,
)
from tests.support.evidence_fixture import (
    CHAT_RECORD_PATHS,
    counting_salts,
    sample_collection,
    write_chat_record,
)

CONVERSATION = CHAT_RECORD_PATHS["conversation"]
OWNER_PROFILE = CHAT_RECORD_PATHS["owner_profile"]
RECORDING = CHAT_RECORD_PATHS["screen_recording"]


def seal(folder: Path, alg: str = "sha256", roles: dict[str, str] | None = None) -> Manifest:
    """Seal `folder` with reproducible salts."""
    return seal_directory(
        folder,
        alg=alg,
        salt_source=counting_salts(),
        collection=sample_collection(),
        roles=roles or {},
    ).manifest


def unchanged(manifest: Manifest) -> tuple[FileStatus, ...]:
    """The statuses of a folder exactly as `manifest` sealed it."""
    return tuple(FileStatus(item.package_file.path, "unchanged") for item in manifest.files)


def differences(manifest: Manifest, folder: Path) -> list[FileStatus]:
    """The statuses other than unchanged that verify_folder raises for `folder`."""
    with pytest.raises(PackageFilesDiffer) as caught:
        verify_folder(manifest, folder)
    assert caught.value.reason_code == "package_files_differ"
    return [status for status in caught.value.files if status.state != "unchanged"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A fresh chat-record folder."""
    write_chat_record(tmp_path / "证据")
    return tmp_path / "证据"


@pytest.fixture
def manifest(folder: Path) -> Manifest:
    """The manifest of `folder` as sealed."""
    return seal(folder)


def edited_json(manifest: Manifest, tmp_path: Path, edit: Any) -> Path:
    """Write `manifest` as JSON changed by `edit(obj)`; return the file's path."""
    obj = manifest.to_json()
    edit(obj)
    path = tmp_path / "edited.manifest.json"
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return path


# --- sealing ------------------------------------------------------------------------------


def test_seal_lists_every_file_in_path_byte_order_with_inferred_roles(
    folder: Path, manifest: Manifest
) -> None:
    paths = [item.package_file.path for item in manifest.files]
    assert paths == sorted(CHAT_RECORD_PATHS.values(), key=lambda path: path.encode())
    assert {item.package_file.path: item.role for item in manifest.files} == {
        path: role for role, path in CHAT_RECORD_PATHS.items()
    }
    for item in manifest.files:
        data = (folder / item.package_file.path).read_bytes()
        assert item.package_file.file_hash == hashlib.sha256(data).digest()
        assert item.package_file.size == len(data)
    entry = manifest.entry
    assert (entry.kind, entry.alg, entry.meta) == ("package", "sha256", {"files": "7"})
    assert entry.digest == manifest.computed_root()
    assert manifest.version == 2 and manifest.collection.is_sealed
    assert manifest.collection.statement() == sample_collection().statement()
    # The eighth salt, drawn after the seven files', seals the collection record.
    assert manifest.collection.salt == hashlib.sha256(b"salt 8").digest()


def test_package_file_encoding_known_answer() -> None:
    # msgpack spec: fixarray(6) 0x96, bin8 0xc4 + length, fixstr 0xa0 | length, positive
    # fixint for 1 and 3; the file hash is `printf abc | sha256sum`.
    abc_hash = hashlib.sha256(b"abc").digest()
    expected = b"\x96\x01\xc4\x20" + bytes(32) + b"\xa5a.txt\x03\xa6sha256\xc4\x20" + abc_hash
    package_file = PackageFile(bytes(32), "a.txt", 3, "sha256", abc_hash)
    assert package_file.encode() == expected
    assert PackageFile.decode(expected) == package_file
    assert package_file.leaf_hash() == hashlib.sha256(b"\x00" + expected).digest()


def test_sm3_files_known_answer(tmp_path: Path) -> None:
    # GB/T 32905-2016 Appendix A.1: SM3("abc").
    (tmp_path / "abc.txt").write_bytes(b"abc")
    manifest = seal(tmp_path, alg="sm3")
    (sealed,) = manifest.files
    assert sealed.package_file.alg == "sm3"
    assert sealed.package_file.file_hash.hex() == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )
    assert verify_folder(manifest, tmp_path) == unchanged(manifest)
    disclosure = disclose(manifest, "abc.txt")
    verify_disclosure(disclosure, manifest.entry.digest, tmp_path / "abc.txt")


def test_large_file_is_hashed_in_chunks_with_progress(tmp_path: Path) -> None:
    data = random.Random(3).randbytes(2 * CHUNK_SIZE + 12345)
    (tmp_path / "录屏.mp4").write_bytes(data)
    (tmp_path / "说明.txt").write_bytes(b"x")
    calls: list[tuple[str, int, int]] = []
    manifest = seal_directory(
        tmp_path,
        alg="sha256",
        salt_source=os.urandom,
        collection=CollectionRecord(),
        roles={},
        progress=lambda path, done, total: calls.append((path, done, total)),
    ).manifest
    assert manifest.files[0].package_file.file_hash == hashlib.sha256(data).digest()
    assert [call[0] for call in calls] == ["录屏.mp4"] * 3 + ["说明.txt"]
    assert calls[-1][1:] == (len(data) + 1, len(data) + 1)


def test_declared_roles_override_names(folder: Path) -> None:
    manifest = seal(folder, roles={OWNER_PROFILE: "image", "语音/语音_001.amr": "other"})
    roles = {item.package_file.path: item.role for item in manifest.files}
    assert roles[OWNER_PROFILE] == "image"
    assert court_warnings(manifest) == [CourtWarning("missing_owner_profile")]


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("聊天记录/与张三的聊天记录.html", "conversation"),
        ("聊天记录/images/0001.jpg", "conversation"),
        ("截图/我的个人信息页.png", "owner_profile"),
        ("my_profile.PNG", "owner_profile"),
        ("截图/对方个人信息页_微信号.png", "counterparty_profile"),
        ("录屏/取证过程录屏.mp4", "screen_recording"),
        ("录屏/说明.txt", "other"),
        ("语音/语音_001.amr", "voice"),
        ("语音/语音_001_文字.txt", "voice_transcript"),
        ("转账记录/转账_2026-11-01.png", "transfer_record"),
        ("照片/IMG_0001.HEIC", "image"),
        ("合同.pdf", "other"),
    ],
)
def test_infer_role(path: str, role: str) -> None:
    assert infer_role(path) == role


def test_names_are_normalized_to_nfc(tmp_path: Path) -> None:
    (tmp_path / "cafe\u0301.txt").write_bytes(b"NFD name, as macOS writes it")
    manifest = seal(tmp_path)
    assert [item.package_file.path for item in manifest.files] == ["caf\u00e9.txt"]
    assert verify_folder(manifest, tmp_path) == unchanged(manifest)
    disclosure = disclose(manifest, "cafe\u0301.txt")
    verify_disclosure(disclosure, manifest.entry.digest, tmp_path / "cafe\u0301.txt")


def test_names_equal_after_nfc_are_refused(tmp_path: Path) -> None:
    (tmp_path / "caf\u00e9.txt").write_bytes(b"NFC")
    (tmp_path / "cafe\u0301.txt").write_bytes(b"NFD")
    with pytest.raises(SealError, match="same after Unicode NFC") as caught:
        seal(tmp_path)
    assert caught.value.path == "caf\u00e9.txt"


def test_symlinks_are_refused(folder: Path, tmp_path: Path) -> None:
    (folder / "链接.html").symlink_to(folder / CONVERSATION)
    with pytest.raises(SealError, match="symbolic link") as caught:
        seal(folder)
    assert caught.value.path == "链接.html"
    (folder / "链接.html").unlink()
    outside = tmp_path / "外面"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"not part of the evidence")
    (folder / "截图" / "外部").symlink_to(outside, target_is_directory=True)
    with pytest.raises(SealError, match="symbolic link") as caught:
        seal(folder)
    assert caught.value.path == "截图/外部"


def test_fifos_are_refused(folder: Path) -> None:
    os.mkfifo(folder / "语音" / "管道")
    with pytest.raises(SealError, match="FIFO") as caught:
        seal(folder)
    assert caught.value.path == "语音/管道"


@pytest.mark.parametrize(
    ("name", "reason"),
    [(b"a\\b.txt", "backslash"), (b"\xff\xfe.txt", "not valid Unicode")],
)
def test_names_that_are_not_package_paths_are_refused(
    tmp_path: Path, name: bytes, reason: str
) -> None:
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as file:
        file.write(b"x")
    with pytest.raises(SealError, match=reason):
        seal(tmp_path)


def test_folders_without_files_and_non_folders_are_refused(tmp_path: Path) -> None:
    (tmp_path / "空" / "也空").mkdir(parents=True)
    with pytest.raises(SealError, match="holds no files"):
        seal(tmp_path / "空")
    (tmp_path / "file.txt").write_bytes(b"x")
    with pytest.raises(SealError, match="not a folder"):
        seal(tmp_path / "file.txt")
    with pytest.raises(SealError, match="cannot open it"):
        seal(tmp_path / "missing")


def test_roles_for_absent_files_bad_algs_and_short_salts_are_refused(folder: Path) -> None:
    with pytest.raises(SealError, match="no such file") as caught:
        seal(folder, roles={"截图/不存在.png": "image"})
    assert caught.value.path == "截图/不存在.png"
    with pytest.raises(DecodeError, match="role 'selfie'"):
        seal(folder, roles={OWNER_PROFILE: "selfie"})
    with pytest.raises(DecodeError, match="alg 'md5'"):
        seal(folder, alg="md5")
    with pytest.raises(DecodeError, match="salt must be 32 bytes"):
        seal_directory(
            folder,
            alg="sha256",
            salt_source=lambda size: bytes(size // 2),
            collection=CollectionRecord(),
            roles={},
        )


def test_a_package_entry_has_kind_package(manifest: Manifest) -> None:
    with pytest.raises(DecodeError, match='kind "package"'):
        Manifest(manifest.files, replace(manifest.entry, kind="chat"), manifest.collection)


# --- the root depends on the contents only --------------------------------------------------

_segment = st.text(alphabet="ab语音截图_.", min_size=1, max_size=3).filter(
    lambda name: name not in (".", "..") and not name.startswith("._")  # not an OS file
)
_paths = st.lists(st.lists(_segment, min_size=1, max_size=2).map("/".join), min_size=1, max_size=5)


def _distinct_files(paths: list[str]) -> bool:
    names = set(paths)
    return len(names) == len(paths) and not any(
        other.startswith(path + "/") for path in names for other in names
    )


@settings(max_examples=40, deadline=None)
@given(
    files=_paths.filter(_distinct_files).flatmap(
        lambda paths: st.tuples(
            st.just(paths),
            st.lists(st.binary(max_size=40), min_size=len(paths), max_size=len(paths)),
        )
    ),
    order=st.randoms(use_true_random=False),
    flip=st.tuples(st.integers(min_value=0), st.integers(min_value=0)),
)
def test_root_ignores_walk_order_and_changes_with_any_byte(
    files: tuple[list[str], list[bytes]], order: random.Random, flip: tuple[int, int]
) -> None:
    paths, contents = files
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        creation = list(zip(paths, contents, strict=True))
        for root, items in ((first, creation), (second, order.sample(creation, len(creation)))):
            for path, data in items:
                (Path(root) / path).parent.mkdir(parents=True, exist_ok=True)
                (Path(root) / path).write_bytes(data)
        sealed = seal(Path(first))
        assert seal(Path(second)).entry == sealed.entry
        index = flip[0] % len(paths)
        changed = bytearray(contents[index])
        if changed:
            changed[flip[1] % len(changed)] ^= 0x01
        else:
            changed.append(0)
        (Path(second) / paths[index]).write_bytes(bytes(changed))
        assert seal(Path(second)).entry.digest != sealed.entry.digest
        statuses = differences(sealed, Path(second))
        assert [(status.path, status.state) for status in statuses] == [(paths[index], "changed")]


@given(st.randoms(use_true_random=False))
def test_manifest_of_ignores_file_order(order: random.Random) -> None:
    files = [
        ManifestFile(PackageFile(bytes([n]) * 32, path, n, "sha256", bytes(32)), "other")
        for n, path in enumerate(["b", "a/b", "a", "语音", "Z", "a b"])
    ]
    expected = Manifest.of(files, CollectionRecord())
    assert Manifest.of(order.sample(files, len(files)), CollectionRecord()) == expected


# --- checking a folder against its manifest -------------------------------------------------


def test_untouched_folder_is_unchanged_file_by_file(folder: Path, manifest: Manifest) -> None:
    assert verify_folder(manifest, folder) == unchanged(manifest)


def test_edited_file_is_named(folder: Path, manifest: Manifest) -> None:
    data = bytearray((folder / OWNER_PROFILE).read_bytes())
    data[-20] ^= 0xFF
    (folder / OWNER_PROFILE).write_bytes(bytes(data))
    (status,) = differences(manifest, folder)
    assert (status.path, status.state, status.change, status.alg) == (
        OWNER_PROFILE,
        "changed",
        "hash",
        "sha256",
    )
    assert status.found == hashlib.sha256(data).hexdigest()
    assert status.to_json() == {"path": OWNER_PROFILE, "status": "changed"}


def test_grown_file_is_named(folder: Path, manifest: Manifest) -> None:
    with (folder / CONVERSATION).open("ab") as file:
        file.write("<p>补充的一句</p>".encode())
    (status,) = differences(manifest, folder)
    assert (status.path, status.state, status.change) == (CONVERSATION, "changed", "size")


def test_added_removed_and_replaced_files_are_named(folder: Path, manifest: Manifest) -> None:
    (folder / "截图" / "后来加的.png").write_bytes(b"added later")
    (folder / RECORDING).unlink()
    (folder / OWNER_PROFILE).unlink()
    (folder / OWNER_PROFILE).symlink_to(folder / CONVERSATION)
    assert differences(manifest, folder) == [
        FileStatus(RECORDING, "missing"),
        FileStatus("截图/后来加的.png", "added"),
        FileStatus(OWNER_PROFILE, "changed", change="kind", sealed="file", found="symbolic_link"),
    ]


def test_a_moved_file_is_renamed_not_missing_and_added(folder: Path, manifest: Manifest) -> None:
    (folder / "截图" / "副本.png").write_bytes((folder / OWNER_PROFILE).read_bytes())
    (folder / OWNER_PROFILE).rename(folder / "个人信息.png")
    statuses = differences(manifest, folder)
    # The first added file (in path byte order) of the same size and hash takes the name.
    assert statuses == [
        FileStatus("截图/副本.png", "added"),
        FileStatus(OWNER_PROFILE, "renamed", to="个人信息.png"),
    ]
    assert statuses[1].to_json() == {
        "path": OWNER_PROFILE,
        "status": "renamed",
        "to": "个人信息.png",
    }


def test_operating_system_files_are_left_out_and_ignored(folder: Path) -> None:
    for name in (".DS_Store", "截图/Thumbs.db", "语音/DESKTOP.INI", "._聊天记录.html"):
        (folder / name).write_bytes(b"added by Finder or Explorer")
    sealed = seal_directory(
        folder, alg="sha256", salt_source=counting_salts(), collection=sample_collection(), roles={}
    )
    assert sealed.left_out == (".DS_Store", "._聊天记录.html", "截图/Thumbs.db", "语音/DESKTOP.INI")
    assert sealed.manifest == seal(folder)
    (folder / "录屏" / ".DS_Store").write_bytes(b"another")
    assert verify_folder(sealed.manifest, folder) == unchanged(sealed.manifest)
    with pytest.raises(SealError, match="operating system adds") as caught:
        seal(folder, roles={".DS_Store": "other"})
    assert caught.value.path == ".DS_Store"


def test_an_operating_system_file_a_manifest_lists_is_compared(tmp_path: Path) -> None:
    # A version 1 manifest sealed before the rule may list one: it is then evidence.
    (tmp_path / "a.txt").write_bytes(b"a")
    (tmp_path / "Thumbs.db").write_bytes(b"thumbnails")
    package_file = PackageFile(bytes(32), "Thumbs.db", 10, "sha256", hashlib.sha256(b"x").digest())
    listed = [*seal(tmp_path).files, ManifestFile(package_file, "other")]
    manifest = Manifest.of(listed, CollectionRecord())
    (status,) = differences(manifest, tmp_path)
    assert (status.path, status.state) == ("Thumbs.db", "changed")


def test_missing_folder_cannot_be_checked(tmp_path: Path, manifest: Manifest) -> None:
    with pytest.raises(FolderError, match="cannot open it"):
        verify_folder(manifest, tmp_path / "gone")


def test_manifest_round_trips_through_its_file(tmp_path: Path, manifest: Manifest) -> None:
    path = tmp_path / "证据.manifest.json"
    write_manifest(path, manifest)
    assert read_manifest(path) == manifest
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_edited_root_is_refused_or_reported(
    tmp_path: Path, folder: Path, manifest: Manifest
) -> None:
    forged = "ab" * 32

    def root_only(obj: dict[str, Any]) -> None:
        obj["package_root"] = forged

    with pytest.raises(DecodeError, match="package_root is not its entry's digest"):
        read_manifest(edited_json(manifest, tmp_path, root_only))

    def whole_entry(obj: dict[str, Any]) -> None:
        obj["package_root"] = obj["entry"]["digest"] = forged
        obj["id"] = Entry.from_json(obj["entry"]).leaf_hash().hex()

    edited = read_manifest(edited_json(manifest, tmp_path, whole_entry))
    with pytest.raises(ManifestEdited) as caught:
        edited.verify_root()
    assert (caught.value.recorded.hex(), caught.value.reason_code) == (forged, "manifest_edited")
    with pytest.raises(ManifestEdited, match="edited after sealing"):
        disclose(edited, OWNER_PROFILE)


def test_edited_file_hash_in_manifest_names_the_file(
    tmp_path: Path, folder: Path, manifest: Manifest
) -> None:
    def edit(obj: dict[str, Any]) -> None:
        obj["files"][2]["file_hash"] = "00" * 32

    edited = read_manifest(edited_json(manifest, tmp_path, edit))
    with pytest.raises(ManifestEdited):
        edited.verify_root()
    path = edited.files[2].package_file.path
    assert [(s.path, s.state) for s in differences(edited, folder)] == [(path, "changed")]


def test_edited_salt_in_manifest_is_caught(
    tmp_path: Path, folder: Path, manifest: Manifest
) -> None:
    def edit(obj: dict[str, Any]) -> None:
        obj["files"][0]["salt"] = "11" * 32

    edited = read_manifest(edited_json(manifest, tmp_path, edit))
    with pytest.raises(ManifestEdited):
        edited.verify_root()
    assert verify_folder(edited, folder) == unchanged(edited)


@pytest.mark.parametrize(
    "edit",
    [
        lambda collection: collection.update(operator="王五"),
        lambda collection: collection.update(started="2026-11-20T14:31:00+08:00"),
        lambda collection: collection.update(app_version=None),
        lambda collection: collection["steps"].pop(),
        lambda collection: collection["steps"].reverse(),
        lambda collection: collection.update(salt="22" * 32),
    ],
    ids=["operator", "started", "app_version", "a step dropped", "steps reordered", "salt"],
)
def test_any_edit_of_the_sealed_collection_record_is_caught(
    tmp_path: Path, manifest: Manifest, edit: Any
) -> None:
    edited = read_manifest(edited_json(manifest, tmp_path, lambda obj: edit(obj["collection"])))
    with pytest.raises(ManifestEdited):
        edited.verify_root()


def test_collection_leaf_known_answer() -> None:
    # msgpack: fixarray(11) 0x9b, 1, fixstr "collection", bin8 of 32 bytes, nil for each
    # unstated text, fixstr for the operator, fixarray(1) of one fixstr step.
    record = CollectionRecord(bytes(32), operator="李四", steps=("截图",))
    expected = (
        b"\x9b\x01\xaacollection\xc4\x20"
        + bytes(32)
        + b"\xa6"
        + "李四".encode()
        + b"\xc0" * 6
        + b"\x91\xa6"
        + "截图".encode()
    )
    assert record.encode() == expected
    assert record.leaf_hash() == hashlib.sha256(b"\x00" + expected).digest()
    with pytest.raises(DecodeError, match="unsealed collection record"):
        CollectionRecord(operator="李四").encode()


def test_a_version_1_manifest_seals_the_files_only(tmp_path: Path, manifest: Manifest) -> None:
    statement = replace(manifest.collection, salt=None)
    files = list(manifest.files)
    old = Manifest.of(files, statement)
    assert old.version == 1 and old.leaf_hashes() == [f.package_file.leaf_hash() for f in files]
    assert old.to_json()["format"] == "cunzheng-package/v1"
    assert "salt" not in old.to_json()["collection"]
    path = tmp_path / "v1.json"
    write_manifest(path, old)
    assert read_manifest(path) == old
    old.verify_root()
    assert disclose(old, OWNER_PROFILE)["inclusion"]["tree_size"] == 7
    assert disclose(manifest, OWNER_PROFILE)["inclusion"]["tree_size"] == 8


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda obj: obj.update(format="cunzheng-package/v3"), "not a cunzheng-package/v1 or"),
        (lambda obj: obj.update(format="cunzheng-package/v1"), "unknown fields: salt"),
        (lambda obj: obj["collection"].pop("salt"), "missing fields: salt"),
        (lambda obj: obj.update(extra=1), "unknown fields: extra"),
        (lambda obj: obj.pop("collection"), "missing fields: collection"),
        (lambda obj: obj["files"][0].update(note="x"), "unknown fields: note"),
        (lambda obj: obj["files"][0].update(file_hash="AB" * 32), "lowercase hex"),
        (lambda obj: obj["files"][0].update(salt="zz" * 32), "not valid hex"),
        (lambda obj: obj["files"][0].update(salt="00" * 31), "must be 32 bytes"),
        (lambda obj: obj["files"][0].update(size=-1), "size must be between"),
        (lambda obj: obj["files"][0].update(size=1.5), "size must be an integer"),
        (lambda obj: obj["files"][0].update(role="selfie"), "role 'selfie'"),
        (lambda obj: obj["files"][0].update(path="../x"), "'.' or '..' segment"),
        (lambda obj: obj["files"].reverse(), "path byte order"),
        (lambda obj: obj.update(files=[]), "at least one file"),
        (lambda obj: obj.update(id="00" * 32), "id is not the leaf hash"),
        (lambda obj: obj["collection"].update(started="yesterday"), "not an ISO 8601 time"),
        (
            lambda obj: obj["collection"].update(ended="2026-11-20T14:00:00+08:00"),
            "before it started",
        ),
    ],
)
def test_read_manifest_is_strict(
    tmp_path: Path, manifest: Manifest, edit: Any, reason: str
) -> None:
    with pytest.raises(DecodeError, match=reason):
        read_manifest(edited_json(manifest, tmp_path, edit))


def test_read_manifest_refuses_repeated_keys_and_non_json(
    tmp_path: Path, manifest: Manifest
) -> None:
    path = tmp_path / "m.json"
    text = json.dumps(manifest.to_json(), ensure_ascii=False)
    path.write_text(text.replace('"format"', '"format": "x", "format"', 1), encoding="utf-8")
    with pytest.raises(DecodeError, match="appears twice"):
        read_manifest(path)
    path.write_bytes(b"\xff{}")
    with pytest.raises(DecodeError, match="not UTF-8 JSON"):
        read_manifest(path)


def test_collection_record_times() -> None:
    CollectionRecord(started="2026-11-20T14:30:00+08:00", ended="2026-11-20T06:40:00+00:00")
    CollectionRecord(started="2026-11-20T14:30:00+08:00", ended="2026-11-20 14:00")
    with pytest.raises(DecodeError, match="before it started"):
        CollectionRecord(started="2026-11-20 14:30", ended="2026-11-20 14:00")
    record = sample_collection()
    copied = json.loads(json.dumps(record.to_json()))
    assert CollectionRecord.from_json(copied, sealed=False) == record
    sealed = record.sealed_with(bytes(range(32)))
    assert next(iter(sealed.to_json())) == "salt"
    assert CollectionRecord.from_json(sealed.to_json(), sealed=True) == sealed
    with pytest.raises(DecodeError, match="missing fields: salt"):
        CollectionRecord.from_json(record.to_json(), sealed=True)
    with pytest.raises(DecodeError, match="unknown fields: salt"):
        CollectionRecord.from_json(sealed.to_json(), sealed=False)


# --- disclosures ------------------------------------------------------------------------------


def test_every_file_discloses_and_verifies(folder: Path, manifest: Manifest) -> None:
    for item in manifest.files:
        path = item.package_file.path
        disclosure = json.loads(json.dumps(disclose(manifest, path)))
        disclosed = verify_disclosure(disclosure, manifest.entry.digest, folder / path)
        assert disclosed.package_file == item.package_file
        assert (disclosed.tree_size, disclosed.leaf_index) == (8, manifest.files.index(item))


def test_disclosure_reveals_no_other_file(manifest: Manifest) -> None:
    text = json.dumps(disclose(manifest, OWNER_PROFILE), ensure_ascii=False)
    for item in manifest.files:
        if item.package_file.path != OWNER_PROFILE:
            assert item.package_file.salt.hex() not in text
            assert item.package_file.file_hash.hex() not in text
            assert item.package_file.path.rsplit("/")[-1] not in text


def test_disclose_refuses_unknown_paths(manifest: Manifest) -> None:
    with pytest.raises(ValueError, match=re.escape("截图/别的.png")):
        disclose(manifest, "截图/别的.png")


def _releaf(disclosure: dict[str, Any], **changes: Any) -> None:
    """Re-encode the disclosure's leaf with `changes`, keeping its readable copy in step."""
    changed = replace(PackageFile.decode(bytes.fromhex(disclosure["leaf"])), **changes)
    disclosure["leaf"], disclosure["file"] = changed.encode().hex(), changed.to_json()


def test_disclosure_for_another_file_fails_naming_both(folder: Path, manifest: Manifest) -> None:
    disclosure = disclose(manifest, OWNER_PROFILE)
    with pytest.raises(DisclosureMismatch, match=re.escape(OWNER_PROFILE)) as caught:
        verify_disclosure(disclosure, manifest.entry.digest, folder / CONVERSATION)
    assert "与张三的聊天记录.html" in str(caught.value)


def test_disclosure_of_a_changed_file_fails(
    tmp_path: Path, folder: Path, manifest: Manifest
) -> None:
    impostor = tmp_path / "别处" / "我的个人信息页.png"
    impostor.parent.mkdir()
    impostor.write_bytes((folder / CHAT_RECORD_PATHS["counterparty_profile"]).read_bytes())
    disclosure = disclose(manifest, OWNER_PROFILE)
    with pytest.raises(DisclosureMismatch, match="not the disclosed file") as caught:
        verify_disclosure(disclosure, manifest.entry.digest, impostor)
    assert caught.value.path == OWNER_PROFILE


def test_disclosure_with_a_changed_readable_path_fails(folder: Path, manifest: Manifest) -> None:
    disclosure = disclose(manifest, OWNER_PROFILE)
    disclosure["file"]["path"] = "截图/对方个人信息页_微信号.png"
    with pytest.raises(DecodeError, match=f'file "{OWNER_PROFILE}"'):
        verify_disclosure(disclosure, manifest.entry.digest, folder / OWNER_PROFILE)


@pytest.mark.parametrize(
    "changes",
    [
        {"path": "其他/我的个人信息页.png"},
        {"salt": b"\x01" * 32},
        {"size": 1},
        {"file_hash": bytes(32)},
    ],
)
def test_disclosure_with_a_changed_leaf_fails(
    folder: Path, manifest: Manifest, changes: dict[str, Any]
) -> None:
    disclosure = disclose(manifest, OWNER_PROFILE)
    _releaf(disclosure, **changes)
    with pytest.raises(DisclosureMismatch, match="do not lead to the package root") as caught:
        verify_disclosure(disclosure, manifest.entry.digest, folder / OWNER_PROFILE)
    assert caught.value.path == changes.get("path", OWNER_PROFILE)


def test_disclosure_with_a_changed_name_fails(folder: Path, manifest: Manifest) -> None:
    disclosure = disclose(manifest, OWNER_PROFILE)
    _releaf(disclosure, path="截图/张三的个人信息页.png")
    with pytest.raises(DisclosureMismatch, match=re.escape("张三的个人信息页.png")):
        verify_disclosure(disclosure, manifest.entry.digest, folder / OWNER_PROFILE)


@pytest.mark.parametrize("shift", [1, -1, 7])
def test_disclosure_with_a_wrong_index_fails(folder: Path, manifest: Manifest, shift: int) -> None:
    disclosure = disclose(manifest, OWNER_PROFILE)
    disclosure["leaf_index"] += shift
    with pytest.raises(DisclosureMismatch, match="index") as caught:
        verify_disclosure(disclosure, manifest.entry.digest, folder / OWNER_PROFILE)
    assert caught.value.path == OWNER_PROFILE


def test_disclosure_for_another_package_fails(folder: Path, manifest: Manifest) -> None:
    disclosure = disclose(manifest, OWNER_PROFILE)
    other_root = hashlib.sha256(b"another package").digest()
    with pytest.raises(DisclosureMismatch, match="another package") as caught:
        verify_disclosure(disclosure, other_root, folder / OWNER_PROFILE)
    assert caught.value.reason_code == "disclosure_invalid"


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda obj: obj.update(format="x"), "not a cunzheng-disclosure/v1"),
        (lambda obj: obj.update(extra=1), "unknown fields: extra"),
        (lambda obj: obj["inclusion"].pop("hashes"), "missing fields: hashes"),
        (lambda obj: obj["inclusion"]["hashes"].append("00"), "must be 32 bytes"),
        (lambda obj: obj.update(leaf="00"), "PackageFile must be a msgpack array"),
    ],
)
def test_malformed_disclosures_are_refused(
    folder: Path, manifest: Manifest, edit: Any, reason: str
) -> None:
    disclosure = disclose(manifest, OWNER_PROFILE)
    edit(disclosure)
    with pytest.raises(DecodeError, match=reason) as caught:
        verify_disclosure(disclosure, manifest.entry.digest, folder / OWNER_PROFILE)
    assert caught.value.reason_code == "malformed_disclosure"


# --- what a court expects ---------------------------------------------------------------------


def test_complete_chat_record_has_no_warnings(manifest: Manifest) -> None:
    assert court_warnings(manifest) == []


@pytest.mark.parametrize(("role", "code"), sorted(MISSING_ROLE_WARNINGS.items()))
def test_each_missing_item_is_warned_about_alone(tmp_path: Path, role: str, code: str) -> None:
    write_chat_record(tmp_path, omit={role})
    assert court_warnings(seal(tmp_path)) == [CourtWarning(code)]


def test_voice_without_transcript_is_warned_about(tmp_path: Path) -> None:
    write_chat_record(tmp_path, omit={"voice_transcript"})
    (tmp_path / "语音" / "语音_0012_文字.txt").write_text("另一条语音的文字", encoding="utf-8")
    assert court_warnings(seal(tmp_path)) == [
        CourtWarning("voice_without_transcript", "语音/语音_001.amr")
    ]


def test_folder_of_one_voice_message_lacks_everything(tmp_path: Path) -> None:
    (tmp_path / "语音.amr").write_bytes(b"#!AMR\n")
    assert [warning.code for warning in court_warnings(seal(tmp_path))] == [
        *MISSING_ROLE_WARNINGS.values(),
        "voice_without_transcript",
    ]
