// The latest real time by which a committed block's entries existed (ledger/existence_time.py;
// docs/consensus.md, "The stated time"): the block time, which is its proposer's clock, plus
// MSGDELAY(commit round) + PRECISION + ceil(PRECISION/2) from the genesis's parameters. An
// honest validator prevoted only for a proposal its clock judged timely, and an honest clock
// reads within PRECISION/2 of UTC. BigInt throughout, so that the result is the Python one.

import { DecodeError } from './errors.js';

// Used when a genesis does not set them (genesis files written by `cunzheng genesis` always do).
const DEFAULT_PRECISION_MS = 500;
const DEFAULT_MESSAGE_DELAY_MS = 2000;
// MSGDELAY(r) >= 1.1^r ms once it is not 0, which passes LATEST_TIME_MS from round 350 on.
const MAX_GROWTH_ROUND = 350;
// 9999-12-31T23:59:59.999Z: the last time a verdict can write; a bound past it says nothing.
const LATEST_TIME_MS = 253_402_300_799_999n;

/**
 * MSGDELAY of round `round` for a genesis message_delay_ms of `messageDelay`: grows 10% a
 * round, in integers, capped at LATEST_TIME_MS; throws DecodeError on a negative value.
 * @param {number} messageDelay
 * @param {number} round
 * @returns {bigint}
 */
function messageDelayMs(messageDelay, round) {
  if (messageDelay < 0 || round < 0) {
    throw new DecodeError(`message_delay_ms and the round must be >= 0, got ${messageDelay} and ${round}; `
      + 'a genesis with a negative timing parameter names no chain that can run');
  }
  const exponent = BigInt(Math.min(round, MAX_GROWTH_ROUND));
  const grown = BigInt(messageDelay) * 11n ** exponent / 10n ** exponent;
  return grown < LATEST_TIME_MS ? grown : LATEST_TIME_MS;
}

/**
 * The real time (ms since the epoch, UTC) by which the entries of a block of time `timeMs`,
 * committed in `commitRound` on a chain of genesis `params`, existed while less than 1/3 of
 * the power is faulty, clocks included; at most LATEST_TIME_MS. Throws DecodeError on a
 * negative parameter.
 * @param {number} timeMs
 * @param {number} commitRound
 * @param {Map<string, number>} params
 * @returns {number}
 */
export function noLaterThanMs(timeMs, commitRound, params) {
  const precision = params.get('precision_ms') ?? DEFAULT_PRECISION_MS;
  const messageDelay = params.get('message_delay_ms') ?? DEFAULT_MESSAGE_DELAY_MS;
  if (precision < 0) {
    throw new DecodeError(`precision_ms must be >= 0, got ${precision}; a genesis with a negative `
      + 'timing parameter names no chain that can run');
  }
  const margin = messageDelayMs(messageDelay, commitRound) + BigInt(precision) + BigInt(Math.ceil(precision / 2));
  const stated = BigInt(timeMs) + margin;
  return Number(stated < LATEST_TIME_MS ? stated : LATEST_TIME_MS);
}
