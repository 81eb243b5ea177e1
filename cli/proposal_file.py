"""Governance proposal files: the governance entry itself as JSON (ledger/governance.py),
what notaries pass around, sign and finally submit."""

import json
from pathlib import Path

import click

from cunzheng.cli.output_file import write_output
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import DecodeError, LedgerError
from cunzheng.ledger.governance import Proposal

MAX_PROPOSAL_BYTES = 64 * 1024
FORCE_HINT = "add --force to replace it"


def read_proposal(path: Path) -> Proposal:
    """The proposal in the file at `path`: a governance entry as JSON.

    Raises click.ClickException when it cannot be read or is not a governance entry.
    """
    try:
        with path.open("rb") as file:
            data = file.read(MAX_PROPOSAL_BYTES + 1)
    except OSError as err:
        raise click.ClickException(f"cannot read {path}: {err.strerror or err}") from err
    try:
        if len(data) > MAX_PROPOSAL_BYTES:
            raise DecodeError(f"it is over {MAX_PROPOSAL_BYTES} bytes")
        return Proposal.of_entry(Entry.from_json(json.loads(data.decode("utf-8"))))
    except (ValueError, LedgerError) as err:  # UnicodeDecodeError is a ValueError too
        raise click.ClickException(
            f"{path} is not a governance proposal: {err}; make one with: cunzheng governance "
            "propose"
        ) from err


def write_proposal(path: Path, proposal: Proposal, *, overwrite: bool) -> None:
    """Write the proposal's entry as JSON to `path` atomically (cli.output_file).

    Raises click.ClickException if `path` exists and `overwrite` is False, or writing fails.
    """
    text = json.dumps(proposal.entry().to_json(), indent=2, ensure_ascii=False) + "\n"
    write_output(path, text.encode("utf-8"), overwrite=overwrite, hint=FORCE_HINT)


def refuse_existing(path: Path) -> click.ClickException:
    """The error for an --out file that exists (before any work is done)."""
    return click.ClickException(f"{path} already exists; refusing to overwrite it ({FORCE_HINT})")
