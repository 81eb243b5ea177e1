// The browser's record of every preservation (IndexedDB), so that nothing is lost to a
// closed tab, a reload, a dropped connection or a restarted node. A preservation is written
// whole, the manifest with it (the only copy of its salts, without which no file can ever be
// disclosed), BEFORE its entry is sent to a node; each step after that is written as it is
// reached (submit.js):
//
//   submitting (已提交) → receipted (已受理（回执）) → committed (已上链, k of n notaries)
//
// Records are keyed by entry id. The page asks the browser to keep its storage
// (navigator.storage.persist), so that it is not cleared to make room.

const DATABASE = 'cunzheng-preserve';
const VERSION = 1;
const STORE = 'preservations';

/** @typedef {'submitting' | 'receipted' | 'committed'} Status */

/**
 * One preservation, as stored.
 * @typedef {object} Preservation
 * @property {string} id the entry id (hex): the key
 * @property {string} node the node's page URL it was sent to
 * @property {string} manifest the manifest file's text
 * @property {{ digest: string, alg: string, kind: string, meta: Record<string, string> }} entry the entry as sent
 * @property {Status} status
 * @property {import('./receipt.js').CheckedReceipt | null} receipt the node's checked receipt
 * @property {string | null} bundle the proof bundle as the node served it, once committed and checked
 * @property {string | null} genesis the consortium's genesis the bundle was checked against
 * @property {{ height: number, leafIndex: number, timeMs: number, signers: number, notaries: number } | null} committed
 * @property {{ code: string, message: string, atMs: number } | null} error the last failure, until a step succeeds
 * @property {number} createdMs
 * @property {number} updatedMs
 */

export class PreservationStore {
  /** @param {IDBDatabase} database */
  constructor(database) {
    this.database = database;
  }

  /**
   * The store of this origin (created on first use).
   * @param {IDBFactory} [factory] the browser's indexedDB
   * @returns {Promise<PreservationStore>}
   */
  static open(factory = globalThis.indexedDB) {
    return new Promise((resolve, reject) => {
      const request = factory.open(DATABASE, VERSION);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(STORE, { keyPath: 'id' });
      };
      request.onsuccess = () => resolve(new PreservationStore(request.result));
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('the preservation store is held by an older version of this page in another tab; close it'));
    });
  }

  /**
   * Write `record` (replacing the one of its id), and resolve once it is on disk: the
   * transaction asks for strict durability, as the manifest may exist nowhere else yet.
   * @param {Preservation} record
   * @returns {Promise<void>}
   */
  put(record) {
    return new Promise((resolve, reject) => {
      const transaction = this.database.transaction(STORE, 'readwrite', { durability: 'strict' });
      transaction.objectStore(STORE).put(record);
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error ?? new Error('the write was aborted'));
    });
  }

  /**
   * The preservation of entry `id`, or null.
   * @param {string} id
   * @returns {Promise<Preservation | null>}
   */
  get(id) {
    return this.read((store) => store.get(id)).then((found) => found ?? null);
  }

  /**
   * Every preservation, the newest first.
   * @returns {Promise<Preservation[]>}
   */
  async list() {
    const all = /** @type {Preservation[]} */ (await this.read((store) => store.getAll()));
    return all.sort((a, b) => b.createdMs - a.createdMs || (a.id < b.id ? -1 : 1));
  }

  /**
   * The preservations not committed yet, the oldest first (resumed in that order).
   * @returns {Promise<Preservation[]>}
   */
  async pending() {
    return (await this.list()).filter((record) => record.status !== 'committed').reverse();
  }

  /** Close the database (a later open sees every write). */
  close() {
    this.database.close();
  }

  /**
   * @param {(store: IDBObjectStore) => IDBRequest} make
   * @returns {Promise<any>}
   */
  read(make) {
    return new Promise((resolve, reject) => {
      const request = make(this.database.transaction(STORE, 'readonly').objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
}

/**
 * Ask the browser to keep this origin's storage under storage pressure (Storage API); true
 * when it will. Browsers decide by their own rules (Chromium: a bookmarked or installed
 * site, or one often visited); the page says so when it is refused.
 * @returns {Promise<boolean>}
 */
export async function requestPersistence() {
  return (await globalThis.navigator?.storage?.persist?.()) ?? false;
}
