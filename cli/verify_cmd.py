"""`cunzheng verify`: the offline verdict on a proof bundle (DESIGN.md, "Proof bundle").

No network is used: everything is checked against the bundle, a trusted genesis or trusted
verifier keys, and optionally the evidence file itself.
"""

import json
from dataclasses import replace
from pathlib import Path

import click

from cli.filehash import hash_file
from cli.i18n import Language, lang_option, resolve_language
from cli.proofs import check_bundle, read_bundle
from cli.trust import load_genesis, read_vkey
from cli.verdict import (
    EXIT_INVALID,
    FileMismatch,
    Outcome,
    details,
    invalid_json,
    invalid_sentence,
    outcome_json,
    unconfirmed_advice,
    verdict_sentence,
)
from ledger.bundle import Verdict
from ledger.errors import LedgerError


def compare_file(path: Path, verdict: Verdict) -> None:
    """Require the file at `path` to have the digest the record holds.

    Raises click.UsageError for a sealed package (its digest is a Merkle root, not a file
    hash), FileMismatch when the digests differ.
    """
    entry = verdict.entry
    if entry.kind == "package":
        raise click.UsageError(
            'this record is a sealed evidence package (kind "package"): its digest is the root '
            "over all the package's files, so no single file hashes to it. Check the whole "
            "folder with --package DIR, or one file with --disclosure D --file F (not in this "
            "version of cunzheng yet)."
        )
    actual = hash_file(path, entry.alg)
    if actual != entry.digest:
        raise FileMismatch(file_name=path.name, alg=entry.alg, actual=actual, expected=entry.digest)


def _trusted_vkeys(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(read_vkey(value, "--trust")[2] for value in values)


def _report_outcome(outcome: Outcome, language: Language, quiet: bool, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(outcome_json(outcome), indent=2, ensure_ascii=False))
        return
    click.echo(verdict_sentence(outcome, language))
    if not outcome.verdict.trusted:
        click.echo(unconfirmed_advice(outcome.verdict, language))
    if not quiet:
        click.echo("\n".join(["", *details(outcome, language)]))


def _report_invalid(error: Exception, language: Language, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(invalid_json(error), indent=2, ensure_ascii=False))
    else:
        click.echo(invalid_sentence(error, language))


@click.command("verify")
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--genesis",
    "genesis_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The consortium's genesis.json, obtained from the consortium itself, not the litigant.",
)
@click.option(
    "--trust",
    multiple=True,
    metavar="VKEY",
    help="A notary verifier key (or .vkey file) you trust; repeat it. Keys you trust must hold "
    "more than 2/3 of the consortium's voting power.",
)
@click.option(
    "--file",
    "file_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The evidence file: its digest must be the one recorded.",
)
@click.option("--quiet", is_flag=True, help="Print only the verdict, not the details.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON (no language).")
@lang_option
def verify(
    bundle: Path,
    genesis_path: Path | None,
    trust: tuple[str, ...],
    file_path: Path | None,
    quiet: bool,
    as_json: bool,
    lang: str | None,
) -> None:
    """Check a proof bundle offline and say what it proves.

    \b
    Exit codes: 0 valid; 1 invalid (the reason is printed); 2 usage error;
    3 valid only against the notaries the bundle itself names (no --genesis or --trust):
    compare the printed genesis hash with the one the consortium publishes.
    """
    language = resolve_language(lang)
    genesis = None if genesis_path is None else load_genesis(genesis_path)
    trusted_vkeys = _trusted_vkeys(trust)
    context = click.get_current_context()
    try:
        outcome = check_bundle(read_bundle(bundle), genesis, trusted_vkeys)
        if file_path is not None:
            compare_file(file_path, outcome.verdict)
            outcome = replace(outcome, file_name=file_path.name)
    except (LedgerError, FileMismatch) as error:
        _report_invalid(error, language, as_json)
        context.exit(EXIT_INVALID)
    _report_outcome(outcome, language, quiet, as_json)
    context.exit(outcome.exit_code)
