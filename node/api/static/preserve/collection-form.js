// The collection record (收集记录) from the values of the page's form: how the litigant says
// the evidence was collected (ledger/collection.py). It is checked as `cunzheng seal` checks
// its options, by the same rules (core/collection.js: ISO 8601 times as Python reads them,
// the end not before the start, at most 4096 characters a text and 200 steps), and a failure
// names the form field it concerns so the page can show it there.

import { CollectionRecord, TEXT_FIELDS } from '../core/collection.js';
import { DecodeError } from '../core/errors.js';

/**
 * What the form holds: each text as typed ('' or spaces only: not stated), and the steps.
 * @typedef {Partial<Record<typeof TEXT_FIELDS[number], string>> & { steps?: string[] }} FormValues
 */

/** A form value the collection record refuses; `field` names it ('steps' for a step). */
export class CollectionFormError extends DecodeError {
  /**
   * @param {string} field
   * @param {string} message
   */
  constructor(field, message) {
    super(message, 'collection_form', { field });
    this.field = field;
  }
}

/**
 * The statement of `values`, unsealed (its salt is drawn when the package is sealed): a blank
 * text is null, as an option `cunzheng seal` was not given; blank steps are dropped; every
 * other text is kept exactly as typed. Throws CollectionFormError naming the first field
 * (in the record's order) that ledger/collection.py would refuse, then 'ended' when the
 * collection ends before it starts.
 * @param {FormValues} values
 * @returns {CollectionRecord}
 */
export function collectionFromForm(values) {
  /** @type {Record<string, string | null>} */
  const stated = {};
  for (const name of TEXT_FIELDS) {
    const value = values[name] ?? '';
    stated[name] = value.trim() === '' ? null : value;
  }
  const steps = (values.steps ?? []).filter((step) => step.trim() !== '');
  const unstated = Object.fromEntries(TEXT_FIELDS.map((name) => [name, null]));
  for (const name of TEXT_FIELDS) {
    fieldChecked(name, () => new CollectionRecord(null, { ...unstated, [name]: stated[name] }, []));
  }
  fieldChecked('steps', () => new CollectionRecord(null, unstated, steps));
  return fieldChecked('ended', () => new CollectionRecord(null, stated, steps));
}

/**
 * What `make` returns; its DecodeError becomes a CollectionFormError naming `field`.
 * @template T
 * @param {string} field
 * @param {() => T} make
 * @returns {T}
 */
function fieldChecked(field, make) {
  try {
    return make();
  } catch (err) {
    if (err instanceof DecodeError) throw new CollectionFormError(field, err.message);
    throw err;
  }
}

/**
 * A time as a form's <input type="datetime-local"> gives it ("2026-11-20T14:30", or with
 * seconds), with the UTC offset of the place it was taken in, as `cunzheng seal --started`
 * takes one: "2026-11-20T14:30:00+08:00". `minutesEast` is that offset (480 in China; the
 * page passes -new Date(value).getTimezoneOffset(), the browser's offset at that moment).
 * Throws TypeError for another form of `value` or an offset that is not whole minutes
 * within a day.
 * @param {string} value
 * @param {number} minutesEast
 */
export function withOffset(value, minutesEast) {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(?:\.\d{1,3})?)?$/.exec(value);
  if (match === null || !Number.isInteger(minutesEast) || Math.abs(minutesEast) >= 24 * 60) {
    throw new TypeError(`expected a local time like 2026-11-20T14:30 and an offset in minutes, `
      + `got ${JSON.stringify(value)} and ${minutesEast}`);
  }
  const sign = minutesEast < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(minutesEast) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(minutesEast) % 60).padStart(2, '0');
  return `${match[1]}${match[2] ?? ':00'}${sign}${hours}:${minutes}`;
}
