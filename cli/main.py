"""The `cunzheng` command: one click group; each concern's module defines its commands.

A command's module is imported only when that command runs (or help lists it), so that
`cunzheng verify` loads neither the node nor LevelDB: those come with the `cunzheng[node]`
extra (cli/node_extra.py), and a node command without it says how to install it.

What a person reads comes in the language of `--lang` or the locale (cli/i18n.py), click's
own usage errors included (cli/usage_errors.py); `--help` is English (docs/cli.md,
"Languages").
"""

import importlib
import sys
from collections.abc import Sequence
from importlib.metadata import version
from typing import Any

import click

from cunzheng.cli.i18n import (
    choose_language,
    lang_option,
    language_option_in,
    resolve_language,
    say,
    text,
)
from cunzheng.cli.node_extra import is_node_extra, node_extra_missing
from cunzheng.cli.terminal import echo
from cunzheng.cli.usage_errors import show_error

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
    "migrate": ("cunzheng.cli.migrate_cmd", "migrate_command"),
    "init": ("cunzheng.cli.node_cmd", "init_command"),
    "node": ("cunzheng.cli.node_cmd", "node_command"),
    "devnet": ("cunzheng.cli.devnet_cmd", "devnet_command"),
    "governance": ("cunzheng.cli.governance_cmd", "governance_command"),
}


class LazyCommands(click.Group):
    """A group that imports a command's module when the command is asked for, and says
    every error in the language asked for."""

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

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Take the language from a `--lang` anywhere on the command line before anything
        else is read, then parse as click does."""
        choose_language(ctx, language_option_in(args))
        return super().parse_args(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run as click's Group.main does; in Chinese, show errors in Chinese too.

        Click shows an error (and exits with its code) only in standalone mode, so in
        Chinese the group runs in the other mode and shows the error itself.
        """
        arguments = sys.argv[1:] if args is None else list(args)
        language = resolve_language(language_option_in(arguments))
        if language == "en" or not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except click.ClickException as err:
            show_error(err, language)
            sys.exit(err.exit_code)
        except click.Abort:
            echo(text(language, "aborted"), err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def _needs_node_extra(name: str) -> click.Command:
    # Stands in for a command whose module cannot load without the extra: help lists it,
    # and running it (with any arguments) says what to install.
    def refuse() -> None:
        raise node_extra_missing(f"cunzheng {name}")

    return click.Command(
        name,
        callback=refuse,
        help=text("en", "node_extra_help"),
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
        add_help_option=False,
    )


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        say("version", program=ctx.find_root().info_name, version=version("cunzheng"))
        ctx.exit()


@click.group(cls=LazyCommands)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
@lang_option
def main() -> None:
    """cunzheng (存证): an evidence-preservation ledger run by a consortium of notaries."""


if __name__ == "__main__":
    main()
