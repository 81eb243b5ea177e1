// The certificate's QR code, drawn as SVG from the vendored `qr` encoder (vendor/README.md):
// one path of unit squares, so it prints sharp at any size and needs no image source (the
// offline verifier's policy allows none).

import { encodeQR } from '../vendor/qr@0.7.0/index.js';
import { svg } from '../page/dom.js';

// Level M restores about 15% of damaged modules: a creased or stamped page still scans.
const ERROR_CORRECTION = 'medium';
const QUIET_ZONE = 4; // modules, as ISO/IEC 18004 requires

/**
 * The QR code of `text` as an SVG element sized by CSS (viewBox only).
 * @param {string} text
 */
export function qrCode(text) {
  const modules = encodeQR(text, 'raw', { ecc: ERROR_CORRECTION, border: QUIET_ZONE });
  const size = modules.length;
  let path = '';
  modules.forEach((row, y) => row.forEach((dark, x) => {
    if (dark) path += `M${x} ${y}h1v1h-1z`;
  }));
  const code = svg('svg', {
    viewBox: `0 0 ${size} ${size}`, class: 'qr-code', role: 'img', 'shape-rendering': 'crispEdges',
  });
  code.append(svg('rect', { width: String(size), height: String(size), fill: '#fff' }));
  code.append(svg('path', { d: path, fill: '#000' }));
  return code;
}

/**
 * The address a certificate's QR code opens: the node's page in 核验 mode on the record.
 * @param {string} pageUrl the page's address, without a fragment
 * @param {string} entryId hex
 * @param {boolean} isPackage
 */
export function verifyAddress(pageUrl, entryId, isPackage) {
  return `${pageUrl}#verify?id=${entryId}&kind=${isPackage ? 'package' : 'file'}`;
}
