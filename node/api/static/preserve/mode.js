// 存证 mode (the litigant's side, docs/web-page.md "存证 mode"): evidence files added step by
// step (evidence-view.js), the collection record (collection-view.js), then sealed in the
// browser (seal.js, the worker pool hashing), stored, and its entry alone submitted to this
// node (submit.js), with the progress, a busy node's countdown and the 存证包 to download
// (run-view.js, documents.js); and this browser's preservations (history-view.js), the
// pending ones taken up again as soon as the page opens, and after a failure.
//
// There is one 存证 mode a page, made when the page starts (so that pending preservations go
// on whichever mode is shown) and kept when 核验 mode is chosen: what was added and typed,
// and a preservation under way, are still there when 存证 is chosen again. Submitting and
// checking proofs (submit.js, with the whole verifier) and making the 存证包 (documents.js,
// with the zip library) are loaded when they are first needed, not with the page
// (docs/web-page.md, "Keeping the page light").

import { bytesToHex } from '../core/bytes.js';
import { download, el, relabel } from '../page/dom.js';
import { CollectionView, FormFieldError } from './collection-view.js';
import { WarningRules } from './court-warnings.js';
import { EvidenceView, roleExtensions } from './evidence-view.js';
import { HistoryView } from './history-view.js';
import { NodeClient } from './node-client.js';
import { RunView } from './run-view.js';
import { SealError, sealPackage } from './seal.js';
import { SealMeter } from './seal-meter.js';
import { PreservationStore, requestPersistence } from './store.js';

const DRAW_INTERVAL_MS = 100;
const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 60_000;

/**
 * The current preservation: what run-view.js draws, less what the store holds.
 * @typedef {object} Run
 * @property {import('./run-view.js').RunState['phase']} phase
 * @property {AbortController | null} controller cancels the sealing
 * @property {SealMeter | null} meter
 * @property {string | null} id its entry id, once sealed
 * @property {import('./run-view.js').RunState['message']} message
 */

/** @returns {Run} */
function idle() {
  return { phase: 'idle', controller: null, meter: null, id: null, message: null };
}

/** @type {PreserveMode | null} */
let made = null;

/**
 * The page's 存证 mode, made once.
 * @param {import('../page/shell.js').ModeContext} context
 */
function preserveModeOf(context) {
  made ??= new PreserveMode(context);
  return made;
}

/** @type {import('../page/shell.js').Mode} */
export const preserveMode = {
  start(context) {
    preserveModeOf(context);
  },
  mount(root, context) {
    const mode = preserveModeOf(context);
    root.append(mode.element);
    return mode;
  },
};

class PreserveMode {
  /** @param {import('../page/shell.js').ModeContext} context */
  constructor(context) {
    this.context = context;
    this.env = context.env;
    // The page's own address: a node served under a path prefix works too.
    this.client = new NodeClient(new URL('./', window.location.href).href);
    this.warningRules = WarningRules.fromJson(this.env.rulesJson);
    this.evidence = new EvidenceView({
      rules: this.env.rules, warningRules: this.warningRules, extensions: roleExtensions(this.env.rulesJson), onChange: () => this.render(),
    });
    this.form = new CollectionView();
    this.runView = new RunView({
      onSeal: () => this.seal(), onCancel: () => this.run.controller?.abort(),
      onDownload: (record) => this.download(record), onNew: () => this.startAgain(),
    });
    this.history = new HistoryView({ onDownload: (record) => this.download(record), onRetry: () => this.resumeAll() });
    this.storeProblem = el('p', { cls: 'refused', attrs: { id: 'store-problem', hidden: '' } });
    this.element = this.layout();
    this.run = idle();
    /** @type {import('./store.js').Preservation[]} newest first */
    this.records = [];
    /** @type {Map<string, import('./run-view.js').Failure>} */
    this.failures = new Map();
    /** @type {Map<string, string>} */
    this.downloadErrors = new Map();
    /** @type {number | null} */
    this.countdown = null;
    /** @type {PreservationStore | null} */
    this.store = null;
    /** @type {Promise<{ preserver: import('./submit.js').Preserver, failureKind: typeof import('./submit.js').failureKind }> | null} */
    this.submitting = null;
    /** @type {string | null} */
    this.storeError = null;
    this.resuming = false;
    this.retryMs = FIRST_RETRY_MS;
    this.retryTimer = 0;
    this.lastDraw = 0;
    window.addEventListener('online', () => this.resumeAll());
    // Until sealing is done nothing is stored: leaving the page would lose it.
    window.addEventListener('beforeunload', (event) => {
      if (this.run.phase === 'sealing') event.preventDefault();
    });
    this.open();
  }

