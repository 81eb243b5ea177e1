// README.txt of the litigant's 存证包 (package-zip.js): what the download is, what to keep,
// how a judge verifies it and what it proves, in Chinese first, then a short English part.
// The words are the project's one vocabulary for litigants: 摘要, 公证节点, 证明文件, 存证包, 清单,
// 收集记录; times are "no later than" times rounded up to the second (core/display.js).

import { noLaterThan, recordNumber } from '../core/display.js';

/**
 * What the README says of one committed preservation.
 * @typedef {object} ReadmeFacts
 * @property {string} zipName the download's file name
 * @property {string} certificateNumber
 * @property {string} entryId hex
 * @property {string} node the node's page URL it was preserved on
 * @property {number} noLaterThanMs the time the proof states (core/existence-time.js)
 * @property {number} height
 * @property {number} leafIndex
 * @property {number} signers notaries whose signatures the proof carries
 * @property {number} notaries notaries of the set that signed
 * @property {string} chainId
 * @property {string} genesisHash hex
 * @property {string | null} publicationUrl where the consortium publishes its genesis
 * @property {{ path: string, size: number }[]} files as the manifest lists them
 */

const RULE = '──────────────────────────────────────────';
const DOUBLE_RULE = '══════════════════════════════════════════';

/**
 * The README's text (lines end in CRLF, so that Windows' Notepad shows them too).
 * @param {ReadmeFacts} facts
 */
export function readmeText(facts) {
  return [...chinese(facts), '', '', ...english(facts), ''].join('\r\n');
}

/**
 * @param {string} title
 * @returns {string[]}
 */
function heading(title) {
  return ['', title, RULE];
}

/** @param {ReadmeFacts} facts */
function chinese(facts) {
  const time = noLaterThan(facts.noLaterThanMs);
  const count = facts.files.length;
  const anchor = facts.publicationUrl === null ? '联盟公布的渠道' : `联盟公布的渠道（${facts.publicationUrl}）`;
  return [
    `存证包　证书编号 ${facts.certificateNumber}`,
    DOUBLE_RULE,
    ...heading('一、这是什么'),
    `这是您在公证节点 ${facts.node} 上为一组电子证据（共 ${count} 个文件）所做存证的全部材料。`,
    '存证时，您的文件始终留在您自己的设备上，没有上传：浏览器只在本机计算了每个文件的摘要（哈希值），',
    '再把它们汇总成一个摘要提交给公证节点。除这个摘要和文件个数外，没有任何文件内容、文件名或收集记录离开您的设备。',
    `这个摘要不晚于北京时间 ${time.beijing}（UTC ${time.utc}）被记入存证账本：第 ${facts.height} 个区块，`,
    `第 ${recordNumber(facts.leafIndex)} 条记录，由 ${facts.notaries} 个公证节点中的 ${facts.signers} 个签名确认。`,
    ...heading('二、压缩包里有什么'),
    '  README.txt           本说明',
    '  manifest.json        清单：每个文件的路径、大小、摘要和随机盐值，以及收集记录（当事人自述）',
    '  proof.cunzheng.json  证明文件：证明上述摘要已记入账本，并由公证节点签名',
    '  certificate.html     存证证书：用浏览器打开即可查看、打印；每次打开都会重新核验',
    '  verifier.html        离线核验工具：用浏览器打开，无需联网，无需安装',
    '  genesis.json         本联盟的创世文件：联盟标识和公证节点名单',
    ...heading('三、请务必保存'),
    '1. 本压缩包，至少存两份（电脑、网盘、U 盘等）。清单 manifest.json 里保存着每个文件的随机盐值，',
    '   这是唯一的一份：一旦丢失，就再也不能单独证明其中的某一个文件。',
    '2. 原始文件，一个字节也不要改动，并按下面第四部分的路径放在一个文件夹里。编辑、压缩、转码或重新导出',
    '   （即使看起来一样）都会使核验失败。',
    '3. 原始载体：存有这些证据的手机或电脑本身。法院通常要求出示原始载体，与副本核对（例如当庭打开手机里的',
    '   聊天记录）。请不要删除聊天记录、卸载微信或更换、出售这台设备。',
    ...heading(`四、文件清单（共 ${count} 个；核验时，文件须按此路径放在同一个文件夹里）`),
    ...facts.files.map((file) => `  ${file.path}    ${file.size.toLocaleString('en-US')} 字节`),
    ...heading('五、法官或对方如何核验'),
    '方法一（浏览器，无需安装）：在电脑上用浏览器打开 verifier.html，把证据文件夹和本压缩包一起拖进页面。',
    '核验全部在本机完成，不联网。',
    '方法二（命令行）：',
    `  cunzheng verify ${facts.zipName} --package 证据文件夹 --genesis genesis.json`,
    '核验结果应为“有效”（valid）。本包里的 genesis.json 来自存证时的公证节点；要确认它确实属于这个联盟，',
    `请从${anchor}获取创世文件，核对其创世摘要是否为：`,
    `  ${facts.genesisHash}`,
    `（联盟标识 ${facts.chainId}；存证记录 ID ${facts.entryId}）`,
    ...heading('六、它证明什么，不证明什么'),
    `证明：清单所列的每个文件和收集记录，不晚于北京时间 ${time.beijing} 已经存在，并且此后没有被改动；`,
    `这一点由 ${facts.notaries} 个公证节点中的 ${facts.signers} 个签名确认。`,
    '不证明：文件内容是否真实；证据由谁、用什么方法收集（收集记录是当事人自述，公证节点没有见证）；',
    '聊天记录是否完整。',
    '本存证包不是公证书。',
  ];
}

/** @param {ReadmeFacts} facts */
function english(facts) {
  const time = noLaterThan(facts.noLaterThanMs);
  return [
    `Evidence package (存证包), certificate no. ${facts.certificateNumber}`,
    DOUBLE_RULE,
    `What it is: the record of ${facts.files.length} evidence files preserved on the notary node ${facts.node}.`,
    'The files never left your device: only their combined digest and their number were sent. The digest',
    `was recorded no later than ${time.utc} UTC (block ${facts.height}, record no. ${recordNumber(facts.leafIndex)}),`,
    `signed by ${facts.signers} of ${facts.notaries} notary nodes.`,
    'Keep: this zip, in two places at least (manifest.json holds the only copy of the files\' salts); the',
    'original files, unchanged, in one folder laid out as the file list (part 四) says; and the original device',
    '(courts ask to see the original carrier).',
    'To verify: open verifier.html in a browser and drop the evidence folder and this zip on it (offline),',
    `or run: cunzheng verify ${facts.zipName} --package FOLDER --genesis genesis.json (expect "valid").`,
    `Check that the consortium's published genesis has hash ${facts.genesisHash}.`,
    'It proves the files and the collection record existed unchanged no later than that time. It does not',
    'prove the content true, who collected it (the collection record is the litigant\'s own statement), or',
    'that a conversation is complete. It is not a notarial certificate.',
  ];
}
