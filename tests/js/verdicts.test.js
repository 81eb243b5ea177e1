// The verdict corpus (tests/vectors/verdicts/, made by tests/support/corpus.py and checked by
// the Python verifier too): each case's inputs go through the page's judge, which must give
// exactly the expected verdict, reason, notices, file statuses and stated time. CUNZHENG_CORPUS_ROOT
// names another checkout to take the corpus and its rules.json from.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { judge } from '../../node/api/static/core/evidence.js';
import { streamDigest } from '../../node/api/static/hashing/hash-stream.js';
import { corpusCases, corpusRoot, corpusRules, givenOf } from './support.js';

const cases = corpusCases();

test('the corpus is there to run', { skip: cases.length ? false : `no corpus in ${corpusRoot()}` }, () => {
  assert.ok(cases.length >= 25, `only ${cases.length} cases`);
});

for (const [name, folder] of cases) {
  test(`corpus case ${name}`, async () => {
    const { inputs, expected } = JSON.parse(readFileSync(join(folder, 'case.json'), 'utf8'));
    const finding = await judge(await givenOf(folder, inputs), { digest: streamDigest, rules: corpusRules() });
    const passed = finding.verdict === 'valid' || finding.verdict === 'unconfirmed';
    const got = {
      verdict: finding.verdict, reason: finding.reason, notices: finding.notices, files: finding.files,
      no_later_than_ms: passed ? finding.proven?.noLaterThanMs ?? null : null,
    };
    assert.deepEqual(got, expected, finding.error?.message);
  });
}

// The genesis hash the page gives to compare is the carried genesis's, from which the signers
// were replayed; a version 1 bundle carries none and gets none (tests/cli/test_genesis_shown.py).
test('the genesis hash shown is the one the bundle carries, never one it only names', async () => {
  const byName = new Map(cases);
  const proven = async (/** @type {string} */ name) => {
    const folder = /** @type {string} */ (byName.get(name));
    const { inputs } = JSON.parse(readFileSync(join(folder, 'case.json'), 'utf8'));
    return (await judge(await givenOf(folder, inputs), { digest: streamDigest, rules: corpusRules() })).proven;
  };
  const real = (await givenOf(/** @type {string} */ (byName.get('other_consortium')),
    { bundle: 'proof.cunzheng.json', genesis: 'genesis.json', file: null, folder: null, manifest: null, disclosure: null })).genesis;
  const realHash = Buffer.from(/** @type {any} */ (real).hash()).toString('hex');
  const other = await proven('other_consortium_unconfirmed');
  assert.ok(other?.genesisHash);
  assert.notEqual(Buffer.from(other.genesisHash).toString('hex'), realHash);
  const legacy = await proven('legacy_other_consortium');
  assert.equal(legacy?.genesisHash, null);
  const trusted = await proven('legacy_bundle');
  assert.equal(Buffer.from(/** @type {Uint8Array} */ (trusted?.genesisHash)).toString('hex'), realHash);
});
