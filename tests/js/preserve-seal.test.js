// Sealing in the browser (node/api/static/preserve/seal.js): the package paths, the
// collection form, the court warnings, and the cross-tests with the real `cunzheng seal`:
// given the salts the command drew, the page's manifest is the command's file byte for byte,
// and the command guesses the role each step declares.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { hexToBytes } from '../../node/api/static/core/bytes.js';
import { CollectionRecord } from '../../node/api/static/core/collection.js';
import { parseJson } from '../../node/api/static/core/json.js';
import { Manifest } from '../../node/api/static/core/manifest.js';
import { streamDigest } from '../../node/api/static/hashing/hash-stream.js';
import { CollectionFormError, collectionFromForm, withOffset } from '../../node/api/static/preserve/collection-form.js';
import { nameParts } from '../../node/api/static/preserve/court-warnings.js';
import { SealError, placeFiles, sealPackage } from '../../node/api/static/preserve/seal.js';
import { STEPS, stepFolder } from '../../node/api/static/preserve/steps.js';
import {
  cunzheng, fileOf, noCommand, packageRules, python, temporaryFolder, warningRules, writeFolder,
} from './preserve-support.js';

const FORM = {
  operator: '李四', device: 'iPhone 13 (序列号 F2LXK0ABCD)', app: '微信', app_version: '8.0.50',
  started: '2026-11-20T14:30:00+08:00', ended: '2026-11-20T15:05:00+08:00',
  method: '全程录屏，逐项截图\t"原样"导出 \\ 备份', steps: ['打开微信 > 我 > 设置', '', '导出聊天记录\n到电脑'],
};

/**
 * The files of a chat record a litigant adds, one or more per step, with names that test the
 * edges: NFD, duplicates in either case, emoji, quotes, a line break, an operating-system file.
 */
function chatRecord() {
  return [
    { role: 'owner_profile', file: fileOf('IMG_0001.JPG', 'owner profile') },
    { role: 'counterparty_profile', file: fileOf('IMG_0002.JPG', 'counterparty profile') },
    { role: 'conversation', file: fileOf('聊天记录 2026-11-20.txt', '张三：周五前我还你 5000 元。\n') },
    { role: 'conversation', file: fileOf('img_0003.jpg', 'screenshot 1') },
    { role: 'conversation', file: fileOf('IMG_0003.JPG', 'screenshot 2') },
    { role: 'conversation', file: fileOf('IMG_0003.JPG', 'screenshot 3') },
    { role: 'voice', file: fileOf('语音_001.amr', 'voice 1') },
    { role: 'voice', file: fileOf('语音_002.amr', 'voice 2') },
    { role: 'voice_transcript', file: fileOf('语音_001_文字.txt', '我下周还') },
    { role: 'transfer_record', file: fileOf('e\u0301 "转账" 😀.png', 'transfer') },
    { role: 'other', file: fileOf('line\nbreak.txt', 'odd name') },
    { role: 'other', file: fileOf('.DS_Store', 'finder') },
    { role: 'other', file: fileOf('', 'nameless'), name: '说明/备注.txt' },
  ];
}

/** @param {string} alg */
function options(alg = 'sha256') {
  return {
    alg, collection: collectionFromForm(FORM), digest: streamDigest, rules: packageRules, warningRules,
  };
}

test('every role of rules.json has a step, and every step a role of rules.json', () => {
  assert.deepEqual(STEPS.map((step) => step.role).sort(), [...packageRules.roles].sort());
  assert.equal(new Set(STEPS.map((step) => step.folder)).size, STEPS.length);
  assert.throws(() => stepFolder('selfie'), TypeError);
});

test('files get "<step folder>/<name>" in NFC; duplicates in any case get a number; OS files are left out', () => {
  const { placed, leftOut } = placeFiles(chatRecord(), packageRules);
  assert.deepEqual(placed.map((item) => item.path), [
    '我的资料/IMG_0001.JPG', '对方资料/IMG_0002.JPG', '聊天记录/聊天记录 2026-11-20.txt',
    '聊天记录/img_0003.jpg', '聊天记录/IMG_0003 (2).JPG', '聊天记录/IMG_0003 (3).JPG',
    '语音/语音_001.amr', '语音/语音_002.amr', '语音文字/语音_001_文字.txt',
    '转账记录/\u00e9 "转账" 😀.png', '其他/line\nbreak.txt', '其他/说明/备注.txt',
  ]);
  assert.deepEqual(leftOut, ['其他/.DS_Store']);
  assert.deepEqual(nameParts('a/.bashrc'), ['.bashrc', '']);
  assert.deepEqual(nameParts('a/b.'), ['b.', '']);
  assert.deepEqual(nameParts('a/b.c.d'), ['b.c', '.d']);
});

