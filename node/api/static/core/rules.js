// The package rules the page shares with ledger/manifest.py through rules.json (generated
// from ledger/, never copied by hand): the roles a manifest may declare, and the files an
// operating system adds to a folder by itself, which a folder check ignores.

import { DecodeError } from './errors.js';
import { checkFields, typeName } from './fields.js';

const RULES_FORMAT = 'cunzheng-package-rules/v1';
const RULES_FIELDS = ['format', 'roles', 'default_role', 'missing_role_warnings', 'voice_transcript', 'os_files'];

export class PackageRules {
  /**
   * @param {string[]} roles every role a manifest file may have
   * @param {string[]} osFileNames compared without regard to case
   * @param {string[]} osFilePrefixes
   */
  constructor(roles, osFileNames, osFilePrefixes) {
    this.roles = roles;
    this.osFileNames = new Set(osFileNames.map((name) => name.toLowerCase()));
    this.osFilePrefixes = osFilePrefixes;
  }

  /**
   * Whether the last segment of `path` names a file an operating system adds by itself
   * (ledger/manifest.py is_os_file).
   * @param {string} path
   */
  isOsFile(path) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    return this.osFileNames.has(name.toLowerCase())
      || this.osFilePrefixes.some((prefix) => name.startsWith(prefix));
  }

  /**
   * The rules in rules.json's object; throws DecodeError when it is not of this format.
   * @param {unknown} obj
   */
  static fromJson(obj) {
    checkFields(obj, 'package rules', RULES_FIELDS, RULES_FIELDS);
    if (obj.format !== RULES_FORMAT) {
      throw new DecodeError(`package rules of format ${JSON.stringify(obj.format)}, expected ${RULES_FORMAT}`);
    }
    const roles = Array.isArray(obj.roles) ? obj.roles.map((item) => item?.role) : null;
    const osFiles = /** @type {{ names?: unknown, prefixes?: unknown }} */ (obj.os_files ?? {});
    const texts = (/** @type {unknown} */ list) => Array.isArray(list) && list.every((x) => typeof x === 'string');
    if (!texts(roles) || typeof obj.default_role !== 'string' || !texts(osFiles.names) || !texts(osFiles.prefixes)) {
      throw new DecodeError(`package rules are malformed (roles: ${typeName(obj.roles)})`);
    }
    return new PackageRules([.../** @type {string[]} */ (roles), obj.default_role],
      /** @type {string[]} */ (osFiles.names), /** @type {string[]} */ (osFiles.prefixes));
  }
}
