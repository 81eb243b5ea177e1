// The catalog (i18n.js): why a check failed, in plain words. `reason.*` words each reason code
// of docs/verdicts.md; `error.*` says more where a check gives a code of its own
// (core/errors.js VerifyError.code); `prompt.*` says what the page still needs before it can
// give a verdict, or why it could not.

/** @type {Record<string, import('../i18n.js').Words>} */
export const REASON_WORDS = {
  'reason.malformed_bundle': {
    zh: '证明文件不完整、格式不对，或其各部分互相矛盾，不能采信。',
    en: 'The proof bundle is incomplete or malformed, or its parts contradict each other: it cannot be relied on.',
  },
  'reason.wrong_chain': {
    zh: '证明文件来自另一个账本：它的链标识与所信任的创世文件不同。',
    en: 'The proof bundle is from another ledger: its chain id is not the trusted genesis\'s.',
  },
  'reason.wrong_genesis': {
    zh: '证明文件所属的账本与所信任的创世文件同名，但创世文件不同。',
    en: 'The proof bundle\'s ledger has the trusted genesis\'s name, but another genesis.',
  },
  'reason.governance_invalid': {
    zh: '证明文件所附的联盟成员变更，无法从所信任的创世文件核验。',
    en: 'A change of the consortium carried in the proof bundle does not check from the trusted genesis.',
  },
  'reason.validators_mismatch': {
    zh: '证明文件列出的公证节点，不是该区块当时生效的公证节点。',
    en: 'The notaries the proof bundle names are not those in force for its block.',
  },
  'reason.commit_invalid': {
    zh: '公证节点对该区块的提交签名不成立，或签名的投票权不足。',
    en: 'The notaries\' commit of the block does not verify, or too little voting power signed it.',
  },
  'reason.inclusion_invalid': {
    zh: '包含证明推导不出公证节点签署的账本根摘要：证明文件已被改动或损坏。',
    en: 'The inclusion proof does not lead to the ledger root the notaries signed: the bundle was altered or damaged.',
  },
  'reason.checkpoint_invalid': {
    zh: '公证节点签署的检查点不成立：账本规模或根摘要不符、签名无效，或投票权不足。',
    en: 'The checkpoint the notaries signed does not verify: its size or root, a signature, or the voting power behind it.',
  },
  'reason.consistency_invalid': {
    zh: '证明文件后来补充的检查点或一致性证明不成立。',
    en: 'The later checkpoint added to the proof bundle, or its consistency proof, does not verify.',
  },
  'reason.untrusted_quorum': {
    zh: '您所信任的公证节点，合计投票权未超过三分之二。',
    en: 'The notaries you trust do not hold more than two thirds of the voting power.',
  },
  'reason.timestamp_invalid': { zh: 'RFC 3161 时间戳不成立。', en: 'The RFC 3161 time-stamp does not check out.' },
  'reason.file_mismatch': {
    zh: '文件与存证记录不符：文件的摘要不是记录中的摘要。这不是当初存证的那个文件，或它已被改动。',
    en: 'The file does not match the record: its digest is not the recorded one. It is not the file that was recorded, or it was changed.',
  },
  'reason.package_needs_manifest': {
    zh: '这是一个存证包的记录：它的摘要由包内全部文件共同算出，单个文件无法与之比对。请添加清单（manifest.json）和文件夹，或该文件的单文件披露。',
    en: 'The record is a sealed evidence package, whose digest is computed from all its files together: no single file can be compared with it. Add the manifest (manifest.json) and the folder, or this file\'s disclosure.',
  },
  'reason.malformed_manifest': { zh: '清单格式不对，不是 cunzheng 存证包的清单。', en: 'The manifest is malformed: not a cunzheng evidence package manifest.' },
  'reason.manifest_mismatch': {
    zh: '清单属于另一个存证包，不是该证明文件所证明的记录。',
    en: 'The manifest is of another evidence package than the record the proof bundle proves.',
  },
  'reason.manifest_edited': {
    zh: '清单在封存后被改动过：文件列表或收集记录与封存时不同。',
    en: 'The manifest was edited after sealing: its file list or collection record is not as sealed.',
  },
  'reason.package_files_differ': {
    zh: '文件夹与封存时的存证包不一致：{count} 个文件有变化，见下表。',
    en: 'The folder is not the package as sealed: {count} files differ, listed below.',
  },
  'reason.malformed_disclosure': { zh: '单文件披露格式不对。', en: 'The disclosure is malformed.' },
  'reason.disclosure_invalid': {
    zh: '单文件披露不成立：它属于另一个存证包、指向另一个文件，或文件内容与披露的不同。',
    en: 'The disclosure does not check out: it is of another package, names another file, or the file differs from the one disclosed.',
  },
  'error.digest_mismatch': {
    zh: '文件的 {alg} 摘要为 {file}，记录中为 {record}。',
    en: 'The file\'s {alg} digest is {file}; the record holds {record}.',
  },
  'error.bundle_unsupported': {
    zh: '不支持此版本的证明文件（version {version}，hash_alg {hashAlg}）：请使用新版的核验页面。',
    en: 'This proof bundle version is not supported (version {version}, hash_alg {hashAlg}): use a newer verifier.',
  },
  'error.commit_malformed': { zh: '区块提交无法解码：{detail}', en: 'The block commit cannot be decoded: {detail}' },
  'error.chain_mismatch': { zh: '区块头属于链 {header}，证明文件却说是链 {bundle}。', en: 'The block header is of chain {header}, but the bundle says {bundle}.' },
  'error.leaf_not_in_block': {
    zh: '证明文件所说的记录位置（leaf_index {leafIndex}）不在第 {height} 号区块中。',
    en: 'The record position the bundle gives (leaf_index {leafIndex}) is not in block {height}.',
  },
  'error.inclusion_not_for_header': {
    zh: '包含证明不是针对第 {height} 号区块头中的账本根。',
    en: 'The inclusion proof is not for the ledger root in the header of block {height}.',
  },
  'error.inclusion_failed': {
    zh: '包含证明算得的根为 {computed}，已签名的根为 {expected}。',
    en: 'The inclusion proof yields root {computed}; the signed root is {expected}.',
  },
  'error.validators_hash_mismatch': {
    zh: '证明文件中的公证节点名单（摘要 {computed}）不是区块头所指定的名单（{header}）。',
    en: 'The bundle\'s list of notaries (hash {computed}) is not the one the block header names ({header}).',
  },
  'error.checkpoint_body_mismatch': { zh: '检查点内容与区块头不符（应为 {expected}）。', en: 'The checkpoint does not match the block header (expected {expected}).' },
  'error.checkpoint_signature_invalid': {
    zh: '公证节点 {name} 的检查点签名无效：证明文件已被改动，请勿采信，并向其他公证节点重新获取。',
    en: 'The checkpoint signature of notary {name} is invalid: the bundle was altered. Do not rely on it; fetch it again from another notary.',
  },
  'error.not_enough_signatures': {
    zh: '签名不足：{n} 个公证节点中只有 {k} 个签名（投票权 {power} / {total}），需要超过三分之二。',
    en: 'Not enough signatures: {k} of {n} notaries signed (voting power {power} of {total}); more than two thirds is needed.',
  },
  'error.commit_mismatch': { zh: '区块提交不是针对第 {height} 号区块的这个区块头。', en: 'The block commit is not for this header of block {height}.' },
  'error.commit_signature_invalid': {
    zh: '公证节点 {name} 的区块提交签名无效：证明文件已被改动，请勿采信。',
    en: 'The commit signature of notary {name} is invalid: the bundle was altered. Do not rely on it.',
  },
  'error.commit_not_quorum': {
    zh: '区块提交的投票权为 {power} / {total}，未超过三分之二。',
    en: 'The block commit holds voting power {power} of {total}; more than two thirds is needed.',
  },
  'prompt.needs_bundle': {
    zh: '请添加证明文件（.cunzheng.json）或存证包（.zip）。',
    en: 'Add the proof bundle (.cunzheng.json) or the evidence package download (.zip).',
  },
  'prompt.offline_needs_bundle': {
    zh: '本文件不联网，无法查询记录：请添加证明文件（.cunzheng.json）或存证包（.zip）。',
    en: 'This file works offline and cannot look records up: add the proof bundle (.cunzheng.json) or the evidence package download (.zip).',
  },
  'prompt.digest_not_found': {
    zh: '本节点没有以该文件的摘要（哈希值 {digest}）登记的记录。它可能是某个存证包中的一个文件：存证包只登记全部文件共同算出的摘要。请添加该存证包的清单（manifest.json）或该文件的单文件披露；如有证明文件或存证包（.zip），也请一并添加。',
    en: 'This node holds no record with this file\'s digest ({digest}). It may be one file of a sealed evidence package, which records only the digest of all its files together: add the package\'s manifest (manifest.json) or this file\'s disclosure; if you have the proof bundle or the evidence package download (.zip), add it too.',
  },
  'prompt.root_not_found': {
    zh: '本节点没有该存证包的记录（根摘要 {digest}）。请添加证明文件（.cunzheng.json）或存证包（.zip）。',
    en: 'This node holds no record of this evidence package (root {digest}). Add the proof bundle (.cunzheng.json) or the evidence package download (.zip).',
  },
  'prompt.digest_pending': {
    zh: '该摘要已提交，但尚未写入区块。请几秒钟后再试。',
    en: 'The digest was submitted but is not in a block yet. Try again in a few seconds.',
  },
  'prompt.needs_manifest_for_folder': {
    zh: '文件夹要与它的清单（manifest.json）一起核对：请添加清单，或添加存证包（.zip）。',
    en: 'A folder is checked against its manifest (manifest.json): add the manifest, or the evidence package download (.zip).',
  },
  'prompt.folder_and_files': {
    zh: '请只添加文件夹，或只添加单个文件，不要两者同时添加。',
    en: 'Give either the folder or single files, not both.',
  },
  'prompt.needs_disclosed_file': {
    zh: '单文件披露要与它所披露的那一个文件一起核对：请只添加那一个文件。',
    en: 'A disclosure is checked with the one file it discloses: give only that file.',
  },
  'prompt.needs_manifest_for_files': {
    zh: '您添加了 {count} 个文件。核对多个文件需要存证包的清单（manifest.json）或存证包（.zip）。',
    en: 'You gave {count} files. Checking several files needs the evidence package\'s manifest (manifest.json) or its download (.zip).',
  },
  'prompt.cancelled': { zh: '已取消核验。', en: 'The check was cancelled.' },
  'prompt.file_read_error': {
    zh: '无法读取文件：{detail}。文件可能在读取时被改动或移走了。',
    en: 'Cannot read a file: {detail}. It may have been changed or moved while being read.',
  },
  'prompt.network_error': { zh: '无法连接本节点：{detail}', en: 'Cannot reach this node: {detail}' },
  'prompt.node_error': { zh: '本节点返回错误（HTTP {status}）：{message}', en: 'This node answered with an error (HTTP {status}): {message}' },
};
