// The chain of the node serving the page: its status (GET v1/status) and latest signed
// checkpoint (GET v1/checkpoint), refreshed every 15 s, shown folded at the foot of the page.

import { timeOf } from '../core/display.js';
import { el, fact } from './dom.js';
import { NodeError } from './environment.js';

const REFRESH_MS = 15_000;

export class ChainStatus {
  /**
   * @param {import('./environment.js').NodeClient} node
   * @param {HTMLElement} root an empty <details> element
   * @param {() => import('../verify/words.js').Translate} translate the page's current words
   */
  constructor(node, root, translate) {
    this.node = node;
    this.root = root;
    this.translate = translate;
    /** @type {{ json?: any, error?: string } | null} */
    this.status = null;
    /** @type {string | null} */
    this.checkpoint = null;
    this.refresh();
    setInterval(() => this.refresh(), REFRESH_MS);
  }

  async refresh() {
    try {
      this.status = { json: await this.node.json('v1/status') };
    } catch (err) {
      this.status = { error: err instanceof NodeError ? String(err.params.message ?? err.params.detail) : String(err) };
    }
    try {
      this.checkpoint = await this.node.text('v1/checkpoint');
    } catch {
      this.checkpoint = null;
    }
    this.render();
  }

  render() {
    const t = this.translate();
    const facts = el('dl', { cls: 'facts', attrs: { id: 'status-facts' } });
    const rows = el('tbody');
    const s = this.status?.json;
    if (s) {
      fact(facts, t('status.chain'), String(s.chain_id));
      fact(facts, t('status.height'), String(s.height));
      fact(facts, t('status.size'), String(s.ledger_size));
      const latest = Number.isSafeInteger(s.latest_block_time_ms) ? timeOf(s.latest_block_time_ms) : null;
      fact(facts, t('status.latest'), latest
        ? `${t('time.beijing', { time: latest.beijing })} · ${t('time.utc', { time: latest.utc })}` : t('status.none'));
      fact(facts, t('status.genesis'), el('span', { cls: 'mono', text: String(s.genesis_hash) }));
      for (const v of Array.isArray(s.validators) ? s.validators : []) {
        // The organisation the genesis names for the notary and how to reach it
        // (docs/http-api.md), if the genesis says.
        const named = [v.organisation, v.contact].filter((text) => typeof text === 'string');
        const organisation = named.join(' · ');
        rows.append(el('tr', {}, [
          el('td', { text: String(v.name) }), el('td', { text: organisation }),
          el('td', { cls: 'num', text: String(v.power) }), el('td', { cls: 'mono', text: String(v.vkey) }),
        ]));
      }
    }
    const open = this.root.hasAttribute('open');
    const error = this.status?.error
      ? el('p', { cls: 'status-error', text: t('status.unavailable', { detail: this.status.error }) }) : '';
    this.root.replaceChildren(
      el('summary', { text: t('status.title') }),
      error,
      facts,
      el('h3', { text: t('status.validators') }),
      el('table', { attrs: { id: 'status-validators' } }, [
        el('thead', {}, [el('tr', {}, [
          el('th', { text: t('notary.name') }), el('th', { text: t('status.organisation') }),
          el('th', { cls: 'num', text: t('notary.power') }), el('th', { text: t('status.vkey') }),
        ])]),
        rows,
      ]),
      el('h3', { text: t('status.checkpoint') }),
      el('pre', { cls: 'note-block', attrs: { id: 'status-checkpoint' }, text: this.checkpoint ?? t('status.none') }),
    );
    if (open) this.root.setAttribute('open', '');
  }
}
