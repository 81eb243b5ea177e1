// JSON read as ledger/json_files.py parse_json reads it (Python's json.loads, a key repeated
// in one object refused, nesting bounded), so that the page accepts and refuses exactly the
// bundles, manifests, disclosures and genesis files `cunzheng verify` does. JSON.parse
// cannot: it turns 1.0 into 1 (Python keeps a float, which no integer field accepts), rounds
// integers beyond 2^53, and keeps the last of two values for one key without saying so
// (parsers disagree on which value counts).
//
// Values: null, booleans, strings, arrays, objects (own properties, "__proto__" included),
// integers as numbers (BigInt beyond 2^53 - 1), and every number with a fraction or an
// exponent, NaN and Infinity as a JsonFloat.

import { DecodeError } from './errors.js';

// ledger/json_files.py MAX_JSON_DEPTH: no cunzheng document nests deeper than 6.
export const MAX_JSON_DEPTH = 64;
const WHITESPACE = new Set([' ', '\t', '\n', '\r']); // json.decoder WHITESPACE: these four only
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const ESCAPES = /** @type {Record<string, string>} */ ({
  '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t',
});
const LITERALS = /** @type {[string, unknown][]} */ ([
  ['null', null], ['true', true], ['false', false],
]);
const FLOAT_LITERALS = /** @type {[string, number][]} */ ([
  ['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity],
]);

/** A JSON number that Python reads as a float: no integer field accepts it. */
export class JsonFloat {
  /** @param {number} value */
  constructor(value) {
    this.value = value;
  }
}

/**
 * The value of the JSON `text`.
 *
 * With `uniqueKeys`, a key given twice in one object is refused, as every file a verdict
 * reads is (parse_json); without, the last value counts (json.loads), which only telling
 * one kind of file from another may allow. Throws DecodeError naming the position of the
 * fault.
 * @param {string} text
 * @param {{ uniqueKeys?: boolean }} [options]
 * @returns {unknown}
 */
export function parseJson(text, { uniqueKeys = false } = {}) {
  const reader = new Reader(text, uniqueKeys);
  reader.skipSpace();
  const value = reader.value(0);
  reader.skipSpace();
  if (reader.at < text.length) reader.fail('extra data after the JSON value');
  return value;
}

class Reader {
  /**
   * @param {string} text
   * @param {boolean} uniqueKeys
   */
  constructor(text, uniqueKeys) {
    this.text = text;
    this.uniqueKeys = uniqueKeys;
    this.at = 0;
  }

  /**
   * @param {string} what
   * @returns {never}
   */
  fail(what) {
    throw new DecodeError(`not JSON: ${what} at character ${this.at}`, 'not_json');
  }

  skipSpace() {
    while (WHITESPACE.has(this.text[this.at])) this.at += 1;
  }

  /**
   * @param {number} depth
   * @returns {unknown}
   */
  value(depth) {
    const char = this.text[this.at];
    if (char === '"') return this.string();
    if (char === '{' || char === '[') {
      if (depth >= MAX_JSON_DEPTH) this.fail(`arrays and objects nested deeper than ${MAX_JSON_DEPTH} levels`);
      return char === '{' ? this.object(depth + 1) : this.array(depth + 1);
    }
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    for (const [word, value] of FLOAT_LITERALS) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return new JsonFloat(value);
      }
    }
    return this.number();
  }

  number() {
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    if (match === null) this.fail('expected a value');
    this.at += match[0].length;
    if (match[1] !== undefined || match[2] !== undefined) return new JsonFloat(Number(match[0]));
    const integer = BigInt(match[0]);
    const safe = integer >= BigInt(Number.MIN_SAFE_INTEGER)
      && integer <= BigInt(Number.MAX_SAFE_INTEGER);
    return safe ? Number(integer) : integer;
  }

  string() {
    this.at += 1; // the opening quote
    let out = '';
    for (;;) {
      const char = this.text[this.at];
      if (char === undefined) this.fail('unterminated string');
      if (char === '"') {
        this.at += 1;
        return out;
      }
      if (char < ' ') this.fail('control character in a string');
      if (char !== '\\') {
        out += char;
        this.at += 1;
        continue;
      }
      const escape = this.text[this.at + 1];
      if (escape === 'u') {
        const hex = this.text.slice(this.at + 2, this.at + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
        out += String.fromCharCode(parseInt(hex, 16)); // a lone surrogate stays, as in Python
        this.at += 6;
      } else if (escape !== undefined && escape in ESCAPES) {
        out += ESCAPES[escape];
        this.at += 2;
      } else {
        this.fail('bad escape');
      }
    }
  }

  /** @param {number} depth */
  array(depth) {
    this.at += 1;
    /** @type {unknown[]} */
    const items = [];
    this.skipSpace();
    if (this.text[this.at] === ']') {
      this.at += 1;
      return items;
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value(depth));
      this.skipSpace();
      const char = this.text[this.at];
      this.at += 1;
      if (char === ']') return items;
      if (char !== ',') this.fail("expected ',' or ']'");
    }
  }

  /** @param {number} depth */
  object(depth) {
    this.at += 1;
    /** @type {Record<string, unknown>} */
    const result = {};
    this.skipSpace();
    if (this.text[this.at] === '}') {
      this.at += 1;
      return result;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.at] !== '"') this.fail('expected a key in double quotes');
      const key = this.string();
      if (this.uniqueKeys && Object.hasOwn(result, key)) {
        this.fail(`key ${JSON.stringify(key)} appears twice in one object`);
      }
      this.skipSpace();
      if (this.text[this.at] !== ':') this.fail("expected ':'");
      this.at += 1;
      this.skipSpace();
      // defineProperty, not assignment: "__proto__" must become an own property.
      Object.defineProperty(result, key, {
        value: this.value(depth), enumerable: true, writable: true, configurable: true,
      });
      this.skipSpace();
      const char = this.text[this.at];
      this.at += 1;
      if (char === '}') return result;
      if (char !== ',') this.fail("expected ',' or '}'");
    }
  }
}

/**
 * A plain JSON object (what parseJson makes of `{…}`), not an array, null or a JsonFloat.
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
export function isJsonObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && !(value instanceof JsonFloat);
}

/**
 * Python's == on JSON values: numbers compare by value across int, float and bool (True == 1,
 * 1.0 == 1, NaN is equal to nothing), objects by their keys and values, arrays item by item.
 * The checks that a bundle's reading copies equal its signed bytes use it.
 * @param {unknown} a
 * @param {unknown} b
 * @returns {boolean}
 */
export function jsonEqual(a, b) {
  const x = numeric(a);
  const y = numeric(b);
  if (x !== null || y !== null) {
    // Loose equality compares a BigInt with a number exactly, as Python compares int and float.
    return x !== null && y !== null && x == y;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length
      && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length
      && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
  }
  return a === b;
}

/**
 * @param {unknown} value
 * @returns {number | bigint | null}
 */
function numeric(value) {
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof JsonFloat) return value.value;
  return null;
}
