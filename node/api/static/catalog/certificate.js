// The catalog (i18n.js): the certificate (存证证书) and the roles of a package's files.

/** @type {Record<string, import('../i18n.js').Words>} */
export const CERTIFICATE_WORDS = {
  'cert.title': { zh: '存证证书', en: 'Preservation certificate' },
  'cert.subtitle': {
    zh: 'cunzheng 电子数据存证 · 本证书每次打开都在浏览器中重新核验',
    en: 'cunzheng evidence ledger · this certificate checks itself again each time it is opened',
  },
  'cert.unreadable': {
    zh: '证书内嵌的记录无法读取：本文件已被改动或损坏。',
    en: 'The record built into this certificate cannot be read: the file was altered or damaged.',
  },
  'cert.not_a_proof': {
    zh: '本证书所载的记录未通过核验，不能作为存证的证明。',
    en: 'The record this certificate carries did not pass the checks: it proves nothing.',
  },
  'scope.proves': { zh: '证明范围', en: 'What it proves' },
  'scope.existed': {
    zh: '所载记录最迟于北京时间 {beijing} 已经存在，此后未被改动。',
    en: 'The record existed no later than {beijing} Beijing time and has not been altered since.',
  },
  'scope.signed': {
    zh: '该记录由 {n} 个公证节点中的 {k} 个签名，签名的投票权超过三分之二。',
    en: 'It was signed by {k} of {n} notaries, holding more than two thirds of the voting power.',
  },
  'scope.not': { zh: '不证明事项', en: 'What it does not prove' },
  'scope.not.truth': { zh: '不证明文件内容的真实性。', en: 'That the content of the files is true.' },
  'scope.not.collector': {
    zh: '不证明文件由谁、如何收集：收集记录是当事人自述。',
    en: 'Who collected the files, or how: the collection record is the litigant\'s own statement.',
  },
  'scope.not.complete': {
    zh: '不证明对话或记录是完整的：未存证的内容无从核对。',
    en: 'That a conversation or record is complete: what was not preserved cannot be checked.',
  },
  'scope.not.notarial': {
    zh: '本证书不是公证书，不具有公证书的效力；它只说明公证节点签署的记录经核验成立。',
    en: 'This is not a notarial certificate (公证书) and has no force as one; it states only that the record the notary nodes signed checks out.',
  },
  'cert.genesis.title': { zh: '联盟与创世文件', en: 'The consortium and its genesis' },
  'cert.genesis.published': {
    zh: '联盟在 {url} 公布其创世文件，可核对下面的创世摘要。',
    en: 'The consortium publishes its genesis at {url}: compare the genesis hash below.',
  },
  'cert.genesis.unpublished': {
    zh: '所信任的创世文件未写明公布地址：请向联盟核对下面的创世摘要。',
    en: 'The trusted genesis names no publication address: check the genesis hash below with the consortium.',
  },
  'cert.genesis.members': { zh: '成员机构：{members}。', en: 'Member organisations: {members}.' },
  'cert.genesis.hash': { zh: '创世摘要：', en: 'Genesis hash:' },
  'cert.genesis.none': {
    zh: '本证书未附可信的创世文件，以上结论仅依据证明文件自带的创世文件。请向联盟核对其公布的创世摘要是否为 {genesis}：只有相同，签名的才是该联盟的公证节点。',
    en: 'This certificate carries no trusted genesis: the verdict above rests only on the genesis in the proof bundle itself. Check with the consortium that the genesis hash it publishes is {genesis}: only then are the signers its notaries.',
  },
  'cert.genesis.not_carried': {
    zh: '本证书未附可信的创世文件，其证明文件（第 1 版）也未附创世文件：以上结论仅依据证明文件自己列出的公证节点，无法用创世摘要确认。请用联盟公布的创世文件核验。',
    en: 'This certificate carries no trusted genesis, and its proof bundle (version 1) none of its own: the verdict above rests only on the notaries the bundle lists, which no genesis hash can confirm. Check it with the genesis the consortium publishes.',
  },
  'cert.qr.caption': { zh: '扫码在公证节点的核验页面上核验', en: 'Scan to check on the notary node\'s page' },
  'cert.qr.none': { zh: '（未设置核验页面地址，无二维码）', en: '(no verification page address given: no QR code)' },
  'cert.files_follow': { zh: '文件清单共 {count} 个文件，见续页。', en: 'The {count} files are listed on the continuation pages.' },
  'cert.no_file_list': {
    zh: '本证书未附文件清单：核对文件请把清单（manifest.json）和文件夹拖入本文件。',
    en: 'This certificate lists no files: to check them, drop the manifest (manifest.json) and the folder on this file.',
  },
  'cert.how.file': {
    zh: '如何核验：用任意浏览器打开本文件即重新核验；把证据文件拖到下方，可核对文件本身。',
    en: 'To verify: open this file in any browser and it checks again; drop the evidence file on it to check the file itself.',
  },
  'cert.how.package': {
    zh: '如何核验：用任意浏览器打开本文件即重新核验；把清单（manifest.json）和文件夹拖到下方，可逐个核对文件。',
    en: 'To verify: open this file in any browser and it checks again; drop the manifest (manifest.json) and the folder on it to check each file.',
  },
  'cert.files.title': { zh: '文件清单（续页，共 {count} 个文件）', en: 'Files (continued; {count} files)' },
  'cert.files.note': {
    zh: '本清单摘自存证时的清单（不含盐值），打开本文件时不能单独核验；核对文件请把清单和文件夹拖入本文件。',
    en: 'Copied from the manifest as sealed (without its salts), this list cannot be checked on its own: drop the manifest and the folder on this file to check the files.',
  },
  'cert.files.#': { zh: '序号', en: 'No.' },
  'cert.files.path': { zh: '路径', en: 'Path' },
  'cert.files.role': { zh: '类别', en: 'Role' },
  'cert.files.size': { zh: '大小', en: 'Size' },
  'cert.files.alg': { zh: '算法', en: 'Alg' },
  'cert.files.digest': { zh: '摘要', en: 'Digest' },
  'role.owner_profile': { zh: '本人资料页', en: 'Own profile' },
  'role.counterparty_profile': { zh: '对方资料页', en: 'Counterparty\'s profile' },
  'role.conversation': { zh: '聊天记录', en: 'Conversation' },
  'role.voice': { zh: '语音', en: 'Voice message' },
  'role.voice_transcript': { zh: '语音文字转写', en: 'Voice transcript' },
  'role.transfer_record': { zh: '转账记录', en: 'Transfer record' },
  'role.screen_recording': { zh: '录屏', en: 'Screen recording' },
  'role.image': { zh: '图片', en: 'Image' },
  'role.other': { zh: '其他', en: 'Other' },
};
