// What a person gives the 核验 mode, in any mix, by dropping or choosing: evidence files, a
// folder, a proof bundle, a manifest, a disclosure, a trusted genesis, a 存证包 (.zip). Each
// JSON file is recognised by its content, never by its name; a JSON file that is none of
// those is evidence like any other file.

import { utf8Text } from '../core/bytes.js';
import { looksLikeBundle } from '../core/bundle.js';
import { LedgerError } from '../core/errors.js';
import { isJsonObject, parseJson } from '../core/json.js';
import { FolderError, folderFiles } from '../core/package.js';
import { Genesis } from '../core/validators.js';
import { MAX_ZIP_BYTES, ZipError, looksLikeZip, readPackageZip } from './zip.js';

const MAX_JSON_BYTES = 512 * 1024 * 1024; // evidence.js reads manifests up to this
const MAX_UNNAMED_JSON_BYTES = 1024 * 1024; // a JSON file not named .json is read only if small
const ENTRY_BATCH_LIMIT = 10_000; // directory entries read from one drop, at most, per folder

/**
 * A file as given: `folderPath` is "<folder>/<path inside it>" for a file of a folder.
 * @typedef {{ file: File, folderPath: string | null }} Picked
 */

/**
 * One thing recognised among what was given.
 * @typedef {{ kind: 'bundle' | 'manifest' | 'disclosure', name: string, bytes: Uint8Array, from: 'file' | 'zip' }
 *   | { kind: 'genesis', name: string, genesis: Genesis }
 *   | { kind: 'zip', name: string }
 *   | { kind: 'evidence', file: File }
 *   | { kind: 'folder', name: string, files: import('../core/package.js').FolderFile[] }
 *   | { kind: 'refused', name: string, code: string, params: Record<string, unknown> }} Piece
 */

/**
 * The files of a drop, directories read through (drag-and-drop of folders).
 * @param {DataTransfer} transfer
 * @returns {Promise<Picked[]>}
 */
export async function pickedFromDrop(transfer) {
  const entries = Array.from(transfer.items ?? [])
    .filter((item) => item.kind === 'file')
    .map((item) => (typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null));
  if (entries.length === 0 || entries.some((entry) => entry === null)) {
    return Array.from(transfer.files).map((file) => ({ file, folderPath: null }));
  }
  /** @type {Picked[]} */
  const picked = [];
  for (const entry of /** @type {FileSystemEntry[]} */ (entries)) {
    if (entry.isDirectory) {
      for (const [file, path] of await filesUnder(/** @type {FileSystemDirectoryEntry} */ (entry), entry.name)) {
        picked.push({ file, folderPath: path });
      }
    } else {
      picked.push({ file: await fileOf(/** @type {FileSystemFileEntry} */ (entry)), folderPath: null });
    }
  }
  return picked;
}

/**
 * The files a file input gives; those of a folder input carry their folder path.
 * @param {FileList | File[]} files
 * @returns {Picked[]}
 */
export function pickedFromInput(files) {
  return Array.from(files).map((file) => ({ file, folderPath: file.webkitRelativePath || null }));
}

/**
 * [file, "<folder>/<path>"] of every file under `directory`, depth first.
 * @param {FileSystemDirectoryEntry} directory
 * @param {string} prefix
 * @returns {Promise<[File, string][]>}
 */
async function filesUnder(directory, prefix) {
  /** @type {[File, string][]} */
  const found = [];
  const reader = directory.createReader();
  // readEntries answers in batches (100 in Chromium) until an empty one.
  for (let batch = await readBatch(reader), seen = 0; batch.length && seen < ENTRY_BATCH_LIMIT;
    seen += batch.length, batch = await readBatch(reader)) {
    for (const entry of batch) {
      const path = `${prefix}/${entry.name}`;
      if (entry.isDirectory) found.push(...await filesUnder(/** @type {FileSystemDirectoryEntry} */ (entry), path));
      else found.push([await fileOf(/** @type {FileSystemFileEntry} */ (entry)), path]);
    }
  }
  return found;
}

/**
 * @param {FileSystemDirectoryReader} reader
 * @returns {Promise<FileSystemEntry[]>}
 */
