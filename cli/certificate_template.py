"""The printable preservation certificate (存证证书) as one self-contained HTML page.

No scripts and no external resources: the CSS (cli/templates/certificate.css) is inlined, the
QR code is inline SVG, fonts come from the reader's system. Every value from the bundle
(names, meta, chain id, file names) is HTML-escaped. The verdict sentence and most labels come
from cunzheng.cli.i18n, so the certificate says what `cunzheng verify` says; the words only a
certificate needs are in MESSAGES below. A value is written once; its explanation follows in
each language.
"""

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from importlib.resources import files
from typing import Literal

from cunzheng.cli.filehash import ALGORITHM_LABELS
from cunzheng.cli.i18n import MESSAGES as VERIFY_MESSAGES
from cunzheng.cli.i18n import Language
from cunzheng.cli.i18n import text as verify_text
from cunzheng.cli.times import BEIJING, iso_utc
from cunzheng.cli.verdict import Outcome, verdict_sentence

# How the notaries were confirmed: a trusted genesis, trusted keys, or not at all.
TrustBasis = Literal["genesis", "keys", "bundle"]
# Marks a file as a certificate this module wrote, so that --out may replace it.
GENERATOR = "cunzheng certificate"
# Digest algorithms the certificate tells a reader how to recompute with common tools
# (docs/web-page.md, "Hashing evidence files"), and those commands on Linux/macOS and Windows.
PAGE_ALGORITHMS = ("sha256", "sha512")
HASH_COMMANDS = {"sha256": ("sha256sum", "SHA256"), "sha512": ("sha512sum", "SHA512")}

MESSAGES: dict[str, dict[Language, str]] = {
    "written": {"zh": "证书已写入 {path}", "en": "Certificate written to {path}"},
    "not_written": {"zh": "未生成证书（{path}）。", "en": "No certificate was written to {path}."},
    "title": {"zh": "存证证书", "en": "Certificate of Evidence Preservation"},
    "scan": {"zh": "扫码核验", "en": "Scan to verify"},
    "section_record": {"zh": "存证记录", "en": "Record"},
    "section_block": {"zh": "时间、区块与账本", "en": "Time, block and ledger"},
    "section_notaries": {"zh": "公证节点签名", "en": "Notary signatures"},
    "section_steps": {"zh": "如何核验", "en": "How to verify"},
    "note_signature_verified": {"zh": "签名已验证", "en": "signature verified"},
    "label_file_name": {"zh": "文件名", "en": "File name"},
    "note_file_name": {
        "zh": "申请人所述，不属于记录内容",
        "en": "as stated; not part of the record",
    },
    "label_bundle": {"zh": "证明文件", "en": "Proof bundle"},
    "value_block_time": {
        "zh": "北京时间 {beijing}（协调世界时 {utc}）",
        "en": "{utc} (Beijing time {beijing})",
    },
    "label_height": {"zh": "区块高度", "en": "Block height"},
    "label_block_hash": {"zh": "区块哈希", "en": "Block hash"},
    "label_chain_id": {"zh": "账本标识", "en": "Chain id"},
    "label_basis": {"zh": "核验依据", "en": "Checked against"},
    "basis_genesis": {
        "zh": "制作本证书时提供的联盟创世文件",
        "en": "the consortium's genesis file given when this certificate was made",
    },
    "basis_keys": {
        "zh": "制作本证书时提供的可信公证节点公钥（--trust）",
        "en": "trusted notary keys given when this certificate was made (--trust)",
    },
    "basis_bundle": {
        "zh": "仅为证明文件自带的公证节点名单，未经确认",
        "en": "only the notary list the proof bundle carries itself: NOT CONFIRMED",
    },
    "warning_title": {"zh": "注意：公证节点身份未经确认", "en": "Warning: notaries not confirmed"},
    "warning": {
        "zh": "制作本证书时未提供可信的创世文件或公钥。请将下方创世哈希与联盟公布的哈希核对，"
        "并按第 2 步用联盟的创世文件重新核验。",
        "en": "No trusted genesis or keys were given when this certificate was made. Compare the "
        "genesis hash below with the one the consortium publishes, and verify again with its "
        "genesis file (step 2).",
    },
    "signed_count": {
        "zh": "{total} 个公证节点中 {signed} 个签名（须超过投票权的 2/3）",
        "en": "{signed} of {total} notaries signed (over 2/3 of the voting power is needed)",
    },
    "column_name": {"zh": "名称", "en": "Name"},
    "column_vkey": {
        "zh": "验证公钥（粗体为密钥哈希）",
        "en": "Verifier key, C2SP vkey (key hash in bold)",
    },
    "column_power": {"zh": "权重", "en": "Power"},
    "column_signed": {"zh": "已签名", "en": "Signed"},
    "signed_yes": {"zh": "是", "en": "yes"},
    "signed_no": {"zh": "否", "en": "no"},
    "step_hash": {
        "zh": "计算所保全文件的 {alg} 值，与上方“哈希值”逐字比对：",
        "en": "Compute the preserved file's {alg} digest and compare it, character by "
        "character, with the digest above:",
    },
    "step_package": {
        "zh": "本记录是一个证据包：其哈希值是证据包清单中全部文件的根哈希，而不是某一个文件的"
        "哈希。请保存好证据文件夹及其清单。",
        "en": "This record is a sealed evidence package: its digest is the root over all the "
        "files in the package manifest, not the hash of one file. Keep the folder and its "
        "manifest.",
    },
    "step_verify": {
        "zh": "用联盟公布的创世文件 genesis.json 运行下面的命令，结果应为“有效”{page}：",
        "en": "Run the command below with the genesis.json the consortium publishes (it must "
        'say "VALID"){page}:',
    },
    "step_page": {
        "zh": "；或在核验网页 {url}（二维码所指）载入证明文件和原文件（原文件不会上传）",
        "en": "; or load the proof bundle and the file in the verification page {url} (the QR "
        "code's address; the file is not uploaded)",
    },
    "step_page_any_node": {
        "zh": "；或在任一联盟节点网址上的核验网页载入证明文件和原文件（原文件不会上传）",
        "en": "; or load the proof bundle and the file in the verification page at any "
        "consortium node's address (the file is not uploaded)",
    },
    "step_genesis": {
        "zh": "将上方创世哈希与联盟公布的创世哈希核对：两者一致，上列公证节点才确为该联盟成员。",
        "en": "Compare the genesis hash above with the one the consortium publishes: only if "
        "they match are the notaries listed the consortium's members.",
    },
    "footer": {
        "zh": "本证书是上述证明文件的可读摘要，由 cunzheng {version} 在其核验通过后生成。证书本身"
        "未经签名：其证明力来自任何人都可依上述步骤重复的核验。",
        "en": "A readable summary of the proof bundle named above, made by cunzheng {version} "
        "after the bundle verified. The certificate itself is not signed: what counts is the "
        "check anyone can repeat with the steps above.",
    },
}


