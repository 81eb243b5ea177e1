// Proof bundles (ledger/bundle_format.py, ledger/bundle.py): read a bundle's JSON into its
// parts, then check them in the order of docs/verdicts.md, each check with its reason code:
// bundle shape, chain (chain id, genesis, governance, validator set), commit, inclusion,
// checkpoint, consistency, trusted quorum. Without a trusted genesis the signing set is
// replayed from the genesis the bundle carries (version 2), whose hash the verdict gives to
// compare with the consortium's; a version 1 bundle carries none, and only its own validator
// set is checked: its named genesis hash is tied to nothing (genesisHash null).

import { bytesToHex, equalBytes } from './bytes.js';
import { Commit, Header } from './block.js';
import { SignedCheckpoint, checkpointOrigin, verifiedSigners } from './checkpoint.js';
import { leafHash } from './domain-hash.js';
import { Entry } from './entry.js';
import { noLaterThanMs } from './existence-time.js';
import { ChainBroken, DecodeError, ProofError, SignatureError, withReason } from './errors.js';
import { checkFields, checkHex, checkInt, checkStr, typeName } from './fields.js';
import { checkpointOf, verifyCommit } from './finality.js';
import { replayChanges } from './governance.js';
import { isJsonObject, jsonEqual } from './json.js';
import { parseVkey } from './keys.js';
import { verifyConsistency, verifyInclusion } from './merkle.js';
import { Genesis, ValidatorSet } from './validators.js';

const BUNDLE_VERSION = 2; // ledger/bundle_format.py: the genesis carried in `chain.genesis`
const LEGACY_BUNDLE_VERSION = 1; // names a genesis hash, carries no genesis
const BUNDLE_FIELDS = ['version', 'hash_alg', 'chain', 'entry', 'id', 'leaf', 'leaf_index',
  'header', 'header_bytes', 'commit', 'commit_bytes', 'inclusion', 'checkpoint', 'consistency',
  'timestamp_token'];
const OPTIONAL_FIELDS = ['consistency', 'timestamp_token'];
const CHAIN_FIELDS = new Map([
  [BUNDLE_VERSION, ['genesis', 'validators', 'governance']],
  [LEGACY_BUNDLE_VERSION, ['chain_id', 'genesis_hash', 'validators', 'governance']],
]);
const CONSISTENCY_FIELDS = ['tree_size_1', 'tree_size_2', 'hashes', 'checkpoint'];

/**
 * @typedef {object} BundleParts a bundle read into its parts, nothing checked yet
 * @property {number} version
 * @property {Entry} entry
 * @property {Uint8Array} entryId
 * @property {number} leafIndex
 * @property {Header} header
 * @property {Commit} commit
 * @property {string} chainId the carried genesis's, or (version 1) the one the bundle names
 * @property {Uint8Array} genesisHash the carried genesis's hash, or (version 1) the one named
 * @property {Genesis | null} genesis the genesis the bundle carries; null in version 1
 * @property {ValidatorSet} validators
 * @property {[number, Uint8Array][]} governance
 * @property {{ treeSize: number, rootHash: Uint8Array, hashes: Uint8Array[] }} inclusion
 * @property {string} checkpoint
 * @property {{ treeSize1: number, treeSize2: number, hashes: Uint8Array[], checkpoint: string } | null} consistency
 * @property {boolean} hasTimestampToken
 */

/**
 * @typedef {object} BundleFacts what a bundle that checked out proves
 * @property {Entry} entry
 * @property {Uint8Array} entryId
 * @property {number} leafIndex
 * @property {Header} header
 * @property {string[]} signers the checkpoint's signers, in validator order
 * @property {ValidatorSet} validators the set that signed the block
 * @property {Uint8Array | null} genesisHash the hash of the genesis the signing set was
 *   replayed from (trusted, or carried); null for a version 1 bundle without a trusted one
 * @property {boolean} trusted false: checked only against what the bundle carries
 * @property {number} noLaterThanMs the real time by which the entry existed: the block time
 *   plus the margin the genesis's timing parameters allow (core/existence-time.js)
 * @property {number | null} consistentTreeSize the later checkpoint's size, when there is one
 * @property {string[]} consistentSigners
 * @property {number} governanceChanges governance entries checked from the trusted genesis
 * @property {boolean} hasTimestampToken the bundle carries an RFC 3161 token (never checked here)
 */

