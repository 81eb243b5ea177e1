"""`cunzheng backup` and `cunzheng restore`: a node's store saved while it runs, and brought back.

docs/cli.md, "cunzheng backup". LevelDB admits one process, so `backup` asks the running node for a
consistent snapshot of its own store (`POST /v1/admin/backup`, answered to loopback clients
only unless the node's `[limits] admin_allow` says otherwise), saves it beside FILE, checks it
and only then moves it to FILE; with `--key-from HOME` it also carries the node key, sealed with
a passphrase (cli/key_backup.py). `restore` unpacks a backup into a node home and checks the
store, replaying every block, before any node may use it (node/backup.py), and puts the key
back or says how to.
"""

import http.client
import os
import urllib.error
import urllib.request
from pathlib import Path

import click

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.http import NodeRefused, NodeUnreachable, node_option
from cunzheng.cli.i18n import (
    CliError,
    Language,
    Message,
    current_language,
    lang_option,
    say,
    text,
)
from cunzheng.cli.key_backup import (
    key_to_restore,
    passphrase_file_option,
    sealed_home_key,
    write_restored_key,
)
from cunzheng.cli.terminal import echo, shell_word
from cunzheng.cli.times import exact_time
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.json_files import parse_json
from cunzheng.ledger.validators import Genesis
from cunzheng.node.api.admin import BACKUP_MEDIA_TYPE, BACKUP_PATH
from cunzheng.node.backup import (
    CHUNK_BYTES,
    BackupError,
    BackupManifest,
    add_sealed_key,
    read_backup,
    read_manifest,
    restore_backup,
)
from cunzheng.node.config import ConfigError, load_config
from cunzheng.node.restore_mark import MARK_NAME

DEFAULT_TIMEOUT_S = 3600.0
MAX_ERROR_BYTES = 64 * 1024


def _refusal(url: str, err: urllib.error.HTTPError) -> NodeRefused:
    code, message = "http_error", str(err.reason or "no reason given")
    try:
        error = parse_json(err.read(MAX_ERROR_BYTES), "the node's refusal")["error"]
        code, message = str(error["code"]), str(error["message"])
    except (DecodeError, KeyError, TypeError, OSError):
        pass  # not the API's error shape (a proxy's page, say): keep the HTTP reason
    return NodeRefused(url, err.code, code, message)


def download_backup(node: str, out: Path, timeout_s: float) -> int:
    """Ask the node at `node` for a backup and write it to `out` (replaced if it exists),
    flushed to disk. Returns its size; raises NodeUnreachable or NodeRefused."""
    url = node + BACKUP_PATH
    request = urllib.request.Request(
        url, data=b"", method="POST", headers={"Accept": BACKUP_MEDIA_TYPE}
    )
    size = 0
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as answer, out.open("wb") as file:
            while chunk := answer.read(CHUNK_BYTES):
                file.write(chunk)
                size += len(chunk)
            file.flush()
            os.fsync(file.fileno())
    except urllib.error.HTTPError as err:
        with err:
            raise _refusal(url, err) from err
    except urllib.error.URLError as err:
        raise NodeUnreachable(node, err.reason) from err
    except TimeoutError as err:
        raise NodeUnreachable(node, Message("no_answer_within", {"seconds": timeout_s})) from err
    except (ConnectionError, http.client.HTTPException) as err:
        broke_off = Message("answer_broke_off", {"detail": repr(err)})
        raise NodeUnreachable(node, broke_off) from err
    return size


def _describe(manifest: BackupManifest, language: Language) -> str:
    return text(
        language,
        "backup_describe",
        chain_id=manifest.chain_id,
        height=manifest.height,
        size=manifest.ledger_size,
        root=manifest.ledger_root.hex()[:16],
        time=exact_time(manifest.created_ms, language),
    )


@click.command("backup")
@node_option
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Backup file to create (a .tar.gz); never overwritten.",
)
@click.option(
    "--timeout",
    "timeout_s",
    type=click.FloatRange(min=1),
    default=DEFAULT_TIMEOUT_S,
    show_default=True,
    help="Seconds to wait for the node to write and send the backup.",
)
@click.option(
    "--key-from",
    "key_home",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Node home whose key to add to the backup, sealed with a passphrase.",
)
@passphrase_file_option
@lang_option
def backup_command(
    node: str, out: Path, timeout_s: float, key_home: Path | None, passphrase_file: Path | None
) -> None:
    """Save a consistent snapshot of a running node's store (run it on the node's host)."""
    if out.exists():
        raise CliError("already_exists", path=out)
    sealed = None if key_home is None else sealed_home_key(key_home, passphrase_file, node)
    partial = out.with_name(out.name + ".partial")
    keyed = out.with_name(out.name + ".keyed")
    try:
        size = download_backup(node, partial, timeout_s)
        manifest = read_backup(partial)
        if sealed is not None:
            add_sealed_key(partial, sealed, keyed)
            partial.unlink()
            keyed.rename(partial)
            manifest = read_backup(partial)
            size = partial.stat().st_size
        if out.exists():
            raise CliError("backup_appeared", path=out)
        partial.rename(out)
    except BackupError as err:
        raise CliError("backup_invalid", error=ErrorText(err)) from err
    except OSError as err:
        raise CliError("cannot_write", path=out, error=ErrorText(err)) from err
    finally:
        partial.unlink(missing_ok=True)
        keyed.unlink(missing_ok=True)
    say("backup_written", path=out, size=size)
    echo(_describe(manifest, current_language()))
    if manifest.node_key is None:
        say("backup_without_key")
    else:
        say("backup_with_key", name=manifest.node_key.name)
    say("backup_restore_hint", path=shell_word(out))


def _home_genesis_hash(path: Path) -> bytes | None:
    if not path.exists():
        return None
    try:
        return Genesis.from_file_text(path.read_text("utf-8")).hash()
    except (DecodeError, OSError, UnicodeDecodeError) as err:
        raise CliError("restore_genesis_unreadable", path=path, error=ErrorText(err)) from err


@click.command("restore")
@click.argument("backup_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--home",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Node home to restore into; it must not hold a store yet.",
)
@passphrase_file_option
@lang_option
def restore_command(backup_file: Path, home: Path, passphrase_file: Path | None) -> None:
    """Bring a backup's store (and node key, if it holds one) back into node home DIR,
    checking it before any node uses it."""
    try:
        config = load_config(home / "config.toml")
    except ConfigError as err:
        raise CliError("restore_config_unreadable", error=ErrorText(err)) from err
    genesis_path = home / config.node.genesis_file
    target = home / config.node.data_dir / "ledger"
    key_path = home / config.node.key_file
    try:
        key = key_to_restore(read_manifest(backup_file), key_path, passphrase_file)
        manifest = restore_backup(backup_file, target, _home_genesis_hash(genesis_path))
    except BackupError as err:
        raise CliError("restore_failed", error=ErrorText(err)) from err
    say("restored", target=target, description=_describe(manifest, current_language()))
    say("restore_replayed")
    say("restore_hold", mark=target.parent / MARK_NAME)
    write_restored_key(key, key_path)
    if not genesis_path.exists():
        say("restore_put_genesis", home=home, hash=manifest.genesis_hash.hex())
    say("restore_next", home=shell_word(home))
