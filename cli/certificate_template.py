"""The printable preservation certificate (存证证书) as one self-contained HTML page.

No scripts and no external resources: inline CSS, the QR code as inline SVG, fonts from the
reader's system. Every value from the bundle (names, meta, chain id) is HTML-escaped. The
wording of the verdict and the field labels comes from cli.i18n, so the certificate says what
`cunzheng verify` says; the words only a certificate needs are in MESSAGES below.
"""

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

from cli.filehash import ALGORITHM_LABELS
from cli.i18n import Language
from cli.i18n import text as verify_text
from cli.times import iso_utc, whole_second_after
from cli.verdict import Outcome, verdict_sentence
from ledger.keys import key_hash

# How the notaries were confirmed: a trusted genesis, trusted keys, or not at all.
TrustBasis = Literal["genesis", "keys", "bundle"]
# Marks a file as a certificate this module wrote, so that --out may replace it.
GENERATOR = "cunzheng certificate"
# Digest algorithms the verification page hashes in the browser (DESIGN.md: SM3 is checked by
# the command line only); common commands that compute them.
PAGE_ALGORITHMS = ("sha256", "sha512")
HASH_COMMANDS = {
    "sha256": ("sha256sum", "SHA256"),
    "sha512": ("sha512sum", "SHA512"),
}

