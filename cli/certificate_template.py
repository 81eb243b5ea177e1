"""The printable preservation certificate (存证证书) as one self-contained HTML page.

No scripts and no external resources: the CSS (cli/templates/certificate.css) is inlined, the
QR code is inline SVG, fonts come from the reader's system. Every value from the bundle
(names, meta, chain id, file names) is HTML-escaped. The verdict sentence and most labels are
those of `cunzheng verify`, so the certificate says what it says; the words only a
certificate needs are in cli/messages/certificate.py. A value is written once; its
explanation follows in each language.
"""

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from importlib.resources import files
from typing import Literal

from cunzheng.cli.algorithms import ALGORITHM_LABELS
from cunzheng.cli.i18n import Language, Listing, Message
from cunzheng.cli.messages import MESSAGES
from cunzheng.cli.times import BEIJING, beijing_date_time, iso_utc
from cunzheng.cli.verdict import Outcome, verdict_sentence

# How the notaries were confirmed: a trusted genesis, trusted keys, or not at all.
TrustBasis = Literal["genesis", "keys", "bundle"]
# Marks a file as a certificate this module wrote, so that --out may replace it.
GENERATOR = "cunzheng certificate"
# Digest algorithms the certificate tells a reader how to recompute with common tools
# (docs/web-page.md, "Hashing evidence files"), and those commands on Linux/macOS and Windows.
PAGE_ALGORITHMS = ("sha256", "sha512")
HASH_COMMANDS = {"sha256": ("sha256sum", "SHA256"), "sha512": ("sha512sum", "SHA512")}


class Markup(str):
    """HTML that `_say` inserts as is; every other value is escaped."""


@dataclass(frozen=True, slots=True)
class CertificateFacts:
    """Everything a certificate shows besides the checked bundle itself."""

    outcome: Outcome
    basis: TrustBasis
    bundle_name: str
    bundle_sha256: bytes
    file_name: str | None  # as stated with --file-name; not part of the record
    page_url: str | None
    qr_svg: str  # segno's inline SVG of the QR payload
    version: str  # of cunzheng


Row = tuple[str, str]  # (label HTML, value HTML)


def render_certificate(facts: CertificateFacts, languages: Sequence[Language]) -> str:
    """The certificate's HTML page in `languages` ("zh" and/or "en", in that order on the page).

    Requires `facts.outcome` to be a bundle that verified.
    """
    title = " / ".join(_say(language, "title") for language in languages)
    sections = [
        _title_block(facts, languages),
        _table(languages, "section_record", _record_rows(facts, languages)),
        _table(languages, "section_block", _block_rows(facts, languages)),
        _notaries_block(facts, languages),
        _steps_block(facts, languages),
        _paragraphs(languages, "footer", "footer", version=facts.version),
    ]
    style = files("cunzheng.cli").joinpath("templates/certificate.css").read_text(encoding="utf-8")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{_html_lang(languages[0])}">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta name="generator" content="{GENERATOR} {escape(facts.version)}">',
            f"<title>{title} {facts.outcome.verdict.entry_id.hex()[:16]}</title>",
            f"<style>\n{style}</style>",
            "</head>",
            "<body>",
            *sections,
            "</body>",
            "</html>",
            "",
        ]
    )


def _say(language: Language, key: str, **values: object) -> str:
    """Message `key` as HTML: the template escaped, each value escaped unless it is Markup."""
    template = MESSAGES[key][language]
    escaped = {
        name: value if isinstance(value, Markup) else escape(str(value))
        for name, value in values.items()
    }
    return escape(template, quote=False).format(**escaped)


def _html_lang(language: Language) -> str:
    return "zh-CN" if language == "zh" else "en"


def _in(language: Language, tag: str, inner: str) -> str:
    """`inner` in a `tag` element marked with its language (the CSS sets English apart)."""
    return f'<{tag} class="{language}" lang="{_html_lang(language)}">{inner}</{tag}>'


def _label(languages: Sequence[Language], key: str, **values: object) -> str:
    """A short label or note in each language, side by side: Chinese, then English."""
    parts = []
    for language in languages:
        words = _say(language, key, **values)
        if language == "en" and key.startswith("label_"):
            words = words[:1].upper() + words[1:]  # the verdict's labels are lowercase
        parts.append(_in(language, "span", words))
    return " ".join(parts)


def _note(languages: Sequence[Language], key: str, **values: object) -> str:
    """A note after a value: （中文 / English）."""
    return f' <span class="note">({_label(languages, key, **values)})</span>'


