"""Hashing evidence files locally, in a stream, so multi-gigabyte recordings fit in memory.

The file itself never leaves the machine (docs/domain.md, "What leaves the litigant's machine"):
only its digest is sent. SM3 (GB/T 32905-2016) comes from OpenSSL through `hashlib.new("sm3")`.
"""

import hashlib
from pathlib import Path
from typing import BinaryIO, Protocol

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from cunzheng.cli.algorithms import ALGORITHM_LABELS
from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.i18n import CliError

CHUNK_SIZE = 1024 * 1024
PROGRESS_THRESHOLD = 64 * 1024 * 1024  # smaller files hash in well under a second


class Hasher(Protocol):
    """What `hashlib.new` returns, as far as this module uses it."""

    def update(self, data: bytes, /) -> None:
        """Feed more bytes."""

    def digest(self) -> bytes:
        """The digest of everything fed so far."""


def new_hash(alg: str) -> Hasher:
    """A fresh hash object for the ledger's digest alg ("sha256", "sm3" or "sha512").

    Raises CliError if this Python's OpenSSL lacks the algorithm (SM3 needs OpenSSL 1.1.1 or
    later), and ValueError for an alg the ledger does not know.
    """
    if alg not in ALGORITHM_LABELS:
        raise ValueError(f"unknown digest alg {alg!r}")
    try:
        return hashlib.new(alg)
    except ValueError as err:
        raise CliError("no_openssl_alg", alg=ALGORITHM_LABELS[alg]) from err


def hash_file(path: Path, alg: str, console: Console | None = None) -> bytes:
    """The `alg` digest of the file at `path`, read in 1 MiB chunks.

    Files over 64 MiB show a progress bar on `console` (default: standard error) when it is a
    terminal. Raises CliError naming the file when it cannot be read.
    """
    hasher = new_hash(alg)
    console = console or Console(stderr=True)
    try:
        with path.open("rb") as file:
            size = path.stat().st_size
            if size > PROGRESS_THRESHOLD and console.is_terminal:
                _hash_with_progress(
                    file, hasher, size, f"{ALGORITHM_LABELS[alg]} {path.name}", console
                )
            else:
                while chunk := file.read(CHUNK_SIZE):
                    hasher.update(chunk)
    except OSError as err:
        raise CliError("cannot_read", path=path, error=ErrorText(err)) from err
    return hasher.digest()


def _hash_with_progress(
    file: BinaryIO, hasher: Hasher, size: int, label: str, console: Console
) -> None:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(label, total=size)
        while chunk := file.read(CHUNK_SIZE):
            hasher.update(chunk)
            progress.advance(task, len(chunk))