MESSAGES: dict[str, dict[Language, str]] = {
    "written": {"zh": "证书已写入 {path}", "en": "Certificate written to {path}"},
    "not_written": {"zh": "未生成证书（{path}）。", "en": "No certificate was written to {path}."},
    "title": {"zh": "存证证书", "en": "Certificate of Evidence Preservation"},
    "scan": {"zh": "扫码核验", "en": "Scan to verify"},
    "section_record": {"zh": "存证记录", "en": "Record"},
    "section_time": {"zh": "时间与位置", "en": "Time and position"},
    "section_ledger": {"zh": "账本", "en": "Ledger"},
    "section_notaries": {"zh": "公证节点签名", "en": "Notary signatures"},
    "section_steps": {"zh": "如何核验", "en": "How to verify"},
    "label_file_name": {"zh": "文件名", "en": "File name"},
    "value_file_name": {
        "zh": "{name}（申请人所述；文件名不属于记录内容）",
        "en": "{name} (as stated; the name is not part of the record)",
    },
    "label_time": {"zh": "存在时间", "en": "Existed by"},
    "value_time": {
        "zh": "最迟于北京时间 {beijing}（协调世界时 {utc}）",
        "en": "no later than {utc} UTC (Beijing time {beijing})",
    },
    "value_block_time": {
        "zh": "{iso}（time_ms {time_ms}，共识时间，由签署本区块的公证节点认可）",
        "en": "{iso} (time_ms {time_ms}: consensus time, accepted by the notaries that signed)",
    },
    "label_height": {"zh": "区块高度", "en": "Block height"},
    "label_block_hash": {"zh": "区块哈希", "en": "Block hash"},
    "label_leaf_index": {"zh": "叶子序号", "en": "Leaf index"},
    "value_leaf_index": {
        "zh": "{leaf_index}（第 {position} 条记录）",
        "en": "{leaf_index} (record number {position})",
    },
    "label_tree_size": {"zh": "检查点账本规模", "en": "Ledger size at checkpoint"},
    "value_tree_size": {"zh": "{tree_size} 条记录", "en": "{tree_size} records"},
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
        "en": "only the notary list carried in the proof bundle itself: NOT CONFIRMED",
    },
    "warning_title": {"zh": "注意：公证节点身份未经确认", "en": "Warning: notaries not confirmed"},
    "warning": {
        "zh": "制作本证书时未提供可信的创世文件或公钥。证明文件在其自带的公证节点名单下核验有效，"
        "但该名单本身未经确认。依赖本证书之前，请将下方创世哈希与联盟公布的哈希核对，"
        "并按“如何核验”第 2 步用联盟的创世文件重新核验。",
        "en": "No trusted genesis or keys were given when this certificate was made. The proof "
        "bundle checks out against the notaries it names itself, but that list is not "
        "confirmed. Before relying on this certificate, compare the genesis hash below with "
        "the one the consortium publishes and verify again with its genesis file (step 2).",
    },
    "signed_count": {
        "zh": "{total} 个公证节点中的 {signed} 个签署了本检查点（须超过投票权的 2/3）。",
        "en": "{signed} of {total} notaries signed this checkpoint (more than 2/3 of the "
        "voting power is required).",
    },
    "column_name": {"zh": "名称", "en": "Name"},
    "column_key_hash": {"zh": "密钥哈希", "en": "Key hash"},
    "column_vkey": {"zh": "验证公钥（C2SP vkey）", "en": "Verifier key (C2SP vkey)"},
    "column_power": {"zh": "权重", "en": "Power"},
    "column_signed": {"zh": "签名", "en": "Signed"},
    "signed_yes": {"zh": "已签名", "en": "yes"},
    "signed_no": {"zh": "未签名", "en": "no"},
    "step_hash": {
        "zh": "计算所保全文件的 {alg} 值{commands}，与上方“哈希值”逐字比对。",
        "en": "Compute the preserved file's {alg} digest{commands} and compare it, character "
        "by character, with the digest above.",
    },
    "step_hash_commands": {
        "zh": "（Linux、macOS：{unix}；Windows：{windows}）",
        "en": " (Linux, macOS: {unix}; Windows: {windows})",
    },
    "step_package": {
        "zh": "本记录是一个证据包：其哈希值是证据包清单中全部文件的根哈希，而不是某一个文件的哈希。"
        "请保存好证据文件夹及其清单。",
        "en": "This record is a sealed evidence package: its digest is the root over all the "
        "files in the package manifest, not the hash of one file. Keep the folder and its "
        "manifest.",
    },
    "step_verify": {
        "zh": "用联盟公布的创世文件运行 {command}，结果应为“有效”{page}。",
        "en": 'Run {command} with the genesis file the consortium publishes: it must say "VALID"'
        "{page}.",
    },
    "step_page": {
        "zh": "；或打开核验网页 {url}（可扫描二维码），载入证明文件并拖入原文件，"
        "文件不会离开您的电脑",
        "en": "; or open the verification page {url} (scan the QR code), load the proof bundle "
        "and drop the file in: the file never leaves your computer",
    },
    "step_page_any_node": {
        "zh": "；或打开任一联盟节点网址上的核验网页，载入证明文件并拖入原文件，"
        "文件不会离开您的电脑",
        "en": "; or open the verification page at the address of any consortium node, load the "
        "proof bundle and drop the file in: the file never leaves your computer",
    },
    "step_genesis": {
        "zh": "将创世哈希 {genesis_hash} 与联盟公布的创世哈希核对：一致，"
        "才说明上述公证节点确为该联盟成员。",
        "en": "Compare the genesis hash {genesis_hash} with the one the consortium publishes: "
        "only if they match are the notaries above the consortium's members.",
    },
    "footer": {
        "zh": "本证书是证明文件 {bundle}（SHA-256 {bundle_hash}）的可读摘要，由 cunzheng {version} "
        "在该证明文件核验通过后生成。证书本身没有签名：其证明力来自任何人都可以依上述步骤独立重复的核验。",
        "en": "This certificate is a readable summary of the proof bundle {bundle} (SHA-256 "
        "{bundle_hash}), made by cunzheng {version} after the bundle verified. The certificate "
        "itself is not signed: what counts is the check anyone can repeat with the steps above.",
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


def render_certificate(facts: CertificateFacts, languages: Sequence[Language]) -> str:
    """The certificate's HTML page in `languages` ("zh" and/or "en", in that order on the page).

    Requires `facts.outcome` to be a bundle that verified.
    """
    verdict = facts.outcome.verdict
    title = " / ".join(_say(language, "title") for language in languages)
    sections = [
        _title_block(facts, languages),
        _verdict_block(facts, languages),
        _table(languages, "section_record", _record_rows(facts, languages)),
        _table(languages, "section_time", _time_rows(facts, languages)),
        _table(languages, "section_ledger", _ledger_rows(facts, languages)),
        _notaries_block(facts, languages),
        _steps_block(facts, languages),
        _paragraphs(languages, "footer", "footer", **_footer_values(facts)),
    ]
    html_lang = "zh-CN" if languages[0] == "zh" else "en"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{html_lang}">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta name="generator" content="{GENERATOR} {escape(facts.version)}">',
            f"<title>{title} {escape(verdict.entry_id.hex()[:16])}</title>",
            f"<style>{STYLE}</style>",
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
    template = MESSAGES[key][language] if key in MESSAGES else verify_text(language, key)
    return escape(template, quote=False).format(
        **{
            name: value if isinstance(value, Markup) else escape(str(value))
            for name, value in values.items()
        }
    )


def _label(languages: Sequence[Language], key: str) -> str:
    """A short label in each language: Chinese first, English below it in smaller type."""
    parts = []
    for language in languages:
        words = _say(language, key)
        if language == "en":
            words = words[:1].upper() + words[1:]  # cli.i18n labels are lowercase
        parts.append(_in(language, "span", words))
    return "".join(parts)


def _html_lang(language: Language) -> str:
    return "zh-CN" if language == "zh" else "en"


def _in(language: Language, tag: str, inner: str) -> str:
    """`inner` in a `tag` element marked with its language (CSS styles English below Chinese)."""
    return f'<{tag} class="{language}" lang="{_html_lang(language)}">{inner}</{tag}>'


def _hex(value: bytes | str) -> Markup:
    shown = value.hex() if isinstance(value, bytes) else value
    return Markup(f'<span class="hex">{escape(shown)}</span>')


def _code(command: str) -> Markup:
    return Markup(f"<code>{escape(command)}</code>")


def _per_language(languages: Sequence[Language], key: str, **values: object) -> str:
    """One value cell: the message in each language, one line each."""
    return "".join(_in(language, "div", _say(language, key, **values)) for language in languages)


def _paragraphs(languages: Sequence[Language], css_class: str, key: str, **values: object) -> str:
    paragraphs = "".join(
        _in(language, "p", _say(language, key, **values)) for language in languages
    )
    return f'<section class="{css_class}">{paragraphs}</section>'


def _title_block(facts: CertificateFacts, languages: Sequence[Language]) -> str:
    heading = "".join(_in(language, "span", _say(language, "title")) for language in languages)
    caption = " / ".join(_say(language, "scan") for language in languages)
    return (
        '<header class="title-block">'
        f"<h1>{heading}</h1>"
        f'<figure class="qr">{facts.qr_svg}<figcaption>{caption}</figcaption></figure>'
        "</header>"
    )


def _verdict_block(facts: CertificateFacts, languages: Sequence[Language]) -> str:
    sentences = "".join(
        _in(language, "p", escape(verdict_sentence(facts.outcome, language)))
        for language in languages
    )
    if facts.outcome.verdict.trusted:
        return f'<section class="verdict">{sentences}</section>'
    warning_title = " / ".join(_say(language, "warning_title") for language in languages)
    warnings = "".join(_in(language, "p", _say(language, "warning")) for language in languages)
    return (
        '<section class="verdict unconfirmed" role="alert">'
        f'<h2 class="warning-title">{warning_title}</h2>{warnings}{sentences}</section>'
    )


Row = tuple[str, str]  # (label HTML, value HTML)


def _table(languages: Sequence[Language], title_key: str, rows: list[Row]) -> str:
    body = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows)
    return (
        f'<section class="facts"><h2>{_label(languages, title_key)}</h2>'
        f"<table>{body}</table></section>"
    )


