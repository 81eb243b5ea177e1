// Notary keys: C2SP key names, key IDs and verifier keys (https://c2sp.org/signed-note), and
// Ed25519 signature checks as strict as libsodium's, which signed them (ledger/keys.py).

import {
  base64ToBytes, bytesToBase64, bytesToHex, codePoints, concatBytes, equalBytes, utf8,
} from './bytes.js';
import { sha256Of } from './domain-hash.js';
import { DecodeError, SignatureError } from './errors.js';
import { ed25519 } from '../vendor/@noble/curves@2.4.0/ed25519.js';
import { bytesToNumberLE } from '../vendor/@noble/curves@2.4.0/utils.js';
import { sha512 } from '../vendor/@noble/hashes@2.4.0/sha2.js';

export const ENTRY_SIGNATURE_TAG = 'cunzheng/entry/v1';
export const VOTE_SIGNATURE_TAG = 'cunzheng/vote/v1';
export const GOVERNANCE_SIGNATURE_TAG = 'cunzheng/governance/v1';
export const KEY_HASH_SIZE = 4;
const PUBLIC_KEY_SIZE = 32;
const SIGNATURE_SIZE = 64;
const MAX_KEY_NAME_LENGTH = 64;
const ED25519_SIGNATURE_TYPE = 0x01; // C2SP signed-note, "Signature types"
// Python's str.isprintable() is false for categories C* and Z* except the ASCII space, and
// isspace() is true for that space; together: no character of either category.
const NOT_IN_KEY_NAME = /[\p{C}\p{Z}+]/u;
const KEY_HASH_HEX = /^[0-9a-f]{8}$/;

/**
 * Whether `name` is a C2SP key name cunzheng accepts: 1 to 64 characters, printable, no
 * spaces, no "+". Never throws.
 * @param {unknown} name
 * @returns {name is string}
 */
export function isValidKeyName(name) {
  if (typeof name !== 'string') return false;
  const length = codePoints(name);
  return length > 0 && length <= MAX_KEY_NAME_LENGTH && !NOT_IN_KEY_NAME.test(name);
}

/**
 * @param {unknown} name
 * @returns {asserts name is string}
 */
function checkName(name) {
  if (!isValidKeyName(name)) {
    throw new DecodeError(`key name ${JSON.stringify(name)} is not a C2SP key name: expected 1 to `
      + `${MAX_KEY_NAME_LENGTH} printable characters without spaces or "+"`);
  }
}

/**
 * The 4-byte C2SP key ID: SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)[:4].
 * Throws DecodeError unless `name` is a key name and `publicKey` is 32 bytes.
 * @param {unknown} name
 * @param {Uint8Array} publicKey
 */
export function keyHash(name, publicKey) {
  checkName(name);
  if (publicKey.length !== PUBLIC_KEY_SIZE) {
    throw new DecodeError(`the Ed25519 public key must be ${PUBLIC_KEY_SIZE} bytes, got ${publicKey.length}`);
  }
  const data = concatBytes(utf8(`${name}\n`), Uint8Array.of(ED25519_SIGNATURE_TYPE), publicKey);
  return sha256Of(data).slice(0, KEY_HASH_SIZE);
}

/**
 * The C2SP verifier key `<name>+<8 hex key hash>+<base64(0x01 ‖ public key)>`.
 * @param {string} name
 * @param {Uint8Array} publicKey
 */
export function vkey(name, publicKey) {
  const typed = concatBytes(Uint8Array.of(ED25519_SIGNATURE_TYPE), publicKey);
  return `${name}+${bytesToHex(keyHash(name, publicKey))}+${bytesToBase64(typed)}`;
}

/**
 * The name and 32-byte public key of a verifier key, as `vkey` writes it (ledger/keys.py
 * parse_vkey). Throws DecodeError for the wrong number of parts, a bad name, bad base64, a
 * key type other than Ed25519, or a key hash that does not match the name and key.
 * @param {string} text
 * @returns {[string, Uint8Array]}
 */
