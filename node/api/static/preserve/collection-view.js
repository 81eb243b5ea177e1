// 存证 mode, part two: the collection record form (收集记录), the litigant's own statement of
// how the evidence was collected (当事人自述): who, on which device, with which app and
// version, when, how, and the steps taken. It is checked by collection-form.js, by the rules
// `cunzheng seal` applies to its options, and a refusal is shown under the field it
// concerns. The digest algorithm is chosen here too (SHA-256, or SM3).

import { FILE_ALGS } from '../core/manifest.js';
import { el } from '../page/dom.js';
import { CollectionFormError, collectionFromForm, withOffset } from './collection-form.js';

/**
 * @typedef {'text' | 'datetime-local' | 'textarea'} FieldKind
 * @typedef {{ input: HTMLInputElement | HTMLTextAreaElement, error: HTMLElement }} Field
 */

/** The form's fields in the record's order: name, kind, and whether it has a hint. */
const FIELDS = /** @type {const} */ ([
  ['operator', 'text', true], ['device', 'text', true], ['app', 'text', true], ['app_version', 'text', true],
  ['started', 'datetime-local', false], ['ended', 'datetime-local', false],
  ['method', 'textarea', true], ['steps', 'textarea', true],
]);
const MAX_TEXT = '4096';
// Fields whose refusals have words of their own; a text field's refusal is its length.
const OWN_WORDS = ['started', 'ended', 'steps'];

/** A field of the form that the record refuses; `field` names it. */
export class FormFieldError extends Error {
  /** @param {string} field */
  constructor(field) {
    super(`the collection record's ${field} cannot be sealed as it is`);
    this.field = field;
  }
}

export class CollectionView {
  constructor() {
    /** @type {Map<string, Field>} */
    this.fields = new Map();
    /** @type {{ field: string } | null} */
    this.refused = null;
    const rows = FIELDS.map(([name, kind, hinted]) => this.field(name, kind, hinted));
    this.alg = /** @type {HTMLSelectElement} */ (el('select', { attrs: { id: 'collection-alg' } },
      FILE_ALGS.map((alg) => el('option', { attrs: { value: alg, 'data-text': `preserve.form.alg.${alg}` } }))));
    const form = el('form', { cls: 'collection-form', attrs: { id: 'collection-form', novalidate: '' } }, [
      ...rows,
      el('div', { cls: 'field' }, [el('label', { attrs: { for: 'collection-alg', 'data-text': 'preserve.form.alg' } }), this.alg]),
    ]);
    form.addEventListener('submit', (event) => event.preventDefault()); // sealing starts from its own button
    this.element = el('section', { cls: 'collection', attrs: { id: 'collection-section' } }, [
      el('h2', { attrs: { 'data-text': 'preserve.form.title' } }),
      el('p', { cls: 'note', attrs: { 'data-text': 'preserve.form.intro' } }),
      form,
    ]);
  }

  /**
   * One labelled field, with its hint and the place for its error.
   * @param {string} name
   * @param {FieldKind} kind
   * @param {boolean} hinted
   */
  field(name, kind, hinted) {
    const id = `collection-${name}`;
    const input = /** @type {HTMLInputElement | HTMLTextAreaElement} */ (kind === 'textarea'
      ? el('textarea', { attrs: { id, name, rows: name === 'steps' ? '4' : '2' } })
      : el('input', { attrs: { id, name, type: kind, ...kind === 'text' ? { maxlength: MAX_TEXT } : {} } }));
    const label = el('label', { attrs: { for: id, 'data-text': `preserve.form.${name}` } });
    const hint = hinted ? el('p', { cls: 'hint', attrs: { id: `${id}-hint`, 'data-text': `preserve.form.${name}.hint` } }) : null;
    const error = el('p', { cls: 'field-error', attrs: { id: `${id}-error`, hidden: '' } });
    input.setAttribute('aria-describedby', [hint?.id, error.id].filter(Boolean).join(' '));
    this.fields.set(name, { input, error });
    return el('div', { cls: 'field', attrs: { 'data-field': name } }, [label, hint, input, error]);
  }

  /**
   * The statement the form holds (unsealed) and the digest algorithm chosen. Throws
   * FormFieldError naming the first field refused, after showing why under it and moving
   * the focus there.
   * @returns {{ collection: import('../core/collection.js').CollectionRecord, alg: string }}
   */
  statement() {
    this.refused = null;
    for (const { input, error } of this.fields.values()) {
      input.removeAttribute('aria-invalid');
      error.hidden = true;
    }
    /** @type {Record<string, string>} */
    const values = {};
    for (const [name, { input }] of this.fields) values[name] = input.value;
    try {
      const collection = collectionFromForm({
        ...values,
        started: this.time('started', values.started),
        ended: this.time('ended', values.ended),
        steps: values.steps.split(/\r?\n/),
      });
      return { collection, alg: this.alg.value };
    } catch (err) {
      if (!(err instanceof CollectionFormError || err instanceof FormFieldError)) throw err;
      this.refused = { field: err.field };
      const field = /** @type {Field} */ (this.fields.get(err.field));
      field.input.setAttribute('aria-invalid', 'true');
      field.error.hidden = false;
      field.input.focus();
      throw new FormFieldError(err.field);
    }
  }

  /**
   * A datetime-local value with this browser's UTC offset at that moment; '' stays unstated.
   * Throws FormFieldError when the browser gave no such value (a text box in its place).
   * @param {string} name
   * @param {string} value
   */
  time(name, value) {
    if (value.trim() === '') return '';
    try {
      return withOffset(value, -new Date(value).getTimezoneOffset());
    } catch (err) {
      if (err instanceof TypeError) throw new FormFieldError(name);
      throw err;
    }
  }

  /** Empty every field, for a new preservation. */
  clear() {
    for (const { input, error } of this.fields.values()) {
      input.value = '';
      input.removeAttribute('aria-invalid');
      error.hidden = true;
    }
    this.refused = null;
  }

  /** @param {boolean} disabled */
  setDisabled(disabled) {
    for (const { input } of this.fields.values()) input.disabled = disabled;
    this.alg.disabled = disabled;
  }

  /** @param {import('../verify/words.js').Translate} t */
  render(t) {
    if (this.refused === null) return;
    const { field } = this.refused;
    const key = OWN_WORDS.includes(field) ? `preserve.form.error.${field}` : 'preserve.form.error.text';
    /** @type {HTMLElement} */ (this.fields.get(field)?.error).textContent = t(key);
  }
}
