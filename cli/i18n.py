"""Chinese and English text for what a person reads (docs/cli.md, "Languages").

The language follows the locale (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them;
zh_* means Chinese) and `--lang zh|en` overrides it. Exit codes and `--json` output never
depend on the language, so scripts behave the same everywhere.
"""

import os
from collections.abc import Mapping
from typing import Literal

import click

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = ("en", "zh")

# One entry per message; placeholders are filled by `text`. Keep the two columns saying the
# same thing: a judge may read either.
MESSAGES: dict[str, dict[Language, str]] = {
    "valid": {
        "en": "VALID: {record} existed unaltered no later than {time_utc} UTC (Beijing time "
        '{time_beijing}), recorded in block {height} of ledger "{chain_id}" as entry '
        "{position} of {ledger_size}, signed by {signed} of {total} notaries: {signers}.",
        "zh": "有效：{record}最迟于 {time_beijing}（北京时间；协调世界时 {time_utc}）已存在且未被"
        '篡改，记录于账本 "{chain_id}" 第 {height} 号区块，第 {position} 条（共 {ledger_size} '
        "条），由 {total} 个公证节点中的 {signed} 个签名：{signers}。",
    },
    "unconfirmed": {
        "en": "VALID, BUT THE NOTARIES ARE UNCONFIRMED: {record} existed unaltered no later "
        "than {time_utc} UTC (Beijing time {time_beijing}), recorded in block {height} of "
        'ledger "{chain_id}" as entry {position} of {ledger_size}, signed by {signed} of '
        "{total} notaries named by the bundle itself: {signers}.",
        "zh": "有效，但公证节点身份未经确认：{record}最迟于 {time_beijing}（北京时间；协调世界时 "
        '{time_utc}）已存在且未被篡改，记录于账本 "{chain_id}" 第 {height} 号区块，第 '
        "{position} 条（共 {ledger_size} 条），由证明文件自带名单中 {total} 个公证节点中的 "
        "{signed} 个签名：{signers}。",
    },
    "unconfirmed_advice": {
        "en": "No trusted genesis was given (--genesis or --trust), so the notaries above are "
        "only those the bundle names. Compare genesis hash {genesis_hash} with the one the "
        "consortium publishes, then verify again with --genesis GENESIS.json.",
        "zh": "未提供可信的创世文件（--genesis 或 --trust），以上公证节点仅是证明文件自己列出的。"
        "请将创世哈希 {genesis_hash} 与联盟公布的哈希核对，然后用 --genesis GENESIS.json "
        "重新验证。",
    },
    "invalid": {"en": "INVALID: {reason}", "zh": "无效：{reason}"},
    "record": {
        "en": "the record with {alg} digest {digest}",
        "zh": "{alg} 值为 {digest} 的记录",
    },
    "record_package": {
        "en": "the sealed evidence package with root {digest}",
        "zh": "根哈希为 {digest} 的证据包",
    },
    "record_file": {"en": ' (file "{file}")', "zh": '（文件 "{file}"）'},
    "list_separator": {"en": ", ", "zh": "、"},
    "beijing_time_same_day": {"en": "{time}", "zh": "{year}年{month}月{day}日 {time}"},
    "beijing_time_other_day": {
        "en": "{year:04d}-{month:02d}-{day:02d} {time}",
        "zh": "{year}年{month}月{day}日 {time}",
    },
    "reason_DecodeError": {
        "en": "the proof bundle is malformed, or its parts disagree with each other",
        "zh": "证明文件格式错误，或其各部分内容互相矛盾",
    },
    "reason_ProofError": {
        "en": "the inclusion proof does not lead to the ledger root the notaries signed",
        "zh": "包含证明推导不出公证节点签署的账本根哈希",
    },
    "reason_SignatureError": {
        "en": "the notaries' signatures do not verify, or too few notaries signed",
        "zh": "公证节点的签名验证失败，或签名的公证节点不足",
    },
    "reason_ChainBroken": {
        "en": "the block, its commit or its ledger does not match what was signed or trusted",
        "zh": "区块、其提交记录或所属账本与签名内容或可信创世文件不符",
    },
    "reason_LedgerError": {
        "en": "the proof does not check out",
        "zh": "证明未通过检查",
    },
    "reason_with_detail": {"en": "{category}: {detail}", "zh": "{category}：{detail}"},
    "reason_file_mismatch": {
        "en": 'file "{file}" has {alg} digest {actual}, but the record holds {expected}: it '
        "is not the preserved file, or it has been changed",
        "zh": '文件 "{file}" 的 {alg} 值为 {actual}，而记录中为 {expected}：它不是被保全的文件，'
        "或已被改动",
    },
    "reason_package_mismatch": {
        "en": "the folder is not the sealed package: {problems}",
        "zh": "该文件夹与封存的证据包不一致：{problems}",
    },
    "package_matches": {
        "en": "every one of the {count} files of the folder is exactly as sealed",
        "zh": "文件夹中的 {count} 个文件均与封存时完全一致",
    },
    "details_title": {"en": "Details:", "zh": "详细信息："},
    "label_entry_id": {"en": "entry id", "zh": "记录编号"},
    "label_digest": {"en": "digest", "zh": "哈希值"},
    "label_kind": {"en": "kind", "zh": "类型"},
    "label_meta": {"en": "metadata", "zh": "附加信息"},
    "label_submitter": {"en": "submitter key", "zh": "提交者公钥"},
    "label_position": {"en": "position", "zh": "位置"},
    "label_root": {"en": "ledger root", "zh": "账本根哈希"},
    "label_block": {"en": "block", "zh": "区块"},
    "label_block_time": {"en": "block time", "zh": "区块时间"},
    "label_signers": {"en": "checkpoint signers", "zh": "检查点签名者"},
    "label_genesis": {"en": "genesis hash", "zh": "创世哈希"},
    "label_validator_set": {"en": "notaries in force", "zh": "生效的公证节点"},
    "label_file": {"en": "file", "zh": "文件"},
    "label_unchecked": {"en": "not checked", "zh": "未检查"},
    "value_none": {"en": "(none)", "zh": "（无）"},
    "value_position": {
        "en": "leaf index {leaf_index} in a ledger of {tree_size} entries",
        "zh": "叶子序号 {leaf_index}，账本共 {tree_size} 条",
    },
    "value_block": {
        "en": "height {height}, hash {block_hash}",
        "zh": "高度 {height}，哈希 {block_hash}",
    },
    "value_signer": {"en": "{name} (key hash {key_hash})", "zh": "{name}（密钥哈希 {key_hash}）"},
    "value_validator_set": {
        "en": "{count} at this block; {changes} governance entries since genesis, each checked",
        "zh": "本区块时共 {count} 个，由创世文件经 {changes} 个治理条目变更而来，均已核验",
    },
    "value_genesis_trusted": {
        "en": "{genesis_hash} (notaries confirmed by the trusted genesis or keys given)",
        "zh": "{genesis_hash}（公证节点已由所给可信创世文件或公钥确认）",
    },
    "value_genesis_unconfirmed": {
        "en": "{genesis_hash} (taken from the bundle; not confirmed)",
        "zh": "{genesis_hash}（取自证明文件，未经确认）",
    },
    "value_file_matches": {"en": '"{file}": {alg} digest matches', "zh": '"{file}"：{alg} 值一致'},
    "value_file_not_compared": {
        "en": "no file compared; add --file FILE to check that a file has this digest",
        "zh": "未比对文件；加上 --file 文件 可检查某个文件是否具有此哈希值",
    },
    "value_unchecked": {
        "en": "{parts} (present in the bundle, not checked by this version of cunzheng)",
        "zh": "{parts}（证明文件中存在，本版本 cunzheng 未检查）",
    },
    "value_submitter": {
        "en": "{submitter} (signature verified)",
        "zh": "{submitter}（签名已验证）",
    },
    "part_timestamp_token": {"en": "RFC 3161 time-stamp token", "zh": "RFC 3161 时间戳"},
    "saved_proof": {"en": "Proof bundle saved to {path}", "zh": "证明文件已保存到 {path}"},
}


def language_from_environment(environ: Mapping[str, str]) -> Language:
    """The language the locale asks for: "zh" for a zh_* locale, otherwise "en".

    POSIX order: the first non-empty of LC_ALL, LC_MESSAGES and LANG decides.
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def resolve_language(option: str | None) -> Language:
    """The `--lang` option if given ("en" or "zh"), else the locale's language."""
    if option == "zh":
        return "zh"
    if option == "en":
        return "en"
    return language_from_environment(os.environ)


def text(language: Language, key: str, **values: object) -> str:
    """The message `key` in `language` with its placeholders filled from `values`.

    Raises KeyError for an unknown key or a missing placeholder value (a programming error).
    """
    return MESSAGES[key][language].format(**values)


def lang_option(function: click.decorators.FC) -> click.decorators.FC:
    """The `--lang zh|en` click option, passed to the command as `lang` (None: locale)."""
    return click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default=None,
        help="Language of the verdict: zh (Chinese) or en. Default: from LC_ALL/LC_MESSAGES/LANG.",
    )(function)
