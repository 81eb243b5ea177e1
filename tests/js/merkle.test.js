// RFC 9162 proofs: the known answers and named mutations of tests/vectors/inclusion.json and
// consistency.json (which ledger/merkle.py passes too), and every proof of small trees made
// by the RFC's own recursive definitions (§2.1.3.1, §2.1.4.1), written out here as the
// reference.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leafHash, nodeHash } from '../../node/api/static/core/domain-hash.js';
import { ProofError } from '../../node/api/static/core/errors.js';
import { rootFromLeaves, verifyConsistency, verifyInclusion } from '../../node/api/static/core/merkle.js';
import { bytes, vectors } from './support.js';

const inclusion = vectors('inclusion.json');
const consistency = vectors('consistency.json');

/** @param {any} c */
const checkInclusion = (c) => verifyInclusion(c.leaf_index, c.tree_size, bytes(c.leaf_hash),
  c.inclusion_path.map(bytes), bytes(c.root_hash));
/** @param {any} c */
const checkConsistency = (c) => verifyConsistency(c.first, c.second, bytes(c.first_root),
  bytes(c.second_root), c.consistency_path.map(bytes));

test('inclusion proofs: the known answers verify and every named mutation is refused', () => {
  for (const c of [inclusion.valid, ...inclusion.known_answers]) checkInclusion(c);
  for (const c of inclusion.mutations) assert.throws(() => checkInclusion(c), ProofError, c.name);
});

test('consistency proofs: the known answers verify and every named mutation is refused', () => {
  for (const c of [consistency.valid, ...consistency.known_answers]) checkConsistency(c);
  for (const c of consistency.mutations) assert.throws(() => checkConsistency(c), ProofError, c.name);
});

/**
 * MTH(D[n]) by RFC 9162 §2.1.1's recursion.
 * @param {Uint8Array[]} leaves
 * @returns {Uint8Array}
 */
function mth(leaves) {
  if (leaves.length === 1) return leaves[0];
  const k = 2 ** Math.floor(Math.log2(leaves.length - 1));
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

/**
 * PATH(m, D[n]), RFC 9162 §2.1.3.1.
 * @param {number} m
 * @param {Uint8Array[]} leaves
 * @returns {Uint8Array[]}
 */
function path(m, leaves) {
  if (leaves.length === 1) return [];
  const k = 2 ** Math.floor(Math.log2(leaves.length - 1));
  if (m < k) return [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))];
  return [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

/**
 * SUBPROOF(m, D[n], b), RFC 9162 §2.1.4.1.
 * @param {number} m
 * @param {Uint8Array[]} leaves
 * @param {boolean} whole
 * @returns {Uint8Array[]}
 */
function subproof(m, leaves, whole) {
  if (m === leaves.length) return whole ? [] : [mth(leaves)];
  const k = 2 ** Math.floor(Math.log2(leaves.length - 1));
  if (m <= k) return [...subproof(m, leaves.slice(0, k), whole), mth(leaves.slice(k))];
  return [...subproof(m - k, leaves.slice(k), false), mth(leaves.slice(0, k))];
}

test('every inclusion and consistency proof of trees of 1 to 24 leaves verifies; altered ones do not', () => {
  const leaves = Array.from({ length: 24 }, (_, i) => leafHash(Uint8Array.of(i)));
  for (let n = 1; n <= leaves.length; n++) {
    const tree = leaves.slice(0, n);
    const root = rootFromLeaves(tree);
    assert.deepEqual(root, mth(tree));
    for (let m = 0; m < n; m++) {
      const proof = path(m, tree);
      verifyInclusion(m, n, tree[m], proof, root);
      assert.throws(() => verifyInclusion(m, n, tree[(m + 1) % n] === tree[m] ? leaves[23] : tree[(m + 1) % n], proof, root), ProofError);
      if (proof.length) assert.throws(() => verifyInclusion(m, n, tree[m], proof.slice(1), root), ProofError);
    }
    for (let m = 1; m < n; m++) {
      const proof = subproof(m, tree, true);
      const first = mth(tree.slice(0, m));
      verifyConsistency(m, n, first, root, proof);
      assert.throws(() => verifyConsistency(m, n, root, root, proof), ProofError);
      assert.throws(() => verifyConsistency(m, n, first, root, [...proof, root]), ProofError);
    }
  }
});

test('leaf indices beyond 32 bits are handled exactly', () => {
  // The last leaf of a tree of 2^40 + 6 leaves (index 2^40 + 5, bits 0, 2 and 40 set): its
  // path is the left sibling of each ancestor at those levels, folded from the leaf up.
  const leaf = leafHash(Uint8Array.of(1));
  const siblings = [leafHash(Uint8Array.of(2)), leafHash(Uint8Array.of(3)), leafHash(Uint8Array.of(4))];
  const index = 2 ** 40 + 5;
  const size = 2 ** 40 + 6;
  const root = nodeHash(siblings[2], nodeHash(siblings[1], nodeHash(siblings[0], leaf)));
  verifyInclusion(index, size, leaf, [siblings[0], siblings[1], siblings[2]], root);
  assert.throws(() => verifyInclusion(index, size - 6, leaf, siblings, root), ProofError);
});
