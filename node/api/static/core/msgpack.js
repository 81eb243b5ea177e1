// Canonical msgpack (ledger/encoding.py): every ledger object is a msgpack array, version
// first, holding only integers, bytes (bin), UTF-8 str, nil, arrays and str-keyed maps with
// sorted keys; no floats, booleans or ext types. `unpack` accepts bytes only if packing what
// they hold gives the very same bytes, so every object has exactly one encoding, and hashes
// and signatures are over it.
//
// Written here rather than taken from a msgpack library: the format is this small subset,
// and a library's decoder gives maps as objects ("__proto__" refused or misread, keys like
// "9" and "10" reordered) and large integers as rounded numbers.
//
// Values: null, integers (numbers; see fields.js on the 2^53 limit), strings, Uint8Array,
// arrays, and Map<string, value> for maps (pack also takes a plain object).

import { compareText, equalBytes, isWellFormed, utf8, utf8Text } from './bytes.js';
import { DecodeError } from './errors.js';
import { typeName } from './fields.js';

export const MAX_DEPTH = 8;
const MAX_INT = 2n ** 63n - 1n;
const MIN_INT = -(2n ** 63n);

/**
 * The canonical encoding of `value`.
 *
 * Throws DecodeError for a float, boolean or other type, an integer outside signed 64 bits,
 * nesting deeper than MAX_DEPTH, or a string that UTF-8 cannot encode.
 * @param {unknown} value
 * @returns {Uint8Array}
 */
export function pack(value) {
  /** @type {number[]} */
  const out = [];
  packInto(out, value, 0);
  return Uint8Array.from(out);
}

/**
 * @param {number[]} out
 * @param {unknown} value
 * @param {number} depth
 */
function packInto(out, value, depth) {
  if (value === null) {
    out.push(0xc0);
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new DecodeError(`number ${value} is not an integer this encoding can hold exactly`);
    }
    packInt(out, value);
  } else if (typeof value === 'string') {
    if (!isWellFormed(value)) {
      throw new DecodeError('a string is not valid Unicode text (lone surrogate)');
    }
    const bytes = utf8(value);
    packLength(out, bytes.length, [0xa0, 32], 0xd9, 0xda, 0xdb);
    out.push(...bytes);
  } else if (value instanceof Uint8Array) {
    packLength(out, value.length, null, 0xc4, 0xc5, 0xc6);
    for (const b of value) out.push(b);
  } else if (Array.isArray(value) || value instanceof Map || isPlainObject(value)) {
    if (depth >= MAX_DEPTH) throw new DecodeError(`nesting deeper than ${MAX_DEPTH} levels`);
    if (Array.isArray(value)) {
      packLength(out, value.length, [0x90, 16], null, 0xdc, 0xdd);
      for (const item of value) packInto(out, item, depth + 1);
    } else {
      const entries = value instanceof Map ? [...value] : Object.entries(value);
      if (!entries.every(([key]) => typeof key === 'string')) {
        throw new DecodeError('map keys must be strings');
      }
      entries.sort(([a], [b]) => compareText(a, b));
      packLength(out, entries.length, [0x80, 16], null, 0xde, 0xdf);
      for (const [key, item] of entries) {
        packInto(out, key, depth + 1);
        packInto(out, item, depth + 1);
      }
    }
  } else {
    throw new DecodeError(`type ${typeName(value)} is not part of the canonical encoding`);
  }
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isPlainObject(value) {
  return typeof value === 'object' && value !== null
    && [Object.prototype, null].includes(Object.getPrototypeOf(value));
}

/**
 * Shortest form, as msgpack-python writes integers.
 * @param {number[]} out
 * @param {number} n
 */
