// How a record is shown to people (spec §5, docs/web-page.md): its certificate number, the
// times it existed no later than, and its number counted from 1.

const BEIJING_OFFSET_MS = 8 * 3600 * 1000; // China has kept UTC+8 all year since 1991
const CERTIFICATE_DIGITS = 16n;

/**
 * The certificate number of the record with this entry id: the first 8 bytes as a
 * big-endian unsigned integer, modulo 10^16, as 16 digits with leading zeros in four groups
 * of four ("0123 4567 8901 2345"), as ledger/certificate_number.py writes it. Throws
 * RangeError for an id that is not 32 bytes.
 * @param {Uint8Array} entryId
 */
export function certificateNumber(entryId) {
  if (entryId.length !== 32) throw new RangeError(`an entry id is 32 bytes, got ${entryId.length}`);
  const first = new DataView(entryId.buffer, entryId.byteOffset, 8).getBigUint64(0);
  const digits = (first % 10n ** CERTIFICATE_DIGITS).toString().padStart(Number(CERTIFICATE_DIGITS), '0');
  return digits.match(/.{4}/g)?.join(' ') ?? digits;
}

/**
 * The first whole second at or after `timeMs`, in UTC and in Beijing time, as
 * "YYYY-MM-DD HH:MM:SS": a record that existed at `timeMs` also existed at any later
 * instant, while rounding down would claim an earlier time than was proven.
 * @param {number} timeMs milliseconds since the Unix epoch
 */
export function noLaterThan(timeMs) {
  return timeOf(Math.ceil(timeMs / 1000) * 1000);
}

/**
 * A time as it is, to the second (truncated), in UTC and Beijing time: for the chain's
 * status, which claims no existence.
 * @param {number} timeMs
 */
export function timeOf(timeMs) {
  return { utc: toSecond(timeMs), beijing: toSecond(timeMs + BEIJING_OFFSET_MS) };
}

/** @param {number} ms */
function toSecond(ms) {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/**
 * The record's number for people: leaf index 0 is record no. 1 (第 1 条).
 * @param {number} leafIndex
 */
export function recordNumber(leafIndex) {
  return leafIndex + 1;
}
