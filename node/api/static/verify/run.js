// One check of what was given (intake.js), as `cunzheng verify` would run it: the proof
// bundle given, or fetched from this node; the trust anchor (a genesis given, else the one
// the page came with); the evidence arranged as judge() takes it (core/evidence.js). What
// leaves the browser, and only when no bundle was given: a file's SHA-256 digest, a
// package's root or its entry id, to ask this node for the record.

import { bytesToHex, utf8Text } from '../core/bytes.js';
import { judge } from '../core/evidence.js';
import { isJsonObject, parseJson } from '../core/json.js';

const HEX_ID = /^[0-9a-f]{64}$/;

/**
 * A proof bundle, manifest or disclosure as given; `from` says where it came from.
 * @typedef {{ name: string, bytes: Uint8Array, from: 'file' | 'zip' | 'node' | 'record' }} GivenJson
 */

/**
 * Everything given so far. `wanted` is the record the page's address names (a certificate's
 * QR code: #verify?id=…&kind=package).
 * @typedef {object} Given
 * @property {GivenJson | null} bundle
 * @property {GivenJson | null} manifest
 * @property {GivenJson | null} disclosure
 * @property {{ name: string, genesis: import('../core/validators.js').Genesis } | null} genesis
 * @property {File[]} files evidence files given one by one
 * @property {{ name: string, files: import('../core/package.js').FolderFile[] } | null} folder
 * @property {{ id: string, kind: string | null } | null} wanted
 */

/**
 * The result of a check: a verdict (`finding`), or what is needed before there can be one
 * (`prompt`, worded by the catalog's `prompt.<code>`).
 * @typedef {object} Outcome
 * @property {import('../core/evidence.js').Finding | null} finding
 * @property {{ code: string, params: Record<string, unknown> } | null} prompt
 * @property {GivenJson | null} bundle the bundle judged
 * @property {{ origin: 'node' | 'embedded' | 'given', genesis: import('../core/validators.js').Genesis, name: string } | null} anchor
 * @property {number} records how many committed records this node holds of a looked-up digest
 */

/** Bytes hashed so far over every file of a check, for the progress bar. */
export class Meter {
  /** @param {() => void} onChange */
  constructor(onChange) {
    this.onChange = onChange;
    this.total = 0;
    this.done = 0;
    this.started = performance.now();
    /** @type {Map<object, number>} */
    this.parts = new Map();
  }

  /**
   * A new part of `size` bytes; returns the function that hears its bytes done.
   * @param {number} size
   */
  part(size) {
    const key = {};
    this.total += size;
    this.parts.set(key, 0);
    this.onChange();
    return (/** @type {number} */ done) => {
      this.done += done - /** @type {number} */ (this.parts.get(key));
      this.parts.set(key, done);
      this.onChange();
    };
  }

  /** Bytes a second since the check started. */
  get rate() {
    const seconds = (performance.now() - this.started) / 1000;
    return seconds > 0 ? this.done / seconds : 0;
  }
}

/**
 * Digests of files by alg, hashed once per page: a file looked up on the node (SHA-256) is
 * not hashed again when its bundle is checked.
 */
export class DigestCache {
  /** @param {import('../hashing/hashing.js').HashPool} pool */
  constructor(pool) {
    this.pool = pool;
    /** @type {WeakMap<Blob, Map<string, Promise<Uint8Array>>>} */
    this.digests = new WeakMap();
  }

  /**
   * The Digest function judge() takes, hashing through the pool; its progress goes to `meter`.
   * @param {Meter} meter
   * @param {AbortSignal} signal
   * @returns {import('../core/package.js').Digest}
   */
  digestFor(meter, signal) {
    return (blob, alg, options) => {
      const byAlg = this.digests.get(blob) ?? new Map();
      this.digests.set(blob, byAlg);
      const known = byAlg.get(alg);
      if (known !== undefined) return known;
      const heard = meter.part(blob.size);
      const digest = this.pool.digest(blob, alg, {
        signal,
        onProgress(done) {
          heard(done);
          options?.onProgress?.(done);
        },
      });
      byAlg.set(alg, digest);
      digest.then(() => heard(blob.size), () => byAlg.delete(alg));
      return digest;
    };
  }
}

/**
 * Check what was given. Rejects with the signal's reason when aborted, with a NodeError when
 * the node cannot be asked, and with what the pool rejects with when a file cannot be read.
 * @param {Given} given
 * @param {import('../page/environment.js').Environment} env
 * @param {{ digest: import('../core/package.js').Digest, signal: AbortSignal,
 *   onProgress?: (path: string, done: number, total: number) => void }} options
 * @returns {Promise<Outcome | null>} null when nothing was given
 */
export async function check(given, env, { digest, signal, onProgress }) {
  const anchor = given.genesis !== null
    ? { origin: /** @type {const} */ ('given'), genesis: given.genesis.genesis, name: given.genesis.name }
    : env.anchor && { ...env.anchor, name: '' };
  /** @type {Outcome} */
  const outcome = { finding: null, prompt: null, bundle: given.bundle, anchor, records: 1 };
  if (outcome.bundle === null) {
    const found = await findBundle(given, env, digest);
    if (found === null) return null;
    if ('prompt' in found) return { ...outcome, prompt: found.prompt };
    outcome.bundle = found.bundle;
    outcome.records = found.records;
  }
  const evidence = arrange(given);
  if ('prompt' in evidence) return { ...outcome, prompt: evidence.prompt };
  outcome.finding = await judge({ bundle: outcome.bundle.bytes, genesis: anchor?.genesis ?? null, ...evidence },
    { digest, rules: env.rules, signal, onProgress });
  return outcome;
}

