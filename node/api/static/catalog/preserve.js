// The catalog (i18n.js): 存证 mode — the steps and why courts look for each, the collection
// record form, sealing and submitting, the litigant's copy, and this browser's preservations.

/** @type {Record<string, import('../i18n.js').Words>} */
export const PRESERVE_WORDS = {
  'mode.preserve': { zh: '存证', en: 'Preserve' },
  'preserve.intro': {
    zh: '为微信聊天记录等电子证据存证：按下面的步骤添加文件，填写收集记录，然后封存。完成后下载存证包，和原始文件一起保存。',
    en: 'Preserve electronic evidence such as a WeChat conversation: add the files step by step, fill in the collection record, then seal. When it is done, download the evidence package and keep it with the original files.',
  },
  'preserve.privacy': {
    zh: '您的文件不会上传：浏览器只在本机计算每个文件的摘要（哈希值），发给公证节点的只有一个汇总摘要和文件个数。文件名和收集记录也不会发出。',
    en: 'Your files are not uploaded: this browser computes each file\'s digest on this device, and only one combined digest and the number of files go to the notary node. Neither the file names nor the collection record are sent.',
  },

  'preserve.steps.title': { zh: '一、添加证据文件', en: '1. Add the evidence files' },
  'preserve.steps.hint': {
    zh: '按法院通常查看的顺序分步添加，没有的可以跳过；每一步都可以添加多个文件。',
    en: 'Add them in the order courts usually look at them; skip what you do not have. Each step takes several files.',
  },
  'preserve.step.title': { zh: '{number}. {role}', en: '{number}. {role}' },
  'preserve.why.owner_profile': {
    zh: '您自己的微信个人资料页截图：法院据此确认聊天中的“我”就是您本人。',
    en: 'A screenshot of your own WeChat profile page: the court sees from it that “me” in the chat is you.',
  },
  'preserve.why.counterparty_profile': {
    zh: '对方的个人资料页截图，须显示微信号：微信号能把聊天对象对应到现实中的人，是认定对方身份的关键。',
    en: 'A screenshot of the other party\'s profile page showing their WeChat ID: the ID ties the chat partner to a real person, which is how the court identifies them.',
  },
  'preserve.why.conversation': {
    zh: '完整、连续的聊天记录截图或导出文件：只有前后连贯，才能说明事情的经过，避免被质疑断章取义。',
    en: 'The whole conversation, continuous, as screenshots or an export: only an unbroken record shows what happened and cannot be called out of context.',
  },
  'preserve.why.voice': {
    zh: '语音消息的原始文件：语音本身是原始证据，请保存原文件，不要转换格式。',
    en: 'The original files of the voice messages: the voice itself is the evidence, so keep the original files, unconverted.',
  },
  'preserve.why.voice_transcript': {
    zh: '每条语音的文字转写，文件名与语音对应（如“语音_001_文字.txt”）：法官不一定逐条收听，文字便于质证。',
    en: 'A transcript of each voice message, named after it (such as “语音_001_文字.txt”): a judge may not listen to every one, and text is easier to examine.',
  },
  'preserve.why.transfer_record': {
    zh: '转账或红包记录的截图：证明钱款确实交付，金额和时间一目了然。',
    en: 'Screenshots of transfers or red packets: they show that the money was paid, how much and when.',
  },
  'preserve.why.screen_recording': {
    zh: '取证过程的连续录屏，从打开微信到逐屏翻阅聊天：证明截图来自真实的手机，没有拼接或修改。',
    en: 'A continuous screen recording of the collection, from opening WeChat to scrolling through the chat: it shows that the screenshots come from a real phone, not spliced or edited.',
  },
  'preserve.why.image': {
    zh: '与本案有关、不属于以上各类的截图或照片，例如借条、收据的照片。',
    en: 'Other screenshots or photos that matter to the case, such as a photo of an IOU or a receipt.',
  },
  'preserve.why.other': {
    zh: '其他与本案有关的文件，例如聊天记录的导出文件、合同、文档。',
    en: 'Any other files that matter to the case, such as a chat export, a contract or a document.',
  },
  'preserve.add.files': { zh: '添加文件', en: 'Add files' },
  'preserve.add.camera': { zh: '拍照', en: 'Take a photo' },
  'preserve.add.folder': { zh: '选择文件夹', en: 'Choose a folder' },
  'preserve.file.remove': { zh: '移除“{name}”', en: 'Remove “{name}”' },
  'preserve.left_out': {
    zh: '已略去“{name}”：这是操作系统自动生成的文件，不属于证据，不会封存。',
    en: 'Left out “{name}”: the operating system made this file by itself; it is not evidence and is not sealed.',
  },
  'preserve.name_refused': {
    zh: '文件“{path}”无法封存：文件名不可用，或与同一步中的文件夹重名。请改名后重新添加。',
    en: 'The file “{path}” cannot be sealed: its name cannot be used, or a folder of the same step has it. Rename it and add it again.',
  },
  'preserve.warnings.title': { zh: '封存前请注意', en: 'Before you seal' },
  'preserve.warnings.intro': {
    zh: '以下是法院通常会看、但本次还没有添加的材料。仍然可以封存，但建议先补齐。',
    en: 'Courts usually look for the following, which you have not added yet. You may still seal, but it is better to add them first.',
  },
  'warning.missing_owner_profile': {
    zh: '缺少本人资料页：法院需要据此确认聊天的一方是您本人。',
    en: 'No profile page of your own: the court needs it to see that one side of the chat is you.',
  },
  'warning.missing_counterparty_profile': {
    zh: '缺少对方资料页：对方的微信号是认定对方身份的关键。',
    en: 'No profile page of the other party: their WeChat ID is how the court identifies them.',
  },
  'warning.missing_conversation': {
    zh: '缺少聊天记录本身。',
    en: 'The conversation itself is missing.',
  },
  'warning.missing_screen_recording': {
    zh: '缺少取证过程的录屏：录屏能证明截图来自真实的手机。',
    en: 'No screen recording of the collection: it shows that the screenshots come from a real phone.',
  },
  'warning.voice_without_transcript': {
    zh: '语音“{path}”没有对应的文字转写：请在“语音文字转写”一步添加同名的文字文件。',
    en: 'The voice message “{path}” has no transcript: add a text file of the same name in the “Voice transcript” step.',
  },

  'preserve.form.title': { zh: '二、收集记录（当事人自述）', en: '2. The collection record (your own statement)' },
  'preserve.form.intro': {
    zh: '写明证据由谁、在什么设备上、用什么方法收集。收集记录是您本人的陈述（当事人自述）：它和文件一起封存，之后不能再改；公证节点只证明它在存证时已经存在、此后未被改动，不证明内容属实。各项都可以不填，但写清楚更容易被法院采信。',
    en: 'State who collected the evidence, on which device and how. The collection record is your own statement: it is sealed with the files and cannot be changed afterwards; the notaries prove only that it existed when preserved and was not altered since, not that it is true. Every field is optional, but a clear record helps the court rely on it.',
  },
  'preserve.form.operator': { zh: '收集人', en: 'Collected by' },
  'preserve.form.operator.hint': { zh: '例如：李四（本人）', en: 'For example: Li Si (myself)' },
  'preserve.form.device': { zh: '设备', en: 'Device' },
  'preserve.form.device.hint': { zh: '存有证据的手机的品牌和型号，例如：华为 Mate 60', en: 'Make and model of the phone that holds the evidence, such as Huawei Mate 60' },
  'preserve.form.app': { zh: '应用', en: 'App' },
  'preserve.form.app.hint': { zh: '例如：微信', en: 'For example: WeChat' },
  'preserve.form.app_version': { zh: '应用版本', en: 'App version' },
  'preserve.form.app_version.hint': { zh: '在“我 > 设置 > 关于微信”中查看，例如：8.0.50', en: 'See Me > Settings > About WeChat, such as 8.0.50' },
  'preserve.form.started': { zh: '开始时间', en: 'Started' },
  'preserve.form.ended': { zh: '结束时间', en: 'Ended' },
  'preserve.form.method': { zh: '收集方法', en: 'Method' },
  'preserve.form.method.hint': { zh: '例如：全程录屏，逐屏截图，并导出聊天记录', en: 'For example: recorded the screen throughout, took screenshots page by page and exported the chat' },
  'preserve.form.steps': { zh: '操作步骤（每行一步）', en: 'Steps taken (one per line)' },
  'preserve.form.steps.hint': { zh: '例如：打开与张三的聊天，从 2026-10-28 起逐屏截图', en: 'For example: opened the chat with Zhang San and took screenshots from 2026-10-28 on' },
  'preserve.form.alg': { zh: '摘要算法', en: 'Digest algorithm' },
  'preserve.form.alg.sha256': { zh: 'SHA-256（默认）', en: 'SHA-256 (default)' },
  'preserve.form.alg.sm3': { zh: 'SM3（国密算法）', en: 'SM3 (the Chinese national standard)' },
  'preserve.form.invalid': {
    zh: '收集记录中有一项需要修改，请看该项下的提示。',
    en: 'One field of the collection record needs a change: see the note under it.',
  },
  'preserve.form.error.text': {
    zh: '内容太长：每项最多 4096 个字。',
    en: 'Too long: at most 4096 characters a field.',
  },
  'preserve.form.error.started': {
    zh: '请填写完整的日期和时间。',
    en: 'Enter a whole date and time.',
  },
  'preserve.form.error.ended': {
    zh: '请填写完整的日期和时间，且不能早于开始时间。',
    en: 'Enter a whole date and time, not before the start.',
  },
  'preserve.form.error.steps': {
    zh: '最多 200 步，每步最多 4096 个字。',
    en: 'At most 200 steps, each at most 4096 characters.',
  },

  'preserve.seal.title': { zh: '三、封存并存证', en: '3. Seal and preserve' },
  'preserve.seal.intro': {
    zh: '封存时，浏览器在本机计算每个文件的摘要并生成清单，存入本浏览器；然后只把汇总摘要提交给公证节点。',
    en: 'Sealing computes each file\'s digest on this device and makes the manifest, kept in this browser; then only the combined digest is submitted to the notary node.',
  },
  'preserve.seal.button': { zh: '封存并存证', en: 'Seal and preserve' },
  'preserve.seal.nothing': { zh: '请先添加至少一个文件。', en: 'Add at least one file first.' },
  'preserve.seal.files': { zh: '已完成 {done} / {count} 个文件', en: '{done} of {count} files done' },
  'preserve.seal.file': { zh: '{name}：{percent}%', en: '{name}: {percent}%' },
  'preserve.seal.cancelled': {
    zh: '已取消封存：没有保存或发送任何内容。文件仍在上面，可以修改后重新封存。',
    en: 'Sealing cancelled: nothing was kept or sent. The files are still above; change them and seal again.',
  },
  'preserve.seal.unreadable': {
    zh: '无法读取文件“{path}”：它在添加后被改动、移动或删除了。请移除后重新添加。',
    en: 'The file “{path}” cannot be read: it was changed, moved or deleted after it was added. Remove it and add it again.',
  },
  'preserve.seal.failed': { zh: '封存失败：{detail}', en: 'Sealing failed: {detail}' },
  'preserve.stage.sealed': { zh: '已封存（清单已存入本浏览器）', en: 'Sealed (the manifest is kept in this browser)' },
  'preserve.stage.submitting': { zh: '已提交', en: 'Submitted' },
  'preserve.stage.receipted': { zh: '已受理（回执）', en: 'Accepted (receipt)' },
  'preserve.stage.receipted.waiting': { zh: '等待公证节点受理（回执）', en: 'Waiting for the notary node\'s receipt' },
  'preserve.stage.committed.waiting': { zh: '等待上链（公证节点签名）', en: 'Waiting to go on the ledger (the notaries sign)' },
  'preserve.stage.committed.signed': {
    zh: '已上链（{k} / {n} 个公证节点签名）',
    en: 'On the ledger (signed by {k} of {n} notaries)',
  },
  'preserve.busy': {
    zh: '公证节点正忙，{seconds} 秒后自动重试。',
    en: 'The notary node is busy; trying again in {seconds} s.',
  },
  'preserve.waiting': {
    zh: '已受理，正在等待公证节点签名上链。可以关闭本页，再次打开时会自动继续。',
    en: 'Accepted; waiting for the notaries to sign it onto the ledger. You may close this page: it goes on when you open it again.',
  },
  'preserve.failed': {
    zh: '暂未完成：{detail}。存证已保存在本浏览器中，稍后自动重试；关闭本页后再打开也会继续。',
    en: 'Not done yet: {detail}. The preservation is kept in this browser and is tried again shortly; it also goes on when you open this page again.',
  },
  'preserve.failed.unreachable': { zh: '暂时连不上公证节点', en: 'the notary node cannot be reached now' },
  'preserve.failed.refused': { zh: '公证节点拒绝了请求（{message}）', en: 'the notary node refused the request ({message})' },
  'preserve.failed.proof': { zh: '公证节点给出的证明文件未通过核验', en: 'the proof bundle the notary node gave did not check out' },
  'preserve.failed.answer': { zh: '公证节点的回答未通过核验', en: 'the notary node\'s answer did not check out' },
  'preserve.retry': { zh: '立即重试', en: 'Try again now' },
  'preserve.other_node': {
    zh: '提交到另一个公证节点（{node}），请在那里的页面上查看。',
    en: 'Submitted to another notary node ({node}); see it on that node\'s page.',
  },

  'preserve.done.title': { zh: '✔ 存证完成', en: '✔ Preserved' },
  'preserve.done.sentence': {
    zh: '这 {count} 个文件和收集记录最迟于北京时间 {beijing} 已记入存证账本（第 {height} 号区块，第 {record} 条记录），由 {n} 个公证节点中的 {k} 个签名确认。',
    en: 'These {count} files and the collection record were on the ledger no later than {beijing} Beijing time (block {height}, record no. {record}), signed by {k} of {n} notaries.',
  },
  'preserve.download': { zh: '下载存证包（.zip）', en: 'Download the evidence package (.zip)' },
  'preserve.download.failed': { zh: '无法生成存证包：{detail}', en: 'The evidence package cannot be made: {detail}' },
  'preserve.keep.title': { zh: '请保存好', en: 'What to keep' },
  'preserve.keep.zip': {
    zh: '存证包：至少存两份（电脑、网盘或 U 盘）。其中的清单 manifest.json 保存着每个文件的随机盐值，这是唯一的一份，丢失后就不能再单独证明其中某个文件。',
    en: 'The evidence package, in two places at least (a computer, cloud storage, a USB stick). Its manifest.json holds each file\'s random salt, the only copy: without it no single file can be proven on its own.',
  },
  'preserve.keep.files': {
    zh: '原始文件：一个字节也不要改动，不要编辑、压缩或重新导出。',
    en: 'The original files, unchanged to the byte: do not edit, compress or export them again.',
  },
  'preserve.keep.device': {
    zh: '原始手机：法院通常要求出示原始载体，请不要删除聊天记录、卸载微信或更换手机。',
    en: 'The original phone: courts usually ask to see the original device, so do not delete the chat, uninstall WeChat or replace the phone.',
  },
  'preserve.keep.browser': {
    zh: '本浏览器也保存了一份存证记录，但清除浏览器数据会将其删除，请以下载的存证包为准。',
    en: 'This browser keeps a copy of the preservation too, but clearing its data deletes it: rely on the downloaded package.',
  },
  'preserve.new': { zh: '开始新的存证', en: 'Start a new preservation' },

  'preserve.list.title': { zh: '本浏览器中的存证', en: 'Preservations in this browser' },
  'preserve.no_store': {
    zh: '本浏览器无法保存存证记录（可能处于无痕模式或禁用了网站数据），因此不能在这里存证：{detail}',
    en: 'This browser cannot keep preservations (a private window, or site data switched off), so it cannot preserve here: {detail}',
  },
  'preserve.list.item': {
    zh: '证书编号 {number} · {count} 个文件 · 创建于 {time}',
    en: 'Certificate no. {number} · {count} files · made {time}',
  },
};
