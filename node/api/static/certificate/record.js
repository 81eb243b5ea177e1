// The record a certificate carries (docs/web-page.md, "The certificate"): the proof bundle,
// for a package the manifest's file list WITHOUT salts (a salt is what lets a file be
// disclosed alone, so it stays with the litigant) and its collection record, and the address
// of the node's page its QR code opens. A certificate is the offline verifier with this
// record in its `record` block; node/api/offline_page.py embeds it the same way, so that the
// page and `cunzheng certificate` write the same bytes for the same record.
//
// The record is serialized canonically: keys sorted by code point, no spaces, only `"`, `\`
// and control characters escaped, as Python's json.dumps(ensure_ascii=False,
// separators=(",", ":"), sort_keys=True) writes it; then every "<" as \u003c, so that no text
// in it can close its <script> block.

import { compareText, utf8 } from '../core/bytes.js';
import { DecodeError } from '../core/errors.js';
import { checkFields, checkHex, checkInt, checkStr } from '../core/fields.js';
import { isJsonObject, parseJson } from '../core/json.js';
import { TEXT_FIELDS } from '../core/collection.js';

export const RECORD_FORMAT = 'cunzheng-certificate/v1';
/** The empty record block of the offline verifier, which a certificate fills. */
export const EMPTY_RECORD_BLOCK = '<script type="application/json" id="record">null</script>';
const FILE_FIELDS = ['path', 'role', 'size', 'alg', 'file_hash'];
const RECORD_FIELDS = ['format', 'bundle', 'package', 'page_url'];
const PACKAGE_FIELDS = ['manifest_format', 'files', 'collection'];

/**
 * @typedef {{ path: string, role: string, size: number, alg: string, file_hash: string }} ListedFile
 * @typedef {{ manifestFormat: string, files: ListedFile[], collection: Record<string, string | null>, steps: string[] }} ListedPackage
 * @typedef {{ bundle: Uint8Array, entryId: string, package: ListedPackage | null, pageUrl: string | null }} CertificateRecord
 */

/**
 * `value` (null, booleans, safe integers, strings, arrays, plain objects) as canonical JSON.
 * Throws TypeError for anything else.
 * @param {unknown} value
 * @returns {string}
 */
export function canonicalJson(value) {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort(compareText);
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  throw new TypeError(`a certificate record holds JSON values with integers only, not ${String(value)}`);
}

/**
 * The record of the proof bundle `bundle` (its parsed JSON), with the file list and
 * collection record of `manifest` when the record is a package, opened by the page at
 * `pageUrl` (null: the certificate has no QR code).
 * @param {unknown} bundle
 * @param {import('../core/manifest.js').Manifest | null} manifest
 * @param {string | null} pageUrl
 */
export function certificateRecord(bundle, manifest, pageUrl) {
  const listed = manifest === null ? null : {
    manifest_format: `cunzheng-package/v${manifest.version}`,
    files: manifest.files.map(({ packageFile, role }) => {
      const { path, size, alg, file_hash: fileHash } = packageFile.toJson();
      return { path, role, size, alg, file_hash: fileHash };
    }),
    collection: { ...manifest.collection.statement, steps: manifest.collection.steps },
  };
  return { format: RECORD_FORMAT, bundle, package: listed, page_url: pageUrl };
}

/**
 * The certificate: the offline verifier `verifierHtml` with `record` in its record block.
 * Throws TypeError when the page has no empty record block (not an offline verifier).
 * @param {string} verifierHtml
 * @param {ReturnType<typeof certificateRecord>} record
 */
export function embedRecord(verifierHtml, record) {
  const parts = verifierHtml.split(EMPTY_RECORD_BLOCK);
  if (parts.length !== 2) throw new TypeError('the page is not an offline verifier: it has no empty record block');
  const json = canonicalJson(record).replaceAll('<', '\\u003c');
  return `${parts[0]}<script type="application/json" id="record">${json}</script>${parts[1]}`;
}

/**
 * The record in a certificate's record block `text`. Nothing in it is trusted: the bundle is
 * judged, and the file list is shown as the manifest stated it. Throws DecodeError for a
 * record that is not of this format.
 * @param {string} text
 * @returns {CertificateRecord}
 */
export function readRecord(text) {
  const record = parseJson(text, { uniqueKeys: true });
  checkFields(record, 'certificate record', RECORD_FIELDS, RECORD_FIELDS);
  if (record.format !== RECORD_FORMAT) throw new DecodeError(`certificate record format ${JSON.stringify(record.format)}, expected ${RECORD_FORMAT}`);
  if (record.page_url !== null) checkStr(record.page_url, 'page_url', 2048);
  if (!isJsonObject(record.bundle)) throw new DecodeError('the certificate record holds no proof bundle');
  let bundle;
  try {
    bundle = utf8(canonicalJson(record.bundle));
  } catch (err) {
    throw new DecodeError(`the certificate's proof bundle is not plain JSON: ${err instanceof Error ? err.message : err}`);
  }
  const entryId = typeof record.bundle.id === 'string' ? record.bundle.id : '';
  return { bundle, entryId, package: record.package === null ? null : listedPackage(record.package), pageUrl: record.page_url };
}

/**
 * @param {unknown} value
 * @returns {ListedPackage}
 */
function listedPackage(value) {
  checkFields(value, 'certificate package', PACKAGE_FIELDS, PACKAGE_FIELDS);
  checkStr(value.manifest_format, 'manifest_format', 64);
  if (!Array.isArray(value.files)) throw new DecodeError('the certificate\'s file list is not a list');
  const files = value.files.map((item) => {
    checkFields(item, 'listed file', FILE_FIELDS, FILE_FIELDS);
    for (const name of ['path', 'role', 'alg']) checkStr(item[name], name, 4096);
    checkInt(item.size, 'size');
    checkHex(item.file_hash, 'file_hash', 32);
    return /** @type {ListedFile} */ (item);
  });
  const names = [...TEXT_FIELDS, 'steps'];
  const { collection } = value;
  checkFields(collection, 'collection', names, names);
  for (const name of TEXT_FIELDS) if (collection[name] !== null) checkStr(collection[name], name, 4096);
  const { steps } = collection;
  if (!Array.isArray(steps) || !steps.every((step) => typeof step === 'string')) {
    throw new DecodeError('the collection steps are not a list of texts');
  }
  const stated = /** @type {Record<string, string | null>} */ (Object.fromEntries(TEXT_FIELDS.map((name) => [name, collection[name]])));
  return { manifestFormat: value.manifest_format, files, collection: stated, steps };
}

