"""`cunzheng certificate`: a printable preservation certificate (存证证书) for a proof bundle.

The bundle is verified first, exactly as `cunzheng verify` does; an invalid bundle gets no
certificate. The certificate is one self-contained HTML file for A4 paper (cli/
certificate_template.py) whose QR code carries a short string, never the whole bundle
(docs/cli.md, "cunzheng certificate"):

    cunzheng:<entry id>?alg=<alg>&digest=<digest>&chain_id=<chain id>&height=<height>
        &tree_size=<ledger size at the checkpoint>&root_hash=<ledger root>

on one line, hashes in lowercase hex, the chain id percent-encoded (RFC 3986 unreserved
characters kept), the parameters always in this order. With --page-url URL the QR carries
`URL#` followed by that same string: a phone opens the verification page, and the record
travels in the fragment, which browsers never send to the server.
"""

from importlib.metadata import version
from pathlib import Path
from urllib.parse import quote, urlsplit

import click
import segno

from cunzheng.cli.certificate_template import (
    GENERATOR,
    CertificateFacts,
    TrustBasis,
    render_certificate,
)
from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.filehash import hash_file
from cunzheng.cli.i18n import (
    CliBadParameter,
    CliError,
    Language,
    certificate_lang_option,
    current_language,
    say,
)
from cunzheng.cli.output_file import write_output
from cunzheng.cli.proofs import check_bundle, read_bundle
from cunzheng.cli.trust import genesis_option, load_genesis, read_vkey, trust_option
from cunzheng.cli.verdict import EXIT_INVALID, invalid_sentence, unconfirmed_advice
from cunzheng.ledger.bundle import Verdict
from cunzheng.ledger.errors import LedgerError

QR_SCHEME = "cunzheng:"
# Error correction level M restores ~15% of damaged modules: a creased or stamped page still
# scans, and the symbol stays small: version 12 to 15 (SHA-256 or SHA-512, with or without a
# page address), 0.38 to 0.44 mm a module at 32 mm wide (quiet zone included).
QR_ERROR = "m"
QR_BORDER = 4  # the quiet zone ISO/IEC 18004 requires, in modules
LANGUAGES: dict[str, tuple[Language, ...]] = {"both": ("zh", "en"), "zh": ("zh",), "en": ("en",)}
MAX_FILE_NAME_LENGTH = 255


def qr_payload(verdict: Verdict, page_url: str | None) -> str:
    """The string the certificate's QR code carries (the format is in this module's docstring).

    Requires `page_url`, if given, to have passed `page_url_option` (http(s), no fragment).
    """
    header = verdict.header
    record = (
        f"{QR_SCHEME}{verdict.entry_id.hex()}"
        f"?alg={verdict.entry.alg}"
        f"&digest={verdict.entry.digest.hex()}"
        f"&chain_id={quote(header.chain_id, safe='-._~')}"
        f"&height={header.height}"
        f"&tree_size={header.ledger_size}"
        f"&root_hash={header.ledger_root.hex()}"
    )
    return record if page_url is None else f"{page_url}#{record}"


def qr_svg(payload: str) -> str:
    """The QR code of `payload` as inline SVG, sized by the page's CSS (viewBox only)."""
    code = segno.make(payload, error=QR_ERROR, micro=False, boost_error=False)
    svg: str = code.svg_inline(
        scale=1, border=QR_BORDER, omitsize=True, svgclass="qr-code", lineclass=None
    )
    return svg


def page_url_option(
    _context: click.Context, _parameter: click.Parameter, value: str | None
) -> str | None:
    """Check --page-url: an absolute http(s) address without a fragment (the QR adds one)."""
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CliBadParameter("certificate_page_url_not_http", url=value)
    if "#" in value or any(char.isspace() for char in value):
        raise CliBadParameter("certificate_page_url_fragment", url=value)
    return value


def _check_out_path(out: Path, inputs: list[Path]) -> None:
    """Refuse an --out that is one of the inputs, or an existing file we did not write."""
    if not out.exists():
        return
    if any(out.samefile(path) for path in inputs):
        raise CliBadParameter("certificate_out_is_input", param_hint="--out", path=out)
    try:
        with out.open("rb") as file:
            start = file.read(1024).decode("utf-8", errors="replace")
    except OSError as err:
        raise CliError("cannot_read", path=out, error=ErrorText(err)) from err
    if f'<meta name="generator" content="{GENERATOR}' not in start:
        raise CliError("certificate_out_is_foreign", path=out)


@click.command("certificate")
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The certificate to write (an .html file; print it, or save it as PDF, on A4).",
)
@genesis_option
@trust_option
@click.option(
    "--page-url",
    callback=page_url_option,
    metavar="URL",
    help="Address of the verification page the QR code opens. Default: none, and the QR code "
    "carries only the cunzheng: string.",
)
@click.option(
    "--file-name",
    metavar="NAME",
    help="Name of the preserved file, shown as stated (the name is not part of the record).",
)
@certificate_lang_option(tuple(LANGUAGES))
def certificate_command(
    bundle: Path,
    out: Path,
    genesis_path: Path | None,
    trust: tuple[str, ...],
    page_url: str | None,
    file_name: str | None,
    lang: str,
) -> None:
    """Verify a proof bundle and write its printable preservation certificate (存证证书).

    The bundle is checked as `cunzheng verify` checks it; an invalid bundle gets no
    certificate (exit 1, with the reason). Without --genesis or --trust the certificate is
    still written, but it says in plain words that the notaries are not confirmed.

    \b
    The QR code carries, on one line:
      cunzheng:<entry id>?alg=<alg>&digest=<hex>&chain_id=<chain id>&height=<height>
        &tree_size=<ledger size at the checkpoint>&root_hash=<hex ledger root>
    With --page-url URL it carries URL#cunzheng:<entry id>?... (the same string after '#').

    \b
    Exit codes: 0 certificate written; 1 invalid bundle (nothing written); 2 usage error.
    """
    if file_name is not None and not 0 < len(file_name) <= MAX_FILE_NAME_LENGTH:
        raise CliBadParameter(
            "certificate_file_name_length", param_hint="--file-name", limit=MAX_FILE_NAME_LENGTH
        )
    terminal_language = current_language()
    genesis = None if genesis_path is None else load_genesis(genesis_path)
    trusted_vkeys = tuple(read_vkey(value, "--trust")[2] for value in trust)
    _check_out_path(out, [bundle] if genesis_path is None else [bundle, genesis_path])
    try:
        outcome = check_bundle(read_bundle(bundle), genesis, trusted_vkeys)
    except LedgerError as error:
        click.echo(invalid_sentence(error, terminal_language), err=True)
        say("certificate_not_written", to_stderr=True, path=out)
        click.get_current_context().exit(EXIT_INVALID)
    basis: TrustBasis = "genesis" if genesis is not None else "keys" if trusted_vkeys else "bundle"
    facts = CertificateFacts(
        outcome=outcome,
        basis=basis,
        bundle_name=bundle.name,
        bundle_sha256=hash_file(bundle, "sha256"),
        file_name=file_name,
        page_url=page_url,
        qr_svg=qr_svg(qr_payload(outcome.verdict, page_url)),
        version=version("cunzheng"),
    )
    write_output(out, render_certificate(facts, LANGUAGES[lang]).encode("utf-8"))
    say("certificate_written", path=out)
    if not outcome.verdict.trusted:
        click.echo(unconfirmed_advice(outcome.verdict, terminal_language), err=True)
