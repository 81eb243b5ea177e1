"""`cunzheng proof`: fetch a committed entry's proof bundle, check it, save it."""

import re
from pathlib import Path

import click

from cunzheng.cli.http import NodeClient, NodeRefused, node_option
from cunzheng.cli.i18n import CliBadParameter, CliError, current_language, lang_option, say
from cunzheng.cli.proofs import fetch_checked_bundle, save_bundle
from cunzheng.cli.terminal import echo, echo_json
from cunzheng.cli.trust import load_genesis
from cunzheng.cli.verdict import outcome_json, unconfirmed_advice, verdict_sentence

_ENTRY_ID = re.compile(r"[0-9a-f]{64}")


def entry_id_argument(value: str) -> bytes:
    """The 32-byte entry id written as 64 hex digits; raises CliBadParameter otherwise."""
    if not _ENTRY_ID.fullmatch(value.lower()):
        raise CliBadParameter("proof_entry_id_invalid", param_hint="ID", value=value)
    return bytes.fromhex(value)


@click.command("proof")
@node_option
@click.argument("entry_id", metavar="ID")
@click.option(
    "--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Bundle file."
)
@click.option(
    "--genesis",
    "genesis_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Check the bundle against this trusted genesis.json.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@lang_option
def proof(
    node: str,
    entry_id: str,
    out: Path,
    genesis_path: Path | None,
    as_json: bool,
) -> None:
    """Fetch the proof bundle of entry ID from a node, check it, and save it to --out."""
    wanted = entry_id_argument(entry_id)
    genesis = None if genesis_path is None else load_genesis(genesis_path)
    client = NodeClient(node)
    try:
        bundle, outcome = fetch_checked_bundle(client, wanted, genesis)
    except NodeRefused as err:
        if err.status == 404:
            raise CliError("proof_unknown_entry", node=node, entry_id=entry_id) from err
        if err.status == 409:
            raise CliError("proof_not_committed", entry_id=entry_id) from err
        raise
    save_bundle(out, bundle)
    if as_json:
        result = outcome_json(outcome)
        del result["exit_code"]  # saving succeeded: exit 0 even when the notaries are unconfirmed
        echo_json({"path": str(out), **result})
        return
    language = current_language()
    say("saved_proof", path=out)
    echo(verdict_sentence(outcome, language))
    if not outcome.verdict.trusted:
        echo(unconfirmed_advice(outcome.verdict, language))
