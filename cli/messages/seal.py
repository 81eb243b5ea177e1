"""What `cunzheng seal` and `cunzheng disclose` say: what was sealed, the court warnings of
ledger/manifest.py (one per warning code), and the problems with a folder or an --out."""

from cunzheng.cli.messages.translation import Translation

MESSAGES: dict[str, Translation] = {
    "court_missing_owner_profile": {
        "en": "no page showing the owner's own WeChat profile (Me > Settings > Account): courts "
        "ask who holds the account that kept this record",
        "zh": "缺少本人微信个人信息页（我 > 设置 > 账号与安全）：法院会问保存这份记录的账号归谁",
    },
    "court_missing_counterparty_profile": {
        "en": "no profile page of the counterparty showing their WeChat ID (which cannot be "
        "changed), phone number and avatar: it ties the chat to the other party",
        "zh": "缺少对方个人信息页（须显示对方不可更改的微信号、手机号和头像）：用以证明聊天对象"
        "是谁",
    },
    "court_missing_conversation": {
        "en": "no record of the continuous conversation: courts want the complete chat of the "
        "period, not selected excerpts",
        "zh": "缺少完整连续的聊天记录：法院要求相关期间的完整对话，而不是节选",
    },
    "court_missing_screen_recording": {
        "en": "no screen recording of the collection: filming the whole collection as it "
        "happens shows the copy is faithful to the original phone or PC",
        "zh": "缺少取证过程录屏：同步录下整个取证过程，可证明副本忠实于原始载体（手机或电脑）",
    },
    "court_voice_without_transcript": {
        "en": 'voice message "{path}" has no transcript: courts ask for voice messages in '
        'writing (name it like "{stem}_文字.txt")',
        "zh": "语音“{path}”没有文字稿：法院通常要求语音附文字整理（可命名为“{stem}_文字.txt”）",
    },
    "court_warning": {"en": "Warning: {text}.", "zh": "提醒：{text}。"},
    "left_out": {
        "en": "Left out {count} files the operating system adds by itself (not evidence): {paths}",
        "zh": "已略去操作系统自动生成的 {count} 个文件（不属于证据）：{paths}",
    },
    "sealed": {
        "en": "Sealed {count} files ({size} bytes) of {directory}, with the collection record."
        "\nPackage root: {root}\nEntry id:     {entry_id}\nManifest:     {out}\nKeep the "
        "manifest: it holds the only copy of the salts, without which no single file can be "
        "disclosed.",
        "zh": "已封存 {directory} 中的 {count} 个文件（{size} 字节）及收集记录。\n"
        "证据包根摘要：{root}\n记录编号：    {entry_id}\n清单：        {out}\n请妥善保管清单："
        "它保存着各文件盐值的唯一副本，丢失后无法再单独披露任何文件。",
    },
    "seal_out_exists": {
        "en": "{out} exists. A manifest holds the only copy of its files' salts, so seal never "
        "replaces one: choose another --out, or move the old manifest away first.",
        "zh": "{out} 已存在。清单保存着各文件盐值的唯一副本，因此封存时从不替换已有清单。请另选 "
        "--out，或先将旧清单移走。",
    },
    "seal_out_folder_missing": {
        "en": "--out: folder {folder} does not exist",
        "zh": "--out 所在的文件夹 {folder} 不存在。",
    },
    "seal_out_inside": {
        "en": "--out {out} is inside {directory}: the manifest would become a file of the folder "
        "it seals. Write it beside the folder instead.",
        "zh": "--out {out} 位于 {directory} 之内，清单会成为被封存文件夹中的一个文件。请将清单写在"
        "该文件夹之外。",
    },
    "seal_failed": {"en": "{error}", "zh": "无法封存该文件夹。\n{error}"},
    "collection_invalid": {"en": "{error}", "zh": "收集记录不符合要求。\n{error}"},
    "seal_role_invalid": {
        "en": "{value!r}: give PATH=ROLE, each PATH once, ROLE one of {roles}",
        "zh": "{value!r}：请按 PATH=ROLE 给出，每个 PATH 只给一次，ROLE 为以下之一：{roles}。",
    },
    "disclose_not_in_package": {
        "en": '"{path}" is not a file of this package; the manifest lists its files',
        "zh": "“{path}”不是该证据包中的文件，请按清单所列的路径给出。",
    },
    "disclose_manifest_broken": {
        "en": "{manifest}: {error}",
        "zh": "无法从清单 {manifest} 生成单文件披露。\n{error}",
    },
    "disclosed": {
        "en": 'Disclosure of "{path}" (file {position} of {count}) written to {out}. Give it with '
        "that file and the package's proof bundle; it reveals nothing of the other files.",
        "zh": "已将“{path}”（共 {count} 个文件中的第 {position} 个）的单文件披露写入 {out}。请"
        "连同该文件和证据包的证明文件一并提交；它不会泄露其他文件的任何信息。",
    },
    "manifest_unusable": {
        "en": "{path}: {error}",
        "zh": "{path} 不是可用的清单。\n{error}",
    },
}
