"""`cunzheng seal` and `cunzheng disclose`: evidence packages
(docs/evidence-packages.md, "Sealing a folder").

`seal` hashes a folder's files locally, warns about what courts expect of a chat record and
the folder lacks, and writes the manifest; with --node it submits the package Entry alone (no
file, name or file hash leaves the machine). The manifest is fsynced before anything is sent:
it holds the only copy of the salts, without which no file can ever be disclosed.
cli/package_check.py checks a folder or a disclosure against a sealed package for `cunzheng
verify`. Language: cli/i18n.py's (LANG, --lang); the words are in cli/package_texts.py.
"""

import os
import unicodedata
from pathlib import Path

import click

from cunzheng.cli.filehash import new_hash
from cunzheng.cli.http import NodeClient, check_node_url, commit_timeout_option
from cunzheng.cli.i18n import Language, lang_option, resolve_language
from cunzheng.cli.package_check import load_manifest
from cunzheng.cli.package_texts import package_text, warning_text
from cunzheng.cli.progress import hashing_progress
from cunzheng.cli.submission import Submission, send, wait_and_save
from cunzheng.ledger.errors import DecodeError, LedgerError, ProofError
from cunzheng.ledger.manifest import (
    FILE_ALGS,
    ROLES,
    CollectionRecord,
    Manifest,
    court_warnings,
    write_json_file,
    write_manifest,
)
from cunzheng.ledger.package import disclose, seal_directory

_FILE = click.Path(dir_okay=False, path_type=Path)


def parse_roles(values: tuple[str, ...]) -> dict[str, str]:
    """`--role PATH=ROLE` options as {NFC path: role}; the last "=" separates the role.

    Raises click.BadParameter for a value without "=", an unknown ROLE, or a PATH given twice.
    """
    roles: dict[str, str] = {}
    for value in values:
        path, equals, role = value.rpartition("=")
        path = unicodedata.normalize("NFC", path)
        if not equals or not path or role not in ROLES or path in roles:
            raise click.BadParameter(
                f"{value!r}: give PATH=ROLE, each PATH once, ROLE one of {', '.join(ROLES)}",
                param_hint="--role",
            )
        roles[path] = role
    return roles


def _check_out(out: Path, directory: Path) -> None:
    if out.exists():
        raise click.UsageError(
            f"{out} exists. A manifest holds the only copy of its files' salts, so seal never "
            "replaces one: choose another --out, or move the old manifest away first."
        )
    if not out.parent.is_dir():
        raise click.UsageError(f"--out: folder {out.parent} does not exist")
    if out.resolve().is_relative_to(directory.resolve()):
        raise click.UsageError(
            f"--out {out} is inside {directory}: the manifest would become a file of the folder "
            "it seals. Write it beside the folder instead."
        )


def _submit(
    node: str, manifest: Manifest, out: Path, wait: bool, timeout: float, lang: Language
) -> None:
    entry_id, root = manifest.entry.leaf_hash(), manifest.entry.digest.hex()
    bundle = out.with_name(f"{out.stem}.bundle.json")
    item = Submission(manifest.entry, entry_id, [str(out)], [bundle])
    client = NodeClient(node)
    later = package_text(lang, "submit_later", out=out, root=root, count=len(manifest.files))
    try:
        receipts = send(client, [item])
    except click.ClickException as err:
        raise click.ClickException(f"{err.format_message()}\n{later}") from err
    click.echo(package_text(lang, "submitted", entry_id=entry_id.hex(), status=item.status))
    click.echo(receipts[0].summary())
    if not wait:
        click.echo(
            package_text(lang, "fetch_later", node=node, entry_id=entry_id.hex(), bundle=bundle)
        )
        return
    wait_and_save(client, [item], timeout, None)
    if item.error is not None:  # accepted, so submitting again later is idempotent
        raise click.ClickException(item.error)
    click.echo(package_text(lang, "bundle_saved", height=item.height, bundle=bundle))


def _seal(
    directory: Path, alg: str, collection: CollectionRecord, roles: dict[str, str]
) -> Manifest:
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
            raise click.ClickException(str(err)) from err


def _collection(steps: tuple[str, ...], **stated: str | None) -> CollectionRecord:
    try:
        return CollectionRecord(**stated, steps=steps)
    except DecodeError as err:
        raise click.UsageError(str(err)) from err


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
    lang: str | None,
    **stated: str | None,
) -> None:
    """Seal every file of DIRECTORY into an evidence package and write its manifest.

    With --node, submit the package entry and (--wait) save its checked proof bundle beside
    the manifest as <MANIFEST stem>.bundle.json.
    """
    language = resolve_language(lang)
    _check_out(out, directory)
    collection = _collection(steps, **stated)
    manifest = _seal(directory, alg, collection, parse_roles(role_values))
    for warning in court_warnings(manifest):
        click.echo(
            package_text(language, "warning", text=warning_text(warning, language)), err=True
        )
    try:
        write_manifest(out, manifest)
    except OSError as err:
        raise click.ClickException(f"cannot write {out}: {err.strerror or err}") from err
    size = sum(item.package_file.size for item in manifest.files)
    entry_id, root = manifest.entry.leaf_hash().hex(), manifest.entry.digest.hex()
    values = {"count": len(manifest.files), "size": size, "root": root, "entry_id": entry_id}
    click.echo(package_text(language, "sealed", directory=directory, out=out, **values))
    if node is not None:
        _submit(node, manifest, out, wait, timeout, language)


@click.command("disclose")
@click.argument("manifest_path", metavar="MANIFEST", type=_FILE)
@click.argument("path", metavar="PATH")
@click.option("--out", required=True, type=_FILE, help="The disclosure file to write.")
@lang_option
def disclose_command(manifest_path: Path, path: str, out: Path, lang: str | None) -> None:
    """Write the disclosure of one file (PATH, as the manifest lists it) of a sealed package:
    it proves that file part of the package without revealing anything of the others."""
    language = resolve_language(lang)
    try:
        manifest = load_manifest(manifest_path)
    except DecodeError as err:
        raise click.ClickException(f"{manifest_path}: {err}") from err
    try:
        disclosure = disclose(manifest, path)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="PATH") from err
    except ProofError as err:
        raise click.ClickException(f"{manifest_path}: {err}") from err
    try:
        write_json_file(out, disclosure)
    except OSError as err:
        raise click.ClickException(f"cannot write {out}: {err.strerror or err}") from err
    position, count = disclosure["leaf_index"] + 1, len(manifest.files)
    shown = disclosure["file"]["path"]
    click.echo(
        package_text(language, "disclosed", path=shown, position=position, count=count, out=out)
    )
