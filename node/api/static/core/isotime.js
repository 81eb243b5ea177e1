// ISO 8601 times as Python 3.11's datetime.fromisoformat reads them, for the collection
// record's `started` and `ended` (ledger/collection.py): a manifest whose times Python
// refuses is malformed, so the page must refuse exactly those.
//
// A port of CPython 3.11's Modules/_datetimemodule.c (datetime_fromisoformat and the parse_*
// functions it calls), working on the UTF-8 bytes as it does, quirks included: any single
// character separates date and time, "14.5" is 14:00:00.5, text after the seconds is
// ignored when an offset follows. Week dates (2026-W47-5) are read; ordinal dates are not.

import { utf8 } from './bytes.js';

/**
 * @typedef {object} IsoTime
 * @property {number} localMs milliseconds since 1970-01-01 of the date and time as written
 * @property {number} microsecond
 * @property {number | null} offsetMicros the UTC offset in microseconds; null for a naive time
 */

const DIGIT_0 = 0x30;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The time `text` writes, or null when datetime.fromisoformat would raise ValueError.
 * @param {string} text
 * @returns {IsoTime | null}
 */
export function parseIsoTime(text) {
  const bytes = utf8(text);
  // Reading past the end gives 0, as the C code reads the string's terminating NUL.
  const at = (/** @type {number} */ i) => (i < bytes.length ? bytes[i] : 0);
  const separator = separatorLocation(at, bytes.length);
  if (separator < 0) return null;
  const date = parseDate(at, separator);
  if (date === null) return null;
  let time = { hour: 0, minute: 0, second: 0, microsecond: 0, offset: /** @type {number | null} */ (null) };
  if (separator < bytes.length) {
    const lead = bytes[separator];
    let start = separator + 1;
    if (lead & 0x80) start = separator + ((lead & 0xf0) === 0xe0 ? 3 : (lead & 0xf0) === 0xf0 ? 4 : 2);
    const parsed = parseTime(at, start, bytes.length);
    if (parsed === null) return null;
    time = parsed;
  }
  const [year, month, day] = date;
  const monthDays = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > monthDays) return null;
  if (time.hour > 23 || time.minute > 59 || time.second > 59) return null;
  // timezone(): strictly between -24 h and 24 h.
  if (time.offset !== null && Math.abs(time.offset) >= 86_400_000_000) return null;
  // setUTCFullYear, not Date.UTC: that maps years 0 to 99 to 1900 to 1999.
  const moment = new Date(0);
  moment.setUTCFullYear(year, month - 1, day);
  moment.setUTCHours(time.hour, time.minute, time.second, Math.floor(time.microsecond / 1000));
  return { localMs: moment.getTime(), microsecond: time.microsecond, offsetMicros: time.offset };
}

/**
 * Whether `later` is an earlier instant than `earlier` when both can be ordered (both with
 * an offset, or both without, as Python compares them); false when they cannot be.
 * @param {IsoTime} earlier
 * @param {IsoTime} later
 */
export function isBefore(later, earlier) {
  if ((later.offsetMicros === null) !== (earlier.offsetMicros === null)) return false;
  const instant = (/** @type {IsoTime} */ t) => BigInt(t.localMs) * 1000n + BigInt(t.microsecond % 1000)
    - BigInt(t.offsetMicros ?? 0);
  return instant(later) < instant(earlier);
}

