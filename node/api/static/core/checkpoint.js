// Checkpoints of the ledger as C2SP signed notes (ledger/checkpoint.py): the body
// (https://c2sp.org/tlog-checkpoint) has exactly three lines and no extension lines,
//
//     cunzheng/<chain_id>
//     <ledger_size>
//     <base64 ledger_root>
//
// and the signature lines follow a blank line (https://c2sp.org/signed-note).

import { base64ToBytes, bytesToBase64, bytesToHex, equalBytes, isWellFormed, utf8 } from './bytes.js';
import { HASH_SIZE } from './domain-hash.js';
import { DecodeError, SignatureError } from './errors.js';
import { KEY_HASH_SIZE, isValidKeyName, keyHash, verifyMessageSignature } from './keys.js';

const ORIGIN_PREFIX = 'cunzheng/';
const MAX_NOTE_BYTES = 64 * 1024;
// golang.org/x/mod/sumdb/note caps a note at 100 signatures; C2SP asks verifiers for a cap.
const MAX_SIGNATURE_LINES = 100;
const SIGNATURE_LINE_PREFIX = '\u2014 '; // em dash, space (C2SP signed-note, "Format")
// tlog-checkpoint: ASCII decimal, no leading zeroes unless the tree is empty.
const TREE_SIZE = /^(?:0|[1-9][0-9]{0,18})$/;
// Python's str.isprintable(): no character of categories C* or Z* but the ASCII space.
const NOT_PRINTABLE = /[\p{C}\p{Z}]/u;
// C2SP signed-note, "Format": no ASCII control characters except newline.
const CONTROL = /[\u0000-\u0009\u000b-\u001f]/;

/**
 * The origin line of chain `chainId`'s checkpoints; throws DecodeError unless the chain id
 * is a C2SP key name.
 * @param {string} chainId
 */
export function checkpointOrigin(chainId) {
  if (!isValidKeyName(chainId)) {
    throw new DecodeError(`chain id ${JSON.stringify(chainId)} must be non-empty, without spaces or "+"`);
  }
  return ORIGIN_PREFIX + chainId;
}

/** The C2SP checkpoint body: origin, tree size and RFC 9162 root hash of the ledger. */
export class Checkpoint {
  /**
   * @param {string} origin
   * @param {number} treeSize
   * @param {Uint8Array} rootHash
   */
  constructor(origin, treeSize, rootHash) {
    if (!origin || NOT_PRINTABLE.test(origin.replaceAll(' ', ''))) {
      throw new DecodeError(`checkpoint origin must be a non-empty line of printable text, got ${JSON.stringify(origin)}`);
    }
    this.origin = origin;
    this.treeSize = treeSize;
    this.rootHash = rootHash;
  }

  /** The note text that validators sign. */
  body() {
    return `${this.origin}\n${this.treeSize}\n${bytesToBase64(this.rootHash)}\n`;
  }

  /** @param {Checkpoint} other */
  equals(other) {
    return this.origin === other.origin && this.treeSize === other.treeSize
      && equalBytes(this.rootHash, other.rootHash);
  }

  /**
   * The checkpoint whose body() is exactly `text`; throws DecodeError.
   * @param {string} text
   */
  static parseBody(text) {
    if (!text.endsWith('\n')) throw new DecodeError('checkpoint body must end with a newline');
    const lines = text.slice(0, -1).split('\n');
    if (lines.length > 3) {
      throw new DecodeError(`checkpoint body has ${lines.length} lines; cunzheng checkpoints have `
        + 'exactly 3 (origin, size, root) and no extension lines');
    }
    if (lines.length < 3) {
      throw new DecodeError(`checkpoint body has ${lines.length} lines, expected origin, size, root`);
    }
    const [origin, size, root] = lines;
    if (!TREE_SIZE.test(size)) {
      throw new DecodeError(`checkpoint tree size ${JSON.stringify(size)} is not a decimal number `
        + 'below 2^63 without leading zeroes');
    }
    const treeSize = Number(size);
    if (!Number.isSafeInteger(treeSize)) {
      throw new DecodeError(`checkpoint tree size ${size} is beyond 2^53 - 1, the largest integer `
        + 'this verifier handles exactly');
    }
    const rootHash = base64ToBytes(root);
    if (rootHash === null) throw new DecodeError(`checkpoint root hash is not canonical base64: ${JSON.stringify(root)}`);
    if (rootHash.length !== HASH_SIZE) {
      throw new DecodeError(`checkpoint root hash must be ${HASH_SIZE} bytes, got ${rootHash.length}`);
    }
    return new Checkpoint(origin, treeSize, rootHash);
  }
}

