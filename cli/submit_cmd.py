"""`cunzheng submit`: hash evidence locally, submit the digests, and (with --wait) save proofs.

Only digests leave the machine
(docs/domain.md, "What leaves the litigant's machine"). No client time is added to the
entries, so an entry's id is fixed by the file alone: submitting again after a lost answer
is idempotent instead of recording the file twice. File names are not put on the shared
ledger either (PIPL): give --meta explicitly if a name belongs there.
"""

from collections.abc import Sequence
from pathlib import Path

import click

from cunzheng.cli.algorithms import ALGORITHM_LABELS
from cunzheng.cli.columns import padded
from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.filehash import hash_file
from cunzheng.cli.http import NodeClient, commit_timeout_option, node_option
from cunzheng.cli.i18n import (
    CliBadParameter,
    CliError,
    CliUsageError,
    Listing,
    current_language,
    lang_option,
    say,
    show,
)
from cunzheng.cli.keys import load_key
from cunzheng.cli.package_submission import load_manifest, submit_package
from cunzheng.cli.proofs import BUNDLE_SUFFIX
from cunzheng.cli.receipts import ReceiptCheck
from cunzheng.cli.submission import Submission, send, status_word, wait_and_save
from cunzheng.cli.terminal import echo_json, shell_word
from cunzheng.cli.trust import load_genesis
from cunzheng.ledger.entry import DIGEST_SIZES, Entry
from cunzheng.ledger.errors import DecodeError, LedgerError
from cunzheng.ledger.keys import ENTRY_SIGNATURE_TAG, NodeKey
from cunzheng.ledger.validators import Genesis

# The status column's width: "committed", the longest status in English.
STATUS_WIDTH = 9


def parse_meta(values: Sequence[str]) -> dict[str, str]:
    """`--meta k=v` options as a map; raises CliBadParameter for a bad or repeated key."""
    meta: dict[str, str] = {}
    for value in values:
        key, equals, item = value.partition("=")
        if not equals or not key:
            raise CliBadParameter("submit_meta_malformed", param_hint="--meta", value=value)
        if key in meta:
            raise CliBadParameter("submit_meta_repeated", param_hint="--meta", key=key)
        meta[key] = item
    return meta


def make_entry(
    digest: bytes, alg: str, kind: str, meta: dict[str, str], key: NodeKey | None
) -> Entry:
    """The entry for `digest`, signed by `key` as submitter when given.

    Raises CliUsageError when the fields break the ledger's limits (digest size for the
    alg, kind length, meta size) or a node's rule for new entries (plain text in kind and
    meta, docs/formats.md "Plain text").
    """
    try:
        entry = Entry(digest, alg, kind, meta)
        entry.verify_plain_text()
    except DecodeError as err:
        raise CliUsageError("submit_entry_invalid", error=ErrorText(err)) from err
    if key is None:
        return entry
    payload = entry.payload_to_sign(key.public_key)
    return entry.with_signature(key.public_key, key.sign(ENTRY_SIGNATURE_TAG, payload))


def _bundle_path(file: Path | None, entry_id: bytes, out: Path | None) -> Path:
    if file is None:
        return (out or Path.cwd()) / f"{entry_id.hex()}{BUNDLE_SUFFIX}"
    return (out or file.parent) / f"{file.name}{BUNDLE_SUFFIX}"


def plan_submissions(
    sources: Sequence[tuple[Path | None, Entry]], out: Path | None
) -> list[Submission]:
    """One submission per distinct entry, in order, each with the bundle paths of its sources.

    Raises CliUsageError when two different inputs would save their proofs to one path.
    """
    by_id: dict[bytes, Submission] = {}
    owners: dict[Path, str] = {}
    for file, entry in sources:
        entry_id = entry.leaf_hash()
        source = "--digest" if file is None else str(file)
        path = _bundle_path(file, entry_id, out)
        owner = owners.setdefault(path.resolve(), source)
        if owner != source:
            raise CliUsageError("submit_same_bundle_path", owner=owner, source=source, path=path)
        submission = by_id.setdefault(entry_id, Submission(entry, entry_id))
        submission.sources.append(source)
        submission.bundle_paths.append(path)
    return list(by_id.values())


def _inputs(
    files: tuple[Path, ...], digests: tuple[str, ...], alg: str
) -> list[tuple[Path | None, bytes]]:
    if bool(files) == bool(digests):
        raise CliUsageError("submit_files_or_digest")
    inputs: list[tuple[Path | None, bytes]] = []
    for value in dict.fromkeys(digests):
        try:
            inputs.append((None, bytes.fromhex(value)))
        except ValueError as err:
            raise CliBadParameter("submit_not_hex", param_hint="--digest", value=value) from err
    seen: set[Path] = set()
    for file in files:
        if file.resolve() not in seen:
            seen.add(file.resolve())
            inputs.append((file, hash_file(file, alg)))
    return inputs


def _print_sent(submissions: Sequence[Submission], receipts: Sequence[ReceiptCheck]) -> None:
    language = current_language()
    for item in submissions:
        status = padded(status_word(item.status).in_language(language), STATUS_WIDTH)
        for source in item.sources:
            say("submit_sent", entry_id=item.entry_id.hex(), status=status, source=source)
    for checked in receipts:
        show(checked)


