// Entry: one evidence digest as its submitter sent it (ledger/entry.py). Its canonical
// encoding is a leaf of the ledger's Merkle tree; the entry id is that leaf's hash.

import { bytesToHex } from './bytes.js';
import { leafHash } from './domain-hash.js';
import { DecodeError } from './errors.js';
import {
  checkBytes, checkFields, checkHex, checkOptionalBytes, checkOptionalInt, checkStr, typeName,
} from './fields.js';
import { isJsonObject } from './json.js';
import { ENTRY_SIGNATURE_TAG, verifySignature } from './keys.js';
import { expectArray, pack, unpack } from './msgpack.js';

const VERSION = 1;
export const DIGEST_SIZES = /** @type {Record<string, number>} */ ({ sha256: 32, sm3: 32, sha512: 64 });
const MAX_KIND_LENGTH = 64;
const MAX_META_BYTES = 1024;
const MAX_ENTRY_BYTES = 2048;
const JSON_FIELDS = ['digest', 'alg', 'kind', 'meta', 'client_time_ms', 'submitter', 'signature'];

/**
 * @typedef {object} EntryFields
 * @property {Uint8Array} digest
 * @property {string} alg
 * @property {string} kind
 * @property {Map<string, string>} meta
 * @property {number | null} clientTimeMs
 * @property {Uint8Array | null} submitter
 * @property {Uint8Array | null} signature
 */

export class Entry {
  /**
   * Every field's check, in ledger/entry.py's order; throws DecodeError naming the first
   * that fails.
   * @param {unknown} digest
   * @param {unknown} alg
   * @param {unknown} kind
   * @param {unknown} meta
   * @param {unknown} clientTimeMs
   * @param {unknown} submitter
   * @param {unknown} signature
   */
  constructor(digest, alg, kind, meta, clientTimeMs, submitter, signature) {
    if (typeof alg !== 'string' || !Object.hasOwn(DIGEST_SIZES, alg)) {
      throw new DecodeError(`unknown digest alg ${JSON.stringify(alg) ?? typeName(alg)}; `
        + `supported: ${Object.keys(DIGEST_SIZES).sort().join(', ')}`);
    }
    checkBytes(digest, 'digest', DIGEST_SIZES[alg]);
    checkStr(kind, 'kind', MAX_KIND_LENGTH);
    const checkedMeta = checkMeta(meta);
    checkOptionalInt(clientTimeMs, 'client_time_ms');
    checkOptionalBytes(submitter, 'submitter', 32);
    checkOptionalBytes(signature, 'signature', 64);
    if ((submitter === null) !== (signature === null)) {
      throw new DecodeError('submitter and signature must be given together or not at all');
    }
    /** @readonly */ this.digest = digest;
    /** @readonly */ this.alg = alg;
    /** @readonly */ this.kind = kind;
    /** @readonly */ this.meta = checkedMeta;
    /** @readonly */ this.clientTimeMs = clientTimeMs;
    /** @readonly */ this.submitter = submitter;
    /** @readonly */ this.signature = signature;
  }

  /**
   * @param {Uint8Array | null} submitter
   * @param {Uint8Array | null} signature
   */
  fields(submitter, signature) {
    return [VERSION, this.digest, this.alg, this.kind, this.meta, this.clientTimeMs, submitter,
      signature];
  }

  /** The canonical encoding: the leaf bytes of the ledger's Merkle tree. */
  encode() {
    return pack(this.fields(this.submitter, this.signature));
  }

  /** RFC 9162 leaf hash of the encoding; its hex is the entry id. */
  leafHash() {
    return leafHash(this.encode());
  }

  /**
   * Throw SignatureError if the entry is signed and the submitter's signature (over the
   * encoding with signature nil) does not verify.
   */
  verifySubmitterSignature() {
    if (this.submitter !== null && this.signature !== null) {
      verifySignature(this.submitter, ENTRY_SIGNATURE_TAG, pack(this.fields(this.submitter, null)),
        this.signature);
    }
  }

  /** The JSON form of the HTTP API and of bundles: hex for bytes, every field present. */
  toJson() {
    return {
      digest: bytesToHex(this.digest),
      alg: this.alg,
      kind: this.kind,
      meta: Object.fromEntries(this.meta),
      client_time_ms: this.clientTimeMs,
      submitter: this.submitter === null ? null : bytesToHex(this.submitter),
      signature: this.signature === null ? null : bytesToHex(this.signature),
    };
  }

  /**
   * Parse canonical Entry bytes; throws DecodeError for anything else.
   * @param {Uint8Array} data
   */
  static decode(data) {
    const fields = expectArray(unpack(data, MAX_ENTRY_BYTES), { name: 'Entry', version: VERSION, fields: 8 });
    const [, digest, alg, kind, meta, clientTimeMs, submitter, signature] = fields;
    return new Entry(digest, alg, kind, meta, clientTimeMs, submitter, signature);
  }

  /**
   * Parse the JSON form (a manifest's entry): only `digest` is required, unknown fields are
   * refused; throws DecodeError.
   * @param {unknown} obj
   */
  static fromJson(obj) {
    checkFields(obj, 'entry', JSON_FIELDS, ['digest']);
    const alg = Object.hasOwn(obj, 'alg') ? obj.alg : 'sha256';
    if (typeof alg !== 'string' || !Object.hasOwn(DIGEST_SIZES, alg)) {
      throw new DecodeError(`unknown digest alg ${JSON.stringify(alg) ?? typeName(alg)}; `
        + `supported: ${Object.keys(DIGEST_SIZES).sort().join(', ')}`);
    }
    const digest = checkHex(obj.digest, 'digest', DIGEST_SIZES[alg]);
    const optional = (/** @type {string} */ name, /** @type {unknown} */ fallback) => (
      Object.hasOwn(obj, name) ? obj[name] : fallback);
    const submitter = optional('submitter', null);
    const signature = optional('signature', null);
    const meta = optional('meta', {});
    return new Entry(digest, alg, optional('kind', ''),
      isJsonObject(meta) ? new Map(Object.entries(meta)) : meta, optional('client_time_ms', null),
      submitter === null ? null : checkHex(submitter, 'submitter', 32),
      signature === null ? null : checkHex(signature, 'signature', 64));
  }
}

/**
 * The metadata map, checked: str keys and values, at most MAX_META_BYTES encoded.
 * @param {unknown} meta
 * @returns {Map<string, string>}
 */
function checkMeta(meta) {
  if (!(meta instanceof Map)) {
    throw new DecodeError(`meta must be a map of strings, got ${typeName(meta)}`);
  }
  for (const [key, value] of meta) {
    if (typeof key !== 'string' || typeof value !== 'string') {
      throw new DecodeError('meta keys and values must all be strings');
    }
  }
  const size = meta.size ? pack(meta).length : 1;
  if (size > MAX_META_BYTES) {
    throw new DecodeError(`meta is ${size} bytes encoded, the limit is ${MAX_META_BYTES}`);
  }
  return /** @type {Map<string, string>} */ (meta);
}
