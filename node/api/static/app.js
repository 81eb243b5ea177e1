// The verification page: takes a dropped file (and optionally its proof bundle), hashes the
// file here in workers, fetches the bundle from this node when none was given, judges it with
// evidence.js (the checks and verdicts of `cunzheng verify`) and shows the verdict. Nothing
// but the digest leaves the browser. All text is set with textContent, never as HTML, so
// nothing from a bundle or a node can inject markup.

import { looksLikeBundle } from './core/bundle.js';
import { bytesToHex } from './core/bytes.js';
import { noLaterThan, recordNumber, timeOf } from './core/display.js';
import { judge } from './core/evidence.js';
import { HashPool } from './hashing/hashing.js';
import { hasText, preferredLanguage, translate } from './i18n.js';
import { parseJson } from './core/json.js';

const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;
const STATUS_REFRESH_MS = 15000;
const DRAW_INTERVAL_MS = 100;
const ALG_LABELS = /** @type {Record<string, string>} */ ({ sha256: 'SHA-256', sm3: 'SM3', sha512: 'SHA-512' });
// The steps shown, in the order the checks run (docs/verdicts.md), and the step each reason
// code fails; the page's own failures (looking the digest up) fail the source step.
const STEPS = ['hash', 'source', 'leaf', 'validators', 'commit', 'inclusion', 'checkpoint'];
const STEP_OF_REASON = /** @type {Record<string, string>} */ ({
  malformed_bundle: 'leaf', wrong_chain: 'validators', wrong_genesis: 'validators',
  governance_invalid: 'validators', validators_mismatch: 'validators', commit_invalid: 'commit',
  inclusion_invalid: 'inclusion', checkpoint_invalid: 'checkpoint', consistency_invalid: 'checkpoint',
  untrusted_quorum: 'checkpoint', file_mismatch: 'leaf', package_needs_manifest: 'leaf',
});

/**
 * A failure of the page itself (reading a file, asking this node), worded by `error.<code>`.
 */
class PageError extends Error {
  /**
   * @param {string} code
   * @param {Record<string, unknown>} params
   */
  constructor(code, params) {
    super(code);
    this.code = code;
    this.params = params;
  }
}

/**
 * @typedef {{ name: string, bytes: Uint8Array, json: unknown }} GivenBundle
 * @typedef {{ done: number, total: number, seconds: number, alg: string }} Progress
 * @typedef {{ ok: boolean, finding?: import('./core/evidence.js').Finding, code: string,
 *   params: Record<string, unknown>, count: number }} Result
 * @typedef {{ id: number, progress: Progress | null, result: Result | null,
 *   source: 'bundle' | 'node', passed: string[], fetched?: Uint8Array<ArrayBuffer>, downloadUrl?: string }} Run
 */

const state = {
  lang: chosenLanguage(),
  /** @type {File | null} */
  evidence: null,
  /** @type {GivenBundle | null} dropped or chosen by the person */
  bundle: null,
  bundleConsumed: false, // a finished run used the bundle; a lone new file drops it
  /** @type {{ file: File, digests: Map<string, Uint8Array> } | null} */
  digestCache: null,
  /** @type {Run | null} */
  run: null,
  /** @type {{ json?: any, error?: string } | null} */
  status: null,
  /** @type {string | null} */
  checkpoint: null,
};
let runCounter = 0;
const pool = new HashPool();

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const t = (/** @type {string} */ key, /** @type {Record<string, unknown>} */ params = {}) => translate(state.lang, key, params);

/** @returns {'zh' | 'en'} */
function chosenLanguage() {
  let saved = null;
  try {
    saved = localStorage.getItem('cunzheng.lang');
  } catch {
    saved = null; // storage disabled: follow the browser
  }
  return saved === 'zh' || saved === 'en' ? saved : preferredLanguage(navigator.languages);
}

/**
 * @param {string} tag
 * @param {{ cls?: string, text?: string, attrs?: Record<string, string> }} [options]
 * @param {(Node | string)[]} [children]
 */
