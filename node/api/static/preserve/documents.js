// The litigant's copy of a committed preservation as this node makes it: the 存证包
// (package-zip.js) with verifier.html, the node's /verifier.html as served (the offline
// verifier with the consortium's genesis built in), and certificate.html, that same file with
// the record embedded by the one certificate renderer (certificate/record.js). The
// certificate is thus byte for byte what `cunzheng certificate BUNDLE --manifest M --genesis
// <the node's genesis> --page-url <the node's page>` writes (docs/web-page.md).

import { utf8, utf8Text } from '../core/bytes.js';
import { DecodeError } from '../core/errors.js';
import { parseJson } from '../core/json.js';
import { Manifest } from '../core/manifest.js';
import { certificateRecord, embedRecord } from '../certificate/record.js';
import { packageZip } from './package-zip.js';

/**
 * The 存证包 of `record` (committed), its documents made from the node's offline verifier.
 * Resolves to its file name and bytes. Throws NodeRefused or NodeUnreachable when the node
 * cannot serve /verifier.html, DecodeError when what it serves is no offline verifier or the
 * stored manifest cannot be read, and TypeError for a record not committed.
 * @param {import('./store.js').Preservation} record
 * @param {{ client: import('./node-client.js').NodeClient, rules: import('../core/rules.js').PackageRules }} node
 */
export function litigantCopy(record, { client, rules }) {
  return packageZip(record, async (committed) => {
    const verifier = await client.getBytes('verifier.html');
    const html = utf8Text(verifier);
    if (html === null) throw new DecodeError('the node served a verifier.html that is not UTF-8 text');
    const manifest = Manifest.fromJson(parseJson(committed.manifest), rules.roles);
    const bundle = parseJson(/** @type {string} */ (committed.bundle));
    let certificate;
    try {
      certificate = embedRecord(html, certificateRecord(bundle, manifest, committed.node));
    } catch (err) {
      if (err instanceof TypeError) throw new DecodeError(`the node's verifier.html cannot carry a record: ${err.message}`);
      throw err;
    }
    return { certificate: utf8(certificate), verifier };
  });
}
