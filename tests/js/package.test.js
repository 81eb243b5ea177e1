// A folder against its manifest (package.js): the folder a picker gives, and each path's
// status. The verdict corpus covers whole cases; these check the rules one at a time.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CollectionRecord } from '../../node/api/static/core/collection.js';
import { Entry } from '../../node/api/static/core/entry.js';
import { streamDigest } from '../../node/api/static/hashing/hash-stream.js';
import { Manifest, PackageFile } from '../../node/api/static/core/manifest.js';
import { FolderError, PackageFilesDiffer, folderFiles, verifyFolder } from '../../node/api/static/core/package.js';
import { PackageRules } from '../../node/api/static/core/rules.js';

const rules = new PackageRules(['other'], ['.DS_Store', 'Thumbs.db', 'desktop.ini'], ['._']);

/**
 * A File as a folder picker gives it: its path below the folder chosen, the folder first.
 * @param {string} relative
 * @param {string} text
 */
function picked(relative, text) {
  const file = new File([text], relative.slice(relative.lastIndexOf('/') + 1));
  Object.defineProperty(file, 'webkitRelativePath', { value: relative });
  return file;
}

test('a picked folder\'s files get package paths: the folder\'s own name dropped, names in NFC', () => {
  const folder = folderFiles([picked('证据/聊天/e\u0301.txt', 'a'), picked('证据/b.txt', 'b')]);
  assert.deepEqual(folder.map((item) => item.path), ['聊天/\u00e9.txt', 'b.txt']);
  assert.throws(() => folderFiles([picked('x/\u00e9', 'a'), picked('x/e\u0301', 'b')]), FolderError);
});

test('a dropped folder\'s files get package paths from the paths given beside them', () => {
  const dropped = [new File(['a'], 'e\u0301.txt'), new File(['b'], 'b.txt')];
  const paths = new Map([[dropped[0], '证据/聊天/e\u0301.txt'], [dropped[1], '证据/b.txt']]);
  const folder = folderFiles(dropped, (file) => /** @type {string} */ (paths.get(file)));
  assert.deepEqual(folder.map((item) => item.path), ['聊天/\u00e9.txt', 'b.txt']);
});

/**
 * The manifest of files {path: text} (their leaves only matter here; the Entry is not the
 * root, verifyFolder does not look at it).
 * @param {Record<string, string>} files
 */
async function manifestOf(files) {
  const sealed = await Promise.all(Object.entries(files).sort().map(async ([path, text], i) => ({
    packageFile: new PackageFile(new Uint8Array(32).fill(i), path, new TextEncoder().encode(text).length,
      i % 2 ? 'sm3' : 'sha256', await streamDigest(new Blob([text]), i % 2 ? 'sm3' : 'sha256')),
    role: 'other',
  })));
  const entry = new Entry(new Uint8Array(32), 'sha256', 'package', new Map([['files', String(sealed.length)]]), null, null, null);
  return new Manifest(sealed, entry, new CollectionRecord(null, {
    operator: null, device: null, app: null, app_version: null, started: null, ended: null, method: null,
  }, []));
}

/** @param {Record<string, string>} files */
const folderOf = (files) => Object.entries(files).map(([path, text]) => ({ path, file: new Blob([text]) }));

test('a folder as sealed: every path unchanged; files the OS adds ignored', async () => {
  const manifest = await manifestOf({ 'a.txt': 'a', 'b/c.txt': 'cc' });
  const files = await verifyFolder(manifest, folderOf({ 'b/c.txt': 'cc', 'a.txt': 'a', '.DS_Store': 'x', 'b/._c.txt': 'y', 'b/THUMBS.DB': 'z' }),
    { digest: streamDigest, rules });
  assert.deepEqual(files, [{ path: 'a.txt', status: 'unchanged' }, { path: 'b/c.txt', status: 'unchanged' }]);
});

test('changed, missing, added and renamed paths, in path byte order', async () => {
  const manifest = await manifestOf({ 'a.txt': 'a', 'b.txt': 'bb', 'c.txt': 'cc', 'd.txt': 'dd' });
  const folder = folderOf({ 'a.txt': 'A', 'c2.txt': 'cc', 'e.txt': 'ee', 'd.txt': 'ddd', '.DS_Store': 'sealed? no' });
  const error = await verifyFolder(manifest, folder, { digest: streamDigest, rules }).then(() => null, (err) => err);
  assert.ok(error instanceof PackageFilesDiffer);
  assert.deepEqual(error.files, [
    { path: 'a.txt', status: 'changed' },
    { path: 'b.txt', status: 'missing' },
    { path: 'c.txt', status: 'renamed', to: 'c2.txt' },
    { path: 'd.txt', status: 'changed' },
    { path: 'e.txt', status: 'added' },
  ]);
});

test('an OS file the manifest lists is checked like any other', async () => {
  const manifest = await manifestOf({ '.DS_Store': 'kept', 'a.txt': 'a' });
  const error = await verifyFolder(manifest, folderOf({ 'a.txt': 'a' }), { digest: streamDigest, rules }).then(() => null, (err) => err);
  assert.deepEqual(error?.files, [{ path: '.DS_Store', status: 'missing' }, { path: 'a.txt', status: 'unchanged' }]);
});