function el(tag, { cls, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

/** @param {number} n */
function formatBytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** @param {unknown} err */
function messageOf(err) {
  return err instanceof Error ? err.message : String(err);
}

// ---- talking to this node (relative URLs, so the page works behind a path prefix) ----

/**
 * The body of GET `path` as bytes; throws PageError.
 * @param {string} path
 */
async function getBytes(path) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' } });
  } catch (err) {
    throw new PageError('network_error', { detail: messageOf(err) });
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!response.ok) {
    let message = response.statusText;
    try {
      message = JSON.parse(new TextDecoder().decode(bytes))?.error?.message ?? message;
    } catch {
      // not JSON: the status text says it
    }
    throw new PageError('node_error', { status: response.status, message });
  }
  return bytes;
}

/** @param {string} path */
async function getJson(path) {
  const bytes = await getBytes(path);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new PageError('node_error', { status: 200, message: messageOf(err) });
  }
}

/** @param {string} digestHex */
async function bundleFromNode(digestHex) {
  const found = await getJson(`v1/digests/sha256/${digestHex}`);
  const entries = Array.isArray(found?.entries) ? found.entries : [];
  // The node lists committed entries first, by leaf index: the first is the earliest record.
  const committed = entries.filter((/** @type {{ status?: unknown }} */ e) => e.status === 'committed');
  if (committed.length === 0) {
    const code = entries.length > 0 ? 'digest_pending' : 'digest_not_found';
    throw new PageError(code, { digest: digestHex });
  }
  const bytes = await getBytes(`v1/proofs/${committed[0].id}`);
  return { bytes, count: committed.length };
}

async function refreshStatus() {
  try {
    state.status = { json: await getJson('v1/status') };
  } catch (err) {
    state.status = { error: err instanceof PageError ? String(err.params.message ?? err.params.detail) : messageOf(err) };
  }
  try {
    const response = await fetch('v1/checkpoint');
    state.checkpoint = response.ok ? await response.text() : null;
  } catch {
    state.checkpoint = null;
  }
  renderStatus();
}

// ---- choosing files ----------------------------------------------------------------

/**
 * The proof bundle in `file`, or null when it is none.
 * @param {File} file
 * @returns {Promise<GivenBundle | null>}
 */
async function readBundle(file) {
  if (file.size > MAX_BUNDLE_BYTES) return null;
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    const json = parseJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return looksLikeBundle(json) ? { name: file.name, bytes, json } : null;
  } catch {
    return null;
  }
}

/** @param {File} file */
function isJsonName(file) {
  return /\.json$/i.test(file.name) || file.type === 'application/json';
}

/**
 * A drop may hold the evidence, its bundle, or both. A JSON file that parses as a bundle is
 * the bundle; anything else is the evidence (an evidence file may itself be JSON, so a lone
 * file chosen with the evidence button is always the evidence).
 * @param {File[]} files
 * @param {'drop' | 'evidence' | 'bundle'} via
 */
async function takeFiles(files, via) {
  /** @type {File | null} */
  let evidence = null;
  /** @type {GivenBundle | null} */
  let bundle = null;
  for (const file of files) {
    const lone = via === 'evidence' && files.length === 1;
    const mayBeBundle = /** @type {boolean} */ (via === 'bundle' || (bundle === null && !lone && isJsonName(file)));
    const given = mayBeBundle ? await readBundle(file) : null;
    if (given !== null) {
      bundle = given;
    } else if (via === 'bundle') {
      showFailure('bundle_not_json', { detail: file.name });
      return;
    } else if (evidence === null) {
      evidence = file;
    }
  }
  if (evidence !== null) {
    if (bundle === null && state.bundleConsumed) state.bundle = null;
    state.evidence = evidence;
  }
  if (bundle !== null) state.bundle = bundle;
  state.bundleConsumed = false;
  renderSelection();
  if (state.evidence !== null) await runCheck();
}

