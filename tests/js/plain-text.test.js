// Control characters shown escaped on the page as ledger/plain_text.py shows them
// (tests/vectors/page.json `plain_text`, made by tests/support/page_vectors.py).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escaped } from '../../node/api/static/core/plain-text.js';
import { vectors } from './support.js';

const cases = vectors('page.json').plain_text;

test('the vectors are there', () => assert.ok(cases.length >= 30));

for (const { text, escaped: whole, lines } of cases) {
  test(`escaped ${JSON.stringify(text)}`, () => {
    assert.equal(escaped(text), whole);
    assert.equal(escaped(text, { keepNewlines: true }), lines);
  });
}