/**
 * @typedef {object} NoteSignature one signature line
 * @property {string} name
 * @property {Uint8Array} keyHash
 * @property {Uint8Array} signature  any length: lines of other signature types parse too
 */

/**
 * The signature of `line` (final newline included); throws DecodeError.
 * @param {string} line
 * @returns {NoteSignature}
 */
function parseSignatureLine(line) {
  if (!line.startsWith(SIGNATURE_LINE_PREFIX) || !line.endsWith('\n')) {
    throw new DecodeError(`malformed signature line ${JSON.stringify(line)}: expected '— <name> <base64>'`);
  }
  const rest = line.slice(SIGNATURE_LINE_PREFIX.length, -1);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  if (space < 0 || !isValidKeyName(name)) {
    throw new DecodeError(`malformed signature line ${JSON.stringify(line)}: bad or missing key name`);
  }
  const raw = base64ToBytes(rest.slice(space + 1));
  if (raw === null) throw new DecodeError(`signature of ${JSON.stringify(name)} is not canonical base64`);
  if (raw.length <= KEY_HASH_SIZE) {
    throw new DecodeError(`signature of ${JSON.stringify(name)} holds ${raw.length} bytes, expected over 4`);
  }
  return { name, keyHash: raw.slice(0, KEY_HASH_SIZE), signature: raw.slice(KEY_HASH_SIZE) };
}

/** A checkpoint with its signature lines, in the order given. */
export class SignedCheckpoint {
  /**
   * @param {Checkpoint} checkpoint
   * @param {NoteSignature[]} signatures
   */
  constructor(checkpoint, signatures) {
    this.checkpoint = checkpoint;
    this.signatures = signatures;
  }

  /**
   * The signed checkpoint whose text is exactly `text`. Signatures are not checked here;
   * see verifiedSigners. Throws DecodeError for a note over 64 KiB, control characters
   * other than newline, no blank line before the signatures, no or over 100 signature
   * lines, a malformed signature line, or a body parseBody refuses.
   * @param {string} text
   */
  static parse(text) {
    if (!isWellFormed(text)) throw new DecodeError('signed note is not valid UTF-8 (a lone surrogate)');
    const size = utf8(text).length;
    if (size > MAX_NOTE_BYTES) throw new DecodeError(`signed note is over ${MAX_NOTE_BYTES} bytes, got ${size}`);
    if (CONTROL.test(text)) throw new DecodeError('signed note holds a control character other than newline');
    const split = text.lastIndexOf('\n\n');
    if (split < 0) throw new DecodeError('signed note has no blank line between body and signature lines');
    const body = text.slice(0, split + 1);
    const block = text.slice(split + 2);
    if (!block) throw new DecodeError('signed note has no signature lines after the blank line');
    if (!block.endsWith('\n')) {
      throw new DecodeError('signed note must end with a newline after the last signature line');
    }
    const count = block.split('\n').length - 1;
    if (count > MAX_SIGNATURE_LINES) {
      throw new DecodeError(`signed note has ${count} signature lines, the limit is ${MAX_SIGNATURE_LINES}`);
    }
    const checkpoint = Checkpoint.parseBody(body);
    const lines = block.slice(0, -1).split('\n').map((line) => parseSignatureLine(`${line}\n`));
    return new SignedCheckpoint(checkpoint, lines);
  }
}

/**
 * Names of the known keys whose signature lines verify, in order of first appearance.
 *
 * `knownKeys` maps a validator's key name to its public key. A line counts only if its name
 * and key hash both match a known key (C2SP signed-note, "Signatures"); other lines are
 * ignored, as C2SP requires. A name signing twice counts once. Throws SignatureError if a
 * line of a known key does not verify: a forged line from a known notary is an attack, not
 * noise.
 * @param {SignedCheckpoint} note
 * @param {Map<string, Uint8Array>} knownKeys
 */
export function verifiedSigners(note, knownKeys) {
  const message = utf8(note.checkpoint.body());
  /** @type {string[]} */
  const signers = [];
  for (const line of note.signatures) {
    const publicKey = knownKeys.get(line.name);
    if (publicKey === undefined || !equalBytes(keyHash(line.name, publicKey), line.keyHash)) continue;
    try {
      verifyMessageSignature(publicKey, message, line.signature);
    } catch (err) {
      if (!(err instanceof SignatureError)) throw err;
      throw new SignatureError(`checkpoint ${note.checkpoint.origin} size ${note.checkpoint.treeSize}: `
        + `the line of known key ${line.name} (${bytesToHex(line.keyHash)}) does not verify; reject `
        + `this note and fetch the checkpoint from another notary (${err.message})`,
      'checkpoint_signature_invalid', { name: line.name });
    }
    if (!signers.includes(line.name)) signers.push(line.name);
  }
  return signers;
}
