"use strict";
(() => {
  // node/api/static/hashing/hash-algs.js
  var import_meta = {};
  var FACTORIES = (
    /** @type {const} */
    { sha256: "createSHA256", sm3: "createSM3", sha512: "createSHA512" }
  );
  function buildUrl(alg) {
    const urls = {
      sha256: () => new URL("../vendor/hash-wasm@4.13.0/sha256.umd.min.js", import_meta.url),
      sm3: () => new URL("../vendor/hash-wasm@4.13.0/sm3.umd.min.js", import_meta.url),
      sha512: () => new URL("../vendor/hash-wasm@4.13.0/sha512.umd.min.js", import_meta.url)
    };
    return urls[alg]().href;
  }
  async function createHasher(alg) {
    if (!Object.hasOwn(FACTORIES, alg)) throw new TypeError(`unknown digest alg ${JSON.stringify(alg)}`);
    const name = FACTORIES[
      /** @type {keyof typeof FACTORIES} */
      alg
    ];
    const scope2 = (
      /** @type {{ hashwasm?: Partial<HashWasm> }} */
      /** @type {unknown} */
      globalThis
    );
    if (scope2.hashwasm?.[name] === void 0) await import(buildUrl(
      /** @type {keyof typeof FACTORIES} */
      alg
    ));
    const factory = scope2.hashwasm?.[name];
    if (factory === void 0) throw new Error(`hash-wasm did not provide ${name}`);
    return (await factory()).init();
  }

  // node/api/static/hashing/hash-stream.js
  var WEBCRYPTO_NAMES = (
    /** @type {Record<string, string>} */
    { sha256: "SHA-256", sha512: "SHA-512" }
  );
  var SLICE_SIZE = 4 * 1024 * 1024;
  var WHOLE_FILE_BYTES = 16 * 1024 * 1024;
  var IDLE_HASHERS = /* @__PURE__ */ new Map();
  async function streamDigest(blob, alg, { sliceSize = SLICE_SIZE, wholeFileBytes = WHOLE_FILE_BYTES, signal, onProgress } = {}) {
    const subtle = globalThis.crypto?.subtle;
    if (subtle !== void 0 && Object.hasOwn(WEBCRYPTO_NAMES, alg) && blob.size <= wholeFileBytes) {
      const bytes = await blob.arrayBuffer();
      signal?.throwIfAborted();
      const digest = new Uint8Array(await subtle.digest(WEBCRYPTO_NAMES[alg], bytes));
      if (blob.size > 0) onProgress?.(blob.size);
      return digest;
    }
    const idle = IDLE_HASHERS.get(alg)?.pop();
    const hasher = idle === void 0 ? await createHasher(alg) : idle.init();
    try {
      let done = 0;
      for await (const slice of slicesOf(blob, sliceSize)) {
        signal?.throwIfAborted();
        hasher.update(slice);
        done += slice.length;
        onProgress?.(done);
      }
      return hasher.digest("binary");
    } finally {
      IDLE_HASHERS.set(alg, [...IDLE_HASHERS.get(alg) ?? [], hasher]);
    }
  }
  async function* slicesOf(blob, sliceSize) {
    if (blob.size <= sliceSize) {
      yield* slicedReads(blob, sliceSize);
      return;
    }
    let reader = null;
    try {
      reader = blob.stream().getReader({ mode: "byob" });
    } catch {
      reader = null;
    }
    if (reader === null) {
      yield* slicedReads(blob, sliceSize);
      return;
    }
    let buffer = new ArrayBuffer(sliceSize);
    try {
      for (let finished = false; !finished; ) {
        let filled = 0;
        while (filled < sliceSize && !finished) {
          const { value, done } = await reader.read(new Uint8Array(buffer, filled, sliceSize - filled));
          finished = done;
          if (value !== void 0) {
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
  async function* slicedReads(blob, sliceSize) {
    const read = (start) => blob.slice(start, Math.min(start + sliceSize, blob.size)).arrayBuffer();
    let offset = 0;
    let pending = blob.size > 0 ? read(0) : null;
    while (pending !== null) {
      const slice = new Uint8Array(await pending);
      offset += slice.length;
      pending = offset < blob.size ? read(offset) : null;
      yield slice;
    }
  }

  // node/api/static/hashing/hash-worker.js
  var PROGRESS_INTERVAL_MS = 100;
  var scope = (
    /** @type {{ onmessage: ((event: MessageEvent<HashJob>) => void) | null, postMessage(answer: HashAnswer, transfer?: Transferable[]): void }} */
    /** @type {unknown} */
    globalThis
  );
  scope.onmessage = async ({ data: { id, blob, alg, sliceSize } }) => {
    let last = -Infinity;
    try {
      const digest = await streamDigest(blob, alg, {
        sliceSize,
        onProgress(done) {
          const now = performance.now();
          if (now - last >= PROGRESS_INTERVAL_MS || done === blob.size) {
            last = now;
            scope.postMessage({ id, type: "progress", done });
          }
        }
      });
      scope.postMessage({ id, type: "done", digest }, [digest.buffer]);
    } catch (err) {
      const { name, message } = err instanceof Error ? err : new Error(String(err));
      scope.postMessage({ id, type: "error", name, message });
    }
  };
})();