// ---- the check ---------------------------------------------------------------------

/**
 * The `alg` digest of `file`, hashed by the worker pool once per file and alg; the progress
 * bar follows it.
 * @param {Blob} file
 * @param {string} alg
 * @param {number} id the run it is for; a newer run stops drawing it
 */
async function digestOf(file, alg, id) {
  const cache = state.digestCache?.file === file ? state.digestCache : { file: /** @type {File} */ (file), digests: new Map() };
  state.digestCache = cache;
  const known = cache.digests.get(alg);
  if (known !== undefined) return known;
  const started = performance.now();
  let lastDraw = 0;
  const draw = (/** @type {number} */ done) => {
    if (id !== runCounter || state.run === null) return;
    state.run.progress = { done, total: file.size, seconds: (performance.now() - started) / 1000, alg };
    renderProgress();
  };
  draw(0);
  let digest;
  try {
    digest = await pool.digest(file, alg, {
      onProgress(done) {
        const now = performance.now();
        if (now - lastDraw > DRAW_INTERVAL_MS || done === file.size) {
          lastDraw = now;
          draw(done);
        }
      },
    });
  } catch (err) {
    throw new PageError('file_read_error', { detail: messageOf(err) });
  }
  cache.digests.set(alg, digest);
  draw(file.size);
  return digest;
}

/**
 * The digest alg the bundle's entry names (its reading copy; the check reads the signed
 * bytes), to hash the file with before the bundle is checked.
 * @param {unknown} json
 */
function entryAlg(json) {
  const alg = /** @type {{ entry?: { alg?: unknown } }} */ (json)?.entry?.alg;
  return typeof alg === 'string' && alg in ALG_LABELS ? alg : 'sha256';
}

async function runCheck() {
  const id = ++runCounter;
  const file = /** @type {File} */ (state.evidence);
  const given = state.bundle;
  /** @type {Run} */
  const run = { id, progress: null, result: null, source: given ? 'bundle' : 'node', passed: [] };
  state.run = run;
  render();
  try {
    const digest = await digestOf(file, given ? entryAlg(given.json) : 'sha256', id);
    if (id !== runCounter) return;
    run.passed.push('hash');
    let bundle;
    let count = 1;
    if (given) {
      bundle = given.bytes;
    } else {
      ({ bytes: bundle, count } = await bundleFromNode(bytesToHex(digest)));
      run.fetched = bundle;
    }
    if (id !== runCounter) return;
    run.passed.push('source');
    const finding = await judge({ bundle, file }, { digest: (blob, alg) => digestOf(blob, alg, id) });
    if (id !== runCounter) return;
    const ok = finding.verdict === 'valid' || finding.verdict === 'unconfirmed';
    const failed = ok ? -1 : STEPS.indexOf(STEP_OF_REASON[finding.reason] ?? 'leaf');
    run.passed = ok ? [...STEPS] : STEPS.slice(0, Math.max(failed, 2));
    run.result = {
      ok, finding, count, code: ok ? 'ok' : finding.error?.code ?? finding.reason,
      params: { ...finding.error?.params, detail: finding.error?.message ?? '' },
    };
    if (given) state.bundleConsumed = true;
    if (ok) await refreshStatus();
  } catch (err) {
    if (id !== runCounter) return;
    if (given) state.bundleConsumed = true;
    const known = err instanceof PageError;
    run.result = {
      ok: false, count: 0, code: known ? err.code : 'internal',
      params: known ? err.params : { detail: messageOf(err) },
    };
  }
  if (id === runCounter) {
    render();
    $('verdict').scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }
}

/**
 * @param {string} code
 * @param {Record<string, unknown>} params
 */
function showFailure(code, params) {
  state.run = {
    id: ++runCounter, progress: null, result: { ok: false, code, params, count: 0 }, passed: [], source: 'bundle',
  };
  render();
}

