"""Sealing a folder into an evidence package, and checking a folder against its manifest.

docs/evidence-packages.md: each regular file becomes a PackageFile (ledger/manifest.py)
whose encoding is a package tree leaf, hashed as RFC 9162 leaves are (the tagged hash
`cunzheng/package-file/v1` is not used); the sealed collection record (ledger/collection.py)
is the last leaf. Each leaf's random salt keeps a disclosure's sibling hashes from revealing
anything about other files, even small, guessable ones. Only folders and regular files are
sealed: a symlink may lead outside the folder, and a device, FIFO or socket has no content
to fix. Files an operating system adds by itself (manifest.is_os_file) are left out when
sealing and ignored when checking, unless the manifest lists them.
"""

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal

from cunzheng.ledger.collection import SALT_SIZE, CollectionRecord
from cunzheng.ledger.errors import DecodeError, LedgerError
from cunzheng.ledger.folder import (
    KIND_WORDS,
    FolderError,
    FolderProgress,
    Listed,
    Tally,
    file_digest,
    list_folder,
)
from cunzheng.ledger.manifest import (
    FILE_ALGS,
    Manifest,
    ManifestFile,
    PackageFile,
    check_package_path,
    infer_role,
    is_os_file,
    path_order,
)

FileState = Literal["unchanged", "changed", "missing", "added", "renamed"]


class SealError(LedgerError):
    """A folder that cannot be sealed as it is; `path` names what is in the way."""

    def __init__(self, path: str, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"cannot seal {path!r}: {reason}")


@dataclass(frozen=True, slots=True)
class SealedFolder:
    """A folder sealed: its manifest, and the files an operating system added, left out."""

    manifest: Manifest
    left_out: tuple[str, ...]  # package paths, in path byte order


def _sealable_files(root: Path) -> tuple[list[Listed], list[str]]:
    # (the files to seal, the operating system's files left out), each in path byte order.
    try:
        listed = list_folder(root)
    except FolderError as err:
        raise SealError(err.path, err.reason) from err
    left_out = sorted((path for path in listed if is_os_file(path)), key=path_order)
    for path in left_out:
        del listed[path]
    for path, item in listed.items():
        if not item.is_file:
            raise SealError(
                path,
                f"it is a {KIND_WORDS[item.kind()]}; only folders and regular files can be sealed: "
                "put the file itself in its place, or move it out of the folder",
            )
        try:
            check_package_path(path)
        except DecodeError as err:
            raise SealError(path, f"rename it: {err}") from err
    if not listed:
        raise SealError(str(root), "it holds no files")
    return sorted(listed.values(), key=lambda item: path_order(item.path)), left_out


def _declared_roles(
    roles: Mapping[str, str], paths: set[str], left_out: list[str]
) -> dict[str, str]:
    declared: dict[str, str] = {}
    for given, role in roles.items():
        path = unicodedata.normalize("NFC", given)
        if path in left_out:
            reason = "it is a file the operating system adds by itself, which is left out"
        elif path not in paths:
            reason = "no such file is in the folder"
        elif path in declared:
            reason = "it is given twice"
        else:
            declared[path] = role
            continue
        raise SealError(given, f"a role is declared for it, but {reason}")
    return declared


def _sealed_digest(item: Listed, alg: str, tally: Tally) -> tuple[bytes, int]:
    try:
        digest, size = file_digest(item.location, alg, partial(tally.add, item.path))
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
    progress: FolderProgress | None = None,
) -> SealedFolder:
    """A new version 2 package sealing every file under the folder `root` but those an
    operating system adds (manifest.is_os_file), which are left out and listed.

    Each file is read once in 1 MiB chunks and hashed with `alg` ("sha256" or "sm3").
    `salt_source(32)` gives each file's salt, in path byte order, then the collection
    record's; it must return 32 unpredictable bytes (os.urandom). `collection` is the
    statement to seal (its salt, if any, is replaced). `roles` maps package paths to declared
    roles (ROLES); other files get `infer_role`'s guess. `progress(path, done, total)` hears
    after each chunk how many bytes are hashed so far and in all.

    Raises SealError naming the path for: a `root` that is not a folder or holds no file; a
    symlink, device, FIFO or socket anywhere under it; a name that is not valid UTF-8, holds
    a backslash, or equals another in its folder after NFC; a file that cannot be read or
    changes size while read; a role declared for a path that is not a file sealed there.
    Raises DecodeError for an alg or role not known, or a salt that is not 32 bytes.
    """
    if alg not in FILE_ALGS:
        raise DecodeError(f"alg {alg!r} is not one of {', '.join(FILE_ALGS)}")
    listed, left_out = _sealable_files(root)
    declared = _declared_roles(roles, {item.path for item in listed}, left_out)
    tally = Tally(sum(item.size for item in listed), progress)
    sealed = []
    for item in listed:
        digest, size = _sealed_digest(item, alg, tally)
        package_file = PackageFile(salt_source(SALT_SIZE), item.path, size, alg, digest)
        role = declared.get(item.path) or infer_role(item.path)
        sealed.append(ManifestFile(package_file, role))
    manifest = Manifest.of(sealed, collection.sealed_with(salt_source(SALT_SIZE)))
    return SealedFolder(manifest, tuple(left_out))


