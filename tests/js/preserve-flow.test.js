// A preservation taken through its steps (preserve/submit.js) against a node scripted from
// the verdict corpus's valid package (tests/vectors/verdicts/package_valid: its manifest,
// genesis and proof bundle, made by tests/support/corpus.py) and receipts signed by that
// consortium's notary keys (ledger/receipt.py); then its 存证包 (preserve/package-zip.js),
// read by the real `cunzheng verify`.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { noLaterThan } from '../../node/api/static/core/display.js';
import { NodeClient } from '../../node/api/static/preserve/node-client.js';
import { packageZip, packageZipName } from '../../node/api/static/preserve/package-zip.js';
import { Preserver, ProofRefused } from '../../node/api/static/preserve/submit.js';
import { cunzheng, noCommand, packageRules, python, temporaryFolder } from './preserve-support.js';
import { REPO } from './support.js';

const CASE = join(REPO, 'tests', 'vectors', 'verdicts', 'package_valid');
const read = (/** @type {string} */ name) => readFileSync(join(CASE, name), 'utf8');
const MANIFEST = read('manifest.json');
const GENESIS = read('genesis.json');
const BUNDLE = read('proof.cunzheng.json');
const ENTRY_ID = JSON.parse(MANIFEST).id;
const ENTRY = JSON.parse(MANIFEST).entry;

const SIGNED = `
import json, sys
from cunzheng.ledger.keys import RECEIPT_SIGNATURE_TAG
from cunzheng.ledger.receipt import Receipt
from cunzheng.ledger.validators import Genesis
from tests.support.chain_factory import notary_keys

genesis = Genesis.from_file_text(open(sys.argv[2], encoding="utf-8").read())
key = notary_keys(4)[1]
unsigned = Receipt(genesis.chain_id, key.public_key, 1795446246000, (bytes.fromhex(sys.argv[1]),))
receipt = unsigned.signed(key.sign(RECEIPT_SIGNATURE_TAG, unsigned.signed_payload()))
print(json.dumps({"receipt": receipt.to_json(), "genesis_hash": genesis.hash().hex(),
                  "validators": genesis.validator_set.to_json()}))
`;

/** The store's interface over a Map, as PreservationStore keeps records in IndexedDB. */
class MemoryStore {
  constructor() {
    /** @type {Map<string, any>} */
    this.records = new Map();
    /** @type {any[]} */
    this.writes = [];
  }

  /** @param {any} record */
  async put(record) {
    this.writes.push(structuredClone(record));
    this.records.set(record.id, structuredClone(record));
  }

  /** @param {string} id */
  async get(id) {
    return structuredClone(this.records.get(id) ?? null);
  }

  async pending() {
    return [...this.records.values()].filter((r) => r.status !== 'committed').map((r) => structuredClone(r));
  }
}

/**
 * A node answering from `script`: each key "METHOD path" takes its answers in turn, the last
 * one again once the others are used. Every request is recorded.
 * @param {Record<string, (() => Response)[]>} script
 */
function scriptedNode(script) {
  /** @type {{ method: string, path: string, body: unknown }[]} */
  const requests = [];
  /** @type {typeof fetch} */
  const fetcher = async (url, init) => {
    const method = init?.method ?? 'GET';
    const path = new URL(String(url)).pathname.slice(1);
    requests.push({ method, path, body: init?.body ?? null });
    const answers = script[`${method} ${path}`];
    if (answers === undefined) return json(404, { error: { code: 'not_found', message: `no ${path}` } })();
    return (answers.length > 1 ? /** @type {() => Response} */ (answers.shift()) : answers[0])();
  };
  return { fetcher, requests };
}

/**
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function json(status, body, headers = {}) {
  return () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers });
}

/** The corpus consortium's answers, a receipt signed by its notary-b. */
function consortium() {
  const signed = python(SIGNED, [ENTRY_ID, join(CASE, 'genesis.json')]);
  return {
    status: json(200, { genesis_hash: signed.genesis_hash, validators: signed.validators }),
    genesis: json(200, GENESIS),
    accepted: json(202, { id: ENTRY_ID, status: 'pending', receipt: signed.receipt }),
    pending: json(200, { id: ENTRY_ID, status: 'pending' }),
    committed: json(200, { id: ENTRY_ID, status: 'committed' }),
    proof: json(200, BUNDLE),
  };
}

/**
 * A Preserver of `store` for the scripted node, whose clock moves a second a wait.
 * @param {typeof fetch} fetcher
 * @param {MemoryStore} store
 */
function preserver(fetcher, store) {
  let now = 1_795_446_300_000;
  const wait = async (/** @type {number} */ ms) => { now += ms; };
  const client = new NodeClient('http://node.test/', { fetch: fetcher, wait, now: () => now });
  const store_ = /** @type {import('../../node/api/static/preserve/store.js').PreservationStore} */ (/** @type {unknown} */ (store));
  return new Preserver({ store: store_, client, rules: packageRules, now: () => now, wait, commitWaitMs: 60_000 });
}

