// Hashing evidence files: the streaming digest against hashlib's (tests/vectors/page.json:
// SHA-256, SM3, SHA-512 of files whose slices end mid-block), and the worker pool's queue,
// bound and cancel, with workers that run the same streaming digest in this thread.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { streamDigest } from '../../node/api/static/hashing/hash-stream.js';
import { HashPool, defaultPoolSize } from '../../node/api/static/hashing/hashing.js';
import { hex, vectors } from './support.js';

const digests = vectors('page.json').digests;

/** @param {number} size */
function pattern(size) {
  return new Blob([Uint8Array.from({ length: size }, (_, i) => (i * 31 + 7) & 0xff)]);
}

test('SHA-256, SM3 and SHA-512 of a file read a slice at a time are hashlib\'s', async () => {
  for (const item of digests) {
    for (const alg of ['sha256', 'sm3', 'sha512']) {
      for (const sliceSize of [1, 63, 65_537]) {
        if (sliceSize === 1 && item.size > 1000) continue;
        const calls = /** @type {number[]} */ ([]);
        const digest = await streamDigest(pattern(item.size), alg, { sliceSize, wholeFileBytes: 0, onProgress: (done) => calls.push(done) });
        assert.equal(hex(digest), item[alg], `${alg} of ${item.size} bytes in slices of ${sliceSize}`);
        assert.equal(calls.length, Math.ceil(item.size / sliceSize));
        if (item.size) assert.equal(calls.at(-1), item.size);
      }
    }
  }
});

test('without WebCrypto (no secure context), small files are hashed by WebAssembly alike', async () => {
  const crypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
  try {
    for (const item of digests) {
      for (const alg of ['sha256', 'sha512']) {
        assert.equal(hex(await streamDigest(pattern(item.size), alg, { sliceSize: 65_537 })), item[alg]);
      }
    }
  } finally {
    Object.defineProperty(globalThis, 'crypto', /** @type {PropertyDescriptor} */ (crypto));
  }
});

test('with WebCrypto, a SHA-256 or SHA-512 file up to the whole-file size is digested in one read', async () => {
  for (const item of digests.filter((/** @type {any} */ d) => d.size > 0)) {
    for (const alg of ['sha256', 'sha512']) {
      const blob = pattern(item.size);
      const calls = /** @type {number[]} */ ([]);
      let streamed = 0;
      const whole = /** @type {Blob} */ (/** @type {unknown} */ ({
        size: blob.size,
        arrayBuffer: () => blob.arrayBuffer(),
        stream: () => { streamed += 1; return blob.stream(); },
        slice: (/** @type {number} */ start, /** @type {number} */ end) => { streamed += 1; return blob.slice(start, end); },
      }));
      const digest = await streamDigest(whole, alg, { sliceSize: 1000, onProgress: (done) => calls.push(done) });
      assert.equal(hex(digest), item[alg], `${alg} of ${item.size} bytes`);
      assert.deepEqual([calls, streamed], [[item.size], 0]);
    }
  }
  const over = digests.find((/** @type {any} */ d) => d.size === 65537);
  const calls = /** @type {number[]} */ ([]);
  await streamDigest(pattern(over.size), 'sha256', { sliceSize: 1000, wholeFileBytes: 65536, onProgress: (done) => calls.push(done) });
  assert.equal(calls.length, 66, 'a file over the whole-file size streams');
});

test('where a Blob\'s stream is no byte stream, slices are read with Blob.slice', async () => {
  const item = digests.find((/** @type {any} */ d) => d.size === 65537);
  const blob = pattern(item.size);
  let sliced = 0;
  const plain = /** @type {Blob} */ (/** @type {unknown} */ ({
    size: blob.size,
    stream: () => new ReadableStream(), // no BYOB reader on it
    slice: (/** @type {number} */ start, /** @type {number} */ end) => {
      sliced += 1;
      return blob.slice(start, end);
    },
  }));
  assert.equal(hex(await streamDigest(plain, 'sha256', { sliceSize: 1000, wholeFileBytes: 0 })), item.sha256);
  assert.equal(sliced, 66);
});

test('an aborted digest stops at the next slice with the signal\'s reason', async () => {
  const controller = new AbortController();
  let slices = 0;
  const hashing = streamDigest(pattern(100_000), 'sha256', {
    sliceSize: 1000,
    wholeFileBytes: 0,
    signal: controller.signal,
    onProgress() {
      slices += 1;
      if (slices === 3) controller.abort(new Error('stop'));
    },
  });
  await assert.rejects(hashing, /stop/);
  assert.equal(slices, 3);
  await assert.rejects(streamDigest(pattern(10), 'md5'), TypeError);
});

