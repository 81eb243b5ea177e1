// 存证 mode, part three: the button that seals and preserves, then how far the current
// preservation has come — the hashing (a progress bar over all files with the rate, the files
// done, each file being hashed, a cancel button), then 已提交 → 已受理（回执）→ 已上链（k / n
// 个公证节点签名）, a busy node's countdown, a failure and its automatic retry — and once it is
// on the ledger, the 存证包 to download and what to keep.
//
// Its elements are made once and their words and values changed in place, so that the focus
// of a keyboard user (on the cancel button, say) survives every redraw.

import { noLaterThan, recordNumber } from '../core/display.js';
import { el, formatBytes, formatRate } from '../page/dom.js';
import { statedTimeMs } from './stated-time.js';

const KEEP = ['zip', 'files', 'device', 'browser'];

/** @typedef {ReturnType<import('./submit.js').failureKind>} Failure */

/**
 * Where the current preservation stands, as the mode knows it.
 * @typedef {object} RunState
 * @property {'idle' | 'sealing' | 'preserving' | 'stopped'} phase stopped: cancelled, or not sealed
 * @property {import('./seal-meter.js').SealMeter | null} meter while sealing
 * @property {import('./store.js').Preservation | null} record as last stored, once sealed
 * @property {{ key: string, params: Record<string, unknown> } | null} message why it stopped, or what is missing
 * @property {number | null} countdown seconds until a busy node is asked again
 * @property {Failure | null} failure the last failure of the record's preservation, to be tried again
 * @property {string | null} downloadError
 */

/**
 * The steps of a stored preservation: [words, params, 'done' | 'now' | 'todo'], 'now' for
 * the one it waits on (the node's receipt while submitting, the commit once receipted). A
 * stored preservation is submitted (已提交): it is stored before its entry is sent.
 * @param {import('./store.js').Preservation} record
 * @returns {[string, Record<string, unknown>, string][]}
 */
export function stagesOf(record) {
  const reached = ['submitting', 'receipted', 'committed'].indexOf(record.status);
  const { committed } = record;
  return [
    ['preserve.stage.sealed', {}, 'done'],
    ['preserve.stage.submitting', {}, 'done'],
    reached > 0 ? ['preserve.stage.receipted', {}, 'done'] : ['preserve.stage.receipted.waiting', {}, 'now'],
    committed === null ? ['preserve.stage.committed.waiting', {}, reached > 0 ? 'now' : 'todo']
      : ['preserve.stage.committed.signed', { k: committed.signers, n: committed.notaries }, 'done'],
  ];
}

/**
 * The words of a status: the furthest step reached.
 * @param {import('./store.js').Preservation} record
 * @param {import('../verify/words.js').Translate} t
 */
export function statusWords(record, t) {
  const reached = stagesOf(record).filter(([, , state]) => state === 'done').at(-1);
  const [key, params] = reached ?? ['preserve.stage.submitting', {}];
  return t(key, params);
}

/**
 * What a failure of a preservation means for the litigant (it is tried again either way).
 * @param {Failure} failure
 * @param {import('../verify/words.js').Translate} t
 */
export function failureWords(failure, t) {
  const { kind, message } = failure;
  return t('preserve.failed', { detail: t(`preserve.failed.${kind}`, { message }) });
}

