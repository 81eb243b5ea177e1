"""Proof bundle files: reading, checking, fetching from a node, and saving them safely.

A bundle is evidence. A fetched bundle is checked before it is written, and a saved bundle is
never replaced by the bundle of another record: if a file changed and was submitted again,
the proof that its earlier version existed must survive.
"""

import json
from pathlib import Path
from typing import Any

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.http import NodeClient
from cunzheng.cli.i18n import CliError
from cunzheng.cli.output_file import write_output
from cunzheng.cli.verdict import Outcome, unchecked_parts
from cunzheng.ledger.bundle import verify_bundle
from cunzheng.ledger.bundle_format import MAX_BUNDLE_BYTES, parse_bundle
from cunzheng.ledger.errors import DecodeError, LedgerError
from cunzheng.ledger.reasons import checking
from cunzheng.ledger.validators import Genesis

BUNDLE_SUFFIX = ".cunzheng.json"


def read_bundle_bytes(path: Path) -> bytes:
    """The bytes of the bundle file at `path`, up to one byte over MAX_BUNDLE_BYTES (which
    parse_bundle then refuses). Raises CliError if it cannot be read."""
    try:
        with path.open("rb") as file:
            return file.read(MAX_BUNDLE_BYTES + 1)
    except OSError as err:
        raise CliError("cannot_read", path=path, error=ErrorText(err)) from err


def read_bundle(path: Path) -> Any:
    """The JSON in the bundle file at `path`.

    A file that is not UTF-8 JSON (or is far too large) is not a bundle: raises DecodeError
    with reason malformed_bundle, which a verdict reports as invalid. Raises CliError if it
    cannot be read.
    """
    data = read_bundle_bytes(path)
    with checking("malformed_bundle"):
        return parse_bundle(data)


def check_bundle(
    bundle: Any, genesis: Genesis | None, trusted_vkeys: tuple[str, ...] = ()
) -> Outcome:
    """The outcome of checking `bundle` offline (no file compared yet).

    Runs ledger.bundle.verify_bundle. Raises a LedgerError subclass with the reason (and its
    reason code) when anything fails to check out.
    """
    verdict = verify_bundle(bundle, genesis, trusted_vkeys)
    return Outcome(verdict, None, unchecked_parts(bundle))


def fetch_checked_bundle(
    client: NodeClient, entry_id: bytes, genesis: Genesis | None
) -> tuple[Any, Outcome]:
    """The proof bundle of `entry_id` from the node, and the outcome of checking it.

    Without `genesis` the bundle is checked against the validator set it carries. Raises
    NodeRefused (404 unknown, 409 still pending), NodeUnreachable, or CliError when the
    bundle does not verify or proves another entry.
    """
    bundle = client.get_json(f"/v1/proofs/{entry_id.hex()}")
    try:
        outcome = check_bundle(bundle, genesis)
    except LedgerError as err:
        raise CliError(
            "proof_does_not_verify",
            url=client.base_url,
            entry_id=entry_id.hex(),
            error=ErrorText(err),
        ) from err
    if outcome.verdict.entry_id != entry_id:
        served = outcome.verdict.entry_id.hex()
        raise CliError(
            "proof_of_other_entry", url=client.base_url, served=served, entry_id=entry_id.hex()
        )
    return bundle, outcome


def save_bundle(path: Path, bundle: Any) -> None:
    """Write `bundle` to `path` atomically (temporary file, fsync, rename).

    An existing file is replaced only if it holds a bundle of the same entry id. Raises
    CliError otherwise, or when writing fails.
    """
    if path.exists():
        _check_same_record(path, bundle["id"])
    write_output(path, (json.dumps(bundle, indent=2, ensure_ascii=False) + "\n").encode())


def _check_same_record(path: Path, entry_id: str) -> None:
    try:
        existing = read_bundle(path)
    except DecodeError:
        existing = None
    if not isinstance(existing, dict) or existing.get("id") != entry_id:
        raise CliError("bundle_exists_other", path=path, entry_id=entry_id)
