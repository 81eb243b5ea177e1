"""Writing what a command produces: atomically (ledger.files), with a clear error."""

from pathlib import Path

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.i18n import CliError
from cunzheng.ledger.files import write_atomically


def write_output(
    path: Path, data: bytes, *, overwrite: bool = True, refusal: str = "already_exists"
) -> None:
    """Write `data` to `path` atomically; without `overwrite`, never replace a file there.

    Raises CliError naming the file: message `refusal` (which may say how to replace it)
    when it exists, or the system's reason when writing fails.
    """
    try:
        write_atomically(path, data, overwrite=overwrite)
    except FileExistsError as err:
        raise CliError(refusal, path=err.filename) from err
    except OSError as err:
        raise CliError("cannot_write", path=path, error=ErrorText(err)) from err