def _lines(languages: Sequence[Language], key: str, **values: object) -> str:
    """The message in each language, one line each."""
    return "".join(_in(language, "div", _say(language, key, **values)) for language in languages)


def _hex(value: bytes) -> Markup:
    return Markup(f'<span class="hex">{value.hex()}</span>')


def _code(command: str) -> Markup:
    return Markup(f"<code>{escape(command)}</code>")


def _paragraphs(languages: Sequence[Language], css_class: str, key: str, **values: object) -> str:
    paragraphs = "".join(
        _in(language, "p", _say(language, key, **values)) for language in languages
    )
    return f'<section class="{css_class}">{paragraphs}</section>'


def _title_block(facts: CertificateFacts, languages: Sequence[Language]) -> str:
    """The title and the verdict, beside and then below the QR code (floated right)."""
    heading = "".join(_in(language, "span", _say(language, "title")) for language in languages)
    caption = " / ".join(_say(language, "scan") for language in languages)
    return (
        '<header class="title-block">'
        f'<figure class="qr">{facts.qr_svg}<figcaption>{caption}</figcaption></figure>'
        f"<h1>{heading}</h1>{_verdict_block(facts, languages)}"
        "</header>"
    )


def _verdict_block(facts: CertificateFacts, languages: Sequence[Language]) -> str:
    sentences = "".join(
        _in(language, "p", escape(verdict_sentence(facts.outcome, language)))
        for language in languages
    )
    if facts.outcome.verdict.trusted:
        return f'<div class="verdict">{sentences}</div>'
    warning_title = " / ".join(_say(language, "warning_title") for language in languages)
    warnings = "".join(_in(language, "p", _say(language, "warning")) for language in languages)
    return (
        '<div class="verdict unconfirmed" role="alert">'
        f'<h2 class="warning-title">{warning_title}</h2>{warnings}{sentences}</div>'
    )


def _table(languages: Sequence[Language], title_key: str, rows: list[Row]) -> str:
    body = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows)
    return (
        f'<section class="facts"><h2>{_label(languages, title_key)}</h2>'
        f"<table>{body}</table></section>"
    )


def _record_rows(facts: CertificateFacts, languages: Sequence[Language]) -> list[Row]:
    verdict = facts.outcome.verdict
    entry = verdict.entry
    none = _label(languages, "value_none")
    meta = "<br>".join(
        f"{escape(key)} = {escape(value)}" for key, value in sorted(entry.meta.items())
    )
    rows = [
        (_label(languages, "label_entry_id"), _hex(verdict.entry_id)),
        (_label(languages, "label_digest"), f"{ALGORITHM_LABELS[entry.alg]} {_hex(entry.digest)}"),
        (_label(languages, "label_kind"), _kind(entry.kind, languages) if entry.kind else none),
        (_label(languages, "label_meta"), meta or none),
    ]
    if entry.submitter is not None:
        submitter = _hex(entry.submitter) + _note(languages, "note_signature_verified")
        rows.append((_label(languages, "label_submitter"), submitter))
    if facts.file_name is not None:
        file_name = escape(facts.file_name) + _note(languages, "note_file_name")
        rows.append((_label(languages, "label_file_name"), file_name))
    bundle = f"{escape(facts.bundle_name)}<br>SHA-256 {_hex(facts.bundle_sha256)}"
    rows.append((_label(languages, "label_bundle"), bundle))
    return rows


def _kind(kind: str, languages: Sequence[Language]) -> str:
    known = f"entry_kind_{kind}"
    return _label(languages, known) if known in MESSAGES else escape(kind)


