// Preserving a sealed package: its entry sent to the page's node, the node's receipt checked,
// and the proof fetched and checked once the entry is committed, every step written to the
// browser's store (store.js) as it is reached, and the whole preservation before anything is
// sent. A preservation cut short (tab closed, network down, node restarted) is taken up again
// where it stood by `resume`: sending the same entry again is idempotent (its id is the hash
// of the entry, which the manifest fixes), and a node that no longer knows an entry it had
// promised is sent it again.
//
// Only the package Entry is ever sent (digest = the package root, alg, kind "package",
// meta {"files": n}); everything else is a GET (docs/web-page.md, "Privacy").

import { bytesToHex, hexToBytes, utf8, utf8Text } from '../core/bytes.js';
import { DecodeError } from '../core/errors.js';
import { judge } from '../core/evidence.js';
import { Genesis, ValidatorSet } from '../core/validators.js';
import { NodeRefused, NodeUnreachable, sleep } from './node-client.js';
import { checkReceipt } from './receipt.js';

// As `cunzheng seal --node` polls (cli/submission.py): a consortium on a LAN commits within
// a second, and a slower first poll would keep the litigant waiting after it has.
const FIRST_POLL_MS = 200;
const MAX_POLL_MS = 2000;
const COMMIT_WAIT_MS = 5 * 60 * 1000;

/** The node's proof did not check out against the manifest: it is not kept. */
export class ProofRefused extends Error {
  /**
   * @param {string} reason the verdict's reason code (docs/verdicts.md)
   * @param {string} message
   */
  constructor(reason, message) {
    super(message);
    this.name = 'ProofRefused';
    this.reason = reason;
  }
}

/**
 * What kind of failure stopped a preservation, for the page's words: the node could not be
 * reached, it refused (with its message), its proof did not check out, or another answer of
 * its did not (a receipt, its status).
 * @param {unknown} err what drive() threw
 * @returns {{ kind: 'unreachable' | 'refused' | 'proof' | 'answer', message: string }}
 */
export function failureKind(err) {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof NodeUnreachable) return { kind: 'unreachable', message };
  if (err instanceof NodeRefused) return { kind: 'refused', message };
  return { kind: err instanceof ProofRefused ? 'proof' : 'answer', message };
}

/**
 * @typedef {object} DriveOptions
 * @property {AbortSignal} [signal]
 * @property {(record: import('./store.js').Preservation) => void} [onChange] hears each record written
 * @property {(secondsLeft: number) => void} [onWait] hears the countdown while a busy node is waited for
 * @property {(record: import('./store.js').Preservation, err: unknown) => void} [onFailure] hears why
 *   `resume` could not take a preservation further (the failure is stored on it too)
 */

export class Preserver {
  /**
   * @param {{ store: import('./store.js').PreservationStore, client: import('./node-client.js').NodeClient,
   *   rules: import('../core/rules.js').PackageRules, now?: () => number,
   *   wait?: (ms: number, signal?: AbortSignal) => Promise<void>, commitWaitMs?: number }} options
   *   `now` and `wait` are the clock and the timer (the browser's by default); `commitWaitMs`
   *   is how long one run waits for the commit before it leaves the preservation to `resume`.
   */
  constructor({ store, client, rules, now = Date.now, wait = sleep, commitWaitMs = COMMIT_WAIT_MS }) {
    this.store = store;
    this.client = client;
    this.rules = rules;
    this.now = now;
    this.wait = wait;
    this.commitWaitMs = commitWaitMs;
    /** @type {Map<string, Promise<import('./store.js').Preservation>>} the preservations being driven now */
    this.driving = new Map();
  }

