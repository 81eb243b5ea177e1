// The verification page: takes a dropped file (and optionally its proof bundle), hashes the
// file here, fetches the bundle from this node when none was given, checks it with verify.js
// and shows the verdict. Nothing but the digest leaves the browser. All text is set with
// textContent, never as HTML, so nothing from a bundle or a node can inject markup.

import { preferredLanguage, translate } from './i18n.js';
import {
  VerifyError, bytesToHex, looksLikeBundle, sha256OfFile, verifyBundle,
} from './verify.js';

const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;
const STATUS_REFRESH_MS = 15000;
const BEIJING_OFFSET_MS = 8 * 3600 * 1000; // China has kept UTC+8 all year since 1991
const STEP_OF_CODE = {
  bundle_malformed: 'source', bundle_unsupported: 'source', bundle_not_json: 'source',
  digest_not_found: 'source', digest_pending: 'source', node_error: 'source',
  network_error: 'source', file_read_error: 'hash',
  leaf_malformed: 'leaf', alg_unsupported: 'leaf', digest_mismatch: 'leaf', encoding: 'leaf',
  header_malformed: 'inclusion', chain_mismatch: 'inclusion', leaf_not_in_block: 'inclusion',
  inclusion_not_for_header: 'inclusion', inclusion_failed: 'inclusion',
  validators_malformed: 'validators', validators_hash_mismatch: 'validators',
  checkpoint_malformed: 'checkpoint', checkpoint_body_mismatch: 'checkpoint',
  checkpoint_signature_invalid: 'checkpoint', not_enough_signatures: 'checkpoint',
  commit_malformed: 'commit', commit_mismatch: 'commit', commit_signature_invalid: 'commit',
  commit_not_quorum: 'commit',
};
const STEPS = ['hash', 'source', 'leaf', 'inclusion', 'validators', 'checkpoint', 'commit'];

const state = {
  lang: chosenLanguage(),
  evidence: null, // File
  bundle: null, // { name, json } dropped or chosen by the person
  bundleConsumed: false, // a finished run used the bundle; a lone new file drops it
  digestCache: null, // { file, digest }
  run: null, // { id, progress, failedStep, result }
  status: null, // { json } or { error }
  checkpoint: null,
};
let runCounter = 0;

const $ = (id) => document.getElementById(id);
const t = (key, params) => translate(state.lang, key, params);

function chosenLanguage() {
  let saved = null;
  try {
    saved = localStorage.getItem('cunzheng.lang');
  } catch {
    saved = null; // storage disabled: follow the browser
  }
  return saved === 'zh' || saved === 'en' ? saved : preferredLanguage(navigator.languages);
}

