// The collection record (ledger/collection.py): how the evidence of a package was collected,
// as the person sealing it states it. It is the litigant's own statement (当事人自述), never
// something the notaries attest. A version 2 manifest seals it: with a random salt it is the
// package tree's last leaf, [1, "collection", salt, operator, device, app, app_version,
// started, ended, method, [step, …]], whose str second element no PackageFile leaf has.

import { DecodeError } from './errors.js';
import { checkFields, checkHex, checkStr } from './fields.js';
import { leafHash } from './domain-hash.js';
import { isBefore, parseIsoTime } from './isotime.js';
import { pack } from './msgpack.js';

const LEAF_VERSION = 1;
const LEAF_KIND = 'collection';
export const SALT_SIZE = 32;
const MAX_TEXT_LENGTH = 4096;
const MAX_STEPS = 200;
const MAX_TIME_LENGTH = 64;
export const TEXT_FIELDS = /** @type {const} */ (['operator', 'device', 'app', 'app_version',
  'started', 'ended', 'method']);

/** @typedef {Record<typeof TEXT_FIELDS[number], string | null>} Statement */

export class CollectionRecord {
  /**
   * Checks each field as ledger/collection.py does; throws DecodeError.
   * @param {Uint8Array | null} salt null in a version 1 manifest, whose record is not sealed
   * @param {Record<string, unknown>} stated the text fields
   * @param {unknown[]} steps
   */
  constructor(salt, stated, steps) {
    for (const name of ['operator', 'device', 'app', 'app_version', 'method']) {
      if (stated[name] !== null) checkStr(stated[name], `collection ${name}`, MAX_TEXT_LENGTH);
    }
    if (steps.length > MAX_STEPS) {
      throw new DecodeError(`collection steps must be a list of at most ${MAX_STEPS} texts`);
    }
    steps.forEach((step, i) => checkStr(step, `collection step ${i + 1}`, MAX_TEXT_LENGTH));
    const started = timeOf(stated.started, 'started');
    const ended = timeOf(stated.ended, 'ended');
    // A time with an offset and one without cannot be ordered; both are kept as given.
    if (started !== null && ended !== null && isBefore(ended, started)) {
      throw new DecodeError(`collection ended ${stated.ended} before it started ${stated.started}`);
    }
    this.salt = salt;
    /** @type {Statement} */
    this.statement = /** @type {Statement} */ (Object.fromEntries(TEXT_FIELDS.map((name) => [name, stated[name]])));
    this.steps = /** @type {string[]} */ (steps);
  }

  /** True when the record has its salt: a version 2 package tree holds it as a leaf. */
  get isSealed() {
    return this.salt !== null;
  }

  /** The canonical leaf; throws DecodeError for an unsealed record. */
  encode() {
    if (this.salt === null) throw new DecodeError('an unsealed collection record (no salt) is not a package leaf');
    return pack([LEAF_VERSION, LEAF_KIND, this.salt, ...TEXT_FIELDS.map((name) => this.statement[name]), this.steps]);
  }

  /** RFC 9162 leaf hash of the encoding. */
  leafHash() {
    return leafHash(this.encode());
  }

  /**
   * Parse the manifest's `collection` object: with `salt` when `sealed` (version 2), without
   * otherwise. Throws DecodeError for unknown, missing or bad fields.
   * @param {unknown} obj
   * @param {boolean} sealed
   */
  static fromJson(obj, sealed) {
    const names = [...(sealed ? ['salt'] : []), ...TEXT_FIELDS, 'steps'];
    checkFields(obj, 'collection', names, names);
    if (!Array.isArray(obj.steps)) throw new DecodeError('collection steps must be a list of texts');
    const salt = sealed ? checkHex(obj.salt, 'collection salt', SALT_SIZE) : null;
    return new CollectionRecord(salt, obj, obj.steps);
  }
}

/**
 * @param {unknown} value
 * @param {string} name
 */
function timeOf(value, name) {
  if (value === null) return null;
  checkStr(value, `collection ${name}`, MAX_TIME_LENGTH);
  const time = parseIsoTime(value);
  if (time === null) {
    throw new DecodeError(`collection ${name} ${JSON.stringify(value)} is not an ISO 8601 time like `
      + '2026-11-20T14:30:00+08:00');
  }
  return time;
}