  /** The mode's element: what it is for, then the list, the steps, the form and sealing. */
  layout() {
    return el('div', { cls: 'preserve', attrs: { id: 'preserve' } }, [
      el('p', { cls: 'intro', attrs: { 'data-text': 'preserve.intro' } }),
      el('p', { cls: 'privacy', attrs: { 'data-text': 'preserve.privacy' } }),
      this.storeProblem,
      this.history.element,
      this.evidence.element,
      this.evidence.warnings,
      this.form.element,
      this.runView.element,
    ]);
  }

  /** Open the browser's store, list what it holds, and take the pending preservations up. */
  async open() {
    try {
      this.store = await PreservationStore.open();
    } catch (err) {
      this.storeError = err instanceof Error ? err.message : String(err);
      this.render();
      return;
    }
    this.records = await this.store.list();
    this.render();
    if (this.records.some((record) => record.status !== 'committed' && record.node === this.client.baseUrl)) {
      await this.resumeAll();
    }
  }

  /** The preserver of this page's node and store, its module loaded the first time. */
  preserving() {
    const store = /** @type {PreservationStore} */ (this.store);
    this.submitting ??= import('./submit.js').then(({ Preserver, failureKind }) => ({
      preserver: new Preserver({ store, client: this.client, rules: this.env.rules }), failureKind,
    }), (err) => {
      this.submitting = null; // not loaded (the node unreachable): asked again next time
      throw err;
    });
    return this.submitting;
  }

  /** Take every pending preservation of this node further; after a failure, again later. */
  async resumeAll() {
    if (this.store === null || this.resuming) return;
    clearTimeout(this.retryTimer);
    this.resuming = true;
    try {
      const { preserver, failureKind } = await this.preserving();
      const resumed = await preserver.resume({
        onChange: (record) => this.changed(record),
        onWait: (seconds) => this.waited(seconds),
        onFailure: (record, err) => this.failed(record.id, failureKind(err)),
      });
      if (resumed.some((record) => record.status !== 'committed')) this.retryLater();
      else this.retryMs = FIRST_RETRY_MS;
    } catch {
      this.retryLater(); // submit.js could not be loaded: the node is unreachable
    } finally {
      this.resuming = false;
    }
  }

