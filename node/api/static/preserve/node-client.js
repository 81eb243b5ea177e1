// The node's public API as the page's 存证 mode uses it (docs/http-api.md): one POST of the
// package Entry, and GETs of the node's status, genesis, an entry's state and its proof. A
// busy node (503, or 429 for a client over its rate) says when to come back in Retry-After;
// the client waits that long (at most MAX_WAIT_S at a time, counting down for the page) and
// asks again, at most MAX_BUSY_ANSWERS times in a row, since a refused request changed
// nothing. Any other refusal is surfaced with the node's own message.
//
// Nothing else is ever sent: no file, name, file hash, salt or word of the collection record
// leaves the browser (docs/web-page.md, "Privacy").

import { utf8Text } from '../core/bytes.js';
import { parseJson } from '../core/json.js';

export const MAX_WAIT_S = 60;
const MAX_BUSY_ANSWERS = 8;
const DEFAULT_WAIT_S = 1; // a busy answer without a usable Retry-After
const BUSY_STATUSES = [429, 503];

/** A refusal by the node: its HTTP status, and the code and message of its JSON error. */
export class NodeRefused extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message);
    this.name = 'NodeRefused';
    this.status = status;
    this.code = code;
  }
}

/** No answer from the node at all (network down, node stopped), or an answer that is no JSON. */
export class NodeUnreachable extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'NodeUnreachable';
  }
}

/**
 * Milliseconds to wait; resolves early with the signal's reason rejected when it aborts.
 * @param {number} ms
 * @param {AbortSignal} [signal]
 * @returns {Promise<void>}
 */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const abort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/**
 * The seconds a Retry-After header asks for (RFC 9110 §10.2.3: delay-seconds or an HTTP date),
 * between 0 and MAX_WAIT_S; DEFAULT_WAIT_S when it is absent or unreadable.
 * @param {string | null} value
 * @param {number} nowMs
 */
export function retryAfterSeconds(value, nowMs) {
  const text = (value ?? '').trim();
  let seconds = DEFAULT_WAIT_S;
  if (/^\d+$/.test(text)) seconds = Number(text);
  else if (text && !Number.isNaN(Date.parse(text))) seconds = Math.ceil((Date.parse(text) - nowMs) / 1000);
  return Math.min(Math.max(seconds, 0), MAX_WAIT_S);
}

/**
 * @typedef {object} ClientOptions
 * @property {typeof fetch} [fetch] how requests are made (the browser's fetch)
 * @property {(ms: number, signal?: AbortSignal) => Promise<void>} [wait] how to wait between tries
 * @property {() => number} [now] the wall clock, in milliseconds (for Retry-After dates)
 */

/**
 * @typedef {object} RequestOptions
 * @property {AbortSignal} [signal]
 * @property {(secondsLeft: number) => void} [onWait] hears each second of a wait for a busy node
 */

export class NodeClient {
  /**
   * @param {string} baseUrl the node's page URL, ending in "/" (the page passes its own
   *   location, so a node served under a path prefix works)
   * @param {ClientOptions} [options]
   */
  constructor(baseUrl, { fetch: fetcher = globalThis.fetch.bind(globalThis), wait = sleep, now = Date.now } = {}) {
    this.baseUrl = new URL(baseUrl).href;
    this.fetch = fetcher;
    this.wait = wait;
    this.now = now;
  }

  /**
   * The parsed JSON answer to GET `path` (relative, like "v1/status").
   * @param {string} path
   * @param {RequestOptions} [options]
   */
  getJson(path, options = {}) {
    return this.request('GET', path, null, options);
  }

  /**
   * The parsed JSON answer to POST `body` (JSON) to `path`.
   * @param {string} path
   * @param {unknown} body
   * @param {RequestOptions} [options]
   */
  postJson(path, body, options = {}) {
    return this.request('POST', path, JSON.stringify(body), options);
  }

  /**
   * The body of GET `path` as bytes (the genesis, which is kept as the node sent it).
   * @param {string} path
   * @param {RequestOptions} [options]
   */
  async getBytes(path, options = {}) {
    const response = await this.answered('GET', path, null, options);
    return new Uint8Array(await response.arrayBuffer());
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {string | null} body
   * @param {RequestOptions} options
   * @returns {Promise<unknown>}
   */
  async request(method, path, body, options) {
    const response = await this.answered(method, path, body, options);
    return readJson(response, `${method} ${path}`);
  }

  /**
   * The node's 2xx answer; busy answers are waited out (MAX_BUSY_ANSWERS at most).
   * Throws NodeRefused, NodeUnreachable, or the signal's reason.
   * @param {string} method
   * @param {string} path
   * @param {string | null} body
   * @param {RequestOptions} options
   * @returns {Promise<Response>}
   */
  async answered(method, path, body, { signal, onWait }) {
    const url = new URL(path, this.baseUrl).href;
    for (let busy = 1; ; busy++) {
      /** @type {Response} */
      let response;
      try {
        response = await this.fetch(url, {
          method, body, signal, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
          headers: body === null ? {} : { 'Content-Type': 'application/json' },
        });
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        throw new NodeUnreachable(`cannot reach the node at ${this.baseUrl} (${err instanceof Error ? err.message : err}); `
          + 'check the connection and try again');
      }
      if (response.ok) return response;
      if (!BUSY_STATUSES.includes(response.status) || busy >= MAX_BUSY_ANSWERS) throw await refusal(response, method, path);
      await response.body?.cancel();
      await this.countDown(retryAfterSeconds(response.headers.get('Retry-After'), this.now()), signal, onWait);
    }
  }

  /**
   * Wait `seconds`, telling `onWait` the whole seconds left at the start of each.
   * @param {number} seconds
   * @param {AbortSignal | undefined} signal
   * @param {((secondsLeft: number) => void) | undefined} onWait
   */
  async countDown(seconds, signal, onWait) {
    for (let left = seconds; left > 0; left--) {
      onWait?.(left);
      await this.wait(1000, signal);
    }
    onWait?.(0);
  }
}

/**
 * @param {Response} response
 * @param {string} what
 */
async function readJson(response, what) {
  const text = utf8Text(new Uint8Array(await response.arrayBuffer()));
  try {
    if (text === null) throw new Error('not UTF-8');
    return parseJson(text);
  } catch {
    throw new NodeUnreachable(`the node answered ${what} with something other than JSON; it may not be a cunzheng node`);
  }
}

/**
 * The node's refusal as a NodeRefused, with its message when it sent its JSON error.
 * @param {Response} response
 * @param {string} method
 * @param {string} path
 */
async function refusal(response, method, path) {
  /** @type {any} */
  let error = null;
  try {
    error = /** @type {any} */ (await readJson(response, `${method} ${path}`))?.error;
  } catch {
    // a proxy's HTML page, say: the status alone is all there is to say
  }
  const code = typeof error?.code === 'string' ? error.code : 'http_error';
  const message = typeof error?.message === 'string' ? error.message : `${method} ${path} answered HTTP ${response.status}`;
  return new NodeRefused(response.status, code, message);
}
