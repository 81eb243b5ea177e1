"""What `cunzheng seal`, `disclose` and `verify --package / --disclosure` tell a person about
an evidence package, in English and Chinese (the language is cli/i18n.py's: LANG, --lang).
"""

from pathlib import Path

from cunzheng.cli.filehash import ALGORITHM_LABELS
from cunzheng.cli.i18n import Language
from cunzheng.ledger.manifest import CourtWarning
from cunzheng.ledger.package import Problem

# (English, Chinese) for each court warning and problem code of ledger/, and each message here.
_TEXTS: dict[str, tuple[str, str]] = {
    "missing_owner_profile": (
        "no page showing the owner's own WeChat profile (Me > Settings > Account): courts ask "
        "who holds the account that kept this record",
        "缺少本人微信个人信息页（我 > 设置 > 账号与安全）：法院会问保存这份记录的账号归谁",
    ),
    "missing_counterparty_profile": (
        "no profile page of the counterparty showing their WeChat ID (which cannot be changed), "
        "phone number and avatar: it ties the chat to the other party",
        "缺少对方个人信息页（须显示对方不可更改的微信号、手机号和头像）：用以证明聊天对象是谁",
    ),
    "missing_conversation": (
        "no record of the continuous conversation: courts want the complete chat of the "
        "period, not selected excerpts",
        "缺少完整连续的聊天记录：法院要求相关期间的完整对话，而不是节选",
    ),
    "missing_screen_recording": (
        "no screen recording of the collection: filming the whole collection as it happens "
        "shows the copy is faithful to the original phone or PC",
        "缺少取证过程录屏：同步录下整个取证过程，可证明副本忠实于原始载体（手机或电脑）",
    ),
    "voice_without_transcript": (
        'voice message "{path}" has no transcript: courts ask for voice messages in writing '
        '(name it like "{stem}_文字.txt")',
        '语音 "{path}" 没有文字稿：法院通常要求语音附文字整理（可命名为 "{stem}_文字.txt"）',
    ),
    "manifest_edited": (
        "the manifest was edited after sealing: its files give package root {actual}, but it "
        "records {expected} (a file's salt, path, size, alg or hash was changed)",
        "清单在封存后被改动：按所列文件算得的证据包根哈希为 {actual}，清单记录的却是 {expected}"
        "（某个文件的盐值、路径、大小、算法或哈希被改过）",
    ),
    "missing": (
        'file "{path}" was sealed but is missing from the folder',
        '文件 "{path}" 已封存，但文件夹中没有',
    ),
    "added": (
        'file "{path}" is in the folder but was not sealed',
        '文件 "{path}" 在文件夹中，但不在封存的证据包内',
    ),
    "size_changed": (
        'file "{path}" was changed after sealing: it has {actual} bytes, {expected} were sealed',
        '文件 "{path}" 在封存后被改动：现有 {actual} 字节，封存时为 {expected} 字节',
    ),
    "hash_changed": (
        'file "{path}" was changed after sealing: its {alg} is {actual}, {expected} was sealed',
        '文件 "{path}" 在封存后被改动：其 {alg} 值为 {actual}，封存时为 {expected}',
    ),
    "not_a_file": (
        '"{path}" was sealed as a file but is now a {actual}',
        '"{path}" 封存时是普通文件，现在却是 {actual}',
    ),
    "unreadable": ('cannot read "{path}": {actual}', '无法读取 "{path}"：{actual}'),
    "warning": ("Warning: {text}.", "提醒：{text}。"),
    "sealed": (
        "Sealed {count} files ({size} bytes) of {directory}.\nPackage root: {root}\nEntry id:"
        "     {entry_id}\nManifest:     {out}\nKeep the manifest: it holds the only copy of the "
        "salts, without which no single file can be disclosed.",
        "已封存 {directory} 中的 {count} 个文件（{size} 字节）。\n证据包根哈希：{root}\n"
        "记录编号：    {entry_id}\n清单：        {out}\n请妥善保管清单：它保存着各文件盐值的唯一"
        "副本，丢失后无法再单独披露任何文件。",
    ),
    "submit_later": (
        "The manifest is saved at {out}. Submit its entry when the node is back (the same "
        "entry, so the same id): cunzheng submit --node URL --digest {root} --kind package "
        "--meta files={count} --wait",
        "清单已保存在 {out}。节点恢复后可提交同一条记录（编号不变）：cunzheng submit --node URL "
        "--digest {root} --kind package --meta files={count} --wait",
    ),
    "submitted": ("Submitted entry {entry_id}: {status}.", "已提交记录 {entry_id}：{status}。"),
    "fetch_later": (
        "Fetch its proof once committed: cunzheng proof --node {node} {entry_id} --out {bundle}",
        "提交后可获取证明：cunzheng proof --node {node} {entry_id} --out {bundle}",
    ),
    "bundle_saved": (
        "Committed in block {height}; proof bundle checked and saved to {bundle}.",
        "已记入第 {height} 号区块；证明文件已验证并保存到 {bundle}。",
    ),
    "disclosed": (
        'Disclosure of "{path}" (file {position} of {count}) written to {out}. Give it with '
        "that file and the package's proof bundle; it reveals nothing of the other files.",
        '已将 "{path}"（共 {count} 个文件中的第 {position} 个）的披露文件写入 {out}。请连同该'
        "文件和证据包的证明文件一并提交；它不会泄露其他文件的任何信息。",
    ),
    "disclosure_valid": (
        'file "{path}" ({size} bytes, {alg} {file_hash}) is file {position} of {count} of the '
        "sealed package with root {root}",
        '文件 "{path}"（{size} 字节，{alg} 值 {file_hash}）是根哈希为 {root} 的证据包中'
        "共 {count} 个文件的第 {position} 个",
    ),
}


def package_text(language: Language, key: str, **values: object) -> str:
    """The message `key` of _TEXTS in `language`, its placeholders filled from `values`.

    Raises KeyError for an unknown key or a missing placeholder value (a programming error).
    """
    english, chinese = _TEXTS[key]
    return (chinese if language == "zh" else english).format(**values)


def warning_text(warning: CourtWarning, language: Language) -> str:
    """A court warning of ledger.manifest.court_warnings, as a person reads it."""
    stem = "" if warning.path is None else Path(warning.path).stem
    return package_text(language, warning.code, path=warning.path, stem=stem)


def problem_text(problem: Problem, language: Language) -> str:
    """A problem of ledger.package.package_problems, as a person reads it."""
    values = {"expected": problem.expected, "actual": problem.actual}
    alg = ALGORITHM_LABELS.get(problem.alg or "", problem.alg)
    return package_text(language, problem.code, path=problem.path, alg=alg, **values)