// ---- drawing -----------------------------------------------------------------------

function renderStaticText() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = `${t('title')} · cunzheng`;
  for (const node of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-i18n]'))) {
    node.textContent = t(node.dataset.i18n ?? '');
  }
  for (const button of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#lang button'))) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === state.lang));
  }
}

function renderSelection() {
  const evidence = state.evidence;
  $('selected-evidence').textContent = evidence
    ? t('drop.selected.evidence', { name: evidence.name, size: formatBytes(evidence.size) }) : '';
  let bundleText = '';
  if (state.bundle) {
    bundleText = t('drop.selected.bundle', { name: state.bundle.name });
    if (!evidence) bundleText += ` — ${t('drop.waiting')}`;
  }
  $('selected-bundle').textContent = bundleText;
}

function renderProgress() {
  const run = state.run;
  const section = $('progress-section');
  section.hidden = !run?.progress;
  if (!run?.progress) return;
  const { done, total, seconds, alg } = run.progress;
  const fraction = total === 0 ? 1 : done / total;
  /** @type {HTMLProgressElement} */ ($('progress')).value = Math.round(fraction * 1000);
  const label = ALG_LABELS[alg];
  $('progress-text').textContent = done === total && run.passed.includes('hash')
    ? t('progress.done', { alg: label, total: formatBytes(total), seconds: seconds.toFixed(1) })
    : t('progress.hashing', {
      alg: label, done: formatBytes(done), total: formatBytes(total), percent: Math.floor(fraction * 100),
    });
}

function renderSteps() {
  const run = state.run;
  const section = $('steps-section');
  section.hidden = !run || !run.progress;
  const list = $('steps');
  list.replaceChildren();
  if (!run || section.hidden) return;
  const result = run.result;
  const failed = result && !result.ok ? STEPS.find((step) => !run.passed.includes(step)) : null;
  for (const step of STEPS) {
    const key = step === 'source' ? (run.source === 'bundle' ? 'step.bundle' : 'step.lookup') : `step.${step}`;
    let mark = '·';
    let cls = 'todo';
    if (run.passed.includes(step)) [mark, cls] = ['✔', 'ok'];
    else if (step === failed) [mark, cls] = ['✘', 'fail'];
    list.append(el('li', { cls }, [el('span', { cls: 'mark', text: mark }), t(key)]));
  }
}

/**
 * @param {HTMLElement} list
 * @param {string} label
 * @param {...string} values
 */
function fact(list, label, ...values) {
  list.append(el('dt', { text: label }));
  for (const value of values) list.append(el('dd', { text: value }));
}

/** @param {Result} result */
function failureText(result) {
  const reason = result.finding?.reason;
  if (hasText(`error.${result.code}`)) return t(`error.${result.code}`, result.params);
  return t(`reason.${reason}`, result.params);
}

