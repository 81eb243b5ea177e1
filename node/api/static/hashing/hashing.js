// Hashing evidence files off the page's thread: a small pool of workers (hash-worker.js),
// each hashing one file at a time a slice at a time, so the page stays responsive and memory
// stays bounded by a few slices per worker whatever the files' sizes. Several files (a
// package's folder) are hashed at once, one per worker.
//
// The page starts the workers as modules from static/. A page built into one file (opened
// from file://, where nothing else can be loaded) passes its own `createWorker`, which starts
// the same code from a Blob URL (docs/web-page.md, "Hashing evidence files").

import { SLICE_SIZE } from './hash-stream.js';

const MAX_WORKERS = 4;

/**
 * @typedef {(done: number, bytesPerSecond: number) => void} HashProgress
 * @typedef {{ blob: Blob, alg: string, signal?: AbortSignal, onProgress?: HashProgress,
 *   resolve: (digest: Uint8Array) => void, reject: (reason: unknown) => void }} Job
 * @typedef {{ worker: Worker, job: Job | null, id: number, started: number }} Slot
 */

/** Starts a hashing worker as a module from static/ (beside this file). */
export function moduleWorker() {
  return new Worker(new URL('./hash-worker.js', import.meta.url), { type: 'module', name: 'cunzheng-hash' });
}

/**
 * The pool size: two workers per core the browser reports, at most MAX_WORKERS. A worker
 * spends much of a small file's time waiting for the browser to read it (about 3.5 ms a MiB
 * in Chromium 156, as long as hashing it), so two per core keep the cores busy: a package of
 * a thousand 1 MiB files was verified in 4.1 s with four workers on two cores, 5.7 s with two.
 */
export function defaultPoolSize() {
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1;
  return Math.max(1, Math.min(2 * cores, MAX_WORKERS));
}

export class HashPool {
  /**
   * @param {{ size?: number, sliceSize?: number, createWorker?: () => Worker }} [options]
   */
  constructor({ size = defaultPoolSize(), sliceSize = SLICE_SIZE, createWorker = moduleWorker } = {}) {
    this.size = size;
    this.sliceSize = sliceSize;
    this.createWorker = createWorker;
    /** @type {Slot[]} */
    this.slots = [];
    /** @type {Job[]} */
    this.queue = [];
    this.nextId = 1;
    // Bound, so that `pool.digest` can be handed on as evidence.js's Digest function.
    this.digest = this.digest.bind(this);
  }

  /**
   * The `alg` digest ("sha256", "sm3" or "sha512") of `blob`, hashed by a worker.
   * `onProgress(done, bytesPerSecond)` hears about every 100 ms. Aborting `signal` ends the
   * worker hashing it (or drops the job if it waits for one) and rejects with the signal's
   * reason. Rejects with an Error named as the worker's (NotReadableError when the file
   * changed or went away) when it cannot be hashed.
   * @param {Blob} blob
   * @param {string} alg
   * @param {{ signal?: AbortSignal, onProgress?: HashProgress }} [options]
   * @returns {Promise<Uint8Array>}
   */
  digest(blob, alg, { signal, onProgress } = {}) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      /** @type {Job} */
      const job = { blob, alg, signal, onProgress, resolve, reject };
      signal?.addEventListener('abort', () => this.cancel(job), { once: true });
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** End every worker; jobs still running or waiting are rejected. */
  close() {
    for (const job of this.queue.splice(0)) job.reject(new Error('the hash pool was closed'));
    for (const slot of this.slots.splice(0)) {
      slot.worker.terminate();
      slot.job?.reject(new Error('the hash pool was closed'));
    }
  }

  /** Give waiting jobs to idle workers, starting workers up to the pool size. */
  dispatch() {
    while (this.queue.length) {
      let slot = this.slots.find((s) => s.job === null);
      if (slot === undefined) {
        if (this.slots.length >= this.size) return;
        slot = this.start();
      }
      const job = /** @type {Job} */ (this.queue.shift());
      slot.job = job;
      slot.id = this.nextId++;
      slot.started = performance.now();
      slot.worker.postMessage({ id: slot.id, blob: job.blob, alg: job.alg, sliceSize: this.sliceSize });
    }
  }

  /** @returns {Slot} */
  start() {
    /** @type {Slot} */
    const slot = { worker: this.createWorker(), job: null, id: 0, started: 0 };
    slot.worker.onmessage = (/** @type {MessageEvent<import('./hash-worker.js').HashAnswer>} */ { data }) => {
      const { job } = slot;
      if (job === null || data.id !== slot.id) return;
      if (data.type === 'progress') {
        const seconds = (performance.now() - slot.started) / 1000;
        job.onProgress?.(data.done, seconds > 0 ? data.done / seconds : 0);
        return;
      }
      slot.job = null;
      if (data.type === 'done') job.resolve(data.digest);
      else job.reject(Object.assign(new Error(data.message), { name: data.name }));
      this.dispatch();
    };
    slot.worker.onerror = (event) => {
      // The worker itself failed (its script could not load, WebAssembly was refused): end it.
      event.preventDefault();
      this.retire(slot, new Error(`the hashing worker failed: ${event.message || 'it could not start'}`));
    };
    this.slots.push(slot);
    return slot;
  }

  /**
   * Drop `job`: from the queue if it waits, else end the worker hashing it.
   * @param {Job} job
   */
  cancel(job) {
    const reason = job.signal?.reason;
    const waiting = this.queue.indexOf(job);
    if (waiting >= 0) {
      this.queue.splice(waiting, 1);
      job.reject(reason);
      return;
    }
    const slot = this.slots.find((s) => s.job === job);
    if (slot !== undefined) this.retire(slot, reason);
  }

  /**
   * End `slot`'s worker, rejecting its job with `reason`; a new worker starts when needed.
   * @param {Slot} slot
   * @param {unknown} reason
   */
  retire(slot, reason) {
    slot.worker.terminate();
    this.slots.splice(this.slots.indexOf(slot), 1);
    slot.job?.reject(reason);
    slot.job = null;
    this.dispatch();
  }
}
