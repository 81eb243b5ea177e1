// The offline verifier's committed scripts (node/api/offline/) are what esbuild makes of the
// page's modules now: a change to a module without `make bundle` fails here.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'node:test';

import { OUTPUT_DIR, buildBundles } from '../../node/api/offline/build.mjs';

test('the committed bundles are fresh: run `make bundle` after changing the page', async () => {
  for (const [name, text] of await buildBundles()) {
    const committed = await readFile(join(OUTPUT_DIR, name), 'utf8');
    assert.ok(committed === text, `node/api/offline/${name} is stale: run make bundle and commit it`);
  }
});
