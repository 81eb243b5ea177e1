"""The `cunzheng[node]` extra: LevelDB (plyvel) and uvloop, needed only to run a node or to
read a node's store. `pip install cunzheng` alone seals, submits, verifies, renders
certificates and audits export packages, so a judge's Windows machine needs neither."""

import click

from cunzheng.cli.i18n import resolve_language, text

NODE_EXTRA_MODULES = frozenset({"plyvel", "uvloop"})


def is_node_extra(error: ModuleNotFoundError) -> bool:
    """True when `error` is about a module only the `cunzheng[node]` extra installs."""
    return (error.name or "").partition(".")[0] in NODE_EXTRA_MODULES


def node_extra_missing(what: str) -> click.ClickException:
    """The error for `what` (a command or option) run without the extra, saying how to add
    it, in the locale's language."""
    return click.ClickException(text(resolve_language(None), "node_extra_missing", what=what))
