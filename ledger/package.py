"""Sealing a folder into an evidence package, checking it later, and disclosing one file.

docs/evidence-packages.md, "Sealing a folder":
each regular file becomes a PackageFile (ledger/manifest.py)
whose encoding is a package tree leaf, hashed as RFC 9162 leaves are (the tagged hash
`cunzheng/package-file/v1` is not used). Each leaf's random salt keeps a disclosure's sibling
hashes from revealing anything about other files, even small, guessable ones. Only folders
and regular files are sealed: a symlink may lead outside the folder, and a device, FIFO or
socket has no content to fix. Names are normalized to NFC, so a folder copied between macOS
(NFD) and Linux or Windows (NFC) still verifies; names equal after NFC are refused.
"""

import hashlib
import os
import stat
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from cunzheng.ledger import merkle
from cunzheng.ledger.bundle import Verdict
from cunzheng.ledger.errors import DecodeError, LedgerError, ProofError
from cunzheng.ledger.fields import check_fields, check_hex, check_int
from cunzheng.ledger.hashing import HASH_SIZE
from cunzheng.ledger.manifest import (
    FILE_ALGS,
    SALT_SIZE,
    CollectionRecord,
    Manifest,
    ManifestFile,
    PackageFile,
    check_package_path,
    infer_role,
    path_order,
)

CHUNK_SIZE = 1024 * 1024
DISCLOSURE_FORMAT = "cunzheng-disclosure/v1"
SealProgress = Callable[[str, int, int], None]  # (path being hashed, bytes done, bytes in all)
_KINDS = {stat.S_IFLNK: "symbolic link", stat.S_IFIFO: "FIFO", stat.S_IFSOCK: "socket"}


class SealError(LedgerError):
    """A folder that cannot be sealed as it is; `path` names what is in the way."""

    def __init__(self, path: str, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"cannot seal {path!r}: {reason}")


class DisclosureMismatch(ProofError):
    """A disclosure that does not prove the given file to be part of the given package."""

    def __init__(self, path: str, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f'disclosure of file "{path}": {reason}')


@dataclass(frozen=True, slots=True)
class _Listed:  # something under the folder that is not a folder
    path: str  # package path: NFC names joined by "/"
    location: Path
    mode: int  # st_mode, symlinks not followed
    size: int


@dataclass(slots=True)
class _Tally:  # bytes hashed so far, for a SealProgress callback
    total: int
    report: SealProgress | None
    done: int = 0

    def add(self, path: str, count: int) -> None:
        self.done += count
        if self.report is not None:
            self.report(path, self.done, self.total)


def _list_folder(root: Path) -> dict[str, _Listed]:
    """Everything under the folder `root` but folders, by package path, following no symlink.
    Raises SealError if `root` is not a folder, a folder cannot be listed, or two names in one
    folder are equal after NFC."""
    try:
        is_folder = stat.S_ISDIR(root.stat().st_mode)
    except OSError as err:
        raise SealError(str(root), f"cannot open it: {err.strerror or err}") from err
    if not is_folder:
        raise SealError(str(root), "it is not a folder")
    listed: dict[str, _Listed] = {}
    pending = [(root, "")]
    while pending:  # a stack, not recursion: folders may nest deeper than Python's limit
        folder, prefix = pending.pop()
        for name, location, status in _folder_entries(folder, prefix):
            if stat.S_ISDIR(status.st_mode):
                pending.append((location, f"{prefix}{name}/"))
            else:
                item = _Listed(prefix + name, location, status.st_mode, status.st_size)
                listed[item.path] = item
    return listed


def _folder_entries(folder: Path, prefix: str) -> list[tuple[str, Path, os.stat_result]]:
    seen: dict[str, str] = {}
    entries = []
    try:
        with os.scandir(folder) as scan:
            for entry in scan:
                name = unicodedata.normalize("NFC", entry.name)
                if name in seen:
                    raise SealError(
                        prefix + name,
                        f"the names {seen[name]!r} and {entry.name!r} in one folder are the same "
                        "after Unicode NFC normalization; rename one of them",
                    )
                seen[name] = entry.name
                entries.append((name, Path(entry.path), entry.stat(follow_symlinks=False)))
    except OSError as err:
        raise SealError(prefix or ".", f"cannot list it: {err.strerror or err}") from err
    return entries


