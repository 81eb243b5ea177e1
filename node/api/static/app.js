// The page's shell (docs/web-page.md): the language (from the browser, switchable 中文 /
// English, remembered), the modes and a small router on the address's fragment
// (#verify?id=…&kind=package opens 核验 mode on a record, as a certificate's QR code does).
// Each mode is a module that mounts itself into <main>; to add one, import it and put it in
// MODES. The same modules run served by a node and built into one file (the offline
// verifier, a certificate): page/environment.js tells which.

import { hasText, preferredLanguage, translate } from './i18n.js';
import { el } from './page/dom.js';
import { loadEnvironment } from './page/environment.js';
import { ChainStatus } from './page/status.js';
import { verifyMode } from './verify/mode.js';

/**
 * What a mode gets from the shell.
 * @typedef {object} ModeContext
 * @property {import('./page/environment.js').Environment} env
 * @property {import('./verify/words.js').Translate} t the catalog in the page's language
 * @property {(key: string) => boolean} hasText
 */

/**
 * A mounted mode: drawn again when the language changes, told the fragment's parameters,
 * and unmounted when another mode is chosen.
 * @typedef {{ render(): void, route(params: URLSearchParams): void, unmount(): void }} ModeView
 */

/**
 * A mode of the page: `name` is its fragment (#verify), `titleKey` the catalog key of its tab.
 * @typedef {{ name: string, titleKey: string, mount(root: HTMLElement, context: ModeContext): ModeView }} Mode
 */

/** @type {Mode[]} */
const MODES = [verifyMode];
const LANGUAGE_KEY = 'cunzheng.lang';

/** @returns {'zh' | 'en'} */
function savedLanguage() {
  let saved = null;
  try {
    saved = localStorage.getItem(LANGUAGE_KEY);
  } catch {
    saved = null; // storage disabled (a file:// page in some browsers): follow the browser
  }
  return saved === 'zh' || saved === 'en' ? saved : preferredLanguage(navigator.languages);
}

/**
 * The mode and its parameters the fragment names; the first mode for any other fragment.
 * @param {string} hash
 */
function routeOf(hash) {
  const [name, query = ''] = hash.replace(/^#/, '').split('?', 2);
  return { mode: MODES.find((mode) => mode.name === name) ?? MODES[0], params: new URLSearchParams(query) };
}

class Shell {
  /** @param {import('./page/environment.js').Environment} env */
  constructor(env) {
    this.env = env;
    this.lang = savedLanguage();
    /** @type {ModeContext} */
    this.context = { env, t: (key, params) => translate(this.lang, key, params), hasText };
    this.main = /** @type {HTMLElement} */ (document.getElementById('mode'));
    /** @type {{ mode: Mode, view: ModeView } | null} */
    this.mounted = null;
    const statusRoot = document.getElementById('status');
    this.status = env.node === null || statusRoot === null ? null
      : new ChainStatus(env.node, statusRoot, () => this.context.t);
    for (const button of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#lang button'))) {
      button.addEventListener('click', () => this.setLanguage(button.dataset.lang === 'en' ? 'en' : 'zh'));
    }
    // Dropping a file beside the drop zone must not make the browser open it instead.
    for (const type of ['dragover', 'drop']) window.addEventListener(type, (event) => event.preventDefault());
    window.addEventListener('hashchange', () => this.route());
    for (const node of document.querySelectorAll(env.offline ? '[data-online]' : '[data-offline]')) node.remove();
    this.route();
  }

  route() {
    const { mode, params } = routeOf(window.location.hash);
    if (this.mounted?.mode !== mode) {
      this.mounted?.view.unmount();
      this.main.replaceChildren();
      this.mounted = { mode, view: mode.mount(this.main, this.context) };
    }
    this.render();
    this.mounted.view.route(params);
  }

  /** @param {'zh' | 'en'} lang */
  setLanguage(lang) {
    this.lang = lang;
    try {
      localStorage.setItem(LANGUAGE_KEY, lang);
    } catch {
      // storage disabled: the choice lasts for this page only
    }
    this.render();
  }

  render() {
    const { t } = this.context;
    document.documentElement.lang = this.lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t(this.env.record === null ? 'page.title' : 'cert.title');
    for (const node of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-i18n]'))) {
      node.textContent = t(node.dataset.i18n ?? '');
    }
    for (const button of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#lang button'))) {
      button.setAttribute('aria-pressed', String(button.dataset.lang === this.lang));
    }
    const nav = /** @type {HTMLElement} */ (document.getElementById('modes'));
    nav.hidden = MODES.length < 2;
    nav.replaceChildren(...MODES.map((mode) => el('a', {
      text: t(mode.titleKey), attrs: { href: `#${mode.name}`, 'aria-current': String(mode === this.mounted?.mode) },
    })));
    this.mounted?.view.render();
    this.status?.render();
  }
}

async function start() {
  const needsScript = document.getElementById('needs-script');
  try {
    new Shell(await loadEnvironment());
    needsScript?.remove();
    document.body.dataset.ready = 'true';
  } catch (err) {
    // The page itself cannot start (a node that cannot serve rules.json, a file edited by
    // hand): say so in both languages, since the catalog may be what failed.
    if (needsScript !== null) {
      needsScript.textContent = `${translate('zh', 'page.broken')} ${translate('en', 'page.broken')} (${err instanceof Error ? err.message : String(err)})`;
    }
    throw err;
  }
}

start();
