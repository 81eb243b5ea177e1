// The time a committed preservation's proof states, "no later than" (core/existence-time.js):
// from the bundle and genesis the record keeps, which were checked when it was committed
// (submit.js `checked`), so a record stored by an earlier version of the page gets it too.

import { utf8 } from '../core/bytes.js';
import { noLaterThanMs } from '../core/existence-time.js';
import { parseJson } from '../core/json.js';
import { Genesis } from '../core/validators.js';

/**
 * The stated time of `record`, in ms since the epoch; throws TypeError unless it is committed.
 * @param {import('./store.js').Preservation} record
 * @returns {number}
 */
export function statedTimeMs(record) {
  if (record.status !== 'committed' || record.bundle === null || record.genesis === null) {
    throw new TypeError(`preservation ${record.id} is ${record.status}: only a committed one has a proof`);
  }
  const bundle = /** @type {{ header: { time_ms: number }, commit: { round: number } }} */ (parseJson(record.bundle));
  const genesis = Genesis.fromFileBytes(utf8(record.genesis));
  return noLaterThanMs(bundle.header.time_ms, bundle.commit.round, genesis.params);
}
