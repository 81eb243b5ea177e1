"""The `cunzheng[node]` extra: LevelDB (plyvel) and uvloop, needed only to run a node or to
read a node's store. `pip install cunzheng` alone seals, submits, verifies, renders
certificates and audits export packages, so a judge's Windows machine needs neither."""

from cunzheng.cli.i18n import CliError

NODE_EXTRA_MODULES = frozenset({"plyvel", "uvloop"})


def is_node_extra(error: ModuleNotFoundError) -> bool:
    """True when `error` is about a module only the `cunzheng[node]` extra installs."""
    return (error.name or "").partition(".")[0] in NODE_EXTRA_MODULES


def node_extra_missing(what: str) -> CliError:
    """The error for `what` (a command or option) run without the extra, saying how to add
    it."""
    return CliError("node_extra_missing", what=what)