test('names that are no package path, and files under another file\'s name, are refused', () => {
  const refused = [
    [{ role: 'other', file: fileOf('a\\b.txt', '') }],
    [{ role: 'other', file: fileOf('x', ''), name: '../up.txt' }],
    [{ role: 'other', file: fileOf('x', ''), name: '' }],
    [{ role: 'other', file: fileOf('a', '') }, { role: 'other', file: fileOf('b', ''), name: 'A/b' }],
  ];
  for (const added of refused) assert.throws(() => placeFiles(added, packageRules), SealError);
  assert.throws(() => placeFiles([{ role: 'selfie', file: fileOf('a', '') }], packageRules), TypeError);
});

test('nothing to seal, or only files an operating system adds, is refused', async () => {
  await assert.rejects(sealPackage([], options()), SealError);
  await assert.rejects(sealPackage([{ role: 'other', file: fileOf('Thumbs.db', '') }], options()), SealError);
  await assert.rejects(sealPackage(chatRecord(), { ...options(), alg: 'md5' }), /alg "md5"/);
});

test('a sealed package is a valid version 2 manifest whose root is its entry\'s digest', async () => {
  const sealed = await sealPackage(chatRecord(), options('sm3'));
  const read = Manifest.fromJson(parseJson(sealed.text, { uniqueKeys: true }), packageRules.roles);
  read.verifyRoot();
  assert.equal(read.version, 2);
  assert.deepEqual(Object.fromEntries(sealed.entry.meta), { files: '12' });
  assert.equal(sealed.entry.kind, 'package');
  assert.deepEqual(read.files.map((item) => item.role), sealed.manifest.files.map((item) => item.role));
  assert.deepEqual(read.collection.steps, ['打开微信 > 我 > 设置', '导出聊天记录\n到电脑']);
  assert.ok(read.files.every((item) => item.packageFile.alg === 'sm3'));
  const salts = new Set(read.files.map((item) => Buffer.from(item.packageFile.salt).toString('hex')));
  assert.equal(salts.size, 12, 'every file has its own salt');
});

test('the collection form: blanks are unstated, each refusal names its field', () => {
  const record = collectionFromForm({ operator: '  ', device: ' iPhone ', steps: [' ', 'a'] });
  assert.equal(record.statement.operator, null);
  assert.equal(record.statement.device, ' iPhone ');
  assert.deepEqual(record.steps, ['a']);
  /** @type {[Record<string, unknown>, string][]} */
  const refusals = [
    [{ started: '2026-11-20 下午' }, 'started'],
    [{ ended: '2026-13-01T00:00' }, 'ended'],
    [{ started: '2026-11-20T15:00+08:00', ended: '2026-11-20T14:00+08:00' }, 'ended'],
    [{ method: 'x'.repeat(4097) }, 'method'],
    [{ steps: Array(201).fill('step') }, 'steps'],
    [{ operator: '\ud800' }, 'operator'],
  ];
  for (const [values, field] of refusals) {
    assert.throws(() => collectionFromForm(values), (err) => err instanceof CollectionFormError && err.field === field,
      JSON.stringify(values));
  }
  // A time with an offset and one without cannot be ordered (ledger/collection.py): kept.
  assert.ok(collectionFromForm({ started: '2026-11-20T15:00+08:00', ended: '2026-11-20T14:00' }));
});

test('a datetime-local value gets the offset of the place it was taken in', () => {
  assert.equal(withOffset('2026-11-20T14:30', 480), '2026-11-20T14:30:00+08:00');
  assert.equal(withOffset('2026-11-20T14:30:15', -330), '2026-11-20T14:30:15-05:30');
  assert.equal(withOffset('2026-11-20T14:30:15.5', 0), '2026-11-20T14:30:15.5+00:00');
  assert.throws(() => withOffset('2026-11-20 14:30', 480), TypeError);
  assert.throws(() => withOffset('2026-11-20T14:30', 1440), TypeError);
  const record = collectionFromForm({ started: withOffset('2026-11-20T14:30', 480) });
  assert.ok(record instanceof CollectionRecord && record.statement.started === '2026-11-20T14:30:00+08:00');
});

