"""What `cunzheng verify` and `cunzheng proof` say: the verdict, its reason, notices, each
file that differs, the collection record, the details, and the 存证包 (.zip) problems."""

from cunzheng.cli.messages.translation import Translation

MESSAGES: dict[str, Translation] = {
    "valid": {
        "en": "VALID: {record} existed unaltered no later than {time_utc} UTC (Beijing time "
        '{time_beijing}), recorded in block {height} of ledger "{chain_id}" as entry '
        "{position} of {ledger_size}, signed by {signed} of {total} notaries: {signers}.",
        "zh": "有效：{record}最迟于 {time_beijing}（北京时间；协调世界时 {time_utc}）已存在且未被"
        "篡改，记录于账本“{chain_id}”第 {height} 号区块，为第 {position} 条（账本共 "
        "{ledger_size} 条），由 {total} 个公证节点中的 {signed} 个签名：{signers}。",
    },
    "unconfirmed": {
        "en": "VALID, BUT THE NOTARIES ARE UNCONFIRMED: {record} existed unaltered no later "
        "than {time_utc} UTC (Beijing time {time_beijing}), recorded in block {height} of "
        'ledger "{chain_id}" as entry {position} of {ledger_size}, signed by {signed} of '
        "{total} notaries named by the bundle itself: {signers}.",
        "zh": "有效，但公证节点身份未经确认：{record}最迟于 {time_beijing}（北京时间；协调世界时 "
        "{time_utc}）已存在且未被篡改，记录于账本“{chain_id}”第 {height} 号区块，为第 "
        "{position} 条（账本共 {ledger_size} 条），由证明文件自带名单上的 {signed} 个公证节点"
        "签名（名单共 {total} 个）：{signers}。",
    },
    "unconfirmed_advice": {
        "en": "No trusted genesis was given (--genesis or --trust), so the notaries above were "
        "checked only against the genesis file the bundle carries, whose hash is "
        "{genesis_hash}. Only if the consortium publishes this same hash are they its "
        "notaries: compare, then verify again with --genesis GENESIS.json.",
        "zh": "未提供可信的创世文件或公证节点公钥（--genesis 或 --trust），以上公证节点仅依据"
        "证明文件自带的创世文件核验，其摘要为 {genesis_hash}。只有联盟公布的摘要与之相同，"
        "它们才是该联盟的公证节点：请核对，然后用 --genesis GENESIS.json 重新验证。",
    },
    "unconfirmed_advice_no_genesis": {
        "en": "No trusted genesis was given (--genesis or --trust), and this bundle (version 1) "
        "does not carry its genesis file, so the notaries above are only those it names and no "
        "genesis hash can be tied to them. Get the consortium's genesis.json from its own "
        "publication and verify again with --genesis GENESIS.json.",
        "zh": "未提供可信的创世文件或公证节点公钥（--genesis 或 --trust），且该证明文件（第 1 "
        "版）未附创世文件，以上公证节点只是它自己列出的，无法据其核对任何创世文件摘要。请从"
        "联盟自己公布的渠道获取 genesis.json，然后用 --genesis GENESIS.json 重新验证。",
    },
    "invalid": {"en": "INVALID: {reason}", "zh": "无效：{reason}。"},
    # After the verdict: the failing check's own English words; in Chinese what the error's
    # fields say (原因：…), or its English on a labelled line.
    "invalid_detail": {"en": "Detail: {error}", "zh": "{error}"},
    "record": {
        "en": "the record with {alg} digest {digest}",
        "zh": "{alg} 摘要（哈希值）为 {digest} 的记录",
    },
    "record_package": {
        "en": "the sealed evidence package with root {digest}",
        "zh": "根摘要为 {digest} 的证据包",
    },
    "record_file": {"en": ' (file "{file}")', "zh": "（文件“{file}”）"},
    # One per reason code of ledger/reasons.py (docs/verdicts.md), after "INVALID: ".
    "reason_malformed_bundle": {
        "en": "the proof bundle is malformed, or its parts disagree with each other",
        "zh": "证明文件格式错误，或其各部分内容互相矛盾",
    },
    "reason_wrong_chain": {
        "en": "the proof bundle is of another ledger than the trusted genesis (the chain ids "
        "differ)",
        "zh": "证明文件所属的账本与可信创世文件的账本不同（账本标识不一致）",
    },
    "reason_wrong_genesis": {
        "en": "the proof bundle's ledger has the trusted genesis's name but another genesis",
        "zh": "证明文件所属账本的标识与可信创世文件相同，但创世文件不同",
    },
    "reason_governance_invalid": {
        "en": "a change of the consortium that the proof bundle carries does not check from "
        "the trusted genesis",
        "zh": "证明文件所附的治理变更无法从可信创世文件核验通过",
    },
    "reason_validators_mismatch": {
        "en": "the notaries the proof bundle names are not the ones in force for its block",
        "zh": "证明文件列出的公证节点不是该区块当时生效的公证节点名单",
    },
    "reason_commit_invalid": {
        "en": "the notaries' commit of the block does not verify, or too little voting power "
        "signed it",
        "zh": "公证节点对该区块的确认签名验证失败，或签名者的投票权合计不足",
    },
    "reason_inclusion_invalid": {
        "en": "the inclusion proof does not lead to the ledger root the notaries signed",
        "zh": "包含证明推算不出公证节点签署的账本根摘要",
    },
    "reason_checkpoint_invalid": {
        "en": "the checkpoint the notaries signed does not verify: its size or root, a "
        "signature, or the voting power behind it",
        "zh": "公证节点签署的检查点验证失败：账本条数或根摘要不符、签名不成立，或投票权不足",
    },
    "reason_consistency_invalid": {
        "en": "the later checkpoint added to the proof bundle, or its consistency proof, does "
        "not verify",
        "zh": "证明文件后来补充的检查点或一致性证明验证失败",
    },
    "reason_untrusted_quorum": {
        "en": "the notaries whose keys you trust do not hold more than 2/3 of the voting power",
        "zh": "您所信任公钥对应的公证节点合计投票权未超过三分之二",
    },
    "reason_timestamp_invalid": {
        "en": "the RFC 3161 time-stamp token does not check out",
        "zh": "RFC 3161 时间戳验证失败",
    },
    "reason_package_needs_manifest": {
        "en": "one file alone cannot be checked against a sealed evidence package",
        "zh": "单个文件无法单独与封存的证据包核对",
    },
    "reason_malformed_manifest": {
        "en": "the manifest is not a well-formed evidence package manifest",
        "zh": "清单格式错误，不是有效的证据包清单",
    },
    "reason_manifest_mismatch": {
        "en": "the manifest is of another package than the record the proof bundle proves",
        "zh": "清单属于另一个证据包，与证明文件所证明的记录不符",
    },
    "reason_manifest_edited": {
        "en": "the manifest was edited after sealing: its files and collection record no "
        "longer give the root that was recorded",
        "zh": "清单在封存后被改动：按其所列文件和收集记录算得的根摘要与记录的不符",
    },
    "reason_package_files_differ": {
        "en": "the folder is not the evidence package as it was sealed",
        "zh": "该文件夹与封存时的证据包不一致",
    },
    "reason_malformed_disclosure": {
        "en": "the disclosure is not a well-formed single-file disclosure",
        "zh": "单文件披露的格式错误",
    },
    "reason_disclosure_invalid": {
        "en": "the single-file disclosure does not prove this file to be part of this package",
        "zh": "单文件披露不能证明该文件属于此证据包",
    },
    "reason_file_mismatch": {
        "en": 'file "{file}" has {alg} digest {actual}, but the record holds {expected}: it '
        "is not the preserved file, or it has been changed",
        "zh": "文件“{file}”的 {alg} 摘要为 {actual}，而记录中为 {expected}：它不是被保全的"
        "文件，或已被改动",
    },
    "incomplete": {
        "en": "INCOMPLETE: this record is a sealed evidence package, so one file alone cannot "
        "be checked against it. Add the manifest and the whole folder (--package FOLDER "
        "--manifest MANIFEST), or that file's disclosure (--disclosure DISCLOSURE --file FILE).",
        "zh": "无法判定：该记录是封存的证据包，单个文件无法单独与之核对。请补充清单和整个文件夹"
        "（--package FOLDER --manifest MANIFEST），或该文件的单文件披露（--disclosure "
        "DISCLOSURE --file FILE）。",
    },
    "notice_collection_not_sealed": {
        "en": "Notice: the collection record is not sealed (a version 1 manifest): its text "
        "may have been edited after sealing, so it is shown as unsealed.",
        "zh": "注意：收集记录未封存（第 1 版清单），其内容可能在封存后被改动，因此标为未封存。",
    },
    "notice_genesis_not_carried": {
        "en": "Notice: this is a version 1 proof bundle: it names a genesis hash but does not "
        "carry the genesis file, so that hash is tied to nothing and is not shown. Verify with "
        "the consortium's --genesis GENESIS.json, or fetch the record's bundle again from a "
        "notary (cunzheng proof): bundles now carry their genesis.",
        "zh": "注意：这是第 1 版证明文件，它写明了创世文件摘要却未附创世文件，该摘要无从核实，"
        "因此不予显示。请用联盟的 --genesis GENESIS.json 核验，或向公证节点重新获取该记录的证明"
        "文件（cunzheng proof）：现在的证明文件附有创世文件。",
    },
    "notice_timestamp_unchecked": {
        "en": "Notice: the bundle also carries an RFC 3161 time-stamp token, which was not "
        "checked: give the time-stamping authority's CA certificate with --tsa-anchor CA.pem "
        "to check it.",
        "zh": "注意：证明文件还带有 RFC 3161 时间戳，但未经检查。如需检查，请用 --tsa-anchor "
        "CA.pem 提供时间戳机构的 CA 证书。",
    },
    "file_status_changed_size": {
        "en": 'changed: "{path}" has {found} bytes, {sealed} were sealed',
        "zh": "已改动：“{path}”现有 {found} 字节，封存时为 {sealed} 字节",
    },
    "file_status_changed_hash": {
        "en": 'changed: "{path}" has {alg} digest {found}, {sealed} was sealed',
        "zh": "已改动：“{path}”的 {alg} 摘要现为 {found}，封存时为 {sealed}",
    },
    "file_status_changed_kind": {
        "en": 'changed: "{path}" was sealed as a file and is now a {found}',
        "zh": "已改动：“{path}”封存时是普通文件，现在是{found}",
    },
    "file_status_missing": {
        "en": 'missing: "{path}" was sealed but is not in the folder',
        "zh": "缺少：“{path}”已封存，但文件夹中没有",
    },
    "file_status_added": {
        "en": 'added: "{path}" is in the folder but was not sealed',
        "zh": "多出：“{path}”在文件夹中，但未被封存",
    },
    "file_status_renamed": {
        "en": 'renamed: "{path}" is now named "{to}" (same size and digest)',
        "zh": "改名：“{path}”现名为“{to}”（大小和摘要均相同）",
    },
    "kind_symbolic_link": {"en": "symbolic link", "zh": "符号链接"},
    "kind_fifo": {"en": "FIFO", "zh": "命名管道"},
    "kind_socket": {"en": "socket", "zh": "套接字"},
    "kind_device": {"en": "device or special file", "zh": "设备或特殊文件"},
    "collection_sealed": {
        "en": "Collection record: the litigant's own statement. The notaries attest only that "
        "it was sealed with the package, not that it is true.",
        "zh": "收集记录（当事人自述）：公证节点只证明它随证据包一同封存，不证明其内容属实。",
    },
    "collection_unsealed": {
        "en": "Collection record: the litigant's own statement, NOT sealed: it may have been "
        "edited after sealing.",
        "zh": "收集记录（当事人自述，未封存）：其内容可能在封存后被改动。",
    },
    "collection_operator": {"en": "operator", "zh": "操作人"},
    "collection_device": {"en": "device", "zh": "设备"},
    "collection_app": {"en": "app", "zh": "应用"},
    "collection_app_version": {"en": "app version", "zh": "应用版本"},
    "collection_started": {"en": "started", "zh": "开始时间"},
    "collection_ended": {"en": "ended", "zh": "结束时间"},
    "collection_method": {"en": "method", "zh": "方式"},
    "collection_steps": {"en": "steps", "zh": "步骤"},
    "collection_not_stated": {"en": "(not stated)", "zh": "（未说明）"},
    "disclosure_valid": {
        "en": 'file "{path}" ({size} bytes, {alg} {file_hash}) is file {position} of {count} '
        "of the sealed package with root {root}",
        "zh": "文件“{path}”（{size} 字节，{alg} 摘要 {file_hash}）是根摘要为 {root} 的证据包"
        "所含 {count} 个文件中的第 {position} 个",
    },
    "zip_genesis_advice": {
        "en": "The genesis.json inside the evidence package download (存证包) came with the "
        "evidence, so it cannot confirm the notaries: get the consortium's genesis.json from "
        "its own publication, check that its hash is {genesis_hash}, and verify again with "
        "--genesis GENESIS.json.",
        "zh": "存证包内的 genesis.json 随证据一同提供，不能用来确认公证节点：请从联盟自己公布的"
        "渠道获取创世文件，核对其摘要为 {genesis_hash}，再用 --genesis GENESIS.json 重新验证。",
    },
    "consistent_with": {
        "en": " It is also consistent with the later checkpoint of {size} entries signed by "
        "{signed} of {total} notaries ({signers}): the ledger has only grown since.",
        "zh": "此外，该记录与此后由 {total} 个公证节点中的 {signed} 个签名（{signers}）的检查点"
        "（账本共 {size} 条）一致：账本此后只增未改。",
    },
    "timestamp_absent": {
        "en": "The bundle carries no RFC 3161 time-stamp token, so --tsa-anchor was not used.",
        "zh": "证明文件不带 RFC 3161 时间戳，因此未使用 --tsa-anchor。",
    },
    "timestamp_attested": {
        "en": " The time-stamping authority {tsa} also attests that the checkpoint of {size} "
        "entries existed no later than {time_utc} UTC (Beijing time {time_beijing}).",
        "zh": "时间戳机构 {tsa} 另行证明：账本共 {size} 条时的检查点最迟于 {time_beijing}"
        "（北京时间；协调世界时 {time_utc}）已存在。",
    },
    "package_matches": {
        "en": "every one of the {count} files of the folder is exactly as sealed",
        "zh": "文件夹中的 {count} 个文件均与封存时完全一致",
    },
    "details_title": {"en": "Details:", "zh": "详细信息："},
    # The kinds of entry cunzheng itself writes; any other kind is shown as it is written.
    "entry_kind_package": {"en": "package", "zh": "证据包"},
    "entry_kind_governance": {"en": "governance", "zh": "治理变更"},
    "label_certificate_number": {"en": "certificate number", "zh": "证书编号"},
    "label_entry_id": {"en": "entry id", "zh": "记录编号"},
    "label_digest": {"en": "digest", "zh": "摘要"},
    "label_kind": {"en": "kind", "zh": "类型"},
    "label_meta": {"en": "metadata", "zh": "附加信息"},
    "label_submitter": {"en": "submitter key", "zh": "提交者公钥"},
    "label_position": {"en": "position", "zh": "位置"},
    "label_root": {"en": "ledger root", "zh": "账本根摘要"},
    "label_block": {"en": "block", "zh": "区块"},
    "label_no_later_than": {"en": "existed no later than", "zh": "存在时间（不晚于）"},
    "label_block_time": {"en": "block time, proposer's clock", "zh": "共识时间（提议者时钟）"},
    "label_signers": {"en": "checkpoint signers", "zh": "检查点签名者"},
    "label_genesis": {"en": "genesis hash", "zh": "创世文件摘要"},
    "label_validator_set": {"en": "notaries in force", "zh": "生效的公证节点"},
    "label_file": {"en": "file", "zh": "文件"},
    "label_unchecked": {"en": "not checked", "zh": "未检查"},
    "value_position": {
        "en": "record no. {position}, leaf index {leaf_index} in a ledger of {tree_size} entries",
        "zh": "第 {position} 条（叶子序号 {leaf_index}），账本共 {tree_size} 条",
    },
    "value_block": {
        "en": "height {height}, hash {block_hash}",
        "zh": "第 {height} 号区块，区块摘要 {block_hash}",
    },
    "value_no_later_than": {
        "en": "{utc} (time_ms {time_ms}: the block time plus {margin_ms} ms for clock error and "
        "network delay, from the genesis's precision_ms and message_delay_ms)",
        "zh": "{utc}（协调世界时；time_ms {time_ms}：共识时间加上创世文件的 precision_ms 与 "
        "message_delay_ms 所允许的时钟误差和网络延迟共 {margin_ms} 毫秒）",
    },
    "value_block_time": {
        "en": "{utc} (time_ms {time_ms})",
        "zh": "{utc}（协调世界时；time_ms {time_ms}）",
    },
    "value_signer": {"en": "{name} (key hash {key_hash})", "zh": "{name}（公钥摘要 {key_hash}）"},
    "value_signer_member": {
        "en": "{name}, {organisation} (key hash {key_hash})",
        "zh": "{name}，{organisation}（公钥摘要 {key_hash}）",
    },
    "value_validator_set": {
        "en": "{count} at this block; {changes} governance entries since genesis, each checked",
        "zh": "本区块时共 {count} 个，由创世文件经 {changes} 次治理变更而来，每次变更均已核验",
    },
    "value_genesis_trusted": {
        "en": "{genesis_hash} (notaries confirmed by the trusted genesis or keys given)",
        "zh": "{genesis_hash}（公证节点已由所给可信创世文件或公钥确认）",
    },
    "value_genesis_unconfirmed": {
        "en": "{genesis_hash} (of the genesis the bundle carries; compare it with the "
        "consortium's published hash)",
        "zh": "{genesis_hash}（证明文件自带的创世文件；请与联盟公布的摘要核对）",
    },
    "value_genesis_not_carried": {
        "en": "none (a version 1 bundle carries no genesis file)",
        "zh": "无（第 1 版证明文件未附创世文件）",
    },
    "value_file_matches": {
        "en": '"{file}": {alg} digest matches',
        "zh": "“{file}”：{alg} 摘要一致",
    },
    "value_file_not_compared": {
        "en": "no file compared; add --file FILE to check that a file has this digest",
        "zh": "未比对文件；加上 --file FILE 可检查某个文件是否具有此摘要",
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
    "saved_proof": {"en": "Proof bundle saved to {path}", "zh": "证明文件已保存到 {path}。"},
    # What stops a verdict from being given at all (exit 2).
    "cannot_check": {
        "en": "the evidence could not be checked, so no verdict is given; the reason:\n{error}",
        "zh": "无法检查所给证据，因此不作判定。\n{error}",
    },
    "verify_disclosure_needs_file": {
        "en": "--disclosure needs --file: the disclosed file itself",
        "zh": "--disclosure 需要同时给出 --file，即被披露的文件本身。",
    },
    "verify_package_or_file": {
        "en": "give --package FOLDER, or --file (with --disclosure), not both",
        "zh": "请给出 --package FOLDER，或 --file（可加 --disclosure），不能同时给出。",
    },
    "verify_zip_holds_manifest": {
        "en": "the 存证包 holds its own manifest.json: leave out --manifest",
        "zh": "存证包内已有 manifest.json，请去掉 --manifest。",
    },
    "tsa_anchor_unreadable": {
        "en": "{path}: {error}",
        "zh": "无法使用时间戳机构的 CA 证书 {path}。\n{error}",
    },
    "zip_unreadable": {
        "en": "{path} is not a readable evidence package download (存证包): {error}",
        "zh": "{path} 不是可读取的存证包。\n{error}",
    },
    "zip_too_many": {
        "en": "{path} holds {count} files; an evidence package download (存证包) holds at most "
        "{limit}: it was not made by the verification page",
        "zh": "{path} 内有 {count} 个文件，而存证包最多只有 {limit} 个：它不是核验页面生成的。",
    },
    "zip_unsafe_name": {
        "en": '{path} holds a file named "{member}", which is absolute, leads out of the zip, '
        "or repeats another name: the zip is refused",
        "zh": "{path} 内有名为“{member}”的文件，该名称是绝对路径、指向压缩包之外或与其他文件"
        "重名：拒绝读取此压缩包。",
    },
    "zip_member_too_large": {
        "en": '{path}: "{member}" is over {limit} bytes, far more than an evidence package '
        "download (存证包) holds: the zip is refused",
        "zh": "{path} 内的“{member}”超过 {limit} 字节，远大于存证包应有的大小：拒绝读取此压缩包。",
    },
    "zip_no_bundle": {
        "en": "{path} is a zip without {member}: it is not an evidence package download "
        "(存证包); give the proof bundle itself",
        "zh": "{path} 是压缩包，但其中没有 {member}：它不是存证包，请直接提供证明文件。",
    },
}
