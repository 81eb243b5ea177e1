// Validator sets and the genesis document (ledger/validators.py).

import { codePoints, compareBytes, compareText, equalBytes, utf8Text } from './bytes.js';
import { GENESIS_TAG, VALIDATORS_TAG, taggedHash } from './domain-hash.js';
import { DecodeError } from './errors.js';
import { checkBytes, checkFields, checkHex, checkInt, checkStr, typeName } from './fields.js';
import { isJsonObject, parseJson } from './json.js';
import { isValidKeyName, vkey } from './keys.js';
import { expectArray, pack } from './msgpack.js';

const VERSION = 1;
const MAX_VALIDATORS = 100;
export const MAX_GENESIS_BYTES = 64 * 1024;
const MAX_PREVIOUS_CHAIN_LENGTH = 16 * 1024;
const MAX_URL_LENGTH = 2048;
const MAX_INT64 = 2n ** 63n - 1n;

/** A notary allowed to sign blocks: C2SP key name, Ed25519 public key, voting power. */
export class Validator {
  /**
   * @param {unknown} name
   * @param {unknown} publicKey
   * @param {unknown} power
   */
  constructor(name, publicKey, power) {
    checkStr(name, 'Validator.name', 64);
    if (!isValidKeyName(name)) {
      throw new DecodeError(`validator name ${JSON.stringify(name)} is not a C2SP key name (no spaces, +)`);
    }
    checkBytes(publicKey, 'Validator.public_key', 32);
    checkInt(power, 'Validator.power', 1);
    /** @readonly */ this.name = name;
    /** @readonly */ this.publicKey = publicKey;
    /** @readonly */ this.power = power;
  }

  /** The C2SP verifier key of this validator. */
  vkey() {
    return vkey(this.name, this.publicKey);
  }

  /** @param {Validator} other */
  equals(other) {
    return this.name === other.name && equalBytes(this.publicKey, other.publicKey)
      && this.power === other.power;
  }
}

/** Validators sorted by public key; a validator's index is its position. */
export class ValidatorSet {
  /** @param {Validator[]} validators */
  constructor(validators) {
    if (validators.length < 1 || validators.length > MAX_VALIDATORS) {
      throw new DecodeError(`a validator set holds 1 to ${MAX_VALIDATORS} validators`);
    }
    for (let i = 1; i < validators.length; i++) {
      if (compareBytes(validators[i - 1].publicKey, validators[i].publicKey) >= 0) {
        throw new DecodeError('validators must be sorted by public key, without repeats');
      }
    }
    if (new Set(validators.map((v) => v.name)).size !== validators.length) {
      throw new DecodeError('validator names must be unique');
    }
    /** @readonly */ this.validators = validators;
    /** @readonly */ this.totalPower = validators.reduce((sum, v) => sum + v.power, 0);
  }

  /**
   * A set of these validators in canonical (public key) order.
   * @param {Validator[]} validators
   */
  static of(validators) {
    return new ValidatorSet([...validators].sort((a, b) => compareBytes(a.publicKey, b.publicKey)));
  }

  /**
   * Whether `power` is more than 2/3 of the total.
   * @param {number} power
   */
  isQuorum(power) {
    return 3 * power > 2 * this.totalPower;
  }

  /** The canonical array, version first. */
  fields() {
    return [VERSION, this.validators.map((v) => [v.name, v.publicKey, v.power])];
  }

  /** The validators_hash that headers name. */
  hash() {
    return taggedHash(VALIDATORS_TAG, pack(this.fields()));
  }

  /** @param {ValidatorSet} other */
  equals(other) {
    return this.validators.length === other.validators.length
      && this.validators.every((v, i) => v.equals(other.validators[i]));
  }

  /**
   * Parse `[{"name", "public_key", "power", "vkey"?}, …]` (already sorted); a vkey given must
   * be the one the name and key make. Throws DecodeError.
   * @param {unknown} items
   */
  static fromJson(items) {
    if (!Array.isArray(items)) throw new DecodeError('validators must be a JSON array');
    return new ValidatorSet(items.map((item) => {
      checkFields(item, 'validator', ['name', 'public_key', 'power', 'vkey'], ['name', 'public_key', 'power']);
      const member = new Validator(item.name, checkHex(item.public_key, 'public_key', 32), item.power);
      // The vkey is what people compare with a notary's published key: it must not lie.
      if (Object.hasOwn(item, 'vkey') && item.vkey !== member.vkey()) {
        throw new DecodeError(`validator ${member.name}: vkey ${JSON.stringify(item.vkey)} does not `
          + `match its name and public key, which give ${member.vkey()}`);
      }
      return member;
    }));
  }

