"""What `cunzheng certificate` says, on the terminal and on the certificate (存证证书) itself.
The certificate also uses the verdict and the labels of cli/messages/verify.py, so it says
what `cunzheng verify` says."""

from cunzheng.cli.messages.translation import Translation

MESSAGES: dict[str, Translation] = {
    "certificate_written": {"en": "Certificate written to {path}", "zh": "证书已写入 {path}。"},
    "certificate_not_written": {
        "en": "No certificate was written to {path}.",
        "zh": "未生成证书（{path}）。",
    },
    "certificate_out_is_input": {
        "en": "{path} is one of the input files; choose another file name",
        "zh": "{path} 是输入文件之一，请另选文件名。",
    },
    "certificate_out_is_foreign": {
        "en": "{path} already exists and is not a certificate made by cunzheng, so it is left "
        "alone. Move it away, or choose another --out.",
        "zh": "{path} 已存在，且不是 cunzheng 生成的证书，因此不予改动。请将其移走，或另选 --out。",
    },
    "certificate_page_url_not_http": {
        "en": "{url!r} is not an http:// or https:// address of the verification page",
        "zh": "{url!r} 不是核验网页的 http:// 或 https:// 网址。",
    },
    "certificate_page_url_fragment": {
        "en": "{url!r} has a '#' or a space; give the page address without a fragment, since "
        "the QR code puts the record after '#'",
        "zh": "{url!r} 含有“#”或空格。请给出不带片段的网页地址，因为二维码会把记录放在“#”之后。",
    },
    "certificate_file_name_length": {
        "en": "give 1 to {limit} characters",
        "zh": "文件名应为 1 至 {limit} 个字符。",
    },
    "title": {"en": "Certificate of Evidence Preservation", "zh": "存证证书"},
    "scan": {"en": "Scan to verify", "zh": "扫码核验"},
    "section_record": {"en": "Record", "zh": "存证记录"},
    "section_block": {"en": "Time, block and ledger", "zh": "时间、区块与账本"},
    "section_notaries": {"en": "Notary signatures", "zh": "公证节点签名"},
    "section_steps": {"en": "How to verify", "zh": "如何核验"},
    "note_signature_verified": {"en": "signature verified", "zh": "签名已验证"},
    "label_file_name": {"en": "File name", "zh": "文件名"},
    "note_file_name": {
        "en": "as stated; not part of the record",
        "zh": "当事人所述，不属于记录内容",
    },
    "label_bundle": {"en": "Proof bundle", "zh": "证明文件"},
    "certificate_block_time": {
        "en": "{utc} (Beijing time {beijing})",
        "zh": "北京时间 {beijing}（协调世界时 {utc}）",
    },
    "label_height": {"en": "Block height", "zh": "区块高度"},
    "label_block_hash": {"en": "Block hash", "zh": "区块摘要"},
    "label_chain_id": {"en": "Chain id", "zh": "账本标识"},
    "label_basis": {"en": "Checked against", "zh": "核验依据"},
    "basis_genesis": {
        "en": "the consortium's genesis file given when this certificate was made",
        "zh": "制作本证书时提供的联盟创世文件",
    },
    "basis_keys": {
        "en": "trusted notary keys given when this certificate was made (--trust)",
        "zh": "制作本证书时提供的可信公证节点公钥（--trust）",
    },
    "basis_bundle": {
        "en": "only the notary list the proof bundle carries itself: NOT CONFIRMED",
        "zh": "仅为证明文件自带的公证节点名单，未经确认",
    },
    "warning_title": {"en": "Warning: notaries not confirmed", "zh": "注意：公证节点身份未经确认"},
    "warning": {
        "en": "No trusted genesis or keys were given when this certificate was made. Compare the "
        "genesis hash below with the one the consortium publishes, and verify again with its "
        "genesis file (step 2).",
        "zh": "制作本证书时未提供可信的创世文件或公钥。请将下方创世文件摘要与联盟公布的摘要核对，"
        "并按第 2 步用联盟的创世文件重新核验。",
    },
    "signed_count": {
        "en": "{signed} of {total} notaries signed (over 2/3 of the voting power is needed)",
        "zh": "{total} 个公证节点中的 {signed} 个已签名（须超过投票权的 2/3）",
    },
    "column_name": {"en": "Name", "zh": "名称"},
    "column_vkey": {
        "en": "Verifier key, C2SP vkey (key hash in bold)",
        "zh": "验证公钥（粗体为公钥摘要）",
    },
    "column_power": {"en": "Power", "zh": "投票权"},
    "column_signed": {"en": "Signed", "zh": "已签名"},
    "step_hash": {
        "en": "Compute the preserved file's {alg} digest and compare it, character by "
        "character, with the digest above:",
        "zh": "计算所保全文件的 {alg} 摘要，与上方的摘要逐字比对：",
    },
    "step_package": {
        "en": "This record is a sealed evidence package: its digest is the root over all the "
        "files in the package manifest, not the hash of one file. Keep the folder and its "
        "manifest.",
        "zh": "本记录是一个证据包：其摘要是证据包清单中全部文件的根摘要，而不是某一个文件的摘要。"
        "请保存好证据文件夹及其清单。",
    },
    "step_verify": {
        "en": "Run the command below with the genesis.json the consortium publishes (it must "
        'say "VALID"){page}:',
        "zh": "用联盟公布的创世文件 genesis.json 运行下面的命令，结果应为“有效”{page}：",
    },
    "step_page": {
        "en": "; or load the proof bundle and the file in the verification page {url} (the QR "
        "code's address; the file is not uploaded)",
        "zh": "；或在核验网页 {url}（二维码所指）载入证明文件和原文件（原文件不会上传）",
    },
    "step_page_any_node": {
        "en": "; or load the proof bundle and the file in the verification page at any "
        "consortium node's address (the file is not uploaded)",
        "zh": "；或在任一联盟节点网址上的核验网页载入证明文件和原文件（原文件不会上传）",
    },
    "step_genesis": {
        "en": "Compare the genesis hash above with the one the consortium publishes: only if "
        "they match are the notaries listed the consortium's members.",
        "zh": "将上方创世文件摘要与联盟公布的摘要核对：两者一致，上列公证节点才确为该联盟成员。",
    },
    "footer": {
        "en": "A readable summary of the proof bundle named above, made by cunzheng {version} "
        "after the bundle verified. The certificate itself is not signed: what counts is the "
        "check anyone can repeat with the steps above.",
        "zh": "本证书是上述证明文件的可读概述，由 cunzheng {version} 在其核验通过后生成。证书本身"
        "未经签名：其证明力来自任何人都可依上述步骤重复的核验。",
    },
}
