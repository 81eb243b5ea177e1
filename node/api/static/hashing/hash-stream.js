// The digest of a File or Blob read a slice at a time, so that a recording of several GB is
// never held in memory whole. Runs in a hashing worker (hash-worker.js), or directly where
// there are no workers (node's test runner).
//
// Where the browser's Blob.stream() lets the reader bring its own buffer (a byte stream,
// "BYOB"), every slice is read into the same buffer: reading a 4 GiB file then leaves no
// garbage behind, and the memory used stays one slice, whenever the garbage collector runs.
// Elsewhere each slice is read with Blob.slice into a new buffer, the next one while the
// current one is hashed.

import { createHasher } from './hash-algs.js';

// WebCrypto's names of the digest algs it has. It digests in one call (no slices), and only
// in a secure context (https, localhost, a file): where it exists, a file of at most
// WHOLE_FILE_BYTES is read whole and digested by it, with the machine's SHA instructions,
// several times faster than WebAssembly; a package of many small files is mostly such files.
// Memory then holds one such file per worker.
const WEBCRYPTO_NAMES = /** @type {Record<string, string>} */ ({ sha256: 'SHA-256', sha512: 'SHA-512' });

export const SLICE_SIZE = 4 * 1024 * 1024;
export const WHOLE_FILE_BYTES = 16 * 1024 * 1024;
/**
 * Hashers not in use, by alg. A hasher is made (a WebAssembly instance) once and reset for
 * each file after: a package of a thousand small files would otherwise spend more time
 * instantiating hashers than hashing.
 * @type {Map<string, import('./hash-algs.js').Hasher[]>}
 */
const IDLE_HASHERS = new Map();

/**
 * The `alg` digest of `blob`. `onProgress(done)` hears the bytes hashed after each slice; an
 * aborted `signal` stops the reading at the next slice (rejecting with its reason). Rejects
 * with the browser's NotReadableError when the file changed or went away while being read.
 * @param {Blob} blob
 * @param {string} alg
 * A blob of at most `wholeFileBytes` is digested whole by WebCrypto where it can be (above).
 * @param {{ sliceSize?: number, wholeFileBytes?: number, signal?: AbortSignal, onProgress?: (done: number) => void }} [options]
 */
export async function streamDigest(blob, alg, { sliceSize = SLICE_SIZE, wholeFileBytes = WHOLE_FILE_BYTES, signal, onProgress } = {}) {
  const subtle = globalThis.crypto?.subtle;
  if (subtle !== undefined && Object.hasOwn(WEBCRYPTO_NAMES, alg) && blob.size <= wholeFileBytes) {
    const bytes = await blob.arrayBuffer();
    signal?.throwIfAborted();
    const digest = new Uint8Array(await subtle.digest(WEBCRYPTO_NAMES[alg], bytes));
    if (blob.size > 0) onProgress?.(blob.size); // all at once: what the stream hears last
    return digest;
  }
  const idle = IDLE_HASHERS.get(alg)?.pop();
  const hasher = idle === undefined ? await createHasher(alg) : idle.init();
  try {
    let done = 0;
    for await (const slice of slicesOf(blob, sliceSize)) {
      signal?.throwIfAborted();
      hasher.update(slice);
      done += slice.length;
      onProgress?.(done);
    }
    return hasher.digest('binary');
  } finally {
    // Whatever state it is left in, init() resets it before its next file.
    IDLE_HASHERS.set(alg, [...IDLE_HASHERS.get(alg) ?? [], hasher]);
  }
}

/**
 * The bytes of `blob`, `sliceSize` at a time (the last slice shorter). A slice is valid until
 * the next one is asked for.
 * @param {Blob} blob
 * @param {number} sliceSize
 * @returns {AsyncGenerator<Uint8Array>}
 */
async function* slicesOf(blob, sliceSize) {
  // A blob of one slice is read at once. Chromium 156's byte stream of a small blob now and
  // then never answers its first read (seen with a package of 60 small files hashed by two
  // workers), and one read needs no buffer to be brought.
  if (blob.size <= sliceSize) {
    yield* slicedReads(blob, sliceSize);
    return;
  }
  let reader = null;
  try {
    reader = blob.stream().getReader({ mode: 'byob' });
  } catch {
    reader = null; // no byte stream here: read slices
  }
  if (reader === null) {
    yield* slicedReads(blob, sliceSize);
    return;
  }
  let buffer = new ArrayBuffer(sliceSize);
  try {
    for (let finished = false; !finished;) {
      let filled = 0;
      while (filled < sliceSize && !finished) {
        // The buffer is handed over to the stream and back (transferred): keep the one returned.
        const { value, done } = await reader.read(new Uint8Array(buffer, filled, sliceSize - filled));
        finished = done;
        if (value !== undefined) {
          buffer = value.buffer;
          filled += value.byteLength;
        }
      }
      if (filled > 0) yield new Uint8Array(buffer, 0, filled);
    }
  } finally {
    await reader.cancel();
  }
}

/**
 * @param {Blob} blob
 * @param {number} sliceSize
 */
async function* slicedReads(blob, sliceSize) {
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