function packInt(out, n) {
  if (n >= 0) {
    if (n < 0x80) out.push(n);
    else if (n < 0x100) out.push(0xcc, n);
    else if (n < 0x10000) out.push(0xcd, ...bigEndian(n, 2));
    else if (n < 0x100000000) out.push(0xce, ...bigEndian(n, 4));
    else out.push(0xcf, ...bigEndian(n, 8));
  } else if (n >= -32) {
    out.push(n & 0xff);
  } else if (n >= -0x80) {
    out.push(0xd0, n & 0xff);
  } else if (n >= -0x8000) {
    out.push(0xd1, ...bigEndian(n, 2));
  } else if (n >= -0x80000000) {
    out.push(0xd2, ...bigEndian(n, 4));
  } else {
    out.push(0xd3, ...bigEndian(n, 8));
  }
}

/**
 * The `size` bytes of two's-complement `n`, most significant first.
 * @param {number} n
 * @param {number} size
 */
function bigEndian(n, size) {
  let rest = BigInt.asUintN(8 * size, BigInt(n));
  const bytes = new Array(size);
  for (let i = size - 1; i >= 0; i--) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}

/**
 * The header of a str, bin, array or map of `count` items, shortest form.
 * @param {number[]} out
 * @param {number} count
 * @param {[number, number] | null} fix  the fix form's first byte and its limit, if any
 * @param {number | null} code8
 * @param {number} code16
 * @param {number} code32
 */
function packLength(out, count, fix, code8, code16, code32) {
  if (fix !== null && count < fix[1]) out.push(fix[0] | count);
  else if (code8 !== null && count < 0x100) out.push(code8, count);
  else if (count < 0x10000) out.push(code16, ...bigEndian(count, 2));
  else out.push(code32, ...bigEndian(count, 4));
}

/**
 * The value that canonical msgpack `data` holds.
 *
 * Throws DecodeError for input over `maxSize` bytes, malformed msgpack, trailing bytes,
 * invalid UTF-8, floats, booleans, ext types, non-str map keys, nesting deeper than
 * MAX_DEPTH, integers outside signed 64 bits (or beyond 2^53 - 1, see fields.js), or bytes
 * that hold a value but are not its canonical encoding.
 * @param {Uint8Array} data
 * @param {number} maxSize
 * @returns {unknown}
 */
export function unpack(data, maxSize) {
  if (data.length > maxSize) {
    throw new DecodeError(`encoding is ${data.length} bytes, the limit is ${maxSize}`);
  }
  const reader = new Reader(data);
  const value = reader.value(0);
  if (reader.at !== data.length) throw new DecodeError('trailing bytes after the encoded object');
  if (!equalBytes(pack(value), data)) {
    throw new DecodeError(
      'bytes are not the canonical encoding (non-minimal integers or lengths, unsorted map '
      + 'keys, str used for binary, or a float)');
  }
  return value;
}

class Reader {
  /** @param {Uint8Array} data */
  constructor(data) {
    this.data = data;
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.at = 0;
  }

  /** @param {number} count */
  take(count) {
    if (this.at + count > this.data.length) {
      throw new DecodeError('malformed msgpack: the data ends inside an object');
    }
    const start = this.at;
    this.at += count;
    return start;
  }

  /** @param {number} size */
  unsigned(size) {
    const at = this.take(size);
    if (size === 1) return this.view.getUint8(at);
    if (size === 2) return this.view.getUint16(at);
    if (size === 4) return this.view.getUint32(at);
    return integer(this.view.getBigUint64(at));
  }

  /** @param {number} size */
  signed(size) {
    const at = this.take(size);
    if (size === 1) return this.view.getInt8(at);
    if (size === 2) return this.view.getInt16(at);
    if (size === 4) return this.view.getInt32(at);
    return integer(this.view.getBigInt64(at));
  }

