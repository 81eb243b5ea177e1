// 存证 mode, part one: a card per step (steps.js), in the order courts look at the evidence,
// each with a line on why the court needs it, buttons to add files (a phone's picker offers
// the gallery, the camera or the recorder by the input's accept and capture; a PC also gets a
// folder picker), and the files added, each with its size and a remove button. Files an
// operating system adds by itself are left out with a note, as `cunzheng seal` leaves them
// out. Below the cards, the court warnings `cunzheng seal` would print for what is there now.

import { compareText } from '../core/bytes.js';
import { el, formatBytes } from '../page/dom.js';
import { SealError, placeFiles } from './seal.js';
import { STEPS, stepFolder } from './steps.js';

/**
 * What each step's picker asks a phone for: a media type (so the gallery, the recorder or the
 * files app opens) and whether a camera button helps (a photo of a screen or a paper).
 * @type {Record<string, { media: string | null, camera: boolean }>}
 */
const PICKERS = {
  owner_profile: { media: 'image/*', camera: true },
  counterparty_profile: { media: 'image/*', camera: true },
  conversation: { media: null, camera: true },
  voice: { media: 'audio/*', camera: false },
  voice_transcript: { media: 'text/plain', camera: false },
  transfer_record: { media: 'image/*', camera: true },
  screen_recording: { media: 'video/*', camera: false },
  image: { media: 'image/*', camera: true },
  other: { media: null, camera: false },
};

/** @typedef {{ file: File, name: string }} Item */

/**
 * The file extensions rules.json lists for each role (ledger/manifest.py ROLE_PATTERNS), for
 * the pickers' accept lists; roles without any are absent.
 * @param {unknown} rulesJson
 * @returns {Map<string, string[]>}
 */
export function roleExtensions(rulesJson) {
  const roles = /** @type {{ roles?: unknown }} */ (rulesJson ?? {}).roles;
  /** @type {Map<string, string[]>} */
  const found = new Map();
  for (const item of Array.isArray(roles) ? roles : []) {
    const { role, extensions } = item ?? {};
    if (typeof role === 'string' && Array.isArray(extensions)) {
      found.set(role, extensions.filter((extension) => typeof extension === 'string'));
    }
  }
  return found;
}

export class EvidenceView {
  /**
   * @param {{ rules: import('../core/rules.js').PackageRules,
   *   warningRules: import('./court-warnings.js').WarningRules,
   *   extensions: Map<string, string[]>, onChange: () => void }} options
   */
  constructor({ rules, warningRules, extensions, onChange }) {
    this.rules = rules;
    this.warningRules = warningRules;
    this.onChange = onChange;
    this.disabled = false;
    /** @type {Map<string, Item[]>} */
    this.items = new Map(STEPS.map((step) => [step.role, []]));
    /** @type {Map<string, string[]>} names left out, by role */
    this.leftOut = new Map(STEPS.map((step) => [step.role, []]));
    this.cards = STEPS.map((step, index) => this.card(step.role, index + 1, extensions.get(step.role) ?? []));
    this.element = el('section', { cls: 'steps', attrs: { id: 'evidence-steps' } }, [
      el('h2', { attrs: { 'data-text': 'preserve.steps.title' } }),
      el('p', { cls: 'note', attrs: { 'data-text': 'preserve.steps.hint' } }),
      ...this.cards.map((card) => card.element),
    ]);
    this.warnings = el('section', { cls: 'warnings', attrs: { id: 'court-warnings', hidden: '', 'aria-live': 'polite' } });
  }

  /**
   * One step's card.
   * @param {string} role
   * @param {number} number
   * @param {string[]} extensions
   */
  card(role, number, extensions) {
    const picker = PICKERS[role] ?? { media: null, camera: false };
    const accept = [picker.media, ...extensions].filter((part) => part !== null).join(',');
    /** @type {[string, string, Record<string, string>][]} id suffix, words, attributes */
    const buttons = [['files', 'preserve.add.files', { multiple: '', ...accept ? { accept } : {} }]];
    if (picker.camera) buttons.push(['camera', 'preserve.add.camera', { accept: 'image/*', capture: 'environment' }]);
    buttons.push(['folder', 'preserve.add.folder', { webkitdirectory: '', multiple: '' }]);
    const inputs = buttons.map(([kind, words, attrs]) => {
      const input = /** @type {HTMLInputElement} */ (el('input', { attrs: { type: 'file', id: `add-${kind}-${role}`, ...attrs } }));
      input.addEventListener('change', () => {
        this.add(role, [...input.files ?? []], kind === 'folder');
        input.value = '';
      });
      return el('label', { cls: `button${kind === 'files' ? '' : ' secondary'} pick-${kind}` }, [input, el('span', { attrs: { 'data-text': words } })]);
    });
    const title = el('h3', { attrs: { id: `step-title-${role}` } });
    const list = el('ul', { cls: 'added-files', attrs: { id: `files-${role}` } });
    const notes = el('div', { cls: 'step-notes' });
    const element = el('div', { cls: 'step', attrs: { id: `step-${role}`, 'data-role': role, role: 'group', 'aria-labelledby': `step-title-${role}` } }, [
      title,
      el('p', { cls: 'why', attrs: { 'data-text': `preserve.why.${role}` } }),
      el('div', { cls: 'pick' }, inputs),
      list,
      notes,
    ]);
    return { role, number, element, title, list, notes, inputs: inputs.map((label) => /** @type {HTMLInputElement} */ (label.firstChild)) };
  }

