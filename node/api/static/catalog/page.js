// The catalog (i18n.js): the page's shell, times, and the node's chain status.

/** @type {Record<string, import('../i18n.js').Words>} */
export const PAGE_WORDS = {
  'page.title': { zh: '电子数据存证与核验', en: 'Evidence preservation and verification' },
  'page.title.offline': { zh: '存证核验', en: 'Evidence verification' },
  'page.subtitle': {
    zh: 'cunzheng 电子数据存证 · 文件只在您的浏览器中处理，不会上传',
    en: 'cunzheng evidence ledger · files are handled in your browser and never uploaded',
  },
  'page.subtitle.offline': {
    zh: 'cunzheng 离线核验文件 · 不联网，在浏览器中核验',
    en: 'cunzheng offline verifier · works without a network, in your browser',
  },
  'page.broken': {
    zh: '本页无法启动。',
    en: 'This page cannot start.',
  },
  'page.footer': {
    zh: 'cunzheng · RFC 9162 默克尔树 · C2SP 签名文本 · Ed25519',
    en: 'cunzheng · RFC 9162 Merkle tree · C2SP signed notes · Ed25519',
  },
  'page.api': { zh: '接口说明（API）', en: 'API' },
  'page.libraries': { zh: '所用的开源库', en: 'Vendored libraries' },
  'page.offline_from': {
    zh: '本文件由 cunzheng 生成，可离线保存、复制和转发；打开时在浏览器中重新核验。',
    en: 'Made by cunzheng: keep, copy and forward this file; it checks again in the browser each time it is opened.',
  },
  'mode.verify': { zh: '核验', en: 'Verify' },
  'list.separator': { zh: '、', en: ', ' },
  'time.beijing': { zh: '北京时间 {time}', en: '{time} Beijing time' },
  'time.utc': { zh: '协调世界时 {time}', en: '{time} UTC' },
  'status.title': { zh: '本节点所在链的状态', en: 'This node\'s chain' },
  'status.chain': { zh: '链标识', en: 'Chain id' },
  'status.height': { zh: '区块高度', en: 'Height' },
  'status.size': { zh: '账本记录数', en: 'Ledger entries' },
  'status.genesis': { zh: '创世摘要', en: 'Genesis hash' },
  'status.latest': { zh: '最新区块时间', en: 'Latest block time' },
  'status.validators': { zh: '公证节点', en: 'Notaries' },
  'status.vkey': { zh: '公钥（C2SP vkey）', en: 'Key (C2SP vkey)' },
  'status.organisation': { zh: '所属机构', en: 'Organisation' },
  'status.checkpoint': { zh: '最新检查点（C2SP 签名文本）', en: 'Latest checkpoint (C2SP signed note)' },
  'status.unavailable': { zh: '无法读取本节点的状态：{detail}', en: 'Cannot read this node\'s status: {detail}' },
  'status.none': { zh: '尚无区块', en: 'no block yet' },
};