/** The sealed package of the corpus case, as seal.js gives it. */
async function sealed() {
  const { Entry } = await import('../../node/api/static/core/entry.js');
  const { hexToBytes } = await import('../../node/api/static/core/bytes.js');
  const entry = new Entry(hexToBytes(ENTRY.digest), 'sha256', 'package', new Map(Object.entries(ENTRY.meta)), null, null, null);
  return { text: MANIFEST, entry };
}

test('stored before it is sent, receipted, then committed with its checked proof', { skip: noCommand }, async () => {
  const node = consortium();
  const { fetcher, requests } = scriptedNode({
    'GET v1/genesis': [node.genesis], 'GET v1/status': [node.status],
    'POST v1/entries': [json(503, { error: { code: 'mempool_full', message: 'full' } }, { 'Retry-After': '2' }), node.accepted],
    [`GET v1/entries/${ENTRY_ID}`]: [node.pending, node.committed],
    [`GET v1/proofs/${ENTRY_ID}`]: [json(409, { error: { code: 'pending', message: 'not yet' } }), node.proof],
  });
  const store = new MemoryStore();
  /** @type {number[]} */
  const countdown = [];
  const done = await preserver(fetcher, store).start(await sealed(), { onWait: (left) => countdown.push(left) });
  assert.equal(store.writes[0].status, 'submitting');
  assert.equal(store.writes[0].manifest, MANIFEST, 'the manifest is stored before anything is sent');
  assert.equal(requests.findIndex((r) => r.method === 'POST') > 0, true);
  assert.deepEqual(store.writes.map((r) => r.status), ['submitting', 'receipted', 'committed']);
  assert.deepEqual(countdown, [2, 1, 0]);
  assert.equal(done.receipt?.notary, 'notary-b');
  assert.equal(done.bundle, BUNDLE);
  assert.equal(done.genesis, GENESIS);
  const proven = JSON.parse(BUNDLE);
  assert.deepEqual(done.committed, {
    height: proven.header.height, leafIndex: proven.leaf_index, timeMs: proven.header.time_ms, signers: 4, notaries: 4,
  });
  // Only the entry was sent: its four fields, nothing of the files or the collection record.
  const posts = requests.filter((r) => r.method !== 'GET');
  assert.deepEqual(posts.map((r) => JSON.parse(/** @type {string} */ (r.body))), [ENTRY_WITHOUT_NULLS, ENTRY_WITHOUT_NULLS]);
});

const ENTRY_WITHOUT_NULLS = { digest: ENTRY.digest, alg: 'sha256', kind: 'package', meta: ENTRY.meta };

test('a node that no longer knows the entry is sent it again; a failure is stored, then cleared', { skip: noCommand }, async () => {
  const node = consortium();
  const unknown = json(404, { error: { code: 'not_found', message: 'no entry with this id is known to this node' } });
  const { fetcher, requests } = scriptedNode({
    'GET v1/genesis': [node.genesis], 'GET v1/status': [node.status],
    'POST v1/entries': [json(400, { error: { code: 'bad_entry', message: 'refused for the test' } }), node.accepted],
    [`GET v1/entries/${ENTRY_ID}`]: [unknown, node.committed],
    [`GET v1/proofs/${ENTRY_ID}`]: [node.proof],
  });
  const store = new MemoryStore();
  const made = preserver(fetcher, store);
  await assert.rejects(made.start(await sealed()), { name: 'NodeRefused', message: 'refused for the test' });
  const failed = await store.get(ENTRY_ID);
  assert.deepEqual([failed.status, failed.error.code, failed.error.message], ['submitting', 'bad_entry', 'refused for the test']);
  const [resumed] = await made.resume();
  assert.equal(resumed.status, 'committed');
  assert.equal(resumed.error, null);
  assert.equal(requests.filter((r) => r.method === 'POST').length, 3, 'refused, accepted, and again after the 404');
  assert.deepEqual(store.writes.map((r) => r.status), ['submitting', 'submitting', 'receipted', 'submitting', 'receipted', 'committed']);
});

test('a preservation is driven once at a time; resume tells each failure', { skip: noCommand }, async () => {
  const node = consortium();
  const refused = json(400, { error: { code: 'bad_entry', message: 'refused for the test' } });
  const { fetcher, requests } = scriptedNode({
    'GET v1/genesis': [node.genesis], 'GET v1/status': [node.status],
    'POST v1/entries': [refused, refused, node.accepted],
    [`GET v1/entries/${ENTRY_ID}`]: [node.committed], [`GET v1/proofs/${ENTRY_ID}`]: [node.proof],
  });
  const store = new MemoryStore();
  const made = preserver(fetcher, store);
  await assert.rejects(made.start(await sealed()));
  /** @type {[string, unknown][]} */
  const failures = [];
  const [stillPending] = await made.resume({ onFailure: (record, err) => failures.push([record.id, err]) });
  assert.equal(stillPending.status, 'submitting');
  assert.equal(failures.length, 1);
  assert.equal(failures[0][0], ENTRY_ID);
  assert.ok(failures[0][1] instanceof Error && failures[0][1].name === 'NodeRefused');
  // The next run is accepted: two callers at once (the page's own run and its resume) share it.
  const record = await store.get(ENTRY_ID);
  const first = made.drive(record);
  const second = made.drive(record);
  assert.equal(first, second, 'the same run');
  assert.equal((await first).status, 'committed');
  assert.equal(requests.filter((r) => r.method === 'POST').length, 3, 'refused twice, then accepted once');
  assert.notEqual(made.drive(await store.get(ENTRY_ID)), first, 'a new run once the last one ended');
});

