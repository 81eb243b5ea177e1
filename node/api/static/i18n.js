// The page's words: one catalog, in Chinese and English, kept in catalog/ by the part of the
// page that says them (catalog/page.js, verify.js, reasons.js, certificate.js, preserve.js).
// Every key has both languages with the same {placeholders} (tests/js/catalog.test.js). Terms
// follow the project's vocabulary (docs/web-page.md, "Words"): 摘要 for digest, 投票权 for
// voting power, 公证节点, 证明文件, 存证包, 清单, 单文件披露, 收集记录.

import { CERTIFICATE_WORDS } from './catalog/certificate.js';
import { PAGE_WORDS } from './catalog/page.js';
import { PRESERVE_WORDS } from './catalog/preserve.js';
import { REASON_WORDS } from './catalog/reasons.js';
import { VERIFY_WORDS } from './catalog/verify.js';

/** @typedef {{ zh: string, en: string }} Words */

/**
 * Every key of the page and its words; a key defined in two parts of the catalog is an error.
 * @param {Record<string, Words>[]} parts
 * @returns {Map<string, Words>}
 */
function merged(parts) {
  /** @type {Map<string, Words>} */
  const catalog = new Map();
  for (const part of parts) {
    for (const [key, words] of Object.entries(part)) {
      if (catalog.has(key)) throw new Error(`the catalog defines ${key} twice`);
      catalog.set(key, words);
    }
  }
  return catalog;
}

export const CATALOG = merged([PAGE_WORDS, VERIFY_WORDS, REASON_WORDS, CERTIFICATE_WORDS, PRESERVE_WORDS]);

/**
 * 'zh' when the first Chinese or English language of the browser's list is Chinese.
 * @param {readonly string[] | undefined} languages
 * @returns {'zh' | 'en'}
 */
export function preferredLanguage(languages) {
  const first = (languages || []).find((l) => /^(zh|en)\b/i.test(l)) || 'en';
  return first.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/**
 * The words of `key` in `lang`, each {name} filled from `params`; the key itself when the
 * catalog has no such key (a mistake the catalog test catches).
 * @param {'zh' | 'en'} lang
 * @param {string} key
 * @param {Record<string, unknown>} [params]
 */
export function translate(lang, key, params = {}) {
  const template = CATALOG.get(key)?.[lang] ?? key;
  return template.replace(/\{(\w+)\}/g, (/** @type {string} */ whole, /** @type {string} */ name) =>
    (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/**
 * Whether the catalog has words for `key`.
 * @param {string} key
 */
export function hasText(key) {
  return CATALOG.has(key);
}