  /**
   * Store the preservation of `sealed` (seal.js) with status "submitting", then take it as
   * far as it goes (see `drive`). Resolves to the record as last stored.
   * @param {{ text: string, entry: import('../core/entry.js').Entry }} sealed
   * @param {DriveOptions} [options]
   */
  async start(sealed, options = {}) {
    const { digest, alg, kind, meta } = sealed.entry.toJson();
    const now = this.now();
    /** @type {import('./store.js').Preservation} */
    const record = {
      id: bytesToHex(sealed.entry.leafHash()),
      node: this.client.baseUrl,
      manifest: sealed.text,
      entry: { digest, alg, kind, meta },
      status: 'submitting',
      receipt: null,
      bundle: null,
      genesis: null,
      committed: null,
      error: null,
      createdMs: now,
      updatedMs: now,
    };
    await this.save(record, options);
    return this.drive(record, options);
  }

  /**
   * Take every stored preservation of this page's node that is not committed yet as far as
   * it goes, the oldest first; resolves to them as last stored. A failure of one is stored
   * on it (`error`), told to onFailure, and the others go on.
   * @param {DriveOptions} [options]
   */
  async resume(options = {}) {
    const done = [];
    for (const record of await this.store.pending()) {
      if (record.node !== this.client.baseUrl) continue; // the page may reach its own node only
      try {
        done.push(await this.drive(record, options));
      } catch (err) {
        if (options.signal?.aborted) throw err;
        options.onFailure?.(record, err);
        done.push(/** @type {import('./store.js').Preservation} */ (await this.store.get(record.id)));
      }
    }
    return done;
  }

  /**
   * Take `record` from its status on: submitting → receipted → committed. Resolves once it is
   * committed, or still receipted when the commit did not come within commitWaitMs (resume
   * takes it up later). A step that fails stores its error on the record and rejects with it:
   * NodeRefused or NodeUnreachable (the node), DecodeError or SignatureError (a receipt not to
   * rely on), ProofRefused (a proof that does not check out).
   *
   * A preservation is driven once at a time: while it is, another call for it (a page that
   * resumes while its own submission still waits for the commit) gets the same promise, and
   * its options are not used.
   * @param {import('./store.js').Preservation} record
   * @param {DriveOptions} [options]
   * @returns {Promise<import('./store.js').Preservation>}
   */
  drive(record, options = {}) {
    const running = this.driving.get(record.id);
    if (running !== undefined) return running;
    const driven = this.driveFrom(record, options).finally(() => this.driving.delete(record.id));
    this.driving.set(record.id, driven);
    return driven;
  }

  /**
   * `drive`, once.
   * @param {import('./store.js').Preservation} record
   * @param {DriveOptions} options
   */
  async driveFrom(record, options) {
    let current = record;
    try {
      while (current.status !== 'committed') {
        const next = current.status === 'submitting'
          ? await this.submit(current, options) : await this.awaitCommit(current, options);
        if (next === null) return current;
        current = await this.save({ ...next, error: null }, options);
      }
      return current;
    } catch (err) {
      if (options.signal?.aborted) throw err;
      const code = err instanceof NodeRefused ? err.code
        : /** @type {{ reason?: string, code?: string }} */ (err).reason ?? /** @type {{ code?: string }} */ (err).code ?? '';
      const message = err instanceof Error ? err.message : String(err);
      await this.save({ ...current, error: { code: code || 'failed', message, atMs: this.now() } }, options);
      throw err;
    }
  }

  /**
   * POST the entry and check the receipt against the consortium (the node's genesis and its
   * current validators); the record, receipted.
   * @param {import('./store.js').Preservation} record
   * @param {DriveOptions} options
   * @returns {Promise<import('./store.js').Preservation>}
   */
  async submit(record, options) {
    const genesisText = record.genesis ?? await this.genesisText(options);
    const genesis = Genesis.fromFileBytes(utf8(genesisText));
    const status = /** @type {any} */ (await this.client.getJson('v1/status', options));
    if (status?.genesis_hash !== bytesToHex(genesis.hash())) {
      throw new DecodeError("the node's status names another genesis than the one it serves; it may be "
        + 'misconfigured: try again later, or another notary', 'node_inconsistent');
    }
    const validators = ValidatorSet.fromJson(status.validators);
    const answer = await this.client.postJson('v1/entries', record.entry, options);
    const receipt = checkReceipt(answer, /** @type {Uint8Array} */ (hexToBytes(record.id)), genesis.chainId, validators);
    return { ...record, genesis: genesisText, receipt, status: 'receipted' };
  }

