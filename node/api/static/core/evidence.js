// One verdict on a proof bundle and the evidence given with it (ledger/evidence.py judge;
// docs/verdicts.md). The checks run in the order both verifiers share: the bundle
// (bundle.js), then the evidence: one file, or a package's manifest and then its folder or
// one file's disclosure. The first check that fails gives the reason; a package record given
// only one file is `incomplete`. The page never checks RFC 3161 tokens: a bundle that carries
// one gets the notice timestamp_unchecked.

import { bytesToHex, equalBytes, utf8Text } from './bytes.js';
import { verifyBundle } from './bundle.js';
import { verifyDisclosure } from './disclosure.js';
import { DecodeError, VerifyError, withReason, withReasonAsync } from './errors.js';
import { isJsonObject, parseJson } from './json.js';
import { Manifest } from './manifest.js';
import { PackageFilesDiffer, verifyFolder } from './package.js';

const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;
const MAX_JSON_BYTES = 512 * 1024 * 1024; // a manifest of about a million files
export const VALID_REASON = 'ok';
export const UNCONFIRMED_REASON = 'no_trust_anchor';

/**
 * What a judge was given. A folder needs a manifest, and a disclosure a file; a manifest may
 * come alone, to check it and show its collection record. Bundle, manifest and disclosure are
 * their files' bytes.
 * @typedef {object} EvidenceGiven
 * @property {Uint8Array} bundle
 * @property {import('./validators.js').Genesis | null} [genesis] the trusted genesis
 * @property {string[]} [vkeys] trusted notaries' verifier keys
 * @property {File | null} [file]
 * @property {import('./package.js').FolderFile[] | null} [folder]
 * @property {Uint8Array | null} [manifest]
 * @property {Uint8Array | null} [disclosure]
 */

/**
 * @typedef {object} Finding the verdict and what the checks found on the way
 * @property {'valid' | 'unconfirmed' | 'invalid' | 'incomplete'} verdict
 * @property {string} reason
 * @property {string[]} notices
 * @property {import('./package.js').FileStatus[] | null} files each path's status, when a folder was compared
 * @property {import('./bundle.js').BundleFacts | null} proven what the bundle proves, when it checked out
 * @property {VerifyError | null} error the failing check's error
 * @property {Manifest | null} manifest a well-formed manifest given
 * @property {import('./disclosure.js').Disclosed | null} disclosed the file a disclosure proved
 * @property {string | null} matchedFile the name of the file given, when it has the digest
 */

/**
 * The verdict on `given`. `digest` hashes evidence files (a HashPool's, in the page), `rules`
 * are rules.json's (needed with a manifest). Throws (no verdict can be given) TypeError for
 * evidence that does not go together, and whatever `digest` throws when a file cannot be
 * read or the check is aborted.
 * @param {EvidenceGiven} given
 * @param {{ digest: import('./package.js').Digest, rules?: import('./rules.js').PackageRules,
 *   signal?: AbortSignal, onProgress?: (path: string, done: number, total: number) => void }} options
 * @returns {Promise<Finding>}
 */
export async function judge(given, options) {
  checkGiven(given);
  const { rules } = options;
  if (given.manifest && rules === undefined) throw new TypeError('checking a manifest needs the package rules');
  /** @type {Finding} */
  const found = {
    verdict: 'invalid', reason: '', notices: [], files: null, proven: null, error: null,
    manifest: null, disclosed: null, matchedFile: null,
  };
  // The manifest is read first, as its version gives a notice whatever the verdict; a
  // malformed one fails the check of the evidence, in its turn.
  let manifestError = null;
  if (given.manifest) {
    try {
      found.manifest = withReason('malformed_manifest', () => Manifest.fromJson(
        readJson(/** @type {Uint8Array} */ (given.manifest), 'the manifest', MAX_JSON_BYTES),
        /** @type {import('./rules.js').PackageRules} */ (rules).roles));
    } catch (err) {
      if (!(err instanceof VerifyError)) throw err;
      manifestError = err;
    }
  }
  let hasToken = false;
  try {
    const data = withReason('malformed_bundle', () => readJson(given.bundle, 'the bundle', MAX_BUNDLE_BYTES));
    hasToken = isJsonObject(data) && data.timestamp_token !== undefined && data.timestamp_token !== null;
    const proven = verifyBundle(data, { genesis: given.genesis ?? null, trustedVkeys: given.vkeys ?? [] });
    found.proven = proven;
    if (manifestError !== null) throw manifestError;
    await checkEvidence(proven, given, found, options);
    found.verdict = proven.trusted ? 'valid' : 'unconfirmed';
    found.reason = proven.trusted ? VALID_REASON : UNCONFIRMED_REASON;
  } catch (err) {
    if (!(err instanceof VerifyError)) throw err;
    found.verdict = err.reason === 'package_needs_manifest' ? 'incomplete' : 'invalid';
    found.reason = err.reason;
    found.error = err;
  }
  if (found.manifest !== null && !found.manifest.collection.isSealed) found.notices.push('collection_not_sealed');
  if (hasToken) found.notices.push('timestamp_unchecked');
  // A version 1 bundle checked without a trusted genesis: its genesis hash is tied to nothing.
  if (found.proven !== null && found.proven.genesisHash === null) found.notices.push('genesis_not_carried');
  return found;
}