/**
 * Stands in for hash-worker.js where node has no web workers: the same job and answers,
 * hashed in this thread; ending it stops its digest.
 */
class ThreadWorker {
  static running = 0;
  static mostRunning = 0;
  static started = 0;

  constructor() {
    ThreadWorker.started += 1;
    /** @type {((event: { data: unknown }) => void) | null} */
    this.onmessage = null;
    /** @type {((event: { message: string, preventDefault(): void }) => void) | null} */
    this.onerror = null;
    this.controller = new AbortController();
  }

  /** @param {{ id: number, blob: Blob, alg: string, sliceSize: number }} job */
  postMessage({ id, blob, alg, sliceSize }) {
    ThreadWorker.running += 1;
    ThreadWorker.mostRunning = Math.max(ThreadWorker.mostRunning, ThreadWorker.running);
    const answer = (/** @type {object} */ data) => {
      if (!this.controller.signal.aborted) this.onmessage?.({ data: { id, ...data } });
    };
    streamDigest(blob, alg, { sliceSize, signal: this.controller.signal, onProgress: (done) => answer({ type: 'progress', done }) })
      .then((digest) => answer({ type: 'done', digest }), (err) => answer({ type: 'error', name: err.name, message: err.message }))
      .finally(() => { ThreadWorker.running -= 1; });
  }

  terminate() {
    this.controller.abort();
  }
}

const createWorker = () => /** @type {Worker} */ (/** @type {unknown} */ (new ThreadWorker()));

test('a pool hashes several files at once, at most one per worker, each right', async () => {
  ThreadWorker.started = 0;
  ThreadWorker.mostRunning = 0;
  const pool = new HashPool({ size: 2, sliceSize: 4096, createWorker });
  const items = digests.filter((/** @type {any} */ item) => item.size > 1000);
  const progress = /** @type {number[][]} */ (items.map(() => []));
  const results = await Promise.all(items.map((/** @type {any} */ item, /** @type {number} */ i) => pool.digest(
    pattern(item.size), 'sm3', { onProgress: (done, rate) => { assert.ok(rate >= 0); progress[i].push(done); } })));
  assert.deepEqual(results.map(hex), items.map((/** @type {any} */ item) => item.sm3));
  assert.equal(ThreadWorker.started, 2);
  assert.equal(ThreadWorker.mostRunning, 2);
  for (const [i, item] of items.entries()) assert.equal(progress[i].at(-1), item.size);
  pool.close();
});

test('cancelling ends the worker hashing the file, or drops a job still waiting', async () => {
  ThreadWorker.started = 0;
  const pool = new HashPool({ size: 1, sliceSize: 1024, createWorker });
  const running = new AbortController();
  const waiting = new AbortController();
  const first = pool.digest(pattern(1_000_003), 'sha256', {
    signal: running.signal, onProgress: (done) => { if (done >= 10_240) running.abort(new Error('first cancelled')); },
  });
  const second = pool.digest(pattern(1000), 'sha256', { signal: waiting.signal });
  const third = pool.digest(pattern(1000), 'sha256');
  waiting.abort(new Error('second cancelled'));
  await assert.rejects(second, /second cancelled/);
  await assert.rejects(first, /first cancelled/);
  const item = digests.find((/** @type {any} */ d) => d.size === 1000);
  assert.equal(hex(await third), item.sha256);
  assert.equal(ThreadWorker.started, 2, 'the ended worker is replaced');
  await assert.rejects(pool.digest(pattern(1), 'sha256', { signal: AbortSignal.abort(new Error('before')) }), /before/);
  pool.close();
});

test('the pool has two workers per core, at most four', () => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  try {
    for (const [cores, size] of [[1, 2], [2, 4], [8, 4], [0, 2]]) {
      Object.defineProperty(globalThis, 'navigator', { value: { hardwareConcurrency: cores }, configurable: true });
      assert.equal(defaultPoolSize(), size, `${cores} cores`);
    }
  } finally {
    if (saved === undefined) delete (/** @type {any} */ (globalThis)).navigator;
    else Object.defineProperty(globalThis, 'navigator', saved);
  }
});
