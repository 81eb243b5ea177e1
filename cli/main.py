"""The `cunzheng` command: one click group; each concern's module defines its commands.

A command's module is imported only when that command runs (or help lists it), so that
`cunzheng verify` loads neither the node nor LevelDB: those come with the `cunzheng[node]`
extra (cli/node_extra.py), and a node command without it says how to install it.
"""

import importlib

import click

from cunzheng.cli.node_extra import is_node_extra, node_extra_missing

# Each command: (module, the click command's name in it), in the order help lists them.
COMMANDS = {
    "keygen": ("cunzheng.cli.keys_cmd", "keygen"),
    "genesis": ("cunzheng.cli.keys_cmd", "genesis"),
    "submit": ("cunzheng.cli.submit_cmd", "submit"),
    "proof": ("cunzheng.cli.proof_cmd", "proof"),
    "verify": ("cunzheng.cli.verify_cmd", "verify"),
    "status": ("cunzheng.cli.status_cmd", "status"),
    "seal": ("cunzheng.cli.seal_cmd", "seal_command"),
    "disclose": ("cunzheng.cli.seal_cmd", "disclose_command"),
    "certificate": ("cunzheng.cli.certificate_cmd", "certificate_command"),
    "verifier": ("cunzheng.cli.verifier_cmd", "verifier_command"),
    "refresh": ("cunzheng.cli.refresh_cmd", "refresh_command"),
    "audit": ("cunzheng.cli.audit_cmd", "audit_command"),
    "export": ("cunzheng.cli.export_cmd", "export_command"),
    "backup": ("cunzheng.cli.backup_cmd", "backup_command"),
    "restore": ("cunzheng.cli.backup_cmd", "restore_command"),
    "init": ("cunzheng.cli.node_cmd", "init_command"),
    "node": ("cunzheng.cli.node_cmd", "node_command"),
    "devnet": ("cunzheng.cli.node_cmd", "devnet_command"),
    "governance": ("cunzheng.cli.governance_cmd", "governance_command"),
}


class LazyCommands(click.Group):
    """A group that imports a command's module when the command is asked for."""

    def list_commands(self, _ctx: click.Context) -> list[str]:
        """The command names, in COMMANDS order."""
        return list(COMMANDS)

    def get_command(self, _ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command `cmd_name`, or None if there is none. A command whose module needs
        the `cunzheng[node]` extra, when it is not installed, is one that says so."""
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[cmd_name]
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as err:
            if not is_node_extra(err):
                raise
            return _needs_node_extra(cmd_name)
        command = getattr(module, attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{module_name}.{attribute} is not a click command")
        return command


def _needs_node_extra(name: str) -> click.Command:
    # Stands in for a command whose module cannot load without the extra: help lists it,
    # and running it (with any arguments) says what to install.
    def refuse() -> None:
        raise node_extra_missing(f"cunzheng {name}")

    return click.Command(
        name,
        callback=refuse,
        help="Needs the cunzheng[node] extra: pip install 'cunzheng[node]'.",
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
        add_help_option=False,
    )


@click.group(cls=LazyCommands)
@click.version_option(package_name="cunzheng")
def main() -> None:
    """cunzheng (存证): an evidence-preservation ledger run by a consortium of notaries."""


if __name__ == "__main__":
    main()