export function parseVkey(text) {
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (first < 0 || second < 0 || second === text.length - 1) {
    throw new DecodeError(`verifier key ${JSON.stringify(text)} must be <name>+<8 hex digits>+`
      + "<base64 key>; copy the whole line from the notary's .vkey file");
  }
  const name = text.slice(0, first);
  const hashHex = text.slice(first + 1, second);
  checkName(name);
  if (!KEY_HASH_HEX.test(hashHex)) {
    throw new DecodeError(`verifier key ${JSON.stringify(text)}: key hash must be 8 lowercase `
      + `hex digits, got ${JSON.stringify(hashHex)}`);
  }
  const typed = base64ToBytes(text.slice(second + 1));
  if (typed === null) throw new DecodeError(`verifier key ${JSON.stringify(text)} is not canonical base64`);
  if (typed.length !== 1 + PUBLIC_KEY_SIZE || typed[0] !== ED25519_SIGNATURE_TYPE) {
    throw new DecodeError(`verifier key ${JSON.stringify(text)} holds ${typed.length} bytes; `
      + 'expected 33 bytes starting 0x01 (Ed25519), the only kind cunzheng verifies');
  }
  const publicKey = typed.slice(1);
  if (bytesToHex(keyHash(name, publicKey)) !== hashHex) {
    throw new DecodeError(`verifier key ${JSON.stringify(text)} says key hash ${hashHex}, but its `
      + 'name and key give another; the key was mistyped or altered, copy it again from the notary');
  }
  return [name, publicKey];
}

/**
 * Whether `signature` is an Ed25519 signature of `message` by `publicKey`, by libsodium's
 * rules (crypto_sign_verify_detached, which PyNaCl calls): RFC 8032's strict decoding, S
 * below the group order, neither the key nor R of small order, and the cofactorless
 * equation. @noble/curves checks all but the last two (it checks [8]R' = [8]R); the rest is
 * checked here with its point arithmetic, so that no signature a single notary crafts can
 * pass in the browser and fail in `cunzheng verify`. Never throws.
 * @param {Uint8Array} publicKey
 * @param {Uint8Array} message
 * @param {Uint8Array} signature
 */
export function isValidEd25519(publicKey, message, signature) {
  if (publicKey.length !== PUBLIC_KEY_SIZE || signature.length !== SIGNATURE_SIZE) return false;
  try {
    if (!ed25519.verify(signature, message, publicKey, { zip215: false })) return false;
    const { Point } = ed25519;
    const encodedR = signature.subarray(0, 32);
    if (Point.fromBytes(encodedR, false).isSmallOrder()) return false;
    const s = bytesToNumberLE(signature.subarray(32));
    const k = Point.Fn.create(bytesToNumberLE(sha512(concatBytes(encodedR, publicKey, message))));
    const computedR = Point.BASE.multiplyUnsafe(s)
      .subtract(Point.fromBytes(publicKey, false).multiplyUnsafe(k));
    return equalBytes(computedR.toBytes(), encodedR);
  } catch {
    return false;
  }
}

/**
 * Check an Ed25519 signature over tag ‖ 0x00 ‖ payload by `publicKey`.
 * Throws SignatureError when it does not verify.
 * @param {Uint8Array} publicKey
 * @param {string} tag
 * @param {Uint8Array} payload
 * @param {Uint8Array} signature
 */
export function verifySignature(publicKey, tag, payload, signature) {
  verifyMessageSignature(publicKey, concatBytes(utf8(tag), Uint8Array.of(0), payload), signature,
    `${tag} signature`);
}

/**
 * Check a raw (untagged) Ed25519 signature over `message`, as on C2SP signed notes.
 * Throws SignatureError when it does not verify.
 * @param {Uint8Array} publicKey
 * @param {Uint8Array} message
 * @param {Uint8Array} signature
 * @param {string} [what]
 */
export function verifyMessageSignature(publicKey, message, signature, what = 'note signature') {
  if (!isValidEd25519(publicKey, message, signature)) {
    throw new SignatureError(`${what} does not verify under public key `
      + `${bytesToHex(publicKey).slice(0, 16)}: the signed bytes were altered or signed by another `
      + 'key; do not trust them');
  }
}
