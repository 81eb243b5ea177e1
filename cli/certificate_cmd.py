"""`cunzheng certificate`: the preservation certificate (存证证书) of a proof bundle: the
offline verifier opened on the record (node/api/offline_page.py; docs/cli.md).

The bundle, and for a package its manifest, are checked first as `cunzheng verify` checks
them; a record that does not check out gets no certificate. The certificate itself checks
the bundle again in the browser each time it is opened, and shows what that check gives.
"""

from pathlib import Path

import click

from cunzheng.cli.i18n import current_language, lang_option, say
from cunzheng.cli.page_output import page_url_option, write_page
from cunzheng.cli.proofs import read_bundle_bytes
from cunzheng.cli.terminal import echo
from cunzheng.cli.trust import genesis_option, load_genesis
from cunzheng.cli.verdict import EXIT_INVALID, invalid_sentence, unconfirmed_advice
from cunzheng.ledger.bundle_format import parse_bundle
from cunzheng.ledger.evidence import Anchors, EvidenceGiven, judge
from cunzheng.ledger.manifest import read_manifest
from cunzheng.node.api.offline_page import certificate_record, embed_record, offline_verifier


@click.command("certificate")
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The certificate to write (.html): open it in a browser, print it on A4.",
)
@click.option(
    "--manifest",
    "manifest_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="For a package: its manifest; the certificate lists its files (without their salts) "
    "and its collection record.",
)
@genesis_option
@click.option(
    "--page-url",
    callback=page_url_option,
    metavar="URL",
    help="Address of a notary node's page; the QR code opens it on this record. Default: no "
    "QR code.",
)
@lang_option
def certificate_command(
    bundle: Path,
    out: Path,
    manifest_path: Path | None,
    genesis_path: Path | None,
    page_url: str | None,
) -> None:
    """Check a proof bundle and write its preservation certificate (存证证书).

    The certificate is one HTML file that works without a network: it checks the bundle
    again each time it is opened, shows the verdict, what it proves and what it does not,
    the notaries, and for a package every file; printed, it is A4.

    \b
    Exit codes: 0 written; 1 the record does not check out (nothing written); 2 usage error.
    """
    language = current_language()
    genesis = None if genesis_path is None else load_genesis(genesis_path)
    inputs = [path for path in (bundle, manifest_path, genesis_path) if path is not None]
    data = read_bundle_bytes(bundle)
    manifest = None if manifest_path is None else manifest_path.read_bytes()
    finding = judge(data, EvidenceGiven(manifest=manifest), Anchors(genesis=genesis))
    if finding.error is not None:
        echo(invalid_sentence(finding.error, language), err=True)
        say("certificate_not_written", to_stderr=True, path=out)
        click.get_current_context().exit(EXIT_INVALID)
    listed = None if manifest_path is None else read_manifest(manifest_path)
    record = certificate_record(parse_bundle(data), listed, page_url)
    write_page(out, embed_record(offline_verifier(genesis).html, record), inputs)
    if finding.verdict == "unconfirmed" and finding.proven is not None:
        echo(unconfirmed_advice(finding.proven, language), err=True)