function el(tag, { cls, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

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

function formatTime(ms, offsetMs) {
  const iso = new Date(ms + offsetMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

// ---- talking to this node (relative URLs, so the page works behind a path prefix) ----

async function getJson(path) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' } });
  } catch (err) {
    throw new VerifyError('network_error', { detail: err.message });
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = body?.error?.message ?? response.statusText;
    throw new VerifyError('node_error', { status: response.status, message, body });
  }
  return body;
}

async function bundleFromNode(digestHex) {
  const found = await getJson(`v1/digests/sha256/${digestHex}`);
  const entries = Array.isArray(found?.entries) ? found.entries : [];
  // The node lists committed entries first, by leaf index: the first is the earliest record.
  const committed = entries.filter((e) => e.status === 'committed');
  if (committed.length === 0) {
    const code = entries.length > 0 ? 'digest_pending' : 'digest_not_found';
    throw new VerifyError(code, { digest: digestHex });
  }
  const bundle = await getJson(`v1/proofs/${committed[0].id}`);
  return { bundle, count: committed.length };
}

async function refreshStatus() {
  try {
    state.status = { json: await getJson('v1/status') };
  } catch (err) {
    state.status = { error: err.params?.message ?? err.params?.detail ?? err.message };
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

async function readBundle(file) {
  if (file.size > MAX_BUNDLE_BYTES) return null;
  try {
    const json = JSON.parse(await file.text());
    return looksLikeBundle(json) ? json : null;
  } catch {
    return null;
  }
}

function isJsonName(file) {
  return /\.json$/i.test(file.name) || file.type === 'application/json';
}

// A drop may hold the evidence, its bundle, or both. A JSON file that parses as a bundle is
// the bundle; anything else is the evidence (an evidence file may itself be JSON, so a lone
// file chosen with the evidence button is always the evidence).
async function takeFiles(files, via) {
  let evidence = null;
  let bundle = null;
  for (const file of files) {
    const lone = via === 'evidence' && files.length === 1;
    const mayBeBundle = via === 'bundle' || (bundle === null && !lone && isJsonName(file));
    const json = mayBeBundle ? await readBundle(file) : null;
    if (json !== null) {
      bundle = { name: file.name, json };
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

class Cancelled extends Error {}

async function digestOf(file, id) {
  if (state.digestCache?.file === file) {
    state.run.progress = { done: file.size, total: file.size, seconds: 0 };
    return state.digestCache.digest;
  }
  const started = performance.now();
  let lastDraw = 0;
  const digest = await sha256OfFile(file, {
    onProgress(done, total) {
      if (id !== runCounter) throw new Cancelled();
      const now = performance.now();
      if (now - lastDraw > 100 || done === total) {
        lastDraw = now;
        state.run.progress = { done, total, seconds: (now - started) / 1000 };
        renderProgress();
      }
    },
  });
  state.run.progress = {
    done: file.size, total: file.size, seconds: (performance.now() - started) / 1000,
  };
  state.digestCache = { file, digest };
  return digest;
}

async function runCheck() {
  const id = ++runCounter;
  const file = state.evidence;
  const given = state.bundle;
  state.run = {
    id, progress: { done: 0, total: file.size, seconds: 0 }, result: null,
    source: given ? 'bundle' : 'node', passed: [],
  };
  render();
  try {
    let digest;
    try {
      digest = await digestOf(file, id);
    } catch (err) {
      if (err instanceof Cancelled) throw err;
      throw new VerifyError('file_read_error', { detail: err.message });
    }
    state.run.passed.push('hash');
    state.run.digest = bytesToHex(digest);
    renderProgress();
    let bundle;
    let count = 1;
    if (given) {
      bundle = given.json;
    } else {
      ({ bundle, count } = await bundleFromNode(state.run.digest));
      state.run.fetched = bundle;
    }
    if (id !== runCounter) return;
    state.run.passed.push('source');
    const verdict = verifyBundle(bundle, digest);
    state.run.result = { ok: true, verdict, count };
    state.run.passed.push(...STEPS.slice(2));
    if (given) state.bundleConsumed = true;
    await refreshStatus();
  } catch (err) {
    if (err instanceof Cancelled || id !== runCounter) return;
    if (given) state.bundleConsumed = true;
    const known = err instanceof VerifyError;
    // verifyBundle checks in STEPS order, so every step before the failed one has passed.
    const failed = STEPS.indexOf(STEP_OF_CODE[known ? err.code : 'internal'] ?? 'leaf');
    state.run.passed = STEPS.slice(0, Math.max(failed, 0));
    state.run.result = {
      ok: false,
      code: known ? err.code : 'internal',
      params: known ? err.params : { detail: String(err?.message ?? err) },
    };
  }
  if (id === runCounter) {
    render();
    $('verdict').scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }
}

function showFailure(code, params) {
  state.run = { id: ++runCounter, progress: null, result: { ok: false, code, params }, passed: [] };
  render();
}

// ---- drawing -----------------------------------------------------------------------

function renderStaticText() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = `${t('title')} · cunzheng`;
  for (const node of document.querySelectorAll('[data-i18n]')) {
    node.textContent = t(node.dataset.i18n);
  }
  for (const button of document.querySelectorAll('#lang button')) {
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
  const { done, total, seconds } = run.progress;
  const fraction = total === 0 ? 1 : done / total;
  $('progress').value = Math.round(fraction * 1000);
  const finished = run.passed.includes('hash');
  $('progress-text').textContent = finished
    ? t('progress.done', { total: formatBytes(total), seconds: seconds.toFixed(1) })
    : t('progress.hashing', {
      done: formatBytes(done), total: formatBytes(total), percent: Math.floor(fraction * 100),
    });
}

function renderSteps() {
  const run = state.run;
  const section = $('steps-section');
  section.hidden = !run || !run.progress;
  const list = $('steps');
  list.replaceChildren();
  if (section.hidden) return;
  const failed = run.result && !run.result.ok ? STEP_OF_CODE[run.result.code] ?? 'leaf' : null;
  for (const step of STEPS) {
    const key = step === 'source' ? (run.source === 'bundle' ? 'step.bundle' : 'step.lookup')
      : `step.${step}`;
    let mark = '·';
    let cls = 'todo';
    if (run.passed.includes(step)) [mark, cls] = ['✔', 'ok'];
    else if (step === failed) [mark, cls] = ['✘', 'fail'];
    list.append(el('li', { cls }, [el('span', { cls: 'mark', text: mark }), t(key)]));
  }
}

function fact(list, label, ...values) {
  list.append(el('dt', { text: label }));
  for (const value of values) list.append(el('dd', { text: value }));
}

function renderVerdict() {
  const box = $('verdict');
  const result = state.run?.result;
  box.hidden = !result;
  box.replaceChildren();
  if (!result) return;
  box.dataset.result = result.ok ? 'ok' : 'fail';
  box.dataset.code = result.ok ? 'ok' : result.code;
  box.classList.toggle('ok', result.ok);
  box.classList.toggle('fail', !result.ok);
  if (!result.ok) {
    box.append(el('p', { cls: 'verdict-title', text: t('verdict.fail') }));
    box.append(el('p', { cls: 'reason', text: t(`error.${result.code}`, result.params) }));
    appendAgain(box);
    return;
  }
  const v = result.verdict;
  box.append(el('p', { cls: 'verdict-title', text: t('verdict.ok') }));
  box.append(el('p', { cls: 'verdict-sub', text: t('verdict.ok.sub') }));
  const facts = el('dl', { cls: 'facts big' });
  fact(facts, t('verdict.time'),
    t('verdict.utc', { time: formatTime(v.timeMs, 0) }),
    t('verdict.beijing', { time: formatTime(v.timeMs, BEIJING_OFFSET_MS) }));
  fact(facts, t('verdict.height'), String(v.height));
  fact(facts, t('verdict.index'), String(v.leafIndex));
  fact(facts, t('verdict.signed'), t('verdict.signed.value', {
    k: v.signers.length, n: v.validators.length, names: v.signers.map((s) => s.name).join(', '),
  }));
  box.append(facts);

  const trust = state.run.source === 'bundle' ? 'verdict.trust.bundle' : 'verdict.trust.node';
  box.append(el('p', { cls: 'trust', text: t(trust) }));
  for (const note of verdictNotes(v, result.count)) box.append(el('p', { cls: 'note-line', text: note }));

  const details = el('dl', { cls: 'facts details' });
  fact(details, t('verdict.genesis'), v.genesisHash);
  fact(details, t('verdict.chain'), v.chainId);
  fact(details, t('verdict.id'), v.entryId);
  fact(details, t('verdict.digest'), v.digest);
  if (v.kind) fact(details, t('verdict.kind'), v.kind);
  const meta = Object.entries(v.meta);
  if (meta.length) fact(details, t('verdict.meta'), ...meta.map(([k, value]) => `${k}: ${value}`));
  box.append(details);

  box.append(el('p', { cls: 'signers-title', text: t('verdict.signers') }));
  const signers = el('ul', { cls: 'signers' });
  for (const s of v.signers) signers.append(el('li', { cls: 'mono', text: s.vkey }));
  box.append(signers);

  if (state.run.fetched) {
    if (!state.run.downloadUrl) {
      const text = `${JSON.stringify(state.run.fetched, null, 2)}\n`;
      state.run.downloadUrl = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    }
    const link = el('a', {
      cls: 'button secondary', text: t('verdict.download'),
      attrs: { href: state.run.downloadUrl, download: `cunzheng-proof-${v.entryId.slice(0, 16)}.json` },
    });
    appendAgain(box, link);
  } else {
    appendAgain(box);
  }
}

function verdictNotes(v, count) {
  const notes = [];
  if (count > 1) notes.push(t('verdict.several', { count }));
  const status = state.status?.json;
  if (status && state.run.source === 'bundle') {
    if (status.genesis_hash && v.genesisHash !== status.genesis_hash) {
      notes.push(t('verdict.genesis.differs'));
    } else if (Array.isArray(status.validators)) {
      const mine = status.validators.map((x) => x.vkey).join('\n');
      if (mine !== v.validators.map((x) => x.vkey).join('\n')) notes.push(t('verdict.validators.differ'));
    }
  }
  return notes;
}

function appendAgain(box, ...others) {
  const again = el('button', { cls: 'button secondary', text: t('drop.again'), attrs: { type: 'button' } });
  again.addEventListener('click', () => {
    runCounter += 1;
    Object.assign(state, { evidence: null, bundle: null, bundleConsumed: false, run: null });
    $('evidence-input').value = '';
    $('bundle-input').value = '';
    render();
    $('drop').scrollIntoView({ behavior: 'smooth' });
  });
  box.append(el('p', { cls: 'actions' }, [...others, again]));
}

function renderStatus() {
  const error = $('status-error');
  const facts = $('status-facts');
  const rows = $('status-validators').querySelector('tbody');
  facts.replaceChildren();
  rows.replaceChildren();
  error.hidden = !state.status?.error;
  if (state.status?.error) error.textContent = t('status.unavailable', { detail: state.status.error });
  const s = state.status?.json;
  if (s) {
    fact(facts, t('status.chain'), String(s.chain_id));
    fact(facts, t('status.height'), String(s.height));
    fact(facts, t('status.size'), String(s.ledger_size));
    fact(facts, t('status.latest'), Number.isSafeInteger(s.latest_block_time_ms)
      ? `${t('verdict.utc', { time: formatTime(s.latest_block_time_ms, 0) })} · ${
        t('verdict.beijing', { time: formatTime(s.latest_block_time_ms, BEIJING_OFFSET_MS) })}`
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
    const json = await getJson(`v1/proofs/${match[1]}`);
    if (looksLikeBundle(json)) {
      state.bundle = { name: `${match[1].slice(0, 16)}….json`, json };
      renderSelection();
    }
  } catch (err) {
    showFailure('node_error', err.params ?? { message: String(err?.message ?? err) });
  }
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
    const files = Array.from(event.target.files ?? []);
    if (files.length) takeFiles(files, 'evidence');
  });
  $('bundle-input').addEventListener('change', (event) => {
    const files = Array.from(event.target.files ?? []);
    if (files.length) takeFiles(files.slice(0, 1), 'bundle');
  });
  for (const button of document.querySelectorAll('#lang button')) {
    button.addEventListener('click', () => {
      state.lang = button.dataset.lang;
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
