// A hashing worker (hashing.js starts a few): it takes one job at a time, { id, blob, alg,
// sliceSize }, and answers with progress messages, then the digest or the error. A job is
// cancelled by ending the worker, which stops it at once, whatever it is reading.

import { streamDigest } from './hash-stream.js';

const PROGRESS_INTERVAL_MS = 100;

/**
 * @typedef {{ id: number, blob: Blob, alg: string, sliceSize: number }} HashJob
 * @typedef {{ id: number, type: 'progress', done: number }
 *   | { id: number, type: 'done', digest: Uint8Array }
 *   | { id: number, type: 'error', name: string, message: string }} HashAnswer
 */

const scope = /** @type {{ onmessage: ((event: MessageEvent<HashJob>) => void) | null, postMessage(answer: HashAnswer, transfer?: Transferable[]): void }} */ (
  /** @type {unknown} */ (globalThis));

scope.onmessage = async (/** @type {MessageEvent<HashJob>} */ { data: { id, blob, alg, sliceSize } }) => {
  let last = -Infinity;
  try {
    const digest = await streamDigest(blob, alg, {
      sliceSize,
      onProgress(done) {
        const now = performance.now();
        if (now - last >= PROGRESS_INTERVAL_MS || done === blob.size) {
          last = now;
          scope.postMessage({ id, type: 'progress', done });
        }
      },
    });
    scope.postMessage({ id, type: 'done', digest }, [digest.buffer]);
  } catch (err) {
    const { name, message } = err instanceof Error ? err : new Error(String(err));
    scope.postMessage({ id, type: 'error', name, message });
  }
};
