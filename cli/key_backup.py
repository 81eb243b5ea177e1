"""The node key in a backup: sealed from a node home by `cunzheng backup --key-from HOME`, put
back into a home by `cunzheng restore` (docs/cli.md, "cunzheng backup").

The node writes its backup over HTTP and never sends its key, so the key goes in only when the
operator, on the node's host, names the home to read it from. It is sealed with a passphrase
(node/sealed_key.py); the passphrase comes from `--passphrase-file` (its first line) or, on a
terminal, a prompt.
"""

from pathlib import Path

import click

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.http import NodeClient
from cunzheng.cli.i18n import CliError, current_language, say, text
from cunzheng.cli.terminal import shell_word
from cunzheng.ledger.errors import KeyFileError
from cunzheng.ledger.keys import NodeKey, load_key_file, vkey, write_key_file
from cunzheng.node.backup import BackupManifest
from cunzheng.node.config import ConfigError, load_config
from cunzheng.node.sealed_key import SealedKey, SealedKeyError, seal_key

MAX_PASSPHRASE_FILE_BYTES = 4096
LOST_KEY_GUIDE = "deploy/README.md"

passphrase_file_option = click.option(
    "--passphrase-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File whose first line is the passphrase of the node key; without it, a prompt.",
)


def read_passphrase(path: Path | None, *, confirm: bool) -> str:
    """The passphrase: the first line of `path`, or typed at a prompt (twice if `confirm`).
    Raises CliError if the file cannot be read."""
    if path is None:
        language = current_language()
        answer: str = click.prompt(
            text(language, "passphrase_prompt"),
            hide_input=True,
            confirmation_prompt=text(language, "passphrase_confirm") if confirm else False,
            err=True,
        )
        return answer
    try:
        with path.open("rb") as file:
            data = file.read(MAX_PASSPHRASE_FILE_BYTES)
        return data.decode("utf-8").splitlines()[0] if data.strip() else ""
    except (OSError, UnicodeDecodeError) as err:
        raise CliError("passphrase_file_unreadable", path=path, error=ErrorText(err)) from err


def home_key_path(home: Path) -> Path:
    """Where node home `home` keeps its key (`[node] key_file`); CliError if its
    configuration cannot be read."""
    try:
        config = load_config(home / "config.toml")
    except ConfigError as err:
        raise CliError("restore_config_unreadable", error=ErrorText(err)) from err
    return home / config.node.key_file


def sealed_home_key(home: Path, passphrase_file: Path | None, node: str) -> SealedKey:
    """The key of node home `home`, sealed with the passphrase read for it, once the node at
    `node` says it is its key. Raises CliError if the key cannot be read, is another node's,
    or the passphrase is refused; NodeUnreachable, NodeRefused, BadNodeAnswer."""
    try:
        key = load_key_file(home_key_path(home))
    except KeyFileError as err:
        raise CliError("backup_key_failed", error=ErrorText(err)) from err
    status = NodeClient(node).get_json("/v1/status")
    served = status.get("node", {}).get("public_key") if isinstance(status, dict) else None
    if served != key.public_key.hex():
        raise CliError("backup_key_other", home=home, key=vkey(key.name, key.public_key), node=node)
    try:
        return seal_key(key, read_passphrase(passphrase_file, confirm=True))
    except SealedKeyError as err:
        raise CliError("backup_key_failed", error=ErrorText(err)) from err


def key_to_restore(
    manifest: BackupManifest, key_path: Path, passphrase_file: Path | None
) -> NodeKey | None:
    """The key `restore` is to write at `key_path`: the backup's, unsealed, when the home has
    none; None when the home holds that very key already or the backup holds none. Raises
    CliError, before anything is restored, when the home holds another key or the
    passphrase does not open the backup's."""
    sealed = manifest.node_key
    if sealed is None:
        return None
    if key_path.exists():
        try:
            present = load_key_file(key_path)
        except KeyFileError as err:
            raise CliError("restore_key_unreadable", error=ErrorText(err)) from err
        if present.public_key != sealed.public_key:
            raise CliError(
                "restore_key_other",
                path=key_path,
                home_key=vkey(present.name, present.public_key),
                backup_key=vkey(sealed.name, sealed.public_key),
            )
        return None
    try:
        return sealed.open(read_passphrase(passphrase_file, confirm=False))
    except SealedKeyError as err:
        raise CliError("restore_failed", error=ErrorText(err)) from err


def write_restored_key(key: NodeKey | None, key_path: Path) -> None:
    """Write `key` (mode 0600, its vkey beside it) if given; tell the operator where the
    home's key is, or what to do when it has none. Raises CliError if writing fails."""
    if key is not None:
        try:
            write_key_file(key_path, key)
        except KeyFileError as err:
            raise CliError("restore_key_unwritable", error=ErrorText(err)) from err
        say("restore_key_written", name=key.name, path=key_path)
    elif not key_path.exists():
        command = f"chmod 600 {shell_word(key_path)}"
        say("restore_put_key", path=key_path, command=command, guide=LOST_KEY_GUIDE)
