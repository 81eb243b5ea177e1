// The RFC 9162 §2.1 Merkle tree, verifier's side (ledger/merkle.py): the root over leaf
// hashes (a package tree), and the checks of inclusion and consistency proofs.
//
// Index arithmetic is done on BigInt: JavaScript's bit operators work on 32 bits, and a
// ledger's leaf indices go beyond.

import { bytesToHex, equalBytes } from './bytes.js';
import { EMPTY_ROOT, HASH_SIZE, nodeHash } from './domain-hash.js';
import { ProofError } from './errors.js';

/**
 * MTH over already-hashed leaves (RFC 9162 §2.1.1); EMPTY_ROOT when there are none.
 * @param {Uint8Array[]} leafHashes
 */
export function rootFromLeaves(leafHashes) {
  if (!leafHashes.length) return EMPTY_ROOT;
  let level = leafHashes;
  // RFC 9162 §2.1.1 splits at the largest power of two below n. Pairing level by level and
  // carrying an unpaired last node up unchanged builds the same tree with n - 1 hashes.
  while (level.length > 1) {
    const parents = [];
    for (let i = 0; i + 1 < level.length; i += 2) parents.push(nodeHash(level[i], level[i + 1]));
    if (level.length % 2) parents.push(level[level.length - 1]);
    level = parents;
  }
  return level[0];
}

/**
 * The root that `inclusionPath` leads to from `leafHash` (RFC 9162 §2.1.3.2).
 * Throws ProofError unless 0 <= leafIndex < treeSize, every hash is 32 bytes, and the path
 * has exactly the length PATH has for this leaf and tree size.
 * @param {number} leafIndex
 * @param {number} treeSize
 * @param {Uint8Array} leafHash
 * @param {Uint8Array[]} inclusionPath
 */
export function rootFromInclusionProof(leafIndex, treeSize, leafHash, inclusionPath) {
  checkLeafIndex(leafIndex, treeSize);
  checkHash('leaf_hash', leafHash);
  checkPath('inclusion_path', inclusionPath);
  const index = BigInt(leafIndex);
  const [inner, border] = innerAndBorder(index, BigInt(treeSize));
  if (inclusionPath.length !== inner + border) {
    throw new ProofError(`inclusion_path for leaf_index=${leafIndex}, tree_size=${treeSize}: `
      + `expected ${inner + border} hashes, got ${inclusionPath.length}`);
  }
  // The closed form of RFC 9162 §2.1.3.2 step 3: below `inner`, bit i of leaf_index says
  // which side the sibling is on; above it the leaf is on the right border (step 3.b.ii).
  const root = chainInner(leafHash, inclusionPath.slice(0, inner), index);
  return chainBorder(root, inclusionPath.slice(inner));
}

/**
 * Check that `leafHash` is leaf `leafIndex` of the tree of `treeSize` with `rootHash`.
 * Throws ProofError for a malformed proof or one that leads to another root.
 * @param {number} leafIndex
 * @param {number} treeSize
 * @param {Uint8Array} leafHash
 * @param {Uint8Array[]} inclusionPath
 * @param {Uint8Array} rootHash
 */
export function verifyInclusion(leafIndex, treeSize, leafHash, inclusionPath, rootHash) {
  checkHash('root_hash', rootHash);
  const computed = rootFromInclusionProof(leafIndex, treeSize, leafHash, inclusionPath);
  if (!equalBytes(computed, rootHash)) throw rootMismatch(treeSize, rootHash, computed);
}

/**
 * Check that the tree of `second` leaves with `secondRoot` extends the tree of `first`
 * leaves with `firstRoot` (RFC 9162 §2.1.4.2). With first == second the path must be empty
 * and the roots equal; with first == 0 the path must be empty and firstRoot the empty root.
 * Throws ProofError otherwise, or when the path leads to other roots.
 * @param {number} first
 * @param {number} second
 * @param {Uint8Array} firstRoot
 * @param {Uint8Array} secondRoot
 * @param {Uint8Array[]} consistencyPath
 */
export function verifyConsistency(first, second, firstRoot, secondRoot, consistencyPath) {
  if (!(first >= 0 && first <= second)) {
    throw new ProofError(`consistency needs 0 <= first <= second, got first=${first}, `
      + `second=${second}; a tree cannot shrink`);
  }
  checkHash('first_root', firstRoot);
  checkHash('second_root', secondRoot);
  checkPath('consistency_path', consistencyPath);
  if (first === 0 || first === second) {
    // RFC 9162 §2.1.4.1 defines no proof for these; the roots alone must agree.
    if (consistencyPath.length) {
      throw new ProofError(`consistency_path from first=${first} to second=${second}: expected `
        + `0 hashes, got ${consistencyPath.length}`);
    }
    if (first === 0 && !equalBytes(firstRoot, EMPTY_ROOT)) throw rootMismatch(0, firstRoot, EMPTY_ROOT);
    if (first === second && !equalBytes(secondRoot, firstRoot)) {
      throw rootMismatch(second, secondRoot, firstRoot);
    }
    return;
  }
  const [computedFirst, computedSecond] = rootsFromConsistencyProof(
    BigInt(first), BigInt(second), firstRoot, consistencyPath);
  if (!equalBytes(computedFirst, firstRoot)) throw rootMismatch(first, firstRoot, computedFirst);
  if (!equalBytes(computedSecond, secondRoot)) throw rootMismatch(second, secondRoot, computedSecond);
}

