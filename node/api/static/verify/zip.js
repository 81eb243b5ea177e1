// Reading a 存证包 (the litigant's evidence package download, .zip) in the browser, as
// cli/package_zip.py reads it for `cunzheng verify`: only the proof bundle and the manifest
// are taken from it. Its genesis.json came with the evidence, so it is no trust anchor. A zip
// with unsafe or repeated member names, too many members or a member over the size limit is
// refused whole: such a file was not made by the page.

import { unzipSync } from '../vendor/fflate@0.8.3/esm/browser.js';

export const BUNDLE_MEMBER = 'proof.cunzheng.json';
export const MANIFEST_MEMBER = 'manifest.json';
const MAX_MEMBERS = 64;
const MAX_MEMBER_BYTES = 64 * 1024 * 1024;
export const MAX_ZIP_BYTES = 256 * 1024 * 1024;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const DRIVE = /^[A-Za-z]:/;

/** A zip refused, worded by the catalog's `zip.<code>`. */
export class ZipError extends Error {
  /**
   * @param {'unreadable' | 'too_many' | 'unsafe_name' | 'member_too_large' | 'no_bundle' | 'too_large'} code
   * @param {Record<string, unknown>} params
   */
  constructor(code, params = {}) {
    super(`${code}: ${JSON.stringify(params)}`);
    this.code = code;
    this.params = params;
  }
}

/**
 * Whether `head` (a file's first bytes) starts like a zip archive.
 * @param {Uint8Array} head
 */
export function looksLikeZip(head) {
  return ZIP_MAGIC.every((byte, i) => head[i] === byte);
}

/**
 * The bundle's and (when there is one) the manifest's bytes in the 存证包 `data`. Throws
 * ZipError.
 * @param {Uint8Array} data
 * @returns {{ bundle: Uint8Array, manifest: Uint8Array | null }}
 */
export function readPackageZip(data) {
  if (data.length > MAX_ZIP_BYTES) throw new ZipError('too_large', { limit: MAX_ZIP_BYTES });
  const names = new Set();
  /** @type {ZipError | null} */
  let refused = null;
  let members;
  try {
    members = unzipSync(data, {
      filter(file) {
        // Every member is looked at, so that one bad name refuses the whole zip.
        if (refused !== null) return false;
        if (names.size >= MAX_MEMBERS) refused = new ZipError('too_many', { limit: MAX_MEMBERS });
        else if (isUnsafe(file.name) || names.has(file.name)) refused = new ZipError('unsafe_name', { member: file.name });
        else if (file.originalSize > MAX_MEMBER_BYTES) {
          refused = new ZipError('member_too_large', { member: file.name, limit: MAX_MEMBER_BYTES });
        }
        names.add(file.name);
        return refused === null && (file.name === BUNDLE_MEMBER || file.name === MANIFEST_MEMBER);
      },
    });
  } catch (err) {
    throw new ZipError('unreadable', { detail: err instanceof Error ? err.message : String(err) });
  }
  if (refused !== null) throw refused;
  const bundle = Object.hasOwn(members, BUNDLE_MEMBER) ? members[BUNDLE_MEMBER] : null;
  if (bundle === null) throw new ZipError('no_bundle', { member: BUNDLE_MEMBER });
  return { bundle, manifest: Object.hasOwn(members, MANIFEST_MEMBER) ? members[MANIFEST_MEMBER] : null };
}

/** @param {string} name */
function isUnsafe(name) {
  const parts = name.split('/');
  return !name || name.includes('\0') || name.includes('\\') || name.startsWith('/')
    || DRIVE.test(name) || parts.includes('..');
}
