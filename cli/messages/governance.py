"""What `cunzheng governance` says: proposals, signatures, submission, and the history of the
consortium's notary lists (cli/governance_cmd.py, cli/governance_state.py,
cli/proposal_file.py)."""

from cunzheng.cli.messages.translation import Translation

MESSAGES: dict[str, Translation] = {
    # The actions of ledger/governance.py; English names an action by its code.
    "gov_action_add": {"en": "add", "zh": "增加"},
    "gov_action_remove": {"en": "remove", "zh": "移除"},
    "gov_action_power": {"en": "power", "zh": "调整投票权"},
    "gov_action_rotate": {"en": "rotate", "zh": "更换公钥"},
    # A change in words (the same English as ledger.governance.Change.describe).
    "gov_describe": {
        "en": "{what}, from height {height}",
        "zh": "{what}，自第 {height} 号区块起生效",
    },
    "gov_what_add": {
        "en": "add notary {name} (key {key}…) with power {power}",
        "zh": "增加公证节点 {name}（公钥 {key}…），投票权 {power}",
    },
    "gov_what_remove": {
        "en": "remove notary {name} (key {key}…)",
        "zh": "移除公证节点 {name}（公钥 {key}…）",
    },
    "gov_what_power": {
        "en": "set the power of notary {name} to {power}",
        "zh": "将公证节点 {name} 的投票权调整为 {power}",
    },
    "gov_what_rotate": {
        "en": "rotate the key of notary {name} to {key}…",
        "zh": "将公证节点 {name} 的公钥更换为 {key}…",
    },
    "gov_needs_vkey": {
        "en": "{action} needs --vkey: the notary's new verifier key",
        "zh": "“{action}”操作需要 --vkey，即该公证节点的新验证公钥。",
    },
    "gov_takes_no_vkey": {
        "en": "{action} takes no --vkey: the change names the current key",
        "zh": "“{action}”操作不接受 --vkey：该变更使用现有公钥。",
    },
    "gov_takes_no_power": {
        "en": "{action} takes no --power",
        "zh": "“{action}”操作不接受 --power。",
    },
    "gov_needs_power": {
        "en": "power needs --power: the notary's new voting power",
        "zh": "“调整投票权”操作需要 --power，即该公证节点的新投票权。",
    },
    "gov_change_pending": {
        "en": "a change is pending: a new validator set signs from height {since} (the chain is "
        "at height {height}), and only one change may wait at a time; propose again once the "
        "chain is at height {ready}",
        "zh": "已有一项变更待生效：新的公证节点名单将从第 {since} 号区块起签名（账本当前区块高度"
        "为 {height}），同一时间只能有一项变更等待生效。请在账本区块高度达到 {ready} 后再提出。",
    },
    "gov_effective_both": {
        "en": "give --effective-in or --effective-height, not both",
        "zh": "请给出 --effective-in 或 --effective-height，不能同时给出。",
    },
    "gov_effective_out_of_range": {
        "en": "{height} is not between {earliest} and {latest}: the chain is at height "
        "{current}, and a change committed in block h takes effect from h + 2",
        "zh": "{height} 不在 {earliest} 至 {latest} 之间：账本当前区块高度为 {current}，而变更"
        "最早从其上链区块之后的第 2 个区块起生效。",
    },
    "gov_not_a_validator": {
        "en": "notary {name} is not a validator; the validators are {members}",
        "zh": "{name} 不是现有的公证节点；现有公证节点为 {members}。",
    },
    "gov_cannot_apply": {
        "en": "cannot {action} notary {name}: {error}",
        "zh": "无法对公证节点 {name} 执行“{action}”操作。\n{error}",
    },
    "gov_change_invalid": {"en": "{error}", "zh": "该变更不符合要求。\n{error}"},
    "gov_change_no_effect": {
        "en": "the change would leave the validator set as it is: {name}",
        "zh": "该变更不会改变公证节点名单：{name}。",
    },
    "gov_proposal_written": {
        "en": "proposal written to {path}: {change}",
        "zh": "提案已写入 {path}：{change}。",
    },
    "gov_next_signers": {
        "en": "Next, notaries holding more than 2/3 of the power (at least {quorum} of {total}) "
        "sign it in turn: cunzheng governance sign {out} --key KEYFILE --node {node}",
        "zh": "下一步：由合计投票权超过三分之二（总投票权 {total} 中至少 {quorum}）的公证节点依次"
        "签名：cunzheng governance sign {out} --key KEYFILE --node {node}",
    },
    "gov_then_submit": {
        "en": "Then anyone submits it, to be committed by block {block}: cunzheng governance "
        "submit {out} --node {node} --wait",
        "zh": "然后由任何人提交，须不晚于第 {block} 号区块上链：cunzheng governance submit {out} "
        "--node {node} --wait",
    },
    "gov_key_not_member": {
        "en": "key {key_name} ({path}) is not a validator of the set this change names "
        "({names}); only its members sign",
        "zh": "密钥 {key_name}（{path}）不属于该变更所针对的公证节点名单（{names}），只有名单中的"
        "公证节点才能签名。",
    },
    "gov_proposal_stale": {
        "en": "{file}: {error}; ask for a fresh proposal",
        "zh": "提案 {file} 无法使用，请索取一份新的提案。\n{error}",
    },
    "gov_signed": {"en": "signed by {name}; {summary}", "zh": "已由 {name} 签名；{summary}。"},
    "gov_signed_again": {
        "en": "already signed by {name}; {summary}",
        "zh": "{name} 此前已签名；{summary}。",
    },
    "gov_enough": {
        "en": "Enough: submit it: cunzheng governance submit {file} --node {node} --wait",
        "zh": "签名已足够，请提交：cunzheng governance submit {file} --node {node} --wait",
    },
    "gov_no_effect_warning": {
        "en": "warning: submitted now, it would take no effect: {error}",
        "zh": "警告：如果现在提交，该变更不会生效。\n{error}",
    },
    "gov_next_notary": {
        "en": "Next notary: cunzheng governance sign {file} --key KEYFILE --node {node}",
        "zh": "下一位公证节点：cunzheng governance sign {file} --key KEYFILE --node {node}",
    },
    "gov_proposal_unusable": {
        "en": "{file}: {error}; nothing was submitted",
        "zh": "提案 {file} 无法使用，未提交任何内容。\n{error}",
    },
    "gov_not_signed_enough": {
        "en": "{file} is not signed enough: {summary}; nothing was submitted. Each notary signs "
        "with: cunzheng governance sign {file} --key KEYFILE --node {node}",
        "zh": "提案 {file} 的签名不足：{summary}。未提交任何内容。各公证节点用以下命令签名："
        "cunzheng governance sign {file} --key KEYFILE --node {node}",
    },
    "gov_would_not_take_effect": {
        "en": "{file} would take no effect if committed now: {error}; nothing was submitted. "
        "Propose the change again against the current set.",
        "zh": "提案 {file} 如果现在上链不会生效，未提交任何内容。请针对当前公证节点名单重新提出"
        "该变更。\n{error}",
    },
    "gov_scheduled": {
        "en": "scheduled: {change} (committed in block {height})",
        "zh": "已安排生效：{change}（在第 {height} 号区块上链）。",
    },
    "gov_already_scheduled": {
        "en": "already scheduled: {change} (committed in block {height})",
        "zh": "此前已安排生效：{change}（在第 {height} 号区块上链）。",
    },
    "gov_took_no_effect": {
        "en": "committed in block {height}, but the change took no effect: {error}. The entry "
        "stays in the ledger as a record of what was tried; propose the change again if it is "
        "still wanted",
        "zh": "该变更已在第 {height} 号区块上链，但没有生效。该记录会作为曾经尝试的记录留在账本"
        "中；如仍需要，请重新提出该变更。\n{error}",
    },
    "gov_history_lacks": {
        "en": "the node's validator history lacks it, though the rule says it applies",
        "zh": "原因：节点的公证节点名单历史中没有该变更，但按规则它应当生效。",
    },
    "gov_show_hint": {
        "en": "Once it is committed, check that it was scheduled: cunzheng governance show "
        "--node {node} (or submit again with --wait: it is idempotent)",
        "zh": "上链后可检查其是否已安排生效：cunzheng governance show --node {node}（也可加 "
        "--wait 重新提交，重复提交不会重复记录）。",
    },
    "gov_not_committed_within": {
        "en": "not committed within {seconds:g} s; the node accepted it, so submit again with "
        "--wait later (it is idempotent)",
        "zh": "{seconds:g} 秒内未上链。节点已接受该提案，稍后可加 --wait 重新提交（重复提交不会"
        "重复记录）。",
    },
    "gov_committed_unfetched": {
        "en": "the entry is committed, but {error}",
        "zh": "该记录已上链，但无法获取或核验其证明文件。\n{error}",
    },
    "gov_history_title": {
        "en": "validator history of chain {chain_id} (height {height})",
        "zh": "账本“{chain_id}”的公证节点名单历史（当前区块高度 {height}）",
    },
    "gov_column_since": {"en": "since", "zh": "起始区块"},
    "gov_column_state": {"en": "state", "zh": "状态"},
    "gov_column_validators": {"en": "validators (power)", "zh": "公证节点（投票权）"},
    "gov_column_committed": {"en": "committed in", "zh": "上链区块"},
    "gov_column_change": {"en": "change", "zh": "变更"},
    "gov_state_pending": {"en": "pending", "zh": "待生效"},
    "gov_state_in_force": {"en": "in force", "zh": "生效中"},
    "gov_state_past": {"en": "past", "zh": "已失效"},
    "gov_member": {"en": "{name} ({power})", "zh": "{name}（{power}）"},
    "gov_genesis": {"en": "genesis", "zh": "创世文件"},
    "gov_change_unreadable": {
        "en": "unreadable entry: {error}",
        "zh": "无法读取该记录。\n{error}",
    },
    "gov_signing_summary": {
        "en": "{power} of {total} power signed, more than 2/3 (at least {quorum}) needed",
        "zh": "已签名的投票权为 {power}（总投票权 {total}），须超过三分之二（至少 {quorum}）",
    },
    "gov_other_chain": {
        "en": "the proposal is for chain {proposal_chain!r}, but the node at {node} serves "
        "chain {chain!r}; use a node of that chain",
        "zh": "该提案针对账本 {proposal_chain!r}，但节点 {node} 服务的是账本 {chain!r}。请使用"
        "该账本的节点。",
    },
    "gov_unknown_set": {
        "en": "no validator set of chain {chain} on the node at {node} has validators_hash "
        "{validators_hash}…; the proposal was made against another set, or this node is "
        "behind: try another node",
        "zh": "节点 {node} 上账本“{chain}”的公证节点名单中，没有名单摘要为 {validators_hash}… "
        "的名单：提案是针对另一份名单做的，或该节点数据落后。请换一个节点。",
    },
    "gov_status_unusable": {
        "en": "node at {url} answered /v1/status without a usable chain id, height and "
        "validator history ({error}); is it a node of this cunzheng version?",
        "zh": "节点 {url} 对 /v1/status 的应答中没有可用的账本标识、区块高度和公证节点名单历史。"
        "它是否为本版本 cunzheng 的节点？\n{error}",
    },
    "gov_not_a_proposal": {
        "en": "{path} is not a governance proposal: {error}; make one with: cunzheng "
        "governance propose",
        "zh": "{path} 不是治理变更提案。请用 cunzheng governance propose 生成提案。\n{error}",
    },
}
