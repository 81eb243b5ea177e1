// 核验 mode (the judge's side, docs/web-page.md "核验 mode"): one drop zone and two buttons
// take any mix of evidence files, a folder, a proof bundle, a manifest, a disclosure, a
// trusted genesis and a 存证包; every change starts a new check (run.js), the previous one
// cancelled; the verdict is drawn by verdict-view.js. Opened on a record (a certificate),
// the certificate is drawn above, and what is dropped is checked against its record.

import { utf8Text } from '../core/bytes.js';
import { certificateNumber } from '../core/display.js';
import { parseJson } from '../core/json.js';
import { LedgerError } from '../core/errors.js';
import { certificateRecord, embedRecord, readRecord } from '../certificate/record.js';
import { certificateView } from '../certificate/view.js';
import { download, el, formatBytes, formatRate } from '../page/dom.js';
import { NodeError } from '../page/environment.js';
import { pickedFromDrop, pickedFromInput, recognise } from './intake.js';
import { DigestCache, Meter, check } from './run.js';
import { verdictView } from './verdict-view.js';

const DRAW_INTERVAL_MS = 100;
const HEX_ID = /^[0-9a-f]{64}$/;

/** @returns {import('./run.js').Given} */
function nothingGiven() {
  return { bundle: null, manifest: null, disclosure: null, genesis: null, files: [], folder: null, wanted: null };
}

/** @type {import('../page/shell.js').Mode} */
export const verifyMode = {
  mount(root, context) {
    return new VerifyMode(root, context);
  },
};

class VerifyMode {
  /**
   * @param {HTMLElement} root
   * @param {import('../page/shell.js').ModeContext} context
   */
  constructor(root, context) {
    this.context = context;
    this.env = context.env;
    this.given = nothingGiven();
    /** @type {{ name: string, code: string, params: Record<string, unknown> }[]} */
    this.refused = [];
    this.zips = /** @type {string[]} */ ([]);
    /** @type {import('./run.js').Outcome | null} */
    this.outcome = null;
    /** @type {{ controller: AbortController, meter: Meter } | null} */
    this.running = null;
    /** @type {{ code: string, params: Record<string, unknown> } | null} */
    this.failure = null;
    this.cache = new DigestCache(this.env.pool);
    this.lastDraw = 0;
    this.certificate = this.openRecord();
    this.parts = {
      certificate: el('div', { attrs: { id: 'certificate-part' } }),
      intro: el('p', { cls: 'intro' }),
      drop: this.dropZone(),
      given: el('section', { cls: 'given', attrs: { id: 'given', hidden: '' } }),
      progress: el('section', { cls: 'progress', attrs: { id: 'progress-section', hidden: '' } }),
      verdict: el('div', { attrs: { id: 'verdict-part', 'aria-busy': 'false' } }),
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
      this.given.bundle = { name: 'record', bytes: record.bundle, from: 'record' };
      return { record, outcome: null };
    } catch (err) {
      if (!(err instanceof LedgerError)) throw err;
      return { record: null, outcome: null };
    }
  }

  /** @param {URLSearchParams} params the page address's, after #verify? */
  route(params) {
    const id = params.get('id');
    if (id === null || !HEX_ID.test(id) || this.given.wanted?.id === id) return;
    this.given.wanted = { id, kind: params.get('kind') };
    this.start();
  }

  unmount() {
    this.running?.controller.abort();
  }

  dropZone() {
    const fileInput = el('input', { attrs: { type: 'file', id: 'file-input', multiple: '' } });
    const folderInput = el('input', { attrs: { type: 'file', id: 'folder-input', webkitdirectory: '', multiple: '' } });
    for (const input of [fileInput, folderInput]) {
      input.addEventListener('change', () => {
        const files = /** @type {HTMLInputElement} */ (input).files;
        if (files?.length) this.take(pickedFromInput(files));
        /** @type {HTMLInputElement} */ (input).value = '';
      });
    }
    const zone = el('section', { cls: 'drop', attrs: { id: 'drop' } }, [
      el('p', { cls: 'drop-title', attrs: { 'data-text': 'drop.title' } }),
      el('p', { cls: 'drop-hint', attrs: { 'data-text': 'drop.hint' } }),
      el('div', { cls: 'pick' }, [
        el('label', { cls: 'button' }, [fileInput, el('span', { attrs: { 'data-text': 'drop.files' } })]),
        el('label', { cls: 'button secondary' }, [folderInput, el('span', { attrs: { 'data-text': 'drop.folder' } })]),
      ]),
      el('p', { cls: 'privacy', attrs: { 'data-text': 'drop.privacy' } }),
    ]);
    zone.addEventListener('dragover', (event) => {
      event.preventDefault();
      zone.classList.add('over');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', async (event) => {
      event.preventDefault();
      zone.classList.remove('over');
      if (event.dataTransfer) this.take(await pickedFromDrop(event.dataTransfer));
    });
    return zone;
  }

