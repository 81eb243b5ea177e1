"""A key file read for a command that signs with it (a submitter's or a notary's key)."""

from pathlib import Path

import click

from cunzheng.ledger.errors import KeyFileError
from cunzheng.ledger.keys import NodeKey, load_key_file


def load_key(path: Path) -> NodeKey:
    """The key file at `path`; click.ClickException saying what is wrong with it."""
    try:
        return load_key_file(path)
    except KeyFileError as err:
        raise click.ClickException(str(err)) from err
