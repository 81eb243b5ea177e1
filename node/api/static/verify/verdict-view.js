// The verdict of the 核验 mode on the page: a headline, the one sentence, then for a package
// each file's status in words, the collection record (the litigant's own statement), the
// record's facts, the notaries and the checks. data-verdict and data-reason carry the
// contract's values (docs/verdicts.md) for tests and assistive tools.

import { bytesToHex } from '../core/bytes.js';
import { certificateNumber, noLaterThan, recordNumber } from '../core/display.js';
import { el, fact } from '../page/dom.js';
import { checkKey, checkStates, failureWords, notaries, provenSentence } from './words.js';

/**
 * @typedef {object} ViewContext
 * @property {import('./words.js').Translate} t
 * @property {(key: string) => boolean} hasText
 * @property {boolean} evidenceGiven
 * @property {string[]} notes lines shown under the sentence (the page's own notes)
 * @property {HTMLElement[]} actions buttons and links for the end of the verdict
 */

const ALG_LABELS = /** @type {Record<string, string>} */ ({ sha256: 'SHA-256', sm3: 'SM3', sha512: 'SHA-512' });

/**
 * The verdict section for `outcome` (a verdict, or what is still needed).
 * @param {import('./run.js').Outcome} outcome
 * @param {ViewContext} ctx
 */
export function verdictView(outcome, ctx) {
  const { t } = ctx;
  const box = el('section', { cls: 'verdict', attrs: { id: 'verdict', 'aria-live': 'polite' } });
  const { finding } = outcome;
  if (finding === null) return promptView(box, outcome, ctx);
  box.dataset.verdict = finding.verdict;
  box.dataset.reason = finding.reason;
  box.dataset.notices = finding.notices.join(' ');
  box.classList.add(finding.verdict);
  box.append(el('p', { cls: 'verdict-title', text: t(`headline.${finding.verdict}`) }));
  const passed = finding.proven !== null && (finding.verdict === 'valid' || finding.verdict === 'unconfirmed');
  if (passed) {
    box.dataset.noLaterThanMs = String(/** @type {import('../core/bundle.js').BundleFacts} */ (finding.proven).noLaterThanMs);
    box.append(el('p', { cls: 'verdict-sentence', text: provenSentence(finding, outcome.anchor, t) }));
  } else {
    const { reason, detail } = failureWords(finding, t, ctx.hasText);
    box.append(el('p', { cls: 'verdict-sentence', text: reason }));
    if (detail !== null) box.append(el('p', { cls: 'verdict-detail', text: detail }));
  }
  appendNotes(box, [
    ...ctx.notes,
    ...finding.notices.map((notice) => t(`notice.${notice}`)),
    ...passed ? followUps(finding, outcome, t) : [],
  ]);
  if (finding.files !== null) box.append(filesView(finding.files, t));
  // A manifest's collection record is shown once the manifest is known to be the record's
  // and as sealed: an edited one says nothing.
  const manifestHolds = finding.proven !== null && !['manifest_mismatch', 'manifest_edited'].includes(finding.reason);
  if (finding.manifest !== null && manifestHolds) box.append(collectionView(finding.manifest.collection, t));
  if (finding.proven !== null) {
    box.append(recordView(finding.proven, t));
    box.append(notariesView(finding.proven, outcome.anchor?.genesis ?? null, t));
  }
  box.append(checksView(finding, ctx.evidenceGiven, t));
  if (finding.error !== null) {
    box.append(el('details', { cls: 'technical' }, [
      el('summary', { text: t('verdict.technical') }), el('p', { cls: 'mono', text: finding.error.message }),
    ]));
  }
  box.append(el('p', { cls: 'actions' }, ctx.actions));
  return box;
}

/**
 * What is still needed before there can be a verdict, in `box`.
 * @param {HTMLElement} box
 * @param {import('./run.js').Outcome} outcome
 * @param {ViewContext} ctx
 */