def _record_rows(facts: CertificateFacts, languages: Sequence[Language]) -> list[Row]:
    verdict = facts.outcome.verdict
    entry = verdict.entry
    none = _per_language(languages, "value_none")
    meta = "<br>".join(
        f"{escape(key)} = {escape(value)}" for key, value in sorted(entry.meta.items())
    )
    rows = [
        (_label(languages, "label_entry_id"), _hex(verdict.entry_id)),
        (
            _label(languages, "label_digest"),
            f"{escape(ALGORITHM_LABELS[entry.alg])} {_hex(entry.digest)}",
        ),
        (_label(languages, "label_kind"), escape(entry.kind) if entry.kind else none),
        (_label(languages, "label_meta"), meta or none),
    ]
    if entry.submitter is not None:
        submitter = _per_language(languages, "value_submitter", submitter=_hex(entry.submitter))
        rows.append((_label(languages, "label_submitter"), submitter))
    if facts.file_name is not None:
        name = _per_language(languages, "value_file_name", name=facts.file_name)
        rows.append((_label(languages, "label_file_name"), name))
    return rows


def _time_rows(facts: CertificateFacts, languages: Sequence[Language]) -> list[Row]:
    verdict = facts.outcome.verdict
    header = verdict.header
    utc, beijing = whole_second_after(header.time_ms)
    times = "".join(
        _in(
            language,
            "div",
            _say(
                language,
                "value_time",
                utc=utc.strftime("%Y-%m-%d %H:%M:%S"),
                # The dated form, whether or not the Beijing date is the UTC date.
                beijing=verify_text(
                    language,
                    "beijing_time_other_day",
                    year=beijing.year,
                    month=beijing.month,
                    day=beijing.day,
                    time=beijing.strftime("%H:%M:%S"),
                ),
            ),
        )
        for language in languages
    )
    block_time = _per_language(
        languages, "value_block_time", iso=iso_utc(header.time_ms), time_ms=header.time_ms
    )
    leaf_index = _per_language(
        languages,
        "value_leaf_index",
        leaf_index=verdict.leaf_index,
        position=verdict.leaf_index + 1,
    )
    tree_size = _per_language(languages, "value_tree_size", tree_size=header.ledger_size)
    return [
        (_label(languages, "label_time"), times),
        (_label(languages, "label_block_time"), block_time),
        (_label(languages, "label_height"), str(header.height)),
        (_label(languages, "label_block_hash"), _hex(header.hash())),
        (_label(languages, "label_leaf_index"), leaf_index),
        (_label(languages, "label_tree_size"), tree_size),
        (_label(languages, "label_root"), _hex(header.ledger_root)),
    ]


