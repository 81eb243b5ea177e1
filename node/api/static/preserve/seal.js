// Sealing an evidence package in the browser: the same package `cunzheng seal` makes of a
// folder (ledger/package.py seal_directory; docs/evidence-packages.md), from the files a
// litigant added under the page's steps. Each file gets the package path
// "<step folder>/<name>" (steps.js), its declared role, 32 random bytes of salt and its
// digest (SHA-256 or SM3, hashed by the page's worker pool); their PackageFile leaves in path
// byte order, then the sealed collection record, give the package root, which is the digest
// of the package Entry, the one thing ever sent to a node (submit.js). Nothing here sends
// anything.

import { compareText } from '../core/bytes.js';
import { CollectionRecord, SALT_SIZE } from '../core/collection.js';
import { HASH_SIZE } from '../core/domain-hash.js';
import { Entry } from '../core/entry.js';
import { DecodeError } from '../core/errors.js';
import { FILE_ALGS, Manifest, PackageFile, checkPackagePath } from '../core/manifest.js';
import { rootFromLeaves } from '../core/merkle.js';
import { nameParts } from './court-warnings.js';
import { manifestText } from './manifest-text.js';
import { stepFolder } from './steps.js';

/**
 * A file the litigant added: under the step of `role`, named `name` ("/"-separated when it
 * came in a folder; the File's own name when not given).
 * @typedef {{ file: Blob & { name?: string }, role: string, name?: string }} AddedFile
 */

/**
 * @typedef {object} SealedPackage
 * @property {Manifest} manifest
 * @property {string} text the manifest file's text, as `cunzheng seal` writes it
 * @property {Entry} entry the package Entry: all that submit.js sends
 * @property {{ path: string, file: Blob }[]} files each sealed file at its package path, in path order
 * @property {string[]} leftOut paths of files an operating system adds, left out, in path order
 * @property {import('./court-warnings.js').CourtWarning[]} warnings what courts expect and the package lacks
 */

/** A file that cannot be sealed as it was added; `path` names it. */
export class SealError extends DecodeError {
  /**
   * @param {string} path
   * @param {string} reason
   */
  constructor(path, reason) {
    super(`cannot seal ${JSON.stringify(path)}: ${reason}`, 'seal_refused', { path });
    this.path = path;
  }
}

/**
 * `count` bytes from the browser's cryptographically secure generator, which it offers on
 * plain HTTP too (crypto.subtle, by contrast, only in secure contexts).
 * @param {number} count
 */
export function secureRandomBytes(count) {
  return crypto.getRandomValues(new Uint8Array(count));
}

/**
 * Each added file's package path, and the operating system's files left out.
 *
 * Names are normalized to NFC. A file whose name an operating system adds by itself
 * (rules.json os_files) is left out. A name taken already in its folder, regardless of case
 * (so the folder can be rebuilt on Windows and macOS), gets " (2)", " (3)", … before its
 * extension. Throws SealError for a name that is no valid package path (empty, a "." or ".."
 * segment, a backslash or NUL) or a file where another file's name makes a folder, and
 * TypeError for a role without a step.
 * @param {AddedFile[]} added
 * @param {import('../core/rules.js').PackageRules} rules
 * @returns {{ placed: { path: string, file: Blob, role: string }[], leftOut: string[] }}
 */
export function placeFiles(added, rules) {
  /** @type {{ path: string, file: Blob, role: string }[]} */
  const placed = [];
  /** @type {string[]} */
  const leftOut = [];
  const files = new Set();
  const folders = new Set();
  for (const { file, role, name } of added) {
    if (!rules.roles.includes(role)) {
      throw new TypeError(`role ${JSON.stringify(role)} is not one of ${rules.roles.join(', ')}`);
    }
    const folder = stepFolder(role);
    const wanted = `${folder}/${(name ?? file.name ?? '').normalize('NFC')}`;
    if (rules.isOsFile(wanted)) {
      leftOut.push(wanted);
      continue;
    }
    checkedPath(wanted);
    const path = checkedPath(freePath(wanted, files, folders));
    const segments = path.split('/');
    const parents = segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join('/'));
    if (parents.some((parent) => files.has(parent.toLowerCase()))) {
      throw new SealError(path, 'another file added has the name of one of its folders; rename one of them');
    }
    files.add(path.toLowerCase());
    for (const parent of parents) folders.add(parent.toLowerCase());
    placed.push({ path, file, role });
  }
  return { placed, leftOut: leftOut.sort(compareText) };
}

/**
 * `path`, when it is a valid package path; throws SealError saying why not otherwise.
 * @param {string} path
 */
function checkedPath(path) {
  try {
    checkPackagePath(path);
  } catch (err) {
    if (err instanceof DecodeError) throw new SealError(path, `rename it: ${err.message}`);
    throw err;
  }
  return path;
}