  /**
   * Build from a decoded canonical array [1, [[name, public_key, power], …]].
   * @param {unknown} value
   */
  static fromFields(value) {
    const fields = expectArray(value, { name: 'ValidatorSet', version: VERSION, fields: 2 });
    if (!Array.isArray(fields[1])) throw new DecodeError('ValidatorSet.validators must be an array');
    return new ValidatorSet(fields[1].map((item) => {
      if (!Array.isArray(item) || item.length !== 3) {
        throw new DecodeError('each validator must be [name, public_key, power]');
      }
      return new Validator(item[0], item[1], item[2]);
    }));
  }
}

// Python's str.isspace() characters: Unicode White_Space and the ASCII separators 0x1c-0x1f.
const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const MAX_MEMBERS = 1000;
const MAX_ORGANISATION_LENGTH = 200;
const MAX_CONTACT_LENGTH = 200;
const GENESIS_VERSION_WITH_PUBLICATION = 2;

/**
 * Where a consortium publishes its genesis (an https URL, or null), the organisation
 * behind each member, as [validator name, organisation] sorted by name (spec §7), and how to
 * reach some of them, as [member name, contact] sorted by name (encoded only when not empty).
 * @typedef {object} Publication
 * @property {string | null} url
 * @property {[string, string][]} members
 * @property {[string, string][]} contacts
 */

/** A consortium's founding document; its tagged hash names the chain. */
export class Genesis {
  /**
   * @param {string} chainId
   * @param {number} genesisTimeMs
   * @param {ValidatorSet} validatorSet
   * @param {Map<string, number>} params
   * @param {string | null} previousChain
   * @param {Publication | null} publication  present: encoded as version 2
   */
  constructor(chainId, genesisTimeMs, validatorSet, params, previousChain, publication) {
    this.chainId = chainId;
    this.genesisTimeMs = genesisTimeMs;
    this.validatorSet = validatorSet;
    this.params = params;
    this.previousChain = previousChain;
    this.publication = publication;
  }

  /**
   * Canonical encoding: [1, chain_id, genesis_time_ms, validator_set, params,
   * previous_chain], or with publication fields [2, …, [url, [[name, organisation], …]]],
   * with [[name, contact], …] after the members when there are contacts.
   */
  encode() {
    const common = [this.chainId, this.genesisTimeMs, this.validatorSet.fields(), this.params,
      this.previousChain];
    if (this.publication === null) return pack([VERSION, ...common]);
    const { url, members, contacts } = this.publication;
    return pack([GENESIS_VERSION_WITH_PUBLICATION, ...common,
      contacts.length ? [url, members, contacts] : [url, members]]);
  }

  /** The genesis hash that names the chain. */
  hash() {
    return taggedHash(GENESIS_TAG, this.encode());
  }

  /**
   * Parse genesis.json's object: unknown fields and wrong versions are refused; version 2
   * requires publication fields, version 1 refuses them. Throws DecodeError.
   * @param {unknown} obj
   */
  static fromJson(obj) {
    const names = ['version', 'chain_id', 'genesis_time_ms', 'validators', 'params',
      'previous_chain', 'publication'];
    checkFields(obj, 'genesis', names, names.filter((n) => n !== 'previous_chain' && n !== 'publication'));
    const publicationJson = Object.hasOwn(obj, 'publication') ? obj.publication : null;
    const expected = publicationJson === null ? VERSION : GENESIS_VERSION_WITH_PUBLICATION;
    if (obj.version !== expected) {
      throw new DecodeError(`genesis version ${JSON.stringify(obj.version) ?? typeName(obj.version)} `
        + `is not supported with${expected === VERSION ? 'out' : ''} publication fields (expected ${expected})`);
    }
    const validatorSet = ValidatorSet.fromJson(obj.validators);
    const publication = publicationJson === null ? null : publicationOf(publicationJson);
    const { chain_id: chainId, genesis_time_ms: timeMs } = obj;
    checkStr(chainId, 'Genesis.chain_id', 64);
    if (!chainId || !isValidKeyName(chainId)) {
      throw new DecodeError(`chain id ${JSON.stringify(chainId)} must be non-empty, no spaces or '+'`);
    }
    checkInt(timeMs, 'Genesis.genesis_time_ms');
    const params = genesisParams(obj.params);
    const previousChain = Object.hasOwn(obj, 'previous_chain') ? obj.previous_chain : null;
    if (previousChain !== null) checkStr(previousChain, 'Genesis.previous_chain', MAX_PREVIOUS_CHAIN_LENGTH);
    return new Genesis(chainId, timeMs, validatorSet, params, previousChain, publication);
  }

