// The litigant's copy of a committed preservation: one download, the 存证包 (.zip), holding
// README.txt, manifest.json, proof.cunzheng.json, certificate.html, verifier.html and
// genesis.json (docs/web-page.md, "The 存证包"). `cunzheng verify 存证包.zip --package DIR`
// reads it (cli/package_zip.py), and so does the offline verifier.
//
// The zip is made in the browser with fflate (vendor/README.md) and is the same bytes for the
// same preservation wherever it is made: the members in a fixed order, deflated at a fixed
// level, each dated with the block's time in Beijing time (a zip stores local date and time
// fields, without a zone). The certificate and the offline verifier come from the caller
// (`documents`), as the node makes them, so this module does not depend on how.

import { bytesToHex, hexToBytes, utf8 } from '../core/bytes.js';
import { certificateNumber } from '../core/display.js';
import { parseJson } from '../core/json.js';
import { Genesis } from '../core/validators.js';
import { readmeText } from './readme.js';
import { statedTimeMs } from './stated-time.js';
import { zipSync } from '../vendor/fflate@0.8.3/esm/browser.js';

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;
const DEFLATE_LEVEL = 6;

/**
 * @typedef {object} Documents what the node makes of a committed record
 * @property {Uint8Array} certificate certificate.html: the offline verifier with the record embedded
 * @property {Uint8Array} verifier verifier.html: the offline verifier with the node's genesis
 */

/**
 * The download's file name: 存证包-<certificate number without spaces>.zip.
 * @param {string} entryId hex
 */
export function packageZipName(entryId) {
  return `存证包-${certificateNumber(/** @type {Uint8Array} */ (hexToBytes(entryId))).replaceAll(' ', '')}.zip`;
}

/**
 * The 存证包 of `record`, a committed preservation (store.js), with `documents()`'s
 * certificate and verifier. Resolves to its file name and bytes. Throws TypeError for a
 * record that is not committed, and whatever `documents` throws.
 * @param {import('./store.js').Preservation} record
 * @param {(record: import('./store.js').Preservation) => Promise<Documents>} documents
 * @returns {Promise<{ name: string, bytes: Uint8Array }>}
 */
export async function packageZip(record, documents) {
  const { committed, bundle, genesis } = record;
  if (record.status !== 'committed' || committed === null || bundle === null || genesis === null) {
    throw new TypeError(`preservation ${record.id} is ${record.status}: its 存证包 is made once it is committed`);
  }
  const name = packageZipName(record.id);
  const { certificate, verifier } = await documents(record);
  const manifest = /** @type {{ files: { path: string, size: number }[] }} */ (parseJson(record.manifest));
  const consortium = Genesis.fromFileBytes(utf8(genesis));
  const readme = readmeText({
    zipName: name,
    certificateNumber: certificateNumber(/** @type {Uint8Array} */ (hexToBytes(record.id))),
    entryId: record.id,
    node: record.node,
    ...committed,
    noLaterThanMs: statedTimeMs(record),
    chainId: consortium.chainId,
    genesisHash: bytesToHex(consortium.hash()),
    publicationUrl: consortium.publication?.url ?? null,
    files: manifest.files.map((file) => ({ path: file.path, size: file.size })),
  });
  // Fields read as local date and time: those of the block's time in Beijing.
  const beijing = new Date(committed.timeMs + BEIJING_OFFSET_MS);
  const mtime = new Date(beijing.getUTCFullYear(), beijing.getUTCMonth(), beijing.getUTCDate(),
    beijing.getUTCHours(), beijing.getUTCMinutes(), beijing.getUTCSeconds());
  /** @type {[string, Uint8Array][]} */
  const members = [
    ['README.txt', utf8(readme)],
    ['manifest.json', utf8(record.manifest)],
    ['proof.cunzheng.json', utf8(bundle)],
    ['certificate.html', certificate],
    ['verifier.html', verifier],
    ['genesis.json', utf8(genesis)],
  ];
  const bytes = zipSync(Object.fromEntries(members.map(([member, data]) => [member, [data, { level: DEFLATE_LEVEL, mtime }]])));
  return { name, bytes };
}
