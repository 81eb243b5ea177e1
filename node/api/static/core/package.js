// Checking a folder against the package its manifest seals (ledger/package.py verify_folder):
// every path's status, unchanged, changed, missing, added or renamed. Files an operating
// system adds by itself (rules.json) are ignored unless the manifest lists them.

import { compareText, equalBytes } from './bytes.js';
import { LedgerError } from './errors.js';

/**
 * One file of the folder given: its package path ("/"-separated, names in NFC, relative to
 * the folder) and its content.
 * @typedef {{ path: string, file: Blob }} FolderFile
 */

/**
 * How one path compares with the sealed package; `to` names a renamed file's new path.
 * @typedef {{ path: string, status: 'unchanged' | 'changed' | 'missing' | 'added' | 'renamed', to?: string }} FileStatus
 */

/**
 * Hashes a file with a digest alg ("sha256", "sm3", "sha512"); `onProgress` hears the bytes
 * done so far. hashing.js's HashPool.digest is one; tests pass a direct one.
 * @typedef {(file: Blob, alg: string, options?: { signal?: AbortSignal, onProgress?: (done: number) => void }) => Promise<Uint8Array>} Digest
 */

/** A folder that differs from the sealed package; `files` holds every path's status. */
export class PackageFilesDiffer extends LedgerError {
  /** @param {FileStatus[]} files */
  constructor(files) {
    const differing = files.filter((f) => f.status !== 'unchanged');
    super(`the folder is not the package as sealed: ${differing.map((f) => `${f.status} ${JSON.stringify(f.path)}`).join('; ')}`,
      'package_files_differ', { count: differing.length });
    this.files = files;
  }
}

/** Two names in one folder that are the same after NFC: neither can be told from the other. */
export class FolderError extends Error {}

/**
 * The folder's files by package path, from the File objects a folder picker gives (their
 * webkitRelativePath starts with the folder's own name, which is dropped). A folder dropped
 * on the page gives its files' paths apart (`relativePathOf`), in the same form. Names are
 * normalized to NFC, as ledger/folder.py lists them, so a folder copied from macOS (NFD)
 * verifies. Throws FolderError for two paths equal after NFC.
 * @param {File[]} files
 * @param {(file: File) => string} [relativePathOf] "<folder>/<path>" of a file
 * @returns {FolderFile[]}
 */
export function folderFiles(files, relativePathOf = (file) => file.webkitRelativePath || file.name) {
  /** @type {Map<string, FolderFile>} */
  const byPath = new Map();
  for (const file of files) {
    const relative = relativePathOf(file);
    const path = relative.slice(relative.indexOf('/') + 1).normalize('NFC');
    if (byPath.has(path)) {
      throw new FolderError(`two files in the folder are named ${JSON.stringify(path)} after Unicode NFC normalization; rename one of them`);
    }
    byPath.set(path, { path, file });
  }
  return [...byPath.values()];
}

/**
 * Every path's status, in path byte order, when `folder` holds exactly the files of
 * `manifest` (whose root the caller has checked) and, besides, only files an operating system
 * adds. Manifest files are hashed with their own alg, at most one file at a time per worker
 * of `digest`'s pool; an added file only when a missing file has its size (renamed?).
 * Throws PackageFilesDiffer with every path's status otherwise.
 * @param {import('./manifest.js').Manifest} manifest
 * @param {FolderFile[]} folder
 * @param {{ digest: Digest, rules: import('./rules.js').PackageRules, signal?: AbortSignal,
 *   onProgress?: (path: string, done: number, total: number) => void }} options
 * @returns {Promise<FileStatus[]>}
 */
export async function verifyFolder(manifest, folder, { digest, rules, signal, onProgress }) {
  const listed = new Map(folder.map((item) => [item.path, item]));
  const sealed = manifest.files.map((item) => item.packageFile);
  const sealedPaths = new Set(sealed.map((file) => file.path));
  const added = folder.filter((item) => !sealedPaths.has(item.path) && !rules.isOsFile(item.path))
    .sort((a, b) => compareText(a.path, b.path));
  const missingSizes = new Set(sealed.filter((file) => !listed.has(file.path)).map((file) => file.size));
  // What to hash: each sealed file present with its sealed size, and each added file of a
  // missing file's size with that file's alg (for renames).
  /** @type {{ key: string, blob: Blob, alg: string, path: string }[]} */
  const jobs = [];
  for (const file of sealed) {
    const found = listed.get(file.path);
    if (found !== undefined && found.file.size === file.size) {
      jobs.push({ key: `${file.path}\0${file.alg}`, blob: found.file, alg: file.alg, path: file.path });
    }
  }
  for (const item of added) {
    if (!missingSizes.has(item.file.size)) continue;
    for (const alg of new Set(sealed.filter((f) => f.size === item.file.size && !listed.has(f.path)).map((f) => f.alg))) {
      jobs.push({ key: `${item.path}\0${alg}`, blob: item.file, alg, path: item.path });
    }
  }
  const digests = await digestAll(jobs, digest, signal, onProgress);

  /** @type {Map<string, FileStatus>} */
  const statuses = new Map();
  for (const file of sealed) {
    const found = listed.get(file.path);
    let status = /** @type {FileStatus['status']} */ ('missing');
    if (found !== undefined) {
      const hashed = digests.get(`${file.path}\0${file.alg}`);
      status = hashed !== undefined && equalBytes(hashed, file.fileHash) ? 'unchanged' : 'changed';
    }
    statuses.set(file.path, { path: file.path, status });
  }
  for (const item of added) statuses.set(item.path, { path: item.path, status: 'added' });
  // Each missing file, in path order, takes the first added file (in path order) of its size
  // and hash: that file is the sealed one under a new name.
  for (const file of sealed) {
    if (statuses.get(file.path)?.status !== 'missing') continue;
    const match = added.find((item) => statuses.get(item.path)?.status === 'added'
      && item.file.size === file.size
      && equalBytes(digests.get(`${item.path}\0${file.alg}`) ?? new Uint8Array(), file.fileHash));
    if (match !== undefined) {
      statuses.set(file.path, { path: file.path, status: 'renamed', to: match.path });
      statuses.delete(match.path);
    }
  }
  const files = [...statuses.values()].sort((a, b) => compareText(a.path, b.path));
  if (files.some((f) => f.status !== 'unchanged')) throw new PackageFilesDiffer(files);
  return files;
}

/**
 * The digest of each job by its key, hashed concurrently (the pool behind `digest` bounds
 * how many at once); `onProgress` hears the bytes done over all jobs.
 * @param {{ key: string, blob: Blob, alg: string, path: string }[]} jobs
 * @param {Digest} digest
 * @param {AbortSignal | undefined} signal
 * @param {((path: string, done: number, total: number) => void) | undefined} onProgress
 */
async function digestAll(jobs, digest, signal, onProgress) {
  const total = jobs.reduce((sum, job) => sum + job.blob.size, 0);
  const doneByJob = new Array(jobs.length).fill(0);
  let done = 0;
  const results = await Promise.all(jobs.map((job, i) => digest(job.blob, job.alg, {
    signal,
    onProgress(bytes) {
      done += bytes - doneByJob[i];
      doneByJob[i] = bytes;
      onProgress?.(job.path, done, total);
    },
  })));
  return new Map(jobs.map((job, i) => [job.key, results[i]]));
}

