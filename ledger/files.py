"""Writing a file so that a crash leaves the old one (or none) or the new one, never half."""

import os
from pathlib import Path


def write_atomically(path: Path, data: bytes, *, mode: int = 0o644, overwrite: bool = True) -> None:
    """Write `data` to `path` through a temporary file `.<name>.tmp` beside it.

    The temporary file gets exactly `mode`, is written and fsynced, then renamed onto `path`
    and the folder fsynced. Without `overwrite`, nothing is ever replaced: the temporary file
    must not exist (another writer may be at work) and is hard-linked to `path`, which fails
    if `path` exists, even when another writer made it meanwhile. Raises FileExistsError (its
    `filename` says which file: `path`, or such a temporary file) and OSError; the temporary
    file is removed.
    """
    temporary = path.with_name(f".{path.name}.tmp")
    exclusive = os.O_TRUNC if overwrite else os.O_EXCL  # a stale one is replaced, or refused
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | exclusive, mode)
    try:
        with os.fdopen(fd, "wb") as file:
            os.fchmod(file.fileno(), mode)  # the umask may have cleared bits; make it exact
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)
            except FileExistsError as err:  # link() names the source first: name `path`
                raise FileExistsError(err.errno, err.strerror, str(path)) from err
    finally:
        temporary.unlink(missing_ok=True)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
