"""`cunzheng seal` and `cunzheng disclose`: evidence packages (docs/evidence-packages.md).

`seal` hashes a folder's files locally (leaving out the files an operating system adds by
itself, and saying so), seals the collection record stated on the command line with them,
warns about what courts expect of a chat record and the folder lacks, and writes the
manifest; with --node it submits the package Entry alone (no file, name or file hash leaves
the machine), as `cunzheng submit --manifest` does later. The manifest is fsynced before
anything is sent: it holds the only copy of the salts, without which no file can ever be
disclosed. The words are in cli/messages/seal.py.
"""

import os
import unicodedata
from pathlib import Path

import click

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.filehash import new_hash
from cunzheng.cli.http import check_node_url, commit_timeout_option
from cunzheng.cli.i18n import (
    CliBadParameter,
    CliError,
    CliUsageError,
    Listing,
    Message,
    lang_option,
    say,
)
from cunzheng.cli.package_submission import load_manifest, submit_package
from cunzheng.cli.progress import hashing_progress
from cunzheng.ledger.collection import CollectionRecord
from cunzheng.ledger.disclosure import disclose
from cunzheng.ledger.errors import DecodeError, LedgerError, ProofError
from cunzheng.ledger.json_files import write_json_file
from cunzheng.ledger.manifest import (
    FILE_ALGS,
    ROLES,
    CourtWarning,
    court_warnings,
    write_manifest,
)
from cunzheng.ledger.package import SealedFolder, seal_directory

_FILE = click.Path(dir_okay=False, path_type=Path)


def warning_text(warning: CourtWarning) -> Message:
    """A court warning of ledger.manifest.court_warnings, as a person reads it."""
    stem = "" if warning.path is None else Path(warning.path).stem
    return Message(f"court_{warning.code}", {"path": warning.path, "stem": stem})


def parse_roles(values: tuple[str, ...]) -> dict[str, str]:
    """`--role PATH=ROLE` options as {NFC path: role}; the last "=" separates the role.

    Raises CliBadParameter for a value without "=", an unknown ROLE, or a PATH given twice.
    """
    roles: dict[str, str] = {}
    for value in values:
        path, equals, role = value.rpartition("=")
        path = unicodedata.normalize("NFC", path)
        if not equals or not path or role not in ROLES or path in roles:
            known = Listing(tuple(Message("code", {"code": known}) for known in ROLES))
            raise CliBadParameter(
                "seal_role_invalid", param_hint="--role", value=value, roles=known
            )
        roles[path] = role
    return roles


def _check_out(out: Path, directory: Path) -> None:
    if out.exists():
        raise CliUsageError("seal_out_exists", out=out)
    if not out.parent.is_dir():
        raise CliUsageError("seal_out_folder_missing", folder=out.parent)
    if out.resolve().is_relative_to(directory.resolve()):
        raise CliUsageError("seal_out_inside", out=out, directory=directory)


def _seal(
    directory: Path, alg: str, collection: CollectionRecord, roles: dict[str, str]
) -> SealedFolder:
    new_hash(alg)  # says plainly, before any reading, if this Python has no SM3
    with hashing_progress() as report:
        try:
            return seal_directory(
                directory,
                alg=alg,
                salt_source=os.urandom,
                collection=collection,
                roles=roles,
                progress=report,
            )
        except LedgerError as err:
            raise CliError("seal_failed", error=ErrorText(err)) from err


def _collection(steps: tuple[str, ...], **stated: str | None) -> CollectionRecord:
    try:
        return CollectionRecord(None, **stated, steps=steps)
    except DecodeError as err:
        raise CliUsageError("collection_invalid", error=ErrorText(err)) from err