function promptView(box, outcome, { t, notes, actions }) {
  const prompt = /** @type {{ code: string, params: Record<string, unknown> }} */ (outcome.prompt);
  box.dataset.verdict = 'none';
  box.dataset.reason = prompt.code;
  box.classList.add('needs');
  box.append(el('p', { cls: 'verdict-title', text: t('headline.needs') }),
    el('p', { cls: 'verdict-sentence', text: t(`prompt.${prompt.code}`, prompt.params) }));
  appendNotes(box, notes);
  box.append(el('p', { cls: 'actions' }, actions));
  return box;
}

/**
 * @param {HTMLElement} box
 * @param {string[]} lines
 */
function appendNotes(box, lines) {
  for (const line of lines) box.append(el('p', { cls: 'note-line', text: line }));
}

/**
 * What else to give or compare after a bundle checked out.
 * @param {import('../core/evidence.js').Finding} finding
 * @param {import('./run.js').Outcome} outcome
 * @param {import('./words.js').Translate} t
 */
function followUps(finding, outcome, t) {
  const proven = /** @type {import('../core/bundle.js').BundleFacts} */ (finding.proven);
  const lines = [];
  const isPackage = proven.entry.kind === 'package';
  if (finding.files === null && finding.disclosed === null && finding.matchedFile === null) {
    lines.push(t(isPackage ? 'follow.package' : 'follow.file'));
  }
  if (finding.verdict === 'unconfirmed') {
    lines.push(proven.genesisHash === null ? t('follow.unconfirmed.not_carried') : t('follow.unconfirmed', { genesis: bytesToHex(proven.genesisHash) }));
  }
  const url = outcome.anchor?.genesis.publication?.url;
  if (finding.verdict === 'valid' && url) lines.push(t('follow.published', { url }));
  if (outcome.records > 1) lines.push(t('follow.several', { count: outcome.records }));
  return lines;
}

/**
 * Each path of a compared folder with its status in words.
 * @param {import('../core/package.js').FileStatus[]} files
 * @param {import('./words.js').Translate} t
 */
function filesView(files, t) {
  const list = el('ul', { cls: 'file-statuses' });
  for (const file of files) {
    const status = t(`file.${file.status}`, { to: file.to ?? '' });
    /** @type {Record<string, string>} */
    const attrs = { 'data-status': file.status };
    if (file.to !== undefined) attrs['data-to'] = file.to;
    list.append(el('li', { cls: `status-${file.status}`, attrs }, [
      el('span', { cls: 'path mono', text: file.path }), el('span', { cls: 'state', text: status }),
    ]));
  }
  return el('div', { cls: 'part' }, [el('h3', { text: t('files.title', { count: files.length }) }), list]);
}

/**
 * The collection record, marked as the litigant's own statement.
 * @param {import('../core/collection.js').CollectionRecord} collection
 * @param {import('./words.js').Translate} t
 */
export function collectionView(collection, t) {
  return statementView(collection.statement, collection.steps, collection.isSealed, t);
}

/**
 * @param {Record<string, string | null>} statement
 * @param {string[]} steps
 * @param {boolean} sealed
 * @param {import('./words.js').Translate} t
 */
export function statementView(statement, steps, sealed, t) {
  const facts = el('dl', { cls: 'facts' });
  for (const [name, value] of Object.entries(statement)) {
    fact(facts, t(`collection.${name}`), value ?? t('collection.unstated'));
  }
  if (steps.length) fact(facts, t('collection.steps'), el('ol', {}, steps.map((step) => el('li', { text: step }))));
  return el('div', { cls: 'part collection' }, [
    el('h3', { text: t('collection.title') }),
    el('p', { cls: 'note', text: t(sealed ? 'collection.sealed' : 'collection.unsealed') }),
    facts,
  ]);
}

/**
 * The record's facts: certificate number, times, block, position, digest.
 * @param {import('../core/bundle.js').BundleFacts} proven
 * @param {import('./words.js').Translate} t
 * @param {{ blockTime?: boolean }} [options] blockTime false: leave out the block time by
 *   the proposer's clock (the certificate, which must print on one page)
 */
