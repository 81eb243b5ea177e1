"""`cunzheng migrate`: bring a stopped node's store to this release's format.

docs/cli.md, "cunzheng migrate"; the formats and their migrations are ledger/store_format.py's.
A node refuses a store of an earlier format rather than rewrite it unasked, so an upgrade is:
stop the node, back it up, install the new release, migrate, start (deploy/README.md,
"Upgrades").
"""

from pathlib import Path

import click

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.i18n import CliError, lang_option, say
from cunzheng.cli.terminal import shell_word
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.store import BlockStore
from cunzheng.node.config import ConfigError, load_config


@click.command("migrate")
@click.option(
    "--home",
    required=True,
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Home of the stopped node whose store to migrate.",
)
@lang_option
def migrate_command(home: Path) -> None:
    """Bring the store of a stopped node to this release's format; safe to run again."""
    try:
        config = load_config(home / "config.toml")
    except ConfigError as err:
        raise CliError("restore_config_unreadable", error=ErrorText(err)) from err
    path = home / config.node.data_dir / "ledger"
    if not path.is_dir():
        raise CliError("migrate_no_store", path=path)
    try:
        before, after = BlockStore.migrate(path)
        BlockStore.open(path).close()  # checks the migrated store as the node will
    except LedgerError as err:
        raise CliError("migrate_failed", path=path, error=ErrorText(err)) from err
    if before == after:
        say("migrate_current", path=path, version=after)
    else:
        say("migrated", path=path, before=before, after=after)
    say("restore_next", home=shell_word(home))