  /**
   * Add `files` under `role`'s step; from a folder picker, each keeps its path below the
   * folder chosen.
   * @param {string} role
   * @param {File[]} files
   * @param {boolean} fromFolder
   */
  add(role, files, fromFolder) {
    for (const file of files) {
      const name = fromFolder ? file.webkitRelativePath.split('/').slice(1).join('/') || file.name : file.name;
      if (this.rules.isOsFile(name)) /** @type {string[]} */ (this.leftOut.get(role)).push(name);
      else /** @type {Item[]} */ (this.items.get(role)).push({ file, name });
    }
    this.onChange();
  }

  /**
   * @param {string} role
   * @param {Item} item
   */
  remove(role, item) {
    this.items.set(role, /** @type {Item[]} */ (this.items.get(role)).filter((kept) => kept !== item));
    this.onChange();
    this.cards.find((card) => card.role === role)?.inputs[0].focus();
  }

  /** Forget every file added. */
  clear() {
    for (const step of STEPS) {
      this.items.set(step.role, []);
      this.leftOut.set(step.role, []);
    }
    this.onChange();
  }

  /** @returns {import('./seal.js').AddedFile[]} every file added, step by step */
  added() {
    return STEPS.flatMap((step) => /** @type {Item[]} */ (this.items.get(step.role)).map(({ file, name }) => ({ file, role: step.role, name })));
  }

  /**
   * Where the files added would be sealed (placeFiles), or the name refused.
   * @returns {{ paths: string[], refused: SealError | null }}
   */
  placement() {
    try {
      return { paths: placeFiles(this.added(), this.rules).placed.map((item) => item.path), refused: null };
    } catch (err) {
      if (err instanceof SealError) return { paths: [], refused: err };
      throw err;
    }
  }

  /** @param {boolean} disabled while sealing, nothing may be added or removed */
  setDisabled(disabled) {
    this.disabled = disabled;
    for (const node of this.element.querySelectorAll('input, button')) {
      /** @type {HTMLInputElement | HTMLButtonElement} */ (node).disabled = disabled;
    }
  }

  /** @param {import('../verify/words.js').Translate} t */
  render(t) {
    const { paths, refused } = this.placement();
    const added = this.added();
    let next = 0;
    for (const card of this.cards) {
      card.title.textContent = t('preserve.step.title', { number: card.number, role: t(`role.${card.role}`) });
      const prefix = `${stepFolder(card.role)}/`;
      card.list.replaceChildren(...(/** @type {Item[]} */ (this.items.get(card.role))).map((item) => {
        const path = refused === null ? paths[next] : `${prefix}${item.name}`;
        next += 1;
        const shown = path.slice(prefix.length);
        const remove = /** @type {HTMLButtonElement} */ (el('button', { cls: 'remove', text: '×', attrs: { type: 'button', 'aria-label': t('preserve.file.remove', { name: shown }) } }));
        remove.disabled = this.disabled;
        remove.addEventListener('click', () => this.remove(card.role, item));
        return el('li', { attrs: { 'data-path': path } }, [
          el('span', { cls: 'file-name', text: shown }), el('span', { cls: 'file-size', text: formatBytes(item.file.size) }), remove,
        ]);
      }));
      card.notes.replaceChildren(...(/** @type {string[]} */ (this.leftOut.get(card.role))).map((name) => el('p', {
        cls: 'note left-out', text: t('preserve.left_out', { name }),
      })));
    }
    this.renderWarnings(t, added, paths, refused);
  }

  /**
   * @param {import('../verify/words.js').Translate} t
   * @param {import('./seal.js').AddedFile[]} added
   * @param {string[]} paths
   * @param {SealError | null} refused
   */
  renderWarnings(t, added, paths, refused) {
    const box = this.warnings;
    box.hidden = added.length === 0;
    if (box.hidden) return;
    const files = added.map((item, i) => ({ path: paths[i], role: item.role })).sort((a, b) => compareText(a.path, b.path));
    const warnings = refused === null ? this.warningRules.warnings(files) : [];
    box.replaceChildren(
      ...refused === null ? [] : [el('p', { cls: 'refused', attrs: { id: 'name-refused' }, text: t('preserve.name_refused', { path: refused.path }) })],
      ...warnings.length === 0 ? [] : [
        el('h2', { text: t('preserve.warnings.title') }),
        el('p', { cls: 'note', text: t('preserve.warnings.intro') }),
        el('ul', { cls: 'warning-list' }, warnings.map((warning) => el('li', {
          attrs: { 'data-warning': warning.code }, text: t(`warning.${warning.code}`, { path: warning.path ?? '' }),
        }))),
      ],
    );
    box.hidden = box.childElementCount === 0;
  }
}