def _make_directory(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CliError("cannot_create", path=path, error=ErrorText(err)) from err


def _print_result(
    node: str,
    submissions: Sequence[Submission],
    receipts: Sequence[ReceiptCheck],
    wait: bool,
    as_json: bool,
) -> None:
    if as_json:
        result = {
            "node": node,
            "receipts": [checked.receipt_json for checked in receipts],
            "entries": [item.to_json() for item in submissions],
        }
        echo_json(result)
    elif wait:
        _print_waited(submissions)
    else:
        say("submit_fetch_each", node=shell_word(node))


def _print_waited(submissions: Sequence[Submission]) -> None:
    for item in submissions:
        entry_id = item.entry_id.hex()
        for source, path in zip(item.sources, item.bundle_paths, strict=True):
            if path in item.saved:
                say("submit_saved", entry_id=entry_id, height=item.height, source=source, path=path)
        if item.error is not None:
            say("submit_failed", to_stderr=True, entry_id=entry_id, error=item.error)
    if any(item.saved for item in submissions):
        say("submit_verify_hint")


def _submit_manifest(
    node: str,
    manifest_path: Path,
    wait: bool,
    timeout: float,
    genesis: Genesis | None,
    others: dict[str, object],
) -> None:
    # `cunzheng submit --manifest`: the package entry of a sealed folder, later than `seal`.
    # `others` are the other inputs, by how they are written, which must not be given.
    given = [option for option, value in others.items() if value]
    if given:
        raise CliUsageError("submit_manifest_alone", options=Listing(tuple(given)))
    manifest = load_manifest(manifest_path, "--manifest")
    try:
        manifest.verify_root()
    except LedgerError as err:
        raise CliBadParameter(
            "manifest_unusable", param_hint="--manifest", path=manifest_path, error=ErrorText(err)
        ) from err
    submit_package(node, manifest, manifest_path, wait, timeout, genesis)


def _refuse_folders(files: tuple[Path, ...]) -> None:
    for path in files:
        if path.is_dir():
            raise CliUsageError("submit_folder", path=shell_word(path))


@click.command("submit")
@node_option
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--digest",
    "digests",
    multiple=True,
    metavar="HEX",
    help="Submit a digest computed elsewhere instead of hashing FILEs (repeatable).",
)
@click.option(
    "--alg",
    type=click.Choice(sorted(ALGORITHM_LABELS)),
    default="sha256",
    show_default=True,
    help="Digest algorithm for FILEs or --digest.",
)
@click.option("--kind", default="", help='Entry kind, e.g. "chat-export" (default none).')
@click.option(
    "--meta",
    "meta_values",
    multiple=True,
    metavar="KEY=VALUE",
    help="Metadata stored on the shared ledger in clear; repeatable.",
)
@click.option(
    "--key",
    "key_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Sign the entries as submitter with this key file.",
)
@click.option("--wait", is_flag=True, help="Wait for commit, then fetch, check and save proofs.")
@commit_timeout_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory for proof bundles (default: beside each file).",
)
@click.option(
    "--genesis",
    "genesis_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Check fetched proofs against this trusted genesis.json.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option(
    "--manifest",
    "manifest_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Submit the package entry of this manifest (written by `cunzheng seal` without "
    "--node); with --wait, save its proof beside it as <MANIFEST stem>.bundle.json.",
)
@lang_option
def submit(
    node: str,
    files: tuple[Path, ...],
    digests: tuple[str, ...],
    alg: str,
    kind: str,
    meta_values: tuple[str, ...],
    key_path: Path | None,
    wait: bool,
    timeout: float,
    out: Path | None,
    genesis_path: Path | None,
    as_json: bool,
    manifest_path: Path | None,
) -> None:
    """Hash FILEs locally (or take --digest) and submit the digests to a node; or submit
    the package entry of a sealed folder's --manifest.

    With --wait, wait until they are committed, then fetch each proof bundle, check it, and
    save it as FILE.cunzheng.json (ID.cunzheng.json for a --digest). A folder is sealed
    first with `cunzheng seal`.
    """
    _refuse_folders(files)
    genesis = None if genesis_path is None else load_genesis(genesis_path)
    if manifest_path is not None:
        others: dict[str, object] = {"FILE…": files, "--digest": digests, "--kind": kind}
        others |= {"--meta": meta_values, "--key": key_path, "--out": out, "--json": as_json}
        _submit_manifest(node, manifest_path, wait, timeout, genesis, others)
        return
    if out is not None and not wait:
        raise CliUsageError("submit_out_needs_wait")
    meta, key = parse_meta(meta_values), None if key_path is None else load_key(key_path)
    make_entry(bytes(DIGEST_SIZES[alg]), alg, kind, meta, None)  # bad --kind/--meta: say so now
    sources = [
        (file, make_entry(digest, alg, kind, meta, key))
        for file, digest in _inputs(files, digests, alg)
    ]
    submissions = plan_submissions(sources, out)
    if out is not None:
        _make_directory(out)
    client = NodeClient(node)
    receipts = send(client, submissions)
    if not as_json:
        _print_sent(submissions, receipts)
    if wait:
        wait_and_save(client, submissions, timeout, genesis)
    _print_result(node, submissions, receipts, wait, as_json)
    if any(item.error is not None for item in submissions):
        click.get_current_context().exit(1)