function renderVerdict() {
  const box = $('verdict');
  const run = state.run;
  const result = run?.result;
  box.hidden = !result;
  box.replaceChildren();
  if (!run || !result) return;
  const finding = result.finding;
  box.dataset.result = result.ok ? 'ok' : 'fail';
  box.dataset.code = result.code;
  box.dataset.verdict = finding?.verdict ?? 'invalid';
  box.dataset.reason = finding?.reason ?? result.code;
  box.classList.toggle('ok', result.ok);
  box.classList.toggle('fail', !result.ok);
  const notices = (finding?.notices ?? []).map((notice) => el('p', { cls: 'note-line', text: t(`notice.${notice}`) }));
  if (!result.ok || !finding?.proven) {
    const title = finding?.verdict === 'incomplete' ? 'verdict.incomplete' : 'verdict.fail';
    box.append(el('p', { cls: 'verdict-title', text: t(title) }));
    box.append(el('p', { cls: 'reason', text: failureText(result) }), ...notices);
    appendAgain(box);
    return;
  }
  const v = finding.proven;
  const entryId = bytesToHex(v.entryId);
  const time = noLaterThan(v.header.timeMs);
  box.append(el('p', { cls: 'verdict-title', text: t('verdict.ok') }));
  box.append(el('p', { cls: 'verdict-sub', text: t('verdict.ok.sub') }));
  const facts = el('dl', { cls: 'facts big' });
  fact(facts, t('verdict.time'), t('verdict.utc', { time: time.utc }), t('verdict.beijing', { time: time.beijing }));
  fact(facts, t('verdict.height'), String(v.header.height));
  fact(facts, t('verdict.index'), String(recordNumber(v.leafIndex)));
  fact(facts, t('verdict.signed'), t('verdict.signed.value', {
    k: v.signers.length, n: v.validators.validators.length, names: v.signers.join(', '),
  }));
  box.append(facts);

  const trust = run.source === 'bundle' ? 'verdict.trust.bundle' : 'verdict.trust.node';
  box.append(el('p', { cls: 'trust', text: t(trust) }));
  if (finding.verdict === 'unconfirmed') box.append(el('p', { cls: 'note-line', text: t('verdict.unconfirmed') }));
  box.append(...notices);
  for (const note of verdictNotes(v, result.count)) box.append(el('p', { cls: 'note-line', text: note }));

  const details = el('dl', { cls: 'facts details' });
  fact(details, t('verdict.genesis'), bytesToHex(v.genesisHash));
  fact(details, t('verdict.chain'), v.header.chainId);
  fact(details, t('verdict.id'), entryId);
  fact(details, t('verdict.digest'), bytesToHex(v.entry.digest));
  if (v.entry.kind) fact(details, t('verdict.kind'), v.entry.kind);
  const meta = [...v.entry.meta];
  if (meta.length) fact(details, t('verdict.meta'), ...meta.map(([k, value]) => `${k}: ${value}`));
  box.append(details);

  box.append(el('p', { cls: 'signers-title', text: t('verdict.signers') }));
  const signers = el('ul', { cls: 'signers' });
  for (const validator of v.validators.validators) {
    if (v.signers.includes(validator.name)) signers.append(el('li', { cls: 'mono', text: validator.vkey() }));
  }
  box.append(signers);

  if (run.fetched) {
    if (!run.downloadUrl) run.downloadUrl = URL.createObjectURL(new Blob([run.fetched], { type: 'application/json' }));
    const link = el('a', {
      cls: 'button secondary', text: t('verdict.download'),
      attrs: { href: run.downloadUrl, download: `cunzheng-proof-${entryId.slice(0, 16)}.json` },
    });
    appendAgain(box, link);
  } else {
    appendAgain(box);
  }
}

/**
 * @param {import('./core/bundle.js').BundleFacts} v
 * @param {number} count
 */
function verdictNotes(v, count) {
  const notes = [];
  if (count > 1) notes.push(t('verdict.several', { count }));
  const status = state.status?.json;
  if (status && state.run?.source === 'bundle') {
    if (status.genesis_hash && bytesToHex(v.genesisHash) !== status.genesis_hash) {
      notes.push(t('verdict.genesis.differs'));
    } else if (Array.isArray(status.validators)) {
      const mine = status.validators.map((/** @type {{ vkey?: unknown }} */ x) => x.vkey).join('\n');
      if (mine !== v.validators.validators.map((x) => x.vkey()).join('\n')) notes.push(t('verdict.validators.differ'));
    }
  }
  return notes;
}

/**
 * @param {HTMLElement} box
 * @param {...HTMLElement} others
 */
function appendAgain(box, ...others) {
  const again = el('button', { cls: 'button secondary', text: t('drop.again'), attrs: { type: 'button' } });
  again.addEventListener('click', () => {
    runCounter += 1;
    Object.assign(state, { evidence: null, bundle: null, bundleConsumed: false, run: null });
    /** @type {HTMLInputElement} */ ($('evidence-input')).value = '';
    /** @type {HTMLInputElement} */ ($('bundle-input')).value = '';
    render();
    $('drop').scrollIntoView({ behavior: 'smooth' });
  });
  box.append(el('p', { cls: 'actions' }, [...others, again]));
}

