// SHA-256 with domain separation (ledger/hashing.py): RFC 9162 leaf and node hashes for the
// Merkle trees, and tagged hashes for everything else. The tags start with "c", never with
// 0x00 or 0x01, so a tagged hash can never equal a tree hash of the same bytes.

import { concatBytes, utf8 } from './bytes.js';
import { sha256 } from '../vendor/@noble/hashes@2.4.0/sha2.js';

// RFC 9162 §2.1.1: the one-byte prefixes keep leaves and inner nodes from colliding.
const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);
export const HASH_SIZE = 32;
export const EMPTY_ROOT = sha256(new Uint8Array(0));

export const HEADER_TAG = 'cunzheng/header/v1';
export const VALIDATORS_TAG = 'cunzheng/validators/v1';
export const GENESIS_TAG = 'cunzheng/genesis/v1';

/**
 * RFC 9162 §2.1.1 leaf hash: SHA-256(0x00 ‖ data).
 * @param {Uint8Array} data
 */
export function leafHash(data) {
  return sha256(concatBytes(LEAF_PREFIX, data));
}

/**
 * RFC 9162 §2.1.1 interior node hash: SHA-256(0x01 ‖ left ‖ right).
 * @param {Uint8Array} left
 * @param {Uint8Array} right
 */
export function nodeHash(left, right) {
  return sha256(concatBytes(NODE_PREFIX, left, right));
}

/**
 * SHA-256(tag ‖ 0x00 ‖ payload), for the tags above.
 * @param {string} tag
 * @param {Uint8Array} payload
 */
export function taggedHash(tag, payload) {
  return sha256(concatBytes(utf8(tag), Uint8Array.of(0), payload));
}

/**
 * Plain SHA-256 of a small value (a governance change's payload, a C2SP key ID).
 * @param {Uint8Array} data
 */
export function sha256Of(data) {
  return sha256(data);
}