/**
 * The parts of `bundle` (parsed JSON): fields known and present, types and hex right, the
 * entry, header and commit decoded and equal to their reading copies, and a signed entry's
 * submitter signature valid. Throws a LedgerError (DecodeError, SignatureError).
 * @param {unknown} bundle
 * @returns {BundleParts}
 */
export function partsOf(bundle) {
  checkFields(bundle, 'bundle', BUNDLE_FIELDS, BUNDLE_FIELDS.filter((f) => !OPTIONAL_FIELDS.includes(f)));
  const { version } = bundle;
  const chainFields = typeof version === 'number' ? CHAIN_FIELDS.get(version) : undefined;
  if (typeof version !== 'number' || chainFields === undefined || bundle.hash_alg !== 'sha256') {
    throw new DecodeError(`bundle version ${JSON.stringify(version) ?? typeName(version)} `
      + `with hash_alg ${JSON.stringify(bundle.hash_alg) ?? typeName(bundle.hash_alg)} is not supported by `
      + 'this verifier; use a newer page', 'bundle_unsupported',
    { version: String(version), hashAlg: String(bundle.hash_alg) });
  }
  const leaf = checkHex(bundle.leaf, 'leaf');
  const entry = Entry.decode(leaf);
  const entryId = leafHash(leaf);
  if (!jsonEqual(bundle.entry, entry.toJson())) {
    throw new DecodeError("the bundle's entry fields differ from its leaf bytes");
  }
  if (bundle.id !== bytesToHex(entryId)) {
    throw new DecodeError(`bundle id ${JSON.stringify(bundle.id)} is not the leaf hash ${bytesToHex(entryId)}`);
  }
  entry.verifySubmitterSignature();
  const header = Header.decode(checkHex(bundle.header_bytes, 'header_bytes'));
  const commit = Commit.decode(checkHex(bundle.commit_bytes, 'commit_bytes'));
  if (!jsonEqual(bundle.header, header.toJson()) || !jsonEqual(bundle.commit, commit.toJson())) {
    throw new DecodeError('the header or commit fields differ from the signed bytes');
  }
  checkInt(bundle.leaf_index, 'leaf_index');
  if (typeof bundle.checkpoint !== 'string') throw new DecodeError('checkpoint must be the signed note text');
  const token = Object.hasOwn(bundle, 'timestamp_token') ? bundle.timestamp_token : null;
  if (token !== null) checkHex(token, 'timestamp_token');
  const { chain } = bundle;
  checkFields(chain, 'chain', chainFields, chainFields);
  const { genesis, chainId, genesisHash } = genesisOf(chain);
  return {
    version,
    entry,
    entryId,
    leafIndex: bundle.leaf_index,
    header,
    commit,
    chainId,
    genesisHash,
    genesis,
    validators: ValidatorSet.fromJson(chain.validators),
    governance: governanceOf(chain.governance),
    inclusion: inclusionOf(bundle.inclusion),
    checkpoint: bundle.checkpoint,
    consistency: consistencyOf(Object.hasOwn(bundle, 'consistency') ? bundle.consistency : null),
    hasTimestampToken: token !== null,
  };
}

/**
 * The carried genesis, its chain id and hash; version 1: null, and the chain id and genesis
 * hash it names, which nothing ties to the genesis they name.
 * @param {Record<string, unknown>} chain
 */
function genesisOf(chain) {
  if (Object.hasOwn(chain, 'genesis')) {
    const genesis = Genesis.fromJson(chain.genesis);
    return { genesis, chainId: genesis.chainId, genesisHash: genesis.hash() };
  }
  checkStr(chain.chain_id, 'chain_id', 64);
  return { genesis: null, chainId: chain.chain_id, genesisHash: checkHex(chain.genesis_hash, 'genesis_hash', 32) };
}

