// The page and the certificate never print a command line to copy with a file name in it: a
// name like `x" & calc.exe & "y.txt` would run as a command (docs/web-page.md, "The
// certificate"). Every text that names a command has no placeholder a name could fill.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATALOG } from '../../node/api/static/i18n.js';

const COMMAND = /(?<![.\w])cunzheng [a-z]+|\b(?:certutil|sha256sum|sha512sum|shasum|Get-FileHash|openssl|gmssl)\b/;

test('no text of the page that names a command has a placeholder', () => {
  assert.ok(CATALOG.size > 100, `only ${CATALOG.size} keys`);
  const offending = [];
  for (const [key, words] of CATALOG) {
    for (const [language, text] of Object.entries(words)) {
      if (COMMAND.test(text) && /\{\w+\}/.test(text)) offending.push(`${key} (${language}): ${text}`);
    }
  }
  assert.deepEqual(offending, []);
});
