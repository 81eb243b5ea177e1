// A verdict in words: the one sentence, the notaries and the checks, as the 核验 mode and
// the certificate both show them (one wording for both, from the catalog). `t` is the
// catalog's translate for the page's language.

import { bytesToHex } from '../core/bytes.js';
import { noLaterThan } from '../core/display.js';

/** @typedef {(key: string, params?: Record<string, unknown>) => string} Translate */

/**
 * The checks a bundle goes through, in the order both verifiers run them
 * (docs/verdicts.md), and the check each reason code fails.
 */
export const CHECKS = /** @type {const} */ (['bundle', 'chain', 'commit', 'inclusion', 'checkpoint', 'consistency', 'evidence']);
const CHECK_OF_REASON = /** @type {Record<string, typeof CHECKS[number]>} */ ({
  malformed_bundle: 'bundle', wrong_chain: 'chain', wrong_genesis: 'chain', governance_invalid: 'chain',
  validators_mismatch: 'chain', commit_invalid: 'commit', inclusion_invalid: 'inclusion',
  checkpoint_invalid: 'checkpoint', untrusted_quorum: 'checkpoint', consistency_invalid: 'consistency',
});

/**
 * Each check shown for `finding` with its state: passed, failed, or not run (after a
 * failure). The consistency check shows only for a bundle that has a later checkpoint, the
 * evidence check only when evidence was given or it failed.
 * @param {import('../core/evidence.js').Finding} finding
 * @param {boolean} evidenceGiven
 * @returns {{ check: typeof CHECKS[number], state: 'ok' | 'fail' | 'todo' }[]}
 */
export function checkStates(finding, evidenceGiven) {
  const passed = finding.verdict === 'valid' || finding.verdict === 'unconfirmed';
  const failed = passed ? null : CHECK_OF_REASON[finding.reason] ?? 'evidence';
  const hasLater = finding.proven?.consistentTreeSize != null || failed === 'consistency';
  const shown = CHECKS.filter((check) => (check !== 'consistency' || hasLater)
    && (check !== 'evidence' || evidenceGiven || failed === 'evidence'));
  const failedAt = failed === null ? shown.length : shown.indexOf(failed);
  return shown.map((check, i) => ({ check, state: i < failedAt ? 'ok' : i === failedAt ? 'fail' : 'todo' }));
}

/**
 * The label of `check` as shown for `finding` (the evidence check says what it compared).
 * @param {typeof CHECKS[number]} check
 * @param {import('../core/evidence.js').Finding} finding
 */
export function checkKey(check, finding) {
  if (check !== 'evidence') return `check.${check}`;
  if (finding.files !== null) return 'check.evidence.folder';
  if (finding.disclosed !== null || finding.reason.includes('disclosure')) return 'check.evidence.disclosure';
  if (finding.manifest !== null || finding.reason.includes('manifest')) return 'check.evidence.manifest';
  return 'check.evidence.file';
}

/**
 * What the verdict is about, in words: the files compared, the file disclosed, the file, or
 * the record itself.
 * @param {import('../core/evidence.js').Finding} finding
 * @param {Translate} t
 */
export function subject(finding, t) {
  const proven = /** @type {import('../core/bundle.js').BundleFacts} */ (finding.proven);
  const count = proven.entry.meta.get('files') ?? '?';
  if (finding.files !== null) return t('subject.folder', { count: finding.files.length });
  if (finding.disclosed !== null) {
    const { path } = finding.disclosed.packageFile;
    return t('subject.disclosed', { name: path.slice(path.lastIndexOf('/') + 1) });
  }
  if (finding.matchedFile !== null) return t('subject.file', { name: finding.matchedFile });
  if (finding.manifest !== null) return t('subject.manifest', { count });
  if (proven.entry.kind === 'package') return t('subject.package', { count });
  return t('subject.record', { digest: bytesToHex(proven.entry.digest).slice(0, 16) });
}

/**
 * The verdict of a bundle that checked out, in one sentence: what existed no later than
 * when, unaltered since, signed by whom, against which trust anchor.
 * @param {import('../core/evidence.js').Finding} finding
 * @param {import('./run.js').Outcome['anchor']} anchor
 * @param {Translate} t
 */
export function provenSentence(finding, anchor, t) {
  const proven = /** @type {import('../core/bundle.js').BundleFacts} */ (finding.proven);
  const time = noLaterThan(proven.noLaterThanMs);
  const params = {
    subject: subject(finding, t), beijing: time.beijing, utc: time.utc,
    k: proven.signers.length, n: proven.validators.validators.length, chain: proven.header.chainId,
    genesis: proven.genesisHash === null ? '' : bytesToHex(proven.genesisHash).slice(0, 16),
  };
  if (finding.verdict === 'unconfirmed' || anchor === null) return t('sentence.unconfirmed', params);
  return t('sentence.valid', { ...params, anchor: t(`anchor.${anchor.origin}`, { name: anchor.name }) });
}

/**
 * The notaries of the set that signed the block, each with its organisation (from the
 * trusted genesis's publication fields), voting power and whether it signed the checkpoint.
 * @param {import('../core/bundle.js').BundleFacts} proven
 * @param {import('../core/validators.js').Genesis | null} genesis
 */
export function notaries(proven, genesis) {
  const organisations = new Map(genesis?.publication?.members ?? []);
  return proven.validators.validators.map((validator) => ({
    name: validator.name,
    organisation: organisations.get(validator.name) ?? null,
    power: validator.power,
    signed: proven.signers.includes(validator.name),
    vkey: validator.vkey(),
  }));
}

/**
 * The words of a failed check: the reason code's plain sentence; `detail` the check's more
 * precise words where the catalog has them (`error.<code>`).
 * @param {import('../core/evidence.js').Finding} finding
 * @param {Translate} t
 * @param {(key: string) => boolean} hasText
 */
export function failureWords(finding, t, hasText) {
  const code = finding.error?.code;
  const params = { ...finding.error?.params };
  const detail = code !== undefined && hasText(`error.${code}`) ? t(`error.${code}`, params) : null;
  return { reason: t(`reason.${finding.reason}`, params), detail };
}
