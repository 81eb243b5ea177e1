// Consortium changes: governance entries and the validator history they make from a trusted
// genesis (ledger/governance.py; docs/governance.md gives the rule). A bundle carries the
// governance entries that made the set signing its block; the verifier replays them.

import { equalBytes, utf8 } from './bytes.js';
import { sha256Of } from './domain-hash.js';
import { Entry } from './entry.js';
import { DecodeError, GovernanceError } from './errors.js';
import { checkBytes, checkInt, checkStr } from './fields.js';
import { GOVERNANCE_SIGNATURE_TAG, isValidEd25519 } from './keys.js';
import { pack } from './msgpack.js';
import { Validator, ValidatorSet } from './validators.js';

const KIND = 'governance';
const ACTIONS = ['add', 'remove', 'power', 'rotate'];
const MAX_DELAY = 1_000_000;
const VERSION = 1;
const SIGNATURE_ITEM = 1 + 64; // validator index, signature
const META_KEYS = ['change', 'chain', 'height', 'from', 'name', 'key', 'power', 'signatures'];
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;
// base64.b64decode(validate=True): the standard alphabet and at most two "=", in whole quads.
const PADDED_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** One change to a validator set; what the validators sign. */
class Change {
  /**
   * @param {unknown} chainId
   * @param {unknown} effectiveHeight
   * @param {unknown} validatorsHash
   * @param {unknown} action
   * @param {unknown} name
   * @param {unknown} publicKey
   * @param {unknown} power
   */
  constructor(chainId, effectiveHeight, validatorsHash, action, name, publicKey, power) {
    checkStr(chainId, 'chain', 64);
    checkInt(effectiveHeight, 'height', 2);
    checkBytes(validatorsHash, 'from', 32);
    if (typeof action !== 'string' || !ACTIONS.includes(action)) {
      throw new DecodeError(`change ${JSON.stringify(action)} is not one of ${ACTIONS.join(', ')}`);
    }
    checkStr(name, 'name', 64);
    checkBytes(publicKey, 'key', 32);
    checkInt(power, 'power', action === 'add' || action === 'power' ? 1 : 0);
    if ((action === 'remove' || action === 'rotate') && power !== 0) {
      throw new DecodeError(`a ${action} change carries no power`);
    }
    this.chainId = chainId;
    this.effectiveHeight = effectiveHeight;
    this.validatorsHash = validatorsHash;
    this.action = action;
    this.name = name;
    this.publicKey = publicKey;
    this.power = power;
  }

  /** What each validator signs (with the governance tag). */
  payload() {
    return pack([VERSION, this.chainId, this.effectiveHeight, this.validatorsHash, this.action,
      this.name, this.publicKey, this.power]);
  }

  /**
   * The set after this change; throws GovernanceError if it cannot apply to `validators`
   * (DecodeError for a name that is no key name).
   * @param {ValidatorSet} validators
   */
  apply(validators) {
    const members = new Map(validators.validators.map((v) => [v.name, v]));
    const current = members.get(this.name);
    if (this.action === 'add') {
      if (current !== undefined) throw new GovernanceError(`notary ${this.name} is already a validator`);
      members.set(this.name, new Validator(this.name, this.publicKey, this.power));
    } else if (current === undefined) {
      throw new GovernanceError(`notary ${this.name} is not a validator`);
    } else if (this.action === 'rotate') {
      members.set(this.name, new Validator(this.name, this.publicKey, current.power));
    } else if (!equalBytes(current.publicKey, this.publicKey)) {
      throw new GovernanceError(`notary ${this.name} has another key than the change names`);
    } else if (this.action === 'remove') {
      members.delete(this.name);
    } else {
      members.set(this.name, new Validator(this.name, current.publicKey, this.power));
    }
    try {
      return ValidatorSet.of([...members.values()]);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      throw new GovernanceError(`the change leaves no valid validator set: ${err.message}`);
    }
  }
}

/**
 * The change a governance entry states and the signatures it carries (validator index →
 * signature); throws GovernanceError naming what is wrong.
 * @param {Entry} entry
 * @returns {{ change: Change, signatures: Map<number, Uint8Array> }}
 */
function proposalOf(entry) {
  if (entry.kind !== KIND) throw new GovernanceError(`entry kind is ${JSON.stringify(entry.kind)}, not "${KIND}"`);
  const { meta } = entry;
  const missing = META_KEYS.filter((key) => key !== 'power' && !meta.has(key));
  const unknown = [...meta.keys()].filter((key) => !META_KEYS.includes(key));
  if (missing.length || unknown.length) {
    throw new GovernanceError(`governance meta lacks [${missing.sort()}] or has unknown keys [${unknown.sort()}]`);
  }
  const text = (/** @type {string} */ key) => /** @type {string} */ (meta.get(key));
  let change;
  let packed;
  try {
    change = new Change(text('chain'), decimal(text('height'), 'height'), fromHex(text('from')),
      text('change'), text('name'), fromHex(text('key')), decimal(meta.get('power') ?? '0', 'power'));
    packed = paddedBase64(text('signatures'));
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    throw new GovernanceError(`governance meta is malformed: ${err.message}`);
  }
  if (entry.alg !== 'sha256' || !equalBytes(entry.digest, sha256Of(change.payload()))) {
    throw new GovernanceError('the entry digest is not SHA-256 of the change it states');
  }
  if (packed.length % SIGNATURE_ITEM) {
    throw new GovernanceError('governance signatures are not (index, signature) pairs');
  }
  /** @type {Map<number, Uint8Array>} */
  const signatures = new Map();
  for (let at = 0; at < packed.length; at += SIGNATURE_ITEM) {
    const index = packed[at];
    if (signatures.size && index <= Math.max(...signatures.keys())) {
      throw new GovernanceError('governance signatures must be sorted by index, once each');
    }
    signatures.set(index, packed.slice(at + 1, at + SIGNATURE_ITEM));
  }
  return { change, signatures };
}

