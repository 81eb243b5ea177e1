// The digest of a File or Blob read a slice at a time, so that a recording of several GB is
// never held in memory whole. Runs in a hashing worker (hash-worker.js), or directly where
// there are no workers (node's test runner).
//
// Each slice is read with Blob.slice into a new buffer, the next one while the current one is
// hashed, so memory holds two slices and what the garbage collector has not taken back yet.
// Not with Blob.stream(): Chromium's file streams in workers now and then never answer a read
// (a bring-your-own-buffer read, or the one after the last byte), which stalled the hashing of
// a package of many files; tests/browser/test_preserve.py hashes 150 files to show it does not.
//
// A file of at most WHOLE_FILE_BYTES is instead read whole and hashed by the browser's own
// SHA-256 or SHA-512 (WebCrypto), where it has one: that runs on the processor's SHA
// instructions, several times faster than WebAssembly, but it takes its input in one piece
// and exists only in secure contexts (https, localhost, a file opened from disk). Memory then
// holds one such file per worker at most. SM3, larger files and plain-http pages stream.

import { createHasher } from './hash-algs.js';

export const SLICE_SIZE = 4 * 1024 * 1024;
export const WHOLE_FILE_BYTES = 16 * 1024 * 1024;
const WEBCRYPTO_NAMES = /** @type {Record<string, string>} */ ({ sha256: 'SHA-256', sha512: 'SHA-512' });

/**
 * The `alg` digest of `blob`. `onProgress(done)` hears the bytes hashed after each slice; an
 * aborted `signal` stops the reading at the next slice (rejecting with its reason). Rejects
 * with the browser's NotReadableError when the file changed or went away while being read.
 * @param {Blob} blob
 * @param {string} alg
 * A blob of at most `wholeFileBytes` is hashed whole by WebCrypto where it can be (above).
 * @param {{ sliceSize?: number, wholeFileBytes?: number, signal?: AbortSignal, onProgress?: (done: number) => void }} [options]
 */
export async function streamDigest(blob, alg, { sliceSize = SLICE_SIZE, wholeFileBytes = WHOLE_FILE_BYTES, signal, onProgress } = {}) {
  const native = WEBCRYPTO_NAMES[alg];
  const subtle = globalThis.crypto?.subtle;
  if (native !== undefined && subtle !== undefined && blob.size <= wholeFileBytes) {
    signal?.throwIfAborted();
    const digest = new Uint8Array(await subtle.digest(native, await blob.arrayBuffer()));
    if (blob.size > 0) onProgress?.(blob.size); // as streaming reports: once per bytes hashed
    return digest;
  }
  const hasher = await createHasher(alg);
  let done = 0;
  for await (const slice of slicesOf(blob, sliceSize)) {
    signal?.throwIfAborted();
    hasher.update(slice);
    done += slice.length;
    onProgress?.(done);
  }
  return hasher.digest('binary');
}

/**
 * The bytes of `blob`, `sliceSize` at a time (the last slice shorter); the next slice is read
 * while the current one is hashed. Rejects with the browser's NotReadableError when the file
 * changed or went away.
 * @param {Blob} blob
 * @param {number} sliceSize
 * @returns {AsyncGenerator<Uint8Array>}
 */
async function* slicesOf(blob, sliceSize) {
  const read = (/** @type {number} */ start) => blob.slice(start, Math.min(start + sliceSize, blob.size)).arrayBuffer();
  let offset = 0;
  let pending = blob.size > 0 ? read(0) : null;
  while (pending !== null) {
    const slice = new Uint8Array(await pending);
    offset += slice.length;
    pending = offset < blob.size ? read(offset) : null;
    yield slice;
  }
}
