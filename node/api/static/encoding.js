// Bytes, hex and base64 helpers, and canonical msgpack (ledger/encoding.py): what verify.js
// decodes the bundle's Entry, Header and Commit bytes with. Every failure is a VerifyError
// with a stable `code` and the values behind it in `params`; i18n.js words them.

import { decode } from './vendor/@msgpack/msgpack@3.1.3/dist.esm/decode.mjs';
import { encode } from './vendor/@msgpack/msgpack@3.1.3/dist.esm/encode.mjs';

const DIGEST_SIZES = { sha256: 32, sm3: 32, sha512: 64 };
const MAX_LEAF_BYTES = 2048;
const MAX_HEADER_BYTES = 64 * 1024;
const MAX_COMMIT_BYTES = 64 * 1024;

export class VerifyError extends Error {
  constructor(code, params = {}) {
    super(`${code}: ${JSON.stringify(params)}`);
    this.name = 'VerifyError';
    this.code = code;
    this.params = params;
  }
}

export const utf8 = new TextEncoder();

export function bytesToHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function hexToBytes(text, size, what) {
  if (typeof text !== 'string' || !/^([0-9a-f]{2})*$/.test(text)
      || (size !== undefined && text.length !== 2 * size)) {
    const expected = size === undefined ? 'lowercase hex' : `${2 * size} lowercase hex digits`;
    throw new VerifyError('bundle_malformed', { detail: `${what} must be ${expected}` });
  }
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

export function bytesToBase64(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

// Standard padded base64 (RFC 4648 §4), canonical only, as C2SP writes it.
export function base64ToBytes(text, what) {
  let binary;
  try {
    binary = atob(text);
  } catch {
    binary = null;
  }
  const bytes = binary === null ? null : Uint8Array.from(binary, (c) => c.charCodeAt(0));
  if (bytes === null || bytesToBase64(bytes) !== text) {
    throw new VerifyError('checkpoint_malformed', { detail: `${what} is not canonical base64` });
  }
  return bytes;
}

export function concatBytes(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

// ---- canonical msgpack (ledger/encoding.py) ------------------------------------------

function lengthHeader(count, fix, code16, code32) {
  if (count < 16) return Uint8Array.of(fix | count);
  if (count < 0x10000) return Uint8Array.of(code16, count >> 8, count & 0xff);
  return Uint8Array.of(code32, count >>> 24, (count >> 16) & 0xff, (count >> 8) & 0xff,
    count & 0xff);
}

function compareUtf8(a, b) {
  // Python sorts str keys by code point, which is the order of their UTF-8 bytes; JS's
  // default sort compares UTF-16 code units, which differs above U+FFFF.
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] - y[i];
  }
  return x.length - y.length;
}

// The canonical encoding of `value`: arrays, maps with str keys sorted, safe integers,
// Uint8Array (bin), str, null. @msgpack/msgpack writes each scalar in its shortest form, as
// Python's msgpack does; arrays and maps are framed here so that map keys are sorted the way
// Python sorts them (a JS object would put keys like "9" before "10").
export function canonicalEncode(value, depth = 0) {
  if (depth > 8) throw new VerifyError('encoding', { detail: 'nesting deeper than 8 levels' });
  if (Array.isArray(value)) {
    const parts = value.map((item) => canonicalEncode(item, depth + 1));
    return concatBytes(lengthHeader(value.length, 0x90, 0xdc, 0xdd), ...parts);
  }
  if (value instanceof Uint8Array || value === null || typeof value === 'string') {
    return encode(value);
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new VerifyError('encoding', { detail: `number ${value} is not a safe integer` });
    }
    return encode(value);
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const keys = Object.keys(value).sort(compareUtf8);
    const parts = keys.flatMap((key) => [encode(key), canonicalEncode(value[key], depth + 1)]);
    return concatBytes(lengthHeader(keys.length, 0x80, 0xde, 0xdf), ...parts);
  }
  throw new VerifyError('encoding', { detail: `type ${typeof value} is not canonical` });
}