/**
 * The record's bundle from this node: by the id in the page's address or a manifest, by a
 * disclosure's package root, or by the SHA-256 digest of the one file given.
 * @param {Given} given
 * @param {import('../page/environment.js').Environment} env
 * @param {import('../core/package.js').Digest} digest
 * @returns {Promise<{ bundle: GivenJson, records: number } | { prompt: { code: string, params: Record<string, unknown> } } | null>}
 */
async function findBundle(given, env, digest) {
  const manifestId = given.manifest === null ? null : jsonField(given.manifest.bytes, ['id']);
  const root = given.disclosure === null ? null : jsonField(given.disclosure.bytes, ['inclusion', 'root_hash']);
  const id = given.wanted?.id ?? manifestId;
  const lone = given.files.length === 1 && given.folder === null && given.manifest === null ? given.files[0] : null;
  if (id === null && root === null && lone === null) {
    const anything = given.files.length > 0 || given.folder !== null || given.manifest !== null || given.disclosure !== null;
    return anything ? { prompt: { code: 'needs_bundle', params: {} } } : null;
  }
  if (env.node === null) return { prompt: { code: 'offline_needs_bundle', params: {} } };
  if (id !== null) {
    return { bundle: { name: `${id.slice(0, 16)}…`, bytes: await env.node.bytes(`v1/proofs/${id}`), from: 'node' }, records: 1 };
  }
  const hex = root ?? bytesToHex(await digest(/** @type {File} */ (lone), 'sha256'));
  const found = await env.node.json(`v1/digests/sha256/${hex}`);
  const entries = Array.isArray(found?.entries) ? found.entries : [];
  // The node lists committed entries first, by leaf index: the first is the earliest record.
  const committed = entries.filter((/** @type {{ status?: unknown }} */ e) => e.status === 'committed');
  if (committed.length === 0) {
    const code = entries.length > 0 ? 'digest_pending' : lone !== null ? 'digest_not_found' : 'root_not_found';
    return { prompt: { code, params: { digest: hex } } };
  }
  const bytes = await env.node.bytes(`v1/proofs/${committed[0].id}`);
  return { bundle: { name: `${String(committed[0].id).slice(0, 16)}…`, bytes, from: 'node' }, records: committed.length };
}

/**
 * The evidence as judge() takes it, or what is missing for that. Files given one by one with
 * a manifest are the folder, each under the manifest's path of its name (a phone cannot
 * choose folders).
 * @param {Given} given
 * @returns {{ file: File | null, folder: import('../core/package.js').FolderFile[] | null,
 *   manifest: Uint8Array | null, disclosure: Uint8Array | null } | { prompt: { code: string, params: Record<string, unknown> } }}
 */
function arrange(given) {
  const manifest = given.manifest?.bytes ?? null;
  const disclosure = given.disclosure?.bytes ?? null;
  const { files, folder } = given;
  if (folder !== null && manifest === null) return { prompt: { code: 'needs_manifest_for_folder', params: {} } };
  if (folder !== null && files.length > 0) return { prompt: { code: 'folder_and_files', params: {} } };
  if (disclosure !== null && files.length !== 1) return { prompt: { code: 'needs_disclosed_file', params: {} } };
  if (folder !== null) return { file: null, folder: folder.files, manifest, disclosure: null };
  if (manifest !== null && disclosure === null && files.length > 0) {
    const paths = manifestPaths(manifest);
    return {
      file: null,
      folder: files.map((file) => {
        const name = file.name.normalize('NFC');
        const matching = paths.filter((path) => path === name || path.endsWith(`/${name}`));
        return { path: matching.length === 1 ? matching[0] : name, file };
      }),
      manifest,
      disclosure: null,
    };
  }
  if (files.length > 1) return { prompt: { code: 'needs_manifest_for_files', params: { count: files.length } } };
  return { file: files[0] ?? null, folder: null, manifest, disclosure };
}

/**
 * The paths a manifest lists (none when it cannot be read: judge() then says why).
 * @param {Uint8Array} manifest
 * @returns {string[]}
 */
function manifestPaths(manifest) {
  const files = jsonField(manifest, ['files'], false);
  return Array.isArray(files) ? files.map((item) => (isJsonObject(item) && typeof item.path === 'string' ? item.path : ''))
    : [];
}

/**
 * The value at `path` in the JSON `bytes`; a hex id or hash (64 lowercase hex digits) unless
 * `asHex` is false; null when there is none.
 * @param {Uint8Array} bytes
 * @param {string[]} path
 * @param {boolean} [asHex]
 * @returns {any}
 */
function jsonField(bytes, path, asHex = true) {
  let value;
  try {
    value = parseJson(utf8Text(bytes) ?? 'null');
  } catch {
    return null;
  }
  for (const key of path) value = isJsonObject(value) && Object.hasOwn(value, key) ? value[key] : null;
  if (!asHex) return value;
  return typeof value === 'string' && HEX_ID.test(value) ? value : null;
}