function renderStatus() {
  const error = $('status-error');
  const facts = $('status-facts');
  const rows = /** @type {HTMLElement} */ ($('status-validators').querySelector('tbody'));
  facts.replaceChildren();
  rows.replaceChildren();
  error.hidden = !state.status?.error;
  if (state.status?.error) error.textContent = t('status.unavailable', { detail: state.status.error });
  const s = state.status?.json;
  if (s) {
    fact(facts, t('status.chain'), String(s.chain_id));
    fact(facts, t('status.height'), String(s.height));
    fact(facts, t('status.size'), String(s.ledger_size));
    const latest = Number.isSafeInteger(s.latest_block_time_ms) ? timeOf(s.latest_block_time_ms) : null;
    fact(facts, t('status.latest'), latest
      ? `${t('verdict.utc', { time: latest.utc })} · ${t('verdict.beijing', { time: latest.beijing })}`
      : t('status.none'));
    fact(facts, t('status.genesis'), String(s.genesis_hash));
    for (const v of Array.isArray(s.validators) ? s.validators : []) {
      rows.append(el('tr', {}, [
        el('td', { text: String(v.name) }), el('td', { text: String(v.power) }),
        el('td', { cls: 'mono', text: String(v.vkey) }),
      ]));
    }
  }
  $('status-checkpoint').textContent = state.checkpoint ?? t('status.none');
}

function render() {
  renderStaticText();
  renderSelection();
  renderProgress();
  renderSteps();
  renderVerdict();
  renderStatus();
}

// ---- wiring ------------------------------------------------------------------------

// A preservation certificate's QR code opens this page at #cunzheng:<entry id>?…: the
// record's bundle is fetched, so the person only has to drop the evidence file.
async function takeRecordFromAddress() {
  const match = /^#cunzheng:([0-9a-f]{64})(\?|$)/.exec(window.location.hash);
  if (match === null) return;
  try {
    const bytes = await getBytes(`v1/proofs/${match[1]}`);
    const json = parseJson(new TextDecoder().decode(bytes));
    if (looksLikeBundle(json)) {
      state.bundle = { name: `${match[1].slice(0, 16)}….json`, bytes, json };
      renderSelection();
    }
  } catch (err) {
    showFailure('node_error', err instanceof PageError ? err.params : { message: messageOf(err) });
  }
}

/** @param {Event} event */
function filesOf(event) {
  return Array.from(/** @type {HTMLInputElement} */ (event.target).files ?? []);
}

function setUp() {
  const drop = $('drop');
  // Dropping a file anywhere must not make the browser navigate away to it.
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (event) => event.preventDefault());
  }
  drop.addEventListener('dragover', () => drop.classList.add('over'));
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    drop.classList.remove('over');
    const files = Array.from(event.dataTransfer?.files ?? []);
    if (files.length) takeFiles(files, 'drop');
  });
  $('evidence-input').addEventListener('change', (event) => {
    const files = filesOf(event);
    if (files.length) takeFiles(files, 'evidence');
  });
  $('bundle-input').addEventListener('change', (event) => {
    const files = filesOf(event);
    if (files.length) takeFiles(files.slice(0, 1), 'bundle');
  });
  for (const button of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#lang button'))) {
    button.addEventListener('click', () => {
      state.lang = button.dataset.lang === 'zh' ? 'zh' : 'en';
      try {
        localStorage.setItem('cunzheng.lang', state.lang);
      } catch {
        // storage disabled: the choice lasts for this page only
      }
      render();
    });
  }
  $('needs-script').remove();
  render();
  refreshStatus();
  takeRecordFromAddress();
  setInterval(refreshStatus, STATUS_REFRESH_MS);
  document.body.dataset.ready = 'true';
}


setUp();
