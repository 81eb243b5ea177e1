"""Writing what a command produces: atomically (ledger.files), with a clear error."""

from pathlib import Path

import click

from cunzheng.ledger.files import write_atomically


def write_output(path: Path, data: bytes, *, overwrite: bool = True, hint: str = "") -> None:
    """Write `data` to `path` atomically; without `overwrite`, never replace a file there.

    Raises click.ClickException naming the file, with `hint` (e.g. "add --force to replace
    it") when it exists, or the system's reason when writing fails.
    """
    try:
        write_atomically(path, data, overwrite=overwrite)
    except FileExistsError as err:
        advice = f" ({hint})" if hint else ""
        raise click.ClickException(
            f"{err.filename} already exists; refusing to overwrite it{advice}"
        ) from err
    except OSError as err:
        raise click.ClickException(f"cannot write {path}: {err.strerror or err}") from err