  /**
   * @param {number} depth
   * @returns {unknown}
   */
  value(depth) {
    const code = this.data[this.take(1)];
    if (code <= 0x7f) return code;
    if (code >= 0xe0) return code - 0x100;
    if (code === 0xc0) return null;
    if (code >= 0xa0 && code <= 0xbf) return this.text(code & 0x1f);
    if (code >= 0x90 && code <= 0x9f) return this.array(code & 0x0f, depth);
    if (code >= 0x80 && code <= 0x8f) return this.map(code & 0x0f, depth);
    switch (code) {
      case 0xcc: return this.unsigned(1);
      case 0xcd: return this.unsigned(2);
      case 0xce: return this.unsigned(4);
      case 0xcf: return this.unsigned(8);
      case 0xd0: return this.signed(1);
      case 0xd1: return this.signed(2);
      case 0xd2: return this.signed(4);
      case 0xd3: return this.signed(8);
      case 0xd9: return this.text(this.unsigned(1));
      case 0xda: return this.text(this.unsigned(2));
      case 0xdb: return this.text(this.unsigned(4));
      case 0xc4: return this.bytes(this.unsigned(1));
      case 0xc5: return this.bytes(this.unsigned(2));
      case 0xc6: return this.bytes(this.unsigned(4));
      case 0xdc: return this.array(this.unsigned(2), depth);
      case 0xdd: return this.array(this.unsigned(4), depth);
      case 0xde: return this.map(this.unsigned(2), depth);
      case 0xdf: return this.map(this.unsigned(4), depth);
      case 0xc2: case 0xc3:
        throw new DecodeError('type bool is not part of the canonical encoding');
      case 0xca: case 0xcb:
        throw new DecodeError('type float is not part of the canonical encoding');
      default:
        throw new DecodeError(`msgpack type byte 0x${code.toString(16)} (ext or reserved) is `
          + 'not part of the canonical encoding');
    }
  }

  /** @param {number} size */
  bytes(size) {
    const at = this.take(size);
    return this.data.slice(at, at + size);
  }

  /** @param {number} size */
  text(size) {
    const text = utf8Text(this.bytes(size));
    if (text === null) throw new DecodeError('malformed msgpack: a str is not valid UTF-8');
    return text;
  }

  /**
   * @param {number} count
   * @param {number} depth
   */
  array(count, depth) {
    if (depth >= MAX_DEPTH) throw new DecodeError(`nesting deeper than ${MAX_DEPTH} levels`);
    /** @type {unknown[]} */
    const items = [];
    for (let i = 0; i < count; i++) items.push(this.value(depth + 1));
    return items;
  }

  /**
   * @param {number} count
   * @param {number} depth
   */
  map(count, depth) {
    if (depth >= MAX_DEPTH) throw new DecodeError(`nesting deeper than ${MAX_DEPTH} levels`);
    /** @type {Map<string, unknown>} */
    const map = new Map();
    for (let i = 0; i < count; i++) {
      const key = this.value(depth + 1);
      if (typeof key !== 'string') throw new DecodeError('map keys must be strings');
      map.set(key, this.value(depth + 1));
    }
    return map;
  }
}

/**
 * A decoded 64-bit integer as a number; outside signed 64 bits, or beyond what a number
 * holds exactly, refused.
 * @param {bigint} value
 */
function integer(value) {
  if (value > MAX_INT || value < MIN_INT) {
    throw new DecodeError(`integer ${value} is outside the signed 64-bit range`);
  }
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new DecodeError(
      `integer ${value} is beyond 2^53 - 1, the largest integer this verifier handles exactly`);
  }
  return Number(value);
}

/**
 * Require `value` to be `[version, …]` with `fields` items in all (encoding.expect_array).
 * @param {unknown} value
 * @param {{ name: string, version: number, fields: number }} shape
 * @returns {unknown[]}
 */
export function expectArray(value, { name, version, fields }) {
  if (!Array.isArray(value)) {
    throw new DecodeError(`${name} must be a msgpack array, got ${typeName(value)}`);
  }
  if (value.length !== fields) {
    throw new DecodeError(`${name} must have ${fields} fields, got ${value.length}`);
  }
  if (value[0] !== version) {
    throw new DecodeError(`${name} version ${String(value[0])} is not supported (expected ${version})`);
  }
  return value;
}

