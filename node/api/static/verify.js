// Checks a cunzheng proof bundle in the browser: the same checks as ledger/bundle.py, with
// the formats of docs/formats.md, "Proof bundle" and the sections it links to.
// Pure functions, no DOM: app.js draws the results, and the browser tests
// call these functions directly to compare them with ledger/ (tests/browser/test_page.py).
//
// Every failure is a VerifyError with a stable `code` and the values behind it in `params`;
// i18n.js turns them into sentences in Chinese or English.

import { sha256 } from './vendor/@noble/hashes@2.4.0/sha2.js';
import { ed25519 } from './vendor/@noble/curves@2.4.0/ed25519.js';
import {
  VerifyError, base64ToBytes, bytesToBase64, bytesToHex, canonicalEncode, concatBytes,
  decodeCommit, decodeEntry, decodeHeader, equalBytes, hexToBytes, isInt, utf8,
} from './encoding.js';

export {
  VerifyError, bytesToHex, canonicalEncode, decodeCanonical, decodeEntry, decodeHeader,
  hexToBytes,
} from './encoding.js';

export const CHUNK_SIZE = 4 * 1024 * 1024;
const LEAF_PREFIX = 0x00; // RFC 9162 §2.1.1
const NODE_PREFIX = 0x01;
const HEADER_TAG = 'cunzheng/header/v1';
const VALIDATORS_TAG = 'cunzheng/validators/v1';
const VOTE_SIGNATURE_TAG = 'cunzheng/vote/v1';
const PRECOMMIT = 2;
const ED25519_SIGNATURE_TYPE = 0x01; // C2SP signed-note, "Signature types"
const SIGNATURE_LINE_PREFIX = '\u2014 '; // em dash, space
const MAX_NOTE_BYTES = 64 * 1024;

// ---- hashing (ledger/hashing.py) -------------------------------------------------------

export function leafHash(data) {
  return sha256(concatBytes(Uint8Array.of(LEAF_PREFIX), data));
}

export function nodeHash(left, right) {
  return sha256(concatBytes(Uint8Array.of(NODE_PREFIX), left, right));
}

export function taggedHash(tag, payload) {
  return sha256(concatBytes(utf8.encode(tag), Uint8Array.of(0), payload));
}

// C2SP key ID: SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)[:4] (ledger/keys.py key_hash).
export function keyHash(name, publicKey) {
  const data = concatBytes(utf8.encode(name), utf8.encode('\n'),
    Uint8Array.of(ED25519_SIGNATURE_TYPE), publicKey);
  return sha256(data).slice(0, 4);
}

export function vkeyOf(name, publicKey) {
  const typed = concatBytes(Uint8Array.of(ED25519_SIGNATURE_TYPE), publicKey);
  return `${name}+${bytesToHex(keyHash(name, publicKey))}+${bytesToBase64(typed)}`;
}

// SHA-256 of a File or Blob, read `chunkSize` bytes at a time with File.slice, so that a
// recording of several GB is never held in memory whole. The next chunk is read while the
// current one is hashed. onProgress(done, total) is called after each chunk.
export async function sha256OfFile(file, { chunkSize = CHUNK_SIZE, onProgress } = {}) {
  const hasher = sha256.create();
  const read = (start) =>
    file.slice(start, Math.min(start + chunkSize, file.size)).arrayBuffer();
  let offset = 0;
  let pending = file.size > 0 ? read(0) : null;
  while (pending !== null) {
    const chunk = new Uint8Array(await pending);
    offset += chunk.length;
    pending = offset < file.size ? read(offset) : null;
    hasher.update(chunk);
    if (onProgress) onProgress(offset, file.size);
  }
  return hasher.digest();
}

// ---- Merkle inclusion (RFC 9162 §2.1.3.2) -------------------------------------------

// The root that `path` yields for the leaf hash at `leafIndex` in a tree of `treeSize`
// leaves, or null when the path has the wrong length for that position.
export function rootFromInclusionProof(leafIndex, treeSize, leaf, path) {
  if (!(isInt(leafIndex) && isInt(treeSize) && leafIndex < treeSize)) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  const half = (n) => Math.floor(n / 2); // >> would truncate to 32 bits
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}

