// The page's 存证 building blocks driven as the page will drive them, for
// tests/browser/test_preserve.py and bench/preserve.py: the files of a file input sealed with
// the worker pool, preserved on the node that served the page (IndexedDB store, receipts,
// proof), resumed, and zipped. Playwright serves this module at /preserve-harness.js on the
// node's origin.

import { bytesToBase64 } from '/static/core/bytes.js';
import { PackageRules } from '/static/core/rules.js';
import { HashPool } from '/static/hashing/hashing.js';
import { collectionFromForm } from '/static/preserve/collection-form.js';
import { WarningRules } from '/static/preserve/court-warnings.js';
import { NodeClient } from '/static/preserve/node-client.js';
import { packageZip } from '/static/preserve/package-zip.js';
import { sealPackage } from '/static/preserve/seal.js';
import { PreservationStore } from '/static/preserve/store.js';
import { Preserver } from '/static/preserve/submit.js';

// Read once, when the page loads (as the page does): a later call works with the node down.
const RULES = fetch('/static/rules.json').then((response) => response.json()).then((json) => (
  { packageRules: PackageRules.fromJson(json), warningRules: WarningRules.fromJson(json) }));

function rules() {
  return RULES;
}

/** A Preserver of this page's node and the browser's store; `countdown` gathers onWait. */
async function preserver() {
  const { packageRules } = await rules();
  const store = await PreservationStore.open();
  const client = new NodeClient(new URL('/', location.href).href);
  return { store, preserver: new Preserver({ store, client, rules: packageRules, commitWaitMs: 20_000 }) };
}

/** What a failure says, for the test to read. */
function failure(err) {
  return { name: err?.name ?? 'Error', message: String(err?.message ?? err), code: err?.code ?? err?.reason ?? null };
}

/**
 * Seal the files of the input `inputId` (roles[i] for its i-th file) with the `form`'s
 * collection record, then preserve them. Resolves to the sealed package's paths, the manifest
 * text, the countdown heard and the record or the failure.
 */
export async function sealAndPreserve({ inputId, roles, form, alg }) {
  const input = document.getElementById(inputId);
  const added = [...input.files].map((file, i) => ({ file, role: roles[i] }));
  const { packageRules, warningRules } = await rules();
  const pool = new HashPool();
  const started = performance.now();
  let sealed;
  try {
    sealed = await sealPackage(added, {
      alg, collection: collectionFromForm(form), digest: pool.digest, rules: packageRules, warningRules,
    });
  } finally {
    pool.close();
  }
  const countdown = [];
  const { store, preserver: made } = await preserver();
  const result = {
    id: null, text: sealed.text, paths: sealed.files.map((f) => f.path), names: sealed.files.map((f) => f.file.name),
    leftOut: sealed.leftOut, warnings: sealed.warnings.map((w) => w.code), countdown, record: null, failure: null,
    sealMs: performance.now() - started, preserveMs: 0,
  };
  const preserving = performance.now();
  try {
    result.record = await made.start(sealed, { onWait: (left) => countdown.push(left) });
  } catch (err) {
    result.failure = failure(err);
  }
  result.preserveMs = performance.now() - preserving;
  result.id = (await store.list())[0]?.id ?? null;
  store.close();
  return result;
}

/** Every stored preservation. */
export async function stored() {
  const store = await PreservationStore.open();
  const all = await store.list();
  store.close();
  return all;
}

/** Resume the pending preservations of this node; resolves to them as last stored. */
export async function resume() {
  const { store, preserver: made } = await preserver();
  try {
    return await made.resume();
  } finally {
    store.close();
  }
}

/** The 存证包 of stored preservation `id` (base64), with stand-in documents. */
export async function zipOf({ id, certificate, verifier }) {
  const store = await PreservationStore.open();
  const record = await store.get(id);
  store.close();
  const encoder = new TextEncoder();
  const made = await packageZip(record, async () => ({ certificate: encoder.encode(certificate), verifier: encoder.encode(verifier) }));
  return { name: made.name, bytes: bytesToBase64(made.bytes) };
}
