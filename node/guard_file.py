"""The signing guard's record in a file (node/consensus/signing_guard.py's GuardStorage).

It lives outside node/consensus, which does no I/O of its own: the node hands this storage to
the guard, the simulation hands it one in memory.
"""

import os
from pathlib import Path

from cunzheng.node.consensus.signing_guard import MAX_RECORD_BYTES
from cunzheng.node.errors import ConsensusViolation


class FileGuardStorage:
    """The record in one file, replaced by writing a temporary file, fsync, rename, and
    fsync of the directory, so that a crash leaves either the old or the new record."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __repr__(self) -> str:
        return f"FileGuardStorage({str(self.path)!r})"

    def read(self) -> bytes | None:
        """The file's bytes, None if it does not exist; ConsensusViolation if unreadable."""
        try:
            with self.path.open("rb") as file:
                return file.read(MAX_RECORD_BYTES + 1)
        except FileNotFoundError:
            return None
        except OSError as err:
            raise ConsensusViolation(f"cannot read signing guard {self.path}: {err}") from err

    def write(self, data: bytes) -> None:
        """Atomically replace the file with `data`; ConsensusViolation if that fails."""
        temporary = self.path.with_name(f".{self.path.name}.tmp")
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
            directory = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        except OSError as err:
            raise ConsensusViolation(
                f"cannot record the signing guard in {self.path} ({err}); refusing to sign"
            ) from err
