"""Messages many commands share: files, nodes, times, the statuses of an entry, small words.

A placeholder named `error` holds an ErrorText (cli/error_text.py) or a message that says a
reason: in Chinese it stands on a line of its own. A placeholder named `detail` holds text
only English has (a node's own message): in Chinese it follows 技术细节（英文）： at the start
of a line. tests/cli/test_i18n.py checks both rules.
"""

from cunzheng.cli.messages.translation import Translation

MESSAGES: dict[str, Translation] = {
    "error_prefix": {"en": "Error: {message}", "zh": "错误：{message}"},
    "aborted": {"en": "Aborted!", "zh": "已中止。"},
    "version": {"en": "{program}, version {version}", "zh": "{program} 版本 {version}"},
    "list_separator": {"en": ", ", "zh": "、"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "value_none": {"en": "(none)", "zh": "（无）"},
    # A code the reader types as it is (a role, a choice), quoted in Chinese text.
    "code": {"en": "{code}", "zh": "“{code}”"},
    "technical_detail": {"en": "Detail: {detail}", "zh": "技术细节（英文）：{detail}"},
    "because": {"en": "Reason: {reason}.", "zh": "原因：{reason}。"},
    "failed": {"en": "{error}", "zh": "{error}"},
    # Files.
    "cannot_read": {"en": "cannot read {path}: {error}", "zh": "无法读取 {path}。\n{error}"},
    "cannot_write": {"en": "cannot write {path}: {error}", "zh": "无法写入 {path}。\n{error}"},
    "cannot_create": {"en": "cannot create {path}: {error}", "zh": "无法创建 {path}。\n{error}"},
    "already_exists": {
        "en": "{path} already exists; refusing to overwrite it",
        "zh": "{path} 已存在，不予覆盖。",
    },
    "already_exists_force": {
        "en": "{path} already exists; refusing to overwrite it (add --force to replace it)",
        "zh": "{path} 已存在，不予覆盖（如需替换，请加 --force）。",
    },
    # Nodes (cli/http.py).
    "node_unreachable": {
        "en": "cannot reach node at {url}: {error}; check the URL and that the node is running",
        "zh": "无法连接节点 {url}，请检查网址是否正确、节点是否在运行。\n{error}",
    },
    "no_answer_within": {
        "en": "no answer within {seconds:g} s",
        "zh": "原因：{seconds:g} 秒内没有应答。",
    },
    "answer_broke_off": {
        "en": "the answer broke off: {detail}",
        "zh": "原因：应答中途中断。\n技术细节（英文）：{detail}",
    },
    "node_refused": {
        "en": "node at {url} answered {status} {code}: {detail}",
        "zh": "节点 {url} 拒绝了请求（HTTP {status}，{code}）。\n技术细节（英文）：{detail}",
    },
    "node_answer_too_large": {
        "en": "node answer from {url} is over {limit} bytes",
        "zh": "节点 {url} 的应答超过 {limit} 字节，不予读取。",
    },
    "node_answer_not_json": {
        "en": "node at {url} answered with something that is not JSON",
        "zh": "节点 {url} 的应答不是 JSON。",
    },
    "node_url_invalid": {
        "en": "{url!r} is not a node URL; expected http://HOST:PORT or https://HOST",
        "zh": "{url!r} 不是节点网址，应为 http://HOST:PORT 或 https://HOST。",
    },
    "node_status_unusable": {
        "en": "node at {url} answered /v1/status without a genesis_hash and height ({error})",
        "zh": "节点 {url} 对 /v1/status 的应答缺少创世文件摘要和区块高度。\n{error}",
    },
    "node_status_not_object": {
        "en": "node at {url} answered /v1/status with a non-object",
        "zh": "节点 {url} 对 /v1/status 的应答不是 JSON 对象。",
    },
    "node_blocks_missing": {
        "en": "node at {url} answered /v1/blocks without blocks",
        "zh": "节点 {url} 对 /v1/blocks 的应答中没有区块。",
    },
    "node_block_not_object": {
        "en": "node at {url} sent a block that is no object",
        "zh": "节点 {url} 发来的区块不是 JSON 对象。",
    },
    # The statuses of an entry a node reports, and before it is sent.
    "entry_status_unsent": {"en": "unsent", "zh": "未发送"},
    "entry_status_pending": {"en": "pending", "zh": "待上链"},
    "entry_status_committed": {"en": "committed", "zh": "已上链"},
    "entry_status_unknown": {"en": "{status}", "zh": "“{status}”"},
    # Times (cli/times.py). "No later than" times are rounded up to the whole second; English
    # leaves out the Beijing date when it is the UTC date, Chinese always gives it.
    "beijing_time_same_day": {"en": "{time}", "zh": "{year}年{month}月{day}日 {time}"},
    "beijing_time_other_day": {
        "en": "{year:04d}-{month:02d}-{day:02d} {time}",
        "zh": "{year}年{month}月{day}日 {time}",
    },
    # An exact instant (a receipt's, a backup's): ISO 8601 UTC to the millisecond.
    "exact_time": {"en": "{utc}", "zh": "{utc}（协调世界时）"},
    # Progress bars on a terminal.
    "progress_auditing": {"en": "auditing", "zh": "审计中"},
    "progress_exporting": {"en": "exporting", "zh": "导出中"},
    "node_extra_missing": {
        "en": "{what} needs LevelDB and uvloop, which a plain `pip install cunzheng` leaves "
        "out: install them with pip install 'cunzheng[node]'",
        "zh": "{what} 需要 LevelDB 和 uvloop，而 pip install cunzheng 默认不安装它们。请用 "
        "pip install 'cunzheng[node]' 安装。",
    },
    "node_extra_help": {
        "en": "Needs the cunzheng[node] extra: pip install 'cunzheng[node]'.",
        "zh": "需要 cunzheng[node] 附加组件：pip install 'cunzheng[node]'。",
    },
}