  /**
   * The genesis in genesis.json's bytes (ledger/validators.py from_file_text); throws
   * DecodeError.
   * @param {Uint8Array} data
   */
  static fromFileBytes(data) {
    const text = utf8Text(data);
    if (text === null) throw new DecodeError('genesis is not UTF-8 text');
    if (codePoints(text) > MAX_GENESIS_BYTES) {
      throw new DecodeError(`genesis is ${codePoints(text)} characters, the limit is ${MAX_GENESIS_BYTES}`);
    }
    return Genesis.fromJson(parseJson(text, { uniqueKeys: true }));
  }
}

/**
 * @param {unknown} params
 * @returns {Map<string, number>}
 */
function genesisParams(params) {
  const ok = isJsonObject(params) && Object.values(params).every((v) => (
    typeof v === 'number' && Number.isSafeInteger(v))
    || (typeof v === 'bigint' && v <= MAX_INT64 && v >= -MAX_INT64 - 1n));
  if (!ok) throw new DecodeError('Genesis.params must map names to signed 64-bit integers');
  const entries = Object.entries(params);
  if (entries.some(([, v]) => typeof v === 'bigint')) {
    throw new DecodeError('Genesis.params holds an integer beyond 2^53 - 1, the largest this '
      + 'verifier handles exactly');
  }
  return new Map(/** @type {[string, number][]} */ (entries));
}

/**
 * The publication fields of genesis.json (ledger/validators.py Publication.from_json).
 * @param {unknown} value
 * @returns {Publication}
 */
function publicationOf(value) {
  checkFields(value, 'publication', ['url', 'members', 'contacts'], ['url', 'members']);
  const { url, members } = value;
  if (!isJsonObject(members)) {
    throw new DecodeError('publication members must map validator names to organisations');
  }
  if (url !== null) {
    checkStr(url, 'publication url', MAX_URL_LENGTH);
    if (!url.startsWith('https://') || PY_SPACE.test(url)) {
      throw new DecodeError(`publication url ${JSON.stringify(url)} must be an https:// address without spaces`);
    }
  }
  const pairs = /** @type {[string, unknown][]} */ (Object.entries(members))
    .sort(([a], [b]) => compareText(a, b));
  if (pairs.length > MAX_MEMBERS) throw new DecodeError(`publication members must be at most ${MAX_MEMBERS} pairs`);
  for (const [name, organisation] of pairs) {
    checkStr(name, 'member name', 64);
    if (!isValidKeyName(name)) throw new DecodeError(`member ${JSON.stringify(name)} is not a validator name (no spaces, +)`);
    checkStr(organisation, `organisation of ${name}`, MAX_ORGANISATION_LENGTH);
    if (!organisation.split('').some((c) => !PY_SPACE.test(c))) {
      throw new DecodeError(`the organisation of member ${JSON.stringify(name)} is empty`);
    }
  }
  const memberNames = new Set(pairs.map(([name]) => name));
  return { url, members: /** @type {[string, string][]} */ (pairs), contacts: contactsOf(value, memberNames) };
}

/**
 * The contacts of publication fields `value`, sorted by name ([] when it has none); each names
 * a member. Throws DecodeError, also for an empty `contacts`, whose encoding would be none's.
 * @param {Record<string, unknown>} value
 * @param {Set<string>} memberNames
 * @returns {[string, string][]}
 */
function contactsOf(value, memberNames) {
  if (!Object.hasOwn(value, 'contacts')) return [];
  const { contacts } = value;
  if (!isJsonObject(contacts) || Object.keys(contacts).length === 0) {
    throw new DecodeError('publication contacts must map member names to contacts, at least one');
  }
  const pairs = /** @type {[string, unknown][]} */ (Object.entries(contacts))
    .sort(([a], [b]) => compareText(a, b));
  for (const [name, contact] of pairs) {
    if (!memberNames.has(name)) {
      throw new DecodeError(`contact for ${JSON.stringify(name)}, which is not a publication member; `
        + 'name its organisation among the members first');
    }
    checkStr(contact, `contact of ${name}`, MAX_CONTACT_LENGTH);
    if (!contact.split('').some((c) => !PY_SPACE.test(c))) {
      throw new DecodeError(`the contact of member ${JSON.stringify(name)} is empty`);
    }
  }
  return /** @type {[string, string][]} */ (pairs);
}