  /**
   * Poll the entry's state until it is committed, then fetch its proof and check it against
   * the manifest and the genesis; the record, committed. null when the commit did not come in
   * time; the record back to submitting when the node no longer knows the entry.
   * @param {import('./store.js').Preservation} record
   * @param {DriveOptions} options
   * @returns {Promise<import('./store.js').Preservation | null>}
   */
  async awaitCommit(record, options) {
    const deadline = this.now() + this.commitWaitMs;
    for (let delay = FIRST_POLL_MS; ; delay = Math.min(delay * 1.5, MAX_POLL_MS)) {
      const found = await this.committedBundle(record, options);
      if (found === 'unknown') return { ...record, status: 'submitting' };
      if (found !== null) return this.checked(record, found);
      if (this.now() >= deadline) return null;
      await this.wait(delay, options.signal);
    }
  }

  /**
   * The proof bundle's bytes once the entry is committed; null while it is pending (or its
   * proof not served yet); 'unknown' when the node does not know the entry.
   * @param {import('./store.js').Preservation} record
   * @param {DriveOptions} options
   * @returns {Promise<Uint8Array | null | 'unknown'>}
   */
  async committedBundle(record, options) {
    try {
      const state = /** @type {any} */ (await this.client.getJson(`v1/entries/${record.id}`, options));
      if (state?.id !== record.id) {
        throw new DecodeError(`the node answered GET v1/entries/${record.id} with another entry's state`, 'node_inconsistent');
      }
      if (state.status !== 'committed') return null;
      return await this.client.getBytes(`v1/proofs/${record.id}`, options);
    } catch (err) {
      if (err instanceof NodeRefused && err.status === 404) return 'unknown';
      if (err instanceof NodeRefused && err.status === 409) return null; // the proof is not served yet
      throw err;
    }
  }

  /**
   * The record with the proof kept, when `bundle` is a valid proof of the manifest's entry
   * against the record's genesis (core/evidence.js judge). Throws ProofRefused otherwise.
   * @param {import('./store.js').Preservation} record
   * @param {Uint8Array} bundle
   * @returns {Promise<import('./store.js').Preservation>}
   */
  async checked(record, bundle) {
    const genesis = Genesis.fromFileBytes(utf8(/** @type {string} */ (record.genesis)));
    const noFiles = () => Promise.reject(new Error('no evidence file is hashed to check a proof'));
    const finding = await judge({ bundle, genesis, manifest: utf8(record.manifest) }, { digest: noFiles, rules: this.rules });
    if (finding.verdict !== 'valid' || finding.proven === null) {
      throw new ProofRefused(finding.reason, `the node's proof of entry ${record.id} does not check out `
        + `(${finding.reason}: ${finding.error?.message ?? finding.verdict}); it is not kept. Ask again later, or another notary`);
    }
    const { header, leafIndex, signers, validators } = finding.proven;
    const committed = {
      height: header.height, leafIndex, timeMs: header.timeMs, signers: signers.length,
      notaries: validators.validators.length,
    };
    return { ...record, bundle: /** @type {string} */ (utf8Text(bundle)), committed, status: 'committed' };
  }

  /**
   * The node's genesis as it serves it (GET v1/genesis), which must be UTF-8.
   * @param {DriveOptions} options
   */
  async genesisText(options) {
    const text = utf8Text(await this.client.getBytes('v1/genesis', options));
    if (text === null) throw new DecodeError('the node served a genesis that is not UTF-8 text', 'node_inconsistent');
    return text;
  }

  /**
   * Store `record` with the time of the change, and tell onChange.
   * @param {import('./store.js').Preservation} record
   * @param {DriveOptions} options
   */
  async save(record, { onChange }) {
    const stored = { ...record, updatedMs: this.now() };
    await this.store.put(stored);
    onChange?.(stored);
    return stored;
  }
}
