// The steps of the page's 存证 mode: one per role of rules.json (ledger/manifest.py ROLES),
// each with the folder its files are sealed under. A file added under a step gets the
// package path "<folder>/<name>" (seal.js), and its role is declared in the manifest, never
// guessed. The folder names are chosen so that `cunzheng seal`'s guess (infer_role, from the
// words of the path) gives the same role wherever the file's name lets it: a folder name
// holds the words of its role's first word group and of the second where there is one
// (我的资料: "我的" and "资料"); roles told by the extension alone (voice, image) cannot be
// named into a folder, and tests/js/preserve-seal.test.js checks the agreement with the
// real command for a file of each step.
//
// The order is the order a litigant goes through them: who holds each account, the
// conversation, its voice messages and their transcripts, transfers, the recording of the
// collection, then pictures and anything else.

/** @typedef {{ role: string, folder: string }} Step */

/** @type {readonly Step[]} */
export const STEPS = Object.freeze([
  { role: 'owner_profile', folder: '我的资料' },
  { role: 'counterparty_profile', folder: '对方资料' },
  { role: 'conversation', folder: '聊天记录' },
  { role: 'voice', folder: '语音' },
  { role: 'voice_transcript', folder: '语音文字' },
  { role: 'transfer_record', folder: '转账记录' },
  { role: 'screen_recording', folder: '录屏' },
  { role: 'image', folder: '图片' },
  { role: 'other', folder: '其他' },
]);

/**
 * The folder the files of `role`'s step are sealed under.
 * Throws TypeError for a role that has no step.
 * @param {string} role
 */
export function stepFolder(role) {
  const step = STEPS.find((item) => item.role === role);
  if (step === undefined) {
    throw new TypeError(`no step of the page has role ${JSON.stringify(role)}; roles: `
      + `${STEPS.map((item) => item.role).join(', ')}`);
  }
  return step.folder;
}
