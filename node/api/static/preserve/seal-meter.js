// How far sealing has come, for 存证 mode's progress bar: the bytes hashed over all files and
// the rate, the files done, and each file being hashed now with its own share. It wraps the
// hashing pool's digest function (the one sealPackage is given), so seal.js needs to know
// nothing of it.

/** @typedef {{ name: string, size: number, done: number }} FileProgress */

export class SealMeter {
  /**
   * @param {{ file: Blob, name: string }[]} files every file to be sealed and the name shown for it
   * @param {() => void} onChange hears every change (the page draws at most every 100 ms)
   * @param {() => number} [now] milliseconds, for the rate
   */
  constructor(files, onChange, now = () => performance.now()) {
    this.names = new Map(files.map(({ file, name }) => [file, name]));
    this.total = files.reduce((sum, { file }) => sum + file.size, 0);
    this.count = files.length;
    this.done = 0;
    this.finished = 0;
    /** @type {Map<Blob, FileProgress>} the files being hashed now, in the order they started */
    this.hashing = new Map();
    this.onChange = onChange;
    this.now = now;
    this.started = now();
  }

  /** Bytes a second since sealing started. */
  get rate() {
    const seconds = (this.now() - this.started) / 1000;
    return seconds > 0 ? this.done / seconds : 0;
  }

  /**
   * `digest` (a HashPool's) with every file's progress counted here.
   * @param {import('../core/package.js').Digest} digest
   * @returns {import('../core/package.js').Digest}
   */
  counting(digest) {
    return async (file, alg, options = {}) => {
      /** @type {FileProgress} */
      const progress = { name: this.names.get(file) ?? '', size: file.size, done: 0 };
      const hashed = await digest(file, alg, {
        ...options,
        onProgress: (bytes) => {
          if (!this.hashing.has(file)) this.hashing.set(file, progress);
          this.done += bytes - progress.done;
          progress.done = bytes;
          options.onProgress?.(bytes);
          this.onChange();
        },
      });
      this.hashing.delete(file);
      this.finished += 1;
      this.onChange();
      return hashed;
    };
  }
}