def _ledger_rows(facts: CertificateFacts, languages: Sequence[Language]) -> list[Row]:
    verdict = facts.outcome.verdict
    basis = _per_language(languages, f"basis_{facts.basis}")
    if facts.basis == "bundle":
        basis = f'<strong class="alarm">{basis}</strong>'
    rows = [
        (_label(languages, "label_chain_id"), escape(verdict.header.chain_id)),
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
    count = _paragraphs(
        languages, "count", "signed_count", signed=len(verdict.signers), total=len(validators)
    )
    columns = ("column_name", "column_key_hash", "column_vkey", "column_power", "column_signed")
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
            f"<td>{_hex(key_hash(validator.name, validator.public_key))}</td>"
            f"<td>{_hex(validator.vkey())}</td>"
            f'<td class="number">{validator.power}</td>'
            f"<td>{mark}</td></tr>"
        )
    return (
        f'<section class="notaries"><h2>{_label(languages, "section_notaries")}</h2>{count}'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _steps_block(facts: CertificateFacts, languages: Sequence[Language]) -> str:
    by_language = [_steps(facts, language) for language in languages]
    items = "".join(
        "<li>"
        + "".join(
            _in(language, "div", step) for language, step in zip(languages, texts, strict=True)
        )
        + "</li>"
        for texts in zip(*by_language, strict=True)
    )
    return (
        f'<section class="steps"><h2>{_label(languages, "section_steps")}</h2>'
        f"<ol>{items}</ol></section>"
    )


def _steps(facts: CertificateFacts, language: Language) -> list[str]:
    """The verification steps in `language`: hash the file (or keep the package), run
    `cunzheng verify` or open the page, compare the genesis hash."""
    entry = facts.outcome.verdict.entry
    bundle = shlex.quote(facts.bundle_name)
    if entry.kind == "package":
        first = _say(language, "step_package")
        command = f"cunzheng verify {bundle} --genesis genesis.json --package DIR"
    else:
        name = "FILE" if facts.file_name is None else facts.file_name
        commands = ""
        if entry.alg in HASH_COMMANDS:
            unix, windows = HASH_COMMANDS[entry.alg]
            commands = _say(
                language,
                "step_hash_commands",
                unix=_code(f"{unix} {shlex.quote(name)}"),
                windows=_code(f"certutil -hashfile {_windows_quote(name)} {windows}"),
            )
        first = _say(
            language, "step_hash", alg=ALGORITHM_LABELS[entry.alg], commands=Markup(commands)
        )
        command = f"cunzheng verify {bundle} --genesis genesis.json --file {shlex.quote(name)}"
    page = ""
    if entry.kind != "package" and entry.alg in PAGE_ALGORITHMS:
        if facts.page_url is None:
            page = _say(language, "step_page_any_node")
        else:
            page = _say(language, "step_page", url=_code(facts.page_url))
    genesis_hash = _hex(facts.outcome.verdict.genesis_hash)
    return [
        first,
        _say(language, "step_verify", command=_code(command), page=Markup(page)),
        _say(language, "step_genesis", genesis_hash=genesis_hash),
    ]


def _windows_quote(name: str) -> str:
    # cmd.exe takes double quotes around a name with spaces or its special characters.
    return f'"{name}"' if any(char in name for char in " &()^%!,;=") else name


def _footer_values(facts: CertificateFacts) -> dict[str, object]:
    return {
        "bundle": facts.bundle_name,
        "bundle_hash": _hex(facts.bundle_sha256),
        "version": facts.version,
    }


# A4 is 210 x 297 mm; with 18 mm margins the printable area is 174 x 261 mm.
STYLE = """
@page { size: A4; margin: 18mm; }
* { box-sizing: border-box; }
html { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
body {
  margin: 0; color: #111; font-size: 9pt; line-height: 1.32;
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, "Noto Serif",
    "Times New Roman", serif;
  overflow-wrap: anywhere;
}
@media screen {
  html { background: #d9d9d9; }
  body { width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 18mm; background: #fff; }
}
.hex, code {
  font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK SC", Consolas, "Courier New", monospace;
  font-size: 8pt; word-break: break-all;
}
code { background: #f2f2f2; padding: 0 0.3em; }
.title-block {
  display: flex; justify-content: space-between; align-items: flex-start; gap: 6mm;
  border-bottom: 0.6mm double #7a1010; padding-bottom: 2mm; margin-bottom: 3mm;
}
h1 { margin: 4mm 0 0; font-size: 22pt; letter-spacing: 0.08em; color: #7a1010; }
h1 .en { display: block; font-size: 12pt; letter-spacing: 0.02em; font-weight: normal; }
h1 .zh + .en { margin-top: 1mm; }
.qr { margin: 0; width: 34mm; flex: none; text-align: center; }
.qr svg { display: block; width: 34mm; height: 34mm; shape-rendering: crispEdges; }
.qr figcaption { font-size: 7.5pt; color: #444; }
h2 { font-size: 10pt; margin: 0 0 1mm; color: #7a1010; }
h2 .en { font-weight: normal; margin-left: 0.6em; }
section { margin-bottom: 2.6mm; break-inside: avoid; }
.verdict { border: 0.3mm solid #2d6a2d; background: #f3f8f3; padding: 1.6mm 2.5mm; }
.verdict p { margin: 0.6mm 0; }
.verdict.unconfirmed { border: 0.6mm solid #b00000; background: #fff3f0; }
.warning-title { color: #b00000; font-size: 11pt; }
.alarm { color: #b00000; }
table { width: 100%; border-collapse: collapse; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
th, td { border: 0.2mm solid #b5b5b5; padding: 0.7mm 1.6mm; text-align: left; vertical-align: top; }
.facts th { width: 34mm; background: #f4f1ec; font-weight: normal; }
th .en, td > .en, .facts th .en { display: block; color: #444; }
th .zh + .en { font-size: 7.5pt; }
td > .zh + .en { font-size: 8pt; }
.notaries th { background: #f4f1ec; font-weight: normal; }
.notaries th:nth-child(1) { width: 22mm; }
.notaries th:nth-child(2) { width: 19mm; }
.notaries th:nth-child(4) { width: 13mm; }
.notaries th:nth-child(5) { width: 20mm; }
.notaries .number { text-align: right; }
.notaries tr.unsigned td { color: #777; }
.count p, .footer p { margin: 0.4mm 0; }
.steps ol { margin: 0; padding-left: 5mm; }
.steps li { margin-bottom: 1mm; }
.steps li > .zh + .en { color: #333; }
.footer { font-size: 7.5pt; color: #444; border-top: 0.2mm solid #b5b5b5; padding-top: 1.2mm; }
"""
