"""What `cunzheng audit` and `cunzheng export` say: each source and how it replayed, the first
divergence, the result; and the problems of a source, an audit package or a saved state."""

from cunzheng.cli.messages.translation import Translation

MESSAGES: dict[str, Translation] = {
    "source_node": {"en": "node {where}", "zh": "节点 {where}"},
    "source_store": {"en": "store {where}", "zh": "账本数据库 {where}"},
    "source_package": {"en": "package {where}", "zh": "审计包 {where}"},
    "audit_title": {
        "en": 'Audit of ledger "{chain_id}", genesis {genesis_hash}',
        "zh": "审计账本“{chain_id}”，创世文件摘要 {genesis_hash}",
    },
    "audit_genesis_taken": {
        "en": "WARNING: no --genesis given; the genesis was taken from {source} and is only as "
        "trustworthy as that source. Compare its hash above with the one the consortium "
        "publishes.",
        "zh": "警告：未给出 --genesis，创世文件取自{source}，其可信程度仅与该来源相同。请将上面的"
        "摘要与联盟公布的摘要核对。",
    },
    "audit_resumed": {
        "en": "Resumed after block {height}, as the saved state ends.",
        "zh": "从第 {height} 号区块之后继续审计（已保存的审计状态止于该区块）。",
    },
    "audit_source_unavailable": {
        "en": "  UNAVAILABLE {source}: {error}",
        "zh": "  无法使用 {source}：\n{error}",
    },
    "audit_source_ok": {
        "en": "  ok     {source}: height {height}{lag}",
        "zh": "  正常   {source}：区块高度 {height}{lag}",
    },
    "audit_source_failed_row": {
        "en": "  FAILED {source}: height {height}{lag}",
        "zh": "  失败   {source}：区块高度 {height}{lag}",
    },
    "audit_lag": {"en": ", {lag} behind", "zh": "，落后 {lag} 个区块"},
    "audit_saved_header": {"en": "saved:", "zh": "已保存的："},
    "audit_found_header": {"en": "found:", "zh": "现在的："},
    "audit_header_block": {
        "en": "block {block_hash} at height {height}",
        "zh": "区块 {block_hash}，区块高度 {height}",
    },
    "audit_header_size": {
        "en": "  time_ms {time_ms}, ledger size {ledger_size}, root {root}",
        "zh": "  共识时间 time_ms {time_ms}，账本条数 {ledger_size}，根摘要 {root}",
    },
    "audit_header_links": {
        "en": "  prev_hash {prev_hash}, proposer {proposer}",
        "zh": "  上一区块摘要 {prev_hash}，提议者 {proposer}",
    },
    "audit_divergence": {
        "en": "Sources diverge first at height {height} (a fork):",
        "zh": "各来源从第 {height} 号区块起出现分歧（分叉）：",
    },
    "audit_version": {
        "en": "  held by {sources}, signed by validators {signers}:",
        "zh": "  {sources} 持有的版本，由名单中第 {signers} 位公证节点签名：",
    },
    "audit_evidence_in_json": {
        "en": "  The signed headers and their commits are in the JSON report.",
        "zh": "  签名的区块头及其确认签名见 JSON 报告。",
    },
    "audit_replayed": {
        "en": "Replayed {blocks} blocks, {entries} entries in {seconds:.1f} s.",
        "zh": "共重放 {blocks} 个区块、{entries} 条记录，用时 {seconds:.1f} 秒。",
    },
    "audit_state_saved": {
        "en": "Audit state {file} saved at height {height}.",
        "zh": "审计状态已保存到 {file}（止于第 {height} 号区块）。",
    },
    "audit_state_unchanged": {
        "en": "Audit state {file} left unchanged.",
        "zh": "审计状态文件 {file} 未作改动。",
    },
    "audit_result_ok": {"en": "Result: OK", "zh": "结论：通过"},
    "audit_result_failed": {"en": "Result: FAILED", "zh": "结论：未通过"},
    "audit_needs_source": {
        "en": "give at least one --node, --store or --package",
        "zh": "请至少给出一个 --node、--store 或 --package。",
    },
    "audit_needs_genesis": {
        "en": "--genesis is required with only --node sources: a node does not serve its "
        "genesis document. Use the genesis.json the consortium publishes.",
        "zh": "只有 --node 来源时必须给出 --genesis：节点不提供其创世文件。请使用联盟公布的 "
        "genesis.json。",
    },
    "audit_no_genesis_source": {
        "en": "no store or package could be read to take a genesis from ({reasons})",
        "zh": "没有可读取的账本数据库或审计包可供取得创世文件。\n{reasons}",
    },
    "audit_reason_item": {"en": "{source}: {error}", "zh": "{source}：\n{error}"},
    "audit_reason_separator": {"en": "; ", "zh": "\n"},
    "audit_state_unusable": {
        "en": "{path} is not a usable audit state: {error}",
        "zh": "{path} 不是可用的审计状态。\n{error}",
    },
    "audit_state_mismatch": {
        "en": "{path}: {error}",
        "zh": "{path} 中的审计状态与本次审计不符。\n{error}",
    },
    "audit_store_in_use": {
        "en": "{error}. A store can be read only while its node is stopped; audit a copy instead",
        "zh": "无法打开该账本数据库：节点运行时无法读取其数据库，请审计一份副本。\n{error}",
    },
    "audit_other_chain": {
        "en": "it holds chain {held}, not {expected}",
        "zh": "原因：它属于创世文件摘要为 {held} 的账本，而非 {expected}。",
    },
    "audit_block_failed": {
        "en": "block {height} fails the {check} check: {reason}",
        "zh": "原因：第 {height} 号区块未通过{check}检查：{reason}。",
    },
    "audit_source_failed": {
        "en": "block {height} fails the source check: {error}",
        "zh": "原因：第 {height} 号区块读取失败。\n{error}",
    },
    "audit_node_short": {
        "en": "the node announced height {height} but served blocks only up to {last}: block "
        "{missing} is missing",
        "zh": "节点宣称区块高度为 {height}，却只提供到第 {last} 号区块，缺少第 {missing} 号区块",
    },
    "export_node_short": {
        "en": "the node announced height {height} but served blocks only up to {last}",
        "zh": "节点宣称区块高度为 {height}，却只提供到第 {last} 号区块",
    },
    "audit_not_held": {
        "en": "the source lacks the block the saved state ends with: it lost blocks, or lags "
        "behind",
        "zh": "该来源缺少已保存审计状态所止的区块：它丢失了区块，或数据落后",
    },
    # The audit package (cli/audit_package.py).
    "package_validators_unchecked": {
        "en": "package file validators.json does not check: {error}",
        "zh": "审计包中的 validators.json 核验未通过。\n{error}",
    },
    "package_validators_mismatch": {
        "en": "package file validators.json does not match genesis.json",
        "zh": "审计包中的 validators.json 与 genesis.json 不符。",
    },
    "package_json_unreadable": {
        "en": "package file {name} cannot be read as JSON: {error}",
        "zh": "无法将审计包中的 {name} 读取为 JSON。\n{error}",
    },
    "package_manifest_malformed": {
        "en": "package file {name} is malformed: {error}",
        "zh": "审计包中的 {name} 格式不正确。\n{error}",
    },
    "package_file_added": {
        "en": "package file {path} is not listed in {manifest}: it was added",
        "zh": "审计包中的 {path} 未列在 {manifest} 中：它是后加的。",
    },
    "package_file_missing": {
        "en": "package file {path} listed in {manifest} is missing",
        "zh": "{manifest} 列出的审计包文件 {path} 不存在。",
    },
    "package_file_altered": {
        "en": "package file {path} was altered: it has {size} bytes with SHA-256 {digest}, "
        "{manifest} says {listed_size} bytes with SHA-256 {listed_digest}",
        "zh": "审计包中的 {path} 已被改动：它现有 {size} 字节，SHA-256 摘要为 {digest}；而 "
        "{manifest} 记载的是 {listed_size} 字节，SHA-256 摘要为 {listed_digest}。",
    },
    "package_genesis_unusable": {
        "en": "package file genesis.json: {error}",
        "zh": "审计包中的 genesis.json 无法使用。\n{error}",
    },
    "package_genesis_other": {
        "en": "package file genesis.json is not the genesis {manifest} names",
        "zh": "审计包中的 genesis.json 不是 {manifest} 所指的创世文件。",
    },
    "package_other_tip": {
        "en": "{manifest} names another last block",
        "zh": "{manifest} 记载的最后一个区块与实际不符",
    },
    "package_checkpoint_missing": {
        "en": "package file {name} is missing",
        "zh": "审计包中缺少 {name}",
    },
    "package_checkpoint_unsigned": {
        "en": "package file {name} is not the last block's checkpoint signed by a quorum",
        "zh": "审计包中的 {name} 不是由超过三分之二投票权签署的最后一个区块的检查点",
    },
    # `cunzheng export`.
    "export_other_chain": {
        "en": "node at {node} runs chain {held}, the genesis given is {expected}; use that "
        "chain's genesis.json",
        "zh": "节点 {node} 运行的账本创世文件摘要为 {held}，而所给创世文件的摘要为 {expected}。"
        "请使用该账本的 genesis.json。",
    },
    "export_no_block": {
        "en": "node at {node} has committed no block yet",
        "zh": "节点 {node} 尚未确认任何区块。",
    },
    "export_out_exists": {
        "en": "{out} exists; choose a new directory for the package",
        "zh": "{out} 已存在，请为审计包另选一个新文件夹。",
    },
    "export_ledger_invalid": {
        "en": "node at {node} served a ledger that does not check out: {error}; no package "
        "was written. Audit the consortium's other nodes.",
        "zh": "节点 {node} 提供的账本核验未通过，未生成审计包。请审计联盟的其他节点。\n{error}",
    },
    "exported": {
        "en": "Exported blocks 1 to {height} ({size} entries, root {root}) of chain {chain_id} "
        "to {out}.\nSHA-256 of {manifest}: {digest} (it fixes every file of the package).",
        "zh": "已将账本“{chain_id}”的第 1 至第 {height} 号区块（共 {size} 条记录，根摘要 {root}）"
        "导出到 {out}。\n{manifest} 的 SHA-256 摘要：{digest}（它确定了审计包中的每个文件）。",
    },
}