@dataclass(frozen=True, slots=True)
class FileStatus:
    """How one path of the folder compares with the sealed package.

    `state`: unchanged, changed, missing, added, or renamed (a sealed file missing at its
    path whose size and hash an added file has; `to` is that file's path). For a changed
    file, `change` says what differs ("size", "hash" or "kind") and `sealed` and `found`
    what was sealed and what is there (sizes, `alg` hashes in hex, folder.KIND_WORDS keys).
    """

    path: str
    state: FileState
    to: str | None = None
    change: str | None = None
    sealed: str | None = None
    found: str | None = None
    alg: str | None = None

    def to_json(self) -> dict[str, str]:
        """`{"path", "status"}`, with `"to"` for a renamed file (docs/verdicts.md)."""
        moved = {} if self.to is None else {"to": self.to}
        return {"path": self.path, "status": self.state} | moved


class PackageFilesDiffer(LedgerError):
    """A folder that differs from the sealed package; `files` holds every path's status."""

    reason_code = "package_files_differ"

    def __init__(self, files: tuple[FileStatus, ...]) -> None:
        self.files = files
        differing = [status for status in files if status.state != "unchanged"]
        listed = "; ".join(f"{status.state} {status.path!r}" for status in differing)
        super().__init__(f"the folder is not the package as sealed: {listed}")


def verify_folder(
    manifest: Manifest, directory: Path, progress: FolderProgress | None = None
) -> tuple[FileStatus, ...]:
    """Every path's status, in path byte order, when `directory` holds exactly the files of
    `manifest` (whose root the caller has checked) and, besides, only files an operating
    system adds; each file is hashed with its own alg, `progress` hearing as in
    seal_directory.

    Raises PackageFilesDiffer with every path's status otherwise. Raises FolderError when
    the folder or one of its files cannot be read, LedgerError if this Python lacks an alg.
    """
    listed = list_folder(directory)
    sealed_paths = {item.package_file.path for item in manifest.files}
    tally = Tally(sum(item.package_file.size for item in manifest.files), progress)
    statuses = {
        item.package_file.path: _file_status(
            item.package_file, listed.get(item.package_file.path), tally
        )
        for item in manifest.files
    }
    added = [
        item for path, item in listed.items() if path not in sealed_paths and not is_os_file(path)
    ]
    for item in sorted(added, key=lambda item: path_order(item.path)):
        statuses[item.path] = FileStatus(item.path, "added")
    _find_renamed(manifest, statuses, listed, tally)
    files = tuple(statuses[path] for path in sorted(statuses, key=path_order))
    if any(status.state != "unchanged" for status in files):
        raise PackageFilesDiffer(files)
    return files


def _file_status(sealed: PackageFile, found: Listed | None, tally: Tally) -> FileStatus:
    path = sealed.path
    if found is None:
        return FileStatus(path, "missing")
    if not found.is_file:
        return FileStatus(path, "changed", change="kind", sealed="file", found=found.kind())
    digest, size = _digest_of(found, sealed.alg, tally)
    if size != sealed.size:
        return FileStatus(path, "changed", change="size", sealed=str(sealed.size), found=str(size))
    if digest != sealed.file_hash:
        hashes = {"sealed": sealed.file_hash.hex(), "found": digest.hex()}
        return FileStatus(path, "changed", change="hash", alg=sealed.alg, **hashes)
    return FileStatus(path, "unchanged")


def _find_renamed(
    manifest: Manifest, statuses: dict[str, FileStatus], listed: dict[str, Listed], tally: Tally
) -> None:
    # Each missing file, in path order, takes the first added file (in path order) of its
    # size and hash: that file is the sealed one under a new name. Only added files of a
    # missing file's size are hashed, each once per alg.
    digests: dict[tuple[str, str], bytes] = {}
    for item in manifest.files:
        sealed = item.package_file
        if statuses[sealed.path].state != "missing":
            continue
        for path in sorted(statuses, key=path_order):
            found = listed.get(path)
            if statuses[path].state != "added" or found is None or not found.is_file:
                continue
            if found.size != sealed.size:
                continue
            key = (path, sealed.alg)
            if key not in digests:
                digests[key] = _digest_of(found, sealed.alg, tally)[0]
            if digests[key] == sealed.file_hash:
                statuses[sealed.path] = FileStatus(sealed.path, "renamed", to=path)
                del statuses[path]
                break


def _digest_of(found: Listed, alg: str, tally: Tally) -> tuple[bytes, int]:
    try:
        return file_digest(found.location, alg, partial(tally.add, found.path))
    except OSError as err:
        raise FolderError(found.path, f"cannot read it: {err.strerror or err}") from err