export function recordView(proven, t, { blockTime = true } = {}) {
  const time = noLaterThan(proven.noLaterThanMs);
  const facts = el('dl', { cls: 'facts record' });
  fact(facts, t('record.number'), certificateNumber(proven.entryId));
  fact(facts, t('record.time'), t('time.beijing', { time: time.beijing }), t('time.utc', { time: time.utc }));
  // The proposer's clock, kept visible: the stated time adds the margin the genesis allows it.
  if (blockTime) {
    fact(facts, t('record.block_time'), t('record.block_time.value', {
      time: new Date(proven.header.timeMs).toISOString(), margin: proven.noLaterThanMs - proven.header.timeMs,
    }));
  }
  fact(facts, t('record.block'), t('record.block.value', { height: proven.header.height, number: recordNumber(proven.leafIndex) }));
  const isPackage = proven.entry.kind === 'package';
  fact(facts, t(isPackage ? 'record.root' : 'record.digest', { alg: ALG_LABELS[proven.entry.alg] ?? proven.entry.alg }),
    el('span', { cls: 'mono', text: bytesToHex(proven.entry.digest) }));
  if (isPackage) fact(facts, t('record.files'), proven.entry.meta.get('files') ?? '?');
  else if (proven.entry.kind) fact(facts, t('record.kind'), proven.entry.kind);
  const meta = [...proven.entry.meta].filter(([key]) => !(isPackage && key === 'files'));
  if (meta.length) fact(facts, t('record.meta'), ...meta.map(([key, value]) => t('record.meta.item', { key, value })));
  fact(facts, t('record.id'), el('span', { cls: 'mono', text: bytesToHex(proven.entryId) }));
  fact(facts, t('record.chain'), proven.header.chainId);
  fact(facts, t('record.genesis'), proven.genesisHash === null ? t('record.genesis.not_carried')
    : el('span', { cls: 'mono', text: bytesToHex(proven.genesisHash) }));
  return el('div', { cls: 'part' }, [el('h3', { text: t('record.title') }), facts]);
}

/**
 * The notaries, each signed or "did not take part (does not affect validity)".
 * @param {import('../core/bundle.js').BundleFacts} proven
 * @param {import('../core/validators.js').Genesis | null} genesis
 * @param {import('./words.js').Translate} t
 */
export function notariesView(proven, genesis, t) {
  const rows = notaries(proven, genesis).map((notary) => el('tr', { cls: notary.signed ? 'signed' : 'absent' }, [
    el('td', {}, [el('span', { text: notary.name }), notary.organisation === null ? null
      : el('span', { cls: 'organisation', text: notary.organisation })]),
    el('td', { cls: 'num', text: String(notary.power) }),
    el('td', { cls: 'signature', text: t(notary.signed ? 'notary.signed' : 'notary.absent') }),
  ]));
  const table = el('table', { cls: 'notaries' }, [
    el('thead', {}, [el('tr', {}, [
      el('th', { text: t('notary.name') }), el('th', { cls: 'num', text: t('notary.power') }),
      el('th', { text: t('notary.signature') }),
    ])]),
    el('tbody', {}, rows),
  ]);
  const signedPower = notaries(proven, genesis).filter((n) => n.signed).reduce((sum, n) => sum + n.power, 0);
  return el('div', { cls: 'part' }, [
    el('h3', { text: t('notary.title') }), table,
    el('p', { cls: 'note', text: t('notary.quorum', { power: signedPower, total: proven.validators.totalPower }) }),
  ]);
}

/**
 * @param {import('../core/evidence.js').Finding} finding
 * @param {boolean} evidenceGiven
 * @param {import('./words.js').Translate} t
 */
function checksView(finding, evidenceGiven, t) {
  const marks = { ok: '✔', fail: '✘', todo: '·' };
  const list = el('ol', { cls: 'checks' });
  for (const { check, state } of checkStates(finding, evidenceGiven)) {
    const label = check === 'chain' && state === 'ok' && finding.verdict === 'unconfirmed'
      ? t('check.chain.unconfirmed') : t(checkKey(check, finding));
    list.append(el('li', { cls: state, attrs: { 'data-check': check } }, [el('span', { cls: 'mark', text: marks[state] }), label]));
  }
  return el('div', { cls: 'part' }, [el('h3', { text: t('check.title') }), list]);
}