/** @param {number} year */
function isLeap(year) {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** @param {number} c */
function isDigit(c) {
  return c >= DIGIT_0 && c <= DIGIT_0 + 9;
}

/**
 * The digits at `start`, `count` of them, as a number; null unless all are digits.
 * @param {(i: number) => number} at
 * @param {number} start
 * @param {number} count
 */
function digits(at, start, count) {
  let value = 0;
  for (let i = 0; i < count; i++) {
    if (!isDigit(at(start + i))) return null;
    value = value * 10 + at(start + i) - DIGIT_0;
  }
  return value;
}

/**
 * _find_isoformat_datetime_separator: where the date ends, told by characters 4 and 5.
 * @param {(i: number) => number} at
 * @param {number} length
 */
function separatorLocation(at, length) {
  const dash = 0x2d;
  const week = 0x57; // 'W'
  if (length === 7) return 7;
  if (at(4) === dash) {
    if (at(5) !== week) return 10; // YYYY-MM-DD
    if (length < 8) return -1;
    if (length > 8 && at(8) === dash) {
      if (length === 9) return -1;
      return length > 10 && isDigit(at(10)) ? 8 : 10; // YYYY-Www-HH… or YYYY-Www-D
    }
    return 8; // YYYY-Www
  }
  if (at(4) !== week) return 8; // YYYYMMDD
  let index = 7; // YYYYWww or YYYYWwwD
  while (index < length && isDigit(at(index))) index += 1;
  if (index < 9) return index;
  return index % 2 === 0 ? 7 : 8;
}

/**
 * parse_isoformat_date: [year, month, day], or null.
 * @param {(i: number) => number} at
 * @param {number} length
 * @returns {[number, number, number] | null}
 */
function parseDate(at, length) {
  const year = digits(at, 0, 4);
  if (year === null) return null;
  let p = 4;
  const separated = at(p) === 0x2d;
  if (separated) p += 1;
  if (at(p) === 0x57) {
    const week = digits(at, p + 1, 2);
    if (week === null) return null;
    p += 3;
    let weekday = 1;
    if (p < length) {
      if (separated && at(p++) !== 0x2d) return null;
      const parsed = digits(at, p, 1);
      if (parsed === null) return null;
      weekday = parsed;
    }
    return isoWeekDate(year, week, weekday);
  }
  const month = digits(at, p, 2);
  if (month === null) return null;
  p += 2;
  if (separated && at(p++) !== 0x2d) return null;
  const day = digits(at, p, 2);
  return day === null ? null : [year, month, day];
}

/**
 * iso_to_ymd: the calendar date of ISO year, week and weekday, or null when out of range.
 * @param {number} year
 * @param {number} week
 * @param {number} weekday
 * @returns {[number, number, number] | null}
 */
function isoWeekDate(year, week, weekday) {
  const january1 = new Date(0);
  january1.setUTCFullYear(year, 0, 1);
  const firstWeekday = (january1.getUTCDay() + 6) % 7; // Monday 0
  if (week <= 0 || week >= 53) {
    const long = week === 53 && (firstWeekday === 3 || (firstWeekday === 2 && isLeap(year)));
    if (!long) return null;
  }
  if (weekday <= 0 || weekday >= 8) return null;
  const week1Monday = january1.getTime() - firstWeekday * 86_400_000
    + (firstWeekday > 3 ? 7 * 86_400_000 : 0);
  const day = new Date(week1Monday + ((week - 1) * 7 + weekday - 1) * 86_400_000);
  return [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
}

/**
 * parse_isoformat_time: the time fields and the UTC offset (microseconds) if any, or null.
 * @param {(i: number) => number} at
 * @param {number} start
 * @param {number} end
 */
function parseTime(at, start, end) {
  let zone = start;
  do {
    const c = at(zone);
    if (c === 0x5a || c === 0x2b || c === 0x2d) break; // 'Z', '+', '-'
  } while (++zone < end);
  const time = parseClock(at, start, zone);
  if (time === null) return null;
  if (zone === end) return time.trailing ? null : { ...time, offset: null };
  if (at(zone) === 0x5a) return at(zone + 1) === 0 ? { ...time, offset: 0 } : null;
  const sign = at(zone) === 0x2d ? -1 : 1;
  const offset = parseClock(at, zone + 1, end);
  if (offset === null || offset.trailing) return null;
  const micros = ((offset.hour * 60 + offset.minute) * 60 + offset.second) * 1_000_000 + offset.microsecond;
  return { ...time, offset: sign * micros };
}

/**
 * parse_hh_mm_ss_ff: [HH[:?MM[:?SS[{.,}fff[fff]]]]] between `start` and `end`; `trailing`
 * when something follows (which only an offset after it excuses).
 * @param {(i: number) => number} at
 * @param {number} start
 * @param {number} end
 */
function parseClock(at, start, end) {
  const values = [0, 0, 0];
  let p = start;
  let separated = true;
  for (let i = 0; i < 3; i++) {
    const value = digits(at, p, 2);
    if (value === null) return null;
    values[i] = value;
    p += 2;
    const c = at(p++);
    if (i === 0) separated = c === 0x3a;
    if (p >= end) return { hour: values[0], minute: values[1], second: values[2], microsecond: 0, trailing: c !== 0 };
    if (separated && c === 0x3a) continue;
    if (c === 0x2e || c === 0x2c) break;
    if (separated) return null;
    p -= 1;
  }
  // After three fields, or a decimal sign, the rest is the fraction: up to 6 digits count.
  const count = Math.min(end - p, 6);
  const parsed = digits(at, p, count);
  if (parsed === null) return null;
  const microsecond = count < 6 ? parsed * 10 ** (6 - count) : parsed;
  p += count;
  while (isDigit(at(p))) p += 1;
  return { hour: values[0], minute: values[1], second: values[2], microsecond, trailing: at(p) !== 0 };
}
