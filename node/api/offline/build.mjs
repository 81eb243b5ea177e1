// The offline verifier's scripts, bundled from the page's modules by esbuild (`make bundle`;
// docs/web-page.md, "The offline verifier"): verifier.js, the page (offline.js and all it
// imports) as one module, and hash-worker.js, the hashing worker as one classic script.
// node/api/offline_page.py inlines both into the single HTML file. The outputs are committed;
// tests/js/bundle.test.js fails when they differ from what this builds now.
//
//   node node/api/offline/build.mjs          write the bundles
//   import { buildBundles } from '…'          the bundles' texts, written nowhere

import { writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..', '..');
const STATIC = join(REPO, 'node', 'api', 'static');

/** @type {import('esbuild').BuildOptions} */
const COMMON = {
  absWorkingDir: REPO, // the path comments esbuild writes are relative to it: the same on every machine
  bundle: true,
  write: false,
  charset: 'utf8',
  target: 'es2022',
  legalComments: 'inline',
  logLevel: 'error',
  // hash-algs.js resolves hash-wasm's builds by import.meta.url only when they are not
  // already loaded; in the bundled worker they always are (offline_page.py puts them first).
  logOverride: { 'empty-import-meta': 'silent' },
};

/** The two bundles: [file name, text]. */
export async function buildBundles() {
  const page = await esbuild.build({ ...COMMON, entryPoints: [relative(REPO, join(STATIC, 'offline.js'))], format: 'esm' });
  const worker = await esbuild.build({
    ...COMMON, entryPoints: [relative(REPO, join(STATIC, 'hashing', 'hash-worker.js'))], format: 'iife',
  });
  return /** @type {[string, string][]} */ ([['verifier.js', textOf(page)], ['hash-worker.js', textOf(worker)]]);
}

/** @param {import('esbuild').BuildResult} result the one output file's text (write: false) */
function textOf(result) {
  const [output] = result.outputFiles ?? [];
  if (output === undefined) throw new Error('esbuild wrote no output');
  return output.text;
}

/** The folder the bundles are written to. */
export const OUTPUT_DIR = HERE;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, text] of await buildBundles()) await writeFile(join(OUTPUT_DIR, name), text);
}
