// The page's JSON reader bounds nesting as ledger/json_files.py does (64 levels) and, for
// every file a verdict reads, refuses a key given twice (tests/ledger/test_json_files.py).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judge } from '../../node/api/static/core/evidence.js';
import { MAX_JSON_DEPTH, parseJson } from '../../node/api/static/core/json.js';
import { Genesis } from '../../node/api/static/core/validators.js';
import { streamDigest } from '../../node/api/static/hashing/hash-stream.js';

test('nesting up to the limit is read, deeper is refused, however deep', () => {
  assert.equal(MAX_JSON_DEPTH, 64);
  const nested = (/** @type {number} */ depth) => '['.repeat(depth) + ']'.repeat(depth);
  assert.doesNotThrow(() => parseJson(nested(64)));
  for (const depth of [65, 50_000, 100_000]) {
    assert.throws(() => parseJson(nested(depth)), /nested deeper than 64 levels/);
    assert.throws(() => parseJson('['.repeat(depth)), /nested deeper than 64 levels/);
  }
});

test('a key given twice is refused where a verdict reads a file', async () => {
  const twice = '{"version": 2, "version": 1}';
  assert.deepEqual(parseJson(twice), { version: 1 }); // telling files apart only
  assert.throws(() => parseJson(twice, { uniqueKeys: true }), /"version" appears twice/);
  assert.throws(() => Genesis.fromFileBytes(new TextEncoder().encode('{"chain_id": "a", "chain_id": "b"}')), /appears twice/);
  const finding = await judge({ bundle: new TextEncoder().encode('['.repeat(50_000)) }, { digest: streamDigest });
  assert.deepEqual([finding.verdict, finding.reason], ['invalid', 'malformed_bundle']);
});