function readBatch(reader) {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

/**
 * @param {FileSystemFileEntry} entry
 * @returns {Promise<File>}
 */
function fileOf(entry) {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/**
 * What each of `picked` is. The files of one folder become one folder piece.
 * @param {Picked[]} picked
 * @returns {Promise<Piece[]>}
 */
export async function recognise(picked) {
  /** @type {Piece[]} */
  const pieces = [];
  /** @type {Map<string, Picked[]>} */
  const folders = new Map();
  for (const item of picked) {
    if (item.folderPath === null) {
      pieces.push(...await recogniseFile(item.file));
      continue;
    }
    const name = item.folderPath.slice(0, item.folderPath.indexOf('/'));
    folders.set(name, [...folders.get(name) ?? [], item]);
  }
  for (const [name, items] of folders) {
    const paths = new Map(items.map((item) => [item.file, /** @type {string} */ (item.folderPath)]));
    try {
      pieces.push({ kind: 'folder', name, files: folderFiles(items.map((item) => item.file), (file) => /** @type {string} */ (paths.get(file))) });
    } catch (err) {
      if (!(err instanceof FolderError)) throw err;
      pieces.push({ kind: 'refused', name, code: 'folder_names', params: { detail: err.message } });
    }
  }
  return pieces;
}

/**
 * @param {File} file
 * @returns {Promise<Piece[]>}
 */
async function recogniseFile(file) {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  // An evidence file may be a zip too: only a zip holding a proof bundle is a 存证包.
  if (looksLikeZip(head) && file.size <= MAX_ZIP_BYTES) {
    try {
      const { bundle, manifest } = readPackageZip(new Uint8Array(await file.arrayBuffer()));
      /** @type {Piece[]} */
      const pieces = [{ kind: 'zip', name: file.name }, { kind: 'bundle', name: file.name, bytes: bundle, from: 'zip' }];
      if (manifest !== null) pieces.push({ kind: 'manifest', name: file.name, bytes: manifest, from: 'zip' });
      return pieces;
    } catch (err) {
      if (!(err instanceof ZipError)) throw err;
      if (err.code === 'no_bundle' || err.code === 'unreadable') return [{ kind: 'evidence', file }];
      return [{ kind: 'refused', name: file.name, code: `zip.${err.code}`, params: err.params }];
    }
  }
  const named = /\.json$/i.test(file.name);
  const mayBeJson = named ? file.size <= MAX_JSON_BYTES : file.size <= MAX_UNNAMED_JSON_BYTES && head[0] === 0x7b;
  if (!mayBeJson) return [{ kind: 'evidence', file }];
  const bytes = new Uint8Array(await file.arrayBuffer());
  const value = jsonValue(bytes);
  const format = isJsonObject(value) ? value.format : brokenFormat(bytes);
  if (looksLikeBundle(value)) return [{ kind: 'bundle', name: file.name, bytes, from: 'file' }];
  if (typeof format === 'string') {
    if (format.startsWith('cunzheng-package/')) return [{ kind: 'manifest', name: file.name, bytes, from: 'file' }];
    if (format.startsWith('cunzheng-disclosure/')) return [{ kind: 'disclosure', name: file.name, bytes, from: 'file' }];
  }
  if (isJsonObject(value) && 'chain_id' in value && 'validators' in value && 'genesis_time_ms' in value) {
    try {
      return [{ kind: 'genesis', name: file.name, genesis: Genesis.fromFileBytes(bytes) }];
    } catch (err) {
      if (!(err instanceof LedgerError)) throw err;
      return [{ kind: 'refused', name: file.name, code: 'bad_genesis', params: { detail: err.message } }];
    }
  }
  return [{ kind: 'evidence', file }];
}

/**
 * The cunzheng format a file that is not JSON (cut off, edited) starts by naming, so that a
 * broken manifest or disclosure is checked, and reported, as one; undefined for none.
 * @param {Uint8Array} bytes
 */
function brokenFormat(bytes) {
  const head = new TextDecoder().decode(bytes.subarray(0, 1024));
  return /^\s*\{\s*"format"\s*:\s*"(cunzheng-(?:package|disclosure)\/v\d+)"/.exec(head)?.[1];
}

/**
 * The JSON value of `bytes`, or undefined when they are not UTF-8 JSON.
 * @param {Uint8Array} bytes
 */
function jsonValue(bytes) {
  const text = utf8Text(bytes);
  if (text === null) return undefined;
  try {
    return parseJson(text);
  } catch {
    return undefined;
  }
}