def _kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "device or special file")


def _file_digest(location: Path, alg: str, on_chunk: Callable[[int], None]) -> tuple[bytes, int]:
    """The `alg` digest and size of the regular file at `location`, read in 1 MiB chunks.
    Raises OSError if it cannot be read or is not a regular file, LedgerError if this
    Python's OpenSSL lacks `alg`."""
    try:
        hasher = hashlib.new(alg)
    except ValueError as err:
        raise LedgerError(
            f"this Python's OpenSSL has no {alg}; use one built with OpenSSL 1.1.1 or later"
        ) from err
    # O_NOFOLLOW, O_NONBLOCK: a file swapped for a symlink or FIFO after it was listed can
    # neither lead outside the folder nor block the open; fstat then refuses it.
    fd = os.open(location, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with open(fd, "rb", buffering=0) as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"it is now a {_kind(os.fstat(fd).st_mode)}, not a regular file")
        buffer = bytearray(CHUNK_SIZE)
        view, size = memoryview(buffer), 0
        while count := file.readinto(buffer):
            hasher.update(view[:count])
            size += count
            on_chunk(count)
    return hasher.digest(), size


def _sealable_files(root: Path) -> list[_Listed]:
    listed = _list_folder(root)
    for path, item in listed.items():
        if not stat.S_ISREG(item.mode):
            raise SealError(
                path,
                f"it is a {_kind(item.mode)}; only folders and regular files can be sealed: "
                "put the file itself in its place, or move it out of the folder",
            )
        try:
            check_package_path(path)
        except DecodeError as err:
            raise SealError(path, f"rename it: {err}") from err
    if not listed:
        raise SealError(str(root), "it holds no files")
    return sorted(listed.values(), key=lambda item: path_order(item.path))


def _declared_roles(roles: Mapping[str, str], paths: set[str]) -> dict[str, str]:
    declared: dict[str, str] = {}
    for given, role in roles.items():
        path = unicodedata.normalize("NFC", given)
        if path not in paths or path in declared:
            reason = "no such file is in the folder" if path not in paths else "it is given twice"
            raise SealError(given, f"a role is declared for it, but {reason}")
        declared[path] = role
    return declared


def _sealed_digest(item: _Listed, alg: str, tally: _Tally) -> tuple[bytes, int]:
    try:
        digest, size = _file_digest(item.location, alg, partial(tally.add, item.path))
    except OSError as err:
        raise SealError(item.path, f"cannot read it: {err.strerror or err}") from err
    if size != item.size:
        raise SealError(
            item.path,
            f"it changed while being sealed ({item.size} bytes when listed, {size} read); let "
            "the program writing it finish, then seal again",
        )
    return digest, size


def seal_directory(
    root: Path,
    *,
    alg: str,
    salt_source: Callable[[int], bytes],
    collection: CollectionRecord,
    roles: Mapping[str, str],
    progress: SealProgress | None = None,
) -> Manifest:
    """The manifest of a new package sealing every file under the folder `root`.

    Each file is read once in 1 MiB chunks and hashed with `alg` ("sha256" or "sm3").
    `salt_source(32)` gives each file's salt, in path byte order; it must return 32
    unpredictable bytes (os.urandom). `roles` maps package paths to declared roles (ROLES);
    other files get `infer_role`'s guess. `progress(path, done, total)` hears after each
    chunk how many bytes are hashed so far and in all.

    Raises SealError naming the path for: a `root` that is not a folder or holds no file; a
    symlink, device, FIFO or socket anywhere under it; a name that is not valid UTF-8, holds
    a backslash, or equals another in its folder after NFC; a file that cannot be read or
    changes size while read; a role declared for a path that is not a file there. Raises
    DecodeError for an alg or role not known, or a salt that is not 32 bytes.
    """
    if alg not in FILE_ALGS:
        raise DecodeError(f"alg {alg!r} is not one of {', '.join(FILE_ALGS)}")
    listed = _sealable_files(root)
    declared = _declared_roles(roles, {item.path for item in listed})
    tally = _Tally(sum(item.size for item in listed), progress)
    sealed = []
    for item in listed:
        digest, size = _sealed_digest(item, alg, tally)
        package_file = PackageFile(salt_source(SALT_SIZE), item.path, size, alg, digest)
        role = declared.get(item.path) or infer_role(item.path)
        sealed.append(ManifestFile(package_file, role))
    return Manifest.of(sealed, collection)