/**
 * `wanted`, or the first of "name (2).ext", "name (3).ext", … whose lower case no file or
 * folder has yet.
 * @param {string} wanted
 * @param {Set<string>} files
 * @param {Set<string>} folders
 */
function freePath(wanted, files, folders) {
  const isFree = (/** @type {string} */ path) => !files.has(path.toLowerCase()) && !folders.has(path.toLowerCase());
  if (isFree(wanted)) return wanted;
  const [, extension] = nameParts(wanted);
  const base = wanted.slice(0, wanted.length - extension.length);
  for (let count = 2; ; count++) {
    const path = `${base} (${count})${extension}`;
    if (isFree(path)) return path;
  }
}

/**
 * The package of `added`, sealed.
 *
 * Every file is hashed with `alg` ("sha256" or "sm3") by `digest` (a HashPool's), all at
 * once (the pool bounds how many run together); `onProgress(done, total)` hears the bytes
 * hashed over all files. `randomBytes(32)` gives each file's salt, in path byte order, then
 * the collection record's, as ledger/package.py draws them; it must be unpredictable (the
 * default, secureRandomBytes, is; tests pass known salts). `collection` is the statement
 * (collection-form.js); it is sealed with its own salt.
 *
 * Throws SealError when no file is left to seal, a name is refused (placeFiles) or a file
 * cannot be read (it changed or went away after it was added); DecodeError for an unknown
 * alg; what `digest` throws when `signal` aborts.
 * @param {AddedFile[]} added
 * @param {{ alg?: string, collection: CollectionRecord, digest: import('../core/package.js').Digest,
 *   rules: import('../core/rules.js').PackageRules, warningRules: import('./court-warnings.js').WarningRules,
 *   randomBytes?: (count: number) => Uint8Array, signal?: AbortSignal,
 *   onProgress?: (done: number, total: number) => void }} options
 * @returns {Promise<SealedPackage>}
 */
export async function sealPackage(added, options) {
  const { alg = 'sha256', collection, digest, rules, warningRules, randomBytes = secureRandomBytes } = options;
  if (!FILE_ALGS.includes(alg)) throw new DecodeError(`alg ${JSON.stringify(alg)} is not one of ${FILE_ALGS.join(', ')}`);
  const { placed, leftOut } = placeFiles(added, rules);
  if (!placed.length) throw new SealError('', 'no file to seal: add the evidence files first');
  placed.sort((a, b) => compareText(a.path, b.path));
  const digests = await digestEach(placed, alg, digest, options);
  const files = placed.map((item, i) => ({
    packageFile: new PackageFile(randomBytes(SALT_SIZE), item.path, item.file.size, alg, digests[i]),
    role: item.role,
  }));
  const record = new CollectionRecord(randomBytes(SALT_SIZE), collection.statement, collection.steps);
  const root = rootFromLeaves([...files.map((item) => item.packageFile.leafHash()), record.leafHash()]);
  const entry = new Entry(root, 'sha256', 'package', new Map([['files', String(files.length)]]), null, null, null);
  const manifest = new Manifest(files, entry, record);
  return {
    manifest,
    text: manifestText(manifest),
    entry,
    files: placed.map(({ path, file }) => ({ path, file })),
    leftOut,
    warnings: warningRules.warnings(files.map((item) => ({ path: item.packageFile.path, role: item.role }))),
  };
}

/**
 * The `alg` digest of each placed file, in order.
 * @param {{ path: string, file: Blob }[]} placed
 * @param {string} alg
 * @param {import('../core/package.js').Digest} digest
 * @param {{ signal?: AbortSignal, onProgress?: (done: number, total: number) => void }} options
 * @returns {Promise<Uint8Array[]>}
 */
async function digestEach(placed, alg, digest, { signal, onProgress }) {
  const total = placed.reduce((sum, item) => sum + item.file.size, 0);
  const doneByFile = placed.map(() => 0);
  let done = 0;
  return Promise.all(placed.map(async (item, i) => {
    /** @type {Uint8Array} */
    let hashed;
    try {
      hashed = await digest(item.file, alg, {
        signal,
        onProgress(bytes) {
          done += bytes - doneByFile[i];
          doneByFile[i] = bytes;
          onProgress?.(done, total);
        },
      });
    } catch (err) {
      if (signal?.aborted || !(err instanceof Error) || err.name !== 'NotReadableError') throw err;
      throw new SealError(item.path, 'it cannot be read: it changed or went away after it was added; add it again');
    }
    if (hashed.length !== HASH_SIZE) throw new DecodeError(`${alg} gave ${hashed.length} bytes, expected ${HASH_SIZE}`);
    return hashed;
  }));
}
