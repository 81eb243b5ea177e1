// The verifier's failures, as ledger/errors.py has them, and the verdict-level failure that
// names a reason code of docs/verdicts.md.
//
// The ledger-level classes say what kind of check failed (a malformed encoding, a signature,
// a proof, a broken chain); they do not know which part of the evidence they were checking.
// The orchestrating modules (bundle.js, evidence.js) know that: `withReason` turns a
// ledger-level failure raised inside one check into a VerifyError carrying that check's
// reason. The reason is the stable contract shared with `cunzheng verify`; `code` and
// `params` let the page word the failure (i18n.js), and `message` says it in English.

/** @typedef {Record<string, string | number>} Params */

export class LedgerError extends Error {
  /**
   * @param {string} message what was checked, expected and found
   * @param {string} [code] a key of i18n.js's `error.*` texts, '' when there is none
   * @param {Params} [params] the values the text names
   */
  constructor(message, code = '', params = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.params = params;
  }
}

/** Bytes or JSON that are not a valid, canonical encoding of a ledger object. */
export class DecodeError extends LedgerError {}

/** A signature that does not verify, or a signer that is not allowed to sign. */
export class SignatureError extends LedgerError {}

/** A Merkle inclusion or consistency proof that does not check out. */
export class ProofError extends LedgerError {}

/** Blocks that do not link: wrong chain, validator set or commit. */
export class ChainBroken extends LedgerError {}

/** A governance entry that is malformed, or that cannot change the set it names. */
export class GovernanceError extends LedgerError {}

/** The first check that failed, with its reason code (docs/verdicts.md). */
export class VerifyError extends Error {
  /**
   * @param {string} reason a reason code of docs/verdicts.md
   * @param {string} message
   * @param {string} [code] a key of i18n.js's `error.*` texts; the reason when not given
   * @param {Params} [params]
   */
  constructor(reason, message, code, params = {}) {
    super(message);
    this.name = 'VerifyError';
    this.reason = reason;
    this.code = code || reason;
    this.params = params;
  }
}

/**
 * What `check` returns; a LedgerError it throws becomes a VerifyError with `reason` (its
 * message, code and params kept). Anything else it throws (a bug) passes through unchanged.
 * @template T
 * @param {string} reason
 * @param {() => T} check
 * @returns {T}
 */
export function withReason(reason, check) {
  try {
    return check();
  } catch (err) {
    throw asVerifyError(reason, err);
  }
}

/**
 * The asynchronous twin of withReason.
 * @template T
 * @param {string} reason
 * @param {() => Promise<T>} check
 * @returns {Promise<T>}
 */
export async function withReasonAsync(reason, check) {
  try {
    return await check();
  } catch (err) {
    throw asVerifyError(reason, err);
  }
}

/**
 * @param {string} reason
 * @param {unknown} err
 * @returns {unknown}
 */
function asVerifyError(reason, err) {
  if (err instanceof LedgerError) return new VerifyError(reason, err.message, err.code, err.params);
  return err;
}
