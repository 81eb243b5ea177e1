"""A key file read for a command that signs with it (a submitter's or a notary's key)."""

from pathlib import Path

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.i18n import CliError
from cunzheng.ledger.errors import KeyFileError
from cunzheng.ledger.keys import NodeKey, load_key_file


def load_key(path: Path) -> NodeKey:
    """The key file at `path`; CliError saying what is wrong with it."""
    try:
        return load_key_file(path)
    except KeyFileError as err:
        raise CliError("key_file_unusable", error=ErrorText(err)) from err
