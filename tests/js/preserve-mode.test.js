// The parts of the page's 存证 mode that hold no DOM (node/api/static/preserve/): how far
// sealing has come (seal-meter.js), the steps and status words of a stored preservation
// (run-view.js), what a failure is (submit.js failureKind) and the pickers' file types
// (evidence-view.js roleExtensions). The mode as a whole runs in chromium
// (tests/browser/test_preserve_mode.py).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DecodeError } from '../../node/api/static/core/errors.js';
import { parseJson } from '../../node/api/static/core/json.js';
import { roleExtensions } from '../../node/api/static/preserve/evidence-view.js';
import { NodeRefused, NodeUnreachable } from '../../node/api/static/preserve/node-client.js';
import { stagesOf, statusWords } from '../../node/api/static/preserve/run-view.js';
import { SealMeter } from '../../node/api/static/preserve/seal-meter.js';
import { ProofRefused, failureKind } from '../../node/api/static/preserve/submit.js';
import { REPO } from './support.js';

/** A translation that shows the key and its parameters. */
const words = (/** @type {string} */ key, /** @type {Record<string, unknown>} */ params = {}) => `${key}${JSON.stringify(params)}`;

/**
 * A stored preservation of `status`.
 * @param {'submitting' | 'receipted' | 'committed'} status
 * @returns {import('../../node/api/static/preserve/store.js').Preservation}
 */
function preservation(status) {
  return {
    id: '00'.repeat(32), node: 'http://node.test/', manifest: '{}', status, receipt: null, bundle: null, genesis: null,
    entry: { digest: '11'.repeat(32), alg: 'sha256', kind: 'package', meta: { files: '3' } },
    committed: status === 'committed' ? { height: 7, leafIndex: 2, timeMs: 1_795_446_300_000, signers: 3, notaries: 4 } : null,
    error: null, createdMs: 1, updatedMs: 1,
  };
}

test('the meter counts the bytes of every file, the files done and those being hashed', async () => {
  const one = new Blob([new Uint8Array(300)]);
  const two = new Blob([new Uint8Array(100)]);
  let clock = 1000;
  let changes = 0;
  const meter = new SealMeter([{ file: one, name: '聊天记录/一.png' }, { file: two, name: '录屏/二.mp4' }], () => { changes += 1; }, () => clock);
  assert.deepEqual([meter.total, meter.count, meter.done, meter.finished], [400, 2, 0, 0]);
  /** @type {((done: number) => void)[]} */
  const reports = [];
  /** @type {(() => void)[]} */
  const finish = [];
  /** @type {number[]} */
  const heard = [];
  const digest = meter.counting((file, _alg, options = {}) => new Promise((resolve) => {
    reports.push((done) => options.onProgress?.(done));
    finish.push(() => resolve(new Uint8Array(32).fill(file.size % 256)));
  }));
  const first = digest(one, 'sha256', { onProgress: (done) => heard.push(done) });
  const second = digest(two, 'sha256');
  reports[0](120);
  reports[1](100);
  reports[0](300);
  clock += 2000;
  assert.equal(meter.done, 400);
  assert.deepEqual([...meter.hashing.values()].map((file) => [file.name, file.done, file.size]),
    [['聊天记录/一.png', 300, 300], ['录屏/二.mp4', 100, 100]]);
  assert.equal(meter.rate, 200, 'bytes a second since sealing started');
  assert.deepEqual(heard, [120, 300], "sealPackage's own progress still hears its file");
  finish[1]();
  assert.deepEqual(await second, new Uint8Array(32).fill(100));
  assert.deepEqual([meter.finished, [...meter.hashing.values()].map((file) => file.name)], [1, ['聊天记录/一.png']]);
  finish[0]();
  await first;
  assert.deepEqual([meter.finished, meter.hashing.size], [2, 0]);
  assert.ok(changes >= 5);
});

test('a preservation reads 已提交 → 已受理（回执）→ 已上链（k / n）, waiting on the next', () => {
  const states = (/** @type {'submitting' | 'receipted' | 'committed'} */ status) => stagesOf(preservation(status)).map(([key, , state]) => `${key} ${state}`);
  assert.deepEqual(states('submitting'), [
    'preserve.stage.sealed done', 'preserve.stage.submitting done',
    'preserve.stage.receipted.waiting now', 'preserve.stage.committed.waiting todo',
  ]);
  assert.deepEqual(states('receipted'), [
    'preserve.stage.sealed done', 'preserve.stage.submitting done',
    'preserve.stage.receipted done', 'preserve.stage.committed.waiting now',
  ]);
  assert.deepEqual(states('committed').map((line) => line.split(' ')[1]), ['done', 'done', 'done', 'done']);
  assert.equal(statusWords(preservation('submitting'), words), 'preserve.stage.submitting{}');
  assert.equal(statusWords(preservation('receipted'), words), 'preserve.stage.receipted{}');
  assert.equal(statusWords(preservation('committed'), words), 'preserve.stage.committed.signed{"k":3,"n":4}');
});

test('a failure is told by its kind: unreachable, refused, a proof or another answer', () => {
  assert.deepEqual(failureKind(new NodeUnreachable('down')), { kind: 'unreachable', message: 'down' });
  assert.deepEqual(failureKind(new NodeRefused(400, 'bad_entry', 'no')), { kind: 'refused', message: 'no' });
  assert.deepEqual(failureKind(new ProofRefused('manifest_mismatch', 'another')), { kind: 'proof', message: 'another' });
  assert.deepEqual(failureKind(new DecodeError('a receipt of another entry')), { kind: 'answer', message: 'a receipt of another entry' });
  assert.equal(failureKind('odd').kind, 'answer');
});

test("each step's picker asks for the extensions rules.json gives its role", () => {
  const rules = parseJson(readFileSync(join(REPO, 'node', 'api', 'static', 'rules.json'), 'utf8'));
  const found = roleExtensions(rules);
  assert.ok(found.get('voice')?.includes('.amr') && found.get('voice')?.includes('.silk'));
  assert.ok(found.get('screen_recording')?.includes('.mp4'));
  assert.deepEqual(found.get('owner_profile'), []);
  assert.equal(found.get('other'), undefined, 'the default role has no pattern');
  assert.deepEqual(roleExtensions(null), new Map());
  assert.deepEqual(roleExtensions({ roles: [{ role: 'voice', extensions: ['.amr', 3] }, 'odd'] }), new Map([['voice', ['.amr']]]));
});
