// How a record is shown (spec §5): certificate numbers and "no later than" times.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { certificateNumber, noLaterThan, recordNumber } from '../../node/api/static/core/display.js';
import { bytes } from './support.js';

test('the certificate number is the id\'s first 8 bytes modulo 10^16 in groups of four', () => {
  // python3 -c "print(f'{int.from_bytes(bytes.fromhex(ID)[:8], \"big\") % 10**16:016d}')"
  const cases = [
    ['ffffffffffffffff', '6744 0737 0955 1615'], // 2^64 - 1 = 18446744073709551615
    ['0000000000000001', '0000 0000 0000 0001'],
    ['002386f26fc10000', '0000 0000 0000 0000'], // exactly 10^16
    ['74226c2a3295ff50', '8369 9861 0092 0144'],
  ];
  for (const [prefix, number] of cases) assert.equal(certificateNumber(bytes(prefix + '00'.repeat(24))), number);
  assert.throws(() => certificateNumber(bytes('00'.repeat(31))), RangeError);
});

test('"no later than" rounds up to the whole second, in UTC and Beijing time', () => {
  // 2026-11-23 00:43:31.200 UTC is shown as 00:43:32.
  const ms = Date.UTC(2026, 10, 23, 0, 43, 31, 200);
  assert.deepEqual(noLaterThan(ms), { utc: '2026-11-23 00:43:32', beijing: '2026-11-23 08:43:32' });
  assert.deepEqual(noLaterThan(ms - 200), { utc: '2026-11-23 00:43:31', beijing: '2026-11-23 08:43:31' });
  assert.deepEqual(noLaterThan(Date.UTC(2026, 11, 31, 23, 59, 59, 1)), { utc: '2027-01-01 00:00:00', beijing: '2027-01-01 08:00:00' });
  assert.equal(recordNumber(0), 1);
});
