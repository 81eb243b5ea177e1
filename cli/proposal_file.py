"""Governance proposal files: the governance entry itself as JSON (ledger/governance.py),
what notaries pass around, sign and finally submit."""

import json
from pathlib import Path

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.i18n import CliError
from cunzheng.cli.output_file import write_output
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.governance import ChangeProposal
from cunzheng.ledger.json_files import parse_json

MAX_PROPOSAL_BYTES = 64 * 1024


def read_proposal(path: Path) -> ChangeProposal:
    """The proposal in the file at `path`: a governance entry as JSON.

    Raises CliError when it cannot be read or is not a governance entry.
    """
    try:
        with path.open("rb") as file:
            data = file.read(MAX_PROPOSAL_BYTES + 1)
    except OSError as err:
        raise CliError("cannot_read", path=path, error=ErrorText(err)) from err
    try:
        return ChangeProposal.of_entry(
            Entry.from_json(parse_json(data, "the proposal", MAX_PROPOSAL_BYTES))
        )
    except LedgerError as err:
        raise CliError("gov_not_a_proposal", path=path, error=ErrorText(err)) from err


def write_proposal(path: Path, proposal: ChangeProposal, *, overwrite: bool) -> None:
    """Write the proposal's entry as JSON to `path` atomically (cli.output_file).

    Raises CliError if `path` exists and `overwrite` is False, or writing fails.
    """
    text = json.dumps(proposal.entry().to_json(), indent=2, ensure_ascii=False) + "\n"
    write_output(path, text.encode("utf-8"), overwrite=overwrite, refusal="already_exists_force")


def refuse_existing(path: Path) -> CliError:
    """The error for an --out file that exists (before any work is done)."""
    return CliError("already_exists_force", path=path)
