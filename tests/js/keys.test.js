// Ed25519 as libsodium (PyNaCl, `cunzheng verify`) judges it: tests/vectors/page.json holds a
// valid signature and three at the edges of RFC 8032 that libsodium refuses (S not reduced,
// R of small order, R off by a point of order 8). @noble/curves' cofactored check alone
// accepts the last; keys.js must not.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidEd25519 } from '../../node/api/static/core/keys.js';
import { ed25519 } from '../../node/api/static/vendor/@noble/curves@2.4.0/ed25519.js';
import { bytes, vectors } from './support.js';

const cases = vectors('page.json').ed25519;

test('signatures are accepted exactly when libsodium accepts them', () => {
  assert.deepEqual(cases.map((/** @type {any} */ c) => c.name), ['valid', 'unreduced_s', 'small_order_r', 'torsion_r']);
  for (const c of cases) {
    assert.equal(isValidEd25519(bytes(c.public_key), bytes(c.message), bytes(c.signature)), c.valid, c.name);
  }
});

test('the torsion case is one the library alone would accept', () => {
  const c = cases.find((/** @type {any} */ item) => item.name === 'torsion_r');
  assert.ok(ed25519.verify(bytes(c.signature), bytes(c.message), bytes(c.public_key), { zip215: false }));
});

test('a signature over other bytes, or of the wrong size, is refused', () => {
  const c = cases[0];
  const message = bytes(c.message);
  message[0] ^= 1;
  assert.ok(!isValidEd25519(bytes(c.public_key), message, bytes(c.signature)));
  assert.ok(!isValidEd25519(bytes(c.public_key), bytes(c.message), bytes(c.signature).slice(1)));
  assert.ok(!isValidEd25519(bytes(c.public_key).slice(1), bytes(c.message), bytes(c.signature)));
});
