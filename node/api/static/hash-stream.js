// The digest of a File or Blob read a slice at a time (File.slice), so that a recording of
// several GB is never held in memory whole: at most two slices are, the one being hashed and
// the next one being read. Runs in a hashing worker (hash-worker.js), or directly where
// there are no workers (node's test runner).

import { createHasher } from './hash-algs.js';

export const SLICE_SIZE = 4 * 1024 * 1024;

/**
 * The `alg` digest of `blob`. `onProgress(done)` hears the bytes hashed after each slice; an
 * aborted `signal` stops the reading at the next slice (rejecting with its reason). Rejects
 * with the browser's NotReadableError when the file changed or went away while being read.
 * @param {Blob} blob
 * @param {string} alg
 * @param {{ sliceSize?: number, signal?: AbortSignal, onProgress?: (done: number) => void }} [options]
 */
export async function streamDigest(blob, alg, { sliceSize = SLICE_SIZE, signal, onProgress } = {}) {
  const hasher = await createHasher(alg);
  const read = (/** @type {number} */ start) => blob.slice(start, Math.min(start + sliceSize, blob.size)).arrayBuffer();
  let done = 0;
  let pending = blob.size > 0 ? read(0) : null;
  while (pending !== null) {
    const slice = new Uint8Array(await pending);
    signal?.throwIfAborted();
    done += slice.length;
    pending = done < blob.size ? read(done) : null;
    hasher.update(slice);
    onProgress?.(done);
  }
  return hasher.digest('binary');
}
