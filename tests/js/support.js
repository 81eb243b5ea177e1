// What the page's unit tests share: where the repository is, its vectors, and the verdict
// corpus read from disk the way the page gets it from a person (bytes and File objects).

import { openAsBlob, readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJson } from '../../node/api/static/core/json.js';
import { PackageRules } from '../../node/api/static/core/rules.js';
import { Genesis } from '../../node/api/static/core/validators.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A JSON file of tests/vectors/.
 * @param {string} name
 * @returns {any}
 */
export function vectors(name) {
  return JSON.parse(readFileSync(join(REPO, 'tests', 'vectors', name), 'utf8'));
}

/** @param {string} hex */
export function bytes(hex) {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** @param {Uint8Array} data */
export function hex(data) {
  return Buffer.from(data).toString('hex');
}

/**
 * The checkout whose verdict corpus (tests/vectors/verdicts/) and package rules
 * (node/api/static/rules.json) are run: CUNZHENG_CORPUS_ROOT, or this repository.
 */
export function corpusRoot() {
  return resolve(process.env.CUNZHENG_CORPUS_ROOT || REPO);
}

/**
 * The corpus's case folders by name; empty when that checkout has no corpus.
 * @returns {[string, string][]}
 */
export function corpusCases() {
  const folder = join(corpusRoot(), 'tests', 'vectors', 'verdicts');
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => [entry.name, join(folder, entry.name)]);
}

/** The package rules of the corpus's checkout. */
export function corpusRules() {
  const path = join(corpusRoot(), 'node', 'api', 'static', 'rules.json');
  return PackageRules.fromJson(parseJson(readFileSync(path, 'utf8')));
}

/**
 * A file on disk as the page gets one: a File of that name, read lazily.
 * @param {string} path
 */
export async function fileOf(path) {
  return new File([await openAsBlob(path)], path.slice(path.lastIndexOf(sep) + 1));
}

/**
 * Every file under `root`, by package path ("/"-separated, NFC), as the page's folder
 * picker gives them (folderFiles).
 * @param {string} root
 * @returns {Promise<import('../../node/api/static/core/package.js').FolderFile[]>}
 */
export async function folderOf(root) {
  /** @type {string[]} */
  const paths = [];
  const walk = (/** @type {string} */ folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else paths.push(path);
    }
  };
  walk(root);
  return Promise.all(paths.map(async (path) => ({
    path: relative(root, path).split(sep).join('/').normalize('NFC'),
    file: await fileOf(path),
  })));
}

/**
 * What a case gives the judge, read from its folder.
 * @param {string} folder
 * @param {{ bundle: string, genesis: string | null, file: string | null, folder: string | null,
 *   manifest: string | null, disclosure: string | null }} inputs
 */
export async function givenOf(folder, inputs) {
  const read = (/** @type {string | null} */ name) => (name === null ? null : new Uint8Array(readFileSync(join(folder, name))));
  const genesis = read(inputs.genesis);
  return {
    bundle: /** @type {Uint8Array} */ (read(inputs.bundle)),
    genesis: genesis === null ? null : Genesis.fromFileBytes(genesis),
    file: inputs.file === null ? null : await fileOf(join(folder, inputs.file)),
    folder: inputs.folder === null ? null : await folderOf(join(folder, inputs.folder)),
    manifest: read(inputs.manifest),
    disclosure: read(inputs.disclosure),
  };
}
