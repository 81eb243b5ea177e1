// The node's API as the 存证 modules use it: busy answers waited out politely (Retry-After,
// capped, counted down), other refusals surfaced with the node's message; and the node's
// signed receipt (preserve/receipt.js) checked against receipts ledger/receipt.py signs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hexToBytes } from '../../node/api/static/core/bytes.js';
import { DecodeError, SignatureError } from '../../node/api/static/core/errors.js';
import { ValidatorSet } from '../../node/api/static/core/validators.js';
import {
  MAX_WAIT_S, NodeClient, NodeRefused, NodeUnreachable, retryAfterSeconds,
} from '../../node/api/static/preserve/node-client.js';
import { checkReceipt } from '../../node/api/static/preserve/receipt.js';
import { noCommand, python } from './preserve-support.js';

/**
 * A fetch that answers from `answers` in turn, recording each request.
 * @param {(() => Response)[]} answers
 */
function scripted(answers) {
  /** @type {{ url: string, method: string, body: unknown }[]} */
  const requests = [];
  /** @type {typeof fetch} */
  const fetcher = async (url, init) => {
    requests.push({ url: String(url), method: init?.method ?? 'GET', body: init?.body ?? null });
    const next = answers.shift();
    if (next === undefined) throw new Error('no more answers');
    return next();
  };
  return { fetcher, requests };
}

/**
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function answer(status, body, headers = {}) {
  return () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** A client of `fetcher` whose waits take no time; `waited` lists each wait's milliseconds. */
function client(/** @type {typeof fetch} */ fetcher) {
  /** @type {number[]} */
  const waited = [];
  const made = new NodeClient('http://127.0.0.1:9/prefix/', {
    fetch: fetcher, wait: async (ms) => { waited.push(ms); }, now: () => Date.parse('2026-11-20T06:00:00Z'),
  });
  return { made, waited };
}

test('Retry-After: seconds or an HTTP date, capped, one second when absent or unreadable', () => {
  const now = Date.parse('2026-11-20T06:00:00Z');
  assert.equal(retryAfterSeconds('7', now), 7);
  assert.equal(retryAfterSeconds('86400', now), MAX_WAIT_S);
  assert.equal(retryAfterSeconds('Fri, 20 Nov 2026 06:00:12 GMT', now), 12);
  assert.equal(retryAfterSeconds('Fri, 20 Nov 2026 05:00:00 GMT', now), 0);
  assert.equal(retryAfterSeconds(null, now), 1);
  assert.equal(retryAfterSeconds('soon', now), 1);
});

test('a busy node is asked again after its Retry-After, with a countdown; paths are relative to the page', async () => {
  const { fetcher, requests } = scripted([
    answer(503, { error: { code: 'mempool_full', message: 'full' } }, { 'Retry-After': '3' }),
    answer(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'Retry-After': '1' }),
    answer(202, { id: 'x' }),
  ]);
  const { made, waited } = client(fetcher);
  /** @type {number[]} */
  const countdown = [];
  const got = await made.postJson('v1/entries', { digest: 'ab' }, { onWait: (left) => countdown.push(left) });
  assert.deepEqual(got, { id: 'x' });
  assert.deepEqual(countdown, [3, 2, 1, 0, 1, 0]);
  assert.deepEqual(waited, [1000, 1000, 1000, 1000]);
  assert.ok(requests.every((r) => r.url === 'http://127.0.0.1:9/prefix/v1/entries' && r.body === '{"digest":"ab"}'));
});

test('a node busy for too long, and every other refusal, is surfaced with the node\'s message', async () => {
  const busy = Array.from({ length: 8 }, () => answer(503, { error: { code: 'mempool_full', message: 'the mempool is full; retry later' } }));
  const { made } = client(scripted(busy).fetcher);
  await assert.rejects(made.postJson('v1/entries', {}), (err) => err instanceof NodeRefused && err.status === 503
    && err.code === 'mempool_full' && err.message === 'the mempool is full; retry later');
  const bad = client(scripted([answer(400, { error: { code: 'bad_entry', message: 'entry 0: digest must be hex' } })]).fetcher).made;
  await assert.rejects(bad.postJson('v1/entries', {}), { name: 'NodeRefused', code: 'bad_entry', message: 'entry 0: digest must be hex' });
  const proxy = client(scripted([() => new Response('<html>Bad gateway</html>', { status: 502 })]).fetcher).made;
  await assert.rejects(proxy.getJson('v1/status'), { name: 'NodeRefused', code: 'http_error', message: 'GET v1/status answered HTTP 502' });
  const down = client(async () => { throw new TypeError('Failed to fetch'); }).made;
  await assert.rejects(down.getJson('v1/status'), (err) => err instanceof NodeUnreachable && /Failed to fetch/.test(err.message));
  const html = client(scripted([() => new Response('<html></html>', { status: 200 })]).fetcher).made;
  await assert.rejects(html.getJson('v1/status'), NodeUnreachable);
});