@dataclass(frozen=True, slots=True)
class Problem:
    """A way the folder differs from the sealed package, or the manifest from itself.

    `code`: manifest_edited, missing, added, size_changed, hash_changed, not_a_file or
    unreadable. `expected` and `actual`: what was sealed and what is found (package roots in
    hex, sizes, `alg` hashes in hex, the kind of thing found, the reason it is unreadable).
    cli/seal_cmd.py words each in Chinese and English.
    """

    code: str
    path: str | None
    expected: str | None = None
    actual: str | None = None
    alg: str | None = None


def package_problems(
    manifest: Manifest, directory: Path, progress: SealProgress | None = None
) -> list[Problem]:
    """Every way `directory` and `manifest` differ from the package sealed; [] if none.

    First whether the files listed give the Entry's digest ("manifest_edited"); then, file
    by file in path order, each listed file missing, not a regular file, unreadable, or of
    another size or hash; then each file present but not listed ("added"). Every file is
    hashed with its own alg; `progress` hears about it as in seal_directory. Raises
    LedgerError only if this Python lacks a file's alg.
    """
    problems = []
    computed, recorded = manifest.computed_root().hex(), manifest.entry.digest.hex()
    if computed != recorded:
        problems.append(Problem("manifest_edited", None, recorded, computed))
    try:
        listed = _list_folder(directory)
    except SealError as err:
        return [*problems, Problem("unreadable", err.path, actual=err.reason)]
    tally = _Tally(sum(item.package_file.size for item in manifest.files), progress)
    for item in manifest.files:
        found = listed.get(item.package_file.path)
        problems.extend(_file_problems(item.package_file, found, tally))
    sealed = {item.package_file.path for item in manifest.files}
    problems.extend(Problem("added", path) for path in sorted(set(listed) - sealed))
    return problems


def _file_problems(sealed: PackageFile, found: _Listed | None, tally: _Tally) -> list[Problem]:
    path = sealed.path
    if found is None:
        return [Problem("missing", path)]
    if not stat.S_ISREG(found.mode):
        return [Problem("not_a_file", path, "file", _kind(found.mode))]
    try:
        digest, size = _file_digest(found.location, sealed.alg, partial(tally.add, path))
    except OSError as err:
        return [Problem("unreadable", path, actual=str(err.strerror or err))]
    if size != sealed.size:
        return [Problem("size_changed", path, str(sealed.size), str(size))]
    if digest != sealed.file_hash:
        return [Problem("hash_changed", path, sealed.file_hash.hex(), digest.hex(), sealed.alg)]
    return []


def verify_manifest_against_verdict(manifest: Manifest, verdict: Verdict) -> None:
    """Require the checked proof bundle behind `verdict` to prove this manifest's Entry.

    Raises ProofError naming both entries otherwise.
    """
    if verdict.entry_id != manifest.entry.leaf_hash():
        raise ProofError(
            f"the proof bundle proves entry {verdict.entry_id.hex()} (kind "
            f"{verdict.entry.kind!r}, digest {verdict.entry.digest.hex()}), not this manifest's "
            f"package entry {manifest.entry.leaf_hash().hex()} (root "
            f"{manifest.entry.digest.hex()}); use the bundle saved when this folder was sealed"
        )


