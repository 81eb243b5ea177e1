// The page's shell (docs/web-page.md): the language (from the browser, switchable 中文 /
// English, remembered), the modes and a small router on the address's fragment
// (#verify?id=…&kind=package opens 核验 mode on a record, as a certificate's QR code does).
// Each mode is a module that mounts itself into <main>, loaded the first time it is shown, so
// that a page opened on one mode does not load the other's. The node's page (app.js) starts
// the shell with 核验 and 存证 modes; the single file (offline.js: the offline verifier, a
// certificate) with 核验 mode alone, since it has no node to preserve on.
// page/environment.js tells which environment the page runs in.

import { hasText, preferredLanguage, translate } from '../i18n.js';
import { el } from './dom.js';
import { loadEnvironment } from './environment.js';
import { ChainStatus } from './status.js';

/**
 * What a mode gets from the shell.
 * @typedef {object} ModeContext
 * @property {import('./environment.js').Environment} env
 * @property {import('../verify/words.js').Translate} t the catalog in the page's language
 * @property {(key: string) => boolean} hasText
 */

/**
 * A mounted mode: drawn again when the language changes, told the fragment's parameters,
 * and unmounted when another mode is chosen.
 * @typedef {{ render(): void, route(params: URLSearchParams): void, unmount(): void }} ModeView
 */

/**
 * A mode's module: `mount` draws it into <main>; `start`, when there is one, runs when the
 * page starts, whichever mode is shown (存证 mode takes up the preservations a closed tab
 * left pending).
 * @typedef {{ mount(root: HTMLElement, context: ModeContext): ModeView, start?(context: ModeContext): void }} Mode
 */

/**
 * A mode as the shell knows it before its module is loaded: `name` is its fragment
 * (#verify), `titleKey` the catalog key of its tab, `load` gives its module, and a mode that
 * `startsWithPage` is loaded and started when the page opens.
 * @typedef {{ name: string, titleKey: string, load(): Promise<Mode>, startsWithPage?: boolean }} ModeEntry
 */

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
 * @param {ModeEntry[]} modes
 */
function routeOf(hash, modes) {
  const [name, query = ''] = hash.replace(/^#/, '').split('?', 2);
  return { mode: modes.find((mode) => mode.name === name) ?? modes[0], params: new URLSearchParams(query) };
}

class Shell {
  /**
   * @param {import('./environment.js').Environment} env
   * @param {ModeEntry[]} modes the first is shown when the fragment names none
   */
  constructor(env, modes) {
    this.env = env;
    this.modes = modes;
    /** @type {Map<string, Promise<Mode>>} each mode's module, once asked for */
    this.loaded = new Map();
    this.routing = 0;
    this.lang = savedLanguage();
    /** @type {ModeContext} */
    this.context = { env, t: (key, params) => translate(this.lang, key, params), hasText };
    this.main = /** @type {HTMLElement} */ (document.getElementById('mode'));
    /** @type {{ mode: ModeEntry, view: ModeView } | null} */
    this.mounted = null;
    const statusRoot = document.getElementById('status');
    this.status = env.node === null || statusRoot === null ? null
      : new ChainStatus(env.node, statusRoot, () => this.context.t);
    for (const button of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#lang button'))) {
      button.addEventListener('click', () => this.setLanguage(button.dataset.lang === 'en' ? 'en' : 'zh'));
    }
    // Dropping a file beside the drop zone must not make the browser open it instead.
    for (const type of ['dragover', 'drop']) window.addEventListener(type, (event) => event.preventDefault());
    for (const node of document.querySelectorAll(env.offline ? '[data-online]' : '[data-offline]')) node.remove();
  }

  /**
   * The module of `mode`, loaded once.
   * @param {ModeEntry} mode
   */
  module(mode) {
    let loaded = this.loaded.get(mode.name);
    if (loaded === undefined) {
      loaded = mode.load();
      this.loaded.set(mode.name, loaded);
    }
    return loaded;
  }

  /** Load and start every mode that starts with the page. */
  async startModes() {
    await Promise.all(this.modes.filter((mode) => mode.startsWithPage)
      .map(async (mode) => (await this.module(mode)).start?.(this.context)));
  }

  /** Show the mode the address's fragment names, with its parameters. */
  async route() {
    const { mode, params } = routeOf(window.location.hash, this.modes);
    const routing = ++this.routing;
    if (this.mounted?.mode !== mode) {
      const module = await this.module(mode);
      if (routing !== this.routing) return; // the fragment changed again meanwhile
      this.mounted?.view.unmount();
      this.main.replaceChildren();
      this.mounted = { mode, view: module.mount(this.main, this.context) };
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
    document.title = t(this.env.record !== null ? 'cert.title' : this.env.offline ? 'page.title.offline' : 'page.title');
    for (const node of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-i18n]'))) {
      node.textContent = t(node.dataset.i18n ?? '');
    }
    for (const button of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#lang button'))) {
      button.setAttribute('aria-pressed', String(button.dataset.lang === this.lang));
    }
    const nav = /** @type {HTMLElement} */ (document.getElementById('modes'));
    nav.hidden = this.modes.length < 2;
    nav.replaceChildren(...this.modes.map((mode) => el('a', {
      text: t(mode.titleKey), attrs: { href: `#${mode.name}`, 'aria-current': String(mode === this.mounted?.mode) },
    })));
    this.mounted?.view.render();
    this.status?.render();
  }
}

/**
 * Start the page with `modes` once its environment is loaded, and mark it ready (the body's
 * data-ready) once the first mode is shown; on failure, say so in both languages where the
 * page would have been.
 * @param {ModeEntry[]} modes
 */
export async function startPage(modes) {
  const needsScript = document.getElementById('needs-script');
  try {
    const shell = new Shell(await loadEnvironment(), modes);
    window.addEventListener('hashchange', () => shell.route());
    await Promise.all([shell.route(), shell.startModes()]);
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

