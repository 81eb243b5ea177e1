// What the tests of the page's 存证 modules (node/api/static/preserve/) share: the package
// rules as the page reads them, files made in memory, folders written to disk at their
// package paths, and the real `cunzheng` command of this checkout's virtual environment,
// which the cross-tests run on what the page's modules make.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseJson } from '../../node/api/static/core/json.js';
import { PackageRules } from '../../node/api/static/core/rules.js';
import { WarningRules } from '../../node/api/static/preserve/court-warnings.js';
import { REPO } from './support.js';

const RULES_JSON = parseJson(readFileSync(join(REPO, 'node', 'api', 'static', 'rules.json'), 'utf8'));
export const packageRules = PackageRules.fromJson(RULES_JSON);
export const warningRules = WarningRules.fromJson(RULES_JSON);

/** The Python of this checkout's virtual environment (make install), or CUNZHENG_PYTHON. */
const PYTHON = process.env.CUNZHENG_PYTHON || join(REPO, '.venv', 'bin', 'python');
/** Why the cross-tests cannot run here, or false when they can. */
export const noCommand = existsSync(PYTHON) ? false : `no Python environment at ${PYTHON} (make install)`;

/**
 * Run `cunzheng ARGS…` and return its standard output; throws (with its standard error)
 * when it exits with another status than `status`.
 * @param {string[]} args
 * @param {{ status?: number }} [options]
 */
export function cunzheng(args, { status = 0 } = {}) {
  try {
    const out = execFileSync(PYTHON, ['-m', 'cunzheng.cli', ...args], {
      cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: '' },
    });
    if (status !== 0) throw new Error(`cunzheng ${args[0]} exited 0, expected ${status}:\n${out}`);
    return out;
  } catch (err) {
    const failed = /** @type {{ status?: number, stdout?: string, stderr?: string }} */ (err);
    if (failed.status === status && status !== 0) return failed.stdout ?? '';
    throw err;
  }
}

/**
 * Run a Python snippet of this checkout (its standard output, parsed as JSON).
 * @param {string} code
 * @param {string[]} args sys.argv[1:]
 */
export function python(code, args) {
  return JSON.parse(execFileSync(PYTHON, ['-c', code, ...args], { cwd: REPO, encoding: 'utf8' }));
}

/** A new empty temporary folder. */
export function temporaryFolder() {
  return mkdtempSync(join(tmpdir(), 'cunzheng-preserve-'));
}

/**
 * A File of `name` holding `content` (a text is UTF-8).
 * @param {string} name
 * @param {string | Uint8Array<ArrayBuffer>} content
 */
export function fileOf(name, content) {
  return new File([content], name);
}

/**
 * Write each sealed file's content at its package path under `root`, as a litigant keeps
 * the folder; returns `root`.
 * @param {string} root
 * @param {{ path: string, file: Blob }[]} files
 */
export async function writeFolder(root, files) {
  for (const { path, file } of files) {
    const location = join(root, ...path.split('/'));
    mkdirSync(dirname(location), { recursive: true });
    writeFileSync(location, new Uint8Array(await file.arrayBuffer()));
  }
  return root;
}