test('a proof that does not check out against the manifest is not kept', { skip: noCommand }, async () => {
  const node = consortium();
  const other = read('../file_valid/proof.cunzheng.json');
  const { fetcher } = scriptedNode({
    'GET v1/genesis': [node.genesis], 'GET v1/status': [node.status], 'POST v1/entries': [node.accepted],
    [`GET v1/entries/${ENTRY_ID}`]: [node.committed], [`GET v1/proofs/${ENTRY_ID}`]: [json(200, other)],
  });
  const store = new MemoryStore();
  await assert.rejects(preserver(fetcher, store).start(await sealed()), (err) => err instanceof ProofRefused && err.reason === 'manifest_mismatch');
  const kept = await store.get(ENTRY_ID);
  assert.deepEqual([kept.status, kept.bundle, kept.error.code], ['receipted', null, 'manifest_mismatch']);
});

test('an entry not committed in time stays receipted, for resume to take up', { skip: noCommand }, async () => {
  const node = consortium();
  const { fetcher } = scriptedNode({
    'GET v1/genesis': [node.genesis], 'GET v1/status': [node.status], 'POST v1/entries': [node.accepted],
    [`GET v1/entries/${ENTRY_ID}`]: [node.pending],
  });
  const done = await preserver(fetcher, new MemoryStore()).start(await sealed());
  assert.equal(done.status, 'receipted');
  assert.equal(done.error, null);
});

test('the 存证包: the same bytes each time, its members in order, read by `cunzheng verify`', { skip: noCommand }, async () => {
  const node = consortium();
  const { fetcher } = scriptedNode({
    'GET v1/genesis': [node.genesis], 'GET v1/status': [node.status], 'POST v1/entries': [node.accepted],
    [`GET v1/entries/${ENTRY_ID}`]: [node.committed], [`GET v1/proofs/${ENTRY_ID}`]: [node.proof],
  });
  const record = await preserver(fetcher, new MemoryStore()).start(await sealed());
  const documents = async () => ({
    certificate: new TextEncoder().encode('<!doctype html><title>存证证书</title>'),
    verifier: new TextEncoder().encode('<!doctype html><title>离线核验</title>'),
  });
  const first = await packageZip(record, documents);
  const again = await packageZip(record, documents);
  assert.deepEqual(first.bytes, again.bytes);
  assert.equal(first.name, packageZipName(ENTRY_ID));
  assert.match(first.name, /^存证包-\d{16}\.zip$/);
  const folder = temporaryFolder();
  const zip = join(folder, first.name);
  writeFileSync(zip, first.bytes);
  const listed = JSON.parse(execFileSync(join(REPO, '.venv', 'bin', 'python'), ['-c',
    'import json, sys, zipfile\n'
    + 'z = zipfile.ZipFile(sys.argv[1])\n'
    + 'print(json.dumps([[i.filename, list(i.date_time), z.read(i).decode()] for i in z.infolist()]))', zip], { encoding: 'utf8' }));
  assert.deepEqual(listed.map((/** @type {any[]} */ m) => m[0]),
    ['README.txt', 'manifest.json', 'proof.cunzheng.json', 'certificate.html', 'verifier.html', 'genesis.json']);
  const beijing = new Date((record.committed?.timeMs ?? 0) + 8 * 3600 * 1000);
  const expected = [beijing.getUTCFullYear(), beijing.getUTCMonth() + 1, beijing.getUTCDate(),
    beijing.getUTCHours(), beijing.getUTCMinutes(), beijing.getUTCSeconds() - (beijing.getUTCSeconds() % 2)];
  assert.ok(listed.every((/** @type {any[]} */ m) => JSON.stringify(m[1]) === JSON.stringify(expected)), 'dated with the block time in Beijing');
  assert.deepEqual(listed.slice(1, 3).map((/** @type {any[]} */ m) => m[2]), [MANIFEST, BUNDLE]);
  assert.equal(listed[5][2], GENESIS);
  const readme = listed[0][2];
  for (const words of ['证书编号', '原始载体', '盐值', '不是公证书', `cunzheng verify ${first.name} --package`,
    '截图/我的个人信息页.png', 'not a notarial certificate']) {
    assert.ok(readme.includes(words), words);
  }
  const verdict = JSON.parse(cunzheng(['verify', zip, '--package', join(CASE, 'evidence'), '--genesis', join(CASE, 'genesis.json'), '--json']));
  assert.deepEqual([verdict.verdict, verdict.reason], ['valid', 'ok']);
  // The README states the time `verify` states, not the proposer's block time.
  assert.ok(readme.includes(noLaterThan(verdict.record.no_later_than_ms).beijing), 'the stated time');
  assert.ok(!readme.includes(noLaterThan(verdict.record.time_ms).beijing), 'not the block time');
});
