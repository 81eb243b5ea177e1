// Checking a disclosure of one file of a sealed package (ledger/disclosure.py): its
// PackageFile leaf, its index among the package tree's leaves and the RFC 9162 inclusion
// proof to the package root. A version 2 package's tree also holds the collection record as
// its last leaf, which `tree_size` counts; the record itself is not disclosed.

import { bytesToHex, equalBytes } from './bytes.js';
import { DecodeError, ProofError, withReason } from './errors.js';
import { checkFields, checkHex, checkInt } from './fields.js';
import { isJsonObject, jsonEqual } from './json.js';
import { PackageFile } from './manifest.js';
import { verifyInclusion } from './merkle.js';

const DISCLOSURE_FORMAT = 'cunzheng-disclosure/v1';
const FIELDS = ['format', 'file', 'leaf', 'leaf_index', 'inclusion'];
const INCLUSION_FIELDS = ['tree_size', 'root_hash', 'hashes'];

/** A disclosure that does not prove the given file to be part of the given package. */
export class DisclosureMismatch extends ProofError {
  /**
   * @param {string} path
   * @param {string} reason
   */
  constructor(path, reason) {
    super(`disclosure of file "${path}": ${reason}`, 'disclosure_invalid', { path });
  }
}

/**
 * @typedef {object} Disclosed a file a disclosure proved part of a package
 * @property {PackageFile} packageFile
 * @property {number} leafIndex
 * @property {number} treeSize
 */

/**
 * @param {unknown} disclosure
 */
function readDisclosure(disclosure) {
  if (!isJsonObject(disclosure) || disclosure.format !== DISCLOSURE_FORMAT) {
    throw new DecodeError(`not a ${DISCLOSURE_FORMAT} disclosure`);
  }
  checkFields(disclosure, 'disclosure', FIELDS, FIELDS);
  const disclosed = PackageFile.decode(checkHex(disclosure.leaf, 'leaf'));
  if (!jsonEqual(disclosure.file, disclosed.toJson())) {
    throw new DecodeError(`disclosure of file "${disclosed.path}": its "file" fields differ from its `
      + 'leaf bytes, which are what is proven');
  }
  const { inclusion } = disclosure;
  checkFields(inclusion, 'inclusion', INCLUSION_FIELDS, INCLUSION_FIELDS);
  checkInt(disclosure.leaf_index, 'leaf_index');
  checkInt(inclusion.tree_size, 'tree_size');
  if (!Array.isArray(inclusion.hashes)) throw new DecodeError('disclosure inclusion hashes must be a list of hex strings');
  const hashes = inclusion.hashes.map((value) => checkHex(value, 'inclusion hash', 32));
  const root = checkHex(inclusion.root_hash, 'root_hash', 32);
  return { disclosed, leafIndex: disclosure.leaf_index, treeSize: inclusion.tree_size, root, hashes };
}

/**
 * Check that `file` is the file `disclosure` (parsed JSON) reveals of the package with root
 * `packageRoot` (from a checked proof bundle's Entry).
 *
 * In this order: the disclosure is well formed (else VerifyError malformed_disclosure); it is
 * for this package root; the file's name is the last segment of the disclosed path (NFC); the
 * leaf at its index and its proof give the root; the file's size and hash (with the disclosed
 * alg) are the disclosed ones. Throws DisclosureMismatch for each failure.
 * @param {unknown} disclosure
 * @param {Uint8Array} packageRoot
 * @param {File} file
 * @param {import('./package.js').Digest} digest
 * @param {{ signal?: AbortSignal, onProgress?: (done: number) => void }} [options]
 * @returns {Promise<Disclosed>}
 */
export async function verifyDisclosure(disclosure, packageRoot, file, digest, options = {}) {
  const { disclosed, leafIndex, treeSize, root, hashes } = withReason('malformed_disclosure',
    () => readDisclosure(disclosure));
  const { path } = disclosed;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (!equalBytes(root, packageRoot)) {
    throw new DisclosureMismatch(path, `it is for the package with root ${bytesToHex(root)}, but the `
      + `proof bundle proves ${bytesToHex(packageRoot)}: it belongs to another package, or the record `
      + 'is no package');
  }
  if (file.name.normalize('NFC') !== name) {
    throw new DisclosureMismatch(path, `the file given is "${file.name}", not "${name}"`);
  }
  try {
    verifyInclusion(leafIndex, treeSize, disclosed.leafHash(), hashes, root);
  } catch (err) {
    if (!(err instanceof ProofError)) throw err;
    throw new DisclosureMismatch(path, `its leaf (index ${leafIndex} of ${treeSize}) and inclusion `
      + 'proof do not lead to the package root: its path, salt, size, hash or index was altered');
  }
  // A file of another size is not the disclosed one, whatever its hash: no need to read it.
  const fileHash = file.size === disclosed.size ? await digest(file, disclosed.alg, options) : null;
  if (fileHash === null || !equalBytes(fileHash, disclosed.fileHash)) {
    throw new DisclosureMismatch(path, `file "${file.name}" has ${file.size} bytes`
      + `${fileHash === null ? '' : ` and ${disclosed.alg} ${bytesToHex(fileHash)}`}; the disclosure `
      + `holds ${disclosed.size} bytes and ${bytesToHex(disclosed.fileHash)}: it is not the disclosed `
      + 'file, or it was changed');
  }
  return { packageFile: disclosed, leafIndex, treeSize };
}