/** @param {unknown} inclusion */
function inclusionOf(inclusion) {
  checkFields(inclusion, 'inclusion', ['tree_size', 'root_hash', 'hashes'], ['tree_size', 'root_hash', 'hashes']);
  checkInt(inclusion.tree_size, 'inclusion tree_size');
  const rootHash = checkHex(inclusion.root_hash, 'root_hash', 32);
  return { treeSize: inclusion.tree_size, rootHash, hashes: hashesOf(inclusion.hashes, 'inclusion') };
}

/** @param {unknown} part */
function consistencyOf(part) {
  if (part === null) return null;
  checkFields(part, 'consistency', CONSISTENCY_FIELDS, CONSISTENCY_FIELDS);
  checkInt(part.tree_size_1, 'consistency tree_size_1');
  checkInt(part.tree_size_2, 'consistency tree_size_2');
  if (typeof part.checkpoint !== 'string') throw new DecodeError('consistency checkpoint must be the signed note text');
  const hashes = hashesOf(part.hashes, 'consistency');
  return { treeSize1: part.tree_size_1, treeSize2: part.tree_size_2, hashes, checkpoint: part.checkpoint };
}

/**
 * @param {unknown} items
 * @param {string} name
 */
function hashesOf(items, name) {
  if (!Array.isArray(items)) throw new DecodeError(`${name} hashes must be a list of hex strings`);
  return items.map((item) => checkHex(item, `${name} hash`, 32));
}

/**
 * @param {unknown} items
 * @returns {[number, Uint8Array][]}
 */
function governanceOf(items) {
  if (!Array.isArray(items)) throw new DecodeError('chain governance must be a list');
  return items.map((item) => {
    checkFields(item, 'governance entry', ['height', 'leaf'], ['height', 'leaf']);
    checkInt(item.height, 'governance height', 1);
    return [item.height, checkHex(item.leaf, 'governance leaf')];
  });
}

/**
 * Check a proof bundle (parsed JSON) offline, in the order of docs/verdicts.md.
 *
 * With `genesis`, the bundle's chain must be that genesis's, and its validator set the one
 * the genesis and the bundle's governance entries put in force at its block; with
 * `trustedVkeys`, every checkpoint's quorum must come from those keys. Throws VerifyError
 * with the reason code of the first check that fails.
 * @param {unknown} bundle
 * @param {{ genesis?: import('./validators.js').Genesis | null, trustedVkeys?: string[] }} [anchors]
 * @returns {BundleFacts}
 */
export function verifyBundle(bundle, { genesis = null, trustedVkeys = [] } = {}) {
  const parts = withReason('malformed_bundle', () => partsOf(bundle));
  const { header } = parts;
  const { validators, newest, changes } = chainOf(parts, genesis);
  withReason('commit_invalid', () => verifyCommit(parts.commit, header, validators));
  withReason('inclusion_invalid', () => verifyBundleInclusion(parts));
  const signers = withReason('checkpoint_invalid', () => quorumSigners(checkpointNote(parts.checkpoint, header), validators));
  const later = withReason('consistency_invalid', () => verifyLater(parts.consistency, header, newest));
  withReason('untrusted_quorum', () => {
    const quorums = later === null ? [signers] : [signers, later.signers];
    for (const quorum of trustedVkeys.length ? quorums : []) requireTrustedQuorum(quorum, validators, trustedVkeys);
  });
  // A version 1 bundle checked without a genesis carries no parameters: the defaults stand.
  const params = (genesis ?? parts.genesis)?.params ?? new Map();
  const stated = withReason('malformed_bundle', () => noLaterThanMs(header.timeMs, parts.commit.round, params));
  return {
    entry: parts.entry,
    entryId: parts.entryId,
    leafIndex: parts.leafIndex,
    header,
    signers,
    validators,
    genesisHash: (genesis ?? parts.genesis)?.hash() ?? null,
    trusted: genesis !== null || trustedVkeys.length > 0,
    noLaterThanMs: stated,
    consistentTreeSize: later === null ? null : later.treeSize,
    consistentSigners: later === null ? [] : later.signers,
    governanceChanges: changes,
    hasTimestampToken: parts.hasTimestampToken,
  };
}

