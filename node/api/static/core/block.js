// Block headers, commits and the precommit votes a commit's signatures are over
// (ledger/block.py).

import { bytesToHex } from './bytes.js';
import { HEADER_TAG, taggedHash } from './domain-hash.js';
import { DecodeError } from './errors.js';
import { checkBytes, checkInt, checkStr } from './fields.js';
import { expectArray, pack, unpack } from './msgpack.js';

const VERSION = 1;
const MAX_CHAIN_ID_LENGTH = 64;
const MAX_MESSAGE_BYTES = 64 * 1024;
const PRECOMMIT = 2;
const HEADER_HASH_FIELDS = ['prev_hash', 'proposer', 'ledger_root', 'validators_hash',
  'next_validators_hash', 'last_commit_hash'];
const HEADER_NAMES = ['chain_id', 'height', 'time_ms', 'prev_hash', 'proposer', 'entries_count',
  'ledger_size', 'ledger_root', 'validators_hash', 'next_validators_hash', 'last_commit_hash',
  'app_version'];

/** A block header; its tagged hash is the block hash that validators vote for. */
export class Header {
  /**
   * Checks each field as ledger/block.py Header does; throws DecodeError.
   * @param {unknown[]} fields the canonical array without its version
   */
  constructor(fields) {
    const byName = Object.fromEntries(HEADER_NAMES.map((name, i) => [name, fields[i]]));
    checkStr(byName.chain_id, 'Header.chain_id', MAX_CHAIN_ID_LENGTH);
    checkInt(byName.height, 'Header.height', 1);
    checkInt(byName.time_ms, 'Header.time_ms');
    for (const name of HEADER_HASH_FIELDS) checkBytes(byName[name], `Header.${name}`, 32);
    checkInt(byName.entries_count, 'Header.entries_count');
    checkInt(byName.ledger_size, 'Header.ledger_size');
    checkInt(byName.app_version, 'Header.app_version', 1);
    if (byName.entries_count > byName.ledger_size) {
      throw new DecodeError(`Header.entries_count ${byName.entries_count} exceeds ledger_size `
        + `${byName.ledger_size}`);
    }
    this.values = fields;
    /** @readonly */ this.chainId = byName.chain_id;
    /** @readonly */ this.height = byName.height;
    /** @readonly */ this.timeMs = byName.time_ms;
    /** @readonly */ this.entriesCount = byName.entries_count;
    /** @readonly */ this.ledgerSize = byName.ledger_size;
    /** @readonly */ this.ledgerRoot = /** @type {Uint8Array} */ (byName.ledger_root);
    /** @readonly */ this.validatorsHash = /** @type {Uint8Array} */ (byName.validators_hash);
  }

  /** Canonical encoding. */
  encode() {
    return pack([VERSION, ...this.values]);
  }

  /** The block hash: tagged hash of the header encoding. */
  hash() {
    return taggedHash(HEADER_TAG, this.encode());
  }

  /** Fields by name, bytes as hex, as bundles carry them. */
  toJson() {
    return Object.fromEntries(HEADER_NAMES.map((name, i) => {
      const value = this.values[i];
      return [name, value instanceof Uint8Array ? bytesToHex(value) : value];
    }));
  }

  /**
   * Parse canonical Header bytes; throws DecodeError.
   * @param {Uint8Array} data
   */
  static decode(data) {
    const fields = expectArray(unpack(data, MAX_MESSAGE_BYTES), { name: 'Header', version: VERSION, fields: 13 });
    return new Header(fields.slice(1));
  }
}

/**
 * @typedef {object} CommitSignature
 * @property {number} validatorIndex
 * @property {Uint8Array} voteSignature
 * @property {Uint8Array} checkpointSignature
 */

/** Precommits for one block from validators holding more than 2/3 of the power. */
export class Commit {
  /**
   * @param {unknown} height
   * @param {unknown} round
   * @param {unknown} blockHash
   * @param {CommitSignature[]} signatures
   */
  constructor(height, round, blockHash, signatures) {
    checkInt(height, 'Commit.height', 1);
    checkInt(round, 'Commit.round');
    checkBytes(blockHash, 'Commit.block_hash', 32);
    const indices = signatures.map((s) => s.validatorIndex);
    if (!indices.length || indices.some((index, i) => i > 0 && index <= indices[i - 1])) {
      throw new DecodeError('Commit.signatures must be non-empty, sorted by index, no repeats');
    }
    /** @readonly */ this.height = height;
    /** @readonly */ this.round = round;
    /** @readonly */ this.blockHash = blockHash;
    /** @readonly */ this.signatures = signatures;
  }

  /** Fields by name, bytes as hex. */
  toJson() {
    return {
      height: this.height,
      round: this.round,
      block_hash: bytesToHex(this.blockHash),
      signatures: this.signatures.map((s) => ({
        validator_index: s.validatorIndex,
        vote_signature: bytesToHex(s.voteSignature),
        checkpoint_signature: bytesToHex(s.checkpointSignature),
      })),
    };
  }

  /**
   * Parse canonical Commit bytes; throws DecodeError.
   * @param {Uint8Array} data
   */
  static decode(data) {
    const fields = expectArray(unpack(data, MAX_MESSAGE_BYTES), { name: 'Commit', version: VERSION, fields: 5 });
    if (!Array.isArray(fields[4])) throw new DecodeError('Commit.signatures must be an array');
    const signatures = fields[4].map((item) => {
      if (!Array.isArray(item) || item.length !== 3) {
        throw new DecodeError('each commit signature must be [index, vote_sig, checkpoint_sig]');
      }
      const [validatorIndex, voteSignature, checkpointSignature] = item;
      checkInt(validatorIndex, 'CommitSignature.validator_index');
      checkBytes(voteSignature, 'CommitSignature.vote_signature', 64);
      checkBytes(checkpointSignature, 'CommitSignature.checkpoint_signature', 64);
      return { validatorIndex, voteSignature, checkpointSignature };
    });
    return new Commit(fields[1], fields[2], fields[3], signatures);
  }
}

/**
 * What validator `validatorIndex` signs to precommit `header` in `round`: the Vote
 * [1, 2 (precommit), chain_id, height, round, block hash, index, nil, nil]
 * (ledger/finality.py precommit_for, ledger/block.py Vote.signed_payload).
 * @param {Header} header
 * @param {number} round
 * @param {number} validatorIndex
 */
export function precommitPayload(header, round, validatorIndex) {
  return pack([VERSION, PRECOMMIT, header.chainId, header.height, round, header.hash(),
    validatorIndex, null, null]);
}
