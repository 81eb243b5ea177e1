"""Why something failed, for errors that come from the ledger library or the system
(cli/error_text.py).

The ledger's errors are English sentences. Chinese says them from the error's class, reason
code and fields: a `because_*` message is the reason, after 原因：; what only the English
message says follows on a line of its own, labelled 技术细节（英文）. English output quotes the
ledger's own message; the English column here says the same reason in English.
"""

from cunzheng.cli.messages.translation import Translation

MESSAGES: dict[str, Translation] = {
    # By the class of a ledger error, and its fields.
    "because_root_mismatch": {
        "en": "the proof for a ledger of {tree_size} entries gives root {computed}, while the "
        "signed root is {expected}; fetch the proof again from another notary before trusting it",
        "zh": "按证明推算，账本共 {tree_size} 条时的根摘要为 {computed}，而签名的根摘要为 "
        "{expected}；请从其他公证节点重新获取证明后再作判断",
    },
    "because_manifest_edited": {
        "en": "the manifest's files and collection record give package root {computed}, while "
        "the recorded root is {recorded}",
        "zh": "按清单所列文件和收集记录算得的证据包根摘要为 {computed}，而记录的是 {recorded}",
    },
    "because_files_differ": {
        "en": "{count} files of the folder differ from the sealed package",
        "zh": "文件夹中有 {count} 个文件与封存时的证据包不一致",
    },
    "because_ledger_rewritten": {
        "en": "the ledger was rewritten after the last audit: the saved state holds block "
        "{saved}, the source now holds block {found}; keep both signed headers as evidence",
        "zh": "上次审计后账本被改写：保存的审计状态记录的是区块 {saved}，该来源现在的是区块 "
        "{found}。请保留这两个签名的区块头作为证据",
    },
    "because_block_check": {
        "en": "block {height} fails the {check} check",
        "zh": "第 {height} 号区块未通过{check}检查",
    },
    "because_folder_unreadable": {
        "en": '"{path}" cannot be read',
        "zh": "无法读取“{path}”",
    },
    "because_cannot_seal": {
        "en": '"{path}" cannot be sealed',
        "zh": "无法封存“{path}”",
    },
    "because_disclosure_of": {
        "en": 'the disclosure of file "{path}" does not hold',
        "zh": "文件“{path}”的单文件披露不成立",
    },
    "because_timestamp_check": {
        "en": "the RFC 3161 time-stamp token fails the {check} check",
        "zh": "RFC 3161 时间戳未通过{check}检查",
    },
    "because_governance": {
        "en": "the governance change does not hold",
        "zh": "该治理变更不成立",
    },
    "because_signature": {"en": "a signature does not verify", "zh": "签名验证失败"},
    "because_proof": {"en": "a proof does not verify", "zh": "证明验证失败"},
    "because_chain_broken": {"en": "the blocks do not link", "zh": "区块前后不衔接"},
    "because_store_corrupted": {
        "en": "the node's LevelDB store disagrees with itself",
        "zh": "节点的 LevelDB 账本数据库内容自相矛盾",
    },
    "because_malformed": {"en": "it is not well formed", "zh": "格式不正确"},
    "because_not_utf8": {"en": "it is not UTF-8 text", "zh": "内容不是 UTF-8 编码的文本"},
    "because_not_json": {"en": "it is not JSON", "zh": "内容不是有效的 JSON"},
    # The checks of ledger/replay.py, ledger/audit.py and the audit's own (cli/audit_cmd.py,
    # cli/audit_package.py, cli/replay_failure.py), by their codes. English names a check by
    # its code, as the ledger's messages do.
    "check_height": {"en": "height", "zh": "区块高度"},
    "check_chain_id": {"en": "chain_id", "zh": "账本标识"},
    "check_prev_hash": {"en": "prev_hash", "zh": "上一区块摘要"},
    "check_validators_hash": {"en": "validators_hash", "zh": "公证节点名单"},
    "check_next_validators_hash": {"en": "next_validators_hash", "zh": "下一公证节点名单"},
    "check_ledger_size": {"en": "ledger_size", "zh": "账本条数"},
    "check_proposer": {"en": "proposer", "zh": "提议者"},
    "check_time": {"en": "time", "zh": "共识时间"},
    "check_last_commit_hash": {"en": "last_commit_hash", "zh": "上一区块确认签名摘要"},
    "check_last_commit": {"en": "last_commit", "zh": "上一区块确认签名"},
    "check_commit": {"en": "commit", "zh": "确认签名"},
    "check_entry_encoding": {"en": "entry_encoding", "zh": "记录编码"},
    "check_entry_signature": {"en": "entry_signature", "zh": "提交者签名"},
    "check_duplicate_entry": {"en": "duplicate_entry", "zh": "记录重复"},
    "check_ledger_root": {"en": "ledger_root", "zh": "账本根摘要"},
    "check_store": {"en": "store", "zh": "账本数据库"},
    "check_source": {"en": "source", "zh": "数据来源"},
    "check_saved_state": {"en": "saved_state", "zh": "已保存审计状态"},
    "check_package": {"en": "package", "zh": "审计包"},
    "check_checkpoint": {"en": "checkpoint", "zh": "检查点"},
    "check_unnamed": {"en": "{check}", "zh": "“{check}”"},
    # The checks of ledger/timestamp.py, by their codes.
    "token_check_malformed": {"en": "malformed", "zh": "格式"},
    "token_check_response": {"en": "response", "zh": "应答"},
    "token_check_imprint": {"en": "imprint", "zh": "所盖摘要"},
    "token_check_certificate": {"en": "certificate", "zh": "证书"},
    "token_check_chain": {"en": "chain", "zh": "证书链"},
    "token_check_signature": {"en": "signature", "zh": "签名"},
    # What the operating system says, by errno.
    "errno_ENOENT": {"en": "no such file or folder", "zh": "文件或文件夹不存在"},
    "errno_EACCES": {"en": "permission denied", "zh": "没有访问权限"},
    "errno_EPERM": {"en": "operation not permitted", "zh": "操作不被允许"},
    "errno_EISDIR": {"en": "it is a folder", "zh": "这是一个文件夹"},
    "errno_ENOTDIR": {"en": "a part of the path is not a folder", "zh": "路径中有一项不是文件夹"},
    "errno_ENOSPC": {"en": "no space left on the disk", "zh": "磁盘空间不足"},
    "errno_EEXIST": {"en": "it already exists", "zh": "已存在"},
    "errno_EROFS": {"en": "the file system is read-only", "zh": "文件系统只读"},
    "errno_ECONNREFUSED": {"en": "connection refused", "zh": "连接被拒绝"},
    "errno_ECONNRESET": {"en": "connection reset", "zh": "连接被重置"},
    "errno_ETIMEDOUT": {"en": "timed out", "zh": "连接超时"},
    "errno_EHOSTUNREACH": {"en": "host unreachable", "zh": "无法到达该主机"},
    "errno_ENETUNREACH": {"en": "network unreachable", "zh": "网络不可达"},
    "unknown_host": {"en": "unknown host", "zh": "无法解析该主机名"},
}
