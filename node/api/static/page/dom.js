// Building the page's elements. Every text goes in with textContent (or an attribute), never
// as HTML, so nothing from a bundle, a manifest or a node can inject markup; and with its
// control characters escaped (core/plain-text.js), so that none can reorder what a reader
// sees, as a right-to-left override in a file name or a record's metadata would.

import { escaped } from '../core/plain-text.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * A new element; `children` are appended in order (strings become text). Texts keep their
 * line breaks; any other control character is shown escaped.
 * @param {string} tag
 * @param {{ cls?: string, text?: string, attrs?: Record<string, string> }} [options]
 * @param {(Node | string | null)[]} [children] null entries are skipped
 */
export function el(tag, { cls, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = escaped(text, { keepNewlines: true });
  for (const [name, value] of Object.entries(attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) {
    if (child !== null) node.append(typeof child === 'string' ? escaped(child, { keepNewlines: true }) : child);
  }
  return node;
}

/**
 * A new SVG element with its attributes.
 * @param {string} tag
 * @param {Record<string, string>} attrs
 */
export function svg(tag, attrs) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

/**
 * Put into each element under `root` that has a data-text attribute the words of that key.
 * @param {ParentNode} root
 * @param {(key: string) => string} t
 */
export function relabel(root, t) {
  for (const node of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('[data-text]'))) {
    node.textContent = t(node.dataset.text ?? '');
  }
}

/**
 * A definition list's term and its values, appended to `list`.
 * @param {HTMLElement} list
 * @param {string} label
 * @param {...(string | Node)} values
 */
export function fact(list, label, ...values) {
  list.append(el('dt', { text: label }));
  for (const value of values) list.append(typeof value === 'string' ? el('dd', { text: value }) : el('dd', {}, [value]));
}

/**
 * A size for people: bytes below 1 KiB, else KiB, MiB, GiB with one decimal.
 * @param {number} n
 */
export function formatBytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * A hashing rate in MB/s (10^6 bytes, as disks and networks are rated).
 * @param {number} bytesPerSecond
 */
export function formatRate(bytesPerSecond) {
  return `${(bytesPerSecond / 1e6).toFixed(bytesPerSecond < 1e7 ? 1 : 0)} MB/s`;
}

/**
 * Save `data` as a download named `name`.
 * @param {BlobPart} data
 * @param {string} name
 * @param {string} type
 */
export function download(data, name, type) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = el('a', { attrs: { href: url, download: name } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