def _block_rows(facts: CertificateFacts, languages: Sequence[Language]) -> list[Row]:
    verdict = facts.outcome.verdict
    header = verdict.header
    # Exact to the millisecond; the verdict above states the whole second "no later than".
    moment = datetime.fromtimestamp(header.time_ms // 1000, BEIJING)
    clock = f"{moment:%H:%M:%S}.{header.time_ms % 1000:03d}"
    block_time = "".join(
        _in(
            language,
            "div",
            _say(
                language,
                "certificate_block_time",
                utc=iso_utc(header.time_ms),
                beijing=beijing_date_time(moment, clock, language),
            ),
        )
        for language in languages
    )
    position = _lines(
        languages,
        "value_position",
        position=verdict.leaf_index + 1,
        leaf_index=verdict.leaf_index,
        tree_size=header.ledger_size,
    )
    basis = _lines(languages, f"basis_{facts.basis}")
    if facts.basis == "bundle":
        basis = f'<strong class="alarm">{basis}</strong>'
    rows = [
        (_label(languages, "label_block_time"), block_time),
        (_label(languages, "label_height"), str(header.height)),
        (_label(languages, "label_block_hash"), _hex(header.hash())),
        (_label(languages, "label_position"), position),
        (_label(languages, "label_root"), _hex(header.ledger_root)),
        (_label(languages, "label_chain_id"), escape(header.chain_id)),
        (_label(languages, "label_genesis"), _hex(verdict.genesis_hash)),
        (_label(languages, "label_basis"), basis),
    ]
    if facts.outcome.unchecked:
        unchecked = "".join(
            _in(language, "div", _say(language, "value_unchecked", parts=_parts(facts, language)))
            for language in languages
        )
        rows.append((_label(languages, "label_unchecked"), unchecked))
    return rows


def _parts(facts: CertificateFacts, language: Language) -> str:
    names = tuple(Message(f"part_{part}") for part in facts.outcome.unchecked)
    return Listing(names).in_language(language)


def _notaries_block(facts: CertificateFacts, languages: Sequence[Language]) -> str:
    verdict = facts.outcome.verdict
    validators = verdict.validators.validators
    count = _label(languages, "signed_count", signed=len(verdict.signers), total=len(validators))
    columns = ("column_name", "column_vkey", "column_power", "column_signed")
    head = "".join(f"<th>{_label(languages, column)}</th>" for column in columns)
    rows = []
    for validator in validators:
        signed = validator.name in verdict.signers
        mark = " / ".join(_say(language, "yes" if signed else "no") for language in languages)
        rows.append(
            f'<tr class="{"signed" if signed else "unsigned"}">'
            f"<td>{escape(validator.name)}</td>"
            f"<td>{_vkey(validator.vkey())}</td>"
            f'<td class="number">{validator.power}</td>'
            f"<td>{mark}</td></tr>"
        )
    return (
        f'<section class="notaries"><h2>{_label(languages, "section_notaries")}</h2>'
        f'<p class="count">{count}</p>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _vkey(vkey: str) -> str:
    """A C2SP vkey `<name>+<key hash>+<base64 key>` with its key hash in bold."""
    name, hash_hex, key = vkey.split("+", 2)  # names never hold "+"; base64 may
    return f'<span class="hex">{escape(name)}+<b>{hash_hex}</b>+{key}</span>'


def _steps_block(facts: CertificateFacts, languages: Sequence[Language]) -> str:
    entry = facts.outcome.verdict.entry
    bundle = shlex.quote(facts.bundle_name)
    name = "FILE" if facts.file_name is None else facts.file_name
    page = ""
    if entry.kind == "package":
        first = _lines(languages, "step_package")
        verify = f"cunzheng verify {bundle} --genesis genesis.json --package DIR"
    else:
        first = _lines(languages, "step_hash", alg=ALGORITHM_LABELS[entry.alg])
        if entry.alg in HASH_COMMANDS:
            unix, windows = HASH_COMMANDS[entry.alg]
            first += (
                f'<div class="commands">Linux, macOS: {_code(f"{unix} {shlex.quote(name)}")}'
                f"<br>Windows: {_code(f'certutil -hashfile {_windows_quote(name)} {windows}')}"
                "</div>"
            )
        verify = f"cunzheng verify {bundle} --genesis genesis.json --file {shlex.quote(name)}"
        if entry.alg in PAGE_ALGORITHMS:
            page = "step_page_any_node" if facts.page_url is None else "step_page"
    second = "".join(
        _in(
            language,
            "div",
            _say(
                language,
                "step_verify",
                page=Markup(_say(language, page, url=_code(facts.page_url or "")) if page else ""),
            ),
        )
        for language in languages
    )
    second += f'<div class="commands">{_code(verify)}</div>'
    third = _lines(languages, "step_genesis")
    items = "".join(f"<li>{step}</li>" for step in (first, second, third))
    return (
        f'<section class="steps"><h2>{_label(languages, "section_steps")}</h2>'
        f"<ol>{items}</ol></section>"
    )


def _windows_quote(name: str) -> str:
    # cmd.exe wants double quotes around a name with spaces or its special characters.
    return f'"{name}"' if any(char in name for char in " &()^%!,;=") else name