  /** @param {import('./intake.js').Picked[]} picked */
  async take(picked) {
    for (const piece of await recognise(picked)) {
      const { given } = this;
      switch (piece.kind) {
        case 'bundle': case 'manifest': case 'disclosure':
          given[piece.kind] = { name: piece.name, bytes: piece.bytes, from: piece.from };
          break;
        case 'genesis': given.genesis = { name: piece.name, genesis: piece.genesis }; break;
        case 'zip': this.zips.push(piece.name); break;
        case 'evidence': given.files = [...given.files.filter((f) => f.name !== piece.file.name), piece.file]; break;
        case 'folder': given.folder = { name: piece.name, files: piece.files }; break;
        case 'refused': this.refused.push(piece); break;
        default: break;
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
    this.parts.verdict.setAttribute('aria-busy', 'true');
    this.render();
    const given = { ...this.given };
    check(given, this.env, {
      digest: this.cache.digestFor(meter, controller.signal), signal: controller.signal,
    }).then((outcome) => {
      if (this.running !== running) return;
      this.outcome = outcome;
      if (this.certificate !== null && given.bundle?.from === 'record' && this.certificate.outcome === null) {
        this.certificate.outcome = outcome;
      }
    }, (err) => {
      if (this.running !== running) return;
      this.failure = failureOf(err, controller.signal);
    }).finally(() => {
      if (this.running !== running) return;
      this.running = null;
      this.parts.verdict.setAttribute('aria-busy', 'false');
      this.render();
    });
  }

  cancel() {
    this.running?.controller.abort();
  }

  /** @param {keyof import('./run.js').Given | File} what */
  remove(what) {
    if (what instanceof File) this.given.files = this.given.files.filter((file) => file !== what);
    else if (what === 'files') this.given.files = [];
    else /** @type {Record<string, unknown>} */ (this.given)[what] = null;
    if (what === 'bundle') this.zips = [];
    this.start();
  }

  clear() {
    const kept = this.given.bundle?.from === 'record' ? this.given.bundle : null;
    this.given = { ...nothingGiven(), bundle: kept };
    this.refused = [];
    this.zips = [];
    this.start();
  }

  render() {
    const { t } = this.context;
    for (const node of /** @type {NodeListOf<HTMLElement>} */ (this.parts.drop.querySelectorAll('[data-text]'))) {
      node.textContent = t(`${node.dataset.text}${node.dataset.text === 'drop.privacy' && this.env.offline ? '.offline' : ''}`);
    }
    this.parts.intro.textContent = t(this.certificate === null ? 'verify.intro' : 'verify.intro.certificate');
    this.renderCertificate();
    this.renderGiven();
    this.drawProgress(true);
    this.renderVerdict();
  }

  renderCertificate() {
    const part = this.parts.certificate;
    part.replaceChildren();
    document.body.classList.toggle('has-certificate', this.certificate !== null);
    if (this.certificate === null || (this.certificate.record !== null && this.certificate.outcome === null)) return;
    part.append(certificateView(this.certificate.record, this.certificate.outcome, this.context));
  }

  renderGiven() {
    const { t } = this.context;
    const { given } = this;
    const list = el('ul', { cls: 'given-list' });
    /**
     * @param {string} key
     * @param {Record<string, unknown>} params
     * @param {(keyof import('./run.js').Given | File) | null} what
     */
    const row = (key, params, what) => {
      const remove = what === null ? null : el('button', { cls: 'remove', text: '×', attrs: { type: 'button', 'aria-label': t('given.remove') } });
      remove?.addEventListener('click', () => this.remove(/** @type {keyof import('./run.js').Given | File} */ (what)));
      list.append(el('li', { attrs: { 'data-given': key.split('.')[1] } }, [el('span', { text: t(key, params) }), remove]));
    };
    if (given.bundle !== null && given.bundle.from !== 'record') {
      row(`given.bundle.${given.bundle.from}`, { name: given.bundle.name }, 'bundle');
    }
    for (const name of this.zips) row('given.zip', { name }, null);
    if (given.manifest !== null) row('given.manifest', { name: given.manifest.name }, 'manifest');
    if (given.disclosure !== null) row('given.disclosure', { name: given.disclosure.name }, 'disclosure');
    if (given.genesis !== null) row('given.genesis', { name: given.genesis.name }, 'genesis');
    if (given.folder !== null) row('given.folder', { name: given.folder.name, count: given.folder.files.length }, 'folder');
    for (const file of given.files) row('given.file', { name: file.name, size: formatBytes(file.size) }, file);
    if (given.wanted !== null) row(`given.wanted.${given.wanted.kind === 'package' ? 'package' : 'file'}`, { id: given.wanted.id.slice(0, 16) }, 'wanted');
    for (const item of this.refused) row('given.refused', { name: item.name, why: t(`refused.${item.code}`, item.params) }, null);
    const again = el('button', { cls: 'button secondary', text: t('given.clear'), attrs: { type: 'button', id: 'clear' } });
    again.addEventListener('click', () => this.clear());
    this.parts.given.hidden = list.childElementCount === 0;
    this.parts.given.replaceChildren(el('h2', { text: t('given.title') }), list, el('p', { cls: 'actions' }, [again]));
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
    const bar = el('progress', { attrs: { max: '1000', value: String(total ? Math.round((done / total) * 1000) : 1000) } });
    const cancel = el('button', { cls: 'button secondary', text: t('progress.cancel'), attrs: { type: 'button', id: 'cancel' } });
    cancel.addEventListener('click', () => this.cancel());
    section.replaceChildren(bar, el('p', { attrs: { id: 'progress-text' }, text: t('progress.hashing', {
      done: formatBytes(done), total: formatBytes(total), percent: Math.floor(total ? (done / total) * 100 : 100), rate: formatRate(rate),
    }) }), el('p', { cls: 'actions' }, [cancel]));
  }

  renderVerdict() {
    const part = this.parts.verdict;
    part.replaceChildren();
    const { t, hasText } = this.context;
    const outcome = this.failure === null ? this.outcome
      : { finding: null, prompt: this.failure, bundle: null, anchor: null, records: 1 };
    // The certificate shows the verdict on its record alone: only a check of more is drawn here.
    if (outcome === null || outcome === this.certificate?.outcome) return;
    const evidenceGiven = this.given.files.length > 0 || this.given.folder !== null || this.given.manifest !== null;
    part.append(verdictView(outcome, { t, hasText, evidenceGiven, notes: [], actions: this.actions(outcome) }));
  }

  /** @param {import('./run.js').Outcome} outcome */
  actions(outcome) {
    const { t } = this.context;
    /** @type {HTMLElement[]} */
    const actions = [];
    const { finding, bundle } = outcome;
    const passed = finding?.proven != null && (finding.verdict === 'valid' || finding.verdict === 'unconfirmed');
    if (passed && bundle !== null && this.env.node !== null) {
      const button = el('button', { cls: 'button', text: t('action.certificate'), attrs: { type: 'button', id: 'download-certificate' } });
      button.addEventListener('click', () => this.downloadCertificate(outcome));
      actions.push(button);
    }
    if (bundle?.from === 'node') {
      const button = el('button', { cls: 'button secondary', text: t('action.bundle'), attrs: { type: 'button', id: 'download-bundle' } });
      button.addEventListener('click', () => download(new Uint8Array(bundle.bytes), `proof-${bundle.name.slice(0, 16)}.cunzheng.json`, 'application/json'));
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
    const node = /** @type {import('../page/environment.js').NodeClient} */ (this.env.node);
    const proven = /** @type {import('../core/bundle.js').BundleFacts} */ (finding?.proven);
    const manifest = proven.entry.kind === 'package' && finding?.reason !== 'manifest_mismatch' ? finding?.manifest ?? null : null;
    const verifier = await node.text('verifier.html');
    const record = certificateRecord(parseJson(utf8Text(/** @type {import('./run.js').GivenJson} */ (bundle).bytes) ?? 'null'),
      manifest, `${window.location.origin}${window.location.pathname}`);
    const number = certificateNumber(proven.entryId).replaceAll(' ', '');
    download(embedRecord(verifier, record), `cunzheng-certificate-${number}.html`, 'text/html');
  }
}

/**
 * What a check that threw says: cancelled, the node's failure, or a file that could not be read.
 * @param {unknown} err
 * @param {AbortSignal} signal
 */
function failureOf(err, signal) {
  if (signal.aborted) return { code: 'cancelled', params: {} };
  if (err instanceof NodeError) return { code: err.code, params: err.params };
  return { code: 'file_read_error', params: { detail: err instanceof Error ? err.message : String(err) } };
}
