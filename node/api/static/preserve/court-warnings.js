// What courts usually expect of WeChat chat-record evidence and a package lacks
// (ledger/manifest.py court_warnings), read from rules.json's `missing_role_warnings` and
// `voice_transcript`, so that the page warns exactly as `cunzheng seal` does. Warnings, not
// errors: the package is sealed all the same. The page words each code (i18n.js).

import { DecodeError } from '../core/errors.js';
import { checkFields, typeName } from '../core/fields.js';

/** @typedef {{ code: string, path: string | null }} CourtWarning */

/**
 * The warning rules of rules.json's object: {role: code} for the roles courts expect, and
 * how a voice file's transcript is recognised.
 */
export class WarningRules {
  /**
   * @param {[string, string][]} missingRoles (role, warning code), in rules.json's order
   * @param {{ voiceRole: string, transcriptRole: string, code: string, notContinuedBy: RegExp }} voice
   */
  constructor(missingRoles, voice) {
    this.missingRoles = missingRoles;
    this.voice = voice;
  }

  /**
   * The warning rules of rules.json's object (the whole file, parsed); throws DecodeError when
   * the two fields are not there as ledger/manifest.py package_rules writes them.
   * @param {unknown} rules
   */
  static fromJson(rules) {
    const fields = typeof rules === 'object' && rules !== null ? /** @type {Record<string, unknown>} */ (rules) : {};
    const missing = fields.missing_role_warnings;
    const voice = fields.voice_transcript;
    const isTextMap = (/** @type {unknown} */ map) => typeof map === 'object' && map !== null
      && !Array.isArray(map) && Object.values(map).every((value) => typeof value === 'string');
    if (!isTextMap(missing) || !isTextMap(voice)) {
      throw new DecodeError(`package rules: missing_role_warnings and voice_transcript must map `
        + `names to texts, got ${typeName(missing)} and ${typeName(voice)}`);
    }
    const names = ['voice_role', 'transcript_role', 'warning', 'stem_continues_with_not'];
    checkFields(voice, 'voice_transcript', names, names);
    const texts = /** @type {Record<string, string>} */ (voice);
    return new WarningRules(Object.entries(/** @type {Record<string, string>} */ (missing)), {
      voiceRole: texts.voice_role,
      transcriptRole: texts.transcript_role,
      code: texts.warning,
      // "[0-9A-Za-z]": the character after the voice file's stem, if any, is not one of these.
      notContinuedBy: new RegExp(`^${texts.stem_continues_with_not}`),
    });
  }

  /**
   * The warnings for a package of `files` (in path byte order, as sealed): one per role of
   * missingRoles that no file has, in that order, then one per voice file (in path order)
   * without a transcript whose lower-cased name, less its extension, starts with the voice
   * file's and goes on with nothing or a character notContinuedBy refuses (语音_001.amr and
   * 语音_001_文字.txt; not 语音_0012_文字.txt).
   * @param {{ path: string, role: string }[]} files
   * @returns {CourtWarning[]}
   */
  warnings(files) {
    const roles = new Set(files.map((file) => file.role));
    /** @type {CourtWarning[]} */
    const found = this.missingRoles.filter(([role]) => !roles.has(role))
      .map(([, code]) => ({ code, path: null }));
    const { voiceRole, transcriptRole, code, notContinuedBy } = this.voice;
    const transcripts = files.filter((file) => file.role === transcriptRole).map((file) => stem(file.path));
    for (const file of files) {
      if (file.role !== voiceRole) continue;
      const voice = stem(file.path);
      const transcribed = transcripts.some((transcript) => transcript.startsWith(voice)
        && !notContinuedBy.test(transcript.slice(voice.length)));
      if (!transcribed) found.push({ code, path: file.path });
    }
    return found;
  }
}

/**
 * The last segment of `path` split into its stem and extension as Python 3.11's PurePosixPath
 * splits it: the extension starts at the last dot, unless that dot is the name's first or
 * last character ("语音_001.amr": "语音_001" and ".amr"; ".bashrc" and "a.": no extension).
 * @param {string} path
 * @returns {[string, string]}
 */
export function nameParts(path) {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
}

/**
 * PurePosixPath(path).stem.lower(), which court_warnings compares.
 * @param {string} path
 */
function stem(path) {
  return nameParts(path)[0].toLowerCase();
}