@click.command("seal")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", required=True, type=_FILE, help="New manifest file, outside DIRECTORY.")
@click.option("--alg", type=click.Choice(FILE_ALGS), default="sha256", show_default=True)
@click.option("--operator", help="Who collected the evidence.")
@click.option("--device", help="The phone or PC it came from (model, serial number).")
@click.option("--app", help='The app that held it, e.g. "微信".')
@click.option("--app-version", help="That app's version.")
@click.option("--started", metavar="TIME", help="Collection start, e.g. 2026-11-20T14:30+08:00.")
@click.option("--ended", metavar="TIME", help="Collection end, in the same form.")
@click.option("--method", help="How the evidence was collected, in a sentence.")
@click.option("--step", "steps", multiple=True, help="One step of the collection; repeatable.")
@click.option(
    "--role",
    "role_values",
    multiple=True,
    metavar="PATH=ROLE",
    help=f"Role of a file (PATH within DIRECTORY): {', '.join(ROLES)}. Default: guessed from "
    "its name (ledger/manifest.py, ROLE_PATTERNS).",
)
@click.option(
    "--node",
    metavar="URL",
    callback=lambda _context, _param, value: None if value is None else check_node_url(value),
    help="Submit the package entry (only its root and file count) to this node.",
)
@click.option("--wait/--no-wait", default=True, show_default=True, help="Wait for the proof.")
@commit_timeout_option
@lang_option
def seal_command(
    directory: Path,
    out: Path,
    alg: str,
    steps: tuple[str, ...],
    role_values: tuple[str, ...],
    node: str | None,
    wait: bool,
    timeout: float,
    **stated: str | None,
) -> None:
    """Seal every file of DIRECTORY into an evidence package and write its manifest.

    Files the operating system adds (.DS_Store, Thumbs.db, desktop.ini, ._*) are left out.
    With --node, submit the package entry and (--wait) save its checked proof bundle beside
    the manifest as <MANIFEST stem>.bundle.json; without, submit it later with
    `cunzheng submit --node URL --manifest MANIFEST`.
    """
    _check_out(out, directory)
    collection = _collection(steps, **stated)
    sealed = _seal(directory, alg, collection, parse_roles(role_values))
    manifest = sealed.manifest
    if sealed.left_out:
        paths = Listing(sealed.left_out)
        say("left_out", to_stderr=True, count=len(sealed.left_out), paths=paths)
    for warning in court_warnings(manifest):
        say("court_warning", to_stderr=True, text=warning_text(warning))
    try:
        write_manifest(out, manifest)
    except OSError as err:
        raise CliError("cannot_write", path=out, error=ErrorText(err)) from err
    size = sum(item.package_file.size for item in manifest.files)
    entry_id, root = manifest.entry.leaf_hash().hex(), manifest.entry.digest.hex()
    count = len(manifest.files)
    say(
        "sealed", directory=directory, out=out, count=count, size=size, root=root, entry_id=entry_id
    )
    if node is not None:
        submit_package(node, manifest, out, wait, timeout, None)


@click.command("disclose")
@click.argument("manifest_path", metavar="MANIFEST", type=_FILE)
@click.argument("path", metavar="PATH")
@click.option("--out", required=True, type=_FILE, help="The disclosure file to write.")
@lang_option
def disclose_command(manifest_path: Path, path: str, out: Path) -> None:
    """Write the disclosure of one file (PATH, as the manifest lists it) of a sealed package:
    it proves that file part of the package without revealing anything of the others."""
    manifest = load_manifest(manifest_path, "MANIFEST")
    try:
        disclosure = disclose(manifest, path)
    except ValueError as err:
        raise CliBadParameter("disclose_not_in_package", param_hint="PATH", path=path) from err
    except ProofError as err:
        error = ErrorText(err)
        raise CliError("disclose_manifest_broken", manifest=manifest_path, error=error) from err
    try:
        write_json_file(out, disclosure)
    except OSError as err:
        raise CliError("cannot_write", path=out, error=ErrorText(err)) from err
    position, count = disclosure["leaf_index"] + 1, len(manifest.files)
    shown = disclosure["file"]["path"]
    say("disclosed", path=shown, position=position, count=count, out=out)