  retryLater() {
    clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => this.resumeAll(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }

  /** @param {import('./store.js').Preservation} record as just stored */
  changed(record) {
    this.records = [record, ...this.records.filter((kept) => kept.id !== record.id)]
      .sort((a, b) => b.createdMs - a.createdMs || (a.id < b.id ? -1 : 1));
    if (record.error === null) this.failures.delete(record.id);
    this.render();
  }

  /**
   * @param {string} id
   * @param {import('./run-view.js').Failure} failure
   */
  failed(id, failure) {
    this.failures.set(id, failure);
    this.render();
  }

  /** @param {number} seconds left before a busy node is asked again; 0 when it is */
  waited(seconds) {
    this.countdown = seconds > 0 ? seconds : null;
    this.render();
  }

  /** Seal what was added with the form's statement, then preserve it. */
  async seal() {
    if (this.store === null || this.run.phase === 'sealing' || this.run.phase === 'preserving') return;
    let statement;
    try {
      statement = this.form.statement();
    } catch (err) {
      if (!(err instanceof FormFieldError)) throw err;
      this.stop({ key: 'preserve.form.invalid', params: {} });
      return;
    }
    const added = this.evidence.added();
    const { paths, refused } = this.evidence.placement();
    if (added.length === 0 || refused !== null) {
      // The warnings say which name cannot be sealed; with nothing added, the first step is next.
      this.stop(refused === null ? { key: 'preserve.seal.nothing', params: {} } : null);
      if (refused === null) this.evidence.cards[0].inputs[0].focus();
      return;
    }
    requestPersistence().catch(() => false); // asked while the person acts; the browser decides
    const preserving = this.preserving(); // loaded while the files are hashed
    const controller = new AbortController();
    const meter = new SealMeter(added.map((item, i) => ({ file: item.file, name: paths[i] })), () => this.drawProgress());
    this.run = { ...idle(), phase: /** @type {const} */ ('sealing'), controller, meter };
    this.setEditable(false);
    this.render();
    let sealed;
    try {
      sealed = await sealPackage(added, {
        alg: statement.alg, collection: statement.collection, digest: meter.counting(this.env.pool.digest),
        rules: this.env.rules, warningRules: this.warningRules, signal: controller.signal,
      });
    } catch (err) {
      this.setEditable(true);
      this.stop(sealStopped(err, controller.signal));
      return;
    }
    this.run = { ...idle(), phase: /** @type {const} */ ('preserving'), id: bytesToHex(sealed.entry.leafHash()) };
    this.render();
    await this.preserve(sealed, preserving);
  }

  /**
   * Store and submit the sealed package; a failure is tried again later (resumeAll).
   * @param {import('./seal.js').SealedPackage} sealed
   * @param {ReturnType<PreserveMode['preserving']>} preserving
   */
  async preserve(sealed, preserving) {
    let loaded;
    try {
      loaded = await preserving;
    } catch (err) {
      this.setEditable(true);
      this.stop({ key: 'preserve.seal.failed', params: { detail: err instanceof Error ? err.message : String(err) } });
      return;
    }
    const { preserver, failureKind } = loaded;
    try {
      const record = await preserver.start(sealed, { onChange: (stored) => this.changed(stored), onWait: (seconds) => this.waited(seconds) });
      if (record.status !== 'committed') this.retryLater();
    } catch (err) {
      if (this.records.some((record) => record.id === this.run.id)) {
        this.failed(/** @type {string} */ (this.run.id), failureKind(err));
        this.retryLater();
      } else {
        // Not even stored: nothing was sent, and the files are still there to seal again.
        this.setEditable(true);
        this.stop({ key: 'preserve.seal.failed', params: { detail: err instanceof Error ? err.message : String(err) } });
      }
    }
  }

  /** @param {Run['message']} message why sealing did not start or stopped */
  stop(message) {
    this.run = { ...idle(), phase: message === null ? /** @type {const} */ ('idle') : /** @type {const} */ ('stopped'), message };
    this.render();
  }

  /** Forget the files and the form, for another preservation. */
  startAgain() {
    this.run = idle();
    this.form.clear();
    this.setEditable(true);
    this.evidence.clear();
    this.evidence.cards[0].inputs[0].focus();
  }

  /** @param {boolean} editable */
  setEditable(editable) {
    this.evidence.setDisabled(!editable);
    this.form.setDisabled(!editable);
  }

  /**
   * Make the 存证包 of a committed preservation and save it.
   * @param {import('./store.js').Preservation} record
   */
  async download(record) {
    this.downloadErrors.delete(record.id);
    try {
      const { litigantCopy } = await import('./documents.js');
      const { name, bytes } = await litigantCopy(record, { client: this.client, rules: this.env.rules });
      download(/** @type {BlobPart} */ (bytes), name, 'application/zip');
    } catch (err) {
      this.downloadErrors.set(record.id, err instanceof Error ? err.message : String(err));
    }
    this.render();
  }

  /** @returns {import('./run-view.js').RunState} */
  runState() {
    const { phase, meter, id, message } = this.run;
    const record = this.records.find((kept) => kept.id === id) ?? null;
    return {
      phase, meter, record, message, countdown: this.countdown,
      failure: id === null ? null : this.failures.get(id) ?? null,
      downloadError: id === null ? null : this.downloadErrors.get(id) ?? null,
    };
  }

  /** Draw the hashing's progress, at most every 100 ms but always its end. */
  drawProgress() {
    const now = performance.now();
    const meter = this.run.meter;
    if (meter !== null && now - this.lastDraw < DRAW_INTERVAL_MS && meter.done < meter.total) return;
    this.lastDraw = now;
    this.runView.drawProgress(this.runState(), this.context.t);
  }

  route() {
    // 存证 mode has no parameters.
  }

  unmount() {
    // Nothing stops: a preservation under way goes on while 核验 mode is shown.
  }

  render() {
    const { t } = this.context;
    relabel(this.element, t);
    this.storeProblem.hidden = this.storeError === null;
    this.storeProblem.textContent = this.storeError === null ? '' : t('preserve.no_store', { detail: this.storeError });
    this.history.render({ records: this.records, node: this.client.baseUrl, failures: this.failures, downloadErrors: this.downloadErrors }, t);
    this.evidence.render(t);
    this.form.render(t);
    this.runView.render(this.runState(), t);
  }
}

/**
 * Why sealing stopped, in the catalog's words.
 * @param {unknown} err
 * @param {AbortSignal} signal
 * @returns {NonNullable<Run['message']>}
 */
function sealStopped(err, signal) {
  if (signal.aborted) return { key: 'preserve.seal.cancelled', params: {} };
  if (err instanceof SealError) return { key: 'preserve.seal.unreadable', params: { path: err.path } };
  return { key: 'preserve.seal.failed', params: { detail: err instanceof Error ? err.message : String(err) } };
}