/**
 * Requires 0 < first < second. PROOF(first, D[second]) is the inclusion path of leaf
 * first - 1 in D[second], starting from the largest perfect subtree that ends at first
 * (2^shift leaves): the proof's first hash, or firstRoot itself when first is a power of two
 * (RFC 9162 §2.1.4.2 step 2).
 * @param {bigint} first
 * @param {bigint} second
 * @param {Uint8Array} firstRoot
 * @param {Uint8Array[]} consistencyPath
 */
function rootsFromConsistencyProof(first, second, firstRoot, consistencyPath) {
  const [fullInner, border] = innerAndBorder(first - 1n, second);
  const shift = bitLength(first & -first) - 1;
  const inner = fullInner - shift;
  const seeded = first === 1n << BigInt(shift);
  const expected = inner + border + (seeded ? 0 : 1);
  if (consistencyPath.length !== expected) {
    throw new ProofError(`consistency_path from first=${first} to second=${second}: expected `
      + `${expected} hashes, got ${consistencyPath.length}`);
  }
  const seed = seeded ? firstRoot : consistencyPath[0];
  const path = seeded ? consistencyPath : consistencyPath.slice(1);
  // §2.1.4.2 step 6: fr takes only the siblings on the left, sr every sibling.
  const mask = (first - 1n) >> BigInt(shift);
  const innerPath = path.slice(0, inner);
  const borderPath = path.slice(inner);
  return [
    chainBorder(chainInner(seed, innerPath, mask, true), borderPath),
    chainBorder(chainInner(seed, innerPath, mask, false), borderPath),
  ];
}

/**
 * The path of leafIndex splits into `inner` levels, below the one where leafIndex and
 * treeSize - 1 part ways (siblings on either side), and `border` levels above it, where the
 * leaf's ancestor is the last node of its level: it has a left sibling iff it is odd. The
 * same split as transparency-dev/merkle proof/verify.go; equivalent to RFC 9162 §2.1.3.2.
 * @param {bigint} leafIndex
 * @param {bigint} treeSize
 * @returns {[number, number]}
 */
function innerAndBorder(leafIndex, treeSize) {
  const inner = bitLength(leafIndex ^ (treeSize - 1n));
  let rest = leafIndex >> BigInt(inner);
  let border = 0;
  for (; rest > 0n; rest >>= 1n) border += Number(rest & 1n);
  return [inner, border];
}

/** @param {bigint} n  n >= 0 */
function bitLength(n) {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * Fold the siblings below `inner`: bit `level` of `index` set means the sibling is on the
 * left. With `leftOnly`, siblings on the right are skipped (the first tree's root).
 * @param {Uint8Array} seed
 * @param {Uint8Array[]} path
 * @param {bigint} index
 * @param {boolean} [leftOnly]
 */
function chainInner(seed, path, index, leftOnly = false) {
  let hash = seed;
  path.forEach((sibling, level) => {
    if ((index >> BigInt(level)) & 1n) hash = nodeHash(sibling, hash);
    else if (!leftOnly) hash = nodeHash(hash, sibling);
  });
  return hash;
}

/**
 * @param {Uint8Array} seed
 * @param {Uint8Array[]} path
 */
function chainBorder(seed, path) {
  return path.reduce((hash, sibling) => nodeHash(sibling, hash), seed);
}

/**
 * @param {number} treeSize
 * @param {Uint8Array} expected
 * @param {Uint8Array} computed
 */
function rootMismatch(treeSize, expected, computed) {
  return new ProofError(`proof for tree_size=${treeSize} yields root `
    + `${bytesToHex(computed).slice(0, 16)}, the signed root is ${bytesToHex(expected).slice(0, 16)}; `
    + 'fetch the proof again from another notary before trusting it', 'root_mismatch',
  { computed: bytesToHex(computed), expected: bytesToHex(expected) });
}

/**
 * @param {number} leafIndex
 * @param {number} treeSize
 */
function checkLeafIndex(leafIndex, treeSize) {
  if (!(leafIndex >= 0 && leafIndex < treeSize)) {
    throw new ProofError(`leaf_index ${leafIndex} is outside a tree of tree_size ${treeSize}; `
      + 'it must satisfy 0 <= leaf_index < tree_size');
  }
}

/**
 * @param {string} name
 * @param {Uint8Array} value
 */
function checkHash(name, value) {
  if (value.length !== HASH_SIZE) throw new ProofError(`${name} must be ${HASH_SIZE} bytes, got ${value.length}`);
}

/**
 * @param {string} name
 * @param {Uint8Array[]} path
 */
function checkPath(name, path) {
  path.forEach((value, position) => checkHash(`${name}[${position}]`, value));
}
