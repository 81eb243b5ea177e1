// node/api/static/catalog/certificate.js
var CERTIFICATE_WORDS = {
  "cert.title": { zh: "存证证书", en: "Preservation certificate" },
  "cert.subtitle": {
    zh: "cunzheng 电子数据存证 · 本证书每次打开都在浏览器中重新核验",
    en: "cunzheng evidence ledger · this certificate checks itself again each time it is opened"
  },
  "cert.unreadable": {
    zh: "证书内嵌的记录无法读取：本文件已被改动或损坏。",
    en: "The record built into this certificate cannot be read: the file was altered or damaged."
  },
  "cert.not_a_proof": {
    zh: "本证书所载的记录未通过核验，不能作为存证的证明。",
    en: "The record this certificate carries did not pass the checks: it proves nothing."
  },
  "scope.proves": { zh: "证明范围", en: "What it proves" },
  "scope.existed": {
    zh: "所载记录最迟于北京时间 {beijing} 已经存在，此后未被改动。",
    en: "The record existed no later than {beijing} Beijing time and has not been altered since."
  },
  "scope.signed": {
    zh: "该记录由 {n} 个公证节点中的 {k} 个签名，签名的投票权超过三分之二。",
    en: "It was signed by {k} of {n} notaries, holding more than two thirds of the voting power."
  },
  "scope.not": { zh: "不证明事项", en: "What it does not prove" },
  "scope.not.truth": { zh: "不证明文件内容的真实性。", en: "That the content of the files is true." },
  "scope.not.collector": {
    zh: "不证明文件由谁、如何收集：收集记录是当事人自述。",
    en: "Who collected the files, or how: the collection record is the litigant's own statement."
  },
  "scope.not.complete": {
    zh: "不证明对话或记录是完整的：未存证的内容无从核对。",
    en: "That a conversation or record is complete: what was not preserved cannot be checked."
  },
  "scope.not.notarial": {
    zh: "本证书不是公证书，不具有公证书的效力；它只说明公证节点签署的记录经核验成立。",
    en: "This is not a notarial certificate (公证书) and has no force as one; it states only that the record the notary nodes signed checks out."
  },
  "cert.genesis.title": { zh: "联盟与创世文件", en: "The consortium and its genesis" },
  "cert.genesis.published": {
    zh: "联盟在 {url} 公布其创世文件，可核对下面的创世摘要。",
    en: "The consortium publishes its genesis at {url}: compare the genesis hash below."
  },
  "cert.genesis.unpublished": {
    zh: "所信任的创世文件未写明公布地址：请向联盟核对下面的创世摘要。",
    en: "The trusted genesis names no publication address: check the genesis hash below with the consortium."
  },
  "cert.genesis.members": { zh: "成员机构：{members}。", en: "Member organisations: {members}." },
  "cert.genesis.hash": { zh: "创世摘要：", en: "Genesis hash:" },
  "cert.genesis.none": {
    zh: "本证书未附可信的创世文件，以上结论仅依据证明文件自带的创世文件。请向联盟核对其公布的创世摘要是否为 {genesis}：只有相同，签名的才是该联盟的公证节点。",
    en: "This certificate carries no trusted genesis: the verdict above rests only on the genesis in the proof bundle itself. Check with the consortium that the genesis hash it publishes is {genesis}: only then are the signers its notaries."
  },
  "cert.genesis.not_carried": {
    zh: "本证书未附可信的创世文件，其证明文件（第 1 版）也未附创世文件：以上结论仅依据证明文件自己列出的公证节点，无法用创世摘要确认。请用联盟公布的创世文件核验。",
    en: "This certificate carries no trusted genesis, and its proof bundle (version 1) none of its own: the verdict above rests only on the notaries the bundle lists, which no genesis hash can confirm. Check it with the genesis the consortium publishes."
  },
  "cert.qr.caption": { zh: "扫码在公证节点的核验页面上核验", en: "Scan to check on the notary node's page" },
  "cert.qr.none": { zh: "（未设置核验页面地址，无二维码）", en: "(no verification page address given: no QR code)" },
  "cert.files_follow": { zh: "文件清单共 {count} 个文件，见续页。", en: "The {count} files are listed on the continuation pages." },
  "cert.no_file_list": {
    zh: "本证书未附文件清单：核对文件请把清单（manifest.json）和文件夹拖入本文件。",
    en: "This certificate lists no files: to check them, drop the manifest (manifest.json) and the folder on this file."
  },
  "cert.how.file": {
    zh: "如何核验：用任意浏览器打开本文件即重新核验；把证据文件拖到下方，可核对文件本身。",
    en: "To verify: open this file in any browser and it checks again; drop the evidence file on it to check the file itself."
  },
  "cert.how.package": {
    zh: "如何核验：用任意浏览器打开本文件即重新核验；把清单（manifest.json）和文件夹拖到下方，可逐个核对文件。",
    en: "To verify: open this file in any browser and it checks again; drop the manifest (manifest.json) and the folder on it to check each file."
  },
  "cert.files.title": { zh: "文件清单（续页，共 {count} 个文件）", en: "Files (continued; {count} files)" },
  "cert.files.note": {
    zh: "本清单摘自存证时的清单（不含盐值），打开本文件时不能单独核验；核对文件请把清单和文件夹拖入本文件。",
    en: "Copied from the manifest as sealed (without its salts), this list cannot be checked on its own: drop the manifest and the folder on this file to check the files."
  },
  "cert.files.#": { zh: "序号", en: "No." },
  "cert.files.path": { zh: "路径", en: "Path" },
  "cert.files.role": { zh: "类别", en: "Role" },
  "cert.files.size": { zh: "大小", en: "Size" },
  "cert.files.alg": { zh: "算法", en: "Alg" },
  "cert.files.digest": { zh: "摘要", en: "Digest" },
  "role.owner_profile": { zh: "本人资料页", en: "Own profile" },
  "role.counterparty_profile": { zh: "对方资料页", en: "Counterparty's profile" },
  "role.conversation": { zh: "聊天记录", en: "Conversation" },
  "role.voice": { zh: "语音", en: "Voice message" },
  "role.voice_transcript": { zh: "语音文字转写", en: "Voice transcript" },
  "role.transfer_record": { zh: "转账记录", en: "Transfer record" },
  "role.screen_recording": { zh: "录屏", en: "Screen recording" },
  "role.image": { zh: "图片", en: "Image" },
  "role.other": { zh: "其他", en: "Other" }
};

// node/api/static/catalog/page.js
var PAGE_WORDS = {
  "page.title": { zh: "电子数据存证与核验", en: "Evidence preservation and verification" },
  "page.title.offline": { zh: "存证核验", en: "Evidence verification" },
  "page.subtitle": {
    zh: "cunzheng 电子数据存证 · 文件只在您的浏览器中处理，不会上传",
    en: "cunzheng evidence ledger · files are handled in your browser and never uploaded"
  },
  "page.subtitle.offline": {
    zh: "cunzheng 离线核验文件 · 不联网，在浏览器中核验",
    en: "cunzheng offline verifier · works without a network, in your browser"
  },
  "page.broken": {
    zh: "本页无法启动。",
    en: "This page cannot start."
  },
  "page.footer": {
    zh: "cunzheng · RFC 9162 默克尔树 · C2SP 签名文本 · Ed25519",
    en: "cunzheng · RFC 9162 Merkle tree · C2SP signed notes · Ed25519"
  },
  "page.api": { zh: "接口说明（API）", en: "API" },
  "page.libraries": { zh: "所用的开源库", en: "Vendored libraries" },
  "page.offline_from": {
    zh: "本文件由 cunzheng 生成，可离线保存、复制和转发；打开时在浏览器中重新核验。",
    en: "Made by cunzheng: keep, copy and forward this file; it checks again in the browser each time it is opened."
  },
  "mode.verify": { zh: "核验", en: "Verify" },
  "list.separator": { zh: "、", en: ", " },
  "time.beijing": { zh: "北京时间 {time}", en: "{time} Beijing time" },
  "time.utc": { zh: "协调世界时 {time}", en: "{time} UTC" },
  "status.title": { zh: "本节点所在链的状态", en: "This node's chain" },
  "status.chain": { zh: "链标识", en: "Chain id" },
  "status.height": { zh: "区块高度", en: "Height" },
  "status.size": { zh: "账本记录数", en: "Ledger entries" },
  "status.genesis": { zh: "创世摘要", en: "Genesis hash" },
  "status.latest": { zh: "最新区块时间", en: "Latest block time" },
  "status.validators": { zh: "公证节点", en: "Notaries" },
  "status.vkey": { zh: "公钥（C2SP vkey）", en: "Key (C2SP vkey)" },
  "status.organisation": { zh: "所属机构", en: "Organisation" },
  "status.checkpoint": { zh: "最新检查点（C2SP 签名文本）", en: "Latest checkpoint (C2SP signed note)" },
  "status.unavailable": { zh: "无法读取本节点的状态：{detail}", en: "Cannot read this node's status: {detail}" },
  "status.none": { zh: "尚无区块", en: "no block yet" }
};

// node/api/static/catalog/preserve.js
var PRESERVE_WORDS = {
  "mode.preserve": { zh: "存证", en: "Preserve" },
  "preserve.intro": {
    zh: "为微信聊天记录等电子证据存证：按下面的步骤添加文件，填写收集记录，然后封存。完成后下载存证包，和原始文件一起保存。",
    en: "Preserve electronic evidence such as a WeChat conversation: add the files step by step, fill in the collection record, then seal. When it is done, download the evidence package and keep it with the original files."
  },
  "preserve.privacy": {
    zh: "您的文件不会上传：浏览器只在本机计算每个文件的摘要（哈希值），发给公证节点的只有一个汇总摘要和文件个数。文件名和收集记录也不会发出。",
    en: "Your files are not uploaded: this browser computes each file's digest on this device, and only one combined digest and the number of files go to the notary node. Neither the file names nor the collection record are sent."
  },
  "preserve.steps.title": { zh: "一、添加证据文件", en: "1. Add the evidence files" },
  "preserve.steps.hint": {
    zh: "按法院通常查看的顺序分步添加，没有的可以跳过；每一步都可以添加多个文件。",
    en: "Add them in the order courts usually look at them; skip what you do not have. Each step takes several files."
  },
  "preserve.step.title": { zh: "{number}. {role}", en: "{number}. {role}" },
  "preserve.why.owner_profile": {
    zh: "您自己的微信个人资料页截图：法院据此确认聊天中的“我”就是您本人。",
    en: "A screenshot of your own WeChat profile page: the court sees from it that “me” in the chat is you."
  },
  "preserve.why.counterparty_profile": {
    zh: "对方的个人资料页截图，须显示微信号：微信号能把聊天对象对应到现实中的人，是认定对方身份的关键。",
    en: "A screenshot of the other party's profile page showing their WeChat ID: the ID ties the chat partner to a real person, which is how the court identifies them."
  },
  "preserve.why.conversation": {
    zh: "完整、连续的聊天记录截图或导出文件：只有前后连贯，才能说明事情的经过，避免被质疑断章取义。",
    en: "The whole conversation, continuous, as screenshots or an export: only an unbroken record shows what happened and cannot be called out of context."
  },
  "preserve.why.voice": {
    zh: "语音消息的原始文件：语音本身是原始证据，请保存原文件，不要转换格式。",
    en: "The original files of the voice messages: the voice itself is the evidence, so keep the original files, unconverted."
  },
  "preserve.why.voice_transcript": {
    zh: "每条语音的文字转写，文件名与语音对应（如“语音_001_文字.txt”）：法官不一定逐条收听，文字便于质证。",
    en: "A transcript of each voice message, named after it (such as “语音_001_文字.txt”): a judge may not listen to every one, and text is easier to examine."
  },
  "preserve.why.transfer_record": {
    zh: "转账或红包记录的截图：证明钱款确实交付，金额和时间一目了然。",
    en: "Screenshots of transfers or red packets: they show that the money was paid, how much and when."
  },
  "preserve.why.screen_recording": {
    zh: "取证过程的连续录屏，从打开微信到逐屏翻阅聊天：证明截图来自真实的手机，没有拼接或修改。",
    en: "A continuous screen recording of the collection, from opening WeChat to scrolling through the chat: it shows that the screenshots come from a real phone, not spliced or edited."
  },
  "preserve.why.image": {
    zh: "与本案有关、不属于以上各类的截图或照片，例如借条、收据的照片。",
    en: "Other screenshots or photos that matter to the case, such as a photo of an IOU or a receipt."
  },
  "preserve.why.other": {
    zh: "其他与本案有关的文件，例如聊天记录的导出文件、合同、文档。",
    en: "Any other files that matter to the case, such as a chat export, a contract or a document."
  },
  "preserve.add.files": { zh: "添加文件", en: "Add files" },
  "preserve.add.camera": { zh: "拍照", en: "Take a photo" },
  "preserve.add.folder": { zh: "选择文件夹", en: "Choose a folder" },
  "preserve.file.remove": { zh: "移除“{name}”", en: "Remove “{name}”" },
  "preserve.left_out": {
    zh: "已略去“{name}”：这是操作系统自动生成的文件，不属于证据，不会封存。",
    en: "Left out “{name}”: the operating system made this file by itself; it is not evidence and is not sealed."
  },
  "preserve.name_refused": {
    zh: "文件“{path}”无法封存：文件名不可用，或与同一步中的文件夹重名。请改名后重新添加。",
    en: "The file “{path}” cannot be sealed: its name cannot be used, or a folder of the same step has it. Rename it and add it again."
  },
  "preserve.warnings.title": { zh: "封存前请注意", en: "Before you seal" },
  "preserve.warnings.intro": {
    zh: "以下是法院通常会看、但本次还没有添加的材料。仍然可以封存，但建议先补齐。",
    en: "Courts usually look for the following, which you have not added yet. You may still seal, but it is better to add them first."
  },
  "warning.missing_owner_profile": {
    zh: "缺少本人资料页：法院需要据此确认聊天的一方是您本人。",
    en: "No profile page of your own: the court needs it to see that one side of the chat is you."
  },
  "warning.missing_counterparty_profile": {
    zh: "缺少对方资料页：对方的微信号是认定对方身份的关键。",
    en: "No profile page of the other party: their WeChat ID is how the court identifies them."
  },
  "warning.missing_conversation": {
    zh: "缺少聊天记录本身。",
    en: "The conversation itself is missing."
  },
  "warning.missing_screen_recording": {
    zh: "缺少取证过程的录屏：录屏能证明截图来自真实的手机。",
    en: "No screen recording of the collection: it shows that the screenshots come from a real phone."
  },
  "warning.voice_without_transcript": {
    zh: "语音“{path}”没有对应的文字转写：请在“语音文字转写”一步添加同名的文字文件。",
    en: "The voice message “{path}” has no transcript: add a text file of the same name in the “Voice transcript” step."
  },
  "preserve.form.title": { zh: "二、收集记录（当事人自述）", en: "2. The collection record (your own statement)" },
  "preserve.form.intro": {
    zh: "写明证据由谁、在什么设备上、用什么方法收集。收集记录是您本人的陈述（当事人自述）：它和文件一起封存，之后不能再改；公证节点只证明它在存证时已经存在、此后未被改动，不证明内容属实。各项都可以不填，但写清楚更容易被法院采信。",
    en: "State who collected the evidence, on which device and how. The collection record is your own statement: it is sealed with the files and cannot be changed afterwards; the notaries prove only that it existed when preserved and was not altered since, not that it is true. Every field is optional, but a clear record helps the court rely on it."
  },
  "preserve.form.operator": { zh: "收集人", en: "Collected by" },
  "preserve.form.operator.hint": { zh: "例如：李四（本人）", en: "For example: Li Si (myself)" },
  "preserve.form.device": { zh: "设备", en: "Device" },
  "preserve.form.device.hint": { zh: "存有证据的手机的品牌和型号，例如：华为 Mate 60", en: "Make and model of the phone that holds the evidence, such as Huawei Mate 60" },
  "preserve.form.app": { zh: "应用", en: "App" },
  "preserve.form.app.hint": { zh: "例如：微信", en: "For example: WeChat" },
  "preserve.form.app_version": { zh: "应用版本", en: "App version" },
  "preserve.form.app_version.hint": { zh: "在“我 > 设置 > 关于微信”中查看，例如：8.0.50", en: "See Me > Settings > About WeChat, such as 8.0.50" },
  "preserve.form.started": { zh: "开始时间", en: "Started" },
  "preserve.form.ended": { zh: "结束时间", en: "Ended" },
  "preserve.form.method": { zh: "收集方法", en: "Method" },
  "preserve.form.method.hint": { zh: "例如：全程录屏，逐屏截图，并导出聊天记录", en: "For example: recorded the screen throughout, took screenshots page by page and exported the chat" },
  "preserve.form.steps": { zh: "操作步骤（每行一步）", en: "Steps taken (one per line)" },
  "preserve.form.steps.hint": { zh: "例如：打开与张三的聊天，从 2026-10-28 起逐屏截图", en: "For example: opened the chat with Zhang San and took screenshots from 2026-10-28 on" },
  "preserve.form.alg": { zh: "摘要算法", en: "Digest algorithm" },
  "preserve.form.alg.sha256": { zh: "SHA-256（默认）", en: "SHA-256 (default)" },
  "preserve.form.alg.sm3": { zh: "SM3（国密算法）", en: "SM3 (the Chinese national standard)" },
  "preserve.form.invalid": {
    zh: "收集记录中有一项需要修改，请看该项下的提示。",
    en: "One field of the collection record needs a change: see the note under it."
  },
  "preserve.form.error.text": {
    zh: "内容太长：每项最多 4096 个字。",
    en: "Too long: at most 4096 characters a field."
  },
  "preserve.form.error.started": {
    zh: "请填写完整的日期和时间。",
    en: "Enter a whole date and time."
  },
  "preserve.form.error.ended": {
    zh: "请填写完整的日期和时间，且不能早于开始时间。",
    en: "Enter a whole date and time, not before the start."
  },
  "preserve.form.error.steps": {
    zh: "最多 200 步，每步最多 4096 个字。",
    en: "At most 200 steps, each at most 4096 characters."
  },
  "preserve.seal.title": { zh: "三、封存并存证", en: "3. Seal and preserve" },
  "preserve.seal.intro": {
    zh: "封存时，浏览器在本机计算每个文件的摘要并生成清单，存入本浏览器；然后只把汇总摘要提交给公证节点。",
    en: "Sealing computes each file's digest on this device and makes the manifest, kept in this browser; then only the combined digest is submitted to the notary node."
  },
  "preserve.seal.button": { zh: "封存并存证", en: "Seal and preserve" },
  "preserve.seal.nothing": { zh: "请先添加至少一个文件。", en: "Add at least one file first." },
  "preserve.seal.files": { zh: "已完成 {done} / {count} 个文件", en: "{done} of {count} files done" },
  "preserve.seal.file": { zh: "{name}：{percent}%", en: "{name}: {percent}%" },
  "preserve.seal.cancelled": {
    zh: "已取消封存：没有保存或发送任何内容。文件仍在上面，可以修改后重新封存。",
    en: "Sealing cancelled: nothing was kept or sent. The files are still above; change them and seal again."
  },
  "preserve.seal.unreadable": {
    zh: "无法读取文件“{path}”：它在添加后被改动、移动或删除了。请移除后重新添加。",
    en: "The file “{path}” cannot be read: it was changed, moved or deleted after it was added. Remove it and add it again."
  },
  "preserve.seal.failed": { zh: "封存失败：{detail}", en: "Sealing failed: {detail}" },
  "preserve.stage.sealed": { zh: "已封存（清单已存入本浏览器）", en: "Sealed (the manifest is kept in this browser)" },
  "preserve.stage.submitting": { zh: "已提交", en: "Submitted" },
  "preserve.stage.receipted": { zh: "已受理（回执）", en: "Accepted (receipt)" },
  "preserve.stage.receipted.waiting": { zh: "等待公证节点受理（回执）", en: "Waiting for the notary node's receipt" },
  "preserve.stage.committed.waiting": { zh: "等待上链（公证节点签名）", en: "Waiting to go on the ledger (the notaries sign)" },
  "preserve.stage.committed.signed": {
    zh: "已上链（{k} / {n} 个公证节点签名）",
    en: "On the ledger (signed by {k} of {n} notaries)"
  },
  "preserve.busy": {
    zh: "公证节点正忙，{seconds} 秒后自动重试。",
    en: "The notary node is busy; trying again in {seconds} s."
  },
  "preserve.waiting": {
    zh: "已受理，正在等待公证节点签名上链。可以关闭本页，再次打开时会自动继续。",
    en: "Accepted; waiting for the notaries to sign it onto the ledger. You may close this page: it goes on when you open it again."
  },
  "preserve.failed": {
    zh: "暂未完成：{detail}。存证已保存在本浏览器中，稍后自动重试；关闭本页后再打开也会继续。",
    en: "Not done yet: {detail}. The preservation is kept in this browser and is tried again shortly; it also goes on when you open this page again."
  },
  "preserve.failed.unreachable": { zh: "暂时连不上公证节点", en: "the notary node cannot be reached now" },
  "preserve.failed.refused": { zh: "公证节点拒绝了请求（{message}）", en: "the notary node refused the request ({message})" },
  "preserve.failed.proof": { zh: "公证节点给出的证明文件未通过核验", en: "the proof bundle the notary node gave did not check out" },
  "preserve.failed.answer": { zh: "公证节点的回答未通过核验", en: "the notary node's answer did not check out" },
  "preserve.retry": { zh: "立即重试", en: "Try again now" },
  "preserve.other_node": {
    zh: "提交到另一个公证节点（{node}），请在那里的页面上查看。",
    en: "Submitted to another notary node ({node}); see it on that node's page."
  },
  "preserve.done.title": { zh: "✔ 存证完成", en: "✔ Preserved" },
  "preserve.done.sentence": {
    zh: "这 {count} 个文件和收集记录最迟于北京时间 {beijing} 已记入存证账本（第 {height} 号区块，第 {record} 条记录），由 {n} 个公证节点中的 {k} 个签名确认。",
    en: "These {count} files and the collection record were on the ledger no later than {beijing} Beijing time (block {height}, record no. {record}), signed by {k} of {n} notaries."
  },
  "preserve.download": { zh: "下载存证包（.zip）", en: "Download the evidence package (.zip)" },
  "preserve.download.failed": { zh: "无法生成存证包：{detail}", en: "The evidence package cannot be made: {detail}" },
  "preserve.keep.title": { zh: "请保存好", en: "What to keep" },
  "preserve.keep.zip": {
    zh: "存证包：至少存两份（电脑、网盘或 U 盘）。其中的清单 manifest.json 保存着每个文件的随机盐值，这是唯一的一份，丢失后就不能再单独证明其中某个文件。",
    en: "The evidence package, in two places at least (a computer, cloud storage, a USB stick). Its manifest.json holds each file's random salt, the only copy: without it no single file can be proven on its own."
  },
  "preserve.keep.files": {
    zh: "原始文件：一个字节也不要改动，不要编辑、压缩或重新导出。",
    en: "The original files, unchanged to the byte: do not edit, compress or export them again."
  },
  "preserve.keep.device": {
    zh: "原始手机：法院通常要求出示原始载体，请不要删除聊天记录、卸载微信或更换手机。",
    en: "The original phone: courts usually ask to see the original device, so do not delete the chat, uninstall WeChat or replace the phone."
  },
  "preserve.keep.browser": {
    zh: "本浏览器也保存了一份存证记录，但清除浏览器数据会将其删除，请以下载的存证包为准。",
    en: "This browser keeps a copy of the preservation too, but clearing its data deletes it: rely on the downloaded package."
  },
  "preserve.new": { zh: "开始新的存证", en: "Start a new preservation" },
  "preserve.list.title": { zh: "本浏览器中的存证", en: "Preservations in this browser" },
  "preserve.no_store": {
    zh: "本浏览器无法保存存证记录（可能处于无痕模式或禁用了网站数据），因此不能在这里存证：{detail}",
    en: "This browser cannot keep preservations (a private window, or site data switched off), so it cannot preserve here: {detail}"
  },
  "preserve.list.item": {
    zh: "证书编号 {number} · {count} 个文件 · 创建于 {time}",
    en: "Certificate no. {number} · {count} files · made {time}"
  }
};

// node/api/static/catalog/reasons.js
var REASON_WORDS = {
  "reason.malformed_bundle": {
    zh: "证明文件不完整、格式不对，或其各部分互相矛盾，不能采信。",
    en: "The proof bundle is incomplete or malformed, or its parts contradict each other: it cannot be relied on."
  },
  "reason.wrong_chain": {
    zh: "证明文件来自另一个账本：它的链标识与所信任的创世文件不同。",
    en: "The proof bundle is from another ledger: its chain id is not the trusted genesis's."
  },
  "reason.wrong_genesis": {
    zh: "证明文件所属的账本与所信任的创世文件同名，但创世文件不同。",
    en: "The proof bundle's ledger has the trusted genesis's name, but another genesis."
  },
  "reason.governance_invalid": {
    zh: "证明文件所附的联盟成员变更，无法从所信任的创世文件核验。",
    en: "A change of the consortium carried in the proof bundle does not check from the trusted genesis."
  },
  "reason.validators_mismatch": {
    zh: "证明文件列出的公证节点，不是该区块当时生效的公证节点。",
    en: "The notaries the proof bundle names are not those in force for its block."
  },
  "reason.commit_invalid": {
    zh: "公证节点对该区块的提交签名不成立，或签名的投票权不足。",
    en: "The notaries' commit of the block does not verify, or too little voting power signed it."
  },
  "reason.inclusion_invalid": {
    zh: "包含证明推导不出公证节点签署的账本根摘要：证明文件已被改动或损坏。",
    en: "The inclusion proof does not lead to the ledger root the notaries signed: the bundle was altered or damaged."
  },
  "reason.checkpoint_invalid": {
    zh: "公证节点签署的检查点不成立：账本规模或根摘要不符、签名无效，或投票权不足。",
    en: "The checkpoint the notaries signed does not verify: its size or root, a signature, or the voting power behind it."
  },
  "reason.consistency_invalid": {
    zh: "证明文件后来补充的检查点或一致性证明不成立。",
    en: "The later checkpoint added to the proof bundle, or its consistency proof, does not verify."
  },
  "reason.untrusted_quorum": {
    zh: "您所信任的公证节点，合计投票权未超过三分之二。",
    en: "The notaries you trust do not hold more than two thirds of the voting power."
  },
  "reason.timestamp_invalid": { zh: "RFC 3161 时间戳不成立。", en: "The RFC 3161 time-stamp does not check out." },
  "reason.file_mismatch": {
    zh: "文件与存证记录不符：文件的摘要不是记录中的摘要。这不是当初存证的那个文件，或它已被改动。",
    en: "The file does not match the record: its digest is not the recorded one. It is not the file that was recorded, or it was changed."
  },
  "reason.package_needs_manifest": {
    zh: "这是一个存证包的记录：它的摘要由包内全部文件共同算出，单个文件无法与之比对。请添加清单（manifest.json）和文件夹，或该文件的单文件披露。",
    en: "The record is a sealed evidence package, whose digest is computed from all its files together: no single file can be compared with it. Add the manifest (manifest.json) and the folder, or this file's disclosure."
  },
  "reason.malformed_manifest": { zh: "清单格式不对，不是 cunzheng 存证包的清单。", en: "The manifest is malformed: not a cunzheng evidence package manifest." },
  "reason.manifest_mismatch": {
    zh: "清单属于另一个存证包，不是该证明文件所证明的记录。",
    en: "The manifest is of another evidence package than the record the proof bundle proves."
  },
  "reason.manifest_edited": {
    zh: "清单在封存后被改动过：文件列表或收集记录与封存时不同。",
    en: "The manifest was edited after sealing: its file list or collection record is not as sealed."
  },
  "reason.package_files_differ": {
    zh: "文件夹与封存时的存证包不一致：{count} 个文件有变化，见下表。",
    en: "The folder is not the package as sealed: {count} files differ, listed below."
  },
  "reason.malformed_disclosure": { zh: "单文件披露格式不对。", en: "The disclosure is malformed." },
  "reason.disclosure_invalid": {
    zh: "单文件披露不成立：它属于另一个存证包、指向另一个文件，或文件内容与披露的不同。",
    en: "The disclosure does not check out: it is of another package, names another file, or the file differs from the one disclosed."
  },
  "error.digest_mismatch": {
    zh: "文件的 {alg} 摘要为 {file}，记录中为 {record}。",
    en: "The file's {alg} digest is {file}; the record holds {record}."
  },
  "error.bundle_unsupported": {
    zh: "不支持此版本的证明文件（version {version}，hash_alg {hashAlg}）：请使用新版的核验页面。",
    en: "This proof bundle version is not supported (version {version}, hash_alg {hashAlg}): use a newer verifier."
  },
  "error.commit_malformed": { zh: "区块提交无法解码：{detail}", en: "The block commit cannot be decoded: {detail}" },
  "error.chain_mismatch": { zh: "区块头属于链 {header}，证明文件却说是链 {bundle}。", en: "The block header is of chain {header}, but the bundle says {bundle}." },
  "error.leaf_not_in_block": {
    zh: "证明文件所说的记录位置（leaf_index {leafIndex}）不在第 {height} 号区块中。",
    en: "The record position the bundle gives (leaf_index {leafIndex}) is not in block {height}."
  },
  "error.inclusion_not_for_header": {
    zh: "包含证明不是针对第 {height} 号区块头中的账本根。",
    en: "The inclusion proof is not for the ledger root in the header of block {height}."
  },
  "error.inclusion_failed": {
    zh: "包含证明算得的根为 {computed}，已签名的根为 {expected}。",
    en: "The inclusion proof yields root {computed}; the signed root is {expected}."
  },
  "error.validators_hash_mismatch": {
    zh: "证明文件中的公证节点名单（摘要 {computed}）不是区块头所指定的名单（{header}）。",
    en: "The bundle's list of notaries (hash {computed}) is not the one the block header names ({header})."
  },
  "error.checkpoint_body_mismatch": { zh: "检查点内容与区块头不符（应为 {expected}）。", en: "The checkpoint does not match the block header (expected {expected})." },
  "error.checkpoint_signature_invalid": {
    zh: "公证节点 {name} 的检查点签名无效：证明文件已被改动，请勿采信，并向其他公证节点重新获取。",
    en: "The checkpoint signature of notary {name} is invalid: the bundle was altered. Do not rely on it; fetch it again from another notary."
  },
  "error.not_enough_signatures": {
    zh: "签名不足：{n} 个公证节点中只有 {k} 个签名（投票权 {power} / {total}），需要超过三分之二。",
    en: "Not enough signatures: {k} of {n} notaries signed (voting power {power} of {total}); more than two thirds is needed."
  },
  "error.commit_mismatch": { zh: "区块提交不是针对第 {height} 号区块的这个区块头。", en: "The block commit is not for this header of block {height}." },
  "error.commit_signature_invalid": {
    zh: "公证节点 {name} 的区块提交签名无效：证明文件已被改动，请勿采信。",
    en: "The commit signature of notary {name} is invalid: the bundle was altered. Do not rely on it."
  },
  "error.commit_not_quorum": {
    zh: "区块提交的投票权为 {power} / {total}，未超过三分之二。",
    en: "The block commit holds voting power {power} of {total}; more than two thirds is needed."
  },
  "prompt.needs_bundle": {
    zh: "请添加证明文件（.cunzheng.json）或存证包（.zip）。",
    en: "Add the proof bundle (.cunzheng.json) or the evidence package download (.zip)."
  },
  "prompt.offline_needs_bundle": {
    zh: "本文件不联网，无法查询记录：请添加证明文件（.cunzheng.json）或存证包（.zip）。",
    en: "This file works offline and cannot look records up: add the proof bundle (.cunzheng.json) or the evidence package download (.zip)."
  },
  "prompt.digest_not_found": {
    zh: "本节点没有以该文件的摘要（哈希值 {digest}）登记的记录。它可能是某个存证包中的一个文件：存证包只登记全部文件共同算出的摘要。请添加该存证包的清单（manifest.json）或该文件的单文件披露；如有证明文件或存证包（.zip），也请一并添加。",
    en: "This node holds no record with this file's digest ({digest}). It may be one file of a sealed evidence package, which records only the digest of all its files together: add the package's manifest (manifest.json) or this file's disclosure; if you have the proof bundle or the evidence package download (.zip), add it too."
  },
  "prompt.root_not_found": {
    zh: "本节点没有该存证包的记录（根摘要 {digest}）。请添加证明文件（.cunzheng.json）或存证包（.zip）。",
    en: "This node holds no record of this evidence package (root {digest}). Add the proof bundle (.cunzheng.json) or the evidence package download (.zip)."
  },
  "prompt.digest_pending": {
    zh: "该摘要已提交，但尚未写入区块。请几秒钟后再试。",
    en: "The digest was submitted but is not in a block yet. Try again in a few seconds."
  },
  "prompt.needs_manifest_for_folder": {
    zh: "文件夹要与它的清单（manifest.json）一起核对：请添加清单，或添加存证包（.zip）。",
    en: "A folder is checked against its manifest (manifest.json): add the manifest, or the evidence package download (.zip)."
  },
  "prompt.folder_and_files": {
    zh: "请只添加文件夹，或只添加单个文件，不要两者同时添加。",
    en: "Give either the folder or single files, not both."
  },
  "prompt.needs_disclosed_file": {
    zh: "单文件披露要与它所披露的那一个文件一起核对：请只添加那一个文件。",
    en: "A disclosure is checked with the one file it discloses: give only that file."
  },
  "prompt.needs_manifest_for_files": {
    zh: "您添加了 {count} 个文件。核对多个文件需要存证包的清单（manifest.json）或存证包（.zip）。",
    en: "You gave {count} files. Checking several files needs the evidence package's manifest (manifest.json) or its download (.zip)."
  },
  "prompt.cancelled": { zh: "已取消核验。", en: "The check was cancelled." },
  "prompt.file_read_error": {
    zh: "无法读取文件：{detail}。文件可能在读取时被改动或移走了。",
    en: "Cannot read a file: {detail}. It may have been changed or moved while being read."
  },
  "prompt.network_error": { zh: "无法连接本节点：{detail}", en: "Cannot reach this node: {detail}" },
  "prompt.node_error": { zh: "本节点返回错误（HTTP {status}）：{message}", en: "This node answered with an error (HTTP {status}): {message}" }
};

// node/api/static/catalog/verify.js
var VERIFY_WORDS = {
  "verify.intro": {
    zh: "把要核验的材料一起拖到下面：证据文件或文件夹、证明文件（.cunzheng.json）、清单（manifest.json）、单文件披露、创世文件，或当事人的存证包（.zip）。本页会自动识别每个文件。",
    en: "Drop everything you were given below: evidence files or the folder, the proof bundle (.cunzheng.json), the manifest (manifest.json), a disclosure, the genesis, or the litigant's evidence package download (.zip). The page recognises each file."
  },
  "verify.intro.certificate": {
    zh: "要核对证据文件本身，请把文件（存证包则为清单和文件夹）拖到下面，本页按证书所载的记录核对。",
    en: "To check the evidence files themselves, drop the file (for a package: the manifest and the folder) below; the page checks them against the certificate's record."
  },
  "drop.title": { zh: "把文件或文件夹拖到这里", en: "Drop files or a folder here" },
  "drop.hint": { zh: "也可以点下面的按钮选择；可以分几次添加。", en: "Or choose them with the buttons below; you may add them in several goes." },
  "drop.files": { zh: "选择文件", en: "Choose files" },
  "drop.folder": { zh: "选择文件夹", en: "Choose a folder" },
  "drop.privacy": {
    zh: "文件只在您的浏览器中计算摘要，不会上传。需要查询记录时，发往本节点的只有摘要。",
    en: "Files are hashed in this browser and never uploaded. When a record must be looked up, only a digest is sent to this node."
  },
  "drop.privacy.offline": {
    zh: "本文件不联网：文件只在您的浏览器中计算摘要，什么也不会发出。",
    en: "This file works offline: files are hashed in this browser and nothing is sent anywhere."
  },
  "given.title": { zh: "已添加", en: "Given" },
  "given.bundle.file": { zh: "证明文件：{name}", en: "Proof bundle: {name}" },
  "given.bundle.zip": { zh: "证明文件：取自存证包 {name}", en: "Proof bundle: from the evidence package {name}" },
  "given.bundle.node": { zh: "证明文件：从本节点取得（记录 {name}）", en: "Proof bundle: fetched from this node (record {name})" },
  "given.zip": { zh: "存证包：{name}（其中的创世文件不作为信任依据）", en: "Evidence package: {name} (its genesis is not trusted)" },
  "given.manifest": { zh: "清单：{name}", en: "Manifest: {name}" },
  "given.disclosure": { zh: "单文件披露：{name}", en: "Disclosure: {name}" },
  "given.genesis": { zh: "创世文件（作为信任依据）：{name}", en: "Genesis (trusted): {name}" },
  "given.folder": { zh: "文件夹：{name}（{count} 个文件）", en: "Folder: {name} ({count} files)" },
  "given.file": { zh: "证据文件：{name}（{size}）", en: "Evidence file: {name} ({size})" },
  "given.wanted.package": { zh: "二维码所指的存证包记录：{id}…", en: "Evidence package record from the QR code: {id}…" },
  "given.wanted.file": { zh: "二维码所指的文件记录：{id}…", en: "File record from the QR code: {id}…" },
  "given.refused": { zh: "未采用 {name}：{why}", en: "Not used: {name}: {why}" },
  "given.remove": { zh: "移除", en: "Remove" },
  "given.clear": { zh: "全部清除，重新开始", en: "Clear all and start again" },
  "refused.folder_names": { zh: "文件夹中有两个文件名在 Unicode 规范化后相同：{detail}", en: "two names in the folder are the same after Unicode normalization: {detail}" },
  "refused.bad_genesis": { zh: "这不是有效的创世文件：{detail}", en: "not a valid genesis: {detail}" },
  "refused.zip.unreadable": { zh: "无法读取该压缩包：{detail}", en: "the zip cannot be read: {detail}" },
  "refused.zip.too_many": { zh: "压缩包中的文件超过 {limit} 个，不是本系统生成的存证包", en: "the zip has more than {limit} members: not an evidence package made by cunzheng" },
  "refused.zip.unsafe_name": { zh: "压缩包中有不安全或重复的文件名“{member}”", en: "the zip has an unsafe or repeated member name “{member}”" },
  "refused.zip.member_too_large": { zh: "压缩包中的“{member}”超过 {limit} 字节", en: "the zip member “{member}” is over {limit} bytes" },
  "refused.zip.no_bundle": { zh: "压缩包中没有 {member}", en: "the zip has no {member}" },
  "refused.zip.too_large": { zh: "压缩包超过 {limit} 字节", en: "the zip is over {limit} bytes" },
  "progress.hashing": {
    zh: "正在计算摘要：{done} / {total}（{percent}%），{rate}",
    en: "Computing digests: {done} of {total} ({percent}%), {rate}"
  },
  "progress.cancel": { zh: "取消", en: "Cancel" },
  "headline.valid": { zh: "✔ 有效", en: "✔ Valid" },
  "headline.unconfirmed": { zh: "✔ 核验通过，但公证节点身份未经确认", en: "✔ Checks passed, but the notaries are not confirmed" },
  "headline.invalid": { zh: "✘ 无效", en: "✘ Invalid" },
  "headline.incomplete": { zh: "… 尚不能完整核验", en: "… Cannot be fully checked yet" },
  "headline.needs": { zh: "… 还需要材料", en: "… More is needed" },
  "subject.folder": { zh: "存证包的全部 {count} 个文件", en: "all {count} files of the evidence package" },
  "subject.disclosed": { zh: "文件“{name}”（存证包中的一个文件）", en: "the file “{name}” (one file of an evidence package)" },
  "subject.file": { zh: "文件“{name}”", en: "the file “{name}”" },
  "subject.manifest": { zh: "该清单所列的存证包（{count} 个文件）", en: "the evidence package this manifest lists ({count} files)" },
  "subject.package": { zh: "该存证包（{count} 个文件）", en: "the evidence package ({count} files)" },
  "subject.record": { zh: "摘要以 {digest} 开头的记录", en: "the record whose digest starts {digest}" },
  "sentence.valid": {
    zh: "{subject}最迟于北京时间 {beijing}（协调世界时 {utc}）已经存在，此后未被改动；由联盟 {chain}（创世摘要 {genesis}…）的 {n} 个公证节点中的 {k} 个签名，依据{anchor}核验。",
    en: "{subject} existed no later than {utc} UTC ({beijing} Beijing time) and has not been altered since; signed by {k} of the {n} notaries of consortium {chain} (genesis {genesis}…), checked against {anchor}."
  },
  "sentence.unconfirmed": {
    zh: "{subject}最迟于北京时间 {beijing}（协调世界时 {utc}）已经存在，此后未被改动；由 {n} 个公证节点中的 {k} 个签名。但这份公证节点名单来自证明文件本身，尚未与可信的创世文件核对。",
    en: "{subject} existed no later than {utc} UTC ({beijing} Beijing time) and has not been altered since; signed by {k} of {n} notaries. But that list of notaries comes from the proof bundle itself and has not been checked against a trusted genesis."
  },
  "anchor.node": { zh: "本节点的创世文件", en: "this node's genesis" },
  "anchor.embedded": { zh: "本文件内嵌的创世文件", en: "the genesis built into this file" },
  "anchor.given": { zh: "您提供的创世文件 {name}", en: "the genesis you gave ({name})" },
  "follow.package": {
    zh: "以上核验的是记录本身。要核对文件，请添加清单（manifest.json）和文件夹，或某个文件及其单文件披露。",
    en: "This checked the record itself. To check the files, add the manifest (manifest.json) and the folder, or one file with its disclosure."
  },
  "follow.file": {
    zh: "以上核验的是记录本身。要核对文件，请把该文件拖到本页。",
    en: "This checked the record itself. To check the file, drop it on this page."
  },
  "follow.unconfirmed": {
    zh: "请向联盟取得它公布的创世文件，核对创世摘要是否为 {genesis}，再把创世文件与其他材料一起拖到本页。",
    en: "Get the genesis the consortium publishes, check that its hash is {genesis}, and drop it here with the rest."
  },
  "follow.unconfirmed.not_carried": {
    zh: "该证明文件（第 1 版）未附创世文件：请向联盟取得它公布的创世文件，与其他材料一起拖到本页。",
    en: "This proof bundle (version 1) carries no genesis: get the genesis the consortium publishes and drop it here with the rest."
  },
  "follow.published": { zh: "联盟在 {url} 公布创世文件，可据此核对。", en: "The consortium publishes its genesis at {url}, to compare with." },
  "follow.several": { zh: "本节点有该摘要的 {count} 条记录，这里显示最早的一条。", en: "This node holds {count} records of this digest; the earliest is shown." },
  "notice.genesis_not_carried": {
    zh: "这是第 1 版证明文件：它写明了创世摘要却未附创世文件，该摘要无从核实，因此不予显示。",
    en: "This is a version 1 proof bundle: it names a genesis hash but does not carry the genesis, so that hash is tied to nothing and is not shown."
  },
  "notice.timestamp_unchecked": {
    zh: "证明文件带有 RFC 3161 时间戳，本页不核验它；请用 cunzheng verify --tsa-anchor 核验。",
    en: "The proof bundle carries an RFC 3161 time-stamp, which this page does not check; check it with cunzheng verify --tsa-anchor."
  },
  "notice.collection_not_sealed": {
    zh: "该清单为第 1 版：收集记录未被封存，可能在封存后被改动过。",
    en: "This is a version 1 manifest: its collection record is not sealed and may have been edited after sealing."
  },
  "files.title": { zh: "各文件核对结果（共 {count} 项）", en: "Each file ({count})" },
  "file.unchanged": { zh: "未改动", en: "unchanged" },
  "file.changed": { zh: "已改动：内容与封存时不同", en: "changed: its content differs from when it was sealed" },
  "file.missing": { zh: "缺少：未提供，或已被删除", en: "missing: not given, or deleted" },
  "file.added": { zh: "多出：封存时没有这个文件", en: "added: not in the package when it was sealed" },
  "file.renamed": { zh: "改名为“{to}”，内容未变", en: "renamed to “{to}”, content unchanged" },
  "collection.title": { zh: "收集记录（当事人自述）", en: "Collection record (the litigant's own statement)" },
  "collection.sealed": {
    zh: "以下内容由当事人自己填写，随存证包一起封存：能证明封存后未被改动，不能证明内容属实。",
    en: "Written by the litigant and sealed with the package: it shows the text was not edited after sealing, not that it is true."
  },
  "collection.unsealed": {
    zh: "以下内容由当事人自己填写，且未被封存（第 1 版清单）：可能在封存后被改动过。",
    en: "Written by the litigant and not sealed (a version 1 manifest): it may have been edited after sealing."
  },
  "collection.operator": { zh: "操作人", en: "Operator" },
  "collection.device": { zh: "设备", en: "Device" },
  "collection.app": { zh: "应用", en: "App" },
  "collection.app_version": { zh: "应用版本", en: "App version" },
  "collection.started": { zh: "开始时间", en: "Started" },
  "collection.ended": { zh: "结束时间", en: "Ended" },
  "collection.method": { zh: "方法", en: "Method" },
  "collection.steps": { zh: "步骤", en: "Steps" },
  "collection.unstated": { zh: "（未填写）", en: "(not stated)" },
  "record.title": { zh: "记录", en: "Record" },
  "record.number": { zh: "证书编号", en: "Certificate number" },
  "record.time": { zh: "存在时间（不晚于）", en: "Existed no later than" },
  "record.block_time": { zh: "共识时间（提议者时钟）", en: "Block time, proposer's clock" },
  "record.block_time.value": { zh: "{time}（协调世界时；存在时间另加 {margin} 毫秒）", en: "{time} UTC (the time above adds {margin} ms)" },
  "record.block": { zh: "位置", en: "Position" },
  "record.block.value": { zh: "第 {height} 号区块，第 {number} 条记录", en: "block {height}, record no. {number}" },
  "record.digest": { zh: "文件摘要（哈希值，{alg}）", en: "File digest ({alg})" },
  "record.root": { zh: "存证包根摘要（哈希值，{alg}）", en: "Package root digest ({alg})" },
  "record.files": { zh: "文件数", en: "Files" },
  "record.kind": { zh: "类型", en: "Kind" },
  "record.meta": { zh: "附注", en: "Notes" },
  "record.meta.item": { zh: "{key}：{value}", en: "{key}: {value}" },
  "record.id": { zh: "记录编号", en: "Record id" },
  "record.chain": { zh: "联盟（链标识）", en: "Consortium (chain id)" },
  "record.genesis": { zh: "创世摘要", en: "Genesis hash" },
  "record.genesis.not_carried": { zh: "无（第 1 版证明文件未附创世文件）", en: "none (a version 1 proof bundle carries no genesis)" },
  "notary.title": { zh: "公证节点", en: "Notaries" },
  "notary.name": { zh: "公证节点", en: "Notary" },
  "notary.power": { zh: "投票权", en: "Voting power" },
  "notary.signature": { zh: "签名", en: "Signature" },
  "notary.signed": { zh: "已签名", en: "signed" },
  "notary.absent": { zh: "未参与（不影响效力）", en: "did not take part (does not affect validity)" },
  "notary.quorum": {
    zh: "签名的公证节点合计投票权 {power} / {total}，超过三分之二即为有效。",
    en: "The notaries who signed hold {power} of {total} voting power; more than two thirds makes it valid."
  },
  "check.title": { zh: "核验步骤", en: "Checks" },
  "check.bundle": { zh: "读取证明文件，核对其各部分一致", en: "Read the proof bundle; its parts agree" },
  "check.chain": { zh: "核对联盟、创世文件与公证节点名单", en: "Check the consortium, its genesis and its notaries" },
  "check.chain.unconfirmed": {
    zh: "公证节点名单：仅依据证明文件自带的名单（未提供可信的创世文件）",
    en: "Notaries: only the list the proof bundle carries (no trusted genesis given)"
  },
  "check.commit": { zh: "核验公证节点对区块的提交签名（证明区块时间）", en: "Check the notaries' commit of the block (which proves its time)" },
  "check.inclusion": { zh: "核验默克尔包含证明（RFC 9162）", en: "Check the Merkle inclusion proof (RFC 9162)" },
  "check.checkpoint": { zh: "核验检查点签名（超过三分之二的投票权）", en: "Check the checkpoint signatures (over two thirds of the voting power)" },
  "check.consistency": { zh: "核验后来的检查点与一致性证明", en: "Check the later checkpoint and its consistency proof" },
  "check.evidence.file": { zh: "比对文件摘要与记录", en: "Compare the file's digest with the record" },
  "check.evidence.folder": { zh: "核对清单，并逐个核对文件夹中的文件", en: "Check the manifest, then each file of the folder" },
  "check.evidence.disclosure": { zh: "核验单文件披露与文件", en: "Check the disclosure and the file" },
  "check.evidence.manifest": { zh: "核对清单属于该记录且未被改动", en: "Check that the manifest is this record's and unedited" },
  "verdict.technical": { zh: "技术细节", en: "Technical details" },
  "action.certificate": { zh: "下载存证证书（可打印）", en: "Download the certificate (printable)" },
  "action.bundle": { zh: "下载证明文件", en: "Download the proof bundle" }
};

// node/api/static/i18n.js
function merged(parts) {
  const catalog = /* @__PURE__ */ new Map();
  for (const part of parts) {
    for (const [key, words] of Object.entries(part)) {
      if (catalog.has(key)) throw new Error(`the catalog defines ${key} twice`);
      catalog.set(key, words);
    }
  }
  return catalog;
}
var CATALOG = merged([PAGE_WORDS, VERIFY_WORDS, REASON_WORDS, CERTIFICATE_WORDS, PRESERVE_WORDS]);
function preferredLanguage(languages) {
  const first = (languages || []).find((l) => /^(zh|en)\b/i.test(l)) || "en";
  return first.toLowerCase().startsWith("zh") ? "zh" : "en";
}
function translate(lang, key, params = {}) {
  const template = CATALOG.get(key)?.[lang] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => Object.hasOwn(params, name) ? String(params[name]) : whole);
}
function hasText(key) {
  return CATALOG.has(key);
}

// node/api/static/core/plain-text.js
var CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
var NAMED = /* @__PURE__ */ new Map([["\n", "\\n"], ["\r", "\\r"], ["	", "\\t"]]);
function escaped(text, { keepNewlines = false } = {}) {
  return text.replace(CONTROL_CHARACTERS, (char) => {
    if (keepNewlines && char === "\n") return char;
    const code = (
      /** @type {number} */
      char.codePointAt(0)
    );
    return NAMED.get(char) ?? (code < 256 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
  });
}

// node/api/static/page/dom.js
var SVG_NS = "http://www.w3.org/2000/svg";
function el(tag, { cls, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== void 0) node.textContent = escaped(text, { keepNewlines: true });
  for (const [name, value] of Object.entries(attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) {
    if (child !== null) node.append(typeof child === "string" ? escaped(child, { keepNewlines: true }) : child);
  }
  return node;
}
function svg(tag, attrs) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}
function fact(list, label, ...values) {
  list.append(el("dt", { text: label }));
  for (const value of values) list.append(typeof value === "string" ? el("dd", { text: value }) : el("dd", {}, [value]));
}
function formatBytes(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}
function formatRate(bytesPerSecond) {
  return `${(bytesPerSecond / 1e6).toFixed(bytesPerSecond < 1e7 ? 1 : 0)} MB/s`;
}
function download(data, name, type) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = el("a", { attrs: { href: url, download: name } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 6e4);
}

// node/api/static/core/bytes.js
var encoder = new TextEncoder();
var decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
var LOWER_HEX = /^(?:[0-9a-f]{2})*$/;
var LONE_SURROGATE = /[\uD800-\uDFFF]/u;
function isWellFormed(text) {
  return !LONE_SURROGATE.test(text);
}
function utf8(text) {
  return encoder.encode(text);
}
function utf8Text(bytes) {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}
function bytesToHex(bytes) {
  let text = "";
  for (const b of bytes) text += b.toString(16).padStart(2, "0");
  return text;
}
function hexToBytes(text) {
  if (!LOWER_HEX.test(text)) return null;
  const bytes = new Uint8Array(text.length / 2);
  for (let i2 = 0; i2 < bytes.length; i2++) bytes[i2] = parseInt(text.slice(2 * i2, 2 * i2 + 2), 16);
  return bytes;
}
function bytesToBase64(bytes) {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}
function base64ToBytes(text) {
  let binary;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return bytesToBase64(bytes) === text ? bytes : null;
}
function concatBytes(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i2 = 0; i2 < a.length; i2++) if (a[i2] !== b[i2]) return false;
  return true;
}
function compareBytes(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i2 = 0; i2 < n; i2++) if (a[i2] !== b[i2]) return a[i2] - b[i2];
  return a.length - b.length;
}
function compareText(a, b) {
  return compareBytes(utf8(a), utf8(b));
}
function codePoints(text) {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

// node/api/static/core/errors.js
var LedgerError = class extends Error {
  /**
   * @param {string} message what was checked, expected and found
   * @param {string} [code] a key of i18n.js's `error.*` texts, '' when there is none
   * @param {Params} [params] the values the text names
   */
  constructor(message, code = "", params = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.params = params;
  }
};
var DecodeError = class extends LedgerError {
};
var SignatureError = class extends LedgerError {
};
var ProofError = class extends LedgerError {
};
var ChainBroken = class extends LedgerError {
};
var GovernanceError = class extends LedgerError {
};
var VerifyError = class extends Error {
  /**
   * @param {string} reason a reason code of docs/verdicts.md
   * @param {string} message
   * @param {string} [code] a key of i18n.js's `error.*` texts; the reason when not given
   * @param {Params} [params]
   */
  constructor(reason, message, code, params = {}) {
    super(message);
    this.name = "VerifyError";
    this.reason = reason;
    this.code = code || reason;
    this.params = params;
  }
};
function withReason(reason, check2) {
  try {
    return check2();
  } catch (err3) {
    throw asVerifyError(reason, err3);
  }
}
async function withReasonAsync(reason, check2) {
  try {
    return await check2();
  } catch (err3) {
    throw asVerifyError(reason, err3);
  }
}
function asVerifyError(reason, err3) {
  if (err3 instanceof LedgerError) return new VerifyError(reason, err3.message, err3.code, err3.params);
  return err3;
}

// node/api/static/core/json.js
var MAX_JSON_DEPTH = 64;
var WHITESPACE = /* @__PURE__ */ new Set([" ", "	", "\n", "\r"]);
var NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
var ESCAPES = (
  /** @type {Record<string, string>} */
  {
    '"': '"',
    "\\": "\\",
    "/": "/",
    b: "\b",
    f: "\f",
    n: "\n",
    r: "\r",
    t: "	"
  }
);
var LITERALS = (
  /** @type {[string, unknown][]} */
  [
    ["null", null],
    ["true", true],
    ["false", false]
  ]
);
var FLOAT_LITERALS = (
  /** @type {[string, number][]} */
  [
    ["NaN", NaN],
    ["Infinity", Infinity],
    ["-Infinity", -Infinity]
  ]
);
var JsonFloat = class {
  /** @param {number} value */
  constructor(value) {
    this.value = value;
  }
};
function parseJson(text, { uniqueKeys = false } = {}) {
  const reader = new Reader(text, uniqueKeys);
  reader.skipSpace();
  const value = reader.value(0);
  reader.skipSpace();
  if (reader.at < text.length) reader.fail("extra data after the JSON value");
  return value;
}
var Reader = class {
  /**
   * @param {string} text
   * @param {boolean} uniqueKeys
   */
  constructor(text, uniqueKeys) {
    this.text = text;
    this.uniqueKeys = uniqueKeys;
    this.at = 0;
  }
  /**
   * @param {string} what
   * @returns {never}
   */
  fail(what) {
    throw new DecodeError(`not JSON: ${what} at character ${this.at}`, "not_json");
  }
  skipSpace() {
    while (WHITESPACE.has(this.text[this.at])) this.at += 1;
  }
  /**
   * @param {number} depth
   * @returns {unknown}
   */
  value(depth) {
    const char = this.text[this.at];
    if (char === '"') return this.string();
    if (char === "{" || char === "[") {
      if (depth >= MAX_JSON_DEPTH) this.fail(`arrays and objects nested deeper than ${MAX_JSON_DEPTH} levels`);
      return char === "{" ? this.object(depth + 1) : this.array(depth + 1);
    }
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    for (const [word, value] of FLOAT_LITERALS) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return new JsonFloat(value);
      }
    }
    return this.number();
  }
  number() {
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    if (match === null) this.fail("expected a value");
    this.at += match[0].length;
    if (match[1] !== void 0 || match[2] !== void 0) return new JsonFloat(Number(match[0]));
    const integer2 = BigInt(match[0]);
    const safe = integer2 >= BigInt(Number.MIN_SAFE_INTEGER) && integer2 <= BigInt(Number.MAX_SAFE_INTEGER);
    return safe ? Number(integer2) : integer2;
  }
  string() {
    this.at += 1;
    let out = "";
    for (; ; ) {
      const char = this.text[this.at];
      if (char === void 0) this.fail("unterminated string");
      if (char === '"') {
        this.at += 1;
        return out;
      }
      if (char < " ") this.fail("control character in a string");
      if (char !== "\\") {
        out += char;
        this.at += 1;
        continue;
      }
      const escape = this.text[this.at + 1];
      if (escape === "u") {
        const hex = this.text.slice(this.at + 2, this.at + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("bad \\u escape");
        out += String.fromCharCode(parseInt(hex, 16));
        this.at += 6;
      } else if (escape !== void 0 && escape in ESCAPES) {
        out += ESCAPES[escape];
        this.at += 2;
      } else {
        this.fail("bad escape");
      }
    }
  }
  /** @param {number} depth */
  array(depth) {
    this.at += 1;
    const items = [];
    this.skipSpace();
    if (this.text[this.at] === "]") {
      this.at += 1;
      return items;
    }
    for (; ; ) {
      this.skipSpace();
      items.push(this.value(depth));
      this.skipSpace();
      const char = this.text[this.at];
      this.at += 1;
      if (char === "]") return items;
      if (char !== ",") this.fail("expected ',' or ']'");
    }
  }
  /** @param {number} depth */
  object(depth) {
    this.at += 1;
    const result = {};
    this.skipSpace();
    if (this.text[this.at] === "}") {
      this.at += 1;
      return result;
    }
    for (; ; ) {
      this.skipSpace();
      if (this.text[this.at] !== '"') this.fail("expected a key in double quotes");
      const key = this.string();
      if (this.uniqueKeys && Object.hasOwn(result, key)) {
        this.fail(`key ${JSON.stringify(key)} appears twice in one object`);
      }
      this.skipSpace();
      if (this.text[this.at] !== ":") this.fail("expected ':'");
      this.at += 1;
      this.skipSpace();
      Object.defineProperty(result, key, {
        value: this.value(depth),
        enumerable: true,
        writable: true,
        configurable: true
      });
      this.skipSpace();
      const char = this.text[this.at];
      this.at += 1;
      if (char === "}") return result;
      if (char !== ",") this.fail("expected ',' or '}'");
    }
  }
};
function isJsonObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof JsonFloat);
}
function jsonEqual(a, b) {
  const x2 = numeric(a);
  const y = numeric(b);
  if (x2 !== null || y !== null) {
    return x2 !== null && y !== null && x2 == y;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i2) => jsonEqual(item, b[i2]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
  }
  return a === b;
}
function numeric(value) {
  if (typeof value === "number" || typeof value === "bigint") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof JsonFloat) return value.value;
  return null;
}

// node/api/static/core/fields.js
function typeName(value) {
  if (value === null || value === void 0) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number" || typeof value === "bigint") return "int";
  if (typeof value === "string") return "str";
  if (value instanceof Uint8Array) return "bytes";
  if (Array.isArray(value)) return "list";
  if (value instanceof Map || isJsonObject(value)) return "dict";
  return "float";
}
function checkBytes(value, name, size) {
  if (!(value instanceof Uint8Array)) {
    throw new DecodeError(`${name} must be bytes, got ${typeName(value)}`);
  }
  if (size !== void 0 && value.length !== size) {
    throw new DecodeError(`${name} must be ${size} bytes, got ${value.length}`);
  }
}
function checkOptionalBytes(value, name, size) {
  if (value !== null) checkBytes(value, name, size);
}
function checkInt(value, name, minimum = 0) {
  if (typeof value === "bigint") {
    throw new DecodeError(
      `${name} is ${value}, beyond 2^53 - 1, the largest integer this verifier handles exactly`
    );
  }
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new DecodeError(`${name} must be an integer, got ${typeName(value)}`);
  }
  if (value < minimum) {
    throw new DecodeError(`${name} must be between ${minimum} and 9223372036854775807, got ${value}`);
  }
}
function checkOptionalInt(value, name) {
  if (value !== null) checkInt(value, name);
}
function checkStr(value, name, maxLength) {
  if (typeof value !== "string") {
    throw new DecodeError(`${name} must be a string, got ${typeName(value)}`);
  }
  const length = codePoints(value);
  if (length > maxLength) {
    throw new DecodeError(`${name} is ${length} characters, the limit is ${maxLength}`);
  }
  if (!isWellFormed(value)) {
    throw new DecodeError(`${name} is not valid Unicode text (a lone surrogate)`);
  }
}
function checkHex(value, name, size) {
  if (typeof value !== "string") {
    throw new DecodeError(`${name} must be a hex string, got ${typeName(value)}`);
  }
  if (value !== value.toLowerCase()) throw new DecodeError(`${name} must be lowercase hex`);
  const raw = hexToBytes(value);
  if (raw === null) {
    throw new DecodeError(`${name} is not valid hex: expected pairs of digits 0-9, a-f only`);
  }
  if (size !== void 0 && raw.length !== size) {
    throw new DecodeError(`${name} must be ${size} bytes (${2 * size} hex digits), got ${raw.length}`);
  }
  return raw;
}
function checkFields(obj, name, allowed, required) {
  if (!isJsonObject(obj)) {
    throw new DecodeError(`${name} must be a JSON object, got ${typeName(obj)}`);
  }
  const allowedSet = new Set(allowed);
  const unknown = Object.keys(obj).filter((key) => !allowedSet.has(key)).sort();
  if (unknown.length) throw new DecodeError(`${name} has unknown fields: ${unknown.join(", ")}`);
  const missing = [...required].filter((key) => !Object.hasOwn(obj, key)).sort();
  if (missing.length) throw new DecodeError(`${name} is missing fields: ${missing.join(", ")}`);
}

// node/api/static/core/rules.js
var RULES_FORMAT = "cunzheng-package-rules/v1";
var RULES_FIELDS = ["format", "roles", "default_role", "missing_role_warnings", "voice_transcript", "os_files"];
var PackageRules = class _PackageRules {
  /**
   * @param {string[]} roles every role a manifest file may have
   * @param {string[]} osFileNames compared without regard to case
   * @param {string[]} osFilePrefixes
   */
  constructor(roles, osFileNames, osFilePrefixes) {
    this.roles = roles;
    this.osFileNames = new Set(osFileNames.map((name) => name.toLowerCase()));
    this.osFilePrefixes = osFilePrefixes;
  }
  /**
   * Whether the last segment of `path` names a file an operating system adds by itself
   * (ledger/manifest.py is_os_file).
   * @param {string} path
   */
  isOsFile(path) {
    const name = path.slice(path.lastIndexOf("/") + 1);
    return this.osFileNames.has(name.toLowerCase()) || this.osFilePrefixes.some((prefix) => name.startsWith(prefix));
  }
  /**
   * The rules in rules.json's object; throws DecodeError when it is not of this format.
   * @param {unknown} obj
   */
  static fromJson(obj) {
    checkFields(obj, "package rules", RULES_FIELDS, RULES_FIELDS);
    if (obj.format !== RULES_FORMAT) {
      throw new DecodeError(`package rules of format ${JSON.stringify(obj.format)}, expected ${RULES_FORMAT}`);
    }
    const roles = Array.isArray(obj.roles) ? obj.roles.map((item) => item?.role) : null;
    const osFiles = (
      /** @type {{ names?: unknown, prefixes?: unknown }} */
      obj.os_files ?? {}
    );
    const texts = (list) => Array.isArray(list) && list.every((x2) => typeof x2 === "string");
    if (!texts(roles) || typeof obj.default_role !== "string" || !texts(osFiles.names) || !texts(osFiles.prefixes)) {
      throw new DecodeError(`package rules are malformed (roles: ${typeName(obj.roles)})`);
    }
    return new _PackageRules(
      [.../** @type {string[]} */
      roles, obj.default_role],
      /** @type {string[]} */
      osFiles.names,
      /** @type {string[]} */
      osFiles.prefixes
    );
  }
};

// node/api/static/vendor/@noble/hashes@2.4.0/_u64.js
var U32_MASK64 = /* @__PURE__ */ (() => BigInt(2 ** 32 - 1))();
var _32n = /* @__PURE__ */ BigInt(32);
function fromBig(n, le = false) {
  if (le)
    return { h: Number(n & U32_MASK64), l: Number(n >> _32n & U32_MASK64) };
  return { h: Number(n >> _32n & U32_MASK64) | 0, l: Number(n & U32_MASK64) | 0 };
}
function split(lst, le = false) {
  const len = lst.length;
  let Ah = new Uint32Array(len);
  let Al = new Uint32Array(len);
  for (let i2 = 0; i2 < len; i2++) {
    const { h, l } = fromBig(lst[i2], le);
    [Ah[i2], Al[i2]] = [h, l];
  }
  return [Ah, Al];
}
var fromNumH = (n) => n / 2 ** 32 | 0;
var fromNumL = (n) => n >>> 0;
function setU64FromNum(view, byteOffset, n, isLE) {
  const h = fromNumH(n);
  const l = fromNumL(n);
  view.setUint32(byteOffset, isLE ? l : h, isLE);
  view.setUint32(byteOffset + 4, isLE ? h : l, isLE);
}
var shrSH = (h, _l, s) => h >>> s;
var shrSL = (h, l, s) => h << 32 - s | l >>> s;
var rotrSH = (h, l, s) => h >>> s | l << 32 - s;
var rotrSL = (h, l, s) => h << 32 - s | l >>> s;
var rotrBH = (h, l, s) => h << 64 - s | l >>> s - 32;
var rotrBL = (h, l, s) => h >>> s - 32 | l << 64 - s;
function add(Ah, Al, Bh, Bl) {
  const l = (Al >>> 0) + (Bl >>> 0);
  return { h: Ah + Bh + (l / 2 ** 32 | 0) | 0, l: l | 0 };
}
var add3L = (Al, Bl, Cl) => (Al >>> 0) + (Bl >>> 0) + (Cl >>> 0);
var add3H = (low, Ah, Bh, Ch) => Ah + Bh + Ch + (low / 2 ** 32 | 0) | 0;
var add4L = (Al, Bl, Cl, Dl) => (Al >>> 0) + (Bl >>> 0) + (Cl >>> 0) + (Dl >>> 0);
var add4H = (low, Ah, Bh, Ch, Dh) => Ah + Bh + Ch + Dh + (low / 2 ** 32 | 0) | 0;
var add5L = (Al, Bl, Cl, Dl, El) => (Al >>> 0) + (Bl >>> 0) + (Cl >>> 0) + (Dl >>> 0) + (El >>> 0);
var add5H = (low, Ah, Bh, Ch, Dh, Eh) => Ah + Bh + Ch + Dh + Eh + (low / 2 ** 32 | 0) | 0;

// node/api/static/vendor/@noble/hashes@2.4.0/utils.js
function isBytes(a) {
  return a instanceof Uint8Array || ArrayBuffer.isView(a) && a.constructor.name === "Uint8Array" && "BYTES_PER_ELEMENT" in a && a.BYTES_PER_ELEMENT === 1;
}
var atitle = (title) => title ? `"${title}" ` : "";
function anumber(n, title = "") {
  if (typeof n !== "number")
    throw new TypeError(atitle(title) + "expected number, got " + typeof n);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(atitle(title) + "expected integer >= 0, got " + n);
  return n;
}
function abytes(value, length, title = "") {
  if (isBytes(value) && (length === void 0 || value.length === length))
    return value;
  if (length !== void 0)
    anumber(length, "length");
  const bytes = isBytes(value);
  const ofLen = length !== void 0 ? ` of length ${length}` : "";
  const got = bytes ? `length=${value.length}` : `type=${typeof value}`;
  const message = atitle(title) + "expected Uint8Array" + ofLen + ", got " + got;
  if (!bytes)
    throw new TypeError(message);
  throw new RangeError(message);
}
var aobject = (value, label) => {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new TypeError((label === "object" ? "" : `"${label}" `) + "expected object, got type=" + typeof value);
};
var aopts = (value, label) => {
  aobject(value, label);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null)
    throw new TypeError(`"${label}" expected plain object`);
  if (Object.hasOwn(value, "__proto__"))
    throw new TypeError(`"${label}.__proto__" is not allowed`);
};
function aexists(instance, checkFinished = true) {
  if (instance.destroyed)
    throw new Error("hash was destroyed");
  if (checkFinished && instance.finished)
    throw new Error("digest() was already called");
}
function aoutput(out, instance) {
  abytes(out, void 0, "output");
  const min = instance.outputLen;
  if (!(out.length >= min)) {
    throw new RangeError('"output" expected length >= ' + min);
  }
}
function clean(...arrays) {
  for (let i2 = 0; i2 < arrays.length; i2++) {
    arrays[i2].fill(0);
  }
}
function createView(arr) {
  return new DataView(arr.buffer, arr.byteOffset, arr.byteLength);
}
function rotr(word, shift) {
  return word << 32 - shift | word >>> shift;
}
var hasHexBuiltin = /* @__PURE__ */ (() => (
  // @ts-ignore
  typeof Uint8Array.from([]).toHex === "function" && typeof Uint8Array.fromHex === "function"
))();
var hexes = /* @__PURE__ */ Array.from({ length: 256 }, (_, i2) => i2.toString(16).padStart(2, "0"));
function bytesToHex2(bytes) {
  abytes(bytes);
  if (hasHexBuiltin)
    return bytes.toHex();
  let hex = "";
  for (let i2 = 0; i2 < bytes.length; i2++) {
    hex += hexes[bytes[i2]];
  }
  return hex;
}
function asciiToBase16(ch) {
  return ch >= 48 && ch <= 57 ? ch - 48 : ch >= 65 && ch <= 70 ? ch - (65 - 10) : ch >= 97 && ch <= 102 ? ch - (97 - 10) : void 0;
}
function hexToBytes2(hex) {
  if (typeof hex !== "string")
    throw new TypeError("hex string expected, got " + typeof hex);
  if (hasHexBuiltin) {
    try {
      return Uint8Array.fromHex(hex);
    } catch (error) {
      if (error instanceof SyntaxError)
        throw new RangeError(error.message);
      throw error;
    }
  }
  const hl = hex.length;
  const al = hl / 2;
  if (hl % 2)
    throw new RangeError("hex string expected, got unpadded hex of length " + hl);
  const array = new Uint8Array(al);
  for (let ai = 0, hi = 0; ai < al; ai++, hi += 2) {
    const n1 = asciiToBase16(hex.charCodeAt(hi));
    const n2 = asciiToBase16(hex.charCodeAt(hi + 1));
    if (n1 === void 0 || n2 === void 0) {
      const char = hex[hi] + hex[hi + 1];
      throw new RangeError('hex string expected, got non-hex character "' + char + '" at index ' + hi);
    }
    array[ai] = n1 * 16 + n2;
  }
  return array;
}
function concatBytes2(...arrays) {
  let sum = 0;
  for (let i2 = 0; i2 < arrays.length; i2++) {
    const a = arrays[i2];
    abytes(a);
    sum += a.length;
  }
  const res = new Uint8Array(sum);
  for (let i2 = 0, pad = 0; i2 < arrays.length; i2++) {
    const a = arrays[i2];
    res.set(a, pad);
    pad += a.length;
  }
  return res;
}
function checkOpts(defaults, opts, title = "opts") {
  aopts(defaults, "defaults");
  if (opts !== void 0)
    aopts(opts, title);
  const merged2 = Object.assign(/* @__PURE__ */ Object.create(null), defaults, opts);
  return merged2;
}
function createHasher(hashCons, info = {}) {
  if (typeof hashCons !== "function")
    throw new TypeError('"hashCons" expected function, got type=' + typeof hashCons);
  info = checkOpts({}, info, "info");
  const hashC = (msg, opts) => hashCons(opts).update(msg).digest();
  const tmp = hashCons(void 0);
  hashC.outputLen = tmp.outputLen;
  hashC.blockLen = tmp.blockLen;
  hashC.canXOF = tmp.canXOF;
  hashC.create = (opts) => hashCons(opts);
  Object.assign(hashC, info);
  return Object.freeze(hashC);
}
function randomBytes(bytesLength = 32) {
  anumber(bytesLength, "bytesLength");
  const cr = typeof globalThis === "object" ? globalThis.crypto : null;
  if (typeof cr?.getRandomValues !== "function")
    throw new Error("crypto.getRandomValues must be defined");
  if (bytesLength > 65536)
    throw new RangeError(`"bytesLength" expected <= 65536, got ${bytesLength}`);
  return cr.getRandomValues(new Uint8Array(bytesLength));
}
var oidNist = (suffix) => ({
  // Current NIST hashAlgs suffixes used here fit in one DER subidentifier octet.
  // Larger suffix values would need base-128 OID encoding and a different length byte.
  oid: Uint8Array.from([6, 9, 96, 134, 72, 1, 101, 3, 4, 2, suffix])
});

// node/api/static/vendor/@noble/hashes@2.4.0/_md.js
function Chi(a, b, c) {
  return a & b ^ ~a & c;
}
function Maj(a, b, c) {
  return a & b ^ a & c ^ b & c;
}
var HashMD = class {
  blockLen;
  outputLen;
  canXOF = false;
  padOffset;
  isLE;
  // For partial updates less than block size
  buffer;
  view;
  finished = false;
  length = 0;
  pos = 0;
  destroyed = false;
  constructor(blockLen, outputLen, padOffset, isLE) {
    this.blockLen = blockLen;
    this.outputLen = outputLen;
    this.padOffset = padOffset;
    this.isLE = isLE;
    this.buffer = new Uint8Array(blockLen);
    this.view = createView(this.buffer);
  }
  update(data) {
    aexists(this);
    abytes(data);
    const { view, buffer, blockLen } = this;
    const len = data.length;
    let processed = false;
    for (let pos = 0; pos < len; ) {
      const take = Math.min(blockLen - this.pos, len - pos);
      if (take === blockLen) {
        const dataView = createView(data);
        for (; blockLen <= len - pos; pos += blockLen)
          this.process(dataView, pos);
        processed = true;
        continue;
      }
      buffer.set(pos === 0 && take === len ? data : data.subarray(pos, pos + take), this.pos);
      this.pos += take;
      pos += take;
      if (this.pos === blockLen) {
        this.process(view, 0);
        this.pos = 0;
        processed = true;
      }
    }
    this.length += data.length;
    if (processed)
      this.roundClean();
    return this;
  }
  digestInto(out) {
    aexists(this);
    aoutput(out, this);
    this.finished = true;
    const { buffer, view, blockLen, isLE } = this;
    let { pos } = this;
    buffer[pos++] = 128;
    buffer.fill(0, pos);
    if (this.padOffset > blockLen - pos) {
      this.process(view, 0);
      buffer.fill(0);
    }
    setU64FromNum(view, blockLen - 8, this.length * 8, isLE);
    this.process(view, 0);
    this.roundClean();
    const oview = out === buffer ? view : createView(out);
    const len = this.outputLen;
    const outLen = len / 4;
    const state = this.get();
    if (len % 4 || outLen > state.length)
      throw new Error("invalid outputLen");
    for (let i2 = 0; i2 < outLen; i2++)
      oview.setUint32(4 * i2, state[i2], isLE);
  }
  digest() {
    const { buffer, outputLen } = this;
    this.digestInto(buffer);
    const res = buffer.slice(0, outputLen);
    this.destroy();
    return res;
  }
  _cloneIntoMeta(to) {
    const { buffer, length, finished, destroyed, pos } = this;
    to.destroyed = destroyed;
    to.finished = finished;
    to.length = length;
    to.pos = pos;
    if (pos)
      to.buffer.set(buffer);
    return to;
  }
  clone() {
    return this._cloneInto();
  }
};
var SHA256_IV = /* @__PURE__ */ Uint32Array.from([
  1779033703,
  3144134277,
  1013904242,
  2773480762,
  1359893119,
  2600822924,
  528734635,
  1541459225
]);
var SHA512_IV = /* @__PURE__ */ Uint32Array.from([
  1779033703,
  4089235720,
  3144134277,
  2227873595,
  1013904242,
  4271175723,
  2773480762,
  1595750129,
  1359893119,
  2917565137,
  2600822924,
  725511199,
  528734635,
  4215389547,
  1541459225,
  327033209
]);

// node/api/static/vendor/@noble/hashes@2.4.0/sha2.js
var SHA256_K = /* @__PURE__ */ Uint32Array.from([
  1116352408,
  1899447441,
  3049323471,
  3921009573,
  961987163,
  1508970993,
  2453635748,
  2870763221,
  3624381080,
  310598401,
  607225278,
  1426881987,
  1925078388,
  2162078206,
  2614888103,
  3248222580,
  3835390401,
  4022224774,
  264347078,
  604807628,
  770255983,
  1249150122,
  1555081692,
  1996064986,
  2554220882,
  2821834349,
  2952996808,
  3210313671,
  3336571891,
  3584528711,
  113926993,
  338241895,
  666307205,
  773529912,
  1294757372,
  1396182291,
  1695183700,
  1986661051,
  2177026350,
  2456956037,
  2730485921,
  2820302411,
  3259730800,
  3345764771,
  3516065817,
  3600352804,
  4094571909,
  275423344,
  430227734,
  506948616,
  659060556,
  883997877,
  958139571,
  1322822218,
  1537002063,
  1747873779,
  1955562222,
  2024104815,
  2227730452,
  2361852424,
  2428436474,
  2756734187,
  3204031479,
  3329325298
]);
var SHA256_W = /* @__PURE__ */ new Uint32Array(64);
var SHA2_32B = class extends HashMD {
  // We cannot use array here since array allows indexing by variable
  // which means optimizer/compiler cannot use registers.
  // Numeric initializers matter: starting the fields as `undefined` changes
  // V8's field representation and makes sha256 3x slower (measured).
  A = 0;
  B = 0;
  C = 0;
  D = 0;
  E = 0;
  F = 0;
  G = 0;
  H = 0;
  constructor(outputLen, IV) {
    super(64, outputLen, 8, false);
    this.A = IV[0] | 0;
    this.B = IV[1] | 0;
    this.C = IV[2] | 0;
    this.D = IV[3] | 0;
    this.E = IV[4] | 0;
    this.F = IV[5] | 0;
    this.G = IV[6] | 0;
    this.H = IV[7] | 0;
  }
  get() {
    const { A, B, C, D, E, F, G, H } = this;
    return [A, B, C, D, E, F, G, H];
  }
  // prettier-ignore
  set(A, B, C, D, E, F, G, H) {
    this.A = A | 0;
    this.B = B | 0;
    this.C = C | 0;
    this.D = D | 0;
    this.E = E | 0;
    this.F = F | 0;
    this.G = G | 0;
    this.H = H | 0;
  }
  _cloneInto(to) {
    (to ||= new this.constructor()).set(...this.get());
    return this._cloneIntoMeta(to);
  }
  process(view, offset) {
    for (let i2 = 0; i2 < 16; i2++, offset += 4)
      SHA256_W[i2] = view.getUint32(offset, false);
    for (let i2 = 16; i2 < 64; i2++) {
      const W15 = SHA256_W[i2 - 15];
      const W2 = SHA256_W[i2 - 2];
      const s0 = rotr(W15, 7) ^ rotr(W15, 18) ^ W15 >>> 3;
      const s1 = rotr(W2, 17) ^ rotr(W2, 19) ^ W2 >>> 10;
      SHA256_W[i2] = s1 + SHA256_W[i2 - 7] + s0 + SHA256_W[i2 - 16] | 0;
    }
    let { A, B, C, D, E, F, G, H } = this;
    for (let i2 = 0; i2 < 64; i2++) {
      const sigma1 = rotr(E, 6) ^ rotr(E, 11) ^ rotr(E, 25);
      const T1 = H + sigma1 + Chi(E, F, G) + SHA256_K[i2] + SHA256_W[i2] | 0;
      const sigma0 = rotr(A, 2) ^ rotr(A, 13) ^ rotr(A, 22);
      const T2 = sigma0 + Maj(A, B, C) | 0;
      H = G;
      G = F;
      F = E;
      E = D + T1 | 0;
      D = C;
      C = B;
      B = A;
      A = T1 + T2 | 0;
    }
    A = A + this.A | 0;
    B = B + this.B | 0;
    C = C + this.C | 0;
    D = D + this.D | 0;
    E = E + this.E | 0;
    F = F + this.F | 0;
    G = G + this.G | 0;
    H = H + this.H | 0;
    this.set(A, B, C, D, E, F, G, H);
  }
  roundClean() {
    clean(SHA256_W);
  }
  destroy() {
    this.destroyed = true;
    this.set(0, 0, 0, 0, 0, 0, 0, 0);
    clean(this.buffer);
  }
};
var _SHA256 = class extends SHA2_32B {
  constructor() {
    super(32, SHA256_IV);
  }
};
var K512 = /* @__PURE__ */ (() => split([
  "0x428a2f98d728ae22",
  "0x7137449123ef65cd",
  "0xb5c0fbcfec4d3b2f",
  "0xe9b5dba58189dbbc",
  "0x3956c25bf348b538",
  "0x59f111f1b605d019",
  "0x923f82a4af194f9b",
  "0xab1c5ed5da6d8118",
  "0xd807aa98a3030242",
  "0x12835b0145706fbe",
  "0x243185be4ee4b28c",
  "0x550c7dc3d5ffb4e2",
  "0x72be5d74f27b896f",
  "0x80deb1fe3b1696b1",
  "0x9bdc06a725c71235",
  "0xc19bf174cf692694",
  "0xe49b69c19ef14ad2",
  "0xefbe4786384f25e3",
  "0x0fc19dc68b8cd5b5",
  "0x240ca1cc77ac9c65",
  "0x2de92c6f592b0275",
  "0x4a7484aa6ea6e483",
  "0x5cb0a9dcbd41fbd4",
  "0x76f988da831153b5",
  "0x983e5152ee66dfab",
  "0xa831c66d2db43210",
  "0xb00327c898fb213f",
  "0xbf597fc7beef0ee4",
  "0xc6e00bf33da88fc2",
  "0xd5a79147930aa725",
  "0x06ca6351e003826f",
  "0x142929670a0e6e70",
  "0x27b70a8546d22ffc",
  "0x2e1b21385c26c926",
  "0x4d2c6dfc5ac42aed",
  "0x53380d139d95b3df",
  "0x650a73548baf63de",
  "0x766a0abb3c77b2a8",
  "0x81c2c92e47edaee6",
  "0x92722c851482353b",
  "0xa2bfe8a14cf10364",
  "0xa81a664bbc423001",
  "0xc24b8b70d0f89791",
  "0xc76c51a30654be30",
  "0xd192e819d6ef5218",
  "0xd69906245565a910",
  "0xf40e35855771202a",
  "0x106aa07032bbd1b8",
  "0x19a4c116b8d2d0c8",
  "0x1e376c085141ab53",
  "0x2748774cdf8eeb99",
  "0x34b0bcb5e19b48a8",
  "0x391c0cb3c5c95a63",
  "0x4ed8aa4ae3418acb",
  "0x5b9cca4f7763e373",
  "0x682e6ff3d6b2b8a3",
  "0x748f82ee5defb2fc",
  "0x78a5636f43172f60",
  "0x84c87814a1f0ab72",
  "0x8cc702081a6439ec",
  "0x90befffa23631e28",
  "0xa4506cebde82bde9",
  "0xbef9a3f7b2c67915",
  "0xc67178f2e372532b",
  "0xca273eceea26619c",
  "0xd186b8c721c0c207",
  "0xeada7dd6cde0eb1e",
  "0xf57d4f7fee6ed178",
  "0x06f067aa72176fba",
  "0x0a637dc5a2c898a6",
  "0x113f9804bef90dae",
  "0x1b710b35131c471b",
  "0x28db77f523047d84",
  "0x32caab7b40c72493",
  "0x3c9ebe0a15c9bebc",
  "0x431d67c49c100d4c",
  "0x4cc5d4becb3e42b6",
  "0x597f299cfc657e2a",
  "0x5fcb6fab3ad6faec",
  "0x6c44198c4a475817"
].map((n) => BigInt(n))))();
var SHA512_Kh = /* @__PURE__ */ (() => K512[0])();
var SHA512_Kl = /* @__PURE__ */ (() => K512[1])();
var SHA512_W_H = /* @__PURE__ */ new Uint32Array(80);
var SHA512_W_L = /* @__PURE__ */ new Uint32Array(80);
var SHA2_64B = class extends HashMD {
  // We cannot use array here since array allows indexing by variable
  // which means optimizer/compiler cannot use registers.
  // h -- high 32 bits, l -- low 32 bits
  // Numeric initializers matter: starting the fields as `undefined` changes
  // V8's field representation and slows hashing down (measured on sha256).
  Ah = 0;
  Al = 0;
  Bh = 0;
  Bl = 0;
  Ch = 0;
  Cl = 0;
  Dh = 0;
  Dl = 0;
  Eh = 0;
  El = 0;
  Fh = 0;
  Fl = 0;
  Gh = 0;
  Gl = 0;
  Hh = 0;
  Hl = 0;
  constructor(outputLen, IV) {
    super(128, outputLen, 16, false);
    this.Ah = IV[0] | 0;
    this.Al = IV[1] | 0;
    this.Bh = IV[2] | 0;
    this.Bl = IV[3] | 0;
    this.Ch = IV[4] | 0;
    this.Cl = IV[5] | 0;
    this.Dh = IV[6] | 0;
    this.Dl = IV[7] | 0;
    this.Eh = IV[8] | 0;
    this.El = IV[9] | 0;
    this.Fh = IV[10] | 0;
    this.Fl = IV[11] | 0;
    this.Gh = IV[12] | 0;
    this.Gl = IV[13] | 0;
    this.Hh = IV[14] | 0;
    this.Hl = IV[15] | 0;
  }
  // prettier-ignore
  get() {
    const { Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl } = this;
    return [Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl];
  }
  // prettier-ignore
  set(Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl) {
    this.Ah = Ah | 0;
    this.Al = Al | 0;
    this.Bh = Bh | 0;
    this.Bl = Bl | 0;
    this.Ch = Ch | 0;
    this.Cl = Cl | 0;
    this.Dh = Dh | 0;
    this.Dl = Dl | 0;
    this.Eh = Eh | 0;
    this.El = El | 0;
    this.Fh = Fh | 0;
    this.Fl = Fl | 0;
    this.Gh = Gh | 0;
    this.Gl = Gl | 0;
    this.Hh = Hh | 0;
    this.Hl = Hl | 0;
  }
  _cloneInto(to) {
    (to ||= new this.constructor()).set(...this.get());
    return this._cloneIntoMeta(to);
  }
  process(view, offset) {
    for (let i2 = 0; i2 < 16; i2++, offset += 4) {
      SHA512_W_H[i2] = view.getUint32(offset);
      SHA512_W_L[i2] = view.getUint32(offset += 4);
    }
    for (let i2 = 16; i2 < 80; i2++) {
      const W15h = SHA512_W_H[i2 - 15] | 0;
      const W15l = SHA512_W_L[i2 - 15] | 0;
      const s0h = rotrSH(W15h, W15l, 1) ^ rotrSH(W15h, W15l, 8) ^ shrSH(W15h, W15l, 7);
      const s0l = rotrSL(W15h, W15l, 1) ^ rotrSL(W15h, W15l, 8) ^ shrSL(W15h, W15l, 7);
      const W2h = SHA512_W_H[i2 - 2] | 0;
      const W2l = SHA512_W_L[i2 - 2] | 0;
      const s1h = rotrSH(W2h, W2l, 19) ^ rotrBH(W2h, W2l, 61) ^ shrSH(W2h, W2l, 6);
      const s1l = rotrSL(W2h, W2l, 19) ^ rotrBL(W2h, W2l, 61) ^ shrSL(W2h, W2l, 6);
      const SUMl = add4L(s0l, s1l, SHA512_W_L[i2 - 7], SHA512_W_L[i2 - 16]);
      const SUMh = add4H(SUMl, s0h, s1h, SHA512_W_H[i2 - 7], SHA512_W_H[i2 - 16]);
      SHA512_W_H[i2] = SUMh | 0;
      SHA512_W_L[i2] = SUMl | 0;
    }
    let { Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl } = this;
    for (let i2 = 0; i2 < 80; i2++) {
      const sigma1h = rotrSH(Eh, El, 14) ^ rotrSH(Eh, El, 18) ^ rotrBH(Eh, El, 41);
      const sigma1l = rotrSL(Eh, El, 14) ^ rotrSL(Eh, El, 18) ^ rotrBL(Eh, El, 41);
      const CHIh = Eh & Fh ^ ~Eh & Gh;
      const CHIl = El & Fl ^ ~El & Gl;
      const T1ll = add5L(Hl, sigma1l, CHIl, SHA512_Kl[i2], SHA512_W_L[i2]);
      const T1h = add5H(T1ll, Hh, sigma1h, CHIh, SHA512_Kh[i2], SHA512_W_H[i2]);
      const T1l = T1ll | 0;
      const sigma0h = rotrSH(Ah, Al, 28) ^ rotrBH(Ah, Al, 34) ^ rotrBH(Ah, Al, 39);
      const sigma0l = rotrSL(Ah, Al, 28) ^ rotrBL(Ah, Al, 34) ^ rotrBL(Ah, Al, 39);
      const MAJh = Ah & Bh ^ Ah & Ch ^ Bh & Ch;
      const MAJl = Al & Bl ^ Al & Cl ^ Bl & Cl;
      Hh = Gh | 0;
      Hl = Gl | 0;
      Gh = Fh | 0;
      Gl = Fl | 0;
      Fh = Eh | 0;
      Fl = El | 0;
      ({ h: Eh, l: El } = add(Dh | 0, Dl | 0, T1h | 0, T1l | 0));
      Dh = Ch | 0;
      Dl = Cl | 0;
      Ch = Bh | 0;
      Cl = Bl | 0;
      Bh = Ah | 0;
      Bl = Al | 0;
      const All = add3L(T1l, sigma0l, MAJl);
      Ah = add3H(All, T1h, sigma0h, MAJh);
      Al = All | 0;
    }
    ({ h: Ah, l: Al } = add(this.Ah | 0, this.Al | 0, Ah | 0, Al | 0));
    ({ h: Bh, l: Bl } = add(this.Bh | 0, this.Bl | 0, Bh | 0, Bl | 0));
    ({ h: Ch, l: Cl } = add(this.Ch | 0, this.Cl | 0, Ch | 0, Cl | 0));
    ({ h: Dh, l: Dl } = add(this.Dh | 0, this.Dl | 0, Dh | 0, Dl | 0));
    ({ h: Eh, l: El } = add(this.Eh | 0, this.El | 0, Eh | 0, El | 0));
    ({ h: Fh, l: Fl } = add(this.Fh | 0, this.Fl | 0, Fh | 0, Fl | 0));
    ({ h: Gh, l: Gl } = add(this.Gh | 0, this.Gl | 0, Gh | 0, Gl | 0));
    ({ h: Hh, l: Hl } = add(this.Hh | 0, this.Hl | 0, Hh | 0, Hl | 0));
    this.set(Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl);
  }
  roundClean() {
    clean(SHA512_W_H, SHA512_W_L);
  }
  destroy() {
    this.destroyed = true;
    clean(this.buffer);
    this.set(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }
};
var _SHA512 = class extends SHA2_64B {
  constructor() {
    super(64, SHA512_IV);
  }
};
var sha256 = /* @__PURE__ */ createHasher(
  () => new _SHA256(),
  /* @__PURE__ */ oidNist(1)
);
var sha512 = /* @__PURE__ */ createHasher(
  () => new _SHA512(),
  /* @__PURE__ */ oidNist(3)
);

// node/api/static/core/domain-hash.js
var LEAF_PREFIX = Uint8Array.of(0);
var NODE_PREFIX = Uint8Array.of(1);
var HASH_SIZE = 32;
var EMPTY_ROOT = sha256(new Uint8Array(0));
var HEADER_TAG = "cunzheng/header/v1";
var VALIDATORS_TAG = "cunzheng/validators/v1";
var GENESIS_TAG = "cunzheng/genesis/v1";
function leafHash(data) {
  return sha256(concatBytes(LEAF_PREFIX, data));
}
function nodeHash(left, right) {
  return sha256(concatBytes(NODE_PREFIX, left, right));
}
function taggedHash(tag, payload) {
  return sha256(concatBytes(utf8(tag), Uint8Array.of(0), payload));
}
function sha256Of(data) {
  return sha256(data);
}

// node/api/static/vendor/@noble/curves@2.4.0/utils.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */
function aarray(item, title, inner = () => {
}) {
  if (!Array.isArray(item))
    throw new TypeError(`"${title}" expected array, got type=${typeof item}`);
  for (let i2 = 0; i2 < item.length; i2++)
    inner(item[i2], `${title}[${i2}]`);
  return item;
}
var abytes2 = (value, length, title) => abytes(value, length, title);
var anumber2 = anumber;
function aobject2(value, title = "object") {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new TypeError(title === "object" ? "expected valid options object" : `"${title}" expected object, got type=${typeof value}`);
  return value;
}
function afunction(value, title) {
  if (typeof value !== "function")
    throw new TypeError(`"${title}" is invalid: expected function, got ${typeof value}`);
  return value;
}
var bytesToHex3 = bytesToHex2;
var concatBytes3 = (...arrays) => concatBytes2(...arrays);
var hexToBytes3 = (hex) => hexToBytes2(hex);
var isBytes2 = isBytes;
var randomBytes2 = (bytesLength) => randomBytes(bytesLength);
var _0n = /* @__PURE__ */ BigInt(0);
var _1n = /* @__PURE__ */ BigInt(1);
var atitle2 = (title) => title ? `"${title}" ` : "";
function abool(value, title = "") {
  if (typeof value !== "boolean")
    throw new TypeError(atitle2(title) + "expected boolean, got type=" + typeof value);
  return value;
}
function abignumber(n) {
  if (typeof n === "bigint") {
    if (!isPosBig(n))
      throw new RangeError("positive bigint expected, got " + n);
  } else
    anumber2(n);
  return n;
}
function asafenumber(value, title = "") {
  if (typeof value !== "number") {
    const prefix = title && `"${title}" `;
    throw new TypeError(prefix + "expected number, got type=" + typeof value);
  }
  if (!Number.isSafeInteger(value)) {
    const prefix = title && `"${title}" `;
    throw new RangeError(prefix + "expected safe integer, got " + value);
  }
}
function hexToNumber(hex) {
  if (typeof hex !== "string")
    throw new TypeError("hex string expected, got " + typeof hex);
  return hex === "" ? _0n : BigInt("0x" + hex);
}
function bytesToNumberBE(bytes) {
  return hexToNumber(bytesToHex2(bytes));
}
function bytesToNumberLE(bytes) {
  return hexToNumber(bytesToHex2(copyBytes(abytes(bytes)).reverse()));
}
function numberToBytesBE(n, len) {
  anumber(len);
  if (len === 0)
    throw new Error("zero output length is invalid");
  n = abignumber(n);
  const expectedLen = len * 2;
  const hex = n.toString(16);
  if (hex.length > expectedLen)
    throw new RangeError("number is too large");
  return hexToBytes2(hex.padStart(expectedLen, "0"));
}
function numberToBytesLE(n, len) {
  return numberToBytesBE(n, len).reverse();
}
function copyBytes(bytes) {
  return Uint8Array.from(abytes2(bytes));
}
function isPosBig(n) {
  return typeof n === "bigint" && _0n <= n;
}
function inRange(n, min, max2) {
  return isPosBig(n) && isPosBig(min) && isPosBig(max2) && min <= n && n < max2;
}
function aInRange(title, n, min, max2) {
  if (!inRange(n, min, max2))
    throw new RangeError("expected valid " + title + ": " + min + " <= n < " + max2 + ", got " + n);
}
function bitLen(n) {
  if (n < _0n)
    throw new Error("expected non-negative bigint, got " + n);
  return n === _0n ? 0 : n.toString(2).length;
}
var bitMask = (n) => {
  asafenumber(n, "n");
  return (_1n << BigInt(n)) - _1n;
};
function validateObject(object, fields = {}, optFields = {}, title = "object") {
  aobject2(object, title);
  aobject2(fields, "fields");
  aobject2(optFields, "optFields");
  function checkField(fieldName, expectedType, isOpt) {
    const label = title === "object" ? `param "${String(fieldName)}"` : `"${title}.${String(fieldName)}"`;
    const val = object[fieldName];
    if (!Object.hasOwn(object, fieldName) && (isOpt ? val !== void 0 : expectedType !== "function")) {
      throw new TypeError(`${label} is invalid: expected own property`);
    }
    if (isOpt && val === void 0)
      return;
    const current = typeof val;
    if (current !== expectedType || val === null)
      throw new TypeError(`${label} is invalid: expected ${expectedType}, got ${current}`);
  }
  const iter = (f, isOpt) => Object.entries(f).forEach(([k, v]) => checkField(k, v, isOpt));
  iter(fields, false);
  iter(optFields, true);
}

// node/api/static/vendor/@noble/curves@2.4.0/abstract/modular.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */
var _0n2 = /* @__PURE__ */ BigInt(0);
var _1n2 = /* @__PURE__ */ BigInt(1);
var _2n = /* @__PURE__ */ BigInt(2);
var _3n = /* @__PURE__ */ BigInt(3);
var _4n = /* @__PURE__ */ BigInt(4);
var _5n = /* @__PURE__ */ BigInt(5);
var _7n = /* @__PURE__ */ BigInt(7);
var _8n = /* @__PURE__ */ BigInt(8);
var _9n = /* @__PURE__ */ BigInt(9);
var _15n = /* @__PURE__ */ BigInt(15);
var _16n = /* @__PURE__ */ BigInt(16);
var POW_WINDOWED_MIN = /* @__PURE__ */ BigInt("0x10000000000000000");
function mod(a, b) {
  if (b <= _0n2)
    throw new Error("mod: expected positive modulus, got " + b);
  const result = a % b;
  return result >= _0n2 ? result : b + result;
}
function pow(num, power, modulo) {
  if (modulo <= _1n2)
    throw new Error("pow: expected modulus > 1, got " + modulo);
  if (typeof power !== "bigint")
    throw new TypeError("invalid exponent: expected bigint, got " + typeof power);
  if (power < _0n2)
    throw new Error("invalid exponent, negatives unsupported");
  if (power === _0n2)
    return _1n2;
  if (power === _1n2)
    return num;
  let d = num % modulo;
  if (d < _0n2)
    d += modulo;
  if (power < POW_WINDOWED_MIN) {
    let p2 = _1n2;
    while (power > _0n2) {
      if (power & _1n2)
        p2 = p2 * d % modulo;
      d = d * d % modulo;
      power >>= _1n2;
    }
    return p2;
  }
  const digits2 = [];
  while (power > _0n2) {
    digits2.push(Number(power & _15n));
    power >>= _4n;
  }
  const table = new Array(16);
  table[0] = _1n2;
  table[1] = d;
  for (let i2 = 2; i2 < 16; i2++)
    table[i2] = table[i2 - 1] * d % modulo;
  let p = table[digits2[digits2.length - 1]];
  for (let w = digits2.length - 2; w >= 0; w--) {
    p = p * p % modulo;
    p = p * p % modulo;
    p = p * p % modulo;
    p = p * p % modulo;
    const digit = digits2[w];
    if (digit !== 0)
      p = p * table[digit] % modulo;
  }
  return p;
}
function pow2(x2, power, modulo) {
  if (modulo <= _1n2)
    throw new Error("pow2: expected modulus > 1, got " + modulo);
  if (power < _0n2)
    throw new Error("pow2: expected non-negative exponent, got " + power);
  let res = x2;
  while (power-- > _0n2) {
    res *= res;
    res %= modulo;
  }
  return res;
}
function invert(number, modulo) {
  if (number === _0n2)
    throw new Error("invert: expected non-zero number");
  if (modulo <= _1n2)
    throw new Error("invert: expected modulus > 1, got " + modulo);
  let a = mod(number, modulo);
  let b = modulo;
  let x2 = _0n2, u = _1n2;
  while (a !== _0n2) {
    const q = b / a;
    const r = b - a * q;
    const m = x2 - u * q;
    b = a, a = r, x2 = u, u = m;
  }
  const gcd = b;
  if (gcd !== _1n2)
    throw new Error("invert: does not exist");
  return mod(x2, modulo);
}
function assertIsSquare(Fp2, root, n) {
  const F = Fp2;
  if (!F.eql(F.sqr(root), n))
    throw new Error("Cannot find square root");
}
function aoddModulus(order, fnName) {
  if ((order & _1n2) === _0n2)
    throw new Error(fnName + ": expected odd modulus, got " + order);
}
function sqrt3mod4(Fp2, n) {
  const F = Fp2;
  const p1div4 = (F.ORDER + _1n2) / _4n;
  const root = F.pow(n, p1div4);
  assertIsSquare(F, root, n);
  return root;
}
function sqrt5mod8(Fp2, n) {
  const F = Fp2;
  const p5div8 = (F.ORDER - _5n) / _8n;
  const n2 = F.mul(n, _2n);
  const v = F.pow(n2, p5div8);
  const nv = F.mul(n, v);
  const i2 = F.mul(F.mul(nv, _2n), v);
  const root = F.mul(nv, F.sub(i2, F.ONE));
  assertIsSquare(F, root, n);
  return root;
}
function sqrt9mod16(P) {
  const Fp_ = Field(P);
  const tn = tonelliShanks(P);
  const c1 = tn(Fp_, Fp_.neg(Fp_.ONE));
  const c2 = tn(Fp_, c1);
  const c3 = tn(Fp_, Fp_.neg(c1));
  const c4 = (P + _7n) / _16n;
  return ((Fp2, n) => {
    const F = Fp2;
    let tv1 = F.pow(n, c4);
    let tv2 = F.mul(tv1, c1);
    const tv3 = F.mul(tv1, c2);
    const tv4 = F.mul(tv1, c3);
    const e1 = F.eql(F.sqr(tv2), n);
    const e2 = F.eql(F.sqr(tv3), n);
    tv1 = F.cmov(tv1, tv2, e1);
    tv2 = F.cmov(tv4, tv3, e2);
    const e3 = F.eql(F.sqr(tv2), n);
    const root = F.cmov(tv1, tv2, e3);
    assertIsSquare(F, root, n);
    return root;
  });
}
function tonelliShanks(P) {
  if (P < _3n)
    throw new Error("sqrt is not defined for small field");
  aoddModulus(P, "tonelliShanks");
  let Q = P - _1n2;
  let S = 0;
  while (Q % _2n === _0n2) {
    Q /= _2n;
    S++;
  }
  let Z = _2n;
  const _Fp = Field(P);
  while (FpLegendre(_Fp, Z) === 1) {
    if (Z++ > 1e3)
      throw new Error("Cannot find square root: probably non-prime P");
  }
  if (S === 1)
    return sqrt3mod4;
  let cc = _Fp.pow(Z, Q);
  const Q1div2 = (Q + _1n2) / _2n;
  return function tonelliSlow(Fp2, n) {
    const F = Fp2;
    if (F.is0(n))
      return n;
    if (FpLegendre(F, n) !== 1)
      throw new Error("Cannot find square root");
    let M = S;
    let c = F.mul(F.ONE, cc);
    let t = F.pow(n, Q);
    let R = F.pow(n, Q1div2);
    while (!F.eql(t, F.ONE)) {
      if (F.is0(t))
        throw new Error("Cannot find square root: probably non-prime P");
      let i2 = 1;
      let t_tmp = F.sqr(t);
      while (!F.eql(t_tmp, F.ONE)) {
        i2++;
        t_tmp = F.sqr(t_tmp);
        if (i2 === M)
          throw new Error("Cannot find square root");
      }
      const exponent = _1n2 << BigInt(M - i2 - 1);
      const b = F.pow(c, exponent);
      M = i2;
      c = F.sqr(b);
      t = F.mul(t, c);
      R = F.mul(R, b);
    }
    return R;
  };
}
function FpSqrt(P) {
  aoddModulus(P, "Fp.sqrt");
  if (P % _4n === _3n)
    return sqrt3mod4;
  if (P % _8n === _5n)
    return sqrt5mod8;
  if (P % _16n === _9n)
    return sqrt9mod16(P);
  return tonelliShanks(P);
}
var isNegativeLE = (num, modulo) => (mod(num, modulo) & _1n2) === _1n2;
var FIELD_FIELDS = [
  "create",
  "isValid",
  "is0",
  "neg",
  "inv",
  "sqrt",
  "sqr",
  "eql",
  "add",
  "sub",
  "mul",
  "pow",
  "div",
  "addN",
  "subN",
  "mulN",
  "sqrN"
];
function validateField(field) {
  aobject2(field, "field");
  if (typeof field.ORDER !== "bigint")
    throw new TypeError('param "ORDER" is invalid: expected bigint, got ' + typeof field.ORDER);
  asafenumber(field.BYTES, "BYTES");
  asafenumber(field.BITS, "BITS");
  for (const name of FIELD_FIELDS)
    afunction(field[name], "field." + name);
  if (field.BYTES < 1 || field.BITS < 1)
    throw new Error("invalid field: expected BYTES/BITS > 0");
  if (field.ORDER <= _1n2)
    throw new Error("invalid field: expected ORDER > 1, got " + field.ORDER);
  return field;
}
function FpInvertBatch(Fp2, nums, passZero = false) {
  validateField(Fp2);
  aarray(nums, "nums");
  abool(passZero, "passZero");
  const F = Fp2;
  const inverted = new Array(nums.length).fill(passZero ? F.ZERO : void 0);
  const multipliedAcc = nums.reduce((acc, num, i2) => {
    if (F.is0(num))
      return acc;
    inverted[i2] = acc;
    return F.mul(acc, num);
  }, F.ONE);
  const invertedAcc = F.inv(multipliedAcc);
  nums.reduceRight((acc, num, i2) => {
    if (F.is0(num))
      return acc;
    inverted[i2] = F.mul(acc, inverted[i2]);
    return F.mul(acc, num);
  }, invertedAcc);
  return inverted;
}
function FpLegendre(Fp2, n) {
  validateField(Fp2);
  const F = Fp2;
  aoddModulus(F.ORDER, "FpLegendre");
  const p1mod2 = (F.ORDER - _1n2) / _2n;
  const powered = F.pow(n, p1mod2);
  const yes = F.eql(powered, F.ONE);
  const zero = F.eql(powered, F.ZERO);
  const no = F.eql(powered, F.neg(F.ONE));
  if (!yes && !zero && !no)
    throw new Error("invalid Legendre symbol result");
  return yes ? 1 : zero ? 0 : -1;
}
function nLength(n, nBitLength) {
  if (nBitLength !== void 0)
    anumber2(nBitLength);
  if (n <= _0n2)
    throw new Error("invalid n length: expected positive n, got " + n);
  if (nBitLength !== void 0 && nBitLength < 1)
    throw new Error("invalid n length: expected positive bit length, got " + nBitLength);
  const bits2 = bitLen(n);
  if (nBitLength !== void 0 && nBitLength < bits2)
    throw new Error(`invalid n length: expected nBitLength (${nBitLength}) >= bitLen(n) (${bits2})`);
  const _nBitLength = nBitLength !== void 0 ? nBitLength : bits2;
  const nByteLength = Math.ceil(_nBitLength / 8);
  return { nBitLength: _nBitLength, nByteLength };
}
var FIELD_SQRT = /* @__PURE__ */ new WeakMap();
var _Field = class {
  ORDER;
  BITS;
  BYTES;
  isLE;
  ZERO = _0n2;
  ONE = _1n2;
  _lengths;
  _mod;
  constructor(ORDER, opts = {}) {
    if (ORDER <= _1n2)
      throw new Error("invalid field: expected ORDER > 1, got " + ORDER);
    let _nbitLength = void 0;
    this.isLE = false;
    if (opts != null && typeof opts === "object") {
      if (typeof opts.BITS === "number")
        _nbitLength = opts.BITS;
      if (typeof opts.sqrt === "function")
        Object.defineProperty(this, "sqrt", { value: opts.sqrt, enumerable: true });
      if (typeof opts.isLE === "boolean")
        this.isLE = opts.isLE;
      if (opts.allowedLengths)
        this._lengths = Object.freeze(opts.allowedLengths.slice());
      if (typeof opts.modFromBytes === "boolean")
        this._mod = opts.modFromBytes;
    }
    const { nBitLength, nByteLength } = nLength(ORDER, _nbitLength);
    if (nByteLength > 2048)
      throw new Error("invalid field: expected ORDER of <= 2048 bytes");
    this.ORDER = ORDER;
    this.BITS = nBitLength;
    this.BYTES = nByteLength;
    Object.freeze(this);
  }
  create(num) {
    return mod(num, this.ORDER);
  }
  isValid(num) {
    if (typeof num !== "bigint")
      throw new TypeError("invalid field element: expected bigint, got " + typeof num);
    return _0n2 <= num && num < this.ORDER;
  }
  is0(num) {
    return num === _0n2;
  }
  // is valid and invertible
  isValidNot0(num) {
    return !this.is0(num) && this.isValid(num);
  }
  isOdd(num) {
    return (num & _1n2) === _1n2;
  }
  neg(num) {
    return mod(-num, this.ORDER);
  }
  eql(lhs, rhs) {
    return lhs === rhs;
  }
  sqr(num) {
    return mod(num * num, this.ORDER);
  }
  add(lhs, rhs) {
    return mod(lhs + rhs, this.ORDER);
  }
  sub(lhs, rhs) {
    return mod(lhs - rhs, this.ORDER);
  }
  mul(lhs, rhs) {
    return mod(lhs * rhs, this.ORDER);
  }
  pow(num, power) {
    return pow(num, power, this.ORDER);
  }
  div(lhs, rhs) {
    return mod(lhs * invert(rhs, this.ORDER), this.ORDER);
  }
  // Same as above, but doesn't normalize
  sqrN(num) {
    return num * num;
  }
  addN(lhs, rhs) {
    return lhs + rhs;
  }
  subN(lhs, rhs) {
    return lhs - rhs;
  }
  mulN(lhs, rhs) {
    return lhs * rhs;
  }
  inv(num) {
    return invert(num, this.ORDER);
  }
  sqrt(num) {
    let sqrt = FIELD_SQRT.get(this);
    if (!sqrt)
      FIELD_SQRT.set(this, sqrt = FpSqrt(this.ORDER));
    return sqrt(this, num);
  }
  toBytes(num) {
    return this.isLE ? numberToBytesLE(num, this.BYTES) : numberToBytesBE(num, this.BYTES);
  }
  fromBytes(bytes, skipValidation = false) {
    abytes2(bytes);
    const { _lengths: allowedLengths, BYTES: BYTES2, isLE, ORDER, _mod: modFromBytes } = this;
    if (allowedLengths) {
      if (bytes.length < 1 || !allowedLengths.includes(bytes.length) || bytes.length > BYTES2) {
        throw new Error("Field.fromBytes: expected " + allowedLengths + " bytes, got " + bytes.length);
      }
      const padded = new Uint8Array(BYTES2);
      padded.set(bytes, isLE ? 0 : padded.length - bytes.length);
      bytes = padded;
    }
    if (bytes.length !== BYTES2)
      throw new Error("Field.fromBytes: expected " + BYTES2 + " bytes, got " + bytes.length);
    let scalar = isLE ? bytesToNumberLE(bytes) : bytesToNumberBE(bytes);
    if (modFromBytes)
      scalar = mod(scalar, ORDER);
    if (!skipValidation) {
      if (!this.isValid(scalar))
        throw new Error("invalid field element: outside of range 0..ORDER");
    }
    return scalar;
  }
  // TODO: we don't need it here, move out to separate fn
  invertBatch(lst) {
    return FpInvertBatch(this, lst, true);
  }
  // We can't move this out because Fp6, Fp12 implement it
  // and it's unclear what to return in there.
  cmov(a, b, condition) {
    abool(condition, "condition");
    return condition ? b : a;
  }
};
function Field(ORDER, opts = {}) {
  Object.freeze(_Field.prototype);
  return new _Field(ORDER, opts);
}

// node/api/static/vendor/@noble/curves@2.4.0/abstract/curve.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */
var _0n3 = /* @__PURE__ */ BigInt(0);
var _1n3 = /* @__PURE__ */ BigInt(1);
var _4n2 = /* @__PURE__ */ BigInt(4);
var BLIND_BYTES = 16;
var BLIND_BITS = 128;
var FW_WINDOW = 5;
var TABLE_BYTES_MAX = /* @__PURE__ */ (() => 2 ** 31)();
function validatePointCons(Point) {
  const pc = Point;
  if (typeof pc !== "function")
    throw new TypeError('"Point" expected constructor, got type=' + typeof Point);
  afunction(pc.fromAffine, "Point.fromAffine");
  afunction(pc.fromBytes, "Point.fromBytes");
  afunction(pc.fromHex, "Point.fromHex");
  aobject2(pc.BASE, "Point.BASE");
  aobject2(pc.ZERO, "Point.ZERO");
  validateField(pc.Fp);
  validateField(pc.Fn);
}
function normalizeZ(c, points) {
  validatePointCons(c);
  validateMSMPoints(points, c);
  const invertedZs = FpInvertBatch(c.Fp, points.map((p) => p.Z));
  return points.map((p, i2) => c.fromAffine(p.toAffine(invertedZs[i2])));
}
function validateW(W, bits2, min = 1) {
  if (!Number.isSafeInteger(W) || W < min || W > bits2)
    throw new Error("invalid window size, expected [" + min + ".." + bits2 + "], got W=" + W);
}
function validateTableBytes(numPoints, fpBytes) {
  const bytes = numPoints * (4 * fpBytes + 128);
  if (bytes > TABLE_BYTES_MAX)
    throw new Error("invalid window size: table would need ~" + Math.ceil(bytes / 2 ** 20) + " MiB, max " + TABLE_BYTES_MAX / 2 ** 20 + " MiB");
}
function probeRandomBytes(randomBytes3, length) {
  if (randomBytes3 === void 0)
    return void 0;
  afunction(randomBytes3, "randomBytes");
  try {
    const probe = randomBytes3(length);
    if (!isBytes2(probe) || probe.length !== length)
      return void 0;
  } catch {
    return void 0;
  }
  return randomBytes3;
}
function validateMSMPoints(points, c) {
  aarray(points, "points");
  points.forEach((p, i2) => {
    if (!(p instanceof c))
      throw new Error("invalid point at index " + i2);
  });
}
function validateMSMScalars(scalars, field, maxScalar) {
  if (!Array.isArray(scalars))
    throw new Error("array of scalars expected");
  scalars.forEach((s, i2) => {
    const ok = maxScalar === void 0 ? field.isValid(s) : isPosBig(s) && s < maxScalar;
    if (!ok)
      throw new Error("invalid scalar at index " + i2);
  });
}
var pointWindowSizes = /* @__PURE__ */ new WeakMap();
function getWindowSize(P) {
  return pointWindowSizes.get(P) || 1;
}
function oddMultiples(p, size) {
  const dbl = p.double();
  const t = [p];
  for (let j = 1; j < size; j++)
    t.push(t[j - 1].add(dbl));
  return t;
}
function wnafDigits(n, W) {
  const size = 2 ** W;
  const half = size / 2;
  const mask = BigInt(size - 1);
  const d = [];
  while (n > _0n3) {
    let w = 0;
    if (n & _1n3) {
      w = Number(n & mask);
      if (w >= half)
        w -= size;
      n -= BigInt(w);
    }
    d.push(w);
    n >>= _1n3;
  }
  return d;
}
function signedWindowDigits(n, W, windows) {
  const size = 2 ** W;
  const half = size / 2;
  const mask = BigInt(size - 1);
  const shiftBy = BigInt(W);
  const d = [];
  for (let w = 0; w < windows; w++) {
    let v = Number(n & mask);
    n >>= shiftBy;
    if (v > half) {
      v -= size;
      n += _1n3;
    }
    d.push(v);
  }
  if (n !== _0n3)
    throw new Error("invalid wnaf");
  return d;
}
function wnafWalk(zero, tables, digits2) {
  let max2 = 0;
  for (const d of digits2)
    max2 = Math.max(max2, d.length);
  let acc = zero;
  for (let bit = max2 - 1; bit >= 0; bit--) {
    if (bit !== max2 - 1)
      acc = acc.double();
    for (let i2 = 0; i2 < digits2.length; i2++) {
      const w = digits2[i2][bit];
      if (w) {
        const item = tables[i2][Math.abs(w) - 1 >> 1];
        acc = acc.add(w < 0 ? item.negate() : item);
      }
    }
  }
  return acc;
}
var ScalarMultiplier = class {
  Point;
  BASE;
  ZERO;
  randomBytes;
  wnafPrecomputes = /* @__PURE__ */ new WeakMap();
  baseCanBeBlinded;
  bits;
  // Parametrized with a given Point class (not individual point)
  constructor(Point, randomBytes3) {
    validatePointCons(Point);
    this.randomBytes = probeRandomBytes(randomBytes3, BLIND_BYTES);
    this.Point = Point;
    this.BASE = Point.BASE;
    this.ZERO = Point.ZERO;
    this.bits = Point.Fn.BITS;
  }
  /**
   * Creates a signed fixed-window wNAF precomputation table: for every window w, the
   * multiples `[1..2^(W−1)]⋅2^(w⋅W)⋅P`, flattened. All doublings are baked into the table,
   * so cached multiplication is additions-only. `windows = ceil(bits/W) + 1`: the extra
   * window absorbs the final carry of signed-digit recoding.
   * For a 256-bit curve and W=6, the table is 44⋅32 = 1408 points.
   * @param point - Point instance
   * @param W - window size
   * @param bits - scalar bitlength the table must cover
   */
  buildWnafTable(point, W, bits2) {
    const windows = Math.ceil(bits2 / W) + 1;
    const half = 2 ** (W - 1);
    const comp = [];
    let base = point;
    for (let w = 0; w < windows; w++) {
      let acc = base;
      for (let i2 = 0; i2 < half; i2++) {
        comp.push(acc);
        acc = acc.add(base);
      }
      base = comp[comp.length - 1].double();
    }
    return { W, bits: bits2, windows, comp };
  }
  /**
   * Implements ec multiplication using precomputed signed fixed-window wNAF tables.
   * Constant-time: fixed window count with one table addition per window — zero digits feed
   * the fake accumulator — and no doublings; the lookup scans the whole window slice.
   * Scalar bounds are validated by the public entry points ({@link ScalarMultiplier.mulCT},
   * {@link ScalarMultiplier.mulCTBlinded}, {@link ScalarMultiplier.mulUnsafe});
   * signedWindowDigits throws if `n` exceeds the table.
   * @returns real and fake (for const-time) points
   */
  wnafCachedCT(precomputes, n) {
    const { W, windows, comp } = precomputes;
    const half = 2 ** (W - 1);
    const digits2 = signedWindowDigits(n, W, windows);
    let p = this.ZERO;
    let f = this.BASE;
    for (let w = 0; w < windows; w++) {
      const digit = digits2[w];
      const start = w * half;
      const idx = Math.abs(digit) - 1;
      let sel = comp[start];
      for (let i2 = 1; i2 < half; i2++)
        sel = i2 === idx ? comp[start + i2] : sel;
      const neg = sel.negate();
      if (digit === 0)
        f = f.add(comp[start]);
      else
        p = p.add(digit < 0 ? neg : sel);
    }
    return { p, f };
  }
  // Cache key is point identity plus (W, bits); at most two entries exist per point (public-width
  // `Fn.BITS` and blinded `Fn.BITS + BLIND_BITS`). Callers must not reuse the same point with
  // incompatible `transform(...)` layouts and expect a separate cache entry.
  getWnafPrecomputes(W, point, bits2, transform) {
    let entries = this.wnafPrecomputes.get(point);
    let comp = entries?.find((entry) => entry.W === W && entry.bits === bits2);
    if (!comp) {
      comp = this.buildWnafTable(point, W, bits2);
      if (typeof transform === "function")
        comp = { ...comp, comp: transform(comp.comp) };
      if (!entries) {
        entries = [];
        this.wnafPrecomputes.set(point, entries);
      }
      entries.push(comp);
    }
    return comp;
  }
  assertPoint(point) {
    if (!(point instanceof this.Point))
      throw new TypeError('"point" expected Point instance, got type=' + typeof point);
  }
  // Shared prologue of the constant-time entry points. Rejects scalar 0: in key/signature-style
  // callers a zero scalar means broken upstream plumbing, and concrete Points already reject it.
  // Uses inRange instead of Fn.isValidNot0: validateField() only certifies the arithmetic subset.
  validateMulInput(point, scalar) {
    this.assertPoint(point);
    if (!inRange(scalar, _1n3, this.Point.Fn.ORDER))
      throw new Error("invalid scalar");
  }
  // Constant-time dispatch shared by mulCT / mulCTBlinded. Un-precomputed points (W===1, e.g.
  // ECDH peer keys) skip building a throwaway cached table in favor of a small fixed-window
  // multiply. `n` must be < 2^bits.
  runCT(point, n, bits2, transform) {
    const W = getWindowSize(point);
    if (W === 1)
      return this.fixedWindowCT(point, n, bits2);
    return this.wnafCachedCT(this.getWnafPrecomputes(W, point, bits2, transform), n);
  }
  mulCT(point, scalar, transform) {
    this.validateMulInput(point, scalar);
    return this.runCT(point, scalar, this.bits, transform);
  }
  mulCTBlinded(point, scalar, transform) {
    this.validateMulInput(point, scalar);
    if (this.randomBytes === void 0)
      throw new Error("randomBytes is required for scalar blinding");
    const bits2 = this.Point.Fn.BITS + BLIND_BITS;
    const blind = this.randomBytes(BLIND_BYTES);
    if (!isBytes2(blind) || blind.length !== BLIND_BYTES)
      throw new Error("randomBytes returned invalid byte array");
    blind[0] = blind[0] & 63 | 128;
    const n = scalar + bytesToNumberBE(blind) * this.Point.Fn.ORDER;
    return this.runCT(point, n, bits2, transform);
  }
  /**
   * Constant-time multiplication `n*point` for an un-precomputed point, via a small fixed window.
   * A cached wNAF table only pays off when reused; a flat 2^FW_WINDOW table (`size-1` adds) is
   * far cheaper to build for a single use. The point-operation sequence is independent of `n`:
   * build the table, then per window exactly FW_WINDOW doublings, a data-oblivious scan over
   * every table entry, and one addition (adds the identity when the window digit is 0 — never
   * skipped).
   *
   * `n` must be `< 2^bits`. Assumes complete addition (adding the identity costs the same as any
   * add), which holds for the Weierstrass/Edwards point types used here. The table is left in
   * projective form (no normalizeZ): normalizing this small a table costs more than the
   * mixed-add savings it would buy for a single multiply.
   * @returns real point `p`; `f` duplicates it only to match {@link wnafCachedCT}'s return shape
   * (this path needs no fake accumulator — its op-count is already scalar-independent).
   */
  fixedWindowCT(point, n, bits2) {
    const W = FW_WINDOW;
    const size = 1 << W;
    const mask = bitMask(W);
    const table = new Array(size);
    table[0] = this.ZERO;
    for (let i2 = 1; i2 < size; i2++)
      table[i2] = table[i2 - 1].add(point);
    const windows = Math.ceil(bits2 / W);
    let acc = this.ZERO;
    for (let window2 = windows - 1; window2 >= 0; window2--) {
      if (window2 !== windows - 1)
        for (let d = 0; d < W; d++)
          acc = acc.double();
      const digit = Number(n >> BigInt(window2 * W) & mask);
      let sel = table[0];
      for (let i2 = 1; i2 < size; i2++)
        sel = i2 === digit ? table[i2] : sel;
      acc = acc.add(sel);
    }
    return { p: acc, f: acc };
  }
  shouldBlind(point, cofactor) {
    if (this.randomBytes === void 0)
      return false;
    if (cofactor === _1n3)
      return true;
    if (point !== this.BASE)
      return false;
    if (this.baseCanBeBlinded === void 0)
      this.baseCanBeBlinded = this.mulUnsafe(this.BASE, this.Point.Fn.ORDER).is0();
    return this.baseCanBeBlinded;
  }
  mulSecret(point, scalar, cofactor, transform) {
    return this.shouldBlind(point, cofactor) ? this.mulCTBlinded(point, scalar, transform) : this.mulCT(point, scalar, transform);
  }
  mulUnsafe(point, scalar, transform) {
    this.assertPoint(point);
    if (!isPosBig(scalar))
      throw new Error("invalid scalar");
    const W = getWindowSize(point);
    if (W === 1 || scalar >= this.Point.Fn.ORDER)
      return mulAddUnsafe(this.Point, [point], [scalar], true);
    const precomputes = this.getWnafPrecomputes(W, point, this.bits, transform);
    return this.wnafCachedCT(precomputes, scalar).p;
  }
  // Remembers the window size used for precomputed wNAF multiplication of the given point
  // and drops any previously built tables. Usually only the base point is precomputed.
  // W=1 resets the point to the un-precomputed (table-less) paths.
  // W is additionally capped so tables stay under ~2 GiB ({@link TABLE_BYTES_MAX}).
  setWindowSize(point, W) {
    this.assertPoint(point);
    validateW(W, this.bits);
    const windows = Math.ceil((this.bits + BLIND_BITS) / W) + 1;
    validateTableBytes(windows * 2 ** (W - 1), this.Point.Fp.BYTES);
    pointWindowSizes.set(point, W);
    this.wnafPrecomputes.delete(point);
  }
  // True when a window size is set: tables themselves are built lazily on first multiply.
  hasWindowSize(point) {
    return getWindowSize(point) !== 1;
  }
};
function mulAddUnsafe(c, points, scalars, allowOversized = false) {
  validatePointCons(c);
  validateMSMPoints(points, c);
  abool(allowOversized, "allowOversized");
  validateMSMScalars(scalars, c.Fn, allowOversized ? c.Fn.ORDER ** _4n2 : void 0);
  if (points.length !== scalars.length)
    throw new Error("arrays of points and scalars must have equal length");
  const tables = points.map((p) => oddMultiples(p, 4));
  const digits2 = scalars.map((n) => wnafDigits(n, 4));
  return wnafWalk(c.ZERO, tables, digits2);
}
function createField(order, field, isLE) {
  if (field) {
    if (field.ORDER !== order)
      throw new Error("Field.ORDER must match order: Fp == p, Fn == n");
    validateField(field);
    return field;
  } else {
    return Field(order, { isLE });
  }
}
function createCurveFields(type, CURVE, curveOpts = {}, FpFnLE) {
  if (type !== "weierstrass" && type !== "edwards")
    throw new Error('expected curve type "weierstrass" or "edwards"');
  if (FpFnLE === void 0)
    FpFnLE = type === "edwards";
  if (!CURVE || typeof CURVE !== "object")
    throw new Error(`expected valid ${type} CURVE object`);
  validateObject(curveOpts);
  for (const p of ["p", "n", "h"]) {
    const val = CURVE[p];
    if (!(isPosBig(val) && val !== _0n3))
      throw new Error(`CURVE.${p} must be positive bigint`);
  }
  const Fp2 = createField(CURVE.p, curveOpts.Fp, FpFnLE);
  const Fn = createField(CURVE.n, curveOpts.Fn, FpFnLE);
  const _b2 = type === "weierstrass" ? "b" : "d";
  const params = ["Gx", "Gy", "a", _b2];
  for (const p of params) {
    if (!Fp2.isValid(CURVE[p]))
      throw new Error(`CURVE.${p} must be valid field element of CURVE.Fp`);
  }
  CURVE = Object.freeze(Object.assign({}, CURVE));
  return { CURVE, Fp: Fp2, Fn };
}
function createKeygen(randomSecretKey, getPublicKey) {
  return function keygen(seed) {
    const secretKey = randomSecretKey(seed);
    return { secretKey, publicKey: getPublicKey(secretKey) };
  };
}

// node/api/static/vendor/@noble/curves@2.4.0/abstract/edwards.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */
var _0n4 = /* @__PURE__ */ BigInt(0);
var _1n4 = /* @__PURE__ */ BigInt(1);
var _2n2 = /* @__PURE__ */ BigInt(2);
var _4n3 = /* @__PURE__ */ BigInt(4);
var _8n2 = /* @__PURE__ */ BigInt(8);
function isEdValidXY(Fp2, CURVE, x2, y) {
  const x22 = Fp2.sqr(x2);
  const y2 = Fp2.sqr(y);
  const left = Fp2.add(Fp2.mul(CURVE.a, x22), y2);
  const right = Fp2.add(Fp2.ONE, Fp2.mul(CURVE.d, Fp2.mul(x22, y2)));
  return Fp2.eql(left, right);
}
function edwards(params, extraOpts = {}) {
  validateObject(extraOpts, {}, {}, "extraOpts");
  const opts = extraOpts;
  const validated = createCurveFields("edwards", params, opts, opts.FpFnLE);
  const { Fp: Fp2, Fn } = validated;
  let CURVE = validated.CURVE;
  const { h: cofactor } = CURVE;
  if (FpLegendre(Fp2, CURVE.a) !== 1)
    throw new Error("edwards: CURVE.a must be a square in Fp for complete addition formulas");
  if (FpLegendre(Fp2, CURVE.d) !== -1)
    throw new Error("edwards: CURVE.d must be a non-square in Fp for complete addition formulas");
  validateObject(opts, {}, { uvRatio: "function", randomBytes: "function" });
  const randomBytes3 = opts.randomBytes === void 0 ? randomBytes2 : opts.randomBytes;
  const MASK = _2n2 << BigInt(Fp2.BYTES * 8) - _1n4;
  function isOdd(n) {
    if (!Fp2.isOdd)
      throw new Error("Field does not have .isOdd()");
    return Fp2.isOdd(n);
  }
  const uvRatio2 = opts.uvRatio === void 0 ? (u, v) => {
    try {
      return { isValid: true, value: Fp2.sqrt(Fp2.div(u, v)) };
    } catch (e) {
      return { isValid: false, value: _0n4 };
    }
  } : opts.uvRatio;
  if (!isEdValidXY(Fp2, CURVE, CURVE.Gx, CURVE.Gy))
    throw new Error("bad curve params: generator point");
  const mulA = Fp2.eql(CURVE.a, Fp2.neg(Fp2.ONE)) ? (x2) => Fp2.neg(x2) : Fp2.eql(CURVE.a, Fp2.ONE) ? (x2) => x2 : (x2) => Fp2.mul(CURVE.a, x2);
  function acoord(title, n, banZero = false) {
    const min = banZero ? _1n4 : _0n4;
    aInRange("coordinate " + title, n, min, MASK);
    return n;
  }
  function aedpoint(other) {
    if (!(other instanceof Point))
      throw new Error("EdwardsPoint expected");
  }
  class Point {
    static BASE = new Point(CURVE.Gx, CURVE.Gy, Fp2.ONE, Fp2.mul(CURVE.Gx, CURVE.Gy));
    static ZERO = new Point(Fp2.ZERO, Fp2.ONE, Fp2.ONE, Fp2.ZERO);
    static Fp = Fp2;
    static Fn = Fn;
    X;
    Y;
    Z;
    T;
    constructor(X, Y, Z, T) {
      this.X = acoord("x", X);
      this.Y = acoord("y", Y);
      this.Z = acoord("z", Z, true);
      this.T = acoord("t", T);
      Object.freeze(this);
    }
    static CURVE() {
      return CURVE;
    }
    /**
     * Create one extended Edwards point from affine coordinates.
     * Does NOT validate that the point is on-curve or torsion-free.
     * Use `.assertValidity()` on adversarial inputs.
     */
    static fromAffine(p) {
      if (p instanceof Point)
        throw new Error("extended point not allowed");
      const { x: x2, y } = p || {};
      acoord("x", x2);
      acoord("y", y);
      return new Point(x2, y, Fp2.ONE, Fp2.mul(x2, y));
    }
    // Uses algo from RFC8032 5.1.3.
    static fromBytes(bytes, zip215 = false) {
      const len = Fp2.BYTES;
      const { a, d } = CURVE;
      bytes = copyBytes(abytes2(bytes, len, "point"));
      abool(zip215, "zip215");
      const normed = copyBytes(bytes);
      const lastByte = bytes[len - 1];
      normed[len - 1] = lastByte & ~128;
      const y = bytesToNumberLE(normed);
      const max2 = zip215 ? MASK : Fp2.ORDER;
      aInRange("point.y", y, _0n4, max2);
      const y2 = Fp2.sqr(y);
      const u = Fp2.sub(y2, Fp2.ONE);
      const v = Fp2.sub(Fp2.mulN(d, y2), a);
      let { isValid, value: x2 } = uvRatio2(u, v);
      if (!isValid)
        throw new Error("bad point: invalid y coordinate");
      const isXOdd = isOdd(x2);
      const isLastByteOdd = (lastByte & 128) !== 0;
      if (!zip215 && Fp2.is0(x2) && isLastByteOdd)
        throw new Error("bad point: x=0 and x_0=1");
      if (isLastByteOdd !== isXOdd)
        x2 = Fp2.neg(x2);
      return Point.fromAffine({ x: x2, y });
    }
    static fromHex(hex, zip215 = false) {
      return Point.fromBytes(hexToBytes3(hex), zip215);
    }
    get x() {
      return this.toAffine().x;
    }
    get y() {
      return this.toAffine().y;
    }
    precompute(windowSize = 6, isLazy = true) {
      wnaf.setWindowSize(this, windowSize);
      if (!isLazy)
        this.multiply(_2n2);
      return this;
    }
    // Useful in fromAffine() - not for fromBytes(), which always created valid points.
    assertValidity() {
      const p = this;
      const { a, d } = CURVE;
      if (p.is0())
        throw new Error("bad point: ZERO");
      const { X, Y, Z, T } = p;
      const X2 = Fp2.sqr(X);
      const Y2 = Fp2.sqr(Y);
      const Z2 = Fp2.sqr(Z);
      const Z4 = Fp2.sqr(Z2);
      const aX2 = Fp2.mul(X2, a);
      const left = Fp2.mul(Fp2.add(aX2, Y2), Z2);
      const right = Fp2.add(Z4, Fp2.mul(d, Fp2.mul(X2, Y2)));
      if (!Fp2.eql(left, right))
        throw new Error("bad point: equation left != right (1)");
      const XY = Fp2.mul(X, Y);
      const ZT = Fp2.mul(Z, T);
      if (!Fp2.eql(XY, ZT))
        throw new Error("bad point: equation left != right (2)");
    }
    // Compare one point to another.
    equals(other) {
      aedpoint(other);
      const { X: X1, Y: Y1, Z: Z1 } = this;
      const { X: X2, Y: Y2, Z: Z2 } = other;
      const X1Z2 = Fp2.mul(X1, Z2);
      const X2Z1 = Fp2.mul(X2, Z1);
      const Y1Z2 = Fp2.mul(Y1, Z2);
      const Y2Z1 = Fp2.mul(Y2, Z1);
      return Fp2.eql(X1Z2, X2Z1) && Fp2.eql(Y1Z2, Y2Z1);
    }
    is0() {
      return this.equals(Point.ZERO);
    }
    negate() {
      return new Point(Fp2.neg(this.X), this.Y, this.Z, Fp2.neg(this.T));
    }
    // Fast algo for doubling Extended Point.
    // https://hyperelliptic.org/EFD/g1p/auto-twisted-extended.html#doubling-dbl-2008-hwcd
    // Cost: 4M + 4S + 1*a + 6add + 1*2.
    double() {
      const { X: X1, Y: Y1, Z: Z1 } = this;
      const A = Fp2.sqr(X1);
      const B = Fp2.sqr(Y1);
      const C = Fp2.mul(Fp2.sqr(Z1), _2n2);
      const D = mulA(A);
      const x1y1 = Fp2.addN(X1, Y1);
      const E = Fp2.sub(Fp2.subN(Fp2.sqr(x1y1), A), B);
      const G = Fp2.addN(D, B);
      const F = Fp2.subN(G, C);
      const H = Fp2.subN(D, B);
      const X3 = Fp2.mul(E, F);
      const Y3 = Fp2.mul(G, H);
      const T3 = Fp2.mul(E, H);
      const Z3 = Fp2.mul(F, G);
      return new Point(X3, Y3, Z3, T3);
    }
    // Fast algo for adding 2 Extended Points.
    // https://hyperelliptic.org/EFD/g1p/auto-twisted-extended.html#addition-add-2008-hwcd
    // Cost: 9M + 1*a + 1*d + 7add.
    add(other) {
      aedpoint(other);
      const { d } = CURVE;
      const { X: X1, Y: Y1, Z: Z1, T: T1 } = this;
      const { X: X2, Y: Y2, Z: Z2, T: T2 } = other;
      const A = Fp2.mul(X1, X2);
      const B = Fp2.mul(Y1, Y2);
      const C = Fp2.mul(Fp2.mulN(T1, d), T2);
      const D = Fp2.mul(Z1, Z2);
      const E = Fp2.sub(Fp2.subN(Fp2.mulN(Fp2.addN(X1, Y1), Fp2.addN(X2, Y2)), A), B);
      const F = Fp2.subN(D, C);
      const G = Fp2.addN(D, C);
      const H = Fp2.sub(B, mulA(A));
      const X3 = Fp2.mul(E, F);
      const Y3 = Fp2.mul(G, H);
      const T3 = Fp2.mul(E, H);
      const Z3 = Fp2.mul(F, G);
      return new Point(X3, Y3, Z3, T3);
    }
    subtract(other) {
      aedpoint(other);
      return this.add(other.negate());
    }
    // Constant-time multiplication.
    multiply(scalar) {
      if (!Fn.isValidNot0(scalar))
        throw new RangeError("invalid scalar: expected 1 <= sc < curve.n");
      const { p, f } = wnaf.mulSecret(this, scalar, cofactor, normalize);
      return normalize([p, f])[0];
    }
    // Non-constant-time multiplication. Uses double-and-add algorithm.
    // It's faster, but should only be used when you don't care about
    // an exposed private key e.g. sig verification.
    // Keeps the same subgroup-scalar contract: 0 is allowed for public-scalar callers, but
    // n and larger values are rejected instead of being reduced mod n to the identity point.
    multiplyUnsafe(scalar) {
      if (!Fn.isValid(scalar))
        throw new RangeError("invalid scalar: expected 0 <= sc < curve.n");
      if (scalar === _0n4)
        return Point.ZERO;
      if (this.is0() || scalar === _1n4)
        return this;
      return wnaf.mulUnsafe(this, scalar, normalize);
    }
    // Checks if point is of small order.
    // If you add something to small order point, you will have "dirty"
    // point with torsion component.
    // Clears cofactor and checks if the result is 0.
    isSmallOrder() {
      return this.clearCofactor().is0();
    }
    // Multiplies point by curve order and checks if the result is 0.
    // Returns `false` is the point is dirty.
    isTorsionFree() {
      return wnaf.mulUnsafe(this, CURVE.n).is0();
    }
    // Converts Extended point to default (x, y) coordinates.
    // Can accept precomputed Z^-1 - for example, from invertBatch.
    toAffine(invertedZ) {
      const p = this;
      let iz = invertedZ;
      if (iz != null && typeof iz !== "bigint")
        throw new TypeError('"invertedZ" expected bigint, got type=' + typeof iz);
      const { X, Y, Z } = p;
      const is0 = p.is0();
      if (iz == null)
        iz = is0 ? Fp2.create(_8n2) : Fp2.inv(Z);
      const x2 = Fp2.mul(X, iz);
      const y = Fp2.mul(Y, iz);
      const zz = Fp2.mul(Z, iz);
      if (is0)
        return { x: Fp2.ZERO, y: Fp2.ONE };
      if (!Fp2.eql(zz, Fp2.ONE))
        throw new Error("invZ was invalid");
      return { x: x2, y };
    }
    clearCofactor() {
      if (cofactor === _1n4)
        return this;
      if (cofactor === _2n2)
        return this.double();
      if (cofactor === _4n3)
        return this.double().double();
      if (cofactor === _8n2)
        return this.double().double().double();
      return this.multiplyUnsafe(cofactor);
    }
    toBytes() {
      const { x: x2, y } = this.toAffine();
      const bytes = Fp2.toBytes(y);
      bytes[bytes.length - 1] |= isOdd(x2) ? 128 : 0;
      return bytes;
    }
    toHex() {
      return bytesToHex3(this.toBytes());
    }
    toString() {
      return `<Point ${this.is0() ? "ZERO" : this.toHex()}>`;
    }
  }
  const normalize = (points) => normalizeZ(Point, points);
  const wnaf = new ScalarMultiplier(Point, randomBytes3);
  if (wnaf.bits >= 6)
    Point.BASE.precompute(6);
  Object.freeze(Point.prototype);
  Object.freeze(Point);
  return Point;
}
function eddsa(Point, cHash, eddsaOpts = {}) {
  validatePointCons(Point);
  if (typeof cHash !== "function")
    throw new Error('"hash" function param is required');
  const hash = cHash;
  const opts = eddsaOpts;
  validateObject(opts, {}, {
    adjustScalarBytes: "function",
    randomBytes: "function",
    domain: "function",
    prehash: "function",
    zip215: "boolean",
    mapToCurve: "function",
    toMontgomery: "function",
    toMontgomerySecret: "function"
  });
  const { prehash } = opts;
  const { BASE, Fp: Fp2, Fn } = Point;
  const outputLen = hash.outputLen;
  const expectedLen = 2 * Fp2.BYTES;
  if (outputLen !== void 0) {
    asafenumber(outputLen, "hash.outputLen");
    if (outputLen !== expectedLen)
      throw new Error(`hash.outputLen must be ${expectedLen}, got ${outputLen}`);
  }
  const randomBytes3 = opts.randomBytes === void 0 ? randomBytes2 : opts.randomBytes;
  const toMontgomery2 = opts.toMontgomery;
  const toMontgomerySecret2 = opts.toMontgomerySecret;
  const adjustScalarBytes2 = opts.adjustScalarBytes === void 0 ? (bytes) => bytes : opts.adjustScalarBytes;
  const domain = opts.domain === void 0 ? (data, ctx, phflag) => {
    abool(phflag, "phflag");
    if (ctx.length || phflag)
      throw new Error("Contexts/pre-hash are not supported");
    return data;
  } : opts.domain;
  function modN_LE(hash2) {
    return Fn.create(bytesToNumberLE(hash2));
  }
  function getPrivateScalar(key) {
    const len = lengths.secretKey;
    abytes2(key, lengths.secretKey, "secretKey");
    const hashed = abytes2(hash(key), 2 * len, "hashedSecretKey");
    const head = adjustScalarBytes2(hashed.slice(0, len));
    const prefix = hashed.slice(len, 2 * len);
    const scalar = modN_LE(head);
    return { head, prefix, scalar };
  }
  function getExtendedPublicKey(secretKey) {
    const { head, prefix, scalar } = getPrivateScalar(secretKey);
    const point = BASE.multiply(scalar);
    const pointBytes = point.toBytes();
    return { head, prefix, scalar, point, pointBytes };
  }
  function getPublicKey(secretKey) {
    return getExtendedPublicKey(secretKey).pointBytes;
  }
  function hashDomainToScalar(context = Uint8Array.of(), ...msgs) {
    const msg = concatBytes3(...msgs);
    return modN_LE(hash(domain(msg, abytes2(context, void 0, "context"), !!prehash)));
  }
  function sign(msg, secretKey, options = {}) {
    validateObject(options, {}, {}, "options");
    msg = copyBytes(abytes2(msg, void 0, "message"));
    if (prehash)
      msg = prehash(msg);
    const { prefix, scalar, pointBytes } = getExtendedPublicKey(secretKey);
    const r = hashDomainToScalar(options.context, prefix, msg);
    const R = BASE.multiply(r).toBytes();
    const k = hashDomainToScalar(options.context, R, pointBytes, msg);
    const s = Fn.create(r + k * scalar);
    if (!Fn.isValid(s))
      throw new Error("sign failed: invalid s");
    const rs = concatBytes3(R, Fn.toBytes(s));
    return abytes2(rs, lengths.signature, "result");
  }
  const verifyOpts = {
    zip215: opts.zip215
  };
  function verify(sig, msg, publicKey, options = verifyOpts) {
    validateObject(options);
    const { context } = options;
    const zip215 = options.zip215 === void 0 ? !!verifyOpts.zip215 : options.zip215;
    const len = lengths.signature;
    sig = abytes2(sig, len, "signature");
    msg = abytes2(msg, void 0, "message");
    publicKey = abytes2(publicKey, lengths.publicKey, "publicKey");
    if (zip215 !== void 0)
      abool(zip215, "zip215");
    if (prehash)
      msg = prehash(msg);
    const mid = len / 2;
    const r = sig.subarray(0, mid);
    const s = bytesToNumberLE(sig.subarray(mid, len));
    let A, R, SB;
    try {
      A = Point.fromBytes(publicKey, zip215);
      R = Point.fromBytes(r, zip215);
      SB = BASE.multiplyUnsafe(s);
    } catch (error) {
      return false;
    }
    if (!zip215 && A.isSmallOrder())
      return false;
    const k = hashDomainToScalar(context, r, publicKey, msg);
    const RkA = R.add(A.multiplyUnsafe(k));
    return RkA.subtract(SB).clearCofactor().is0();
  }
  const _size = Fp2.BYTES;
  const lengths = {
    secretKey: _size,
    publicKey: _size,
    signature: 2 * _size,
    seed: _size
  };
  function randomSecretKey(seed) {
    seed = seed === void 0 ? randomBytes3(lengths.seed) : seed;
    return abytes2(seed, lengths.seed, "seed");
  }
  function isValidSecretKey(key) {
    return isBytes2(key) && key.length === lengths.secretKey;
  }
  function isValidPublicKey(key, zip215) {
    try {
      return !!Point.fromBytes(key, zip215 === void 0 ? verifyOpts.zip215 : zip215);
    } catch (error) {
      return false;
    }
  }
  const utils = {
    getExtendedPublicKey,
    randomSecretKey,
    isValidSecretKey,
    isValidPublicKey,
    /** Converts an Edwards public key to a companion Montgomery public key. */
    toMontgomery(publicKey) {
      if (toMontgomery2 === void 0)
        throw new Error("Montgomery conversion is not supported for this curve");
      return toMontgomery2(Point.fromBytes(publicKey));
    },
    toMontgomerySecret(secretKey) {
      if (toMontgomerySecret2 === void 0)
        throw new Error("Montgomery conversion is not supported for this curve");
      return toMontgomerySecret2(secretKey);
    }
  };
  Object.freeze(lengths);
  Object.freeze(utils);
  return Object.freeze({
    keygen: createKeygen(randomSecretKey, getPublicKey),
    getPublicKey,
    sign,
    verify,
    utils,
    Point,
    lengths
  });
}

// node/api/static/vendor/@noble/curves@2.4.0/abstract/montgomery.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */

// node/api/static/vendor/@noble/curves@2.4.0/abstract/oprf.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */

// node/api/static/vendor/@noble/curves@2.4.0/ed25519.js
/*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) */
var _1n5 = /* @__PURE__ */ BigInt(1);
var _2n3 = /* @__PURE__ */ BigInt(2);
var _5n2 = /* @__PURE__ */ BigInt(5);
var _8n3 = /* @__PURE__ */ BigInt(8);
var ed25519_CURVE_p = /* @__PURE__ */ BigInt("0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed");
var ed25519_CURVE = /* @__PURE__ */ (() => ({
  p: ed25519_CURVE_p,
  n: BigInt("0x1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed"),
  h: _8n3,
  a: BigInt("0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffec"),
  d: BigInt("0x52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3"),
  Gx: BigInt("0x216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51a"),
  Gy: BigInt("0x6666666666666666666666666666666666666666666666666666666666666658")
}))();
function ed25519_pow_2_252_3(x2) {
  const _10n = BigInt(10), _20n = BigInt(20), _40n = BigInt(40), _80n = BigInt(80);
  const P = ed25519_CURVE_p;
  const x22 = x2 * x2 % P;
  const b22 = x22 * x2 % P;
  const b42 = pow2(b22, _2n3, P) * b22 % P;
  const b5 = pow2(b42, _1n5, P) * x2 % P;
  const b10 = pow2(b5, _5n2, P) * b5 % P;
  const b20 = pow2(b10, _10n, P) * b10 % P;
  const b40 = pow2(b20, _20n, P) * b20 % P;
  const b80 = pow2(b40, _40n, P) * b40 % P;
  const b160 = pow2(b80, _80n, P) * b80 % P;
  const b240 = pow2(b160, _80n, P) * b80 % P;
  const b250 = pow2(b240, _10n, P) * b10 % P;
  const pow_p_5_8 = pow2(b250, _2n3, P) * x2 % P;
  return { pow_p_5_8, b2: b22 };
}
function adjustScalarBytes(bytes) {
  bytes[0] &= 248;
  bytes[31] &= 127;
  bytes[31] |= 64;
  return bytes;
}
var ED25519_SQRT_M1 = /* @__PURE__ */ BigInt("19681161376707505956807079304988542015446066515923890162744021073123829784752");
function uvRatio(u, v) {
  const P = ed25519_CURVE_p;
  const v3 = mod(v * v * v, P);
  const v7 = mod(v3 * v3 * v, P);
  const pow3 = ed25519_pow_2_252_3(u * v7).pow_p_5_8;
  let x2 = mod(u * v3 * pow3, P);
  const vx2 = mod(v * x2 * x2, P);
  const root1 = x2;
  const root2 = mod(x2 * ED25519_SQRT_M1, P);
  const useRoot1 = vx2 === u;
  const useRoot2 = vx2 === mod(-u, P);
  const noRoot = vx2 === mod(-u * ED25519_SQRT_M1, P);
  if (useRoot1)
    x2 = root1;
  if (useRoot2 || noRoot)
    x2 = root2;
  if (isNegativeLE(x2, P))
    x2 = mod(-x2, P);
  return { isValid: useRoot1 || useRoot2, value: x2 };
}
var ed25519_Point = /* @__PURE__ */ edwards(ed25519_CURVE, { uvRatio });
var Fp = /* @__PURE__ */ (() => ed25519_Point.Fp)();
function toMontgomery(point) {
  const { y } = point;
  return Fp.toBytes(Fp.div(_1n5 + y, _1n5 - y));
}
function toMontgomerySecret(secretKey) {
  const size = ed25519_Point.Fp.BYTES;
  abytes(secretKey, size);
  return adjustScalarBytes(sha512(secretKey.subarray(0, size))).subarray(0, size);
}
function ed(opts) {
  return eddsa(ed25519_Point, sha512, Object.assign({ adjustScalarBytes, toMontgomery, toMontgomerySecret, zip215: true }, opts));
}
var ed25519 = /* @__PURE__ */ ed({});

// node/api/static/core/keys.js
var ENTRY_SIGNATURE_TAG = "cunzheng/entry/v1";
var VOTE_SIGNATURE_TAG = "cunzheng/vote/v1";
var GOVERNANCE_SIGNATURE_TAG = "cunzheng/governance/v1";
var KEY_HASH_SIZE = 4;
var PUBLIC_KEY_SIZE = 32;
var SIGNATURE_SIZE = 64;
var MAX_KEY_NAME_LENGTH = 64;
var ED25519_SIGNATURE_TYPE = 1;
var NOT_IN_KEY_NAME = /[\p{C}\p{Z}+]/u;
var KEY_HASH_HEX = /^[0-9a-f]{8}$/;
function isValidKeyName(name) {
  if (typeof name !== "string") return false;
  const length = codePoints(name);
  return length > 0 && length <= MAX_KEY_NAME_LENGTH && !NOT_IN_KEY_NAME.test(name);
}
function checkName(name) {
  if (!isValidKeyName(name)) {
    throw new DecodeError(`key name ${JSON.stringify(name)} is not a C2SP key name: expected 1 to ${MAX_KEY_NAME_LENGTH} printable characters without spaces or "+"`);
  }
}
function keyHash(name, publicKey) {
  checkName(name);
  if (publicKey.length !== PUBLIC_KEY_SIZE) {
    throw new DecodeError(`the Ed25519 public key must be ${PUBLIC_KEY_SIZE} bytes, got ${publicKey.length}`);
  }
  const data = concatBytes(utf8(`${name}
`), Uint8Array.of(ED25519_SIGNATURE_TYPE), publicKey);
  return sha256Of(data).slice(0, KEY_HASH_SIZE);
}
function vkey(name, publicKey) {
  const typed = concatBytes(Uint8Array.of(ED25519_SIGNATURE_TYPE), publicKey);
  return `${name}+${bytesToHex(keyHash(name, publicKey))}+${bytesToBase64(typed)}`;
}
function parseVkey(text) {
  const first = text.indexOf("+");
  const second = first < 0 ? -1 : text.indexOf("+", first + 1);
  if (first < 0 || second < 0 || second === text.length - 1) {
    throw new DecodeError(`verifier key ${JSON.stringify(text)} must be <name>+<8 hex digits>+<base64 key>; copy the whole line from the notary's .vkey file`);
  }
  const name = text.slice(0, first);
  const hashHex = text.slice(first + 1, second);
  checkName(name);
  if (!KEY_HASH_HEX.test(hashHex)) {
    throw new DecodeError(`verifier key ${JSON.stringify(text)}: key hash must be 8 lowercase hex digits, got ${JSON.stringify(hashHex)}`);
  }
  const typed = base64ToBytes(text.slice(second + 1));
  if (typed === null) throw new DecodeError(`verifier key ${JSON.stringify(text)} is not canonical base64`);
  if (typed.length !== 1 + PUBLIC_KEY_SIZE || typed[0] !== ED25519_SIGNATURE_TYPE) {
    throw new DecodeError(`verifier key ${JSON.stringify(text)} holds ${typed.length} bytes; expected 33 bytes starting 0x01 (Ed25519), the only kind cunzheng verifies`);
  }
  const publicKey = typed.slice(1);
  if (bytesToHex(keyHash(name, publicKey)) !== hashHex) {
    throw new DecodeError(`verifier key ${JSON.stringify(text)} says key hash ${hashHex}, but its name and key give another; the key was mistyped or altered, copy it again from the notary`);
  }
  return [name, publicKey];
}
function isValidEd25519(publicKey, message, signature) {
  if (publicKey.length !== PUBLIC_KEY_SIZE || signature.length !== SIGNATURE_SIZE) return false;
  try {
    if (!ed25519.verify(signature, message, publicKey, { zip215: false })) return false;
    const { Point } = ed25519;
    const encodedR = signature.subarray(0, 32);
    if (Point.fromBytes(encodedR, false).isSmallOrder()) return false;
    const s = bytesToNumberLE(signature.subarray(32));
    const k = Point.Fn.create(bytesToNumberLE(sha512(concatBytes(encodedR, publicKey, message))));
    const computedR = Point.BASE.multiplyUnsafe(s).subtract(Point.fromBytes(publicKey, false).multiplyUnsafe(k));
    return equalBytes(computedR.toBytes(), encodedR);
  } catch {
    return false;
  }
}
function verifySignature(publicKey, tag, payload, signature) {
  verifyMessageSignature(
    publicKey,
    concatBytes(utf8(tag), Uint8Array.of(0), payload),
    signature,
    `${tag} signature`
  );
}
function verifyMessageSignature(publicKey, message, signature, what = "note signature") {
  if (!isValidEd25519(publicKey, message, signature)) {
    throw new SignatureError(`${what} does not verify under public key ${bytesToHex(publicKey).slice(0, 16)}: the signed bytes were altered or signed by another key; do not trust them`);
  }
}

// node/api/static/core/msgpack.js
var MAX_DEPTH = 8;
var MAX_INT = 2n ** 63n - 1n;
var MIN_INT = -(2n ** 63n);
function pack(value) {
  const out = [];
  packInto(out, value, 0);
  return Uint8Array.from(out);
}
function packInto(out, value, depth) {
  if (value === null) {
    out.push(192);
  } else if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) {
      throw new DecodeError(`number ${value} is not an integer this encoding can hold exactly`);
    }
    packInt(out, value);
  } else if (typeof value === "string") {
    if (!isWellFormed(value)) {
      throw new DecodeError("a string is not valid Unicode text (lone surrogate)");
    }
    const bytes = utf8(value);
    packLength(out, bytes.length, [160, 32], 217, 218, 219);
    out.push(...bytes);
  } else if (value instanceof Uint8Array) {
    packLength(out, value.length, null, 196, 197, 198);
    for (const b of value) out.push(b);
  } else if (Array.isArray(value) || value instanceof Map || isPlainObject(value)) {
    if (depth >= MAX_DEPTH) throw new DecodeError(`nesting deeper than ${MAX_DEPTH} levels`);
    if (Array.isArray(value)) {
      packLength(out, value.length, [144, 16], null, 220, 221);
      for (const item of value) packInto(out, item, depth + 1);
    } else {
      const entries = value instanceof Map ? [...value] : Object.entries(value);
      if (!entries.every(([key]) => typeof key === "string")) {
        throw new DecodeError("map keys must be strings");
      }
      entries.sort(([a], [b]) => compareText(a, b));
      packLength(out, entries.length, [128, 16], null, 222, 223);
      for (const [key, item] of entries) {
        packInto(out, key, depth + 1);
        packInto(out, item, depth + 1);
      }
    }
  } else {
    throw new DecodeError(`type ${typeName(value)} is not part of the canonical encoding`);
  }
}
function isPlainObject(value) {
  return typeof value === "object" && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value));
}
function packInt(out, n) {
  if (n >= 0) {
    if (n < 128) out.push(n);
    else if (n < 256) out.push(204, n);
    else if (n < 65536) out.push(205, ...bigEndian(n, 2));
    else if (n < 4294967296) out.push(206, ...bigEndian(n, 4));
    else out.push(207, ...bigEndian(n, 8));
  } else if (n >= -32) {
    out.push(n & 255);
  } else if (n >= -128) {
    out.push(208, n & 255);
  } else if (n >= -32768) {
    out.push(209, ...bigEndian(n, 2));
  } else if (n >= -2147483648) {
    out.push(210, ...bigEndian(n, 4));
  } else {
    out.push(211, ...bigEndian(n, 8));
  }
}
function bigEndian(n, size) {
  let rest = BigInt.asUintN(8 * size, BigInt(n));
  const bytes = new Array(size);
  for (let i2 = size - 1; i2 >= 0; i2--) {
    bytes[i2] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}
function packLength(out, count, fix, code8, code16, code32) {
  if (fix !== null && count < fix[1]) out.push(fix[0] | count);
  else if (code8 !== null && count < 256) out.push(code8, count);
  else if (count < 65536) out.push(code16, ...bigEndian(count, 2));
  else out.push(code32, ...bigEndian(count, 4));
}
function unpack(data, maxSize) {
  if (data.length > maxSize) {
    throw new DecodeError(`encoding is ${data.length} bytes, the limit is ${maxSize}`);
  }
  const reader = new Reader2(data);
  const value = reader.value(0);
  if (reader.at !== data.length) throw new DecodeError("trailing bytes after the encoded object");
  if (!equalBytes(pack(value), data)) {
    throw new DecodeError(
      "bytes are not the canonical encoding (non-minimal integers or lengths, unsorted map keys, str used for binary, or a float)"
    );
  }
  return value;
}
var Reader2 = class {
  /** @param {Uint8Array} data */
  constructor(data) {
    this.data = data;
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.at = 0;
  }
  /** @param {number} count */
  take(count) {
    if (this.at + count > this.data.length) {
      throw new DecodeError("malformed msgpack: the data ends inside an object");
    }
    const start = this.at;
    this.at += count;
    return start;
  }
  /** @param {number} size */
  unsigned(size) {
    const at = this.take(size);
    if (size === 1) return this.view.getUint8(at);
    if (size === 2) return this.view.getUint16(at);
    if (size === 4) return this.view.getUint32(at);
    return integer(this.view.getBigUint64(at));
  }
  /** @param {number} size */
  signed(size) {
    const at = this.take(size);
    if (size === 1) return this.view.getInt8(at);
    if (size === 2) return this.view.getInt16(at);
    if (size === 4) return this.view.getInt32(at);
    return integer(this.view.getBigInt64(at));
  }
  /**
   * @param {number} depth
   * @returns {unknown}
   */
  value(depth) {
    const code = this.data[this.take(1)];
    if (code <= 127) return code;
    if (code >= 224) return code - 256;
    if (code === 192) return null;
    if (code >= 160 && code <= 191) return this.text(code & 31);
    if (code >= 144 && code <= 159) return this.array(code & 15, depth);
    if (code >= 128 && code <= 143) return this.map(code & 15, depth);
    switch (code) {
      case 204:
        return this.unsigned(1);
      case 205:
        return this.unsigned(2);
      case 206:
        return this.unsigned(4);
      case 207:
        return this.unsigned(8);
      case 208:
        return this.signed(1);
      case 209:
        return this.signed(2);
      case 210:
        return this.signed(4);
      case 211:
        return this.signed(8);
      case 217:
        return this.text(this.unsigned(1));
      case 218:
        return this.text(this.unsigned(2));
      case 219:
        return this.text(this.unsigned(4));
      case 196:
        return this.bytes(this.unsigned(1));
      case 197:
        return this.bytes(this.unsigned(2));
      case 198:
        return this.bytes(this.unsigned(4));
      case 220:
        return this.array(this.unsigned(2), depth);
      case 221:
        return this.array(this.unsigned(4), depth);
      case 222:
        return this.map(this.unsigned(2), depth);
      case 223:
        return this.map(this.unsigned(4), depth);
      case 194:
      case 195:
        throw new DecodeError("type bool is not part of the canonical encoding");
      case 202:
      case 203:
        throw new DecodeError("type float is not part of the canonical encoding");
      default:
        throw new DecodeError(`msgpack type byte 0x${code.toString(16)} (ext or reserved) is not part of the canonical encoding`);
    }
  }
  /** @param {number} size */
  bytes(size) {
    const at = this.take(size);
    return this.data.slice(at, at + size);
  }
  /** @param {number} size */
  text(size) {
    const text = utf8Text(this.bytes(size));
    if (text === null) throw new DecodeError("malformed msgpack: a str is not valid UTF-8");
    return text;
  }
  /**
   * @param {number} count
   * @param {number} depth
   */
  array(count, depth) {
    if (depth >= MAX_DEPTH) throw new DecodeError(`nesting deeper than ${MAX_DEPTH} levels`);
    const items = [];
    for (let i2 = 0; i2 < count; i2++) items.push(this.value(depth + 1));
    return items;
  }
  /**
   * @param {number} count
   * @param {number} depth
   */
  map(count, depth) {
    if (depth >= MAX_DEPTH) throw new DecodeError(`nesting deeper than ${MAX_DEPTH} levels`);
    const map = /* @__PURE__ */ new Map();
    for (let i2 = 0; i2 < count; i2++) {
      const key = this.value(depth + 1);
      if (typeof key !== "string") throw new DecodeError("map keys must be strings");
      map.set(key, this.value(depth + 1));
    }
    return map;
  }
};
function integer(value) {
  if (value > MAX_INT || value < MIN_INT) {
    throw new DecodeError(`integer ${value} is outside the signed 64-bit range`);
  }
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new DecodeError(
      `integer ${value} is beyond 2^53 - 1, the largest integer this verifier handles exactly`
    );
  }
  return Number(value);
}
function expectArray(value, { name, version, fields }) {
  if (!Array.isArray(value)) {
    throw new DecodeError(`${name} must be a msgpack array, got ${typeName(value)}`);
  }
  if (value.length !== fields) {
    throw new DecodeError(`${name} must have ${fields} fields, got ${value.length}`);
  }
  if (value[0] !== version) {
    throw new DecodeError(`${name} version ${String(value[0])} is not supported (expected ${version})`);
  }
  return value;
}

// node/api/static/core/validators.js
var VERSION = 1;
var MAX_VALIDATORS = 100;
var MAX_GENESIS_BYTES = 64 * 1024;
var MAX_PREVIOUS_CHAIN_LENGTH = 16 * 1024;
var MAX_URL_LENGTH = 2048;
var MAX_INT64 = 2n ** 63n - 1n;
var Validator = class {
  /**
   * @param {unknown} name
   * @param {unknown} publicKey
   * @param {unknown} power
   */
  constructor(name, publicKey, power) {
    checkStr(name, "Validator.name", 64);
    if (!isValidKeyName(name)) {
      throw new DecodeError(`validator name ${JSON.stringify(name)} is not a C2SP key name (no spaces, +)`);
    }
    checkBytes(publicKey, "Validator.public_key", 32);
    checkInt(power, "Validator.power", 1);
    this.name = name;
    this.publicKey = publicKey;
    this.power = power;
  }
  /** The C2SP verifier key of this validator. */
  vkey() {
    return vkey(this.name, this.publicKey);
  }
  /** @param {Validator} other */
  equals(other) {
    return this.name === other.name && equalBytes(this.publicKey, other.publicKey) && this.power === other.power;
  }
};
var ValidatorSet = class _ValidatorSet {
  /** @param {Validator[]} validators */
  constructor(validators) {
    if (validators.length < 1 || validators.length > MAX_VALIDATORS) {
      throw new DecodeError(`a validator set holds 1 to ${MAX_VALIDATORS} validators`);
    }
    for (let i2 = 1; i2 < validators.length; i2++) {
      if (compareBytes(validators[i2 - 1].publicKey, validators[i2].publicKey) >= 0) {
        throw new DecodeError("validators must be sorted by public key, without repeats");
      }
    }
    if (new Set(validators.map((v) => v.name)).size !== validators.length) {
      throw new DecodeError("validator names must be unique");
    }
    this.validators = validators;
    this.totalPower = validators.reduce((sum, v) => sum + v.power, 0);
  }
  /**
   * A set of these validators in canonical (public key) order.
   * @param {Validator[]} validators
   */
  static of(validators) {
    return new _ValidatorSet([...validators].sort((a, b) => compareBytes(a.publicKey, b.publicKey)));
  }
  /**
   * Whether `power` is more than 2/3 of the total.
   * @param {number} power
   */
  isQuorum(power) {
    return 3 * power > 2 * this.totalPower;
  }
  /** The canonical array, version first. */
  fields() {
    return [VERSION, this.validators.map((v) => [v.name, v.publicKey, v.power])];
  }
  /** The validators_hash that headers name. */
  hash() {
    return taggedHash(VALIDATORS_TAG, pack(this.fields()));
  }
  /** @param {ValidatorSet} other */
  equals(other) {
    return this.validators.length === other.validators.length && this.validators.every((v, i2) => v.equals(other.validators[i2]));
  }
  /**
   * Parse `[{"name", "public_key", "power", "vkey"?}, …]` (already sorted); a vkey given must
   * be the one the name and key make. Throws DecodeError.
   * @param {unknown} items
   */
  static fromJson(items) {
    if (!Array.isArray(items)) throw new DecodeError("validators must be a JSON array");
    return new _ValidatorSet(items.map((item) => {
      checkFields(item, "validator", ["name", "public_key", "power", "vkey"], ["name", "public_key", "power"]);
      const member = new Validator(item.name, checkHex(item.public_key, "public_key", 32), item.power);
      if (Object.hasOwn(item, "vkey") && item.vkey !== member.vkey()) {
        throw new DecodeError(`validator ${member.name}: vkey ${JSON.stringify(item.vkey)} does not match its name and public key, which give ${member.vkey()}`);
      }
      return member;
    }));
  }
  /**
   * Build from a decoded canonical array [1, [[name, public_key, power], …]].
   * @param {unknown} value
   */
  static fromFields(value) {
    const fields = expectArray(value, { name: "ValidatorSet", version: VERSION, fields: 2 });
    if (!Array.isArray(fields[1])) throw new DecodeError("ValidatorSet.validators must be an array");
    return new _ValidatorSet(fields[1].map((item) => {
      if (!Array.isArray(item) || item.length !== 3) {
        throw new DecodeError("each validator must be [name, public_key, power]");
      }
      return new Validator(item[0], item[1], item[2]);
    }));
  }
};
var PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
var MAX_MEMBERS = 1e3;
var MAX_ORGANISATION_LENGTH = 200;
var MAX_CONTACT_LENGTH = 200;
var GENESIS_VERSION_WITH_PUBLICATION = 2;
var Genesis = class _Genesis {
  /**
   * @param {string} chainId
   * @param {number} genesisTimeMs
   * @param {ValidatorSet} validatorSet
   * @param {Map<string, number>} params
   * @param {string | null} previousChain
   * @param {Publication | null} publication  present: encoded as version 2
   */
  constructor(chainId, genesisTimeMs, validatorSet, params, previousChain, publication) {
    this.chainId = chainId;
    this.genesisTimeMs = genesisTimeMs;
    this.validatorSet = validatorSet;
    this.params = params;
    this.previousChain = previousChain;
    this.publication = publication;
  }
  /**
   * Canonical encoding: [1, chain_id, genesis_time_ms, validator_set, params,
   * previous_chain], or with publication fields [2, …, [url, [[name, organisation], …]]],
   * with [[name, contact], …] after the members when there are contacts.
   */
  encode() {
    const common = [
      this.chainId,
      this.genesisTimeMs,
      this.validatorSet.fields(),
      this.params,
      this.previousChain
    ];
    if (this.publication === null) return pack([VERSION, ...common]);
    const { url, members, contacts } = this.publication;
    return pack([
      GENESIS_VERSION_WITH_PUBLICATION,
      ...common,
      contacts.length ? [url, members, contacts] : [url, members]
    ]);
  }
  /** The genesis hash that names the chain. */
  hash() {
    return taggedHash(GENESIS_TAG, this.encode());
  }
  /**
   * Parse genesis.json's object: unknown fields and wrong versions are refused; version 2
   * requires publication fields, version 1 refuses them. Throws DecodeError.
   * @param {unknown} obj
   */
  static fromJson(obj) {
    const names = [
      "version",
      "chain_id",
      "genesis_time_ms",
      "validators",
      "params",
      "previous_chain",
      "publication"
    ];
    checkFields(obj, "genesis", names, names.filter((n) => n !== "previous_chain" && n !== "publication"));
    const publicationJson = Object.hasOwn(obj, "publication") ? obj.publication : null;
    const expected = publicationJson === null ? VERSION : GENESIS_VERSION_WITH_PUBLICATION;
    if (obj.version !== expected) {
      throw new DecodeError(`genesis version ${JSON.stringify(obj.version) ?? typeName(obj.version)} is not supported with${expected === VERSION ? "out" : ""} publication fields (expected ${expected})`);
    }
    const validatorSet = ValidatorSet.fromJson(obj.validators);
    const publication = publicationJson === null ? null : publicationOf(publicationJson);
    const { chain_id: chainId, genesis_time_ms: timeMs } = obj;
    checkStr(chainId, "Genesis.chain_id", 64);
    if (!chainId || !isValidKeyName(chainId)) {
      throw new DecodeError(`chain id ${JSON.stringify(chainId)} must be non-empty, no spaces or '+'`);
    }
    checkInt(timeMs, "Genesis.genesis_time_ms");
    const params = genesisParams(obj.params);
    const previousChain = Object.hasOwn(obj, "previous_chain") ? obj.previous_chain : null;
    if (previousChain !== null) checkStr(previousChain, "Genesis.previous_chain", MAX_PREVIOUS_CHAIN_LENGTH);
    return new _Genesis(chainId, timeMs, validatorSet, params, previousChain, publication);
  }
  /**
   * The genesis in genesis.json's bytes (ledger/validators.py from_file_text); throws
   * DecodeError.
   * @param {Uint8Array} data
   */
  static fromFileBytes(data) {
    const text = utf8Text(data);
    if (text === null) throw new DecodeError("genesis is not UTF-8 text");
    if (codePoints(text) > MAX_GENESIS_BYTES) {
      throw new DecodeError(`genesis is ${codePoints(text)} characters, the limit is ${MAX_GENESIS_BYTES}`);
    }
    return _Genesis.fromJson(parseJson(text, { uniqueKeys: true }));
  }
};
function genesisParams(params) {
  const ok = isJsonObject(params) && Object.values(params).every((v) => typeof v === "number" && Number.isSafeInteger(v) || typeof v === "bigint" && v <= MAX_INT64 && v >= -MAX_INT64 - 1n);
  if (!ok) throw new DecodeError("Genesis.params must map names to signed 64-bit integers");
  const entries = Object.entries(params);
  if (entries.some(([, v]) => typeof v === "bigint")) {
    throw new DecodeError("Genesis.params holds an integer beyond 2^53 - 1, the largest this verifier handles exactly");
  }
  return new Map(
    /** @type {[string, number][]} */
    entries
  );
}
function publicationOf(value) {
  checkFields(value, "publication", ["url", "members", "contacts"], ["url", "members"]);
  const { url, members } = value;
  if (!isJsonObject(members)) {
    throw new DecodeError("publication members must map validator names to organisations");
  }
  if (url !== null) {
    checkStr(url, "publication url", MAX_URL_LENGTH);
    if (!url.startsWith("https://") || PY_SPACE.test(url)) {
      throw new DecodeError(`publication url ${JSON.stringify(url)} must be an https:// address without spaces`);
    }
  }
  const pairs = (
    /** @type {[string, unknown][]} */
    Object.entries(members).sort(([a], [b]) => compareText(a, b))
  );
  if (pairs.length > MAX_MEMBERS) throw new DecodeError(`publication members must be at most ${MAX_MEMBERS} pairs`);
  for (const [name, organisation] of pairs) {
    checkStr(name, "member name", 64);
    if (!isValidKeyName(name)) throw new DecodeError(`member ${JSON.stringify(name)} is not a validator name (no spaces, +)`);
    checkStr(organisation, `organisation of ${name}`, MAX_ORGANISATION_LENGTH);
    if (!organisation.split("").some((c) => !PY_SPACE.test(c))) {
      throw new DecodeError(`the organisation of member ${JSON.stringify(name)} is empty`);
    }
  }
  const memberNames = new Set(pairs.map(([name]) => name));
  return { url, members: (
    /** @type {[string, string][]} */
    pairs
  ), contacts: contactsOf(value, memberNames) };
}
function contactsOf(value, memberNames) {
  if (!Object.hasOwn(value, "contacts")) return [];
  const { contacts } = value;
  if (!isJsonObject(contacts) || Object.keys(contacts).length === 0) {
    throw new DecodeError("publication contacts must map member names to contacts, at least one");
  }
  const pairs = (
    /** @type {[string, unknown][]} */
    Object.entries(contacts).sort(([a], [b]) => compareText(a, b))
  );
  for (const [name, contact] of pairs) {
    if (!memberNames.has(name)) {
      throw new DecodeError(`contact for ${JSON.stringify(name)}, which is not a publication member; name its organisation among the members first`);
    }
    checkStr(contact, `contact of ${name}`, MAX_CONTACT_LENGTH);
    if (!contact.split("").some((c) => !PY_SPACE.test(c))) {
      throw new DecodeError(`the contact of member ${JSON.stringify(name)} is empty`);
    }
  }
  return (
    /** @type {[string, string][]} */
    pairs
  );
}

// node/api/static/hashing/hash-stream.js
var SLICE_SIZE = 4 * 1024 * 1024;
var WHOLE_FILE_BYTES = 16 * 1024 * 1024;

// node/api/static/hashing/hashing.js
var MAX_WORKERS = 4;
function moduleWorker() {
  return new Worker(new URL("./hash-worker.js", import.meta.url), { type: "module", name: "cunzheng-hash" });
}
function defaultPoolSize() {
  const cores = typeof navigator === "undefined" ? 1 : navigator.hardwareConcurrency || 1;
  return Math.max(1, Math.min(2 * cores, MAX_WORKERS));
}
var HashPool = class {
  /**
   * @param {{ size?: number, sliceSize?: number, createWorker?: () => Worker }} [options]
   */
  constructor({ size = defaultPoolSize(), sliceSize = SLICE_SIZE, createWorker = moduleWorker } = {}) {
    this.size = size;
    this.sliceSize = sliceSize;
    this.createWorker = createWorker;
    this.slots = [];
    this.queue = [];
    this.nextId = 1;
    this.digest = this.digest.bind(this);
  }
  /**
   * The `alg` digest ("sha256", "sm3" or "sha512") of `blob`, hashed by a worker.
   * `onProgress(done, bytesPerSecond)` hears about every 100 ms. Aborting `signal` ends the
   * worker hashing it (or drops the job if it waits for one) and rejects with the signal's
   * reason. Rejects with an Error named as the worker's (NotReadableError when the file
   * changed or went away) when it cannot be hashed.
   * @param {Blob} blob
   * @param {string} alg
   * @param {{ signal?: AbortSignal, onProgress?: HashProgress }} [options]
   * @returns {Promise<Uint8Array>}
   */
  digest(blob, alg, { signal, onProgress } = {}) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const job = { blob, alg, signal, onProgress, resolve, reject };
      signal?.addEventListener("abort", () => this.cancel(job), { once: true });
      this.queue.push(job);
      this.dispatch();
    });
  }
  /** End every worker; jobs still running or waiting are rejected. */
  close() {
    for (const job of this.queue.splice(0)) job.reject(new Error("the hash pool was closed"));
    for (const slot of this.slots.splice(0)) {
      slot.worker.terminate();
      slot.job?.reject(new Error("the hash pool was closed"));
    }
  }
  /** Give waiting jobs to idle workers, starting workers up to the pool size. */
  dispatch() {
    while (this.queue.length) {
      let slot = this.slots.find((s) => s.job === null);
      if (slot === void 0) {
        if (this.slots.length >= this.size) return;
        slot = this.start();
      }
      const job = (
        /** @type {Job} */
        this.queue.shift()
      );
      slot.job = job;
      slot.id = this.nextId++;
      slot.started = performance.now();
      slot.worker.postMessage({ id: slot.id, blob: job.blob, alg: job.alg, sliceSize: this.sliceSize });
    }
  }
  /** @returns {Slot} */
  start() {
    const slot = { worker: this.createWorker(), job: null, id: 0, started: 0 };
    slot.worker.onmessage = ({ data }) => {
      const { job } = slot;
      if (job === null || data.id !== slot.id) return;
      if (data.type === "progress") {
        const seconds = (performance.now() - slot.started) / 1e3;
        job.onProgress?.(data.done, seconds > 0 ? data.done / seconds : 0);
        return;
      }
      slot.job = null;
      if (data.type === "done") job.resolve(data.digest);
      else job.reject(Object.assign(new Error(data.message), { name: data.name }));
      this.dispatch();
    };
    slot.worker.onerror = (event) => {
      event.preventDefault();
      this.retire(slot, new Error(`the hashing worker failed: ${event.message || "it could not start"}`));
    };
    this.slots.push(slot);
    return slot;
  }
  /**
   * Drop `job`: from the queue if it waits, else end the worker hashing it.
   * @param {Job} job
   */
  cancel(job) {
    const reason = job.signal?.reason;
    const waiting = this.queue.indexOf(job);
    if (waiting >= 0) {
      this.queue.splice(waiting, 1);
      job.reject(reason);
      return;
    }
    const slot = this.slots.find((s) => s.job === job);
    if (slot !== void 0) this.retire(slot, reason);
  }
  /**
   * End `slot`'s worker, rejecting its job with `reason`; a new worker starts when needed.
   * @param {Slot} slot
   * @param {unknown} reason
   */
  retire(slot, reason) {
    slot.worker.terminate();
    this.slots.splice(this.slots.indexOf(slot), 1);
    slot.job?.reject(reason);
    slot.job = null;
    this.dispatch();
  }
};

// node/api/static/page/environment.js
var BLOCKS = (
  /** @type {const} */
  {
    trustAnchor: "trust-anchor",
    rules: "rules",
    record: "record",
    hashWorker: "hash-worker"
  }
);
var NodeError = class extends Error {
  /**
   * @param {'network_error' | 'node_error'} code
   * @param {Record<string, unknown>} params
   */
  constructor(code, params) {
    super(`${code}: ${JSON.stringify(params)}`);
    this.code = code;
    this.params = params;
  }
};
function dataBlock(id) {
  const block = document.getElementById(id);
  if (block === null || block.tagName !== "SCRIPT") return null;
  const text = block.textContent ?? "";
  return text.trim() === "null" ? null : text;
}
var NodeClient = class {
  /**
   * The body of GET `path`; throws NodeError.
   * @param {string} path
   */
  async bytes(path) {
    let response;
    try {
      response = await fetch(path, { headers: { Accept: "application/json" } });
    } catch (err3) {
      throw new NodeError("network_error", { detail: err3 instanceof Error ? err3.message : String(err3) });
    }
    const body = new Uint8Array(await response.arrayBuffer());
    if (!response.ok) {
      let message = response.statusText;
      try {
        message = JSON.parse(new TextDecoder().decode(body))?.error?.message ?? message;
      } catch {
      }
      throw new NodeError("node_error", { status: response.status, message });
    }
    return body;
  }
  /**
   * The JSON of GET `path`; throws NodeError.
   * @param {string} path
   * @returns {Promise<any>}
   */
  async json(path) {
    const body = await this.bytes(path);
    try {
      return JSON.parse(new TextDecoder().decode(body));
    } catch (err3) {
      throw new NodeError("node_error", { status: 200, message: err3 instanceof Error ? err3.message : String(err3) });
    }
  }
  /**
   * The text of GET `path` (the signed checkpoint, the offline verifier); throws NodeError.
   * @param {string} path
   */
  async text(path) {
    return new TextDecoder().decode(await this.bytes(path));
  }
};
async function loadEnvironment() {
  const workerSource = dataBlock(BLOCKS.hashWorker);
  const offline = workerSource !== null;
  const anchorText = dataBlock(BLOCKS.trustAnchor);
  const genesis = anchorText === null ? null : Genesis.fromFileBytes(utf8(anchorText));
  const node = offline ? null : new NodeClient();
  const rulesText = offline ? dataBlock(BLOCKS.rules) : await /** @type {NodeClient} */
  node.text("static/rules.json");
  const rulesJson = parseJson(rulesText ?? "null");
  return {
    offline,
    anchor: genesis === null ? null : { genesis, origin: offline ? "embedded" : "node" },
    rules: PackageRules.fromJson(rulesJson),
    rulesJson,
    record: dataBlock(BLOCKS.record),
    pool: workerSource === null ? new HashPool() : new HashPool({ createWorker: blobWorker(workerSource) }),
    node
  };
}
function blobWorker(source) {
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  return () => new Worker(url, { name: "cunzheng-hash" });
}

// node/api/static/core/display.js
var BEIJING_OFFSET_MS = 8 * 3600 * 1e3;
var CERTIFICATE_DIGITS = 16n;
function certificateNumber(entryId) {
  if (entryId.length !== 32) throw new RangeError(`an entry id is 32 bytes, got ${entryId.length}`);
  const first = new DataView(entryId.buffer, entryId.byteOffset, 8).getBigUint64(0);
  const digits2 = (first % 10n ** CERTIFICATE_DIGITS).toString().padStart(Number(CERTIFICATE_DIGITS), "0");
  return digits2.match(/.{4}/g)?.join(" ") ?? digits2;
}
function noLaterThan(timeMs) {
  return timeOf(Math.ceil(timeMs / 1e3) * 1e3);
}
function timeOf(timeMs) {
  return { utc: toSecond(timeMs), beijing: toSecond(timeMs + BEIJING_OFFSET_MS) };
}
function toSecond(ms) {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
function recordNumber(leafIndex) {
  return leafIndex + 1;
}

// node/api/static/page/status.js
var REFRESH_MS = 15e3;
var ChainStatus = class {
  /**
   * @param {import('./environment.js').NodeClient} node
   * @param {HTMLElement} root an empty <details> element
   * @param {() => import('../verify/words.js').Translate} translate the page's current words
   */
  constructor(node, root, translate2) {
    this.node = node;
    this.root = root;
    this.translate = translate2;
    this.status = null;
    this.checkpoint = null;
    this.refresh();
    setInterval(() => this.refresh(), REFRESH_MS);
  }
  async refresh() {
    try {
      this.status = { json: await this.node.json("v1/status") };
    } catch (err3) {
      this.status = { error: err3 instanceof NodeError ? String(err3.params.message ?? err3.params.detail) : String(err3) };
    }
    try {
      this.checkpoint = await this.node.text("v1/checkpoint");
    } catch {
      this.checkpoint = null;
    }
    this.render();
  }
  render() {
    const t = this.translate();
    const facts = el("dl", { cls: "facts", attrs: { id: "status-facts" } });
    const rows = el("tbody");
    const s = this.status?.json;
    if (s) {
      fact(facts, t("status.chain"), String(s.chain_id));
      fact(facts, t("status.height"), String(s.height));
      fact(facts, t("status.size"), String(s.ledger_size));
      const latest = Number.isSafeInteger(s.latest_block_time_ms) ? timeOf(s.latest_block_time_ms) : null;
      fact(facts, t("status.latest"), latest ? `${t("time.beijing", { time: latest.beijing })} · ${t("time.utc", { time: latest.utc })}` : t("status.none"));
      fact(facts, t("status.genesis"), el("span", { cls: "mono", text: String(s.genesis_hash) }));
      for (const v of Array.isArray(s.validators) ? s.validators : []) {
        const named = [v.organisation, v.contact].filter((text) => typeof text === "string");
        const organisation = named.join(" · ");
        rows.append(el("tr", {}, [
          el("td", { text: String(v.name) }),
          el("td", { text: organisation }),
          el("td", { cls: "num", text: String(v.power) }),
          el("td", { cls: "mono", text: String(v.vkey) })
        ]));
      }
    }
    const open = this.root.hasAttribute("open");
    const error = this.status?.error ? el("p", { cls: "status-error", text: t("status.unavailable", { detail: this.status.error }) }) : "";
    this.root.replaceChildren(
      el("summary", { text: t("status.title") }),
      error,
      facts,
      el("h3", { text: t("status.validators") }),
      el("table", { attrs: { id: "status-validators" } }, [
        el("thead", {}, [el("tr", {}, [
          el("th", { text: t("notary.name") }),
          el("th", { text: t("status.organisation") }),
          el("th", { cls: "num", text: t("notary.power") }),
          el("th", { text: t("status.vkey") })
        ])]),
        rows
      ]),
      el("h3", { text: t("status.checkpoint") }),
      el("pre", { cls: "note-block", attrs: { id: "status-checkpoint" }, text: this.checkpoint ?? t("status.none") })
    );
    if (open) this.root.setAttribute("open", "");
  }
};

// node/api/static/page/shell.js
var LANGUAGE_KEY = "cunzheng.lang";
function savedLanguage() {
  let saved = null;
  try {
    saved = localStorage.getItem(LANGUAGE_KEY);
  } catch {
    saved = null;
  }
  return saved === "zh" || saved === "en" ? saved : preferredLanguage(navigator.languages);
}
function routeOf(hash, modes) {
  const [name, query = ""] = hash.replace(/^#/, "").split("?", 2);
  return { mode: modes.find((mode) => mode.name === name) ?? modes[0], params: new URLSearchParams(query) };
}
var Shell = class {
  /**
   * @param {import('./environment.js').Environment} env
   * @param {ModeEntry[]} modes the first is shown when the fragment names none
   */
  constructor(env, modes) {
    this.env = env;
    this.modes = modes;
    this.loaded = /* @__PURE__ */ new Map();
    this.routing = 0;
    this.lang = savedLanguage();
    this.context = { env, t: (key, params) => translate(this.lang, key, params), hasText };
    this.main = /** @type {HTMLElement} */
    document.getElementById("mode");
    this.mounted = null;
    const statusRoot = document.getElementById("status");
    this.status = env.node === null || statusRoot === null ? null : new ChainStatus(env.node, statusRoot, () => this.context.t);
    for (
      const button of
      /** @type {NodeListOf<HTMLElement>} */
      document.querySelectorAll("#lang button")
    ) {
      button.addEventListener("click", () => this.setLanguage(button.dataset.lang === "en" ? "en" : "zh"));
    }
    for (const type of ["dragover", "drop"]) window.addEventListener(type, (event) => event.preventDefault());
    for (const node of document.querySelectorAll(env.offline ? "[data-online]" : "[data-offline]")) node.remove();
  }
  /**
   * The module of `mode`, loaded once.
   * @param {ModeEntry} mode
   */
  module(mode) {
    let loaded = this.loaded.get(mode.name);
    if (loaded === void 0) {
      loaded = mode.load();
      this.loaded.set(mode.name, loaded);
    }
    return loaded;
  }
  /** Load and start every mode that starts with the page. */
  async startModes() {
    await Promise.all(this.modes.filter((mode) => mode.startsWithPage).map(async (mode) => (await this.module(mode)).start?.(this.context)));
  }
  /** Show the mode the address's fragment names, with its parameters. */
  async route() {
    const { mode, params } = routeOf(window.location.hash, this.modes);
    const routing = ++this.routing;
    if (this.mounted?.mode !== mode) {
      const module = await this.module(mode);
      if (routing !== this.routing) return;
      this.mounted?.view.unmount();
      this.main.replaceChildren();
      this.mounted = { mode, view: module.mount(this.main, this.context) };
    }
    this.render();
    this.mounted.view.route(params);
  }
  /** @param {'zh' | 'en'} lang */
  setLanguage(lang) {
    this.lang = lang;
    try {
      localStorage.setItem(LANGUAGE_KEY, lang);
    } catch {
    }
    this.render();
  }
  render() {
    const { t } = this.context;
    document.documentElement.lang = this.lang === "zh" ? "zh-CN" : "en";
    document.title = t(this.env.record !== null ? "cert.title" : this.env.offline ? "page.title.offline" : "page.title");
    for (
      const node of
      /** @type {NodeListOf<HTMLElement>} */
      document.querySelectorAll("[data-i18n]")
    ) {
      node.textContent = t(node.dataset.i18n ?? "");
    }
    for (
      const button of
      /** @type {NodeListOf<HTMLElement>} */
      document.querySelectorAll("#lang button")
    ) {
      button.setAttribute("aria-pressed", String(button.dataset.lang === this.lang));
    }
    const nav = (
      /** @type {HTMLElement} */
      document.getElementById("modes")
    );
    nav.hidden = this.modes.length < 2;
    nav.replaceChildren(...this.modes.map((mode) => el("a", {
      text: t(mode.titleKey),
      attrs: { href: `#${mode.name}`, "aria-current": String(mode === this.mounted?.mode) }
    })));
    this.mounted?.view.render();
    this.status?.render();
  }
};
async function startPage(modes) {
  const needsScript = document.getElementById("needs-script");
  try {
    const shell = new Shell(await loadEnvironment(), modes);
    window.addEventListener("hashchange", () => shell.route());
    await Promise.all([shell.route(), shell.startModes()]);
    needsScript?.remove();
    document.body.dataset.ready = "true";
  } catch (err3) {
    if (needsScript !== null) {
      needsScript.textContent = `${translate("zh", "page.broken")} ${translate("en", "page.broken")} (${err3 instanceof Error ? err3.message : String(err3)})`;
    }
    throw err3;
  }
}

// node/api/static/core/isotime.js
var DIGIT_0 = 48;
var DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function parseIsoTime(text) {
  const bytes = utf8(text);
  const at = (i2) => i2 < bytes.length ? bytes[i2] : 0;
  const separator = separatorLocation(at, bytes.length);
  if (separator < 0) return null;
  const date = parseDate(at, separator);
  if (date === null) return null;
  let time = { hour: 0, minute: 0, second: 0, microsecond: 0, offset: (
    /** @type {number | null} */
    null
  ) };
  if (separator < bytes.length) {
    const lead = bytes[separator];
    let start = separator + 1;
    if (lead & 128) start = separator + ((lead & 240) === 224 ? 3 : (lead & 240) === 240 ? 4 : 2);
    const parsed = parseTime(at, start, bytes.length);
    if (parsed === null) return null;
    time = parsed;
  }
  const [year, month, day] = date;
  const monthDays = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > monthDays) return null;
  if (time.hour > 23 || time.minute > 59 || time.second > 59) return null;
  if (time.offset !== null && Math.abs(time.offset) >= 864e8) return null;
  const moment = /* @__PURE__ */ new Date(0);
  moment.setUTCFullYear(year, month - 1, day);
  moment.setUTCHours(time.hour, time.minute, time.second, Math.floor(time.microsecond / 1e3));
  return { localMs: moment.getTime(), microsecond: time.microsecond, offsetMicros: time.offset };
}
function isBefore(later, earlier) {
  if (later.offsetMicros === null !== (earlier.offsetMicros === null)) return false;
  const instant = (t) => BigInt(t.localMs) * 1000n + BigInt(t.microsecond % 1e3) - BigInt(t.offsetMicros ?? 0);
  return instant(later) < instant(earlier);
}
function isLeap(year) {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}
function isDigit(c) {
  return c >= DIGIT_0 && c <= DIGIT_0 + 9;
}
function digits(at, start, count) {
  let value = 0;
  for (let i2 = 0; i2 < count; i2++) {
    if (!isDigit(at(start + i2))) return null;
    value = value * 10 + at(start + i2) - DIGIT_0;
  }
  return value;
}
function separatorLocation(at, length) {
  const dash = 45;
  const week = 87;
  if (length === 7) return 7;
  if (at(4) === dash) {
    if (at(5) !== week) return 10;
    if (length < 8) return -1;
    if (length > 8 && at(8) === dash) {
      if (length === 9) return -1;
      return length > 10 && isDigit(at(10)) ? 8 : 10;
    }
    return 8;
  }
  if (at(4) !== week) return 8;
  let index = 7;
  while (index < length && isDigit(at(index))) index += 1;
  if (index < 9) return index;
  return index % 2 === 0 ? 7 : 8;
}
function parseDate(at, length) {
  const year = digits(at, 0, 4);
  if (year === null) return null;
  let p = 4;
  const separated = at(p) === 45;
  if (separated) p += 1;
  if (at(p) === 87) {
    const week = digits(at, p + 1, 2);
    if (week === null) return null;
    p += 3;
    let weekday = 1;
    if (p < length) {
      if (separated && at(p++) !== 45) return null;
      const parsed = digits(at, p, 1);
      if (parsed === null) return null;
      weekday = parsed;
    }
    return isoWeekDate(year, week, weekday);
  }
  const month = digits(at, p, 2);
  if (month === null) return null;
  p += 2;
  if (separated && at(p++) !== 45) return null;
  const day = digits(at, p, 2);
  return day === null ? null : [year, month, day];
}
function isoWeekDate(year, week, weekday) {
  const january1 = /* @__PURE__ */ new Date(0);
  january1.setUTCFullYear(year, 0, 1);
  const firstWeekday = (january1.getUTCDay() + 6) % 7;
  if (week <= 0 || week >= 53) {
    const long = week === 53 && (firstWeekday === 3 || firstWeekday === 2 && isLeap(year));
    if (!long) return null;
  }
  if (weekday <= 0 || weekday >= 8) return null;
  const week1Monday = january1.getTime() - firstWeekday * 864e5 + (firstWeekday > 3 ? 7 * 864e5 : 0);
  const day = new Date(week1Monday + ((week - 1) * 7 + weekday - 1) * 864e5);
  return [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
}
function parseTime(at, start, end) {
  let zone = start;
  do {
    const c = at(zone);
    if (c === 90 || c === 43 || c === 45) break;
  } while (++zone < end);
  const time = parseClock(at, start, zone);
  if (time === null) return null;
  if (zone === end) return time.trailing ? null : { ...time, offset: null };
  if (at(zone) === 90) return at(zone + 1) === 0 ? { ...time, offset: 0 } : null;
  const sign = at(zone) === 45 ? -1 : 1;
  const offset = parseClock(at, zone + 1, end);
  if (offset === null || offset.trailing) return null;
  const micros = ((offset.hour * 60 + offset.minute) * 60 + offset.second) * 1e6 + offset.microsecond;
  return { ...time, offset: sign * micros };
}
function parseClock(at, start, end) {
  const values = [0, 0, 0];
  let p = start;
  let separated = true;
  for (let i2 = 0; i2 < 3; i2++) {
    const value = digits(at, p, 2);
    if (value === null) return null;
    values[i2] = value;
    p += 2;
    const c = at(p++);
    if (i2 === 0) separated = c === 58;
    if (p >= end) return { hour: values[0], minute: values[1], second: values[2], microsecond: 0, trailing: c !== 0 };
    if (separated && c === 58) continue;
    if (c === 46 || c === 44) break;
    if (separated) return null;
    p -= 1;
  }
  const count = Math.min(end - p, 6);
  const parsed = digits(at, p, count);
  if (parsed === null) return null;
  const microsecond = count < 6 ? parsed * 10 ** (6 - count) : parsed;
  p += count;
  while (isDigit(at(p))) p += 1;
  return { hour: values[0], minute: values[1], second: values[2], microsecond, trailing: at(p) !== 0 };
}

// node/api/static/core/collection.js
var LEAF_VERSION = 1;
var LEAF_KIND = "collection";
var SALT_SIZE = 32;
var MAX_TEXT_LENGTH = 4096;
var MAX_STEPS = 200;
var MAX_TIME_LENGTH = 64;
var TEXT_FIELDS = (
  /** @type {const} */
  [
    "operator",
    "device",
    "app",
    "app_version",
    "started",
    "ended",
    "method"
  ]
);
var CollectionRecord = class _CollectionRecord {
  /**
   * Checks each field as ledger/collection.py does; throws DecodeError.
   * @param {Uint8Array | null} salt null in a version 1 manifest, whose record is not sealed
   * @param {Record<string, unknown>} stated the text fields
   * @param {unknown[]} steps
   */
  constructor(salt, stated, steps) {
    for (const name of ["operator", "device", "app", "app_version", "method"]) {
      if (stated[name] !== null) checkStr(stated[name], `collection ${name}`, MAX_TEXT_LENGTH);
    }
    if (steps.length > MAX_STEPS) {
      throw new DecodeError(`collection steps must be a list of at most ${MAX_STEPS} texts`);
    }
    steps.forEach((step, i2) => checkStr(step, `collection step ${i2 + 1}`, MAX_TEXT_LENGTH));
    const started = timeOf2(stated.started, "started");
    const ended = timeOf2(stated.ended, "ended");
    if (started !== null && ended !== null && isBefore(ended, started)) {
      throw new DecodeError(`collection ended ${stated.ended} before it started ${stated.started}`);
    }
    this.salt = salt;
    this.statement = /** @type {Statement} */
    Object.fromEntries(TEXT_FIELDS.map((name) => [name, stated[name]]));
    this.steps = /** @type {string[]} */
    steps;
  }
  /** True when the record has its salt: a version 2 package tree holds it as a leaf. */
  get isSealed() {
    return this.salt !== null;
  }
  /** The canonical leaf; throws DecodeError for an unsealed record. */
  encode() {
    if (this.salt === null) throw new DecodeError("an unsealed collection record (no salt) is not a package leaf");
    return pack([LEAF_VERSION, LEAF_KIND, this.salt, ...TEXT_FIELDS.map((name) => this.statement[name]), this.steps]);
  }
  /** RFC 9162 leaf hash of the encoding. */
  leafHash() {
    return leafHash(this.encode());
  }
  /**
   * Parse the manifest's `collection` object: with `salt` when `sealed` (version 2), without
   * otherwise. Throws DecodeError for unknown, missing or bad fields.
   * @param {unknown} obj
   * @param {boolean} sealed
   */
  static fromJson(obj, sealed) {
    const names = [...sealed ? ["salt"] : [], ...TEXT_FIELDS, "steps"];
    checkFields(obj, "collection", names, names);
    if (!Array.isArray(obj.steps)) throw new DecodeError("collection steps must be a list of texts");
    const salt = sealed ? checkHex(obj.salt, "collection salt", SALT_SIZE) : null;
    return new _CollectionRecord(salt, obj, obj.steps);
  }
};
function timeOf2(value, name) {
  if (value === null) return null;
  checkStr(value, `collection ${name}`, MAX_TIME_LENGTH);
  const time = parseIsoTime(value);
  if (time === null) {
    throw new DecodeError(`collection ${name} ${JSON.stringify(value)} is not an ISO 8601 time like 2026-11-20T14:30:00+08:00`);
  }
  return time;
}

// node/api/static/certificate/record.js
var RECORD_FORMAT = "cunzheng-certificate/v1";
var EMPTY_RECORD_BLOCK = '<script type="application/json" id="record">null<\/script>';
var FILE_FIELDS = ["path", "role", "size", "alg", "file_hash"];
var RECORD_FIELDS = ["format", "bundle", "package", "page_url"];
var PACKAGE_FIELDS = ["manifest_format", "files", "collection"];
function canonicalJson(value) {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort(compareText);
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(",")}}`;
  }
  throw new TypeError(`a certificate record holds JSON values with integers only, not ${String(value)}`);
}
function certificateRecord(bundle, manifest, pageUrl) {
  const listed = manifest === null ? null : {
    manifest_format: `cunzheng-package/v${manifest.version}`,
    files: manifest.files.map(({ packageFile, role }) => {
      const { path, size, alg, file_hash: fileHash } = packageFile.toJson();
      return { path, role, size, alg, file_hash: fileHash };
    }),
    collection: { ...manifest.collection.statement, steps: manifest.collection.steps }
  };
  return { format: RECORD_FORMAT, bundle, package: listed, page_url: pageUrl };
}
function embedRecord(verifierHtml, record) {
  const parts = verifierHtml.split(EMPTY_RECORD_BLOCK);
  if (parts.length !== 2) throw new TypeError("the page is not an offline verifier: it has no empty record block");
  const json = canonicalJson(record).replaceAll("<", "\\u003c");
  return `${parts[0]}<script type="application/json" id="record">${json}<\/script>${parts[1]}`;
}
function readRecord(text) {
  const record = parseJson(text, { uniqueKeys: true });
  checkFields(record, "certificate record", RECORD_FIELDS, RECORD_FIELDS);
  if (record.format !== RECORD_FORMAT) throw new DecodeError(`certificate record format ${JSON.stringify(record.format)}, expected ${RECORD_FORMAT}`);
  if (record.page_url !== null) checkStr(record.page_url, "page_url", 2048);
  if (!isJsonObject(record.bundle)) throw new DecodeError("the certificate record holds no proof bundle");
  let bundle;
  try {
    bundle = utf8(canonicalJson(record.bundle));
  } catch (err3) {
    throw new DecodeError(`the certificate's proof bundle is not plain JSON: ${err3 instanceof Error ? err3.message : err3}`);
  }
  const entryId = typeof record.bundle.id === "string" ? record.bundle.id : "";
  return { bundle, entryId, package: record.package === null ? null : listedPackage(record.package), pageUrl: record.page_url };
}
function listedPackage(value) {
  checkFields(value, "certificate package", PACKAGE_FIELDS, PACKAGE_FIELDS);
  checkStr(value.manifest_format, "manifest_format", 64);
  if (!Array.isArray(value.files)) throw new DecodeError("the certificate's file list is not a list");
  const files = value.files.map((item) => {
    checkFields(item, "listed file", FILE_FIELDS, FILE_FIELDS);
    for (const name of ["path", "role", "alg"]) checkStr(item[name], name, 4096);
    checkInt(item.size, "size");
    checkHex(item.file_hash, "file_hash", 32);
    return (
      /** @type {ListedFile} */
      item
    );
  });
  const names = [...TEXT_FIELDS, "steps"];
  const { collection } = value;
  checkFields(collection, "collection", names, names);
  for (const name of TEXT_FIELDS) if (collection[name] !== null) checkStr(collection[name], name, 4096);
  const { steps } = collection;
  if (!Array.isArray(steps) || !steps.every((step) => typeof step === "string")) {
    throw new DecodeError("the collection steps are not a list of texts");
  }
  const stated = (
    /** @type {Record<string, string | null>} */
    Object.fromEntries(TEXT_FIELDS.map((name) => [name, collection[name]]))
  );
  return { manifestFormat: value.manifest_format, files, collection: stated, steps };
}

// node/api/static/verify/words.js
var CHECKS = (
  /** @type {const} */
  ["bundle", "chain", "commit", "inclusion", "checkpoint", "consistency", "evidence"]
);
var CHECK_OF_REASON = (
  /** @type {Record<string, typeof CHECKS[number]>} */
  {
    malformed_bundle: "bundle",
    wrong_chain: "chain",
    wrong_genesis: "chain",
    governance_invalid: "chain",
    validators_mismatch: "chain",
    commit_invalid: "commit",
    inclusion_invalid: "inclusion",
    checkpoint_invalid: "checkpoint",
    untrusted_quorum: "checkpoint",
    consistency_invalid: "consistency"
  }
);
function checkStates(finding, evidenceGiven) {
  const passed = finding.verdict === "valid" || finding.verdict === "unconfirmed";
  const failed = passed ? null : CHECK_OF_REASON[finding.reason] ?? "evidence";
  const hasLater = finding.proven?.consistentTreeSize != null || failed === "consistency";
  const shown = CHECKS.filter((check2) => (check2 !== "consistency" || hasLater) && (check2 !== "evidence" || evidenceGiven || failed === "evidence"));
  const failedAt = failed === null ? shown.length : shown.indexOf(failed);
  return shown.map((check2, i2) => ({ check: check2, state: i2 < failedAt ? "ok" : i2 === failedAt ? "fail" : "todo" }));
}
function checkKey(check2, finding) {
  if (check2 !== "evidence") return `check.${check2}`;
  if (finding.files !== null) return "check.evidence.folder";
  if (finding.disclosed !== null || finding.reason.includes("disclosure")) return "check.evidence.disclosure";
  if (finding.manifest !== null || finding.reason.includes("manifest")) return "check.evidence.manifest";
  return "check.evidence.file";
}
function subject(finding, t) {
  const proven = (
    /** @type {import('../core/bundle.js').BundleFacts} */
    finding.proven
  );
  const count = proven.entry.meta.get("files") ?? "?";
  if (finding.files !== null) return t("subject.folder", { count: finding.files.length });
  if (finding.disclosed !== null) {
    const { path } = finding.disclosed.packageFile;
    return t("subject.disclosed", { name: path.slice(path.lastIndexOf("/") + 1) });
  }
  if (finding.matchedFile !== null) return t("subject.file", { name: finding.matchedFile });
  if (finding.manifest !== null) return t("subject.manifest", { count });
  if (proven.entry.kind === "package") return t("subject.package", { count });
  return t("subject.record", { digest: bytesToHex(proven.entry.digest).slice(0, 16) });
}
function provenSentence(finding, anchor, t) {
  const proven = (
    /** @type {import('../core/bundle.js').BundleFacts} */
    finding.proven
  );
  const time = noLaterThan(proven.noLaterThanMs);
  const params = {
    subject: subject(finding, t),
    beijing: time.beijing,
    utc: time.utc,
    k: proven.signers.length,
    n: proven.validators.validators.length,
    chain: proven.header.chainId,
    genesis: proven.genesisHash === null ? "" : bytesToHex(proven.genesisHash).slice(0, 16)
  };
  if (finding.verdict === "unconfirmed" || anchor === null) return t("sentence.unconfirmed", params);
  return t("sentence.valid", { ...params, anchor: t(`anchor.${anchor.origin}`, { name: anchor.name }) });
}
function notaries(proven, genesis) {
  const organisations = new Map(genesis?.publication?.members ?? []);
  return proven.validators.validators.map((validator) => ({
    name: validator.name,
    organisation: organisations.get(validator.name) ?? null,
    power: validator.power,
    signed: proven.signers.includes(validator.name),
    vkey: validator.vkey()
  }));
}
function failureWords(finding, t, hasText2) {
  const code = finding.error?.code;
  const params = { ...finding.error?.params };
  const detail = code !== void 0 && hasText2(`error.${code}`) ? t(`error.${code}`, params) : null;
  return { reason: t(`reason.${finding.reason}`, params), detail };
}

// node/api/static/verify/verdict-view.js
var ALG_LABELS = (
  /** @type {Record<string, string>} */
  { sha256: "SHA-256", sm3: "SM3", sha512: "SHA-512" }
);
function verdictView(outcome, ctx) {
  const { t } = ctx;
  const box = el("section", { cls: "verdict", attrs: { id: "verdict", "aria-live": "polite" } });
  const { finding } = outcome;
  if (finding === null) return promptView(box, outcome, ctx);
  box.dataset.verdict = finding.verdict;
  box.dataset.reason = finding.reason;
  box.dataset.notices = finding.notices.join(" ");
  box.classList.add(finding.verdict);
  box.append(el("p", { cls: "verdict-title", text: t(`headline.${finding.verdict}`) }));
  const passed = finding.proven !== null && (finding.verdict === "valid" || finding.verdict === "unconfirmed");
  if (passed) {
    box.dataset.noLaterThanMs = String(
      /** @type {import('../core/bundle.js').BundleFacts} */
      finding.proven.noLaterThanMs
    );
    box.append(el("p", { cls: "verdict-sentence", text: provenSentence(finding, outcome.anchor, t) }));
  } else {
    const { reason, detail } = failureWords(finding, t, ctx.hasText);
    box.append(el("p", { cls: "verdict-sentence", text: reason }));
    if (detail !== null) box.append(el("p", { cls: "verdict-detail", text: detail }));
  }
  appendNotes(box, [
    ...ctx.notes,
    ...finding.notices.map((notice) => t(`notice.${notice}`)),
    ...passed ? followUps(finding, outcome, t) : []
  ]);
  if (finding.files !== null) box.append(filesView(finding.files, t));
  const manifestHolds = finding.proven !== null && !["manifest_mismatch", "manifest_edited"].includes(finding.reason);
  if (finding.manifest !== null && manifestHolds) box.append(collectionView(finding.manifest.collection, t));
  if (finding.proven !== null) {
    box.append(recordView(finding.proven, t));
    box.append(notariesView(finding.proven, outcome.anchor?.genesis ?? null, t));
  }
  box.append(checksView(finding, ctx.evidenceGiven, t));
  if (finding.error !== null) {
    box.append(el("details", { cls: "technical" }, [
      el("summary", { text: t("verdict.technical") }),
      el("p", { cls: "mono", text: finding.error.message })
    ]));
  }
  box.append(el("p", { cls: "actions" }, ctx.actions));
  return box;
}
function promptView(box, outcome, { t, notes, actions }) {
  const prompt = (
    /** @type {{ code: string, params: Record<string, unknown> }} */
    outcome.prompt
  );
  box.dataset.verdict = "none";
  box.dataset.reason = prompt.code;
  box.classList.add("needs");
  box.append(
    el("p", { cls: "verdict-title", text: t("headline.needs") }),
    el("p", { cls: "verdict-sentence", text: t(`prompt.${prompt.code}`, prompt.params) })
  );
  appendNotes(box, notes);
  box.append(el("p", { cls: "actions" }, actions));
  return box;
}
function appendNotes(box, lines) {
  for (const line of lines) box.append(el("p", { cls: "note-line", text: line }));
}
function followUps(finding, outcome, t) {
  const proven = (
    /** @type {import('../core/bundle.js').BundleFacts} */
    finding.proven
  );
  const lines = [];
  const isPackage = proven.entry.kind === "package";
  if (finding.files === null && finding.disclosed === null && finding.matchedFile === null) {
    lines.push(t(isPackage ? "follow.package" : "follow.file"));
  }
  if (finding.verdict === "unconfirmed") {
    lines.push(proven.genesisHash === null ? t("follow.unconfirmed.not_carried") : t("follow.unconfirmed", { genesis: bytesToHex(proven.genesisHash) }));
  }
  const url = outcome.anchor?.genesis.publication?.url;
  if (finding.verdict === "valid" && url) lines.push(t("follow.published", { url }));
  if (outcome.records > 1) lines.push(t("follow.several", { count: outcome.records }));
  return lines;
}
function filesView(files, t) {
  const list = el("ul", { cls: "file-statuses" });
  for (const file of files) {
    const status = t(`file.${file.status}`, { to: file.to ?? "" });
    const attrs = { "data-status": file.status };
    if (file.to !== void 0) attrs["data-to"] = file.to;
    list.append(el("li", { cls: `status-${file.status}`, attrs }, [
      el("span", { cls: "path mono", text: file.path }),
      el("span", { cls: "state", text: status })
    ]));
  }
  return el("div", { cls: "part" }, [el("h3", { text: t("files.title", { count: files.length }) }), list]);
}
function collectionView(collection, t) {
  return statementView(collection.statement, collection.steps, collection.isSealed, t);
}
function statementView(statement, steps, sealed, t) {
  const facts = el("dl", { cls: "facts" });
  for (const [name, value] of Object.entries(statement)) {
    fact(facts, t(`collection.${name}`), value ?? t("collection.unstated"));
  }
  if (steps.length) fact(facts, t("collection.steps"), el("ol", {}, steps.map((step) => el("li", { text: step }))));
  return el("div", { cls: "part collection" }, [
    el("h3", { text: t("collection.title") }),
    el("p", { cls: "note", text: t(sealed ? "collection.sealed" : "collection.unsealed") }),
    facts
  ]);
}
function recordView(proven, t, { blockTime = true } = {}) {
  const time = noLaterThan(proven.noLaterThanMs);
  const facts = el("dl", { cls: "facts record" });
  fact(facts, t("record.number"), certificateNumber(proven.entryId));
  fact(facts, t("record.time"), t("time.beijing", { time: time.beijing }), t("time.utc", { time: time.utc }));
  if (blockTime) {
    fact(facts, t("record.block_time"), t("record.block_time.value", {
      time: new Date(proven.header.timeMs).toISOString(),
      margin: proven.noLaterThanMs - proven.header.timeMs
    }));
  }
  fact(facts, t("record.block"), t("record.block.value", { height: proven.header.height, number: recordNumber(proven.leafIndex) }));
  const isPackage = proven.entry.kind === "package";
  fact(
    facts,
    t(isPackage ? "record.root" : "record.digest", { alg: ALG_LABELS[proven.entry.alg] ?? proven.entry.alg }),
    el("span", { cls: "mono", text: bytesToHex(proven.entry.digest) })
  );
  if (isPackage) fact(facts, t("record.files"), proven.entry.meta.get("files") ?? "?");
  else if (proven.entry.kind) fact(facts, t("record.kind"), proven.entry.kind);
  const meta = [...proven.entry.meta].filter(([key]) => !(isPackage && key === "files"));
  if (meta.length) fact(facts, t("record.meta"), ...meta.map(([key, value]) => t("record.meta.item", { key, value })));
  fact(facts, t("record.id"), el("span", { cls: "mono", text: bytesToHex(proven.entryId) }));
  fact(facts, t("record.chain"), proven.header.chainId);
  fact(facts, t("record.genesis"), proven.genesisHash === null ? t("record.genesis.not_carried") : el("span", { cls: "mono", text: bytesToHex(proven.genesisHash) }));
  return el("div", { cls: "part" }, [el("h3", { text: t("record.title") }), facts]);
}
function notariesView(proven, genesis, t) {
  const rows = notaries(proven, genesis).map((notary) => el("tr", { cls: notary.signed ? "signed" : "absent" }, [
    el("td", {}, [el("span", { text: notary.name }), notary.organisation === null ? null : el("span", { cls: "organisation", text: notary.organisation })]),
    el("td", { cls: "num", text: String(notary.power) }),
    el("td", { cls: "signature", text: t(notary.signed ? "notary.signed" : "notary.absent") })
  ]));
  const table = el("table", { cls: "notaries" }, [
    el("thead", {}, [el("tr", {}, [
      el("th", { text: t("notary.name") }),
      el("th", { cls: "num", text: t("notary.power") }),
      el("th", { text: t("notary.signature") })
    ])]),
    el("tbody", {}, rows)
  ]);
  const signedPower = notaries(proven, genesis).filter((n) => n.signed).reduce((sum, n) => sum + n.power, 0);
  return el("div", { cls: "part" }, [
    el("h3", { text: t("notary.title") }),
    table,
    el("p", { cls: "note", text: t("notary.quorum", { power: signedPower, total: proven.validators.totalPower }) })
  ]);
}
function checksView(finding, evidenceGiven, t) {
  const marks = { ok: "✔", fail: "✘", todo: "·" };
  const list = el("ol", { cls: "checks" });
  for (const { check: check2, state } of checkStates(finding, evidenceGiven)) {
    const label = check2 === "chain" && state === "ok" && finding.verdict === "unconfirmed" ? t("check.chain.unconfirmed") : t(checkKey(check2, finding));
    list.append(el("li", { cls: state, attrs: { "data-check": check2 } }, [el("span", { cls: "mark", text: marks[state] }), label]));
  }
  return el("div", { cls: "part" }, [el("h3", { text: t("check.title") }), list]);
}

// node/api/static/vendor/qr@0.7.0/index.js
/*!
 * Copyright (c) 2023 Paul Miller (paulmillr.com)
 * SPDX-License-Identifier: MIT OR Apache-2.0
 */
var MAX_OUTPUT_SIZE = 1024;
var MAX_COMPACT_OUTPUT_SIZE = MAX_OUTPUT_SIZE * 4;
var BYTES = /* @__PURE__ */ (() => {
  const res = [];
  for (let ver = 1; ver <= 40; ver++) {
    let bits2 = (16 * ver + 128) * ver + 64;
    if (ver >= 2) {
      const align = Math.floor(ver / 7) + 2;
      bits2 -= (25 * align - 10) * align - 55;
      if (ver >= 7)
        bits2 -= 36;
    }
    res.push(bits2 >>> 3);
  }
  return res;
})();
var ECC_LEVELS = ["low", "medium", "quartile", "high"];
var WORDS_PER_BLOCK = {
  low: [
    7,
    10,
    15,
    20,
    26,
    18,
    20,
    24,
    30,
    18,
    20,
    24,
    26,
    30,
    22,
    24,
    28,
    30,
    28,
    28,
    28,
    28,
    30,
    30,
    26,
    28,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30
  ],
  medium: [
    10,
    16,
    26,
    18,
    24,
    16,
    18,
    22,
    22,
    26,
    30,
    22,
    22,
    24,
    24,
    28,
    28,
    26,
    26,
    26,
    26,
    28,
    28,
    28,
    28,
    28,
    28,
    28,
    28,
    28,
    28,
    28,
    28,
    28,
    28,
    28,
    28,
    28,
    28,
    28
  ],
  quartile: [
    13,
    22,
    18,
    26,
    18,
    24,
    18,
    22,
    20,
    24,
    28,
    26,
    24,
    20,
    30,
    24,
    28,
    28,
    26,
    30,
    28,
    30,
    30,
    30,
    30,
    28,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30
  ],
  high: [
    17,
    28,
    22,
    16,
    22,
    28,
    26,
    26,
    24,
    28,
    24,
    28,
    22,
    24,
    24,
    30,
    28,
    28,
    26,
    28,
    30,
    24,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30,
    30
  ]
};
var ECC_BLOCKS = {
  low: [1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
  medium: [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
  quartile: [1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
  high: [1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81]
};
var EC_CODE = { low: 1, medium: 0, quartile: 3, high: 2 };
var ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
function alignmentPatterns(ver) {
  ver = asVersion(ver);
  if (ver === 1)
    return [];
  const last = 21 + 4 * (ver - 1) - 7;
  const count = Math.ceil((last - 6) / 28);
  let interval = Math.floor((last - 6) / count);
  if (interval % 2)
    interval += 1;
  else if ((last - 6) % count * 2 >= count)
    interval += 2;
  const res = [6];
  for (let m = 1; m < count; m++)
    res.push(last - (count - m) * interval);
  res.push(last);
  return res;
}
function formatBits(ecc, mask) {
  const data = EC_CODE[ecc] << 3 | mask;
  let d = data;
  for (let i2 = 0; i2 < 10; i2++)
    d = d << 1 ^ (d >> 9) * 1335;
  return (data << 10 | d) ^ 21522;
}
function versionBits(ver) {
  let d = ver;
  for (let i2 = 0; i2 < 12; i2++)
    d = d << 1 ^ (d >> 11) * 7973;
  return ver << 12 | d;
}
var MODE_BITS = { numeric: 1, alphanumeric: 2, byte: 4 };
var LENGTH_BITS = {
  numeric: [10, 12, 14],
  alphanumeric: [9, 11, 13],
  byte: [8, 16, 16]
};
var GF256 = /* @__PURE__ */ (() => {
  const exp = new Uint8Array(510);
  const log = new Uint8Array(256);
  for (let i2 = 0, x2 = 1; i2 < 255; i2++) {
    exp[i2] = exp[i2 + 255] = x2;
    log[x2] = i2;
    x2 <<= 1;
    if (x2 & 256)
      x2 ^= 285;
  }
  return { exp, log };
})();
function rsGenerator(eccWords) {
  const { exp: EXP, log: LOG } = GF256;
  const gen = new Uint8Array(eccWords);
  gen[eccWords - 1] = 1;
  for (let i2 = 0, root = 1; i2 < eccWords; i2++) {
    for (let j = 0; j < eccWords; j++) {
      const c = gen[j];
      gen[j] = (c ? EXP[LOG[c] + LOG[root]] : 0) ^ (j + 1 < eccWords ? gen[j + 1] : 0);
    }
    root = EXP[LOG[root] + 1];
  }
  return gen;
}
var RS_CACHE = [];
function rsCached(eccWords) {
  let cached = RS_CACHE[eccWords];
  if (cached !== void 0)
    return cached;
  const gen = rsGenerator(eccWords);
  const { exp: EXP, log: LOG } = GF256;
  const mul = new Uint8Array(256 * eccWords);
  for (let f = 1; f < 256; f++) {
    const lf = LOG[f];
    const off = f * eccWords;
    for (let j = 0; j < eccWords; j++) {
      const c = gen[j];
      if (c)
        mul[off + j] = EXP[LOG[c] + lf];
    }
  }
  return RS_CACHE[eccWords] = { gen, mul };
}
function rsEcc(data, gen, mul) {
  const { exp: EXP, log: LOG } = GF256;
  const eccWords = gen.length;
  const res = new Uint8Array(eccWords);
  if (mul !== void 0) {
    const last = eccWords - 1;
    for (let i2 = 0; i2 < data.length; i2++) {
      const off = (data[i2] ^ res[0]) * eccWords;
      for (let j = 0; j < last; j++)
        res[j] = res[j + 1] ^ mul[off + j];
      res[last] = mul[off + last];
    }
    return res;
  }
  for (let i2 = 0; i2 < data.length; i2++) {
    const f = data[i2] ^ res[0];
    res.copyWithin(0, 1);
    res[eccWords - 1] = 0;
    if (f) {
      for (let j = 0; j < eccWords; j++)
        if (gen[j])
          res[j] ^= EXP[LOG[gen[j]] + LOG[f]];
    }
  }
  return res;
}
function capacity(ver, ecc) {
  const bytes = BYTES[ver - 1];
  const words = WORDS_PER_BLOCK[ecc][ver - 1];
  const numBlocks = ECC_BLOCKS[ecc][ver - 1];
  const blockLen = Math.floor(bytes / numBlocks) - words;
  const shortBlocks = numBlocks - bytes % numBlocks;
  return { words, numBlocks, shortBlocks, blockLen, capacity: (bytes - words * numBlocks) * 8 };
}
var err = (msg) => {
  throw new Error(msg);
};
function asVersion(ver) {
  if (typeof ver !== "number")
    throw new TypeError(`"ver" expected number, got type=${typeof ver}`);
  if (!Number.isSafeInteger(ver))
    throw new RangeError(`"ver" expected safe integer, got ${ver}`);
  if (ver < 1 || ver > 40)
    throw new RangeError(`Invalid version=${ver}. Expected number [1..40]`);
  return ver;
}
function detectType(str) {
  let type = "numeric";
  for (let i2 = 0; i2 < str.length; i2++) {
    const v = ALNUM_VAL[str.charCodeAt(i2)];
    if (!(v >= 0))
      return "byte";
    if (v > 9)
      type = "alphanumeric";
  }
  return type;
}
var ALNUM_VAL = /* @__PURE__ */ (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i2 = 0; i2 < ALPHANUMERIC.length; i2++)
    t[ALPHANUMERIC.charCodeAt(i2)] = i2;
  return t;
})();
function encodeData(ver, ecc, text, type, utf82) {
  const cap = capacity(ver, ecc);
  const lengthBits = LENGTH_BITS[type][Math.floor((ver + 7) / 17)];
  const dataLen = type === "byte" ? utf82.length : text.length;
  if (dataLen >= 1 << lengthBits)
    err("Capacity overflow");
  const bytes = new Uint8Array(cap.capacity >>> 3);
  let acc = 0;
  let accBits = 0;
  let bytePos = 0;
  const push = (value, len) => {
    acc = acc << len | value;
    for (accBits += len; accBits >= 8; )
      bytes[bytePos++] = acc >>> (accBits -= 8) & 255;
  };
  push(MODE_BITS[type], 4);
  push(dataLen, lengthBits);
  if (type === "numeric") {
    for (let i2 = 0; i2 < dataLen; i2 += 3) {
      const n = Math.min(3, dataLen - i2);
      push(Number(text.slice(i2, i2 + n)), [0, 4, 7, 10][n]);
    }
  } else if (type === "alphanumeric") {
    for (let i2 = 0; i2 + 1 < dataLen; i2 += 2)
      push(ALNUM_VAL[text.charCodeAt(i2)] * 45 + ALNUM_VAL[text.charCodeAt(i2 + 1)], 11);
    if (dataLen & 1)
      push(ALNUM_VAL[text.charCodeAt(dataLen - 1)], 6);
  } else {
    for (let i2 = 0; i2 < utf82.length; i2++)
      push(utf82[i2], 8);
  }
  let bitPos = bytePos * 8 + accBits;
  if (bitPos > cap.capacity)
    err("Capacity overflow");
  if (accBits)
    bytes[bytePos] = acc << 8 - accBits & 255;
  bitPos += Math.min(4, cap.capacity - bitPos);
  if (bitPos & 7)
    bitPos += 8 - (bitPos & 7);
  for (let i2 = bitPos >>> 3, pad = 0; i2 < bytes.length; i2++, pad ^= 1)
    bytes[i2] = pad ? 17 : 236;
  const { words, numBlocks, shortBlocks, blockLen } = cap;
  const rs = rsCached(words);
  const blocks = [];
  const eccs = [];
  for (let i2 = 0, pos = 0; i2 < numBlocks; i2++) {
    const len = blockLen + (i2 < shortBlocks ? 0 : 1);
    blocks.push(bytes.subarray(pos, pos + len));
    eccs.push(rsEcc(blocks[i2], rs.gen, rs.mul));
    pos += len;
  }
  const res = new Uint8Array(bytes.length + words * numBlocks);
  let p = 0;
  for (let i2 = 0; i2 <= blockLen; i2++) {
    for (const b of blocks)
      if (i2 < b.length)
        res[p++] = b[i2];
  }
  for (let i2 = 0; i2 < words; i2++)
    for (const e of eccs)
      res[p++] = e[i2];
  return res;
}
function maskBits(x2, y) {
  const x22 = x2 % 2;
  const y2 = y % 2;
  const x3 = x2 % 3;
  const xy3 = x3 * (y % 3) % 3;
  const xy2 = x22 & y2;
  let bits2 = 0;
  if (x22 === y2)
    bits2 |= 1;
  if (y2 === 0)
    bits2 |= 2;
  if (x3 === 0)
    bits2 |= 4;
  if ((x2 + y) % 3 === 0)
    bits2 |= 8;
  if ((Math.floor(y / 2) + Math.floor(x2 / 3)) % 2 === 0)
    bits2 |= 16;
  if (xy2 + xy3 === 0)
    bits2 |= 32;
  if ((xy2 + xy3) % 2 === 0)
    bits2 |= 64;
  if (((x22 ^ y2) + xy3) % 2 === 0)
    bits2 |= 128;
  return bits2;
}
var POP16 = /* @__PURE__ */ (() => {
  const t = new Uint8Array(1 << 16);
  for (let i2 = 1; i2 < t.length; i2++)
    t[i2] = t[i2 >>> 1] + (i2 & 1);
  return t;
})();
var popcnt = (n) => POP16[n & 65535] + POP16[n >>> 16];
var TRANSPOSE_TMP = /* @__PURE__ */ new Uint32Array(32);
function transpose32(a) {
  const masks = [1431655765, 858993459, 252645135, 16711935, 65535];
  for (let stage = 0; stage < 5; stage++) {
    const m = masks[stage] >>> 0;
    const s = 1 << stage;
    for (let i2 = 0; i2 < 32; i2 += s << 1) {
      for (let k = 0; k < s; k++) {
        const x2 = a[i2 + k] >>> 0;
        const y = a[i2 + k + s] >>> 0;
        const t = (x2 >>> s ^ y) & m;
        a[i2 + k] = (x2 ^ t << s) >>> 0;
        a[i2 + k + s] = (y ^ t) >>> 0;
      }
    }
  }
}
var mat = (size) => {
  const words = size + 31 >>> 5;
  return { size, words, v: new Uint32Array(words * size) };
};
var matGet = (m, x2, y) => m.v[y * m.words + (x2 >>> 5)] >>> (x2 & 31) & 1;
var matSet = (m, x2, y, bit) => {
  const i2 = y * m.words + (x2 >>> 5);
  const b = 1 << (x2 & 31);
  m.v[i2] = bit ? m.v[i2] | b : m.v[i2] & ~b;
};
function transposeMat(src, dst) {
  const { size, words, v } = src;
  const tmp = TRANSPOSE_TMP;
  for (let by = 0; by < size; by += 32) {
    for (let bx = 0; bx < words; bx++) {
      const rows = Math.min(32, size - by);
      for (let r = 0; r < rows; r++)
        tmp[r] = v[(by + r) * words + bx];
      tmp.fill(0, rows);
      transpose32(tmp);
      for (let i2 = 0, dstY = bx * 32; i2 < 32 && dstY < size; i2++, dstY++) {
        dst.v[dstY * dst.words + (by >>> 5)] = tmp[i2];
      }
    }
  }
}
function runsPenaltyVertical(m) {
  const { size, words, v } = m;
  const tail = size & 31 ? (1 << (size & 31)) - 1 >>> 0 : 4294967295;
  let score = 0;
  for (let wi = 0; wi < words; wi++) {
    const valid = wi === words - 1 ? tail : 4294967295;
    let r3 = v[3 * words + wi];
    let dPrev = 4294967295;
    let d0 = v[wi] ^ v[words + wi];
    let d1 = v[words + wi] ^ v[2 * words + wi];
    let d2 = v[2 * words + wi] ^ r3;
    for (let y = 0, idx = 4 * words + wi; y <= size - 5; y++, idx += words) {
      const r4 = v[idx];
      const d3 = r3 ^ r4;
      const w = ~(d0 | d1 | d2 | d3) & valid;
      if (w)
        score += popcnt(w >>> 0) + 2 * popcnt((w & dPrev) >>> 0);
      dPrev = d0;
      d0 = d1;
      d1 = d2;
      d2 = d3;
      r3 = r4;
    }
  }
  return score;
}
function finderPenaltyVertical(m) {
  const { size, words, v } = m;
  const tail = size & 31 ? (1 << (size & 31)) - 1 >>> 0 : 4294967295;
  let count = 0;
  for (let wi = 0; wi < words; wi++) {
    const valid = wi === words - 1 ? tail : 4294967295;
    for (let y = 0; y <= size - 11; y++) {
      let i2 = y * words + wi;
      const r0 = v[i2];
      const r1 = v[i2 += words];
      const r2 = v[i2 += words];
      const r3 = v[i2 += words];
      const r4 = v[i2 += words];
      const r5 = v[i2 += words];
      const r6 = v[i2 += words];
      const r7 = v[i2 += words];
      const r8 = v[i2 += words];
      const r9 = v[i2 += words];
      const r10 = v[i2 + words];
      const m0 = valid & r0 & ~r1 & r2 & r3 & r4 & ~r5 & r6 & ~(r7 | r8 | r9 | r10);
      const m1 = valid & ~(r0 | r1 | r2 | r3) & r4 & ~r5 & r6 & r7 & r8 & ~r9 & r10;
      count += popcnt(m0 >>> 0) + popcnt(m1 >>> 0);
    }
  }
  return count;
}
function penaltyScore(m, t, limit = Infinity) {
  const { size, words, v } = m;
  const adjacent = runsPenaltyVertical(m) + runsPenaltyVertical(t);
  if (adjacent >= limit)
    return adjacent;
  const tail2 = (1 << size - 32 * (words - 1) - 1) - 1 >>> 0;
  let boxes = 0;
  let dark2 = 0;
  for (let y = 0; y < size; y++) {
    for (let wi = 0; wi < words; wi++) {
      const a0 = v[y * words + wi];
      dark2 += popcnt(a0 >>> 0);
      if (y === size - 1)
        continue;
      const a1 = v[(y + 1) * words + wi];
      const n0 = wi + 1 < words ? v[y * words + wi + 1] : 0;
      const n1 = wi + 1 < words ? v[(y + 1) * words + wi + 1] : 0;
      const eqV = ~(a0 ^ a1);
      const eqH0 = ~(a0 ^ (a0 >>> 1 | n0 << 31));
      const eqH1 = ~(a1 ^ (a1 >>> 1 | n1 << 31));
      let w = eqV & eqH0 & eqH1;
      if (wi === words - 1)
        w &= tail2;
      boxes += popcnt(w >>> 0);
    }
  }
  const total = size * size;
  const darkSteps = Math.ceil(Math.max(0, Math.abs(dark2 * 100 - total * 50) - total * 5) / (total * 5));
  const partial = adjacent + 3 * boxes + 10 * darkSteps;
  if (partial >= limit)
    return partial;
  return partial + 40 * (finderPenaltyVertical(m) + finderPenaltyVertical(t));
}
function drawInfo(m, ver, ecc, mask) {
  const size = m.size;
  const bits2 = formatBits(ecc, mask);
  for (let i2 = 0; i2 < 15; i2++) {
    const bit = bits2 >> i2 & 1;
    if (i2 < 6)
      matSet(m, 8, i2, bit);
    else if (i2 < 8)
      matSet(m, 8, i2 + 1, bit);
    else if (i2 === 8)
      matSet(m, 7, 8, bit);
    else
      matSet(m, 14 - i2, 8, bit);
    if (i2 < 8)
      matSet(m, size - 1 - i2, 8, bit);
    else
      matSet(m, 8, size - 15 + i2, bit);
  }
  matSet(m, 8, size - 8, 1);
  if (ver >= 7) {
    const vbits = versionBits(ver);
    for (let i2 = 0; i2 < 18; i2++) {
      const bit = vbits >> i2 & 1;
      const x2 = size - 11 + i2 % 3;
      const y = i2 / 3 | 0;
      matSet(m, x2, y, bit);
      matSet(m, y, x2, bit);
    }
  }
}
var symCache;
function buildSymCache(ver) {
  const size = 21 + 4 * (ver - 1);
  const m = mat(size);
  const fun = new Uint8Array(size * size);
  const setF = (x2, y, bit) => {
    matSet(m, x2, y, bit);
    fun[y * size + x2] = 1;
  };
  for (const [fx, fy] of [
    [0, 0],
    [size - 7, 0],
    [0, size - 7]
  ]) {
    for (let dy = -1; dy < 8; dy++) {
      for (let dx = -1; dx < 8; dx++) {
        const x2 = fx + dx;
        const y = fy + dy;
        if (x2 < 0 || y < 0 || x2 >= size || y >= size)
          continue;
        const on = dx >= 0 && dx < 7 && dy >= 0 && dy < 7 && (dx === 0 || dx === 6 || dy === 0 || dy === 6 || dx > 1 && dx < 5 && dy > 1 && dy < 5);
        setF(x2, y, on ? 1 : 0);
      }
    }
  }
  const align = alignmentPatterns(ver);
  for (const ay of align) {
    for (const ax of align) {
      if (fun[ay * size + ax])
        continue;
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const on = Math.max(Math.abs(dx), Math.abs(dy)) !== 1;
          setF(ax + dx, ay + dy, on ? 1 : 0);
        }
      }
    }
  }
  for (let i2 = 0; i2 < size; i2++) {
    if (!fun[6 * size + i2])
      setF(i2, 6, i2 % 2 === 0 ? 1 : 0);
    if (!fun[i2 * size + 6])
      setF(6, i2, i2 % 2 === 0 ? 1 : 0);
  }
  for (let i2 = 0; i2 < 9; i2++) {
    if (i2 !== 6) {
      setF(8, i2, 0);
      setF(i2, 8, 0);
    }
    if (i2 < 8) {
      setF(size - 1 - i2, 8, 0);
      setF(8, size - 1 - i2, 0);
    }
  }
  if (ver >= 7) {
    for (let i2 = 0; i2 < 18; i2++) {
      const x2 = size - 11 + i2 % 3;
      const y = i2 / 3 | 0;
      setF(x2, y, 0);
      setF(y, x2, 0);
    }
  }
  const planes = [];
  for (let i2 = 0; i2 < 8; i2++)
    planes.push(mat(size));
  const posBuf = new Uint16Array(size * size);
  let n = 0;
  for (let xOffset = size - 1, dir = -1, y = size - 1; xOffset > 0; xOffset -= 2, dir = -dir) {
    if (xOffset === 6)
      xOffset = 5;
    for (; ; y += dir) {
      for (let j = 0; j < 2; j++) {
        const x2 = xOffset - j;
        if (fun[y * size + x2])
          continue;
        const wi = y * m.words + (x2 >>> 5);
        posBuf[n++] = wi << 5 | x2 & 31;
        for (let p = 0, mb = maskBits(x2, y); mb; p++, mb >>= 1) {
          if (mb & 1)
            planes[p].v[wi] |= 1 << (x2 & 31);
        }
      }
      if (y + dir < 0 || y + dir >= size)
        break;
    }
  }
  const planesT = planes.map((p) => {
    const t = mat(size);
    transposeMat(p, t);
    return t.v;
  });
  return {
    ver,
    tpl: m.v,
    pos: posBuf.slice(0, n),
    planes: planes.map((p) => p.v),
    planesT,
    work: [mat(size), mat(size), mat(size), mat(size)]
  };
}
function drawSymbol(ver, ecc, data, maskIdx, test = false) {
  if (symCache === void 0 || symCache.ver !== ver)
    symCache = buildSymCache(ver);
  const { tpl, pos, planes, planesT, work } = symCache;
  const [m, t, cand, candT] = work;
  m.v.set(tpl);
  const need = Math.min(8 * data.length, pos.length);
  for (let i2 = 0; i2 < need; i2++) {
    if (data[i2 >>> 3] & 128 >>> (i2 & 7)) {
      const p = pos[i2];
      m.v[p >>> 5] |= 1 << (p & 31);
    }
  }
  let mask = maskIdx;
  if (mask === void 0) {
    transposeMat(m, t);
    let bestScore = Infinity;
    for (let p = 0; p < 8; p++) {
      const pv2 = planes[p];
      const ptv = planesT[p];
      for (let i2 = 0; i2 < cand.v.length; i2++) {
        cand.v[i2] = m.v[i2] ^ pv2[i2];
        candT.v[i2] = t.v[i2] ^ ptv[i2];
      }
      const score = penaltyScore(cand, candT, bestScore);
      if (score < bestScore) {
        bestScore = score;
        mask = p;
      }
    }
  }
  const pv = planes[mask];
  for (let i2 = 0; i2 < m.v.length; i2++)
    m.v[i2] ^= pv[i2];
  if (!test)
    drawInfo(m, ver, ecc, mask);
  return m;
}
var asNum = (n, title) => {
  if (typeof n !== "number")
    throw new TypeError(`"${title}" expected number, got type=${typeof n}`);
  if (!Number.isSafeInteger(n))
    throw new RangeError(`"${title}" expected safe integer, got ${n}`);
  return n;
};
var asString = (s, title) => {
  if (typeof s !== "string")
    throw new TypeError(`"${title}" expected string, got type=${typeof s}`);
  return s;
};
function utf8Length(str) {
  let length = 0;
  for (let i2 = 0; i2 < str.length; i2++) {
    const c = str.charCodeAt(i2);
    if (c < 128)
      length++;
    else if (c < 2048)
      length += 2;
    else if (c < 55296 || c > 57343)
      length += 3;
    else if (c <= 56319 && i2 + 1 < str.length) {
      const next = str.charCodeAt(i2 + 1);
      if (next >= 56320 && next <= 57343) {
        length += 4;
        i2++;
      } else
        length += 3;
    } else
      length += 3;
  }
  return length;
}
function byteCapacity(ver, ecc) {
  const lengthBits = LENGTH_BITS.byte[Math.floor((ver + 7) / 17)];
  return Math.min((1 << lengthBits) - 1, Math.floor((capacity(ver, ecc).capacity - 4 - lengthBits) / 8));
}
function _isBytes(a) {
  return a instanceof Uint8Array || ArrayBuffer.isView(a) && a.constructor.name === "Uint8Array" && "BYTES_PER_ELEMENT" in a && a.BYTES_PER_ELEMENT === 1;
}
var dark = (r, x2, y) => r.map[x2] >= 0 && r.map[y] >= 0 && matGet(r.m, r.map[x2], r.map[y]) === 1;
var CTRL = [10, 27];
var NL = /* @__PURE__ */ String.fromCharCode(CTRL[0]);
function renderRaw(r) {
  const W = r.W;
  const res = new Array(W);
  for (let y = 0; y < W; y++) {
    const row = new Array(W);
    for (let x2 = 0; x2 < W; x2++)
      row[x2] = dark(r, x2, y);
    res[y] = row;
  }
  return res;
}
function renderAscii(r) {
  const W = r.W;
  let out = "";
  for (let y = 0; y < W; y += 2) {
    for (let x2 = 0; x2 < W; x2++) {
      const first = dark(r, x2, y);
      const second = y + 1 >= W ? true : dark(r, x2, y + 1);
      out += !first && !second ? "█" : !first && second ? "▀" : first && !second ? "▄" : " ";
    }
    out += NL;
  }
  return out;
}
function renderTerm(r) {
  const W = r.W;
  const esc = String.fromCharCode(CTRL[1]);
  const reset = esc + "[0m";
  let out = "";
  for (let y = 0; y < W; y++) {
    for (let x2 = 0; x2 < W; x2++) {
      out += dark(r, x2, y) ? `${esc}[40m  ${reset}` : `${esc}[1;47m  ${reset}`;
    }
    out += NL;
  }
  return out;
}
function renderSvg(r, optimize) {
  const W = r.W;
  let out = `<svg viewBox="0 0 ${W} ${W}" xmlns="http://www.w3.org/2000/svg">`;
  let pathData = "";
  let prev;
  for (let y = 0; y < W; y++) {
    for (let x2 = 0; x2 < W; x2++) {
      if (!dark(r, x2, y))
        continue;
      if (!optimize) {
        out += `<rect x="${x2}" y="${y}" width="1" height="1" />`;
        continue;
      }
      let mv = `M${x2} ${y}`;
      if (prev) {
        const rel = `m${x2 - prev.x} ${y - prev.y}`;
        if (rel.length <= mv.length)
          mv = rel;
      }
      pathData += `${mv}h1v1${x2 < 10 ? `H${x2}` : "h-1"}Z`;
      prev = { x: x2, y };
    }
  }
  if (optimize)
    out += `<path d="${pathData}"/>`;
  return out + "</svg>";
}
function renderGif(r) {
  const W = r.W;
  const pixels = W * W;
  const N = 126;
  const fullChunks = Math.floor(pixels / N);
  const tail = pixels % N;
  const out = new Uint8Array(408 + fullChunks * (N + 2) + 2 + tail + 4);
  let p = 0;
  const u162 = (v) => {
    out[p++] = v & 255;
    out[p++] = v >>> 8;
  };
  for (const b of [71, 73, 70, 56, 55, 97])
    out[p++] = b;
  u162(W);
  u162(W);
  out[p++] = 246;
  p += 2;
  out[p++] = 255;
  out[p++] = 255;
  out[p++] = 255;
  p += 3 * 127;
  out[p++] = 44;
  p += 4;
  u162(W);
  u162(W);
  out[p++] = 0;
  out[p++] = 7;
  const { m, map } = r;
  const row = new Uint8Array(W);
  let prevMy = -2;
  for (let y = 0, i2 = 0; y < W; y++) {
    const my = map[y];
    if (my !== prevMy) {
      prevMy = my;
      row.fill(0);
      if (my >= 0) {
        for (let x2 = 0; x2 < W; x2++)
          if (map[x2] >= 0)
            row[x2] = matGet(m, map[x2], my);
      }
    }
    for (let x2 = 0; x2 < W; ) {
      if (i2 % N === 0) {
        const rem = pixels - i2;
        out[p++] = (rem < N ? rem : N) + 1;
        out[p++] = 128;
      }
      const n = Math.min(N - i2 % N, W - x2);
      out.set(row.subarray(x2, x2 + n), p);
      p += n;
      x2 += n;
      i2 += n;
    }
  }
  if (tail === 0) {
    out[p++] = 1;
    out[p++] = 128;
  }
  out[p++] = 1;
  out[p++] = 129;
  out[p++] = 0;
  out[p++] = 59;
  return out;
}
function gifDataUrl(gif) {
  const g = gif;
  let b64;
  if (typeof g.toBase64 === "function")
    b64 = g.toBase64();
  else {
    let bin = "";
    for (let i2 = 0; i2 < g.length; i2 += 8192)
      bin += String.fromCharCode(...g.subarray(i2, i2 + 8192));
    b64 = btoa(bin);
  }
  return "data:image/gif;base64," + b64;
}
function encodeQR(text, output = "raw", opts = {}) {
  asString(text, "text");
  asString(output, "output");
  if (typeof opts !== "object" || opts === null || Array.isArray(opts))
    throw new TypeError(`"opts" expected object, got type=${typeof opts}`);
  let ver = opts.version;
  if (ver !== void 0)
    ver = asVersion(ver);
  const ecc = opts.ecc !== void 0 ? opts.ecc : "medium";
  if (!ECC_LEVELS.includes(ecc))
    err(`invalid ecc=${ecc}`);
  const encoding = opts.encoding !== void 0 ? opts.encoding : detectType(text);
  if (!LENGTH_BITS[encoding])
    err(`invalid encoding=${encoding}`);
  if (encoding !== "byte") {
    const alpha = encoding === "numeric" ? ALPHANUMERIC.slice(0, 10) : ALPHANUMERIC;
    for (const ch of text) {
      if (!alpha.includes(ch))
        err(`Unknown letter: "${ch}". Allowed: ${alpha}`);
    }
  }
  if (opts.mask !== void 0 && (asNum(opts.mask, "opts.mask") < 0 || opts.mask > 7))
    err(`invalid mask=${opts.mask}`);
  const textEncoder = opts.textEncoder;
  if (encoding === "byte" && textEncoder === void 0) {
    const maxBytes = byteCapacity(ver === void 0 ? 40 : ver, ecc);
    if (text.length > maxBytes || utf8Length(text) > maxBytes)
      err("Capacity overflow");
  }
  const utf82 = encoding === "byte" ? (textEncoder !== void 0 ? textEncoder : (s) => new TextEncoder().encode(s))(text) : void 0;
  if (utf82 !== void 0 && !_isBytes(utf82))
    throw new TypeError(`"opts.textEncoder" expected Uint8Array, got type=${typeof utf82}`);
  const dataLen = encoding === "byte" ? utf82.length : text.length;
  const encodedBits = encoding === "numeric" ? Math.floor(dataLen / 3) * 10 + [0, 4, 7][dataLen % 3] : encoding === "alphanumeric" ? Math.floor(dataLen / 2) * 11 + dataLen % 2 * 6 : dataLen * 8;
  if (ver === void 0) {
    for (ver = 1; ver <= 40; ver++) {
      const lengthBits = LENGTH_BITS[encoding][Math.floor((ver + 7) / 17)];
      if (dataLen < 1 << lengthBits && 4 + lengthBits + encodedBits <= capacity(ver, ecc).capacity)
        break;
    }
    if (ver > 40)
      err("Capacity overflow");
  } else {
    const lengthBits = LENGTH_BITS[encoding][Math.floor((ver + 7) / 17)];
    if (dataLen >= 1 << lengthBits || 4 + lengthBits + encodedBits > capacity(ver, ecc).capacity)
      err("Capacity overflow");
  }
  const data = encodeData(ver, ecc, text, encoding, utf82);
  const m = drawSymbol(ver, ecc, data, opts.mask);
  const border = opts.border === void 0 ? 2 : asNum(opts.border, "opts.border");
  if (border <= 0)
    throw new RangeError(`invalid border=${border}`);
  const scale = opts.scale === void 0 ? 1 : asNum(opts.scale, "opts.scale");
  if (scale <= 0 || scale > 1024)
    throw new RangeError(`invalid scale factor: ${scale}`);
  const W = (m.size + 2 * border) * scale;
  const maxOutputSize = output === "ascii" || output === "gif" || output === "data-url" ? MAX_COMPACT_OUTPUT_SIZE : MAX_OUTPUT_SIZE;
  if (W > maxOutputSize)
    throw new RangeError(`invalid opts: output is ${W}x${W} (max ${maxOutputSize}), reduce border/scale`);
  const map = new Int32Array(W);
  for (let i2 = 0; i2 < W; i2++) {
    const f = Math.floor(i2 / scale) - border;
    map[i2] = f >= 0 && f < m.size ? f : -1;
  }
  const r = { m, W, map };
  if (output === "raw")
    return renderRaw(r);
  if (output === "ascii")
    return renderAscii(r);
  if (output === "term")
    return renderTerm(r);
  if (output === "svg")
    return renderSvg(r, opts.optimize === void 0 ? true : opts.optimize);
  if (output === "gif")
    return renderGif(r);
  if (output === "data-url")
    return gifDataUrl(renderGif(r));
  return err(`Unknown output: ${output}`);
}

// node/api/static/certificate/qr.js
var ERROR_CORRECTION = "medium";
var QUIET_ZONE = 4;
function qrCode(text) {
  const modules = encodeQR(text, "raw", { ecc: ERROR_CORRECTION, border: QUIET_ZONE });
  const size = modules.length;
  let path = "";
  modules.forEach((row, y) => row.forEach((dark2, x2) => {
    if (dark2) path += `M${x2} ${y}h1v1h-1z`;
  }));
  const code = svg("svg", {
    viewBox: `0 0 ${size} ${size}`,
    class: "qr-code",
    role: "img",
    "shape-rendering": "crispEdges"
  });
  code.append(svg("rect", { width: String(size), height: String(size), fill: "#fff" }));
  code.append(svg("path", { d: path, fill: "#000" }));
  return code;
}
function verifyAddress(pageUrl, entryId, isPackage) {
  return `${pageUrl}#verify?id=${entryId}&kind=${isPackage ? "package" : "file"}`;
}

// node/api/static/certificate/view.js
function certificateView(record, outcome, { t, hasText: hasText2 }) {
  const finding = outcome?.finding ?? null;
  const proven = finding?.proven ?? null;
  const passed = proven !== null && (finding?.verdict === "valid" || finding?.verdict === "unconfirmed");
  const sheet = el("section", { cls: "sheet first" });
  const article = el("article", { cls: "certificate", attrs: { id: "certificate" } }, [sheet]);
  article.dataset.verdict = finding?.verdict ?? "invalid";
  article.dataset.reason = finding?.reason ?? "malformed_record";
  const number = passed ? el("p", { cls: "cert-number" }, [t("record.number"), " ", el("strong", { text: certificateNumber(proven.entryId) })]) : null;
  sheet.append(el("header", { cls: "cert-head" }, [
    el("h1", { text: t("cert.title") }),
    el("p", { cls: "cert-sub", text: t("cert.subtitle") }),
    number
  ]));
  const verdictBox = el("div", { cls: `cert-verdict ${passed ? finding?.verdict : "invalid"}` }, [
    el("p", { cls: "verdict-title", text: t(`headline.${passed ? finding?.verdict : "invalid"}`) })
  ]);
  sheet.append(verdictBox);
  if (!passed) {
    const words = finding === null ? { reason: t("cert.unreadable"), detail: null } : failureWords(finding, t, hasText2);
    verdictBox.append(el("p", { cls: "verdict-sentence", text: words.reason }));
    if (words.detail !== null) verdictBox.append(el("p", { cls: "verdict-detail", text: words.detail }));
    verdictBox.append(el("p", { cls: "note", text: t("cert.not_a_proof") }));
    return article;
  }
  const anchor = (
    /** @type {import('../verify/run.js').Outcome} */
    outcome.anchor
  );
  verdictBox.append(el("p", { cls: "verdict-sentence", text: provenSentence(finding, anchor, t) }));
  const listed = record?.package ?? null;
  sheet.append(el("div", { cls: "cert-grid" }, [recordView(proven, t, { blockTime: false }), qrFigure(record, proven, t)]));
  sheet.append(scopeView(proven, t));
  sheet.append(notariesView(proven, anchor?.genesis ?? null, t));
  sheet.append(publicationView(proven, finding.verdict === "valid" ? anchor : null, t));
  if (listed !== null) {
    sheet.append(statementView(listed.collection, listed.steps, listed.manifestFormat !== "cunzheng-package/v1", t));
    sheet.append(el("p", { cls: "note", text: t("cert.files_follow", { count: listed.files.length }) }));
    article.append(filesSheet(listed, t));
  } else if (proven.entry.kind === "package") {
    sheet.append(el("p", { cls: "note", text: t("cert.no_file_list") }));
  }
  sheet.append(el("p", { cls: "cert-how", text: t(proven.entry.kind === "package" ? "cert.how.package" : "cert.how.file") }));
  return article;
}
function scopeView(proven, t) {
  const time = noLaterThan(proven.noLaterThanMs);
  const item = (key, params = {}) => el("li", { text: t(key, params) });
  return el("div", { cls: "part scope" }, [
    el("div", {}, [
      el("h3", { text: t("scope.proves") }),
      el("ul", {}, [
        item("scope.existed", { beijing: time.beijing }),
        item("scope.signed", { k: proven.signers.length, n: proven.validators.validators.length })
      ])
    ]),
    el("div", {}, [
      el("h3", { text: t("scope.not") }),
      el("ul", {}, [item("scope.not.truth"), item("scope.not.collector"), item("scope.not.complete"), item("scope.not.notarial")])
    ])
  ]);
}
function publicationView(proven, anchor, t) {
  const part = el("div", { cls: "part publication" }, [el("h3", { text: t("cert.genesis.title") })]);
  if (proven.genesisHash === null) {
    part.append(el("p", { text: t("cert.genesis.not_carried") }));
    return part;
  }
  const hash = bytesToHex(proven.genesisHash);
  if (anchor === null) {
    part.append(el("p", { text: t("cert.genesis.none", { genesis: hash }) }));
    return part;
  }
  const publication = anchor.genesis.publication;
  part.append(el("p", { text: publication?.url ? t("cert.genesis.published", { url: publication.url }) : t("cert.genesis.unpublished") }));
  if (publication?.members.length) {
    part.append(el("p", { text: t("cert.genesis.members", { members: publication.members.map(([, organisation]) => organisation).join(t("list.separator")) }) }));
  }
  part.append(el("p", {}, [t("cert.genesis.hash"), " ", el("span", { cls: "mono", text: hash })]));
  return part;
}
function qrFigure(record, proven, t) {
  if (record?.pageUrl == null) return el("figure", { cls: "qr none" }, [el("figcaption", { text: t("cert.qr.none") })]);
  const address = verifyAddress(record.pageUrl, bytesToHex(proven.entryId), proven.entry.kind === "package");
  return el("figure", { cls: "qr", attrs: { "data-address": address } }, [
    qrCode(address),
    el("figcaption", { text: t("cert.qr.caption") }),
    el("p", { cls: "mono qr-address", text: record.pageUrl })
  ]);
}
function filesSheet(listed, t) {
  const rows = listed.files.map((file, i2) => el("tr", {}, [
    el("td", { cls: "num", text: String(i2 + 1) }),
    el("td", { cls: "path", text: file.path }),
    el("td", { text: t(`role.${file.role}`) }),
    el("td", { cls: "num", text: formatBytes(file.size) }),
    el("td", { text: file.alg === "sm3" ? "SM3" : "SHA-256" }),
    el("td", { cls: "mono digest", text: file.file_hash })
  ]));
  return el("section", { cls: "sheet files" }, [
    el("h2", { text: t("cert.files.title", { count: listed.files.length }) }),
    el("p", { cls: "note", text: t("cert.files.note") }),
    el("table", { cls: "file-list" }, [
      el("thead", {}, [el("tr", {}, ["#", "path", "role", "size", "alg", "digest"].map((name) => el("th", { text: t(`cert.files.${name}`) })))]),
      el("tbody", {}, rows)
    ])
  ]);
}

// node/api/static/core/block.js
var VERSION2 = 1;
var MAX_CHAIN_ID_LENGTH = 64;
var MAX_MESSAGE_BYTES = 64 * 1024;
var PRECOMMIT = 2;
var HEADER_HASH_FIELDS = [
  "prev_hash",
  "proposer",
  "ledger_root",
  "validators_hash",
  "next_validators_hash",
  "last_commit_hash"
];
var HEADER_NAMES = [
  "chain_id",
  "height",
  "time_ms",
  "prev_hash",
  "proposer",
  "entries_count",
  "ledger_size",
  "ledger_root",
  "validators_hash",
  "next_validators_hash",
  "last_commit_hash",
  "app_version"
];
var Header = class _Header {
  /**
   * Checks each field as ledger/block.py Header does; throws DecodeError.
   * @param {unknown[]} fields the canonical array without its version
   */
  constructor(fields) {
    const byName = Object.fromEntries(HEADER_NAMES.map((name, i2) => [name, fields[i2]]));
    checkStr(byName.chain_id, "Header.chain_id", MAX_CHAIN_ID_LENGTH);
    checkInt(byName.height, "Header.height", 1);
    checkInt(byName.time_ms, "Header.time_ms");
    for (const name of HEADER_HASH_FIELDS) checkBytes(byName[name], `Header.${name}`, 32);
    checkInt(byName.entries_count, "Header.entries_count");
    checkInt(byName.ledger_size, "Header.ledger_size");
    checkInt(byName.app_version, "Header.app_version", 1);
    if (byName.entries_count > byName.ledger_size) {
      throw new DecodeError(`Header.entries_count ${byName.entries_count} exceeds ledger_size ${byName.ledger_size}`);
    }
    this.values = fields;
    this.chainId = byName.chain_id;
    this.height = byName.height;
    this.timeMs = byName.time_ms;
    this.entriesCount = byName.entries_count;
    this.ledgerSize = byName.ledger_size;
    this.ledgerRoot = /** @type {Uint8Array} */
    byName.ledger_root;
    this.validatorsHash = /** @type {Uint8Array} */
    byName.validators_hash;
  }
  /** Canonical encoding. */
  encode() {
    return pack([VERSION2, ...this.values]);
  }
  /** The block hash: tagged hash of the header encoding. */
  hash() {
    return taggedHash(HEADER_TAG, this.encode());
  }
  /** Fields by name, bytes as hex, as bundles carry them. */
  toJson() {
    return Object.fromEntries(HEADER_NAMES.map((name, i2) => {
      const value = this.values[i2];
      return [name, value instanceof Uint8Array ? bytesToHex(value) : value];
    }));
  }
  /**
   * Parse canonical Header bytes; throws DecodeError.
   * @param {Uint8Array} data
   */
  static decode(data) {
    const fields = expectArray(unpack(data, MAX_MESSAGE_BYTES), { name: "Header", version: VERSION2, fields: 13 });
    return new _Header(fields.slice(1));
  }
};
var Commit = class _Commit {
  /**
   * @param {unknown} height
   * @param {unknown} round
   * @param {unknown} blockHash
   * @param {CommitSignature[]} signatures
   */
  constructor(height, round, blockHash, signatures) {
    checkInt(height, "Commit.height", 1);
    checkInt(round, "Commit.round");
    checkBytes(blockHash, "Commit.block_hash", 32);
    const indices = signatures.map((s) => s.validatorIndex);
    if (!indices.length || indices.some((index, i2) => i2 > 0 && index <= indices[i2 - 1])) {
      throw new DecodeError("Commit.signatures must be non-empty, sorted by index, no repeats");
    }
    this.height = height;
    this.round = round;
    this.blockHash = blockHash;
    this.signatures = signatures;
  }
  /** Fields by name, bytes as hex. */
  toJson() {
    return {
      height: this.height,
      round: this.round,
      block_hash: bytesToHex(this.blockHash),
      signatures: this.signatures.map((s) => ({
        validator_index: s.validatorIndex,
        vote_signature: bytesToHex(s.voteSignature),
        checkpoint_signature: bytesToHex(s.checkpointSignature)
      }))
    };
  }
  /**
   * Parse canonical Commit bytes; throws DecodeError.
   * @param {Uint8Array} data
   */
  static decode(data) {
    const fields = expectArray(unpack(data, MAX_MESSAGE_BYTES), { name: "Commit", version: VERSION2, fields: 5 });
    if (!Array.isArray(fields[4])) throw new DecodeError("Commit.signatures must be an array");
    const signatures = fields[4].map((item) => {
      if (!Array.isArray(item) || item.length !== 3) {
        throw new DecodeError("each commit signature must be [index, vote_sig, checkpoint_sig]");
      }
      const [validatorIndex, voteSignature, checkpointSignature] = item;
      checkInt(validatorIndex, "CommitSignature.validator_index");
      checkBytes(voteSignature, "CommitSignature.vote_signature", 64);
      checkBytes(checkpointSignature, "CommitSignature.checkpoint_signature", 64);
      return { validatorIndex, voteSignature, checkpointSignature };
    });
    return new _Commit(fields[1], fields[2], fields[3], signatures);
  }
};
function precommitPayload(header, round, validatorIndex) {
  return pack([
    VERSION2,
    PRECOMMIT,
    header.chainId,
    header.height,
    round,
    header.hash(),
    validatorIndex,
    null,
    null
  ]);
}

// node/api/static/core/checkpoint.js
var ORIGIN_PREFIX = "cunzheng/";
var MAX_NOTE_BYTES = 64 * 1024;
var MAX_SIGNATURE_LINES = 100;
var SIGNATURE_LINE_PREFIX = "— ";
var TREE_SIZE = /^(?:0|[1-9][0-9]{0,18})$/;
var NOT_PRINTABLE = /[\p{C}\p{Z}]/u;
var CONTROL = /[\u0000-\u0009\u000b-\u001f]/;
function checkpointOrigin(chainId) {
  if (!isValidKeyName(chainId)) {
    throw new DecodeError(`chain id ${JSON.stringify(chainId)} must be non-empty, without spaces or "+"`);
  }
  return ORIGIN_PREFIX + chainId;
}
var Checkpoint = class _Checkpoint {
  /**
   * @param {string} origin
   * @param {number} treeSize
   * @param {Uint8Array} rootHash
   */
  constructor(origin, treeSize, rootHash) {
    if (!origin || NOT_PRINTABLE.test(origin.replaceAll(" ", ""))) {
      throw new DecodeError(`checkpoint origin must be a non-empty line of printable text, got ${JSON.stringify(origin)}`);
    }
    this.origin = origin;
    this.treeSize = treeSize;
    this.rootHash = rootHash;
  }
  /** The note text that validators sign. */
  body() {
    return `${this.origin}
${this.treeSize}
${bytesToBase64(this.rootHash)}
`;
  }
  /** @param {Checkpoint} other */
  equals(other) {
    return this.origin === other.origin && this.treeSize === other.treeSize && equalBytes(this.rootHash, other.rootHash);
  }
  /**
   * The checkpoint whose body() is exactly `text`; throws DecodeError.
   * @param {string} text
   */
  static parseBody(text) {
    if (!text.endsWith("\n")) throw new DecodeError("checkpoint body must end with a newline");
    const lines = text.slice(0, -1).split("\n");
    if (lines.length > 3) {
      throw new DecodeError(`checkpoint body has ${lines.length} lines; cunzheng checkpoints have exactly 3 (origin, size, root) and no extension lines`);
    }
    if (lines.length < 3) {
      throw new DecodeError(`checkpoint body has ${lines.length} lines, expected origin, size, root`);
    }
    const [origin, size, root] = lines;
    if (!TREE_SIZE.test(size)) {
      throw new DecodeError(`checkpoint tree size ${JSON.stringify(size)} is not a decimal number below 2^63 without leading zeroes`);
    }
    const treeSize = Number(size);
    if (!Number.isSafeInteger(treeSize)) {
      throw new DecodeError(`checkpoint tree size ${size} is beyond 2^53 - 1, the largest integer this verifier handles exactly`);
    }
    const rootHash = base64ToBytes(root);
    if (rootHash === null) throw new DecodeError(`checkpoint root hash is not canonical base64: ${JSON.stringify(root)}`);
    if (rootHash.length !== HASH_SIZE) {
      throw new DecodeError(`checkpoint root hash must be ${HASH_SIZE} bytes, got ${rootHash.length}`);
    }
    return new _Checkpoint(origin, treeSize, rootHash);
  }
};
function parseSignatureLine(line) {
  if (!line.startsWith(SIGNATURE_LINE_PREFIX) || !line.endsWith("\n")) {
    throw new DecodeError(`malformed signature line ${JSON.stringify(line)}: expected '— <name> <base64>'`);
  }
  const rest = line.slice(SIGNATURE_LINE_PREFIX.length, -1);
  const space = rest.indexOf(" ");
  const name = space < 0 ? rest : rest.slice(0, space);
  if (space < 0 || !isValidKeyName(name)) {
    throw new DecodeError(`malformed signature line ${JSON.stringify(line)}: bad or missing key name`);
  }
  const raw = base64ToBytes(rest.slice(space + 1));
  if (raw === null) throw new DecodeError(`signature of ${JSON.stringify(name)} is not canonical base64`);
  if (raw.length <= KEY_HASH_SIZE) {
    throw new DecodeError(`signature of ${JSON.stringify(name)} holds ${raw.length} bytes, expected over 4`);
  }
  return { name, keyHash: raw.slice(0, KEY_HASH_SIZE), signature: raw.slice(KEY_HASH_SIZE) };
}
var SignedCheckpoint = class _SignedCheckpoint {
  /**
   * @param {Checkpoint} checkpoint
   * @param {NoteSignature[]} signatures
   */
  constructor(checkpoint, signatures) {
    this.checkpoint = checkpoint;
    this.signatures = signatures;
  }
  /**
   * The signed checkpoint whose text is exactly `text`. Signatures are not checked here;
   * see verifiedSigners. Throws DecodeError for a note over 64 KiB, control characters
   * other than newline, no blank line before the signatures, no or over 100 signature
   * lines, a malformed signature line, or a body parseBody refuses.
   * @param {string} text
   */
  static parse(text) {
    if (!isWellFormed(text)) throw new DecodeError("signed note is not valid UTF-8 (a lone surrogate)");
    const size = utf8(text).length;
    if (size > MAX_NOTE_BYTES) throw new DecodeError(`signed note is over ${MAX_NOTE_BYTES} bytes, got ${size}`);
    if (CONTROL.test(text)) throw new DecodeError("signed note holds a control character other than newline");
    const split2 = text.lastIndexOf("\n\n");
    if (split2 < 0) throw new DecodeError("signed note has no blank line between body and signature lines");
    const body = text.slice(0, split2 + 1);
    const block = text.slice(split2 + 2);
    if (!block) throw new DecodeError("signed note has no signature lines after the blank line");
    if (!block.endsWith("\n")) {
      throw new DecodeError("signed note must end with a newline after the last signature line");
    }
    const count = block.split("\n").length - 1;
    if (count > MAX_SIGNATURE_LINES) {
      throw new DecodeError(`signed note has ${count} signature lines, the limit is ${MAX_SIGNATURE_LINES}`);
    }
    const checkpoint = Checkpoint.parseBody(body);
    const lines = block.slice(0, -1).split("\n").map((line) => parseSignatureLine(`${line}
`));
    return new _SignedCheckpoint(checkpoint, lines);
  }
};
function verifiedSigners(note, knownKeys) {
  const message = utf8(note.checkpoint.body());
  const signers = [];
  for (const line of note.signatures) {
    const publicKey = knownKeys.get(line.name);
    if (publicKey === void 0 || !equalBytes(keyHash(line.name, publicKey), line.keyHash)) continue;
    try {
      verifyMessageSignature(publicKey, message, line.signature);
    } catch (err3) {
      if (!(err3 instanceof SignatureError)) throw err3;
      throw new SignatureError(
        `checkpoint ${note.checkpoint.origin} size ${note.checkpoint.treeSize}: the line of known key ${line.name} (${bytesToHex(line.keyHash)}) does not verify; reject this note and fetch the checkpoint from another notary (${err3.message})`,
        "checkpoint_signature_invalid",
        { name: line.name }
      );
    }
    if (!signers.includes(line.name)) signers.push(line.name);
  }
  return signers;
}

// node/api/static/core/entry.js
var VERSION3 = 1;
var DIGEST_SIZES = (
  /** @type {Record<string, number>} */
  { sha256: 32, sm3: 32, sha512: 64 }
);
var MAX_KIND_LENGTH = 64;
var MAX_META_BYTES = 1024;
var MAX_ENTRY_BYTES = 2048;
var JSON_FIELDS = ["digest", "alg", "kind", "meta", "client_time_ms", "submitter", "signature"];
var Entry = class _Entry {
  /**
   * Every field's check, in ledger/entry.py's order; throws DecodeError naming the first
   * that fails.
   * @param {unknown} digest
   * @param {unknown} alg
   * @param {unknown} kind
   * @param {unknown} meta
   * @param {unknown} clientTimeMs
   * @param {unknown} submitter
   * @param {unknown} signature
   */
  constructor(digest, alg, kind, meta, clientTimeMs, submitter, signature) {
    if (typeof alg !== "string" || !Object.hasOwn(DIGEST_SIZES, alg)) {
      throw new DecodeError(`unknown digest alg ${JSON.stringify(alg) ?? typeName(alg)}; supported: ${Object.keys(DIGEST_SIZES).sort().join(", ")}`);
    }
    checkBytes(digest, "digest", DIGEST_SIZES[alg]);
    checkStr(kind, "kind", MAX_KIND_LENGTH);
    const checkedMeta = checkMeta(meta);
    checkOptionalInt(clientTimeMs, "client_time_ms");
    checkOptionalBytes(submitter, "submitter", 32);
    checkOptionalBytes(signature, "signature", 64);
    if (submitter === null !== (signature === null)) {
      throw new DecodeError("submitter and signature must be given together or not at all");
    }
    this.digest = digest;
    this.alg = alg;
    this.kind = kind;
    this.meta = checkedMeta;
    this.clientTimeMs = clientTimeMs;
    this.submitter = submitter;
    this.signature = signature;
  }
  /**
   * @param {Uint8Array | null} submitter
   * @param {Uint8Array | null} signature
   */
  fields(submitter, signature) {
    return [
      VERSION3,
      this.digest,
      this.alg,
      this.kind,
      this.meta,
      this.clientTimeMs,
      submitter,
      signature
    ];
  }
  /** The canonical encoding: the leaf bytes of the ledger's Merkle tree. */
  encode() {
    return pack(this.fields(this.submitter, this.signature));
  }
  /** RFC 9162 leaf hash of the encoding; its hex is the entry id. */
  leafHash() {
    return leafHash(this.encode());
  }
  /**
   * Throw SignatureError if the entry is signed and the submitter's signature (over the
   * encoding with signature nil) does not verify.
   */
  verifySubmitterSignature() {
    if (this.submitter !== null && this.signature !== null) {
      verifySignature(
        this.submitter,
        ENTRY_SIGNATURE_TAG,
        pack(this.fields(this.submitter, null)),
        this.signature
      );
    }
  }
  /** The JSON form of the HTTP API and of bundles: hex for bytes, every field present. */
  toJson() {
    return {
      digest: bytesToHex(this.digest),
      alg: this.alg,
      kind: this.kind,
      meta: Object.fromEntries(this.meta),
      client_time_ms: this.clientTimeMs,
      submitter: this.submitter === null ? null : bytesToHex(this.submitter),
      signature: this.signature === null ? null : bytesToHex(this.signature)
    };
  }
  /**
   * Parse canonical Entry bytes; throws DecodeError for anything else.
   * @param {Uint8Array} data
   */
  static decode(data) {
    const fields = expectArray(unpack(data, MAX_ENTRY_BYTES), { name: "Entry", version: VERSION3, fields: 8 });
    const [, digest, alg, kind, meta, clientTimeMs, submitter, signature] = fields;
    return new _Entry(digest, alg, kind, meta, clientTimeMs, submitter, signature);
  }
  /**
   * Parse the JSON form (a manifest's entry): only `digest` is required, unknown fields are
   * refused; throws DecodeError.
   * @param {unknown} obj
   */
  static fromJson(obj) {
    checkFields(obj, "entry", JSON_FIELDS, ["digest"]);
    const alg = Object.hasOwn(obj, "alg") ? obj.alg : "sha256";
    if (typeof alg !== "string" || !Object.hasOwn(DIGEST_SIZES, alg)) {
      throw new DecodeError(`unknown digest alg ${JSON.stringify(alg) ?? typeName(alg)}; supported: ${Object.keys(DIGEST_SIZES).sort().join(", ")}`);
    }
    const digest = checkHex(obj.digest, "digest", DIGEST_SIZES[alg]);
    const optional = (name, fallback) => Object.hasOwn(obj, name) ? obj[name] : fallback;
    const submitter = optional("submitter", null);
    const signature = optional("signature", null);
    const meta = optional("meta", {});
    return new _Entry(
      digest,
      alg,
      optional("kind", ""),
      isJsonObject(meta) ? new Map(Object.entries(meta)) : meta,
      optional("client_time_ms", null),
      submitter === null ? null : checkHex(submitter, "submitter", 32),
      signature === null ? null : checkHex(signature, "signature", 64)
    );
  }
};
function checkMeta(meta) {
  if (!(meta instanceof Map)) {
    throw new DecodeError(`meta must be a map of strings, got ${typeName(meta)}`);
  }
  for (const [key, value] of meta) {
    if (typeof key !== "string" || typeof value !== "string") {
      throw new DecodeError("meta keys and values must all be strings");
    }
  }
  const size = meta.size ? pack(meta).length : 1;
  if (size > MAX_META_BYTES) {
    throw new DecodeError(`meta is ${size} bytes encoded, the limit is ${MAX_META_BYTES}`);
  }
  return (
    /** @type {Map<string, string>} */
    meta
  );
}

// node/api/static/core/existence-time.js
var DEFAULT_PRECISION_MS = 500;
var DEFAULT_MESSAGE_DELAY_MS = 2e3;
var MAX_GROWTH_ROUND = 350;
var LATEST_TIME_MS = 253402300799999n;
function messageDelayMs(messageDelay, round) {
  if (messageDelay < 0 || round < 0) {
    throw new DecodeError(`message_delay_ms and the round must be >= 0, got ${messageDelay} and ${round}; a genesis with a negative timing parameter names no chain that can run`);
  }
  const exponent = BigInt(Math.min(round, MAX_GROWTH_ROUND));
  const grown = BigInt(messageDelay) * 11n ** exponent / 10n ** exponent;
  return grown < LATEST_TIME_MS ? grown : LATEST_TIME_MS;
}
function noLaterThanMs(timeMs, commitRound, params) {
  const precision = params.get("precision_ms") ?? DEFAULT_PRECISION_MS;
  const messageDelay = params.get("message_delay_ms") ?? DEFAULT_MESSAGE_DELAY_MS;
  if (precision < 0) {
    throw new DecodeError(`precision_ms must be >= 0, got ${precision}; a genesis with a negative timing parameter names no chain that can run`);
  }
  const margin = messageDelayMs(messageDelay, commitRound) + BigInt(precision) + BigInt(Math.ceil(precision / 2));
  const stated = BigInt(timeMs) + margin;
  return Number(stated < LATEST_TIME_MS ? stated : LATEST_TIME_MS);
}

// node/api/static/core/finality.js
function checkpointOf(header) {
  return new Checkpoint(checkpointOrigin(header.chainId), header.ledgerSize, header.ledgerRoot);
}
function verifyCommit(commit, header, validators) {
  if (!equalBytes(validators.hash(), header.validatorsHash)) {
    throw new ChainBroken(`block ${header.height} names validator set ${bytesToHex(header.validatorsHash).slice(0, 16)}, checked against ${bytesToHex(validators.hash()).slice(0, 16)}`, "validators_hash_mismatch");
  }
  const blockHash = header.hash();
  if (commit.height !== header.height || !equalBytes(commit.blockHash, blockHash)) {
    throw new ChainBroken(`commit is for height ${commit.height} block ${bytesToHex(commit.blockHash).slice(0, 16)}, expected height ${header.height} block ${bytesToHex(blockHash).slice(0, 16)}`, "commit_mismatch", { height: header.height });
  }
  const checkpointBody = utf8(checkpointOf(header).body());
  let power = 0;
  for (const item of commit.signatures) {
    const validator = validators.validators[item.validatorIndex];
    if (validator === void 0) {
      throw new ChainBroken(
        `commit names validator index ${item.validatorIndex}, not in set`,
        "commit_malformed",
        { detail: `validator index ${item.validatorIndex}` }
      );
    }
    try {
      verifySignature(
        validator.publicKey,
        VOTE_SIGNATURE_TAG,
        precommitPayload(header, commit.round, item.validatorIndex),
        item.voteSignature
      );
      verifyMessageSignature(validator.publicKey, checkpointBody, item.checkpointSignature);
    } catch (err3) {
      if (!(err3 instanceof SignatureError)) throw err3;
      throw new SignatureError(
        `commit for height ${header.height}: signature of validator ${validator.name} does not verify (${err3.message})`,
        "commit_signature_invalid",
        { name: validator.name }
      );
    }
    power += validator.power;
  }
  if (!validators.isQuorum(power)) {
    throw new ChainBroken(
      `commit for height ${header.height} holds power ${power} of ${validators.totalPower}; more than 2/3 is needed`,
      "commit_not_quorum",
      { power, total: validators.totalPower }
    );
  }
}

// node/api/static/core/governance.js
var KIND = "governance";
var ACTIONS = ["add", "remove", "power", "rotate"];
var MAX_DELAY = 1e6;
var VERSION4 = 1;
var SIGNATURE_ITEM = 1 + 64;
var META_KEYS = ["change", "chain", "height", "from", "name", "key", "power", "signatures"];
var DECIMAL = /^(?:0|[1-9][0-9]*)$/;
var PADDED_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
var Change = class {
  /**
   * @param {unknown} chainId
   * @param {unknown} effectiveHeight
   * @param {unknown} validatorsHash
   * @param {unknown} action
   * @param {unknown} name
   * @param {unknown} publicKey
   * @param {unknown} power
   */
  constructor(chainId, effectiveHeight, validatorsHash, action, name, publicKey, power) {
    checkStr(chainId, "chain", 64);
    checkInt(effectiveHeight, "height", 2);
    checkBytes(validatorsHash, "from", 32);
    if (typeof action !== "string" || !ACTIONS.includes(action)) {
      throw new DecodeError(`change ${JSON.stringify(action)} is not one of ${ACTIONS.join(", ")}`);
    }
    checkStr(name, "name", 64);
    checkBytes(publicKey, "key", 32);
    checkInt(power, "power", action === "add" || action === "power" ? 1 : 0);
    if ((action === "remove" || action === "rotate") && power !== 0) {
      throw new DecodeError(`a ${action} change carries no power`);
    }
    this.chainId = chainId;
    this.effectiveHeight = effectiveHeight;
    this.validatorsHash = validatorsHash;
    this.action = action;
    this.name = name;
    this.publicKey = publicKey;
    this.power = power;
  }
  /** What each validator signs (with the governance tag). */
  payload() {
    return pack([
      VERSION4,
      this.chainId,
      this.effectiveHeight,
      this.validatorsHash,
      this.action,
      this.name,
      this.publicKey,
      this.power
    ]);
  }
  /**
   * The set after this change; throws GovernanceError if it cannot apply to `validators`
   * (DecodeError for a name that is no key name).
   * @param {ValidatorSet} validators
   */
  apply(validators) {
    const members = new Map(validators.validators.map((v) => [v.name, v]));
    const current = members.get(this.name);
    if (this.action === "add") {
      if (current !== void 0) throw new GovernanceError(`notary ${this.name} is already a validator`);
      members.set(this.name, new Validator(this.name, this.publicKey, this.power));
    } else if (current === void 0) {
      throw new GovernanceError(`notary ${this.name} is not a validator`);
    } else if (this.action === "rotate") {
      members.set(this.name, new Validator(this.name, this.publicKey, current.power));
    } else if (!equalBytes(current.publicKey, this.publicKey)) {
      throw new GovernanceError(`notary ${this.name} has another key than the change names`);
    } else if (this.action === "remove") {
      members.delete(this.name);
    } else {
      members.set(this.name, new Validator(this.name, current.publicKey, this.power));
    }
    try {
      return ValidatorSet.of([...members.values()]);
    } catch (err3) {
      if (!(err3 instanceof DecodeError)) throw err3;
      throw new GovernanceError(`the change leaves no valid validator set: ${err3.message}`);
    }
  }
};
function proposalOf(entry) {
  if (entry.kind !== KIND) throw new GovernanceError(`entry kind is ${JSON.stringify(entry.kind)}, not "${KIND}"`);
  const { meta } = entry;
  const missing = META_KEYS.filter((key) => key !== "power" && !meta.has(key));
  const unknown = [...meta.keys()].filter((key) => !META_KEYS.includes(key));
  if (missing.length || unknown.length) {
    throw new GovernanceError(`governance meta lacks [${missing.sort()}] or has unknown keys [${unknown.sort()}]`);
  }
  const text = (key) => (
    /** @type {string} */
    meta.get(key)
  );
  let change;
  let packed;
  try {
    change = new Change(
      text("chain"),
      decimal(text("height"), "height"),
      fromHex(text("from")),
      text("change"),
      text("name"),
      fromHex(text("key")),
      decimal(meta.get("power") ?? "0", "power")
    );
    packed = paddedBase64(text("signatures"));
  } catch (err3) {
    if (!(err3 instanceof DecodeError)) throw err3;
    throw new GovernanceError(`governance meta is malformed: ${err3.message}`);
  }
  if (entry.alg !== "sha256" || !equalBytes(entry.digest, sha256Of(change.payload()))) {
    throw new GovernanceError("the entry digest is not SHA-256 of the change it states");
  }
  if (packed.length % SIGNATURE_ITEM) {
    throw new GovernanceError("governance signatures are not (index, signature) pairs");
  }
  const signatures = /* @__PURE__ */ new Map();
  for (let at = 0; at < packed.length; at += SIGNATURE_ITEM) {
    const index = packed[at];
    if (signatures.size && index <= Math.max(...signatures.keys())) {
      throw new GovernanceError("governance signatures must be sorted by index, once each");
    }
    signatures.set(index, packed.slice(at + 1, at + SIGNATURE_ITEM));
  }
  return { change, signatures };
}
function decimal(text, name) {
  if (!DECIMAL.test(text)) throw new DecodeError(`${name} must be a decimal number without leading zeros`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new DecodeError(`${name} is beyond 2^53 - 1, the largest integer this verifier handles exactly`);
  }
  return value;
}
function fromHex(digits2) {
  const pairs = [];
  let at = 0;
  while (at < digits2.length) {
    if (/[ \t\n\r\f\v]/.test(digits2[at])) {
      at += 1;
      continue;
    }
    const pair = digits2.slice(at, at + 2);
    if (!/^[0-9a-fA-F]{2}$/.test(pair)) {
      throw new DecodeError(`non-hexadecimal number found in fromhex() arg at position ${at}`);
    }
    pairs.push(parseInt(pair, 16));
    at += 2;
  }
  return Uint8Array.from(pairs);
}
function paddedBase64(text) {
  if (!PADDED_BASE64.test(text) || text.length % 4 !== 0) {
    throw new DecodeError("signatures are not padded base64");
  }
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
var ValidatorHistory = class _ValidatorHistory {
  /**
   * @param {string} chainId
   * @param {Epoch[]} epochs
   */
  constructor(chainId, epochs) {
    this.chainId = chainId;
    this.epochs = epochs;
  }
  /**
   * The set that signs the block at `height` (as scheduled so far).
   * @param {number} height
   */
  at(height) {
    for (let i2 = this.epochs.length - 1; i2 >= 0; i2--) {
      if (this.epochs[i2].since <= height) return this.epochs[i2].validators;
    }
    return this.epochs[0].validators;
  }
  /**
   * The history once governance `entry`, committed in block `height`, takes effect; throws
   * GovernanceError (or DecodeError) saying why it does not.
   * @param {number} height
   * @param {Entry} entry
   */
  withChange(height, entry) {
    const { change, signatures } = proposalOf(entry);
    const latest = this.epochs[this.epochs.length - 1];
    if (change.chainId !== this.chainId) {
      throw new GovernanceError(`the change is for chain ${JSON.stringify(change.chainId)}`);
    }
    if (latest.since > height) {
      throw new GovernanceError(`a change taking effect at height ${latest.since} is pending`);
    }
    const current = latest.validators;
    if (!equalBytes(change.validatorsHash, current.hash())) {
      throw new GovernanceError("the change names another validator set than the one in force");
    }
    if (!(height + 2 <= change.effectiveHeight && change.effectiveHeight <= height + MAX_DELAY)) {
      throw new GovernanceError(`effective height ${change.effectiveHeight} is not between ${height + 2} and ${height + MAX_DELAY} for a change committed at height ${height}`);
    }
    const power = signingPower(change, signatures, current);
    if (!current.isQuorum(power)) {
      throw new GovernanceError(`the change is signed by power ${power} of ${current.totalPower}; more than 2/3 is needed`);
    }
    const epoch = { since: change.effectiveHeight, validators: change.apply(current) };
    return new _ValidatorHistory(this.chainId, [...this.epochs, epoch]);
  }
};
function signingPower(change, signatures, validators) {
  const message = new Uint8Array([...utf8(GOVERNANCE_SIGNATURE_TAG), 0, ...change.payload()]);
  let power = 0;
  for (const [index, signature] of signatures) {
    const member = validators.validators[index];
    if (member === void 0) throw new GovernanceError(`signature of validator index ${index}, not in the set`);
    if (!isValidEd25519(member.publicKey, message, signature)) {
      throw new GovernanceError(`the signature of notary ${member.name} does not verify`);
    }
    power += member.power;
  }
  return power;
}
function replayChanges(chainId, genesisSet, changes) {
  let history = new ValidatorHistory(chainId, [{ since: 1, validators: genesisSet }]);
  for (const [height, data] of changes) history = history.withChange(height, Entry.decode(data));
  return history;
}

// node/api/static/core/merkle.js
function rootFromLeaves(leafHashes) {
  if (!leafHashes.length) return EMPTY_ROOT;
  let level = leafHashes;
  while (level.length > 1) {
    const parents = [];
    for (let i2 = 0; i2 + 1 < level.length; i2 += 2) parents.push(nodeHash(level[i2], level[i2 + 1]));
    if (level.length % 2) parents.push(level[level.length - 1]);
    level = parents;
  }
  return level[0];
}
function rootFromInclusionProof(leafIndex, treeSize, leafHash2, inclusionPath) {
  checkLeafIndex(leafIndex, treeSize);
  checkHash("leaf_hash", leafHash2);
  checkPath("inclusion_path", inclusionPath);
  const index = BigInt(leafIndex);
  const [inner, border] = innerAndBorder(index, BigInt(treeSize));
  if (inclusionPath.length !== inner + border) {
    throw new ProofError(`inclusion_path for leaf_index=${leafIndex}, tree_size=${treeSize}: expected ${inner + border} hashes, got ${inclusionPath.length}`);
  }
  const root = chainInner(leafHash2, inclusionPath.slice(0, inner), index);
  return chainBorder(root, inclusionPath.slice(inner));
}
function verifyInclusion(leafIndex, treeSize, leafHash2, inclusionPath, rootHash) {
  checkHash("root_hash", rootHash);
  const computed = rootFromInclusionProof(leafIndex, treeSize, leafHash2, inclusionPath);
  if (!equalBytes(computed, rootHash)) throw rootMismatch(treeSize, rootHash, computed);
}
function verifyConsistency(first, second, firstRoot, secondRoot, consistencyPath) {
  if (!(first >= 0 && first <= second)) {
    throw new ProofError(`consistency needs 0 <= first <= second, got first=${first}, second=${second}; a tree cannot shrink`);
  }
  checkHash("first_root", firstRoot);
  checkHash("second_root", secondRoot);
  checkPath("consistency_path", consistencyPath);
  if (first === 0 || first === second) {
    if (consistencyPath.length) {
      throw new ProofError(`consistency_path from first=${first} to second=${second}: expected 0 hashes, got ${consistencyPath.length}`);
    }
    if (first === 0 && !equalBytes(firstRoot, EMPTY_ROOT)) throw rootMismatch(0, firstRoot, EMPTY_ROOT);
    if (first === second && !equalBytes(secondRoot, firstRoot)) {
      throw rootMismatch(second, secondRoot, firstRoot);
    }
    return;
  }
  const [computedFirst, computedSecond] = rootsFromConsistencyProof(
    BigInt(first),
    BigInt(second),
    firstRoot,
    consistencyPath
  );
  if (!equalBytes(computedFirst, firstRoot)) throw rootMismatch(first, firstRoot, computedFirst);
  if (!equalBytes(computedSecond, secondRoot)) throw rootMismatch(second, secondRoot, computedSecond);
}
function rootsFromConsistencyProof(first, second, firstRoot, consistencyPath) {
  const [fullInner, border] = innerAndBorder(first - 1n, second);
  const shift = bitLength(first & -first) - 1;
  const inner = fullInner - shift;
  const seeded = first === 1n << BigInt(shift);
  const expected = inner + border + (seeded ? 0 : 1);
  if (consistencyPath.length !== expected) {
    throw new ProofError(`consistency_path from first=${first} to second=${second}: expected ${expected} hashes, got ${consistencyPath.length}`);
  }
  const seed = seeded ? firstRoot : consistencyPath[0];
  const path = seeded ? consistencyPath : consistencyPath.slice(1);
  const mask = first - 1n >> BigInt(shift);
  const innerPath = path.slice(0, inner);
  const borderPath = path.slice(inner);
  return [
    chainBorder(chainInner(seed, innerPath, mask, true), borderPath),
    chainBorder(chainInner(seed, innerPath, mask, false), borderPath)
  ];
}
function innerAndBorder(leafIndex, treeSize) {
  const inner = bitLength(leafIndex ^ treeSize - 1n);
  let rest = leafIndex >> BigInt(inner);
  let border = 0;
  for (; rest > 0n; rest >>= 1n) border += Number(rest & 1n);
  return [inner, border];
}
function bitLength(n) {
  return n === 0n ? 0 : n.toString(2).length;
}
function chainInner(seed, path, index, leftOnly = false) {
  let hash = seed;
  path.forEach((sibling, level) => {
    if (index >> BigInt(level) & 1n) hash = nodeHash(sibling, hash);
    else if (!leftOnly) hash = nodeHash(hash, sibling);
  });
  return hash;
}
function chainBorder(seed, path) {
  return path.reduce((hash, sibling) => nodeHash(sibling, hash), seed);
}
function rootMismatch(treeSize, expected, computed) {
  return new ProofError(
    `proof for tree_size=${treeSize} yields root ${bytesToHex(computed).slice(0, 16)}, the signed root is ${bytesToHex(expected).slice(0, 16)}; fetch the proof again from another notary before trusting it`,
    "root_mismatch",
    { computed: bytesToHex(computed), expected: bytesToHex(expected) }
  );
}
function checkLeafIndex(leafIndex, treeSize) {
  if (!(leafIndex >= 0 && leafIndex < treeSize)) {
    throw new ProofError(`leaf_index ${leafIndex} is outside a tree of tree_size ${treeSize}; it must satisfy 0 <= leaf_index < tree_size`);
  }
}
function checkHash(name, value) {
  if (value.length !== HASH_SIZE) throw new ProofError(`${name} must be ${HASH_SIZE} bytes, got ${value.length}`);
}
function checkPath(name, path) {
  path.forEach((value, position) => checkHash(`${name}[${position}]`, value));
}

// node/api/static/core/bundle.js
var BUNDLE_VERSION = 2;
var LEGACY_BUNDLE_VERSION = 1;
var BUNDLE_FIELDS = [
  "version",
  "hash_alg",
  "chain",
  "entry",
  "id",
  "leaf",
  "leaf_index",
  "header",
  "header_bytes",
  "commit",
  "commit_bytes",
  "inclusion",
  "checkpoint",
  "consistency",
  "timestamp_token"
];
var OPTIONAL_FIELDS = ["consistency", "timestamp_token"];
var CHAIN_FIELDS = /* @__PURE__ */ new Map([
  [BUNDLE_VERSION, ["genesis", "validators", "governance"]],
  [LEGACY_BUNDLE_VERSION, ["chain_id", "genesis_hash", "validators", "governance"]]
]);
var CONSISTENCY_FIELDS = ["tree_size_1", "tree_size_2", "hashes", "checkpoint"];
function partsOf(bundle) {
  checkFields(bundle, "bundle", BUNDLE_FIELDS, BUNDLE_FIELDS.filter((f) => !OPTIONAL_FIELDS.includes(f)));
  const { version } = bundle;
  const chainFields = typeof version === "number" ? CHAIN_FIELDS.get(version) : void 0;
  if (typeof version !== "number" || chainFields === void 0 || bundle.hash_alg !== "sha256") {
    throw new DecodeError(
      `bundle version ${JSON.stringify(version) ?? typeName(version)} with hash_alg ${JSON.stringify(bundle.hash_alg) ?? typeName(bundle.hash_alg)} is not supported by this verifier; use a newer page`,
      "bundle_unsupported",
      { version: String(version), hashAlg: String(bundle.hash_alg) }
    );
  }
  const leaf = checkHex(bundle.leaf, "leaf");
  const entry = Entry.decode(leaf);
  const entryId = leafHash(leaf);
  if (!jsonEqual(bundle.entry, entry.toJson())) {
    throw new DecodeError("the bundle's entry fields differ from its leaf bytes");
  }
  if (bundle.id !== bytesToHex(entryId)) {
    throw new DecodeError(`bundle id ${JSON.stringify(bundle.id)} is not the leaf hash ${bytesToHex(entryId)}`);
  }
  entry.verifySubmitterSignature();
  const header = Header.decode(checkHex(bundle.header_bytes, "header_bytes"));
  const commit = Commit.decode(checkHex(bundle.commit_bytes, "commit_bytes"));
  if (!jsonEqual(bundle.header, header.toJson()) || !jsonEqual(bundle.commit, commit.toJson())) {
    throw new DecodeError("the header or commit fields differ from the signed bytes");
  }
  checkInt(bundle.leaf_index, "leaf_index");
  if (typeof bundle.checkpoint !== "string") throw new DecodeError("checkpoint must be the signed note text");
  const token = Object.hasOwn(bundle, "timestamp_token") ? bundle.timestamp_token : null;
  if (token !== null) checkHex(token, "timestamp_token");
  const { chain } = bundle;
  checkFields(chain, "chain", chainFields, chainFields);
  const { genesis, chainId, genesisHash } = genesisOf(chain);
  return {
    version,
    entry,
    entryId,
    leafIndex: bundle.leaf_index,
    header,
    commit,
    chainId,
    genesisHash,
    genesis,
    validators: ValidatorSet.fromJson(chain.validators),
    governance: governanceOf(chain.governance),
    inclusion: inclusionOf(bundle.inclusion),
    checkpoint: bundle.checkpoint,
    consistency: consistencyOf(Object.hasOwn(bundle, "consistency") ? bundle.consistency : null),
    hasTimestampToken: token !== null
  };
}
function genesisOf(chain) {
  if (Object.hasOwn(chain, "genesis")) {
    const genesis = Genesis.fromJson(chain.genesis);
    return { genesis, chainId: genesis.chainId, genesisHash: genesis.hash() };
  }
  checkStr(chain.chain_id, "chain_id", 64);
  return { genesis: null, chainId: chain.chain_id, genesisHash: checkHex(chain.genesis_hash, "genesis_hash", 32) };
}
function inclusionOf(inclusion) {
  checkFields(inclusion, "inclusion", ["tree_size", "root_hash", "hashes"], ["tree_size", "root_hash", "hashes"]);
  checkInt(inclusion.tree_size, "inclusion tree_size");
  const rootHash = checkHex(inclusion.root_hash, "root_hash", 32);
  return { treeSize: inclusion.tree_size, rootHash, hashes: hashesOf(inclusion.hashes, "inclusion") };
}
function consistencyOf(part) {
  if (part === null) return null;
  checkFields(part, "consistency", CONSISTENCY_FIELDS, CONSISTENCY_FIELDS);
  checkInt(part.tree_size_1, "consistency tree_size_1");
  checkInt(part.tree_size_2, "consistency tree_size_2");
  if (typeof part.checkpoint !== "string") throw new DecodeError("consistency checkpoint must be the signed note text");
  const hashes = hashesOf(part.hashes, "consistency");
  return { treeSize1: part.tree_size_1, treeSize2: part.tree_size_2, hashes, checkpoint: part.checkpoint };
}
function hashesOf(items, name) {
  if (!Array.isArray(items)) throw new DecodeError(`${name} hashes must be a list of hex strings`);
  return items.map((item) => checkHex(item, `${name} hash`, 32));
}
function governanceOf(items) {
  if (!Array.isArray(items)) throw new DecodeError("chain governance must be a list");
  return items.map((item) => {
    checkFields(item, "governance entry", ["height", "leaf"], ["height", "leaf"]);
    checkInt(item.height, "governance height", 1);
    return [item.height, checkHex(item.leaf, "governance leaf")];
  });
}
function verifyBundle(bundle, { genesis = null, trustedVkeys = [] } = {}) {
  const parts = withReason("malformed_bundle", () => partsOf(bundle));
  const { header } = parts;
  const { validators, newest, changes } = chainOf(parts, genesis);
  withReason("commit_invalid", () => verifyCommit(parts.commit, header, validators));
  withReason("inclusion_invalid", () => verifyBundleInclusion(parts));
  const signers = withReason("checkpoint_invalid", () => quorumSigners(checkpointNote(parts.checkpoint, header), validators));
  const later = withReason("consistency_invalid", () => verifyLater(parts.consistency, header, newest));
  withReason("untrusted_quorum", () => {
    const quorums = later === null ? [signers] : [signers, later.signers];
    for (const quorum of trustedVkeys.length ? quorums : []) requireTrustedQuorum(quorum, validators, trustedVkeys);
  });
  const params = (genesis ?? parts.genesis)?.params ?? /* @__PURE__ */ new Map();
  const stated = withReason("malformed_bundle", () => noLaterThanMs(header.timeMs, parts.commit.round, params));
  return {
    entry: parts.entry,
    entryId: parts.entryId,
    leafIndex: parts.leafIndex,
    header,
    signers,
    validators,
    genesisHash: (genesis ?? parts.genesis)?.hash() ?? null,
    trusted: genesis !== null || trustedVkeys.length > 0,
    noLaterThanMs: stated,
    consistentTreeSize: later === null ? null : later.treeSize,
    consistentSigners: later === null ? [] : later.signers,
    governanceChanges: changes,
    hasTimestampToken: parts.hasTimestampToken
  };
}
function chainOf(parts, genesis) {
  const { header } = parts;
  withReason("wrong_chain", () => verifyChainId(parts, genesis));
  const { validators } = parts;
  let newest = validators;
  let changes = 0;
  if (genesis !== null) {
    withReason("wrong_genesis", () => {
      if (!equalBytes(genesis.hash(), parts.genesisHash)) {
        throw new ChainBroken(`the bundle's genesis hash is ${bytesToHex(parts.genesisHash)}, the trusted genesis of chain ${JSON.stringify(genesis.chainId)} is ${bytesToHex(genesis.hash())}: another founding of a chain of that name`, "genesis_mismatch");
      }
    });
  }
  const founding = genesis ?? parts.genesis;
  if (founding !== null) {
    const history = withReason("governance_invalid", () => replayChanges(founding.chainId, founding.validatorSet, parts.governance));
    newest = history.epochs[history.epochs.length - 1].validators;
    changes = history.epochs.slice(1).filter((epoch) => epoch.since <= header.height).length;
    withReason("validators_mismatch", () => {
      if (!validators.equals(history.at(header.height))) {
        throw new ChainBroken(`the bundle's validator set is not the one its genesis and governance entries put in force at height ${header.height}`, "validators_not_in_force");
      }
    });
  }
  withReason("validators_mismatch", () => {
    if (!equalBytes(validators.hash(), header.validatorsHash)) {
      throw new ChainBroken(
        `the bundle's validator set hashes to ${bytesToHex(validators.hash()).slice(0, 16)}, block ${header.height} names set ${bytesToHex(header.validatorsHash).slice(0, 16)}`,
        "validators_hash_mismatch",
        { computed: bytesToHex(validators.hash()), header: bytesToHex(header.validatorsHash) }
      );
    }
  });
  return { validators, newest, changes };
}
function verifyChainId(parts, genesis) {
  const carried = parts.genesis === null ? "the bundle's chain" : "the genesis it carries";
  const named = [[carried, parts.chainId], ["its block header", parts.header.chainId]];
  if (genesis !== null) named.push(["the trusted genesis", genesis.chainId]);
  if (new Set(named.map(([, id]) => id)).size > 1) {
    const listed = named.map(([where, id]) => `${where} ${JSON.stringify(id)}`).join(", ");
    throw new ChainBroken(
      `the chain ids differ: ${listed}; the record is of another ledger`,
      "chain_mismatch",
      { header: parts.header.chainId, bundle: parts.chainId }
    );
  }
}
function verifyBundleInclusion({ header, inclusion, leafIndex, entryId }) {
  if (!(header.ledgerSize - header.entriesCount <= leafIndex && leafIndex < header.ledgerSize)) {
    throw new ProofError(
      `leaf_index ${leafIndex} is not in block ${header.height}`,
      "leaf_not_in_block",
      { leafIndex, height: header.height }
    );
  }
  if (inclusion.treeSize !== header.ledgerSize) {
    throw new ProofError(`inclusion tree_size ${inclusion.treeSize} is not block ${header.height}'s ledger size ${header.ledgerSize}`, "inclusion_not_for_header", { height: header.height });
  }
  if (!equalBytes(inclusion.rootHash, header.ledgerRoot)) {
    throw new ProofError(
      "inclusion root_hash is not the signed header's ledger root",
      "inclusion_not_for_header",
      { height: header.height }
    );
  }
  try {
    verifyInclusion(leafIndex, header.ledgerSize, entryId, inclusion.hashes, header.ledgerRoot);
  } catch (err3) {
    if (!(err3 instanceof ProofError)) throw err3;
    throw new ProofError(err3.message, "inclusion_failed", {
      computed: String(err3.params.computed ?? "—"),
      expected: bytesToHex(header.ledgerRoot)
    });
  }
}
function checkpointNote(text, header) {
  const note = SignedCheckpoint.parse(text);
  const expected = checkpointOf(header);
  if (!note.checkpoint.equals(expected)) {
    throw new ChainBroken(
      "checkpoint body is not the signed header's ledger size and root",
      "checkpoint_body_mismatch",
      { expected: expected.body(), got: note.checkpoint.body() }
    );
  }
  return note;
}
function verifyLater(part, header, validators) {
  if (part === null) return null;
  const { treeSize1: first, treeSize2: second } = part;
  if (first !== header.ledgerSize) {
    throw new ProofError(`consistency tree_size_1 ${first} is not the bundle's tree size ${header.ledgerSize}`);
  }
  const later = SignedCheckpoint.parse(part.checkpoint);
  const origin = checkpointOrigin(header.chainId);
  if (later.checkpoint.origin !== origin || later.checkpoint.treeSize !== second) {
    throw new ChainBroken(`the later checkpoint is for ${later.checkpoint.origin} size ${later.checkpoint.treeSize}, expected ${origin} size ${second}`);
  }
  let signers;
  try {
    signers = quorumSigners(later, validators);
  } catch (err3) {
    if (!(err3 instanceof SignatureError)) throw err3;
    throw new SignatureError(`the later checkpoint of the consistency proof: ${err3.message}`, err3.code, err3.params);
  }
  verifyConsistency(first, second, header.ledgerRoot, later.checkpoint.rootHash, part.hashes);
  return { treeSize: second, signers };
}
function quorumSigners(note, validators) {
  const known = new Map(validators.validators.map((v) => [v.name, v.publicKey]));
  const signed = new Set(verifiedSigners(note, known));
  const members = validators.validators.filter((v) => signed.has(v.name));
  const power = members.reduce((sum, v) => sum + v.power, 0);
  if (!validators.isQuorum(power)) {
    throw new SignatureError(`checkpoint is signed by ${signed.size} validators with power ${power} of ${validators.totalPower}; more than 2/3 is needed`, "not_enough_signatures", {
      k: members.length,
      n: validators.validators.length,
      power,
      total: validators.totalPower,
      names: members.map((v) => v.name).join(", ")
    });
  }
  return members.map((v) => v.name);
}
function requireTrustedQuorum(signers, validators, trustedVkeys) {
  const trusted = trustedVkeys.map(parseVkey);
  const power = validators.validators.filter((v) => signers.includes(v.name) && trusted.some(([name, key]) => name === v.name && equalBytes(key, v.publicKey))).reduce((sum, v) => sum + v.power, 0);
  if (!validators.isQuorum(power)) {
    throw new SignatureError(`trusted keys signed with power ${power} of ${validators.totalPower}; more than 2/3 of the consortium's power must come from keys you trust`);
  }
}
function looksLikeBundle(value) {
  return isJsonObject(value) && "leaf" in value && "inclusion" in value && "checkpoint" in value;
}

// node/api/static/core/package.js
var PackageFilesDiffer = class extends LedgerError {
  /** @param {FileStatus[]} files */
  constructor(files) {
    const differing = files.filter((f) => f.status !== "unchanged");
    super(
      `the folder is not the package as sealed: ${differing.map((f) => `${f.status} ${JSON.stringify(f.path)}`).join("; ")}`,
      "package_files_differ",
      { count: differing.length }
    );
    this.files = files;
  }
};
var FolderError = class extends Error {
};
function folderFiles(files, relativePathOf = (file) => file.webkitRelativePath || file.name) {
  const byPath = /* @__PURE__ */ new Map();
  for (const file of files) {
    const relative = relativePathOf(file);
    const path = relative.slice(relative.indexOf("/") + 1).normalize("NFC");
    if (byPath.has(path)) {
      throw new FolderError(`two files in the folder are named ${JSON.stringify(path)} after Unicode NFC normalization; rename one of them`);
    }
    byPath.set(path, { path, file });
  }
  return [...byPath.values()];
}
async function verifyFolder(manifest, folder, { digest, rules, signal, onProgress }) {
  const listed = new Map(folder.map((item) => [item.path, item]));
  const sealed = manifest.files.map((item) => item.packageFile);
  const sealedPaths = new Set(sealed.map((file) => file.path));
  const added = folder.filter((item) => !sealedPaths.has(item.path) && !rules.isOsFile(item.path)).sort((a, b) => compareText(a.path, b.path));
  const missingSizes = new Set(sealed.filter((file) => !listed.has(file.path)).map((file) => file.size));
  const jobs = [];
  for (const file of sealed) {
    const found = listed.get(file.path);
    if (found !== void 0 && found.file.size === file.size) {
      jobs.push({ key: `${file.path}\0${file.alg}`, blob: found.file, alg: file.alg, path: file.path });
    }
  }
  for (const item of added) {
    if (!missingSizes.has(item.file.size)) continue;
    for (const alg of new Set(sealed.filter((f) => f.size === item.file.size && !listed.has(f.path)).map((f) => f.alg))) {
      jobs.push({ key: `${item.path}\0${alg}`, blob: item.file, alg, path: item.path });
    }
  }
  const digests = await digestAll(jobs, digest, signal, onProgress);
  const statuses = /* @__PURE__ */ new Map();
  for (const file of sealed) {
    const found = listed.get(file.path);
    let status = (
      /** @type {FileStatus['status']} */
      "missing"
    );
    if (found !== void 0) {
      const hashed = digests.get(`${file.path}\0${file.alg}`);
      status = hashed !== void 0 && equalBytes(hashed, file.fileHash) ? "unchanged" : "changed";
    }
    statuses.set(file.path, { path: file.path, status });
  }
  for (const item of added) statuses.set(item.path, { path: item.path, status: "added" });
  for (const file of sealed) {
    if (statuses.get(file.path)?.status !== "missing") continue;
    const match = added.find((item) => statuses.get(item.path)?.status === "added" && item.file.size === file.size && equalBytes(digests.get(`${item.path}\0${file.alg}`) ?? new Uint8Array(), file.fileHash));
    if (match !== void 0) {
      statuses.set(file.path, { path: file.path, status: "renamed", to: match.path });
      statuses.delete(match.path);
    }
  }
  const files = [...statuses.values()].sort((a, b) => compareText(a.path, b.path));
  if (files.some((f) => f.status !== "unchanged")) throw new PackageFilesDiffer(files);
  return files;
}
async function digestAll(jobs, digest, signal, onProgress) {
  const total = jobs.reduce((sum, job) => sum + job.blob.size, 0);
  const doneByJob = new Array(jobs.length).fill(0);
  let done = 0;
  const results = await Promise.all(jobs.map((job, i2) => digest(job.blob, job.alg, {
    signal,
    onProgress(bytes) {
      done += bytes - doneByJob[i2];
      doneByJob[i2] = bytes;
      onProgress?.(job.path, done, total);
    }
  })));
  return new Map(jobs.map((job, i2) => [job.key, results[i2]]));
}

// node/api/static/vendor/fflate@0.8.3/esm/browser.js
var u8 = Uint8Array;
var u16 = Uint16Array;
var i32 = Int32Array;
var fleb = new u8([
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  1,
  1,
  1,
  1,
  2,
  2,
  2,
  2,
  3,
  3,
  3,
  3,
  4,
  4,
  4,
  4,
  5,
  5,
  5,
  5,
  0,
  /* unused */
  0,
  0,
  /* impossible */
  0
]);
var fdeb = new u8([
  0,
  0,
  0,
  0,
  1,
  1,
  2,
  2,
  3,
  3,
  4,
  4,
  5,
  5,
  6,
  6,
  7,
  7,
  8,
  8,
  9,
  9,
  10,
  10,
  11,
  11,
  12,
  12,
  13,
  13,
  /* unused */
  0,
  0
]);
var clim = new u8([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);
var freb = function(eb, start) {
  var b = new u16(31);
  for (var i2 = 0; i2 < 31; ++i2) {
    b[i2] = start += 1 << eb[i2 - 1];
  }
  var r = new i32(b[30]);
  for (var i2 = 1; i2 < 30; ++i2) {
    for (var j = b[i2]; j < b[i2 + 1]; ++j) {
      r[j] = j - b[i2] << 5 | i2;
    }
  }
  return { b, r };
};
var _a = freb(fleb, 2);
var fl = _a.b;
var revfl = _a.r;
fl[28] = 258, revfl[258] = 28;
var _b = freb(fdeb, 0);
var fd = _b.b;
var revfd = _b.r;
var rev = new u16(32768);
for (i = 0; i < 32768; ++i) {
  x = (i & 43690) >> 1 | (i & 21845) << 1;
  x = (x & 52428) >> 2 | (x & 13107) << 2;
  x = (x & 61680) >> 4 | (x & 3855) << 4;
  rev[i] = ((x & 65280) >> 8 | (x & 255) << 8) >> 1;
}
var x;
var i;
var hMap = (function(cd, mb, r) {
  var s = cd.length;
  var i2 = 0;
  var l = new u16(mb);
  for (; i2 < s; ++i2) {
    if (cd[i2])
      ++l[cd[i2] - 1];
  }
  var le = new u16(mb);
  for (i2 = 1; i2 < mb; ++i2) {
    le[i2] = le[i2 - 1] + l[i2 - 1] << 1;
  }
  var co;
  if (r) {
    co = new u16(1 << mb);
    var rvb = 15 - mb;
    for (i2 = 0; i2 < s; ++i2) {
      if (cd[i2]) {
        var sv = i2 << 4 | cd[i2];
        var r_1 = mb - cd[i2];
        var v = le[cd[i2] - 1]++ << r_1;
        for (var m = v | (1 << r_1) - 1; v <= m; ++v) {
          co[rev[v] >> rvb] = sv;
        }
      }
    }
  } else {
    co = new u16(s);
    for (i2 = 0; i2 < s; ++i2) {
      if (cd[i2]) {
        co[i2] = rev[le[cd[i2] - 1]++] >> 15 - cd[i2];
      }
    }
  }
  return co;
});
var flt = new u8(288);
for (i = 0; i < 144; ++i)
  flt[i] = 8;
var i;
for (i = 144; i < 256; ++i)
  flt[i] = 9;
var i;
for (i = 256; i < 280; ++i)
  flt[i] = 7;
var i;
for (i = 280; i < 288; ++i)
  flt[i] = 8;
var i;
var fdt = new u8(32);
for (i = 0; i < 32; ++i)
  fdt[i] = 5;
var i;
var flrm = /* @__PURE__ */ hMap(flt, 9, 1);
var fdrm = /* @__PURE__ */ hMap(fdt, 5, 1);
var max = function(a) {
  var m = a[0];
  for (var i2 = 1; i2 < a.length; ++i2) {
    if (a[i2] > m)
      m = a[i2];
  }
  return m;
};
var bits = function(d, p, m) {
  var o = p / 8 | 0;
  return (d[o] | d[o + 1] << 8) >> (p & 7) & m;
};
var bits16 = function(d, p) {
  var o = p / 8 | 0;
  return (d[o] | d[o + 1] << 8 | d[o + 2] << 16) >> (p & 7);
};
var shft = function(p) {
  return (p + 7) / 8 | 0;
};
var slc = function(v, s, e) {
  if (s == null || s < 0)
    s = 0;
  if (e == null || e > v.length)
    e = v.length;
  return new u8(v.subarray(s, e));
};
var ec = [
  "unexpected EOF",
  "invalid block type",
  "invalid length/literal",
  "invalid distance",
  "stream finished",
  "no stream handler",
  ,
  // determined by compression function
  "no callback",
  "invalid UTF-8 data",
  "extra field too long",
  "date not in range 1980-2099",
  "filename too long",
  "stream finishing",
  "invalid zip data"
  // determined by unknown compression method
];
var err2 = function(ind, msg, nt) {
  var e = new Error(msg || ec[ind]);
  e.code = ind;
  if (Error.captureStackTrace)
    Error.captureStackTrace(e, err2);
  if (!nt)
    throw e;
  return e;
};
var inflt = function(dat, st, buf, dict) {
  var sl = dat.length, dl = dict ? dict.length : 0;
  if (!sl || st.f && !st.l)
    return buf || new u8(0);
  var noBuf = !buf;
  var resize = noBuf || st.i != 2;
  var noSt = st.i;
  if (noBuf)
    buf = new u8(sl * 3);
  var cbuf = function(l2) {
    var bl = buf.length;
    if (l2 > bl) {
      var nbuf = new u8(Math.max(bl * 2, l2));
      nbuf.set(buf);
      buf = nbuf;
    }
  };
  var final = st.f || 0, pos = st.p || 0, bt = st.b || 0, lm = st.l, dm = st.d, lbt = st.m, dbt = st.n;
  var tbts = sl * 8;
  do {
    if (!lm) {
      final = bits(dat, pos, 1);
      var type = bits(dat, pos + 1, 3);
      pos += 3;
      if (!type) {
        var s = shft(pos) + 4, l = dat[s - 4] | dat[s - 3] << 8, t = s + l;
        if (t > sl) {
          if (noSt)
            err2(0);
          break;
        }
        if (resize)
          cbuf(bt + l);
        buf.set(dat.subarray(s, t), bt);
        st.b = bt += l, st.p = pos = t * 8, st.f = final;
        continue;
      } else if (type == 1)
        lm = flrm, dm = fdrm, lbt = 9, dbt = 5;
      else if (type == 2) {
        var hLit = bits(dat, pos, 31) + 257, hcLen = bits(dat, pos + 10, 15) + 4;
        var tl = hLit + bits(dat, pos + 5, 31) + 1;
        pos += 14;
        var ldt = new u8(tl);
        var clt = new u8(19);
        for (var i2 = 0; i2 < hcLen; ++i2) {
          clt[clim[i2]] = bits(dat, pos + i2 * 3, 7);
        }
        pos += hcLen * 3;
        var clb = max(clt), clbmsk = (1 << clb) - 1;
        var clm = hMap(clt, clb, 1);
        for (var i2 = 0; i2 < tl; ) {
          var r = clm[bits(dat, pos, clbmsk)];
          pos += r & 15;
          var s = r >> 4;
          if (s < 16) {
            ldt[i2++] = s;
          } else {
            var c = 0, n = 0;
            if (s == 16)
              n = 3 + bits(dat, pos, 3), pos += 2, c = ldt[i2 - 1];
            else if (s == 17)
              n = 3 + bits(dat, pos, 7), pos += 3;
            else if (s == 18)
              n = 11 + bits(dat, pos, 127), pos += 7;
            while (n--)
              ldt[i2++] = c;
          }
        }
        var lt = ldt.subarray(0, hLit), dt = ldt.subarray(hLit);
        lbt = max(lt);
        dbt = max(dt);
        lm = hMap(lt, lbt, 1);
        dm = hMap(dt, dbt, 1);
      } else
        err2(1);
      if (pos > tbts) {
        if (noSt)
          err2(0);
        break;
      }
    }
    if (resize)
      cbuf(bt + 131072);
    var lms = (1 << lbt) - 1, dms = (1 << dbt) - 1;
    var lpos = pos;
    for (; ; lpos = pos) {
      var c = lm[bits16(dat, pos) & lms], sym = c >> 4;
      pos += c & 15;
      if (pos > tbts) {
        if (noSt)
          err2(0);
        break;
      }
      if (!c)
        err2(2);
      if (sym < 256)
        buf[bt++] = sym;
      else if (sym == 256) {
        lpos = pos, lm = null;
        break;
      } else {
        var add2 = sym - 254;
        if (sym > 264) {
          var i2 = sym - 257, b = fleb[i2];
          add2 = bits(dat, pos, (1 << b) - 1) + fl[i2];
          pos += b;
        }
        var d = dm[bits16(dat, pos) & dms], dsym = d >> 4;
        if (!d)
          err2(3);
        pos += d & 15;
        var dt = fd[dsym];
        if (dsym > 3) {
          var b = fdeb[dsym];
          dt += bits16(dat, pos) & (1 << b) - 1, pos += b;
        }
        if (pos > tbts) {
          if (noSt)
            err2(0);
          break;
        }
        if (resize)
          cbuf(bt + 131072);
        var end = bt + add2;
        if (bt < dt) {
          var shift = dl - dt, dend = Math.min(dt, end);
          if (shift + bt < 0)
            err2(3);
          for (; bt < dend; ++bt)
            buf[bt] = dict[shift + bt];
        }
        for (; bt < end; ++bt)
          buf[bt] = buf[bt - dt];
      }
    }
    st.l = lm, st.p = lpos, st.b = bt, st.f = final;
    if (lm)
      final = 1, st.m = lbt, st.d = dm, st.n = dbt;
  } while (!final);
  return bt != buf.length && noBuf ? slc(buf, 0, bt) : buf.subarray(0, bt);
};
var et = /* @__PURE__ */ new u8(0);
var b2 = function(d, b) {
  return d[b] | d[b + 1] << 8;
};
var b4 = function(d, b) {
  return (d[b] | d[b + 1] << 8 | d[b + 2] << 16 | d[b + 3] << 24) >>> 0;
};
var b8 = function(d, b) {
  return b4(d, b) + b4(d, b + 4) * 4294967296;
};
function inflateSync(data, opts) {
  return inflt(data, { i: 2 }, opts && opts.out, opts && opts.dictionary);
}
var td = typeof TextDecoder != "undefined" && /* @__PURE__ */ new TextDecoder();
var tds = 0;
try {
  td.decode(et, { stream: true });
  tds = 1;
} catch (e) {
}
var dutf8 = function(d) {
  for (var r = "", i2 = 0; ; ) {
    var c = d[i2++];
    var eb = (c > 127) + (c > 223) + (c > 239);
    if (i2 + eb > d.length)
      return { s: r, r: slc(d, i2 - 1) };
    if (!eb)
      r += String.fromCharCode(c);
    else if (eb == 3) {
      c = ((c & 15) << 18 | (d[i2++] & 63) << 12 | (d[i2++] & 63) << 6 | d[i2++] & 63) - 65536, r += String.fromCharCode(55296 | c >> 10, 56320 | c & 1023);
    } else if (eb & 1)
      r += String.fromCharCode((c & 31) << 6 | d[i2++] & 63);
    else
      r += String.fromCharCode((c & 15) << 12 | (d[i2++] & 63) << 6 | d[i2++] & 63);
  }
};
function strFromU8(dat, latin1) {
  if (latin1) {
    var r = "";
    for (var i2 = 0; i2 < dat.length; i2 += 16384)
      r += String.fromCharCode.apply(null, dat.subarray(i2, i2 + 16384));
    return r;
  } else if (td) {
    return td.decode(dat);
  } else {
    var _a2 = dutf8(dat), s = _a2.s, r = _a2.r;
    if (r.length)
      err2(8);
    return s;
  }
}
var slzh = function(d, b) {
  return b + 30 + b2(d, b + 26) + b2(d, b + 28);
};
var zh = function(d, b, z) {
  var fnl = b2(d, b + 28), efl = b2(d, b + 30), fn = strFromU8(d.subarray(b + 46, b + 46 + fnl), !(b2(d, b + 8) & 2048)), es = b + 46 + fnl;
  var _a2 = z64hs(d, es, efl, z, b4(d, b + 20), b4(d, b + 24), b4(d, b + 42)), sc = _a2[0], su = _a2[1], off = _a2[2];
  return [b2(d, b + 10), sc, su, fn, es + efl + b2(d, b + 32), off];
};
var z64hs = function(d, b, l, z, sc, su, off) {
  var nsc = sc == 4294967295, nsu = su == 4294967295, noff = off == 4294967295, e = b + l;
  var nf = nsc + nsu + noff;
  if (z && nf) {
    for (; b + 4 < e; b += 4 + b2(d, b + 2)) {
      if (b2(d, b) == 1) {
        return [
          nsc ? b8(d, b + 4 + 8 * nsu) : sc,
          nsu ? b8(d, b + 4) : su,
          noff ? b8(d, b + 4 + 8 * (nsu + nsc)) : off,
          1
        ];
      }
    }
    if (z < 2)
      err2(13);
  }
  return [sc, su, off, 0];
};
function unzipSync(data, opts) {
  var files = {};
  var e = data.length - 22;
  for (; b4(data, e) != 101010256; --e) {
    if (!e || data.length - e > 65558)
      err2(13);
  }
  ;
  var c = b2(data, e + 8);
  if (!c)
    return {};
  var o = b4(data, e + 16);
  var z = b4(data, e - 20) == 117853008;
  if (z) {
    var ze = b4(data, e - 12);
    z = b4(data, ze) == 101075792;
    if (z) {
      c = b4(data, ze + 32);
      o = b4(data, ze + 48);
    }
  }
  var fltr = opts && opts.filter;
  for (var i2 = 0; i2 < c; ++i2) {
    var _a2 = zh(data, o, z), c_2 = _a2[0], sc = _a2[1], su = _a2[2], fn = _a2[3], no = _a2[4], off = _a2[5], b = slzh(data, off);
    o = no;
    if (!fltr || fltr({
      name: fn,
      size: sc,
      originalSize: su,
      compression: c_2
    })) {
      if (!c_2)
        files[fn] = slc(data, b, b + sc);
      else if (c_2 == 8)
        files[fn] = inflateSync(data.subarray(b, b + sc), { out: new u8(su) });
      else
        err2(14, "unknown compression type " + c_2);
    }
  }
  return files;
}

// node/api/static/verify/zip.js
var BUNDLE_MEMBER = "proof.cunzheng.json";
var MANIFEST_MEMBER = "manifest.json";
var MAX_MEMBERS2 = 64;
var MAX_MEMBER_BYTES = 64 * 1024 * 1024;
var MAX_ZIP_BYTES = 256 * 1024 * 1024;
var ZIP_MAGIC = [80, 75, 3, 4];
var DRIVE = /^[A-Za-z]:/;
var ZipError = class extends Error {
  /**
   * @param {'unreadable' | 'too_many' | 'unsafe_name' | 'member_too_large' | 'no_bundle' | 'too_large'} code
   * @param {Record<string, unknown>} params
   */
  constructor(code, params = {}) {
    super(`${code}: ${JSON.stringify(params)}`);
    this.code = code;
    this.params = params;
  }
};
function looksLikeZip(head) {
  return ZIP_MAGIC.every((byte, i2) => head[i2] === byte);
}
function readPackageZip(data) {
  if (data.length > MAX_ZIP_BYTES) throw new ZipError("too_large", { limit: MAX_ZIP_BYTES });
  const names = /* @__PURE__ */ new Set();
  let refused = null;
  let members;
  try {
    members = unzipSync(data, {
      filter(file) {
        if (refused !== null) return false;
        if (names.size >= MAX_MEMBERS2) refused = new ZipError("too_many", { limit: MAX_MEMBERS2 });
        else if (isUnsafe(file.name) || names.has(file.name)) refused = new ZipError("unsafe_name", { member: file.name });
        else if (file.originalSize > MAX_MEMBER_BYTES) {
          refused = new ZipError("member_too_large", { member: file.name, limit: MAX_MEMBER_BYTES });
        }
        names.add(file.name);
        return refused === null && (file.name === BUNDLE_MEMBER || file.name === MANIFEST_MEMBER);
      }
    });
  } catch (err3) {
    throw new ZipError("unreadable", { detail: err3 instanceof Error ? err3.message : String(err3) });
  }
  if (refused !== null) throw refused;
  const bundle = Object.hasOwn(members, BUNDLE_MEMBER) ? members[BUNDLE_MEMBER] : null;
  if (bundle === null) throw new ZipError("no_bundle", { member: BUNDLE_MEMBER });
  return { bundle, manifest: Object.hasOwn(members, MANIFEST_MEMBER) ? members[MANIFEST_MEMBER] : null };
}
function isUnsafe(name) {
  const parts = name.split("/");
  return !name || name.includes("\0") || name.includes("\\") || name.startsWith("/") || DRIVE.test(name) || parts.includes("..");
}

// node/api/static/verify/intake.js
var MAX_JSON_BYTES = 512 * 1024 * 1024;
var MAX_UNNAMED_JSON_BYTES = 1024 * 1024;
var ENTRY_BATCH_LIMIT = 1e4;
async function pickedFromDrop(transfer) {
  const entries = Array.from(transfer.items ?? []).filter((item) => item.kind === "file").map((item) => typeof item.webkitGetAsEntry === "function" ? item.webkitGetAsEntry() : null);
  if (entries.length === 0 || entries.some((entry) => entry === null)) {
    return Array.from(transfer.files).map((file) => ({ file, folderPath: null }));
  }
  const picked = [];
  for (
    const entry of
    /** @type {FileSystemEntry[]} */
    entries
  ) {
    if (entry.isDirectory) {
      for (const [file, path] of await filesUnder(
        /** @type {FileSystemDirectoryEntry} */
        entry,
        entry.name
      )) {
        picked.push({ file, folderPath: path });
      }
    } else {
      picked.push({ file: await fileOf(
        /** @type {FileSystemFileEntry} */
        entry
      ), folderPath: null });
    }
  }
  return picked;
}
function pickedFromInput(files) {
  return Array.from(files).map((file) => ({ file, folderPath: file.webkitRelativePath || null }));
}
async function filesUnder(directory, prefix) {
  const found = [];
  const reader = directory.createReader();
  for (let batch = await readBatch(reader), seen = 0; batch.length && seen < ENTRY_BATCH_LIMIT; seen += batch.length, batch = await readBatch(reader)) {
    for (const entry of batch) {
      const path = `${prefix}/${entry.name}`;
      if (entry.isDirectory) found.push(...await filesUnder(
        /** @type {FileSystemDirectoryEntry} */
        entry,
        path
      ));
      else found.push([await fileOf(
        /** @type {FileSystemFileEntry} */
        entry
      ), path]);
    }
  }
  return found;
}
function readBatch(reader) {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}
function fileOf(entry) {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}
async function recognise(picked) {
  const pieces = [];
  const folders = /* @__PURE__ */ new Map();
  for (const item of picked) {
    if (item.folderPath === null) {
      pieces.push(...await recogniseFile(item.file));
      continue;
    }
    const name = item.folderPath.slice(0, item.folderPath.indexOf("/"));
    folders.set(name, [...folders.get(name) ?? [], item]);
  }
  for (const [name, items] of folders) {
    const paths = new Map(items.map((item) => [
      item.file,
      /** @type {string} */
      item.folderPath
    ]));
    try {
      pieces.push({ kind: "folder", name, files: folderFiles(items.map((item) => item.file), (file) => (
        /** @type {string} */
        paths.get(file)
      )) });
    } catch (err3) {
      if (!(err3 instanceof FolderError)) throw err3;
      pieces.push({ kind: "refused", name, code: "folder_names", params: { detail: err3.message } });
    }
  }
  return pieces;
}
async function recogniseFile(file) {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  if (looksLikeZip(head) && file.size <= MAX_ZIP_BYTES) {
    try {
      const { bundle, manifest } = readPackageZip(new Uint8Array(await file.arrayBuffer()));
      const pieces = [{ kind: "zip", name: file.name }, { kind: "bundle", name: file.name, bytes: bundle, from: "zip" }];
      if (manifest !== null) pieces.push({ kind: "manifest", name: file.name, bytes: manifest, from: "zip" });
      return pieces;
    } catch (err3) {
      if (!(err3 instanceof ZipError)) throw err3;
      if (err3.code === "no_bundle" || err3.code === "unreadable") return [{ kind: "evidence", file }];
      return [{ kind: "refused", name: file.name, code: `zip.${err3.code}`, params: err3.params }];
    }
  }
  const named = /\.json$/i.test(file.name);
  const mayBeJson = named ? file.size <= MAX_JSON_BYTES : file.size <= MAX_UNNAMED_JSON_BYTES && head[0] === 123;
  if (!mayBeJson) return [{ kind: "evidence", file }];
  const bytes = new Uint8Array(await file.arrayBuffer());
  const value = jsonValue(bytes);
  const format = isJsonObject(value) ? value.format : brokenFormat(bytes);
  if (looksLikeBundle(value)) return [{ kind: "bundle", name: file.name, bytes, from: "file" }];
  if (typeof format === "string") {
    if (format.startsWith("cunzheng-package/")) return [{ kind: "manifest", name: file.name, bytes, from: "file" }];
    if (format.startsWith("cunzheng-disclosure/")) return [{ kind: "disclosure", name: file.name, bytes, from: "file" }];
  }
  if (isJsonObject(value) && "chain_id" in value && "validators" in value && "genesis_time_ms" in value) {
    try {
      return [{ kind: "genesis", name: file.name, genesis: Genesis.fromFileBytes(bytes) }];
    } catch (err3) {
      if (!(err3 instanceof LedgerError)) throw err3;
      return [{ kind: "refused", name: file.name, code: "bad_genesis", params: { detail: err3.message } }];
    }
  }
  return [{ kind: "evidence", file }];
}
function brokenFormat(bytes) {
  const head = new TextDecoder().decode(bytes.subarray(0, 1024));
  return /^\s*\{\s*"format"\s*:\s*"(cunzheng-(?:package|disclosure)\/v\d+)"/.exec(head)?.[1];
}
function jsonValue(bytes) {
  const text = utf8Text(bytes);
  if (text === null) return void 0;
  try {
    return parseJson(text);
  } catch {
    return void 0;
  }
}

// node/api/static/core/manifest.js
var MANIFEST_FORMATS = /* @__PURE__ */ new Map([["cunzheng-package/v1", 1], ["cunzheng-package/v2", 2]]);
var PACKAGE_FILE_VERSION = 1;
var FILE_ALGS = ["sha256", "sm3"];
var SALT_SIZE2 = 32;
var MAX_PATH_LENGTH = 4096;
var MAX_PACKAGE_FILE_BYTES = 128 + 4 * MAX_PATH_LENGTH;
var FILE_FIELDS2 = ["path", "size", "alg", "file_hash", "salt", "role"];
var MANIFEST_FIELDS = ["format", "package_root", "id", "entry", "collection", "files"];
function checkPackagePath(path) {
  checkStr(path, "package path", MAX_PATH_LENGTH);
  const segments = path.split("/");
  const faults = [
    [!path, "is empty"],
    [path.includes("\0"), "contains a NUL character"],
    [path.includes("\\"), "contains a backslash; package paths are separated by '/'"],
    [path.startsWith("/"), "is absolute; package paths are relative to the sealed folder"],
    [segments.includes(""), "has an empty segment ('//' or a trailing '/')"],
    [segments.includes(".") || segments.includes(".."), "has a '.' or '..' segment"],
    [path.normalize("NFC") !== path, "is not in Unicode NFC form"]
  ];
  for (const [fault, reason] of faults) {
    if (fault) throw new DecodeError(`package path ${JSON.stringify(path)} ${reason}`);
  }
}
var PackageFile = class _PackageFile {
  /**
   * @param {unknown} salt
   * @param {unknown} path
   * @param {unknown} size
   * @param {unknown} alg
   * @param {unknown} fileHash
   */
  constructor(salt, path, size, alg, fileHash) {
    checkBytes(salt, "salt", SALT_SIZE2);
    checkPackagePath(path);
    checkInt(size, "size");
    if (typeof alg !== "string" || !FILE_ALGS.includes(alg)) {
      throw new DecodeError(`file ${JSON.stringify(path)}: alg ${JSON.stringify(alg) ?? typeName(alg)} is not sha256 or sm3`);
    }
    checkBytes(fileHash, "file_hash", HASH_SIZE);
    this.salt = salt;
    this.path = path;
    this.size = size;
    this.alg = alg;
    this.fileHash = fileHash;
  }
  /** The canonical encoding: a leaf of the package tree. */
  encode() {
    return pack([PACKAGE_FILE_VERSION, this.salt, this.path, this.size, this.alg, this.fileHash]);
  }
  leafHash() {
    return leafHash(this.encode());
  }
  /** The file's fields as JSON (hex for bytes). */
  toJson() {
    return {
      path: this.path,
      size: this.size,
      alg: this.alg,
      file_hash: bytesToHex(this.fileHash),
      salt: bytesToHex(this.salt)
    };
  }
  /**
   * Parse canonical PackageFile bytes; throws DecodeError.
   * @param {Uint8Array} data
   */
  static decode(data) {
    const fields = expectArray(
      unpack(data, MAX_PACKAGE_FILE_BYTES),
      { name: "PackageFile", version: PACKAGE_FILE_VERSION, fields: 6 }
    );
    return new _PackageFile(fields[1], fields[2], fields[3], fields[4], fields[5]);
  }
  /**
   * Parse toJson's fields (the caller checks for unknown ones); throws DecodeError.
   * @param {Record<string, unknown>} obj
   */
  static fromJson(obj) {
    const salt = checkHex(obj.salt, "salt", SALT_SIZE2);
    const fileHash = checkHex(obj.file_hash, "file_hash", HASH_SIZE);
    return new _PackageFile(salt, obj.path, obj.size, obj.alg, fileHash);
  }
};
var ManifestEdited = class extends ProofError {
  /**
   * @param {Uint8Array} recorded
   * @param {Uint8Array} computed
   */
  constructor(recorded, computed) {
    super(`the manifest was edited after sealing: its files and collection record give package root ${bytesToHex(computed)}, it records ${bytesToHex(recorded)}; use the manifest as it was sealed`, "manifest_edited", { recorded: bytesToHex(recorded), computed: bytesToHex(computed) });
  }
};
var Manifest = class _Manifest {
  /**
   * @param {{ packageFile: PackageFile, role: string }[]} files
   * @param {Entry} entry
   * @param {CollectionRecord} collection
   */
  constructor(files, entry, collection) {
    if (!files.length) throw new DecodeError("a package manifest must list at least one file");
    for (let i2 = 1; i2 < files.length; i2++) {
      const [first, second] = [files[i2 - 1].packageFile.path, files[i2].packageFile.path];
      if (compareText(first, second) >= 0) {
        throw new DecodeError(`manifest files must be in path byte order, each once: ${JSON.stringify(second)} comes after ${JSON.stringify(first)}`);
      }
    }
    if (entry.kind !== "package" || entry.alg !== "sha256") {
      throw new DecodeError(`a package entry has kind "package" and alg "sha256", not kind ${JSON.stringify(entry.kind)} and alg ${JSON.stringify(entry.alg)}`);
    }
    this.files = files;
    this.entry = entry;
    this.collection = collection;
  }
  /** 2 when the collection record is sealed in the package tree, 1 otherwise. */
  get version() {
    return this.collection.isSealed ? 2 : 1;
  }
  /** The package tree's leaf hashes: the files' in path order, then (v2) the record's. */
  leafHashes() {
    const files = this.files.map((item) => item.packageFile.leafHash());
    return this.collection.isSealed ? [...files, this.collection.leafHash()] : files;
  }
  /** Throw ManifestEdited unless the leaves give the root the Entry records. */
  verifyRoot() {
    const computed = rootFromLeaves(this.leafHashes());
    if (!equalBytes(computed, this.entry.digest)) throw new ManifestEdited(this.entry.digest, computed);
  }
  /**
   * Parse a manifest's JSON object (version 1 or 2) strictly; `roles` are those a file may
   * declare (rules.json). Throws DecodeError for another format, unknown or missing fields,
   * bad hex, or a package_root or id that is not its Entry's.
   * @param {unknown} obj
   * @param {string[]} roles
   */
  static fromJson(obj, roles) {
    const found = typeof obj === "object" && obj !== null && !Array.isArray(obj) ? (
      /** @type {Record<string, unknown>} */
      obj.format
    ) : typeName(obj);
    const version = typeof found === "string" ? MANIFEST_FORMATS.get(found) : void 0;
    if (version === void 0) {
      throw new DecodeError(`not a ${[...MANIFEST_FORMATS.keys()].join(" or ")} manifest (format: ${JSON.stringify(found) ?? "None"})`);
    }
    checkFields(obj, "manifest", MANIFEST_FIELDS, MANIFEST_FIELDS);
    const entry = Entry.fromJson(obj.entry);
    if (!equalBytes(checkHex(obj.package_root, "package_root", HASH_SIZE), entry.digest)) {
      throw new DecodeError("the manifest's package_root is not its entry's digest");
    }
    if (!equalBytes(checkHex(obj.id, "id", HASH_SIZE), entry.leafHash())) {
      throw new DecodeError("the manifest's id is not the leaf hash of its entry");
    }
    if (!Array.isArray(obj.files)) throw new DecodeError("manifest files must be a list");
    const files = obj.files.map((item) => {
      checkFields(item, "manifest file", FILE_FIELDS2, FILE_FIELDS2);
      const packageFile = PackageFile.fromJson(item);
      if (typeof item.role !== "string" || !roles.includes(item.role)) {
        throw new DecodeError(`file ${JSON.stringify(packageFile.path)}: role ${JSON.stringify(item.role)} is not one of ${roles.join(", ")}`);
      }
      return { packageFile, role: item.role };
    });
    return new _Manifest(files, entry, CollectionRecord.fromJson(obj.collection, version === 2));
  }
};

// node/api/static/core/disclosure.js
var DISCLOSURE_FORMAT = "cunzheng-disclosure/v1";
var FIELDS = ["format", "file", "leaf", "leaf_index", "inclusion"];
var INCLUSION_FIELDS = ["tree_size", "root_hash", "hashes"];
var DisclosureMismatch = class extends ProofError {
  /**
   * @param {string} path
   * @param {string} reason
   */
  constructor(path, reason) {
    super(`disclosure of file "${path}": ${reason}`, "disclosure_invalid", { path });
  }
};
function readDisclosure(disclosure) {
  if (!isJsonObject(disclosure) || disclosure.format !== DISCLOSURE_FORMAT) {
    throw new DecodeError(`not a ${DISCLOSURE_FORMAT} disclosure`);
  }
  checkFields(disclosure, "disclosure", FIELDS, FIELDS);
  const disclosed = PackageFile.decode(checkHex(disclosure.leaf, "leaf"));
  if (!jsonEqual(disclosure.file, disclosed.toJson())) {
    throw new DecodeError(`disclosure of file "${disclosed.path}": its "file" fields differ from its leaf bytes, which are what is proven`);
  }
  const { inclusion } = disclosure;
  checkFields(inclusion, "inclusion", INCLUSION_FIELDS, INCLUSION_FIELDS);
  checkInt(disclosure.leaf_index, "leaf_index");
  checkInt(inclusion.tree_size, "tree_size");
  if (!Array.isArray(inclusion.hashes)) throw new DecodeError("disclosure inclusion hashes must be a list of hex strings");
  const hashes = inclusion.hashes.map((value) => checkHex(value, "inclusion hash", 32));
  const root = checkHex(inclusion.root_hash, "root_hash", 32);
  return { disclosed, leafIndex: disclosure.leaf_index, treeSize: inclusion.tree_size, root, hashes };
}
async function verifyDisclosure(disclosure, packageRoot, file, digest, options = {}) {
  const { disclosed, leafIndex, treeSize, root, hashes } = withReason(
    "malformed_disclosure",
    () => readDisclosure(disclosure)
  );
  const { path } = disclosed;
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (!equalBytes(root, packageRoot)) {
    throw new DisclosureMismatch(path, `it is for the package with root ${bytesToHex(root)}, but the proof bundle proves ${bytesToHex(packageRoot)}: it belongs to another package, or the record is no package`);
  }
  if (file.name.normalize("NFC") !== name) {
    throw new DisclosureMismatch(path, `the file given is "${file.name}", not "${name}"`);
  }
  try {
    verifyInclusion(leafIndex, treeSize, disclosed.leafHash(), hashes, root);
  } catch (err3) {
    if (!(err3 instanceof ProofError)) throw err3;
    throw new DisclosureMismatch(path, `its leaf (index ${leafIndex} of ${treeSize}) and inclusion proof do not lead to the package root: its path, salt, size, hash or index was altered`);
  }
  const fileHash = file.size === disclosed.size ? await digest(file, disclosed.alg, options) : null;
  if (fileHash === null || !equalBytes(fileHash, disclosed.fileHash)) {
    throw new DisclosureMismatch(path, `file "${file.name}" has ${file.size} bytes${fileHash === null ? "" : ` and ${disclosed.alg} ${bytesToHex(fileHash)}`}; the disclosure holds ${disclosed.size} bytes and ${bytesToHex(disclosed.fileHash)}: it is not the disclosed file, or it was changed`);
  }
  return { packageFile: disclosed, leafIndex, treeSize };
}

// node/api/static/core/evidence.js
var MAX_BUNDLE_BYTES = 64 * 1024 * 1024;
var MAX_JSON_BYTES2 = 512 * 1024 * 1024;
var VALID_REASON = "ok";
var UNCONFIRMED_REASON = "no_trust_anchor";
async function judge(given, options) {
  checkGiven(given);
  const { rules } = options;
  if (given.manifest && rules === void 0) throw new TypeError("checking a manifest needs the package rules");
  const found = {
    verdict: "invalid",
    reason: "",
    notices: [],
    files: null,
    proven: null,
    error: null,
    manifest: null,
    disclosed: null,
    matchedFile: null
  };
  let manifestError = null;
  if (given.manifest) {
    try {
      found.manifest = withReason("malformed_manifest", () => Manifest.fromJson(
        readJson(
          /** @type {Uint8Array} */
          given.manifest,
          "the manifest",
          MAX_JSON_BYTES2
        ),
        /** @type {import('./rules.js').PackageRules} */
        rules.roles
      ));
    } catch (err3) {
      if (!(err3 instanceof VerifyError)) throw err3;
      manifestError = err3;
    }
  }
  let hasToken = false;
  try {
    const data = withReason("malformed_bundle", () => readJson(given.bundle, "the bundle", MAX_BUNDLE_BYTES));
    hasToken = isJsonObject(data) && data.timestamp_token !== void 0 && data.timestamp_token !== null;
    const proven = verifyBundle(data, { genesis: given.genesis ?? null, trustedVkeys: given.vkeys ?? [] });
    found.proven = proven;
    if (manifestError !== null) throw manifestError;
    await checkEvidence(proven, given, found, options);
    found.verdict = proven.trusted ? "valid" : "unconfirmed";
    found.reason = proven.trusted ? VALID_REASON : UNCONFIRMED_REASON;
  } catch (err3) {
    if (!(err3 instanceof VerifyError)) throw err3;
    found.verdict = err3.reason === "package_needs_manifest" ? "incomplete" : "invalid";
    found.reason = err3.reason;
    found.error = err3;
  }
  if (found.manifest !== null && !found.manifest.collection.isSealed) found.notices.push("collection_not_sealed");
  if (hasToken) found.notices.push("timestamp_unchecked");
  if (found.proven !== null && found.proven.genesisHash === null) found.notices.push("genesis_not_carried");
  return found;
}
function checkGiven(given) {
  if (given.folder && !given.manifest) throw new TypeError("a folder is checked against its manifest: give both");
  if (given.disclosure && !given.file) throw new TypeError("a disclosure is checked with the disclosed file: give both");
  if (given.folder && given.file) throw new TypeError("give a folder or a file, not both");
}
function readJson(data, name, maxSize) {
  if (data.length > maxSize) throw new DecodeError(`${name} is over ${maxSize} bytes`);
  const text = utf8Text(data);
  if (text === null) throw new DecodeError(`${name} is not UTF-8 JSON`, "not_json");
  return parseJson(text, { uniqueKeys: true });
}
async function checkEvidence(proven, given, found, { digest, rules, signal, onProgress }) {
  const { manifest } = found;
  if (manifest !== null) {
    if (!equalBytes(proven.entryId, manifest.entry.leafHash())) {
      throw new VerifyError("manifest_mismatch", `the proof bundle proves entry ${bytesToHex(proven.entryId)} (kind ${JSON.stringify(proven.entry.kind)}), not this manifest's package entry ${bytesToHex(manifest.entry.leafHash())}; use the bundle saved when the folder was sealed`);
    }
    withReason("manifest_edited", () => manifest.verifyRoot());
  }
  if (given.folder && manifest !== null && rules !== void 0) {
    try {
      found.files = await verifyFolder(manifest, given.folder, { digest, rules, signal, onProgress });
    } catch (err3) {
      if (!(err3 instanceof PackageFilesDiffer)) throw err3;
      found.files = err3.files;
      throw new VerifyError("package_files_differ", err3.message, err3.code, err3.params);
    }
  } else if (given.disclosure && given.file) {
    const disclosureBytes = given.disclosure;
    const file = given.file;
    const disclosure = withReason("malformed_disclosure", () => readJson(disclosureBytes, "the disclosure", MAX_JSON_BYTES2));
    found.disclosed = await withReasonAsync("disclosure_invalid", () => verifyDisclosure(
      disclosure,
      proven.entry.digest,
      file,
      digest,
      { signal, onProgress: progressOf(file, onProgress) }
    ));
  } else if (given.file) {
    await verifyFile(given.file, proven, digest, { signal, onProgress: progressOf(given.file, onProgress) });
    found.matchedFile = given.file.name;
  }
}
async function verifyFile(file, proven, digest, options) {
  const { entry } = proven;
  if (entry.kind === "package") {
    throw new VerifyError("package_needs_manifest", "the record is a sealed evidence package, whose digest is the root over all its files: give the manifest and the folder, or the file's disclosure");
  }
  const actual = await digest(file, entry.alg, options);
  if (!equalBytes(actual, entry.digest)) {
    throw new VerifyError(
      "file_mismatch",
      `file ${JSON.stringify(file.name)} has ${entry.alg} digest ${bytesToHex(actual)}, the record holds ${bytesToHex(entry.digest)}`,
      "digest_mismatch",
      { file: bytesToHex(actual), record: bytesToHex(entry.digest), alg: entry.alg }
    );
  }
}
function progressOf(file, onProgress) {
  return onProgress === void 0 ? void 0 : (done) => onProgress(file.name, done, file.size);
}

// node/api/static/verify/run.js
var HEX_ID = /^[0-9a-f]{64}$/;
var Meter = class {
  /** @param {() => void} onChange */
  constructor(onChange) {
    this.onChange = onChange;
    this.total = 0;
    this.done = 0;
    this.started = performance.now();
    this.parts = /* @__PURE__ */ new Map();
  }
  /**
   * A new part of `size` bytes; returns the function that hears its bytes done.
   * @param {number} size
   */
  part(size) {
    const key = {};
    this.total += size;
    this.parts.set(key, 0);
    this.onChange();
    return (done) => {
      this.done += done - /** @type {number} */
      this.parts.get(key);
      this.parts.set(key, done);
      this.onChange();
    };
  }
  /** Bytes a second since the check started. */
  get rate() {
    const seconds = (performance.now() - this.started) / 1e3;
    return seconds > 0 ? this.done / seconds : 0;
  }
};
var DigestCache = class {
  /** @param {import('../hashing/hashing.js').HashPool} pool */
  constructor(pool) {
    this.pool = pool;
    this.digests = /* @__PURE__ */ new WeakMap();
  }
  /**
   * The Digest function judge() takes, hashing through the pool; its progress goes to `meter`.
   * @param {Meter} meter
   * @param {AbortSignal} signal
   * @returns {import('../core/package.js').Digest}
   */
  digestFor(meter, signal) {
    return (blob, alg, options) => {
      const byAlg = this.digests.get(blob) ?? /* @__PURE__ */ new Map();
      this.digests.set(blob, byAlg);
      const known = byAlg.get(alg);
      if (known !== void 0) return known;
      const heard = meter.part(blob.size);
      const digest = this.pool.digest(blob, alg, {
        signal,
        onProgress(done) {
          heard(done);
          options?.onProgress?.(done);
        }
      });
      byAlg.set(alg, digest);
      digest.then(() => heard(blob.size), () => byAlg.delete(alg));
      return digest;
    };
  }
};
async function check(given, env, { digest, signal, onProgress }) {
  const anchor = given.genesis !== null ? { origin: (
    /** @type {const} */
    "given"
  ), genesis: given.genesis.genesis, name: given.genesis.name } : env.anchor && { ...env.anchor, name: "" };
  const outcome = { finding: null, prompt: null, bundle: given.bundle, anchor, records: 1 };
  if (outcome.bundle === null) {
    const found = await findBundle(given, env, digest);
    if (found === null) return null;
    if ("prompt" in found) return { ...outcome, prompt: found.prompt };
    outcome.bundle = found.bundle;
    outcome.records = found.records;
  }
  const evidence = arrange(given);
  if ("prompt" in evidence) return { ...outcome, prompt: evidence.prompt };
  outcome.finding = await judge(
    { bundle: outcome.bundle.bytes, genesis: anchor?.genesis ?? null, ...evidence },
    { digest, rules: env.rules, signal, onProgress }
  );
  return outcome;
}
async function findBundle(given, env, digest) {
  const manifestId = given.manifest === null ? null : jsonField(given.manifest.bytes, ["id"]);
  const root = given.disclosure === null ? null : jsonField(given.disclosure.bytes, ["inclusion", "root_hash"]);
  const id = given.wanted?.id ?? manifestId;
  const lone = given.files.length === 1 && given.folder === null && given.manifest === null ? given.files[0] : null;
  if (id === null && root === null && lone === null) {
    const anything = given.files.length > 0 || given.folder !== null || given.manifest !== null || given.disclosure !== null;
    return anything ? { prompt: { code: "needs_bundle", params: {} } } : null;
  }
  if (env.node === null) return { prompt: { code: "offline_needs_bundle", params: {} } };
  if (id !== null) {
    return { bundle: { name: `${id.slice(0, 16)}…`, bytes: await env.node.bytes(`v1/proofs/${id}`), from: "node" }, records: 1 };
  }
  const hex = root ?? bytesToHex(await digest(
    /** @type {File} */
    lone,
    "sha256"
  ));
  const found = await env.node.json(`v1/digests/sha256/${hex}`);
  const entries = Array.isArray(found?.entries) ? found.entries : [];
  const committed = entries.filter((e) => e.status === "committed");
  if (committed.length === 0) {
    const code = entries.length > 0 ? "digest_pending" : lone !== null ? "digest_not_found" : "root_not_found";
    return { prompt: { code, params: { digest: hex } } };
  }
  const bytes = await env.node.bytes(`v1/proofs/${committed[0].id}`);
  return { bundle: { name: `${String(committed[0].id).slice(0, 16)}…`, bytes, from: "node" }, records: committed.length };
}
function arrange(given) {
  const manifest = given.manifest?.bytes ?? null;
  const disclosure = given.disclosure?.bytes ?? null;
  const { files, folder } = given;
  if (folder !== null && manifest === null) return { prompt: { code: "needs_manifest_for_folder", params: {} } };
  if (folder !== null && files.length > 0) return { prompt: { code: "folder_and_files", params: {} } };
  if (disclosure !== null && files.length !== 1) return { prompt: { code: "needs_disclosed_file", params: {} } };
  if (folder !== null) return { file: null, folder: folder.files, manifest, disclosure: null };
  if (manifest !== null && disclosure === null && files.length > 0) {
    const paths = manifestPaths(manifest);
    return {
      file: null,
      folder: files.map((file) => {
        const name = file.name.normalize("NFC");
        const matching = paths.filter((path) => path === name || path.endsWith(`/${name}`));
        return { path: matching.length === 1 ? matching[0] : name, file };
      }),
      manifest,
      disclosure: null
    };
  }
  if (files.length > 1) return { prompt: { code: "needs_manifest_for_files", params: { count: files.length } } };
  return { file: files[0] ?? null, folder: null, manifest, disclosure };
}
function manifestPaths(manifest) {
  const files = jsonField(manifest, ["files"], false);
  return Array.isArray(files) ? files.map((item) => isJsonObject(item) && typeof item.path === "string" ? item.path : "") : [];
}
function jsonField(bytes, path, asHex = true) {
  let value;
  try {
    value = parseJson(utf8Text(bytes) ?? "null");
  } catch {
    return null;
  }
  for (const key of path) value = isJsonObject(value) && Object.hasOwn(value, key) ? value[key] : null;
  if (!asHex) return value;
  return typeof value === "string" && HEX_ID.test(value) ? value : null;
}

// node/api/static/verify/mode.js
var DRAW_INTERVAL_MS = 100;
var HEX_ID2 = /^[0-9a-f]{64}$/;
function nothingGiven() {
  return { bundle: null, manifest: null, disclosure: null, genesis: null, files: [], folder: null, wanted: null };
}
var verifyMode = {
  mount(root, context) {
    return new VerifyMode(root, context);
  }
};
var VerifyMode = class {
  /**
   * @param {HTMLElement} root
   * @param {import('../page/shell.js').ModeContext} context
   */
  constructor(root, context) {
    this.context = context;
    this.env = context.env;
    this.given = nothingGiven();
    this.refused = [];
    this.zips = /** @type {string[]} */
    [];
    this.outcome = null;
    this.running = null;
    this.failure = null;
    this.cache = new DigestCache(this.env.pool);
    this.lastDraw = 0;
    this.certificate = this.openRecord();
    this.parts = {
      certificate: el("div", { attrs: { id: "certificate-part" } }),
      intro: el("p", { cls: "intro" }),
      drop: this.dropZone(),
      given: el("section", { cls: "given", attrs: { id: "given", hidden: "" } }),
      progress: el("section", { cls: "progress", attrs: { id: "progress-section", hidden: "" } }),
      verdict: el("div", { attrs: { id: "verdict-part", "aria-busy": "false" } })
    };
    root.append(...Object.values(this.parts));
    if (this.certificate !== null) this.start();
  }
  /**
   * The record a certificate carries: its bundle becomes what is given.
   * @returns {{ record: import('../certificate/record.js').CertificateRecord | null, outcome: import('./run.js').Outcome | null } | null}
   */
  openRecord() {
    if (this.env.record === null) return null;
    try {
      const record = readRecord(this.env.record);
      this.given.bundle = { name: "record", bytes: record.bundle, from: "record" };
      return { record, outcome: null };
    } catch (err3) {
      if (!(err3 instanceof LedgerError)) throw err3;
      return { record: null, outcome: null };
    }
  }
  /** @param {URLSearchParams} params the page address's, after #verify? */
  route(params) {
    const id = params.get("id");
    if (id === null || !HEX_ID2.test(id) || this.given.wanted?.id === id) return;
    this.given.wanted = { id, kind: params.get("kind") };
    this.start();
  }
  unmount() {
    this.running?.controller.abort();
  }
  dropZone() {
    const fileInput = el("input", { attrs: { type: "file", id: "file-input", multiple: "" } });
    const folderInput = el("input", { attrs: { type: "file", id: "folder-input", webkitdirectory: "", multiple: "" } });
    for (const input of [fileInput, folderInput]) {
      input.addEventListener("change", () => {
        const files = (
          /** @type {HTMLInputElement} */
          input.files
        );
        if (files?.length) this.take(pickedFromInput(files));
        input.value = "";
      });
    }
    const zone = el("section", { cls: "drop", attrs: { id: "drop" } }, [
      el("p", { cls: "drop-title", attrs: { "data-text": "drop.title" } }),
      el("p", { cls: "drop-hint", attrs: { "data-text": "drop.hint" } }),
      el("div", { cls: "pick" }, [
        el("label", { cls: "button" }, [fileInput, el("span", { attrs: { "data-text": "drop.files" } })]),
        el("label", { cls: "button secondary" }, [folderInput, el("span", { attrs: { "data-text": "drop.folder" } })])
      ]),
      el("p", { cls: "privacy", attrs: { "data-text": "drop.privacy" } })
    ]);
    zone.addEventListener("dragover", (event) => {
      event.preventDefault();
      zone.classList.add("over");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", async (event) => {
      event.preventDefault();
      zone.classList.remove("over");
      if (event.dataTransfer) this.take(await pickedFromDrop(event.dataTransfer));
    });
    return zone;
  }
  /** @param {import('./intake.js').Picked[]} picked */
  async take(picked) {
    for (const piece of await recognise(picked)) {
      const { given } = this;
      switch (piece.kind) {
        case "bundle":
        case "manifest":
        case "disclosure":
          given[piece.kind] = { name: piece.name, bytes: piece.bytes, from: piece.from };
          break;
        case "genesis":
          given.genesis = { name: piece.name, genesis: piece.genesis };
          break;
        case "zip":
          this.zips.push(piece.name);
          break;
        case "evidence":
          given.files = [...given.files.filter((f) => f.name !== piece.file.name), piece.file];
          break;
        case "folder":
          given.folder = { name: piece.name, files: piece.files };
          break;
        case "refused":
          this.refused.push(piece);
          break;
        default:
          break;
      }
    }
    this.start();
  }
  /** Start a new check of what is given now; the one running is cancelled. */
  start() {
    this.running?.controller.abort();
    const controller = new AbortController();
    const meter = new Meter(() => this.drawProgress());
    const running = { controller, meter };
    this.running = running;
    this.outcome = null;
    this.failure = null;
    this.parts.verdict.setAttribute("aria-busy", "true");
    this.render();
    const given = { ...this.given };
    check(given, this.env, {
      digest: this.cache.digestFor(meter, controller.signal),
      signal: controller.signal
    }).then((outcome) => {
      if (this.running !== running) return;
      this.outcome = outcome;
      if (this.certificate !== null && given.bundle?.from === "record" && this.certificate.outcome === null) {
        this.certificate.outcome = outcome;
      }
    }, (err3) => {
      if (this.running !== running) return;
      this.failure = failureOf(err3, controller.signal);
    }).finally(() => {
      if (this.running !== running) return;
      this.running = null;
      this.parts.verdict.setAttribute("aria-busy", "false");
      this.render();
    });
  }
  cancel() {
    this.running?.controller.abort();
  }
  /** @param {keyof import('./run.js').Given | File} what */
  remove(what) {
    if (what instanceof File) this.given.files = this.given.files.filter((file) => file !== what);
    else if (what === "files") this.given.files = [];
    else this.given[what] = null;
    if (what === "bundle") this.zips = [];
    this.start();
  }
  clear() {
    const kept = this.given.bundle?.from === "record" ? this.given.bundle : null;
    this.given = { ...nothingGiven(), bundle: kept };
    this.refused = [];
    this.zips = [];
    this.start();
  }
  render() {
    const { t } = this.context;
    for (
      const node of
      /** @type {NodeListOf<HTMLElement>} */
      this.parts.drop.querySelectorAll("[data-text]")
    ) {
      node.textContent = t(`${node.dataset.text}${node.dataset.text === "drop.privacy" && this.env.offline ? ".offline" : ""}`);
    }
    this.parts.intro.textContent = t(this.certificate === null ? "verify.intro" : "verify.intro.certificate");
    this.renderCertificate();
    this.renderGiven();
    this.drawProgress(true);
    this.renderVerdict();
  }
  renderCertificate() {
    const part = this.parts.certificate;
    part.replaceChildren();
    document.body.classList.toggle("has-certificate", this.certificate !== null);
    if (this.certificate === null || this.certificate.record !== null && this.certificate.outcome === null) return;
    part.append(certificateView(this.certificate.record, this.certificate.outcome, this.context));
  }
  renderGiven() {
    const { t } = this.context;
    const { given } = this;
    const list = el("ul", { cls: "given-list" });
    const row = (key, params, what) => {
      const remove = what === null ? null : el("button", { cls: "remove", text: "×", attrs: { type: "button", "aria-label": t("given.remove") } });
      remove?.addEventListener("click", () => this.remove(
        /** @type {keyof import('./run.js').Given | File} */
        what
      ));
      list.append(el("li", { attrs: { "data-given": key.split(".")[1] } }, [el("span", { text: t(key, params) }), remove]));
    };
    if (given.bundle !== null && given.bundle.from !== "record") {
      row(`given.bundle.${given.bundle.from}`, { name: given.bundle.name }, "bundle");
    }
    for (const name of this.zips) row("given.zip", { name }, null);
    if (given.manifest !== null) row("given.manifest", { name: given.manifest.name }, "manifest");
    if (given.disclosure !== null) row("given.disclosure", { name: given.disclosure.name }, "disclosure");
    if (given.genesis !== null) row("given.genesis", { name: given.genesis.name }, "genesis");
    if (given.folder !== null) row("given.folder", { name: given.folder.name, count: given.folder.files.length }, "folder");
    for (const file of given.files) row("given.file", { name: file.name, size: formatBytes(file.size) }, file);
    if (given.wanted !== null) row(`given.wanted.${given.wanted.kind === "package" ? "package" : "file"}`, { id: given.wanted.id.slice(0, 16) }, "wanted");
    for (const item of this.refused) row("given.refused", { name: item.name, why: t(`refused.${item.code}`, item.params) }, null);
    const again = el("button", { cls: "button secondary", text: t("given.clear"), attrs: { type: "button", id: "clear" } });
    again.addEventListener("click", () => this.clear());
    this.parts.given.hidden = list.childElementCount === 0;
    this.parts.given.replaceChildren(el("h2", { text: t("given.title") }), list, el("p", { cls: "actions" }, [again]));
  }
  /** @param {boolean} [now] draw even if the last drawing was less than 100 ms ago */
  drawProgress(now = false) {
    const section = this.parts.progress;
    const running = this.running;
    if (running === null || running.meter.total === 0) {
      section.hidden = true;
      return;
    }
    const moment = performance.now();
    if (!now && moment - this.lastDraw < DRAW_INTERVAL_MS && running.meter.done < running.meter.total) return;
    this.lastDraw = moment;
    const { t } = this.context;
    const { done, total, rate } = running.meter;
    section.hidden = false;
    const bar = el("progress", { attrs: { max: "1000", value: String(total ? Math.round(done / total * 1e3) : 1e3) } });
    const cancel = el("button", { cls: "button secondary", text: t("progress.cancel"), attrs: { type: "button", id: "cancel" } });
    cancel.addEventListener("click", () => this.cancel());
    section.replaceChildren(bar, el("p", { attrs: { id: "progress-text" }, text: t("progress.hashing", {
      done: formatBytes(done),
      total: formatBytes(total),
      percent: Math.floor(total ? done / total * 100 : 100),
      rate: formatRate(rate)
    }) }), el("p", { cls: "actions" }, [cancel]));
  }
  renderVerdict() {
    const part = this.parts.verdict;
    part.replaceChildren();
    const { t, hasText: hasText2 } = this.context;
    const outcome = this.failure === null ? this.outcome : { finding: null, prompt: this.failure, bundle: null, anchor: null, records: 1 };
    if (outcome === null || outcome === this.certificate?.outcome) return;
    const evidenceGiven = this.given.files.length > 0 || this.given.folder !== null || this.given.manifest !== null;
    part.append(verdictView(outcome, { t, hasText: hasText2, evidenceGiven, notes: [], actions: this.actions(outcome) }));
  }
  /** @param {import('./run.js').Outcome} outcome */
  actions(outcome) {
    const { t } = this.context;
    const actions = [];
    const { finding, bundle } = outcome;
    const passed = finding?.proven != null && (finding.verdict === "valid" || finding.verdict === "unconfirmed");
    if (passed && bundle !== null && this.env.node !== null) {
      const button = el("button", { cls: "button", text: t("action.certificate"), attrs: { type: "button", id: "download-certificate" } });
      button.addEventListener("click", () => this.downloadCertificate(outcome));
      actions.push(button);
    }
    if (bundle?.from === "node") {
      const button = el("button", { cls: "button secondary", text: t("action.bundle"), attrs: { type: "button", id: "download-bundle" } });
      button.addEventListener("click", () => download(new Uint8Array(bundle.bytes), `proof-${bundle.name.slice(0, 16)}.cunzheng.json`, "application/json"));
      actions.push(button);
    }
    return actions;
  }
  /**
   * The certificate of the record just verified: this node's offline verifier with the
   * record embedded, as `cunzheng certificate` writes it.
   * @param {import('./run.js').Outcome} outcome
   */
  async downloadCertificate(outcome) {
    const { finding, bundle } = outcome;
    const node = (
      /** @type {import('../page/environment.js').NodeClient} */
      this.env.node
    );
    const proven = (
      /** @type {import('../core/bundle.js').BundleFacts} */
      finding?.proven
    );
    const manifest = proven.entry.kind === "package" && finding?.reason !== "manifest_mismatch" ? finding?.manifest ?? null : null;
    const verifier = await node.text("verifier.html");
    const record = certificateRecord(
      parseJson(utf8Text(
        /** @type {import('./run.js').GivenJson} */
        bundle.bytes
      ) ?? "null"),
      manifest,
      `${window.location.origin}${window.location.pathname}`
    );
    const number = certificateNumber(proven.entryId).replaceAll(" ", "");
    download(embedRecord(verifier, record), `cunzheng-certificate-${number}.html`, "text/html");
  }
};
function failureOf(err3, signal) {
  if (signal.aborted) return { code: "cancelled", params: {} };
  if (err3 instanceof NodeError) return { code: err3.code, params: err3.params };
  return { code: "file_read_error", params: { detail: err3 instanceof Error ? err3.message : String(err3) } };
}

// node/api/static/offline.js
startPage([{ name: "verify", titleKey: "mode.verify", load: async () => verifyMode }]);
