"""`cunzheng verify`: the offline verdict on a proof bundle (docs/cli.md, "cunzheng verify").

No network is used: everything is checked against the bundle, a trusted genesis or trusted
verifier keys, and optionally the evidence file itself and the trust anchors of the RFC 3161
time-stamping authority that stamped the bundle's checkpoint (--tsa-anchor).
"""

import json
from dataclasses import dataclass, replace
from pathlib import Path

import click
from cryptography import x509

from cunzheng.cli.filehash import hash_file
from cunzheng.cli.i18n import Language, lang_option, resolve_language, text
from cunzheng.cli.package_check import check_disclosure, check_package
from cunzheng.cli.proofs import check_bundle, read_bundle
from cunzheng.cli.trust import genesis_option, load_genesis, read_vkey, trust_option
from cunzheng.cli.verdict import (
    EXIT_INVALID,
    FileMismatch,
    Outcome,
    PackageMismatch,
    details,
    invalid_json,
    invalid_sentence,
    outcome_json,
    timestamp_notice,
    unconfirmed_advice,
    verdict_sentence,
    with_timestamp,
)
from cunzheng.ledger.bundle import Verdict
from cunzheng.ledger.errors import DecodeError, LedgerError
from cunzheng.ledger.timestamp import load_trust_anchors, verify_timestamp


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
            "folder with --package DIR, or one file with --disclosure D --file F."
        )
    actual = hash_file(path, entry.alg)
    if actual != entry.digest:
        raise FileMismatch(file_name=path.name, alg=entry.alg, actual=actual, expected=entry.digest)


def default_manifest(bundle: Path) -> Path:
    """The manifest `seal` wrote beside its bundle: NAME.bundle.json → NAME.json."""
    name = bundle.name
    stem = name[: -len(".bundle.json")] if name.endswith(".bundle.json") else bundle.stem
    return bundle.with_name(f"{stem}.json")


def check_evidence(
    verdict: Verdict, evidence: "EvidenceArguments", language: Language
) -> list[str]:
    """Compare the evidence given on the command line with the record; lines to report.

    Raises FileMismatch or PackageMismatch when it differs, click.UsageError for options
    that do not fit the record.
    """
    if evidence.disclosure is not None:
        if evidence.file is None:
            raise click.UsageError("--disclosure needs --file: the disclosed file itself")
        return [check_disclosure(verdict, evidence.disclosure, evidence.file, language)]
    if evidence.package is not None:
        problems = check_package(verdict, evidence.manifest, evidence.package, language)
        if problems:
            raise PackageMismatch(problems)
        count = verdict.entry.meta.get("files", "?")
        return [text(language, "package_matches", count=count)]
    if evidence.file is not None:
        compare_file(evidence.file, verdict)
    return []


@dataclass(frozen=True, slots=True)
class EvidenceArguments:
    """What the user gave to compare with the record: a file, a folder, or a disclosure."""

    file: Path | None
    package: Path | None
    manifest: Path
    disclosure: Path | None


def _trusted_vkeys(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(read_vkey(value, "--trust")[2] for value in values)


def _tsa_anchors(paths: tuple[Path, ...]) -> tuple[x509.Certificate, ...]:
    anchors: list[x509.Certificate] = []
    for path in paths:
        try:
            anchors.extend(load_trust_anchors(path.read_bytes()))
        except (OSError, DecodeError) as err:
            raise click.BadParameter(f"{path}: {err}", param_hint="--tsa-anchor") from err
    return tuple(anchors)


def _report_outcome(
    outcome: Outcome, language: Language, quiet: bool, as_json: bool, anchors_given: bool
) -> None:
    if as_json:
        click.echo(json.dumps(outcome_json(outcome), indent=2, ensure_ascii=False))
        return
    click.echo(verdict_sentence(outcome, language))
    if not outcome.verdict.trusted:
        click.echo(unconfirmed_advice(outcome.verdict, language))
    notice = timestamp_notice(outcome, language, anchors_given)
    if notice is not None:
        click.echo(notice)
    if not quiet:
        click.echo("\n".join(["", *details(outcome, language)]))


def _report_invalid(error: Exception, language: Language, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(invalid_json(error), indent=2, ensure_ascii=False))
    else:
        click.echo(invalid_sentence(error, language))


@click.command("verify")
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@genesis_option
@trust_option
@click.option(
    "--file",
    "file_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The evidence file: its digest must be the one recorded.",
)
@click.option(
    "--package",
    "package_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A sealed evidence folder: every file must be exactly as sealed.",
)
@click.option(
    "--manifest",
    "manifest_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The package manifest (default: the bundle's name without .bundle, e.g. M.json).",
)
@click.option(
    "--disclosure",
    "disclosure_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A disclosure of one file of a sealed package (check it with --file F).",
)
@click.option(
    "--tsa-anchor",
    "tsa_anchor",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="PEM file of the CA certificate(s) you trust for RFC 3161 time-stamping; repeat it. "
    "With it, the bundle's time-stamp token is checked and the TSA's time reported.",
)
@click.option("--quiet", is_flag=True, help="Print only the verdict, not the details.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON (no language).")
@lang_option
def verify(
    bundle: Path,
    genesis_path: Path | None,
    trust: tuple[str, ...],
    file_path: Path | None,
    package_dir: Path | None,
    manifest_path: Path | None,
    disclosure_path: Path | None,
    tsa_anchor: tuple[Path, ...],
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
    anchors = _tsa_anchors(tsa_anchor)
    evidence = EvidenceArguments(
        file_path, package_dir, manifest_path or default_manifest(bundle), disclosure_path
    )
    context = click.get_current_context()
    try:
        data = read_bundle(bundle)
        outcome = check_bundle(data, genesis, trusted_vkeys)
        if anchors and "timestamp_token" in outcome.unchecked:
            outcome = with_timestamp(outcome, verify_timestamp(data, anchors))
        lines = check_evidence(outcome.verdict, evidence, language)
        if file_path is not None and disclosure_path is None:
            outcome = replace(outcome, file_name=file_path.name)
    except (LedgerError, FileMismatch, PackageMismatch) as error:
        _report_invalid(error, language, as_json)
        context.exit(EXIT_INVALID)
    _report_outcome(outcome, language, quiet, as_json, bool(anchors))
    if not as_json:
        for line in lines:
            click.echo(line)
    context.exit(outcome.exit_code)