export class RunView {
  /**
   * @param {{ onSeal: () => void, onCancel: () => void, onDownload: (record: import('./store.js').Preservation) => void,
   *   onNew: () => void }} actions
   */
  constructor({ onSeal, onCancel, onDownload, onNew }) {
    this.seal = el('button', { cls: 'button', attrs: { type: 'button', id: 'seal', 'data-text': 'preserve.seal.button' } });
    this.seal.addEventListener('click', onSeal);
    this.cancel = el('button', { cls: 'button secondary', attrs: { type: 'button', id: 'cancel-seal', 'data-text': 'progress.cancel' } });
    this.cancel.addEventListener('click', onCancel);
    this.bar = /** @type {HTMLProgressElement} */ (el('progress', { attrs: { id: 'seal-bar', max: '1000', value: '0' } }));
    this.totals = el('p', { attrs: { id: 'seal-progress-text' } });
    this.files = el('p', { attrs: { id: 'seal-files' } });
    this.hashing = el('ul', { cls: 'hashing-files', attrs: { id: 'seal-hashing' } });
    this.progress = el('div', { cls: 'progress', attrs: { id: 'seal-progress', hidden: '' } },
      [this.bar, this.totals, this.files, this.hashing, el('p', { cls: 'actions' }, [this.cancel])]);
    this.stages = el('ol', { cls: 'stages', attrs: { id: 'stages', hidden: '' } });
    this.message = el('p', { cls: 'run-message', attrs: { id: 'run-message', role: 'status', hidden: '' } });
    this.download = el('button', { cls: 'button', attrs: { type: 'button', id: 'download-package', 'data-text': 'preserve.download' } });
    this.download.addEventListener('click', () => this.record !== null && onDownload(this.record));
    this.fresh = el('button', { cls: 'button secondary', attrs: { type: 'button', id: 'new-preservation', 'data-text': 'preserve.new' } });
    this.fresh.addEventListener('click', onNew);
    this.doneSentence = el('p', { cls: 'verdict-sentence', attrs: { id: 'done-sentence' } });
    this.downloadError = el('p', { cls: 'refused', attrs: { id: 'download-error', hidden: '' } });
    this.done = el('div', { cls: 'verdict valid', attrs: { id: 'preserved', hidden: '' } }, [
      el('p', { cls: 'verdict-title', attrs: { 'data-text': 'preserve.done.title' } }),
      this.doneSentence,
      el('p', { cls: 'actions' }, [this.download]),
      this.downloadError,
      el('h3', { attrs: { 'data-text': 'preserve.keep.title' } }),
      el('ol', { cls: 'keep' }, KEEP.map((what) => el('li', { attrs: { 'data-text': `preserve.keep.${what}` } }))),
    ]);
    /** @type {import('./store.js').Preservation | null} */
    this.record = null;
    this.element = el('section', { cls: 'seal', attrs: { id: 'seal-section' } }, [
      el('h2', { attrs: { 'data-text': 'preserve.seal.title' } }),
      el('p', { cls: 'note', attrs: { 'data-text': 'preserve.seal.intro' } }),
      el('p', { cls: 'actions' }, [this.seal]),
      this.progress, this.stages, this.message, this.done,
      el('p', { cls: 'actions' }, [this.fresh]),
    ]);
  }

  /**
   * @param {RunState} run
   * @param {import('../verify/words.js').Translate} t
   */
  render(run, t) {
    const { record } = run;
    this.record = record;
    this.seal.hidden = run.phase === 'sealing' || run.phase === 'preserving';
    this.fresh.hidden = run.phase !== 'preserving';
    this.drawProgress(run, t);
    this.stages.hidden = record === null;
    if (record !== null) {
      this.stages.replaceChildren(...stagesOf(record).map(([key, params, state]) => el('li', {
        cls: state, attrs: { 'data-stage': key.split('.')[2], 'data-state': state },
      }, [el('span', { cls: 'mark', attrs: { 'aria-hidden': 'true' }, text: { done: '✔', now: '…', todo: '○' }[state] ?? '' }), t(key, params)])));
    }
    const line = this.messageLine(run, t);
    this.message.hidden = line === null;
    this.message.textContent = line ?? '';
    const committed = record?.status === 'committed' ? record.committed : null;
    this.done.hidden = committed === null;
    if (record !== null && committed !== null) {
      this.doneSentence.textContent = t('preserve.done.sentence', {
        count: record.entry.meta.files, beijing: noLaterThan(statedTimeMs(record)).beijing, height: committed.height,
        record: recordNumber(committed.leafIndex), k: committed.signers, n: committed.notaries,
      });
    }
    this.downloadError.hidden = run.downloadError === null;
    this.downloadError.textContent = run.downloadError === null ? '' : t('preserve.download.failed', { detail: run.downloadError });
  }

  /**
   * The one line under the steps: a countdown, a failure, the wait for the commit, or why
   * sealing stopped.
   * @param {RunState} run
   * @param {import('../verify/words.js').Translate} t
   * @returns {string | null}
   */
  messageLine(run, t) {
    if (run.message !== null) return t(run.message.key, run.message.params);
    if (run.phase !== 'preserving' || run.record === null || run.record.status === 'committed') return null;
    if (run.countdown !== null && run.countdown > 0) return t('preserve.busy', { seconds: run.countdown });
    if (run.failure !== null) return failureWords(run.failure, t);
    return run.record.status === 'receipted' ? t('preserve.waiting') : null;
  }

  /**
   * The hashing's progress: drawn on every change of the meter (the mode throttles).
   * @param {RunState} run
   * @param {import('../verify/words.js').Translate} t
   */
  drawProgress(run, t) {
    const { meter } = run;
    this.progress.hidden = run.phase !== 'sealing' || meter === null;
    if (meter === null || this.progress.hidden) return;
    const { done, total, rate } = meter;
    const fraction = total > 0 ? done / total : 1;
    this.bar.value = Math.round(fraction * 1000);
    this.totals.textContent = t('progress.hashing', {
      done: formatBytes(done), total: formatBytes(total), percent: Math.floor(fraction * 100), rate: formatRate(rate),
    });
    this.files.textContent = t('preserve.seal.files', { done: meter.finished, count: meter.count });
    this.hashing.replaceChildren(...[...meter.hashing.values()].map((file) => el('li', {
      text: t('preserve.seal.file', { name: file.name, percent: Math.floor(file.size > 0 ? (file.done / file.size) * 100 : 100) }),
    })));
  }
}