/**
 * The set that signs the block, the newest set, and how many governance entries made it.
 * Both sets come by the bundle's governance entries, each checked, from the founding set of
 * the trusted genesis, or else of the genesis the bundle carries; a version 1 bundle without
 * a trusted genesis has neither, and both are the set it carries (nothing was replayed).
 * Either way that set must be the one the header names.
 * @param {BundleParts} parts
 * @param {import('./validators.js').Genesis | null} genesis
 */
function chainOf(parts, genesis) {
  const { header } = parts;
  withReason('wrong_chain', () => verifyChainId(parts, genesis));
  const { validators } = parts;
  let newest = validators;
  let changes = 0;
  if (genesis !== null) {
    withReason('wrong_genesis', () => {
      if (!equalBytes(genesis.hash(), parts.genesisHash)) {
        throw new ChainBroken(`the bundle's genesis hash is ${bytesToHex(parts.genesisHash)}, the trusted `
          + `genesis of chain ${JSON.stringify(genesis.chainId)} is ${bytesToHex(genesis.hash())}: `
          + 'another founding of a chain of that name', 'genesis_mismatch');
      }
    });
  }
  const founding = genesis ?? parts.genesis;
  if (founding !== null) {
    const history = withReason('governance_invalid', () => replayChanges(founding.chainId, founding.validatorSet, parts.governance));
    newest = history.epochs[history.epochs.length - 1].validators;
    changes = history.epochs.slice(1).filter((epoch) => epoch.since <= header.height).length;
    withReason('validators_mismatch', () => {
      if (!validators.equals(history.at(header.height))) {
        throw new ChainBroken("the bundle's validator set is not the one its genesis and governance "
          + `entries put in force at height ${header.height}`, 'validators_not_in_force');
      }
    });
  }
  withReason('validators_mismatch', () => {
    if (!equalBytes(validators.hash(), header.validatorsHash)) {
      throw new ChainBroken(`the bundle's validator set hashes to ${bytesToHex(validators.hash()).slice(0, 16)}, `
        + `block ${header.height} names set ${bytesToHex(header.validatorsHash).slice(0, 16)}`,
      'validators_hash_mismatch',
      { computed: bytesToHex(validators.hash()), header: bytesToHex(header.validatorsHash) });
    }
  });
  return { validators, newest, changes };
}

/**
 * The bundle's chain id (its genesis's), its header's and the trusted genesis's must be one.
 * @param {BundleParts} parts
 * @param {import('./validators.js').Genesis | null} genesis
 */
function verifyChainId(parts, genesis) {
  const carried = parts.genesis === null ? "the bundle's chain" : 'the genesis it carries';
  /** @type {[string, string][]} */
  const named = [[carried, parts.chainId], ['its block header', parts.header.chainId]];
  if (genesis !== null) named.push(['the trusted genesis', genesis.chainId]);
  if (new Set(named.map(([, id]) => id)).size > 1) {
    const listed = named.map(([where, id]) => `${where} ${JSON.stringify(id)}`).join(', ');
    throw new ChainBroken(`the chain ids differ: ${listed}; the record is of another ledger`,
      'chain_mismatch', { header: parts.header.chainId, bundle: parts.chainId });
  }
}

/** @param {BundleParts} parts */
function verifyBundleInclusion({ header, inclusion, leafIndex, entryId }) {
  if (!(header.ledgerSize - header.entriesCount <= leafIndex && leafIndex < header.ledgerSize)) {
    throw new ProofError(`leaf_index ${leafIndex} is not in block ${header.height}`,
      'leaf_not_in_block', { leafIndex, height: header.height });
  }
  if (inclusion.treeSize !== header.ledgerSize) {
    throw new ProofError(`inclusion tree_size ${inclusion.treeSize} is not block ${header.height}'s `
      + `ledger size ${header.ledgerSize}`, 'inclusion_not_for_header', { height: header.height });
  }
  if (!equalBytes(inclusion.rootHash, header.ledgerRoot)) {
    throw new ProofError("inclusion root_hash is not the signed header's ledger root",
      'inclusion_not_for_header', { height: header.height });
  }
  try {
    verifyInclusion(leafIndex, header.ledgerSize, entryId, inclusion.hashes, header.ledgerRoot);
  } catch (err) {
    if (!(err instanceof ProofError)) throw err;
    throw new ProofError(err.message, 'inclusion_failed', {
      computed: String(err.params.computed ?? '—'), expected: bytesToHex(header.ledgerRoot),
    });
  }
}

