"""Reading an evidence folder: listing it without following links, and hashing its files.

Names are normalized to NFC, so a folder copied between macOS (NFD) and Linux or Windows
(NFC) lists the same package paths; two names equal after NFC are refused, as neither could
be told from the other. Symbolic links are listed, never followed: a link may lead outside
the folder. Files are read in 1 MiB chunks, so multi-gigabyte recordings fit in memory.
"""

import hashlib
import os
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cunzheng.ledger.errors import LedgerError

CHUNK_SIZE = 1024 * 1024
FolderProgress = Callable[[str, int, int], None]  # (path being hashed, bytes done, in all)
# What is not a folder or regular file, by kind code; the words say it in messages.
_KINDS = {stat.S_IFLNK: "symbolic_link", stat.S_IFIFO: "fifo", stat.S_IFSOCK: "socket"}
KIND_WORDS = {
    "file": "file",
    "symbolic_link": "symbolic link",
    "fifo": "FIFO",
    "socket": "socket",
    "device": "device or special file",
}
# Where the platform has them (not on Windows): a file swapped for a symlink or FIFO after it
# was listed can neither lead outside the folder nor block the open; fstat then refuses it.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_OPEN_FLAGS |= getattr(os, "O_BINARY", 0)


class FolderError(LedgerError):
    """A folder, or something in it, that cannot be read; `path` names it."""

    def __init__(self, path: str, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{path!r}: {reason}")


@dataclass(frozen=True, slots=True)
class Listed:
    """Something under the folder that is not a folder."""

    path: str  # package path: NFC names joined by "/"
    location: Path
    mode: int  # st_mode, symlinks not followed
    size: int

    @property
    def is_file(self) -> bool:
        """True for a regular file (not a link, device, FIFO or socket)."""
        return stat.S_ISREG(self.mode)

    def kind(self) -> str:
        """What it is, a key of KIND_WORDS: "file", "symbolic_link", "fifo", "socket" or
        "device" (any other special file)."""
        return _kind_of(self.mode)


@dataclass(slots=True)
class Tally:
    """Bytes hashed so far, for a FolderProgress callback."""

    total: int
    report: FolderProgress | None
    done: int = 0

    def add(self, path: str, count: int) -> None:
        """Count `count` more bytes of `path` and tell the callback."""
        self.done += count
        if self.report is not None:
            self.report(path, self.done, self.total)


def list_folder(root: Path) -> dict[str, Listed]:
    """Everything under the folder `root` but folders, by package path, following no symlink.
    Raises FolderError if `root` is not a folder, a folder cannot be listed, or two names in
    one folder are equal after NFC."""
    try:
        is_folder = stat.S_ISDIR(root.stat().st_mode)
    except OSError as err:
        raise FolderError(str(root), f"cannot open it: {err.strerror or err}") from err
    if not is_folder:
        raise FolderError(str(root), "it is not a folder")
    listed: dict[str, Listed] = {}
    pending = [(root, "")]
    while pending:  # a stack, not recursion: folders may nest deeper than Python's limit
        folder, prefix = pending.pop()
        for name, location, status in _folder_entries(folder, prefix):
            if stat.S_ISDIR(status.st_mode):
                pending.append((location, f"{prefix}{name}/"))
            else:
                item = Listed(prefix + name, location, status.st_mode, status.st_size)
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
                    raise FolderError(
                        prefix + name,
                        f"the names {seen[name]!r} and {entry.name!r} in one folder are the same "
                        "after Unicode NFC normalization; rename one of them",
                    )
                seen[name] = entry.name
                entries.append((name, Path(entry.path), entry.stat(follow_symlinks=False)))
    except OSError as err:
        raise FolderError(prefix or ".", f"cannot list it: {err.strerror or err}") from err
    return entries


def file_digest(location: Path, alg: str, on_chunk: Callable[[int], None]) -> tuple[bytes, int]:
    """The `alg` digest and size of the regular file at `location`, read in 1 MiB chunks;
    `on_chunk` hears each chunk's size. Raises OSError if it cannot be read or is not a
    regular file, LedgerError if this Python's OpenSSL lacks `alg`."""
    try:
        hasher = hashlib.new(alg)
    except ValueError as err:
        raise LedgerError(
            f"this Python's OpenSSL has no {alg}; use one built with OpenSSL 1.1.1 or later"
        ) from err
    fd = os.open(location, _OPEN_FLAGS)
    with open(fd, "rb", buffering=0) as file:
        kind = _kind_of(os.fstat(fd).st_mode)
        if kind != "file":
            raise OSError(f"it is now a {KIND_WORDS[kind]}, not a regular file")
        buffer = bytearray(CHUNK_SIZE)
        view, size = memoryview(buffer), 0
        while count := file.readinto(buffer):
            hasher.update(view[:count])
            size += count
            on_chunk(count)
    return hasher.digest(), size


def _kind_of(mode: int) -> str:
    return "file" if stat.S_ISREG(mode) else _KINDS.get(stat.S_IFMT(mode), "device")
