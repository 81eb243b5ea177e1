"""`cunzheng verify`: the offline verdict on a proof bundle and the evidence given with it.

No network is used: everything is checked against the bundle (or the 存证包 holding it), a
trusted genesis or trusted verifier keys, the evidence (a file, a package's folder and
manifest, or one file's disclosure) and optionally the trust anchors of the RFC 3161
time-stamping authority that stamped the bundle's checkpoint (--tsa-anchor). The checks and
their order are ledger.evidence.judge's; the verdicts, reasons and exit codes are those of
docs/verdicts.md.
"""

from pathlib import Path

import click
from cryptography import x509

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.i18n import CliBadParameter, CliUsageError, current_language, lang_option
from cunzheng.cli.package_zip import is_package_zip, read_package_zip
from cunzheng.cli.progress import hashing_progress
from cunzheng.cli.proofs import read_bundle_bytes
from cunzheng.cli.terminal import echo, echo_json
from cunzheng.cli.trust import genesis_option, load_genesis, read_vkey, trust_option
from cunzheng.cli.verdict import EXIT_CODES
from cunzheng.cli.verify_report import ReportContext, finding_json, finding_lines
from cunzheng.ledger.errors import DecodeError, LedgerError
from cunzheng.ledger.evidence import Anchors, EvidenceGiven, judge
from cunzheng.ledger.json_files import MAX_JSON_BYTES
from cunzheng.ledger.timestamp import load_trust_anchors


def default_manifest(bundle: Path) -> Path:
    """The manifest `seal` wrote beside its bundle: NAME.bundle.json → NAME.json."""
    name = bundle.name
    stem = name[: -len(".bundle.json")] if name.endswith(".bundle.json") else bundle.stem
    return bundle.with_name(f"{stem}.json")


def _read_input(path: Path, param_hint: str) -> bytes:
    # A manifest or disclosure the user names: unreadable is a usage error, not a verdict.
    try:
        with path.open("rb") as file:
            return file.read(MAX_JSON_BYTES + 1)
    except OSError as err:
        raise CliBadParameter(
            "cannot_read", param_hint=param_hint, path=path, error=ErrorText(err)
        ) from err


def _evidence(
    bundle: Path,
    file: Path | None,
    package: Path | None,
    manifest: Path | None,
    disclosure: Path | None,
    zipped_manifest: bytes | None,
) -> EvidenceGiven:
    if disclosure is not None and file is None:
        raise CliUsageError("verify_disclosure_needs_file")
    if package is not None and (file is not None or disclosure is not None):
        raise CliUsageError("verify_package_or_file")
    if zipped_manifest is not None and manifest is not None:
        raise CliUsageError("verify_zip_holds_manifest")
    if manifest is None and package is not None and zipped_manifest is None:
        manifest = default_manifest(bundle)
    manifest_bytes = zipped_manifest
    if manifest is not None:
        manifest_bytes = _read_input(manifest, "--manifest")
    return EvidenceGiven(
        file=file,
        folder=package,
        manifest=manifest_bytes,
        disclosure=None if disclosure is None else _read_input(disclosure, "--disclosure"),
    )


def _trusted_vkeys(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(read_vkey(value, "--trust")[2] for value in values)


def _tsa_anchors(paths: tuple[Path, ...]) -> tuple[x509.Certificate, ...]:
    anchors: list[x509.Certificate] = []
    for path in paths:
        try:
            anchors.extend(load_trust_anchors(path.read_bytes()))
        except (OSError, DecodeError) as err:
            raise CliBadParameter(
                "tsa_anchor_unreadable", param_hint="--tsa-anchor", path=path, error=ErrorText(err)
            ) from err
    return tuple(anchors)


def _cannot_check(error: Exception) -> CliUsageError:
    # The evidence could not be read: no verdict on it can be given (exit 2).
    return CliUsageError("cannot_check", error=ErrorText(error))


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
    help="The package manifest (default with --package: the bundle's name without .bundle, "
    "e.g. M.json). Alone, it is checked and its collection record shown.",
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
) -> None:
    """Check a proof bundle (or a 存证包 .zip holding it) offline and say what it proves.

    \b
    Exit codes (docs/verdicts.md): 0 valid; 1 invalid (the reason is printed);
    2 incomplete (say what to add) or a usage error; 3 valid only against the
    notaries the bundle itself names (no --genesis or --trust): compare the
    printed genesis hash with the one the consortium publishes.
    """
    genesis = None if genesis_path is None else load_genesis(genesis_path)
    anchors = Anchors(genesis, _trusted_vkeys(trust), _tsa_anchors(tsa_anchor))
    from_zip = is_package_zip(bundle)
    zipped = read_package_zip(bundle) if from_zip else None
    given = _evidence(
        bundle,
        file_path,
        package_dir,
        manifest_path,
        disclosure_path,
        None if zipped is None else zipped.manifest,
    )
    data = read_bundle_bytes(bundle) if zipped is None else zipped.bundle
    try:
        with hashing_progress() as report:
            finding = judge(data, given, anchors, report)
    except (LedgerError, OSError) as err:  # FolderError, or an alg this Python lacks
        raise _cannot_check(err) from err
    context = ReportContext(genesis, bool(anchors.tsa), from_zip)
    if as_json:
        echo_json(finding_json(finding, context))
    else:
        echo("\n".join(finding_lines(finding, context, current_language(), quiet)))
    click.get_current_context().exit(EXIT_CODES[finding.verdict])