/**
 * An integer written in decimal without leading zeros (ledger/governance.py _decimal).
 * @param {string} text
 * @param {string} name
 */
function decimal(text, name) {
  if (!DECIMAL.test(text)) throw new DecodeError(`${name} must be a decimal number without leading zeros`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new DecodeError(`${name} is beyond 2^53 - 1, the largest integer this verifier handles exactly`);
  }
  return value;
}

/**
 * bytes.fromhex: pairs of hex digits of either case, ASCII whitespace between pairs allowed.
 * @param {string} digits
 */
function fromHex(digits) {
  const pairs = [];
  let at = 0;
  while (at < digits.length) {
    if (/[ \t\n\r\f\v]/.test(digits[at])) {
      at += 1;
      continue;
    }
    const pair = digits.slice(at, at + 2);
    if (!/^[0-9a-fA-F]{2}$/.test(pair)) {
      throw new DecodeError(`non-hexadecimal number found in fromhex() arg at position ${at}`);
    }
    pairs.push(parseInt(pair, 16));
    at += 2;
  }
  return Uint8Array.from(pairs);
}

/**
 * base64.b64decode(text, validate=True): the standard alphabet, correct padding; stray low
 * bits are not refused (unlike the canonical base64 of signed notes).
 * @param {string} text
 */
function paddedBase64(text) {
  if (!PADDED_BASE64.test(text) || text.length % 4 !== 0) {
    throw new DecodeError('signatures are not padded base64');
  }
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * @typedef {object} Epoch
 * @property {number} since the height from which this set signs blocks
 * @property {ValidatorSet} validators
 */

/** Every validator set of a chain from genesis, with the heights they sign from. */
export class ValidatorHistory {
  /**
   * @param {string} chainId
   * @param {Epoch[]} epochs
   */
  constructor(chainId, epochs) {
    this.chainId = chainId;
    this.epochs = epochs;
  }

  /**
   * The set that signs the block at `height` (as scheduled so far).
   * @param {number} height
   */
  at(height) {
    for (let i = this.epochs.length - 1; i >= 0; i--) {
      if (this.epochs[i].since <= height) return this.epochs[i].validators;
    }
    return this.epochs[0].validators;
  }

  /**
   * The history once governance `entry`, committed in block `height`, takes effect; throws
   * GovernanceError (or DecodeError) saying why it does not.
   * @param {number} height
   * @param {Entry} entry
   */
  withChange(height, entry) {
    const { change, signatures } = proposalOf(entry);
    const latest = this.epochs[this.epochs.length - 1];
    if (change.chainId !== this.chainId) {
      throw new GovernanceError(`the change is for chain ${JSON.stringify(change.chainId)}`);
    }
    if (latest.since > height) {
      throw new GovernanceError(`a change taking effect at height ${latest.since} is pending`);
    }
    const current = latest.validators;
    if (!equalBytes(change.validatorsHash, current.hash())) {
      throw new GovernanceError('the change names another validator set than the one in force');
    }
    if (!(height + 2 <= change.effectiveHeight && change.effectiveHeight <= height + MAX_DELAY)) {
      throw new GovernanceError(`effective height ${change.effectiveHeight} is not between `
        + `${height + 2} and ${height + MAX_DELAY} for a change committed at height ${height}`);
    }
    const power = signingPower(change, signatures, current);
    if (!current.isQuorum(power)) {
      throw new GovernanceError(`the change is signed by power ${power} of ${current.totalPower}; `
        + 'more than 2/3 is needed');
    }
    const epoch = { since: change.effectiveHeight, validators: change.apply(current) };
    return new ValidatorHistory(this.chainId, [...this.epochs, epoch]);
  }
}

/**
 * Power of the members of `validators` whose signatures verify; throws GovernanceError for
 * a signature by no member or one that does not verify.
 * @param {Change} change
 * @param {Map<number, Uint8Array>} signatures
 * @param {ValidatorSet} validators
 */
function signingPower(change, signatures, validators) {
  const message = new Uint8Array([...utf8(GOVERNANCE_SIGNATURE_TAG), 0, ...change.payload()]);
  let power = 0;
  for (const [index, signature] of signatures) {
    const member = validators.validators[index];
    if (member === undefined) throw new GovernanceError(`signature of validator index ${index}, not in the set`);
    if (!isValidEd25519(member.publicKey, message, signature)) {
      throw new GovernanceError(`the signature of notary ${member.name} does not verify`);
    }
    power += member.power;
  }
  return power;
}

/**
 * The history that these governance entries (height committed, encoding), in ledger order,
 * make from genesis. Each must take effect; throws GovernanceError or DecodeError otherwise.
 * @param {string} chainId
 * @param {ValidatorSet} genesisSet
 * @param {[number, Uint8Array][]} changes
 */
export function replayChanges(chainId, genesisSet, changes) {
  let history = new ValidatorHistory(chainId, [{ since: 1, validators: genesisSet }]);
  for (const [height, data] of changes) history = history.withChange(height, Entry.decode(data));
  return history;
}