/**
 * `cunzheng seal` of `folder` with the page's roles and form, into a new manifest; returns
 * its bytes.
 * @param {string} folder
 * @param {{ path: string, role: string }[]} files
 * @param {string} alg
 */
function sealWithCommand(folder, files, alg) {
  const out = join(temporaryFolder(), 'manifest.json');
  const roles = files.flatMap((file) => ['--role', `${file.path}=${file.role}`]);
  const stated = [['--operator', FORM.operator], ['--device', FORM.device], ['--app', FORM.app],
    ['--app-version', FORM.app_version], ['--started', FORM.started], ['--ended', FORM.ended],
    ['--method', FORM.method], ...FORM.steps.filter((s) => s.trim()).map((s) => ['--step', s])].flat();
  cunzheng(['seal', folder, '--out', out, '--alg', alg, ...roles, ...stated]);
  return readFileSync(out);
}

for (const alg of ['sha256', 'sm3']) {
  test(`given the command's salts, the page's ${alg} manifest is \`cunzheng seal\`'s file byte for byte`, { skip: noCommand }, async () => {
    const first = await sealPackage(chatRecord(), options(alg));
    const folder = await writeFolder(temporaryFolder(), first.files);
    const expected = sealWithCommand(folder, first.manifest.files.map((item) => ({ path: item.packageFile.path, role: item.role })), alg);
    const written = JSON.parse(expected.toString('utf8'));
    const salts = [...written.files.map((/** @type {any} */ file) => file.salt), written.collection.salt];
    const again = await sealPackage(chatRecord(), { ...options(alg), randomBytes: () => /** @type {Uint8Array} */ (hexToBytes(salts.shift())) });
    assert.equal(salts.length, 0, 'one salt per file, then the record\'s');
    assert.deepEqual(Buffer.from(again.text, 'utf8'), expected);
  });
}

test('`cunzheng seal` guesses the role each step declares, for a file whose name lets it', { skip: noCommand }, async () => {
  const names = {
    owner_profile: 'IMG_1.png', counterparty_profile: 'IMG_2.png', conversation: '导出.txt',
    voice: '语音_001.amr', voice_transcript: '语音_001_文字.txt', transfer_record: 'IMG_3.png',
    screen_recording: 'RPReplay_Final.mp4', image: 'IMG_4.heic', other: 'notes.bin',
  };
  const added = Object.entries(names).map(([role, name]) => ({ role, file: fileOf(name, role) }));
  const sealed = await sealPackage(added, options());
  const folder = await writeFolder(temporaryFolder(), sealed.files);
  const out = join(temporaryFolder(), 'guessed.json');
  cunzheng(['seal', folder, '--out', out]);
  const guessed = JSON.parse(readFileSync(out, 'utf8')).files.map((/** @type {any} */ f) => [f.path, f.role]);
  assert.deepEqual(guessed, sealed.manifest.files.map((item) => [item.packageFile.path, item.role]));
});

test('the court warnings are `cunzheng seal`\'s (ledger/manifest.py court_warnings)', { skip: noCommand }, async () => {
  const packages = [
    chatRecord(),
    chatRecord().filter((item) => item.role !== 'voice_transcript' && item.role !== 'owner_profile'),
    [{ role: 'voice', file: fileOf('语音_0012.amr', 'v') }, { role: 'voice_transcript', file: fileOf('语音_001_文字.txt', 't') },
      { role: 'voice', file: fileOf('语音_001.AMR', 'w') }, { role: 'screen_recording', file: fileOf('a.mp4', 'r') }],
  ];
  for (const added of packages) {
    const sealed = await sealPackage(added, options());
    const manifest = join(temporaryFolder(), 'manifest.json');
    writeFileSync(manifest, sealed.text);
    const expected = python(
      'import json, sys, pathlib\n'
      + 'from cunzheng.ledger.manifest import court_warnings, read_manifest\n'
      + 'found = court_warnings(read_manifest(pathlib.Path(sys.argv[1])))\n'
      + 'print(json.dumps([{"code": w.code, "path": w.path} for w in found]))', [manifest]);
    assert.deepEqual(sealed.warnings, expected);
  }
});