// ---- validators and signatures -----------------------------------------------------------

function verifyEd25519(publicKey, message, signature) {
  try {
    // zip215: false is RFC 8032's strict rule, the nearer one to libsodium's, which signed it.
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

// [{name, public_key, power, vkey?}, …] as the bundle and /v1/status carry them.
export function parseValidators(items) {
  const code = 'validators_malformed';
  if (!Array.isArray(items) || items.length < 1 || items.length > 100) {
    throw new VerifyError(code, { detail: 'validators must be a list of 1 to 100' });
  }
  const validators = items.map((item) => {
    const name = item?.name;
    if (typeof name !== 'string' || !/^[^\s+]{1,64}$/u.test(name) || !isInt(item.power, 1)) {
      throw new VerifyError(code, { detail: `validator ${JSON.stringify(name)} is malformed` });
    }
    const publicKey = hexToBytes(item.public_key, 32, `public key of ${name}`);
    const vkey = vkeyOf(name, publicKey);
    if (item.vkey !== undefined && item.vkey !== vkey) {
      throw new VerifyError(code, { detail: `vkey of ${name} does not match its public key` });
    }
    return { name, publicKey, power: item.power, vkey };
  });
  for (let i = 1; i < validators.length; i++) {
    const [a, b] = [validators[i - 1].publicKey, validators[i].publicKey];
    const order = a.findIndex((x, j) => x !== b[j]);
    if (order < 0 || a[order] > b[order]) {
      throw new VerifyError(code, { detail: 'validators must be sorted by public key' });
    }
  }
  if (new Set(validators.map((v) => v.name)).size !== validators.length) {
    throw new VerifyError(code, { detail: 'validator names must be unique' });
  }
  return validators;
}

export function validatorsHash(validators) {
  const fields = [1, validators.map((v) => [v.name, v.publicKey, v.power])];
  return taggedHash(VALIDATORS_TAG, canonicalEncode(fields));
}

export function checkpointBody(chainId, treeSize, rootHash) {
  return `cunzheng/${chainId}\n${treeSize}\n${bytesToBase64(rootHash)}\n`;
}

// Splits a C2SP signed note into its body and signature lines (ledger/checkpoint.py parse).
export function parseSignedNote(text) {
  const code = 'checkpoint_malformed';
  if (typeof text !== 'string' || utf8.encode(text).length > MAX_NOTE_BYTES) {
    throw new VerifyError(code, { detail: 'checkpoint must be signed note text under 64 KiB' });
  }
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) {
    throw new VerifyError(code, { detail: 'control character other than newline' });
  }
  const split = text.lastIndexOf('\n\n');
  if (split < 0 || !text.endsWith('\n') || split + 2 >= text.length) {
    throw new VerifyError(code, { detail: 'no blank line followed by signature lines' });
  }
  const body = text.slice(0, split + 1);
  const lines = text.slice(split + 2, -1).split('\n');
  if (lines.length > 100) throw new VerifyError(code, { detail: 'over 100 signature lines' });
  const signatures = lines.map((line) => {
    const rest = line.startsWith(SIGNATURE_LINE_PREFIX) ? line.slice(2) : null;
    const space = rest === null ? -1 : rest.indexOf(' ');
    if (space <= 0) throw new VerifyError(code, { detail: `malformed line ${line.slice(0, 80)}` });
    const name = rest.slice(0, space);
    const raw = base64ToBytes(rest.slice(space + 1), `signature of ${name}`);
    if (raw.length <= 4) throw new VerifyError(code, { detail: `short signature of ${name}` });
    return { name, keyHash: raw.slice(0, 4), signature: raw.slice(4) };
  });
  return { body, signatures };
}

// Names of the validators whose lines verify, in validator order. A line whose name and key
// hash match a validator must verify: a forged line from a known notary is an attack, not
// noise (C2SP signed-note, "Signatures"); other lines are ignored.
export function checkpointSigners(note, validators) {
  const message = utf8.encode(note.body);
  const signed = new Set();
  for (const line of note.signatures) {
    const validator = validators.find((v) => v.name === line.name);
    if (!validator || !equalBytes(keyHash(validator.name, validator.publicKey), line.keyHash)) {
      continue;
    }
    if (line.signature.length !== 64
        || !verifyEd25519(validator.publicKey, message, line.signature)) {
      throw new VerifyError('checkpoint_signature_invalid', { name: validator.name });
    }
    signed.add(validator.name);
  }
  return validators.filter((v) => signed.has(v.name));
}

// The precommit a validator signs: Vote [1, 2, chain_id, height, round, block_hash, index,
// nil, nil] under the tag cunzheng/vote/v1 (ledger/finality.py precommit_for).
export function precommitPayload(header, commit, index) {
  const vote = [1, PRECOMMIT, header.chainId, header.height, commit.round, commit.blockHash,
    index, null, null];
  return concatBytes(utf8.encode(VOTE_SIGNATURE_TAG), Uint8Array.of(0), canonicalEncode(vote));
}

const isQuorum = (power, total) => 3 * power > 2 * total;

function verifyCommit(commit, header, headerBytes, validators) {
  const blockHash = taggedHash(HEADER_TAG, headerBytes);
  if (commit.height !== header.height || !equalBytes(commit.blockHash, blockHash)) {
    throw new VerifyError('commit_mismatch', { height: header.height });
  }
  let power = 0;
  let last = -1;
  for (const item of commit.signatures) {
    const validator = validators[item.index];
    if (validator === undefined || item.index <= last) {
      throw new VerifyError('commit_malformed', { detail: `validator index ${item.index}` });
    }
    last = item.index;
    const payload = precommitPayload(header, commit, item.index);
    if (!verifyEd25519(validator.publicKey, payload, item.voteSignature)) {
      throw new VerifyError('commit_signature_invalid', { name: validator.name });
    }
    power += validator.power;
  }
  const total = validators.reduce((n, v) => n + v.power, 0);
  if (!isQuorum(power, total)) {
    throw new VerifyError('commit_not_quorum', { power, total });
  }
}

// ---- the bundle --------------------------------------------------------------------

function field(object, name, check, what = name) {
  const value = object?.[name];
  if (!check(value)) throw new VerifyError('bundle_malformed', { detail: `${what} is missing or malformed` });
  return value;
}

export function looksLikeBundle(value) {
  return value !== null && typeof value === 'object' && 'leaf' in value
    && 'inclusion' in value && 'checkpoint' in value;
}

// Checks `bundle` (the parsed JSON) for the file whose SHA-256 is `fileDigest`. Returns what
// it proves, or throws VerifyError naming the first check that failed. The order follows the
// chain of trust: file → entry → inclusion in the ledger tree → signed header → signatures.
export function verifyBundle(bundle, fileDigest) {
  if (!looksLikeBundle(bundle)) {
    throw new VerifyError('bundle_malformed', { detail: 'not a cunzheng proof bundle' });
  }
  if (bundle.version !== 1 || bundle.hash_alg !== 'sha256') {
    throw new VerifyError('bundle_unsupported',
      { version: String(bundle.version), hashAlg: String(bundle.hash_alg) });
  }
  const leaf = hexToBytes(field(bundle, 'leaf', (v) => typeof v === 'string'), undefined, 'leaf');
  const entry = decodeEntry(leaf);
  if (entry.alg !== 'sha256') throw new VerifyError('alg_unsupported', { alg: entry.alg });
  if (!equalBytes(entry.digest, fileDigest)) {
    throw new VerifyError('digest_mismatch',
      { file: bytesToHex(fileDigest), record: bytesToHex(entry.digest) });
  }
  const entryId = leafHash(leaf);
  if (bundle.id !== undefined && bundle.id !== bytesToHex(entryId)) {
    throw new VerifyError('bundle_malformed', { detail: 'id is not the leaf hash' });
  }

  const headerBytes = hexToBytes(
    field(bundle, 'header_bytes', (v) => typeof v === 'string'), undefined, 'header_bytes');
  const header = decodeHeader(headerBytes);
  const chain = field(bundle, 'chain', (v) => v !== null && typeof v === 'object');
  const chainId = field(chain, 'chain_id', (v) => typeof v === 'string', 'chain.chain_id');
  if (header.chainId !== chainId) {
    throw new VerifyError('chain_mismatch', { header: header.chainId, bundle: chainId });
  }
  const leafIndex = field(bundle, 'leaf_index', (v) => isInt(v));
  const first = header.ledgerSize - header.entriesCount;
  if (!(first <= leafIndex && leafIndex < header.ledgerSize)) {
    throw new VerifyError('leaf_not_in_block', { leafIndex, height: header.height });
  }

  const inclusion = field(bundle, 'inclusion', (v) => v !== null && typeof v === 'object');
  const treeSize = field(inclusion, 'tree_size', (v) => isInt(v), 'inclusion.tree_size');
  const rootHash = hexToBytes(inclusion.root_hash, 32, 'inclusion.root_hash');
  const hashes = field(inclusion, 'hashes', Array.isArray, 'inclusion.hashes')
    .map((h) => hexToBytes(h, 32, 'inclusion hash'));
  if (treeSize !== header.ledgerSize || !equalBytes(rootHash, header.ledgerRoot)) {
    throw new VerifyError('inclusion_not_for_header', { height: header.height });
  }
  const computed = rootFromInclusionProof(leafIndex, treeSize, entryId, hashes);
  if (computed === null || !equalBytes(computed, rootHash)) {
    throw new VerifyError('inclusion_failed', {
      computed: computed === null ? '—' : bytesToHex(computed), expected: bytesToHex(rootHash),
    });
  }

  const validators = parseValidators(chain.validators);
  const setHash = validatorsHash(validators);
  if (!equalBytes(setHash, header.validatorsHash)) {
    throw new VerifyError('validators_hash_mismatch',
      { computed: bytesToHex(setHash), header: bytesToHex(header.validatorsHash) });
  }

  const note = parseSignedNote(bundle.checkpoint);
  const expectedBody = checkpointBody(header.chainId, header.ledgerSize, header.ledgerRoot);
  if (note.body !== expectedBody) {
    throw new VerifyError('checkpoint_body_mismatch', { expected: expectedBody, got: note.body });
  }
  const signers = checkpointSigners(note, validators);
  const power = signers.reduce((n, v) => n + v.power, 0);
  const totalPower = validators.reduce((n, v) => n + v.power, 0);
  if (!isQuorum(power, totalPower)) {
    throw new VerifyError('not_enough_signatures', {
      k: signers.length, n: validators.length, power, total: totalPower,
      names: signers.map((v) => v.name).join(', '),
    });
  }

  // The checkpoint binds size and root; the block time is bound by the header hash, which
  // the same quorum signed in its precommits (the commit).
  const commitBytes = hexToBytes(
    field(bundle, 'commit_bytes', (v) => typeof v === 'string'), undefined, 'commit_bytes');
  verifyCommit(decodeCommit(commitBytes), header, headerBytes, validators);

  return {
    entryId: bytesToHex(entryId),
    digest: bytesToHex(entry.digest),
    alg: entry.alg,
    kind: entry.kind,
    meta: entry.meta,
    clientTimeMs: entry.clientTimeMs,
    leafIndex,
    height: header.height,
    timeMs: header.timeMs,
    chainId: header.chainId,
    ledgerSize: header.ledgerSize,
    ledgerRoot: bytesToHex(header.ledgerRoot),
    genesisHash: typeof chain.genesis_hash === 'string' ? chain.genesis_hash : '',
    validatorsHash: bytesToHex(setHash),
    signers: signers.map(({ name, vkey, power: p }) => ({ name, vkey, power: p })),
    validators: validators.map(({ name, vkey, power: p }) => ({ name, vkey, power: p })),
    power,
    totalPower,
  };
}
