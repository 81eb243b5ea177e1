// Where the page runs and what it was given there (docs/web-page.md, "The offline verifier").
//
// Served by a node, the page talks to that node (relative URLs: v1/…), fetches rules.json,
// starts its hashing workers as modules from static/, and its trust anchor is the node's
// genesis, which the node puts in the page. Built into one file (`cunzheng verifier`, the
// node's /verifier.html, a certificate), everything comes from blocks of the file itself:
// the trust anchor (or none), rules.json, the hashing worker's source and, in a certificate,
// the record. Blocks of type application/json and text/plain are data: browsers never run
// them, so the file's policy lists no hash for them.

import { utf8 } from '../core/bytes.js';
import { parseJson } from '../core/json.js';
import { PackageRules } from '../core/rules.js';
import { Genesis } from '../core/validators.js';
import { HashPool } from '../hashing/hashing.js';

/** The id of each data block a page may carry. */
export const BLOCKS = /** @type {const} */ ({
  trustAnchor: 'trust-anchor', rules: 'rules', record: 'record', hashWorker: 'hash-worker',
});

/** A failure to talk to the node, worded by the catalog's `page.<code>`. */
export class NodeError extends Error {
  /**
   * @param {'network_error' | 'node_error'} code
   * @param {Record<string, unknown>} params
   */
  constructor(code, params) {
    super(`${code}: ${JSON.stringify(params)}`);
    this.code = code;
    this.params = params;
  }
}

/**
 * The text of the data block `id`, or null when the page has none (or it holds `null`).
 * @param {string} id
 */
export function dataBlock(id) {
  const block = document.getElementById(id);
  if (block === null || block.tagName !== 'SCRIPT') return null;
  const text = block.textContent ?? '';
  return text.trim() === 'null' ? null : text;
}

/**
 * The node the page was served by: JSON and bytes by relative path (so the page also works
 * behind a reverse proxy that adds a path prefix).
 */
export class NodeClient {
  /**
   * The body of GET `path`; throws NodeError.
   * @param {string} path
   */
  async bytes(path) {
    let response;
    try {
      response = await fetch(path, { headers: { Accept: 'application/json' } });
    } catch (err) {
      throw new NodeError('network_error', { detail: err instanceof Error ? err.message : String(err) });
    }
    const body = new Uint8Array(await response.arrayBuffer());
    if (!response.ok) {
      let message = response.statusText;
      try {
        message = JSON.parse(new TextDecoder().decode(body))?.error?.message ?? message;
      } catch {
        // not JSON: the status text says it
      }
      throw new NodeError('node_error', { status: response.status, message });
    }
    return body;
  }

  /**
   * The JSON of GET `path`; throws NodeError.
   * @param {string} path
   * @returns {Promise<any>}
   */
  async json(path) {
    const body = await this.bytes(path);
    try {
      return JSON.parse(new TextDecoder().decode(body));
    } catch (err) {
      throw new NodeError('node_error', { status: 200, message: err instanceof Error ? err.message : String(err) });
    }
  }

  /**
   * The text of GET `path` (the signed checkpoint, the offline verifier); throws NodeError.
   * @param {string} path
   */
  async text(path) {
    return new TextDecoder().decode(await this.bytes(path));
  }
}

/**
 * @typedef {object} Environment
 * @property {boolean} offline built into one file: no node to ask
 * @property {{ genesis: Genesis, origin: 'node' | 'embedded' } | null} anchor the trust anchor the page came with
 * @property {PackageRules} rules
 * @property {unknown} rulesJson rules.json as parsed, for what else reads it (the court warnings)
 * @property {string | null} record a certificate's record block
 * @property {HashPool} pool
 * @property {NodeClient | null} node
 */

/**
 * The environment of this page. Throws DecodeError when a block the page was built with is
 * malformed (a page edited by hand), NodeError when a node cannot serve rules.json.
 * @returns {Promise<Environment>}
 */
export async function loadEnvironment() {
  const workerSource = dataBlock(BLOCKS.hashWorker);
  const offline = workerSource !== null;
  const anchorText = dataBlock(BLOCKS.trustAnchor);
  const genesis = anchorText === null ? null : Genesis.fromFileBytes(utf8(anchorText));
  const node = offline ? null : new NodeClient();
  const rulesText = offline ? dataBlock(BLOCKS.rules) : await /** @type {NodeClient} */ (node).text('static/rules.json');
  const rulesJson = parseJson(rulesText ?? 'null');
  return {
    offline,
    anchor: genesis === null ? null : { genesis, origin: offline ? 'embedded' : 'node' },
    rules: PackageRules.fromJson(rulesJson),
    rulesJson,
    record: dataBlock(BLOCKS.record),
    pool: workerSource === null ? new HashPool() : new HashPool({ createWorker: blobWorker(workerSource) }),
    node,
  };
}

/**
 * Starts hashing workers from `source` through one Blob URL: a single file opened from
 * file:// can load nothing beside it, and a worker from a Blob URL runs under the page's
 * own policy (worker-src blob:).
 * @param {string} source
 */
function blobWorker(source) {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  return () => new Worker(url, { name: 'cunzheng-hash' });
}