// Decodes canonical msgpack: anything that does not re-encode to the very same bytes
// (trailing bytes, non-minimal lengths, unsorted or repeated keys, floats, integers beyond
// 2^53) is refused with `code`.
export function decodeCanonical(bytes, maxSize, code) {
  if (bytes.length > maxSize) {
    throw new VerifyError(code, { detail: `${bytes.length} bytes, the limit is ${maxSize}` });
  }
  let value;
  let again;
  try {
    value = decode(bytes);
    again = canonicalEncode(value);
  } catch (err) {
    throw new VerifyError(code, { detail: err.message });
  }
  if (!equalBytes(again, bytes)) {
    throw new VerifyError(code, { detail: 'not the canonical encoding' });
  }
  return value;
}

export const isInt = (v, min = 0) => Number.isSafeInteger(v) && v >= min;
const isBytes = (v, size) => v instanceof Uint8Array && (size === undefined || v.length === size);

function expectArray(value, fields, code, name) {
  if (!Array.isArray(value) || value.length !== fields || value[0] !== 1) {
    throw new VerifyError(code, { detail: `${name} must be an array of ${fields}, version 1` });
  }
  return value;
}

// Entry: [1, digest, alg, kind, meta, client_time_ms, submitter, signature].
export function decodeEntry(leaf) {
  const code = 'leaf_malformed';
  const f = expectArray(decodeCanonical(leaf, MAX_LEAF_BYTES, code), 8, code, 'Entry');
  const [, digest, alg, kind, meta, clientTimeMs, submitter, signature] = f;
  const ok = typeof alg === 'string' && alg in DIGEST_SIZES && isBytes(digest, DIGEST_SIZES[alg])
    && typeof kind === 'string' && meta !== null && typeof meta === 'object'
    && !Array.isArray(meta) && !(meta instanceof Uint8Array)
    && Object.values(meta).every((v) => typeof v === 'string')
    && (clientTimeMs === null || isInt(clientTimeMs))
    && (submitter === null || isBytes(submitter, 32))
    && (signature === null || isBytes(signature, 64));
  if (!ok) throw new VerifyError(code, { detail: 'an Entry field has the wrong type or size' });
  return { digest, alg, kind, meta, clientTimeMs, submitter, signature };
}

// Header: [1, chain_id, height, time_ms, prev_hash, proposer, entries_count, ledger_size,
// ledger_root, validators_hash, next_validators_hash, last_commit_hash, app_version].
export function decodeHeader(bytes) {
  const code = 'header_malformed';
  const f = expectArray(decodeCanonical(bytes, MAX_HEADER_BYTES, code), 13, code, 'Header');
  const ok = typeof f[1] === 'string' && isInt(f[2], 1) && isInt(f[3]) && isInt(f[6])
    && isInt(f[7]) && f[6] <= f[7] && isInt(f[12], 1)
    && [4, 5, 8, 9, 10, 11].every((i) => isBytes(f[i], 32));
  if (!ok) throw new VerifyError(code, { detail: 'a Header field has the wrong type or size' });
  return {
    chainId: f[1], height: f[2], timeMs: f[3], prevHash: f[4], proposer: f[5],
    entriesCount: f[6], ledgerSize: f[7], ledgerRoot: f[8], validatorsHash: f[9],
    nextValidatorsHash: f[10], lastCommitHash: f[11], appVersion: f[12],
  };
}

// Commit: [1, height, round, block_hash, [[validator_index, vote_sig, checkpoint_sig], …]].
export function decodeCommit(bytes) {
  const code = 'commit_malformed';
  const f = expectArray(decodeCanonical(bytes, MAX_COMMIT_BYTES, code), 5, code, 'Commit');
  const ok = isInt(f[1], 1) && isInt(f[2]) && isBytes(f[3], 32) && Array.isArray(f[4])
    && f[4].every((s) => Array.isArray(s) && s.length === 3 && isInt(s[0])
      && isBytes(s[1], 64) && isBytes(s[2], 64));
  if (!ok) throw new VerifyError(code, { detail: 'a Commit field has the wrong type or size' });
  const signatures = f[4].map(([index, voteSignature]) => ({ index, voteSignature }));
  return { height: f[1], round: f[2], blockHash: f[3], signatures };
}
