// Incremental SHA-256, SM3 and SHA-512 from hash-wasm (WebAssembly; vendor/README.md): the
// digest algs of ledger/entry.py. The UMD builds of hash-wasm put their factories on
// globalThis.hashwasm; each is loaded by URL the first time its alg is asked for, unless a
// page built into one file has put them there already (docs/web-page.md, "Hashing evidence files").

const FACTORIES = /** @type {const} */ ({ sha256: 'createSHA256', sm3: 'createSM3', sha512: 'createSHA512' });

/** @typedef {import('../vendor/hash-wasm@4.13.0/lib/WASMInterface.js').IHasher} Hasher */
/**
 * @typedef {object} HashWasm
 * @property {typeof import('../vendor/hash-wasm@4.13.0/lib/sha256.js').createSHA256} createSHA256
 * @property {typeof import('../vendor/hash-wasm@4.13.0/lib/sm3.js').createSM3} createSM3
 * @property {typeof import('../vendor/hash-wasm@4.13.0/lib/sha512.js').createSHA512} createSHA512
 */

/**
 * The URL of the hash-wasm build holding `alg`. Resolved only when needed: a module started
 * from a Blob URL has no base to resolve against.
 * @param {keyof typeof FACTORIES} alg
 */
function buildUrl(alg) {
  const urls = {
    sha256: () => new URL('../vendor/hash-wasm@4.13.0/sha256.umd.min.js', import.meta.url),
    sm3: () => new URL('../vendor/hash-wasm@4.13.0/sm3.umd.min.js', import.meta.url),
    sha512: () => new URL('../vendor/hash-wasm@4.13.0/sha512.umd.min.js', import.meta.url),
  };
  return urls[alg]().href;
}

/**
 * A fresh hasher for digest alg `alg` ("sha256", "sm3" or "sha512"), initialized.
 * Throws TypeError for another alg; rejects when the library cannot be loaded or compiled
 * (a Content-Security-Policy without 'wasm-unsafe-eval' forbids compiling it).
 * @param {string} alg
 * @returns {Promise<Hasher>}
 */
export async function createHasher(alg) {
  if (!Object.hasOwn(FACTORIES, alg)) throw new TypeError(`unknown digest alg ${JSON.stringify(alg)}`);
  const name = FACTORIES[/** @type {keyof typeof FACTORIES} */ (alg)];
  const scope = /** @type {{ hashwasm?: Partial<HashWasm> }} */ (/** @type {unknown} */ (globalThis));
  if (scope.hashwasm?.[name] === undefined) await import(buildUrl(/** @type {keyof typeof FACTORIES} */ (alg)));
  const factory = scope.hashwasm?.[name];
  if (factory === undefined) throw new Error(`hash-wasm did not provide ${name}`);
  return (await factory()).init();
}