test('an aborted wait ends the request with the abort', async () => {
  const { fetcher } = scripted([answer(503, {}, { 'Retry-After': '30' })]);
  const controller = new AbortController();
  const made = new NodeClient('http://127.0.0.1:9/', { fetch: fetcher });
  const pending = made.postJson('v1/entries', {}, { signal: controller.signal });
  setTimeout(() => controller.abort(new Error('closed')), 20);
  await assert.rejects(pending, /closed/);
});

const RECEIPTS = `
import json, sys
from cunzheng.ledger.keys import RECEIPT_SIGNATURE_TAG
from cunzheng.ledger.receipt import Receipt
from cunzheng.ledger.validators import Validator, ValidatorSet
from tests.support.chain_factory import notary_keys

notary, outsider = notary_keys(2)
entry_id = bytes.fromhex(sys.argv[1])

def answer(key, chain_id, ids):
    unsigned = Receipt(chain_id, key.public_key, 1795446245000, ids)
    receipt = unsigned.signed(key.sign(RECEIPT_SIGNATURE_TAG, unsigned.signed_payload()))
    return {"id": entry_id.hex(), "status": "pending", "receipt": receipt.to_json()}

print(json.dumps({
    "validators": ValidatorSet.of([Validator(notary.name, notary.public_key, 1)]).to_json(),
    "valid": answer(notary, "cunzheng-test", (entry_id,)),
    "other_ids": answer(notary, "cunzheng-test", (entry_id, bytes(32))),
    "other_chain": answer(notary, "another-chain", (entry_id,)),
    "outsider": answer(outsider, "cunzheng-test", (entry_id,)),
}))
`;

test('a receipt ledger/receipt.py signs is checked: ids, chain, signature, notary', { skip: noCommand }, () => {
  const id = 'ab'.repeat(32);
  const made = python(RECEIPTS, [id]);
  const validators = ValidatorSet.fromJson(made.validators);
  const entryId = /** @type {Uint8Array} */ (hexToBytes(id));
  const checked = checkReceipt(made.valid, entryId, 'cunzheng-test', validators);
  assert.equal(checked.notary, 'notary-a');
  assert.equal(checked.receivedMs, 1795446245000);
  assert.equal(checked.encoding, made.valid.receipt.encoding);
  assert.throws(() => checkReceipt(made.other_ids, entryId, 'cunzheng-test', validators), { code: 'receipt_other_ids' });
  assert.throws(() => checkReceipt(made.other_chain, entryId, 'cunzheng-test', validators), { code: 'receipt_other_chain' });
  assert.throws(() => checkReceipt(made.outsider, entryId, 'cunzheng-test', validators), { code: 'receipt_not_notary' });
  assert.throws(() => checkReceipt({ ...made.valid, id: 'cd'.repeat(32) }, entryId, 'cunzheng-test', validators), { code: 'receipt_other_ids' });
  assert.throws(() => checkReceipt({ id }, entryId, 'cunzheng-test', validators), { code: 'receipt_missing' });
  // One flipped bit of the signed time: the signature no longer verifies.
  const encoding = made.valid.receipt.encoding;
  const time = (1795446245000).toString(16).padStart(16, '0'); // msgpack uint 64, big-endian
  assert.ok(encoding.includes(`cf${time}`), 'the time is in the encoding');
  const forged = { ...made.valid, receipt: { encoding: encoding.replace(`cf${time}`, `cf${time.slice(0, -1)}9`) } };
  assert.throws(() => checkReceipt(forged, entryId, 'cunzheng-test', validators), SignatureError);
  const trailing = { ...made.valid, receipt: { encoding: `${encoding}00` } };
  assert.throws(() => checkReceipt(trailing, entryId, 'cunzheng-test', validators), DecodeError);
});
