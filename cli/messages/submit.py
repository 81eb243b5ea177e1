"""What `cunzheng submit`, `proof` and `refresh` say, and `seal --node`: entries sent, the
node's signed receipt, waiting for commit, and proof bundles fetched, checked and saved."""

from cunzheng.cli.messages.translation import Translation

MESSAGES: dict[str, Translation] = {
    "submit_meta_malformed": {
        "en": "{value!r} must be KEY=VALUE",
        "zh": "{value!r} 应为 KEY=VALUE 的形式。",
    },
    "submit_meta_repeated": {
        "en": "key {key!r} is given twice",
        "zh": "键 {key!r} 给出了两次。",
    },
    "submit_entry_invalid": {
        "en": "{error}",
        "zh": "记录的字段不符合账本的要求。\n{error}",
    },
    "submit_same_bundle_path": {
        "en": "{owner} and {source} would both save their proof to {path}; submit them in "
        "separate runs, or with different --out directories",
        "zh": "{owner} 和 {source} 的证明文件都会保存到 {path}。请分几次提交，或使用不同的 --out "
        "文件夹。",
    },
    "submit_files_or_digest": {
        "en": "give either FILE… to hash, or --digest HEX, not both or neither",
        "zh": "请给出要计算摘要的 FILE…，或 --digest HEX，二者必须且只能给出其一。",
    },
    "submit_not_hex": {"en": "{value!r} is not hex", "zh": "{value!r} 不是十六进制数。"},
    "submit_folder": {
        "en": "{path} is a folder: seal it first with cunzheng seal {path} --out MANIFEST, then "
        "submit the manifest with cunzheng submit --node URL --manifest MANIFEST",
        "zh": "{path} 是文件夹：请先用 cunzheng seal {path} --out MANIFEST 封存，再用 "
        "cunzheng submit --node URL --manifest MANIFEST 提交清单。",
    },
    "submit_manifest_alone": {
        "en": "--manifest submits the package entry the manifest records; leave out {options}",
        "zh": "--manifest 提交的是清单所记录的证据包记录，请去掉 {options}。",
    },
    "submit_out_needs_wait": {
        "en": "--out names where --wait saves proofs; add --wait",
        "zh": "--out 指定的是 --wait 保存证明文件的位置，请加上 --wait。",
    },
    "submit_sent": {
        "en": "{entry_id}  {status}  {source}",
        "zh": "{entry_id}  {status}  {source}",
    },
    "submit_saved": {
        "en": "{entry_id}  block {height}  {source} -> {path}",
        "zh": "{entry_id}  第 {height} 号区块  {source} -> {path}",
    },
    "submit_failed": {"en": "{entry_id}  FAILED: {error}", "zh": "{entry_id}  失败。\n{error}"},
    "submit_fetch_each": {
        "en": "Fetch each proof once committed: cunzheng proof --node {node} ID --out FILE "
        "(or submit again with --wait: it is idempotent)",
        "zh": "记录上链后可逐一获取证明文件：cunzheng proof --node {node} ID --out FILE（也可加 "
        "--wait 重新提交，重复提交不会重复记录）。",
    },
    "submit_verify_hint": {
        "en": "Each proof was checked before saving; verify one with: cunzheng verify BUNDLE "
        "--genesis GENESIS.json [--file FILE]",
        "zh": "每个证明文件在保存前均已验证。核验其中一个：cunzheng verify BUNDLE --genesis "
        "GENESIS.json [--file FILE]",
    },
    "submit_later": {
        "en": "The manifest is saved at {out}. Submit its entry when the node is back (the "
        "same entry, so the same id): cunzheng submit --node URL --manifest {out} --wait",
        "zh": "清单已保存在 {out}。节点恢复后可提交同一条记录（记录编号不变）：cunzheng submit "
        "--node URL --manifest {out} --wait",
    },
    "submit_failed_later": {"en": "{error}\n{later}", "zh": "{error}\n{later}"},
    "submitted": {
        "en": "Submitted entry {entry_id}: {status}.",
        "zh": "已提交记录 {entry_id}，状态：{status}。",
    },
    "fetch_later": {
        "en": "Fetch its proof once committed: cunzheng proof --node {node} {entry_id} --out "
        "{bundle}",
        "zh": "记录上链后可获取其证明文件：cunzheng proof --node {node} {entry_id} --out {bundle}",
    },
    "bundle_saved": {
        "en": "Committed in block {height}; proof bundle checked and saved to {bundle}.",
        "zh": "已上链，位于第 {height} 号区块；证明文件已验证并保存到 {bundle}。",
    },
    "not_committed_within": {
        "en": "not committed within {seconds:g} s; it is accepted, so fetch its proof later "
        "with: cunzheng proof --node {node} {entry_id} --out FILE",
        "zh": "{seconds:g} 秒内未上链。节点已接受该记录，稍后可用以下命令获取其证明文件："
        "cunzheng proof --node {node} {entry_id} --out FILE",
    },
    "entry_state_unusable": {
        "en": "node at {url} answered GET /v1/entries/{entry_id} with something other than "
        "that entry's state",
        "zh": "节点 {url} 对 GET /v1/entries/{entry_id} 的应答不是该记录的状态。",
    },
    # The node's signed receipt (cli/receipts.py).
    "receipt_one": {
        "en": 'receipt: node {node_key} of chain "{chain_id}" accepted {count} entry at '
        "{time} by its own clock; its signature verifies",
        "zh": "回执：账本“{chain_id}”的节点 {node_key} 按其自身时钟于 {time}接收了 {count} 条记录，"
        "回执签名验证通过。",
    },
    "receipt_many": {
        "en": 'receipt: node {node_key} of chain "{chain_id}" accepted {count} entries at '
        "{time} by its own clock; its signature verifies",
        "zh": "回执：账本“{chain_id}”的节点 {node_key} 按其自身时钟于 {time}接收了 {count} 条记录，"
        "回执签名验证通过。",
    },
    "receipt_invalid": {
        "en": "node at {url} did not answer with results and a valid signed receipt ({error}); "
        "do not rely on this submission: submit again, or to another notary",
        "zh": "节点 {url} 的应答中没有结果和有效签名的回执，不能依赖这次提交：请重新提交，或提交"
        "给其他公证节点。\n{error}",
    },
    "receipt_other_ids": {
        "en": "node at {url} answered or signed for other entry ids than those sent; do not "
        "rely on this submission: submit again, or to another notary",
        "zh": "节点 {url} 应答或签名的记录编号与所提交的不符，不能依赖这次提交：请重新提交，或"
        "提交给其他公证节点。",
    },
    # `cunzheng proof` and the proof bundles of cli/proofs.py.
    "proof_entry_id_invalid": {
        "en": "{value!r} is not an entry id (64 hex digits)",
        "zh": "{value!r} 不是记录编号（应为 64 位十六进制数）。",
    },
    "proof_unknown_entry": {
        "en": "node at {node} does not know entry {entry_id}",
        "zh": "节点 {node} 上没有记录 {entry_id}。",
    },
    "proof_not_committed": {
        "en": "entry {entry_id} is not committed yet; try again in a few seconds",
        "zh": "记录 {entry_id} 尚未上链，请几秒后重试。",
    },
    "proof_does_not_verify": {
        "en": "node at {url} served a proof bundle for {entry_id} that does not verify: "
        "{error}; nothing was saved. Fetch it from another notary.",
        "zh": "节点 {url} 提供的记录 {entry_id} 的证明文件验证未通过，未保存任何文件。请从其他"
        "公证节点获取。\n{error}",
    },
    "proof_of_other_entry": {
        "en": "node at {url} served the proof of entry {served} when asked for {entry_id}; "
        "nothing was saved. Fetch it from another notary.",
        "zh": "向节点 {url} 索取记录 {entry_id} 的证明文件，它却提供了记录 {served} 的证明文件，"
        "未保存任何文件。请从其他公证节点获取。",
    },
    "bundle_exists_other": {
        "en": "{path} already exists and is not the proof of entry {entry_id}; it may be the "
        "proof of another record, so it is left alone. Move it away, or choose another --out.",
        "zh": "{path} 已存在，且不是记录 {entry_id} 的证明文件。它可能是另一条记录的证明文件，"
        "因此不予改动。请将其移走，或另选 --out。",
    },
    "key_file_unusable": {"en": "{error}", "zh": "无法使用所给的密钥文件。\n{error}"},
    # `cunzheng refresh`.
    "refresh_not_a_bundle": {
        "en": "{path} is not a proof bundle: {error}",
        "zh": "{path} 不是证明文件。\n{error}",
    },
    "refresh_bundle_invalid": {
        "en": "the bundle does not verify: {error}; it was left as it is",
        "zh": "该证明文件验证未通过，未作改动。\n{error}",
    },
    "refresh_node_behind": {
        "en": "node at {url} is at ledger size {second}, behind the bundle's {first}; refresh "
        "from an up-to-date notary",
        "zh": "节点 {url} 的账本只有 {second} 条，少于证明文件中的 {first} 条。请从数据最新的"
        "公证节点更新。",
    },
    "refresh_node_served_bad": {
        "en": "node at {url} served a checkpoint or consistency proof that does not verify: "
        "{error}; the bundle was left as it is. Refresh from another notary.",
        "zh": "节点 {url} 提供的检查点或一致性证明验证未通过，证明文件未作改动。请从其他公证"
        "节点更新。\n{error}",
    },
    "refresh_no_checkpoint": {
        "en": "node at {url} answered with no signed checkpoint: {error}",
        "zh": "节点 {url} 的应答中没有签名的检查点。\n{error}",
    },
    "refresh_no_consistency": {
        "en": "node at {url} answered /v1/consistency?from={first}&to={second} with no "
        "consistency proof: {error}",
        "zh": "节点 {url} 对 /v1/consistency?from={first}&to={second} 的应答中没有一致性证明。"
        "\n{error}",
    },
    "refresh_other_sizes": {
        "en": "it is for sizes {first} to {second}",
        "zh": "原因：应答针对的是账本共 {first} 条到共 {second} 条之间的一致性。",
    },
    "refreshed": {
        "en": "Refreshed: the record's ledger of {first} entries is consistent with the "
        "checkpoint of {second} entries signed by a quorum; saved to {path}.",
        "zh": "已更新：记录所在的账本（共 {first} 条）与超过三分之二投票权签署的检查点（账本共 "
        "{second} 条）一致；已保存到 {path}。",
    },
}
