// 存证 mode: this browser's preservations (store.js), the newest first, each with its
// certificate number, its number of files, when it was made and how far it has come; a
// committed one with its 存证包 to download, a pending one with its last failure and a button
// to try again now (the mode takes pending ones up by itself when the page opens, and again
// after a failure).

import { hexToBytes } from '../core/bytes.js';
import { certificateNumber, timeOf } from '../core/display.js';
import { el } from '../page/dom.js';
import { failureWords, statusWords } from './run-view.js';

/**
 * What the list shows beside the stored records.
 * @typedef {object} HistoryState
 * @property {import('./store.js').Preservation[]} records newest first
 * @property {string} node this page's node: records of another are listed, not taken up
 * @property {Map<string, import('./run-view.js').Failure>} failures the last failure of each record this page drove
 * @property {Map<string, string>} downloadErrors why a record's 存证包 could not be made
 */

export class HistoryView {
  /**
   * @param {{ onDownload: (record: import('./store.js').Preservation) => void, onRetry: () => void }} actions
   */
  constructor({ onDownload, onRetry }) {
    this.onDownload = onDownload;
    this.onRetry = onRetry;
    this.list = el('ul', { cls: 'preservation-list', attrs: { id: 'preservation-list' } });
    this.element = el('section', { cls: 'preservations', attrs: { id: 'preservations', hidden: '' } }, [
      el('h2', { attrs: { 'data-text': 'preserve.list.title' } }),
      this.list,
    ]);
  }

  /**
   * @param {HistoryState} state
   * @param {import('../verify/words.js').Translate} t
   */
  render({ records, node, failures, downloadErrors }, t) {
    this.element.hidden = records.length === 0;
    this.list.replaceChildren(...records.map((record) => {
      const number = certificateNumber(/** @type {Uint8Array} */ (hexToBytes(record.id)));
      const made = t('time.beijing', { time: timeOf(record.createdMs).beijing });
      const lines = [
        el('p', { cls: 'item-title', text: t('preserve.list.item', { number, count: record.entry.meta.files, time: made }) }),
        el('p', { cls: `item-status ${record.status}`, text: statusWords(record, t) }),
      ];
      /** @type {HTMLElement | null} */
      let action = null;
      if (record.node !== node) {
        lines.push(el('p', { cls: 'note', text: t('preserve.other_node', { node: record.node }) }));
      } else if (record.status === 'committed') {
        action = this.button('preserve.download', 'button', () => this.onDownload(record), t);
        const problem = downloadErrors.get(record.id);
        if (problem !== undefined) lines.push(el('p', { cls: 'refused', text: t('preserve.download.failed', { detail: problem }) }));
      } else if (failures.has(record.id)) {
        lines.push(el('p', { cls: 'note-line', text: failureWords(/** @type {import('./run-view.js').Failure} */ (failures.get(record.id)), t) }));
        action = this.button('preserve.retry', 'button secondary', this.onRetry, t);
      }
      return el('li', { attrs: { 'data-id': record.id, 'data-status': record.status } }, [
        ...lines, action === null ? null : el('p', { cls: 'actions' }, [action]),
      ]);
    }));
  }

  /**
   * @param {string} key
   * @param {string} cls
   * @param {() => void} onClick
   * @param {import('../verify/words.js').Translate} t
   */
  button(key, cls, onClick, t) {
    const button = el('button', { cls, text: t(key), attrs: { type: 'button' } });
    button.addEventListener('click', onClick);
    return button;
  }
}