/** @param {EvidenceGiven} given */
function checkGiven(given) {
  if (given.folder && !given.manifest) throw new TypeError('a folder is checked against its manifest: give both');
  if (given.disclosure && !given.file) throw new TypeError('a disclosure is checked with the disclosed file: give both');
  if (given.folder && given.file) throw new TypeError('give a folder or a file, not both');
}

/**
 * The JSON value of a file's bytes, read as ledger/json_files.py parse_json reads it: a
 * key given twice in one object is refused, and so is deep nesting. Throws DecodeError.
 * @param {Uint8Array} data
 * @param {string} name
 * @param {number} maxSize
 */
function readJson(data, name, maxSize) {
  if (data.length > maxSize) throw new DecodeError(`${name} is over ${maxSize} bytes`);
  const text = utf8Text(data);
  if (text === null) throw new DecodeError(`${name} is not UTF-8 JSON`, 'not_json');
  return parseJson(text, { uniqueKeys: true });
}

/**
 * The manifest first (when given), then the folder, the disclosure, or the file.
 * @param {import('./bundle.js').BundleFacts} proven
 * @param {EvidenceGiven} given
 * @param {Finding} found
 * @param {Parameters<typeof judge>[1]} options
 */
async function checkEvidence(proven, given, found, { digest, rules, signal, onProgress }) {
  const { manifest } = found;
  if (manifest !== null) {
    if (!equalBytes(proven.entryId, manifest.entry.leafHash())) {
      throw new VerifyError('manifest_mismatch', `the proof bundle proves entry ${bytesToHex(proven.entryId)} `
        + `(kind ${JSON.stringify(proven.entry.kind)}), not this manifest's package entry `
        + `${bytesToHex(manifest.entry.leafHash())}; use the bundle saved when the folder was sealed`);
    }
    withReason('manifest_edited', () => manifest.verifyRoot());
  }
  if (given.folder && manifest !== null && rules !== undefined) {
    try {
      found.files = await verifyFolder(manifest, given.folder, { digest, rules, signal, onProgress });
    } catch (err) {
      if (!(err instanceof PackageFilesDiffer)) throw err;
      found.files = err.files;
      throw new VerifyError('package_files_differ', err.message, err.code, err.params);
    }
  } else if (given.disclosure && given.file) {
    const disclosureBytes = given.disclosure;
    const file = given.file;
    const disclosure = withReason('malformed_disclosure', () => readJson(disclosureBytes, 'the disclosure', MAX_JSON_BYTES));
    found.disclosed = await withReasonAsync('disclosure_invalid', () => verifyDisclosure(
      disclosure, proven.entry.digest, file, digest, { signal, onProgress: progressOf(file, onProgress) }));
  } else if (given.file) {
    await verifyFile(given.file, proven, digest, { signal, onProgress: progressOf(given.file, onProgress) });
    found.matchedFile = given.file.name;
  }
}

/**
 * @param {File} file
 * @param {import('./bundle.js').BundleFacts} proven
 * @param {import('./package.js').Digest} digest
 * @param {{ signal?: AbortSignal, onProgress?: (done: number) => void }} options
 */
async function verifyFile(file, proven, digest, options) {
  const { entry } = proven;
  if (entry.kind === 'package') {
    throw new VerifyError('package_needs_manifest', 'the record is a sealed evidence package, whose '
      + 'digest is the root over all its files: give the manifest and the folder, or the file\'s disclosure');
  }
  const actual = await digest(file, entry.alg, options);
  if (!equalBytes(actual, entry.digest)) {
    throw new VerifyError('file_mismatch', `file ${JSON.stringify(file.name)} has ${entry.alg} digest `
      + `${bytesToHex(actual)}, the record holds ${bytesToHex(entry.digest)}`, 'digest_mismatch',
    { file: bytesToHex(actual), record: bytesToHex(entry.digest), alg: entry.alg });
  }
}

/**
 * @param {File} file
 * @param {((path: string, done: number, total: number) => void) | undefined} onProgress
 */
function progressOf(file, onProgress) {
  return onProgress === undefined ? undefined
    : (/** @type {number} */ done) => onProgress(file.name, done, file.size);
}