/**
 * @param {string} text
 * @param {Header} header
 */
function checkpointNote(text, header) {
  const note = SignedCheckpoint.parse(text);
  const expected = checkpointOf(header);
  if (!note.checkpoint.equals(expected)) {
    throw new ChainBroken("checkpoint body is not the signed header's ledger size and root",
      'checkpoint_body_mismatch', { expected: expected.body(), got: note.checkpoint.body() });
  }
  return note;
}

/**
 * The later checkpoint's size and signers, or null when the bundle has no consistency part.
 * @param {BundleParts['consistency']} part
 * @param {Header} header
 * @param {ValidatorSet} validators the newest set
 */
function verifyLater(part, header, validators) {
  if (part === null) return null;
  const { treeSize1: first, treeSize2: second } = part;
  if (first !== header.ledgerSize) {
    throw new ProofError(`consistency tree_size_1 ${first} is not the bundle's tree size ${header.ledgerSize}`);
  }
  const later = SignedCheckpoint.parse(part.checkpoint);
  const origin = checkpointOrigin(header.chainId);
  if (later.checkpoint.origin !== origin || later.checkpoint.treeSize !== second) {
    throw new ChainBroken(`the later checkpoint is for ${later.checkpoint.origin} size `
      + `${later.checkpoint.treeSize}, expected ${origin} size ${second}`);
  }
  let signers;
  try {
    signers = quorumSigners(later, validators);
  } catch (err) {
    if (!(err instanceof SignatureError)) throw err;
    throw new SignatureError(`the later checkpoint of the consistency proof: ${err.message}`, err.code, err.params);
  }
  verifyConsistency(first, second, header.ledgerRoot, later.checkpoint.rootHash, part.hashes);
  return { treeSize: second, signers };
}

/**
 * The names of the validators whose lines verify, in validator order; throws SignatureError
 * when their power is not over 2/3.
 * @param {SignedCheckpoint} note
 * @param {ValidatorSet} validators
 */
function quorumSigners(note, validators) {
  const known = new Map(validators.validators.map((v) => [v.name, v.publicKey]));
  const signed = new Set(verifiedSigners(note, known));
  const members = validators.validators.filter((v) => signed.has(v.name));
  const power = members.reduce((sum, v) => sum + v.power, 0);
  if (!validators.isQuorum(power)) {
    throw new SignatureError(`checkpoint is signed by ${signed.size} validators with power ${power} `
      + `of ${validators.totalPower}; more than 2/3 is needed`, 'not_enough_signatures', {
      k: members.length, n: validators.validators.length, power, total: validators.totalPower,
      names: members.map((v) => v.name).join(', '),
    });
  }
  return members.map((v) => v.name);
}

/**
 * @param {string[]} signers
 * @param {ValidatorSet} validators
 * @param {string[]} trustedVkeys
 */
function requireTrustedQuorum(signers, validators, trustedVkeys) {
  const trusted = trustedVkeys.map(parseVkey);
  const power = validators.validators
    .filter((v) => signers.includes(v.name)
      && trusted.some(([name, key]) => name === v.name && equalBytes(key, v.publicKey)))
    .reduce((sum, v) => sum + v.power, 0);
  if (!validators.isQuorum(power)) {
    throw new SignatureError(`trusted keys signed with power ${power} of ${validators.totalPower}; `
      + "more than 2/3 of the consortium's power must come from keys you trust");
  }
}

/**
 * Whether a parsed JSON value looks like a proof bundle (to tell a dropped bundle from a
 * JSON evidence file); nothing is checked.
 * @param {unknown} value
 */
export function looksLikeBundle(value) {
  return isJsonObject(value) && 'leaf' in value && 'inclusion' in value && 'checkpoint' in value;
}