def disclose(manifest: Manifest, path: str) -> dict[str, Any]:
    """The disclosure of the file at package path `path` (NFC-normalized here), as JSON: its
    PackageFile encoding (`leaf`, readable copy in `file`), `leaf_index` and RFC 9162 inclusion
    proof to the package root. Raises ValueError if no such file is listed, ProofError if the
    manifest's files do not give its recorded root (no disclosure from it could verify)."""
    path = unicodedata.normalize("NFC", path)
    files = [item.package_file for item in manifest.files]
    index = next((i for i, file in enumerate(files) if file.path == path), None)
    if index is None:
        raise ValueError(f'"{path}" is not a file of this package; the manifest lists its files')
    leaves = [file.leaf_hash() for file in files]
    root = merkle.root_from_leaves(leaves)
    if root != manifest.entry.digest:
        raise ProofError(
            f"the manifest was edited after sealing: its files give package root {root.hex()}, "
            f"it records {manifest.entry.digest.hex()}; disclose from the original manifest"
        )
    return {
        "format": DISCLOSURE_FORMAT,
        "file": files[index].to_json(),
        "leaf": files[index].encode().hex(),
        "leaf_index": index,
        "inclusion": {
            "tree_size": len(files),
            "root_hash": root.hex(),
            "hashes": [h.hex() for h in merkle.inclusion_path_from_leaves(leaves, index)],
        },
    }


def _read_disclosure(disclosure: Any) -> tuple[PackageFile, int, int, bytes, list[bytes]]:
    if not isinstance(disclosure, dict) or disclosure.get("format") != DISCLOSURE_FORMAT:
        raise DecodeError(f"not a {DISCLOSURE_FORMAT} disclosure")
    fields = {"format", "file", "leaf", "leaf_index", "inclusion"}
    check_fields(disclosure, "disclosure", fields, fields)
    disclosed = PackageFile.decode(check_hex(disclosure["leaf"], "leaf") or b"")
    if disclosure["file"] != disclosed.to_json():
        raise DecodeError(
            f'disclosure of file "{disclosed.path}": its "file" fields differ from its leaf '
            "bytes, which are what is proven"
        )
    inclusion = disclosure["inclusion"]
    fields = {"tree_size", "root_hash", "hashes"}
    check_fields(inclusion, "inclusion", fields, fields)
    check_int(disclosure["leaf_index"], "leaf_index")
    check_int(inclusion["tree_size"], "tree_size")
    if not isinstance(inclusion["hashes"], list):
        raise DecodeError("disclosure inclusion hashes must be a list of hex strings")
    hashes = [check_hex(value, "inclusion hash", HASH_SIZE) or b"" for value in inclusion["hashes"]]
    root = check_hex(inclusion["root_hash"], "root_hash", HASH_SIZE) or b""
    return disclosed, disclosure["leaf_index"], inclusion["tree_size"], root, hashes


def verify_disclosure(disclosure: Any, package_root: bytes, file_path: Path) -> PackageFile:
    """Check that the file at `file_path` is the file `disclosure` reveals of the package
    with root `package_root` (take it from a checked proof bundle's Entry); return it.

    Checked in this order: the disclosure is well formed (else DecodeError); it is for this
    package root; the file's name is the last segment of the disclosed path (NFC); the leaf
    at its index and its inclusion proof give the root; the file's size and hash (with the
    disclosed alg) are the disclosed ones. Raises DisclosureMismatch naming the file for
    each failure, OSError when the file cannot be read.
    """
    disclosed, leaf_index, tree_size, root, hashes = _read_disclosure(disclosure)
    path, name = disclosed.path, disclosed.path.rsplit("/", 1)[-1]
    if root != package_root:
        raise DisclosureMismatch(
            path,
            f"it is for the package with root {root.hex()}, but the proof bundle proves "
            f"package root {package_root.hex()}: it belongs to another package",
        )
    if unicodedata.normalize("NFC", file_path.name) != name:
        raise DisclosureMismatch(path, f'the file given is "{file_path.name}", not "{name}"')
    try:
        merkle.verify_inclusion(leaf_index, tree_size, disclosed.leaf_hash(), hashes, root)
    except ProofError as err:
        raise DisclosureMismatch(
            path,
            f"its leaf (index {leaf_index} of {tree_size}) and inclusion proof do not lead to "
            "the package root: its path, salt, size, hash or index was altered",
        ) from err
    digest, size = _file_digest(file_path.resolve(), disclosed.alg, lambda _count: None)
    if (digest, size) != (disclosed.file_hash, disclosed.size):
        raise DisclosureMismatch(
            path,
            f'file "{file_path}" has {size} bytes and {disclosed.alg} {digest.hex()}; the '
            f"disclosure holds {disclosed.size} bytes and {disclosed.file_hash.hex()}: it is "
            "not the disclosed file, or it was changed",
        )
    return disclosed
