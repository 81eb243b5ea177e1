// Bytes as the ledger's formats write them: lowercase hex, canonical padded base64 (RFC 4648
// §4), UTF-8. Conversions that can fail return null; fields.js and the parsers word the error.

const encoder = new TextEncoder();
// fatal: invalid UTF-8 is refused, as Python's bytes.decode("utf-8") refuses it; ignoreBOM:
// a leading U+FEFF is kept as a character, as Python keeps it.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const LOWER_HEX = /^(?:[0-9a-f]{2})*$/;
// In a /u expression a surrogate range matches only lone surrogates: pairs are code points.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Whether UTF-8 can encode `text`: false when it holds a lone surrogate (as JSON's "\ud800"
 * makes), which TextEncoder would silently replace and Python refuses.
 * @param {string} text
 */
export function isWellFormed(text) {
  return !LONE_SURROGATE.test(text);
}

/**
 * The UTF-8 bytes of `text`. Requires isWellFormed(text).
 * @param {string} text
 */
export function utf8(text) {
  return encoder.encode(text);
}

/**
 * The text of UTF-8 `bytes`, or null when they are not valid UTF-8.
 * @param {Uint8Array} bytes
 * @returns {string | null}
 */
export function utf8Text(bytes) {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** @param {Uint8Array} bytes */
export function bytesToHex(bytes) {
  let text = '';
  for (const b of bytes) text += b.toString(16).padStart(2, '0');
  return text;
}

/**
 * The bytes of lowercase hex `text` (pairs of 0-9, a-f, nothing else), or null.
 * @param {string} text
 * @returns {Uint8Array | null}
 */
export function hexToBytes(text) {
  if (!LOWER_HEX.test(text)) return null;
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** @param {Uint8Array} bytes */
export function bytesToBase64(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * The bytes of canonical padded base64 `text`, or null: only text that encoding the result
 * gives back exactly is accepted (atob alone also takes spaces, missing padding and stray
 * low bits), as ledger/keys.py decode_base64 does.
 * @param {string} text
 * @returns {Uint8Array | null}
 */
export function base64ToBytes(text) {
  let binary;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return bytesToBase64(bytes) === text ? bytes : null;
}

/** @param {...Uint8Array} parts */
export function concatBytes(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * @param {Uint8Array} a
 * @param {Uint8Array} b
 */
export function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Negative, zero or positive as `a` sorts before, with or after `b` byte by byte (Python's
 * bytes order).
 * @param {Uint8Array} a
 * @param {Uint8Array} b
 */
export function compareBytes(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * Python's str order (code points), which is the order of the UTF-8 bytes; JavaScript's `<`
 * compares UTF-16 code units, which differs above U+FFFF.
 * @param {string} a
 * @param {string} b
 */
export function compareText(a, b) {
  return compareBytes(utf8(a), utf8(b));
}

/**
 * The number of code points of `text`: Python's len(), which limits like "64 characters"
 * count (JavaScript's .length counts UTF-16 code units).
 * @param {string} text
 */
export function codePoints(text) {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
