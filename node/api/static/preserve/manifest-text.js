// A manifest as `cunzheng seal` writes it (ledger/manifest.py Manifest.to_json, written by
// ledger/json_files.py write_json_file): Python's json.dumps(value, indent=2,
// ensure_ascii=False) and a newline, byte for byte, so that a package sealed in the browser
// is the same file the command line would have written.
//
// JSON.stringify(value, null, 2) writes the same bytes for a manifest's values: both put
// each item on its own line indented by two spaces, write "key": value with one space, [] and
// {} for empty containers, keys in insertion order (none of a manifest's keys is an integer,
// which JavaScript would move first), integers in decimal, and escape in strings exactly ",
// \, \b, \f, \n, \r, \t as such and the other characters below U+0020 as \u00XX with
// lowercase hex; every other character, U+2028 and U+2029 included, is written as itself.
// Lone surrogates, which the two would write differently, cannot be in a manifest
// (core/fields.js checkStr). tests/js/preserve-seal.test.js compares with the command's
// bytes.

import { bytesToHex } from '../core/bytes.js';

const FORMATS = { 1: 'cunzheng-package/v1', 2: 'cunzheng-package/v2' };

/**
 * The manifest file's JSON object, its keys in ledger/manifest.py's order.
 * @param {import('../core/manifest.js').Manifest} manifest
 */
export function manifestJson(manifest) {
  const { entry, collection } = manifest;
  return {
    format: FORMATS[manifest.version],
    package_root: bytesToHex(entry.digest),
    id: bytesToHex(entry.leafHash()),
    entry: entry.toJson(),
    collection: {
      ...(collection.salt === null ? {} : { salt: bytesToHex(collection.salt) }),
      ...collection.statement,
      steps: collection.steps,
    },
    files: manifest.files.map((item) => ({ ...item.packageFile.toJson(), role: item.role })),
  };
}

/**
 * The manifest file's text, as `cunzheng seal` writes it.
 * @param {import('../core/manifest.js').Manifest} manifest
 */
export function manifestText(manifest) {
  return `${JSON.stringify(manifestJson(manifest), null, 2)}\n`;
}
