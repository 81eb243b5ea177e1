// Checks on single fields of ledger objects and of their JSON forms (ledger/fields.py).
// Each throws DecodeError saying what the field must be and what it is.
//
// Integers: the ledger allows 0 to 2^63 - 1; JavaScript numbers are exact only to 2^53 - 1,
// so larger integers are refused here (docs/web-page.md, "Where the page differs from `cunzheng verify`"). No real
// ledger value comes near: a time in milliseconds reaches 2^53 in the year 287 396.

import { codePoints, hexToBytes, isWellFormed } from './bytes.js';
import { DecodeError } from './errors.js';
import { isJsonObject } from './json.js';

/**
 * The type name Python would print for a JSON or msgpack value, for messages.
 * @param {unknown} value
 */
export function typeName(value) {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number' || typeof value === 'bigint') return 'int';
  if (typeof value === 'string') return 'str';
  if (value instanceof Uint8Array) return 'bytes';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Map || isJsonObject(value)) return 'dict';
  return 'float';
}

/**
 * @param {unknown} value
 * @param {string} name
 * @param {number} [size]
 * @returns {asserts value is Uint8Array}
 */
export function checkBytes(value, name, size) {
  if (!(value instanceof Uint8Array)) {
    throw new DecodeError(`${name} must be bytes, got ${typeName(value)}`);
  }
  if (size !== undefined && value.length !== size) {
    throw new DecodeError(`${name} must be ${size} bytes, got ${value.length}`);
  }
}

/**
 * @param {unknown} value
 * @param {string} name
 * @param {number} [size]
 * @returns {asserts value is Uint8Array | null}
 */
export function checkOptionalBytes(value, name, size) {
  if (value !== null) checkBytes(value, name, size);
}

/**
 * @param {unknown} value
 * @param {string} name
 * @param {number} [minimum]
 * @returns {asserts value is number}
 */
export function checkInt(value, name, minimum = 0) {
  if (typeof value === 'bigint') {
    throw new DecodeError(
      `${name} is ${value}, beyond 2^53 - 1, the largest integer this verifier handles exactly`);
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new DecodeError(`${name} must be an integer, got ${typeName(value)}`);
  }
  if (value < minimum) {
    throw new DecodeError(`${name} must be between ${minimum} and 9223372036854775807, got ${value}`);
  }
}

/**
 * @param {unknown} value
 * @param {string} name
 * @returns {asserts value is number | null}
 */
export function checkOptionalInt(value, name) {
  if (value !== null) checkInt(value, name);
}

/**
 * A str of at most `maxLength` characters (code points, as Python counts) that UTF-8 can
 * encode.
 * @param {unknown} value
 * @param {string} name
 * @param {number} maxLength
 * @returns {asserts value is string}
 */
export function checkStr(value, name, maxLength) {
  if (typeof value !== 'string') {
    throw new DecodeError(`${name} must be a string, got ${typeName(value)}`);
  }
  const length = codePoints(value);
  if (length > maxLength) {
    throw new DecodeError(`${name} is ${length} characters, the limit is ${maxLength}`);
  }
  if (!isWellFormed(value)) {
    throw new DecodeError(`${name} is not valid Unicode text (a lone surrogate)`);
  }
}

/**
 * The bytes of a lowercase-hex JSON field, `size` bytes long when given.
 * @param {unknown} value
 * @param {string} name
 * @param {number} [size]
 * @returns {Uint8Array}
 */
export function checkHex(value, name, size) {
  if (typeof value !== 'string') {
    throw new DecodeError(`${name} must be a hex string, got ${typeName(value)}`);
  }
  if (value !== value.toLowerCase()) throw new DecodeError(`${name} must be lowercase hex`);
  const raw = hexToBytes(value);
  if (raw === null) {
    throw new DecodeError(`${name} is not valid hex: expected pairs of digits 0-9, a-f only`);
  }
  if (size !== undefined && raw.length !== size) {
    throw new DecodeError(`${name} must be ${size} bytes (${2 * size} hex digits), got ${raw.length}`);
  }
  return raw;
}

/**
 * A JSON object with only `allowed` keys and every `required` one.
 * @param {unknown} obj
 * @param {string} name
 * @param {Iterable<string>} allowed
 * @param {Iterable<string>} required
 * @returns {asserts obj is Record<string, unknown>}
 */
export function checkFields(obj, name, allowed, required) {
  if (!isJsonObject(obj)) {
    throw new DecodeError(`${name} must be a JSON object, got ${typeName(obj)}`);
  }
  const allowedSet = new Set(allowed);
  const unknown = Object.keys(obj).filter((key) => !allowedSet.has(key)).sort();
  if (unknown.length) throw new DecodeError(`${name} has unknown fields: ${unknown.join(', ')}`);
  const missing = [...required].filter((key) => !Object.hasOwn(obj, key)).sort();
  if (missing.length) throw new DecodeError(`${name} is missing fields: ${missing.join(', ')}`);
}
