"""What the notaries' commands say: keygen, genesis, init, node, devnet, status, backup and
restore; and the trusted inputs (genesis files, verifier keys) and key files of any command."""

from cunzheng.cli.messages.translation import Translation

MESSAGES: dict[str, Translation] = {
    # Trusted inputs (cli/trust.py) and key files (cli/keys.py).
    "genesis_invalid": {
        "en": "{path} is not a genesis.json file: {error}; use the genesis the consortium "
        "publishes",
        "zh": "{path} 不是创世文件 genesis.json，请使用联盟公布的创世文件。\n{error}",
    },
    "vkey_inline_invalid": {
        "en": "{error}; nor is it a .vkey file",
        "zh": "所给的不是有效的验证公钥，也不是 .vkey 文件。\n{error}",
    },
    "vkey_file_invalid": {
        "en": "{path} does not hold a verifier key: {error}",
        "zh": "{path} 中没有有效的验证公钥。\n{error}",
    },
    "vkey_other_name": {
        "en": "the key is named {key_name!r}, not {name!r}; a notary is listed under its key's "
        "own name",
        "zh": "该公钥的名称是 {key_name!r}，而不是 {name!r}：公证节点须以其公钥自身的名称列出。",
    },
    "in_spec": {"en": "{spec!r}: {message}", "zh": "{spec!r}：{message}"},
    "no_openssl_alg": {
        "en": "this Python's OpenSSL does not provide {alg}; install a Python built with "
        "OpenSSL 1.1.1 or later, or choose another --alg",
        "zh": "此 Python 的 OpenSSL 不支持 {alg}。请安装基于 OpenSSL 1.1.1 或更高版本构建的 "
        "Python，或另选 --alg。",
    },
    # `cunzheng keygen` and `cunzheng genesis`.
    "keygen_name_invalid": {
        "en": '{name!r} is not a key name: 1 to 64 printable characters, no spaces, no "+"',
        "zh": "{name!r} 不是有效的密钥名称：应为 1 至 64 个可打印字符，不含空格和“+”。",
    },
    "keygen_failed": {"en": "{error}", "zh": "无法写入密钥文件。\n{error}"},
    "keygen_private": {
        "en": "private key: {path} (keep it secret; mode 0600)",
        "zh": "私钥：{path}（请妥善保密；文件权限 0600）",
    },
    "keygen_public": {"en": "public key:  {path}", "zh": "公钥：{path}"},
    "validator_spec_malformed": {
        "en": "{spec!r} must be NAME=VKEY[:POWER]",
        "zh": "{spec!r} 应为 NAME=VKEY[:POWER] 的形式。",
    },
    "validator_invalid": {
        "en": "{spec!r}: {error}",
        "zh": "{spec!r} 不是有效的公证节点。\n{error}",
    },
    "member_invalid": {
        "en": "{value!r}: give NAME=ORGANISATION, NAME one of the --validator names, each once",
        "zh": "{value!r}：请按 NAME=ORGANISATION 给出，NAME 须是某个 --validator 的名称，每个名称"
        "只给一次。",
    },
    "contact_invalid": {
        "en": "{value!r}: give NAME=CONTACT, NAME one of the --member names, each once",
        "zh": "{value!r}：请按 NAME=CONTACT 给出，NAME 须是某个 --member 的名称，每个名称"
        "只给一次。",
    },
    "genesis_not_made": {"en": "{error}", "zh": "无法生成创世文件。\n{error}"},
    "genesis_written": {"en": "genesis written to {path}", "zh": "创世文件已写入 {path}。"},
    "genesis_hash": {"en": "genesis hash: {hash}", "zh": "创世文件摘要：{hash}"},
    "genesis_publish": {
        "en": "Publish this hash: verifiers compare it with the one in each proof bundle.",
        "zh": "请公布此摘要：核验者会将它与每个证明文件中的摘要比对。",
    },
    # `cunzheng init`, `cunzheng node` and `cunzheng devnet`.
    "init_exists": {
        "en": "{home} already holds a node; refusing to overwrite it",
        "zh": "{home} 中已有节点，不予覆盖。",
    },
    "init_failed": {"en": "{error}", "zh": "无法创建节点目录。\n{error}"},
    "init_created": {"en": "node home {home} created", "zh": "节点目录 {home} 已创建。"},
    "init_vkey": {
        "en": "public key (send this vkey to the consortium): {vkey}",
        "zh": "公钥（请将此验证公钥发给联盟）：{vkey}",
    },
    "init_next": {
        "en": "next: put the consortium's genesis.json in {home}, then run: cunzheng node "
        "--home {home}",
        "zh": "下一步：将联盟的 genesis.json 放入 {home}，然后运行：cunzheng node --home {home}",
    },
    "node_genesis_missing": {
        "en": "{path} is missing: get the consortium's genesis.json",
        "zh": "缺少 {path}：请获取联盟的 genesis.json。",
    },
    "node_cannot_start": {"en": "cannot start the node: {error}", "zh": "无法启动节点。\n{error}"},
    "devnet_other_size": {
        "en": "{directory} holds a devnet of {existing} nodes, not {nodes}",
        "zh": "{directory} 中的本地联盟有 {existing} 个节点，而不是 {nodes} 个。",
    },
    "devnet_resuming": {
        "en": "resuming devnet {chain_id} in {directory}",
        "zh": "继续运行 {directory} 中的本地联盟“{chain_id}”",
    },
    "devnet_created": {
        "en": "created devnet of {nodes} notaries in {directory}",
        "zh": "已在 {directory} 中创建由 {nodes} 个公证节点组成的本地联盟",
    },
    "devnet_node": {
        "en": "{name}: {url}  (log: {log})",
        "zh": "{name}：{url}（日志：{log}）",
    },
    "devnet_submit": {
        "en": "submit with: cunzheng submit --node {url} --wait FILE",
        "zh": "提交方法：cunzheng submit --node {url} --wait FILE",
    },
    "devnet_ctrl_c": {"en": "press Ctrl-C to stop all nodes", "zh": "按 Ctrl-C 停止所有节点"},
    "devnet_exited": {
        "en": "{name} exited with {code}; the last line of {log}: {cause}",
        "zh": "{name} 已退出（退出码 {code}）。{log} 的最后一行：{cause}",
    },
    "devnet_in_use": {
        "en": "{directory} is in use by another devnet (process {pid}), whose nodes hold its "
        "stores and ports; stop it first (Ctrl-C in its terminal, or kill {pid})",
        "zh": "{directory} 正被另一个本地联盟（进程 {pid}）使用，其节点占用着存储和端口。请先停止它"
        "（在其终端按 Ctrl-C，或结束进程 {pid}）。",
    },
    "devnet_port_in_use": {
        "en": "{name} cannot listen on {listen}: {error}; a node of an earlier devnet may still "
        "be running (find it with: ss -ltnp), or another program uses the port",
        "zh": "{name} 无法在 {listen} 上监听：可能是之前某个本地联盟的节点仍在运行，或有其他程序"
        "占用了该端口。\n{error}",
    },
    "devnet_node_failed": {
        "en": "{name} could not start (exit code {code}), so every node was stopped; the last "
        "line of {log}: {cause}",
        "zh": "{name} 未能启动（退出码 {code}），所有节点均已停止。{log} 的最后一行：{cause}",
    },
    "devnet_not_ready": {
        "en": "{names} did not answer /healthz within {seconds} s, so every node was stopped; "
        "see their node.log",
        "zh": "{names} 在 {seconds} 秒内未应答 /healthz，所有节点均已停止，请查看其 node.log。",
    },
    "devnet_all_exited": {
        "en": "every node has exited (see above); the devnet is no longer running",
        "zh": "所有节点均已退出（见上文），本地联盟已停止运行。",
    },
    "devnet_stopping": {"en": "stopping all nodes", "zh": "正在停止所有节点"},
    # `cunzheng status`: what a node says about itself, field by field. English shows a
    # field by its name in the node's answer (underscores as spaces at the top level).
    "status_title": {"en": "node {node}", "zh": "节点 {node}"},
    "status_table_title": {"en": "{label} ({count})", "zh": "{label}（{count}）"},
    "status_time": {"en": "{utc} ({time_ms})", "zh": "{utc}（协调世界时；time_ms {time_ms}）"},
    "status_pair": {"en": "{key}={value}", "zh": "{key}：{value}"},
    "status_pair_separator": {"en": ", ", "zh": "；"},
    "status_field_chain_id": {"en": "chain_id", "zh": "账本标识"},
    "status_field_genesis_hash": {"en": "genesis_hash", "zh": "创世文件摘要"},
    "status_field_version": {"en": "version", "zh": "软件版本"},
    "status_field_node": {"en": "node", "zh": "本节点"},
    "status_field_name": {"en": "name", "zh": "名称"},
    "status_field_public_key": {"en": "public_key", "zh": "公钥"},
    "status_field_vkey": {"en": "vkey", "zh": "验证公钥"},
    "status_field_power": {"en": "power", "zh": "投票权"},
    "status_field_organisation": {"en": "organisation", "zh": "所属机构"},
    "status_field_contact": {"en": "contact", "zh": "联系方式"},
    "status_field_role": {"en": "role", "zh": "角色"},
    "status_field_height": {"en": "height", "zh": "区块高度"},
    "status_field_round": {"en": "round", "zh": "轮次"},
    "status_field_step": {"en": "step", "zh": "阶段"},
    "status_field_ledger_size": {"en": "ledger_size", "zh": "账本条数"},
    "status_field_ledger_root": {"en": "ledger_root", "zh": "账本根摘要"},
    "status_field_latest_block_time_ms": {
        "en": "latest_block_time_ms",
        "zh": "最新区块共识时间",
    },
    "status_field_latest_block_hash": {"en": "latest_block_hash", "zh": "最新区块摘要"},
    "status_field_consensus": {"en": "consensus", "zh": "共识进度"},
    "status_field_mempool_size": {"en": "mempool_size", "zh": "待上链记录数"},
    "status_field_validators": {"en": "validators", "zh": "公证节点"},
    "status_field_validator_history": {"en": "validator_history", "zh": "公证节点名单历史"},
    "status_field_since_height": {"en": "since_height", "zh": "起始区块"},
    "status_field_committed_at": {"en": "committed_at", "zh": "上链区块"},
    "status_field_entry": {"en": "entry", "zh": "治理变更记录"},
    "status_field_validators_hash": {"en": "validators_hash", "zh": "名单摘要"},
    "status_field_peers": {"en": "peers", "zh": "对等节点"},
    "status_field_connected": {"en": "connected", "zh": "已连接"},
    "status_field_address": {"en": "address", "zh": "地址"},
    "status_field_evidence": {"en": "evidence", "zh": "作恶证据"},
    "status_field_equivocations": {"en": "equivocations", "zh": "重复投票"},
    "status_field_split_views": {"en": "split_views", "zh": "分叉视图"},
    "status_value_validator": {"en": "validator", "zh": "公证节点"},
    "status_value_observer": {"en": "observer", "zh": "观察节点"},
    "status_value_new_height": {"en": "new_height", "zh": "等待新高度"},
    "status_value_propose": {"en": "propose", "zh": "提议"},
    "status_value_prevote": {"en": "prevote", "zh": "预投票"},
    "status_value_precommit": {"en": "precommit", "zh": "预提交"},
    # `cunzheng migrate`.
    "migrate_no_store": {
        "en": "{path} holds no store: nothing to migrate (a node creates its store at its "
        "first start)",
        "zh": "{path} 中没有存储，无需迁移（节点首次启动时才创建存储）。",
    },
    "migrate_failed": {
        "en": "the store {path} was not migrated: {error}",
        "zh": "存储 {path} 未迁移。\n{error}",
    },
    "migrate_current": {
        "en": "the store {path} has format {version} already; nothing was changed",
        "zh": "存储 {path} 已是第 {version} 版格式，未作任何改动。",
    },
    "migrated": {
        "en": "the store {path} was migrated from format {before} to format {after} and checks",
        "zh": "存储 {path} 已从第 {before} 版格式迁移到第 {after} 版，核验无误。",
    },
    # `cunzheng backup` and `cunzheng restore`.
    "backup_appeared": {
        "en": "{path} appeared meanwhile; refusing to overwrite it",
        "zh": "{path} 在此期间被创建，不予覆盖。",
    },
    "backup_invalid": {
        "en": "the node's backup does not check: {error}",
        "zh": "节点发来的备份核验未通过。\n{error}",
    },
    "backup_written": {
        "en": "backup written to {path} ({size} bytes)",
        "zh": "备份已写入 {path}（{size} 字节）。",
    },
    "backup_describe": {
        "en": "chain {chain_id} at height {height}, {size} entries, ledger root {root}…, taken "
        "{time}",
        "zh": "账本“{chain_id}”，区块高度 {height}，共 {size} 条记录，账本根摘要 {root}…，备份"
        "时间 {time}",
    },
    "backup_restore_hint": {
        "en": "restore with: cunzheng restore {path} --home DIR",
        "zh": "恢复方法：cunzheng restore {path} --home DIR",
    },
    "backup_without_key": {
        "en": "the node key is not in this backup: keep the home's node_key.json in your offline "
        "key backup, or take the backup with --key-from HOME",
        "zh": "此备份不含节点私钥：请把节点目录中的 node_key.json 保存在离线的密钥备份中，或者用 "
        "--key-from 节点目录 重新备份。",
    },
    "backup_with_key": {
        "en": "the node key {name} is in the backup, sealed with the passphrase: keep the "
        "passphrase apart from the backup file",
        "zh": "节点私钥 {name} 已用口令加密后放入备份：请把口令与备份文件分开保管。",
    },
    "backup_key_other": {
        "en": "nothing was backed up: the key in {home} is {key}, which is not the key of the "
        "node at {node}; name the home of the node being backed up with --key-from",
        "zh": "未做任何备份：{home} 中的私钥是 {key}，不是 {node} 上节点的私钥。请用 --key-from "
        "指定正在备份的那个节点的目录。",
    },
    "backup_key_failed": {
        "en": "nothing was backed up: {error}",
        "zh": "未做任何备份。\n{error}",
    },
    "passphrase_prompt": {"en": "Passphrase of the node key", "zh": "节点私钥的口令"},
    "passphrase_confirm": {"en": "Repeat the passphrase", "zh": "再次输入口令"},
    "passphrase_file_unreadable": {
        "en": "cannot read the passphrase from {path}: {error}",
        "zh": "无法从 {path} 读取口令。\n{error}",
    },
    "restore_key_unreadable": {
        "en": "nothing was restored: the home's node key cannot be read: {error}",
        "zh": "未恢复任何数据：节点目录中的私钥无法读取。\n{error}",
    },
    "restore_key_other": {
        "en": "nothing was restored: {path} holds the key {home_key}, the backup holds "
        "{backup_key}; restore into the home of the node the backup was taken from, or move "
        "the other key away first",
        "zh": "未恢复任何数据：{path} 中的私钥是 {home_key}，备份中的私钥是 {backup_key}。请恢复到"
        "做备份的那个节点的目录，或先把另一把私钥移走。",
    },
    "restore_key_unwritable": {
        "en": "the store is restored, the node key is not: {error}",
        "zh": "存储已恢复，但节点私钥未能写入。\n{error}",
    },
    "restore_key_written": {
        "en": "node key {name} restored to {path} (mode 0600)",
        "zh": "节点私钥 {name} 已恢复到 {path}（权限 0600）。",
    },
    "restore_put_key": {
        "en": "the home has no node key, and the node will not start without it: copy the "
        "node's key file from your offline key backup to {path}, owned by the user that runs "
        "the node, and run {command}. If the key is lost, do not make a new one here: see "
        "{guide}, 'A lost key'",
        "zh": "节点目录中没有节点私钥，没有它节点无法启动：请从离线密钥备份中"
        "把该节点的私钥文件复制到 {path}，属主设为运行节点的用户，并执行 {command}。"
        "如果私钥已丢失，不要在此新建私钥，请见 {guide} 中的“私钥丢失”。",
    },
    "restore_config_unreadable": {
        "en": "cannot read the home's configuration: {error}",
        "zh": "无法读取节点目录的配置。\n{error}",
    },
    "restore_genesis_unreadable": {
        "en": "cannot read the home's genesis {path}: {error}",
        "zh": "无法读取节点目录中的创世文件 {path}。\n{error}",
    },
    "restore_failed": {"en": "nothing was restored: {error}", "zh": "未恢复任何数据。\n{error}"},
    "restored": {
        "en": "restored into {target}: {description}",
        "zh": "已恢复到 {target}：{description}",
    },
    "restore_replayed": {
        "en": "every block was replayed from genesis and checked",
        "zh": "每个区块都已从创世起重放并核验。",
    },
    "restore_put_genesis": {
        "en": "put the consortium's genesis.json in {home} (genesis hash {hash}) before "
        "starting the node",
        "zh": "启动节点前，请将联盟的 genesis.json（创世文件摘要 {hash}）放入 {home}。",
    },
    "restore_hold": {
        "en": "the node will sign nothing until it holds a block above the height the other "
        "validators have committed and above its signing guard's record: a validator restored "
        "from a backup may have signed more than the backup remembers "
        "(then it deletes {mark})",
        "zh": "节点在同步到其他验证者已提交的高度以及签名守卫记录的高度之后，才会重新签名："
        "从备份恢复的验证者可能签过备份中没有记录的消息（之后节点会删除 {mark}）。",
    },
    "restore_next": {
        "en": "next: cunzheng node --home {home}",
        "zh": "下一步：cunzheng node --home {home}",
    },
}