def terminal_text(language: Language, key: str, **values: object) -> str:
    """Message `key` as plain text for the terminal (no HTML escaping)."""
    return MESSAGES[key][language].format(**values)


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
    template = (MESSAGES if key in MESSAGES else VERIFY_MESSAGES)[key][language]
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
            words = words[:1].upper() + words[1:]  # cli.i18n's labels are lowercase
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
        (_label(languages, "label_kind"), escape(entry.kind) if entry.kind else none),
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


def _block_rows(facts: CertificateFacts, languages: Sequence[Language]) -> list[Row]:
    verdict = facts.outcome.verdict
    header = verdict.header
    # Exact to the millisecond; the verdict above states the whole second "no later than".
    beijing = datetime.fromtimestamp(header.time_ms // 1000, BEIJING)
    block_time = "".join(
        _in(
            language,
            "div",
            _say(
                language,
                "value_block_time",
                utc=iso_utc(header.time_ms),
                beijing=VERIFY_MESSAGES["beijing_time_other_day"][language].format(
                    year=beijing.year,
                    month=beijing.month,
                    day=beijing.day,
                    time=f"{beijing:%H:%M:%S}.{header.time_ms % 1000:03d}",
                ),
            ),
        )
        for language in languages
    )
    position = _lines(
        languages, "value_position", leaf_index=verdict.leaf_index, tree_size=header.ledger_size
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
    names = (verify_text(language, f"part_{part}") for part in facts.outcome.unchecked)
    return verify_text(language, "list_separator").join(names)


def _notaries_block(facts: CertificateFacts, languages: Sequence[Language]) -> str:
    verdict = facts.outcome.verdict
    validators = verdict.validators.validators
    count = _label(languages, "signed_count", signed=len(verdict.signers), total=len(validators))
    columns = ("column_name", "column_vkey", "column_power", "column_signed")
    head = "".join(f"<th>{_label(languages, column)}</th>" for column in columns)
    rows = []
    for validator in validators:
        signed = validator.name in verdict.signers
        mark = " / ".join(
            _say(language, "signed_yes" if signed else "signed_no") for language in languages
        )
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
