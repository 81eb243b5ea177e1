// The page's catalog (i18n.js): every key in both languages with the same placeholders,
// Chinese punctuated in full width, and every key the page's modules name is there.

import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'node:test';

import { CATALOG, translate } from '../../node/api/static/i18n.js';
import { STEPS } from '../../node/api/static/preserve/steps.js';

const STATIC = new URL('../../node/api/static/', import.meta.url).pathname;
const PLACEHOLDER = /\{(\w+)\}/g;
const HAN = '\\p{Script=Han}';
// ASCII punctuation touching a Chinese character: Chinese text takes full-width ，；：（）！？
const HALF_WIDTH_BESIDE_HAN = new RegExp(`${HAN}[,;:()!?]|[,;:()!?]${HAN}`, 'u');

/** @param {string} text */
function placeholders(text) {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]).sort();
}

/** Every .js file of the page (vendored libraries and catalog/ aside), with its text. */
async function pageSources() {
  const entries = await readdir(STATIC, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => !path.includes('/vendor/') && !path.includes('/catalog/'));
  return Promise.all(files.map(async (path) => [path, await readFile(path, 'utf8')]));
}

test('every key has Chinese and English words with the same placeholders', () => {
  assert.ok(CATALOG.size > 150);
  for (const [key, words] of CATALOG) {
    assert.deepEqual(Object.keys(words).sort(), ['en', 'zh'], key);
    assert.ok(words.zh.trim() && words.en.trim(), `${key} has empty words`);
    assert.deepEqual(placeholders(words.zh), placeholders(words.en), `${key}: placeholders differ`);
  }
});

test('Chinese words use full-width punctuation', () => {
  for (const [key, { zh }] of CATALOG) {
    assert.ok(!HALF_WIDTH_BESIDE_HAN.test(zh), `${key}: half-width punctuation beside Chinese: ${zh}`);
  }
});

test('the vocabulary is one: 投票权, never 权重; records counted from 1', () => {
  for (const [key, { zh, en }] of CATALOG) {
    assert.ok(!zh.includes('权重'), `${key} says 权重 for voting power`);
    assert.ok(!zh.includes('记录序号'), `${key} numbers records by index`);
    assert.ok(!/\bweight\b/i.test(en), `${key} says weight for voting power`);
  }
});

test('every key the page names literally is in the catalog', async () => {
  const named = new Set();
  for (const [, text] of await pageSources()) {
    for (const match of text.matchAll(/\bt\('([a-z_.#]+)'/g)) named.add(match[1]);
    for (const match of text.matchAll(/titleKey: '([a-z_.]+)'/g)) named.add(match[1]);
    for (const match of text.matchAll(/'data-text': '([a-z_.]+)'/g)) named.add(match[1]);
  }
  const html = await readFile(join(STATIC, 'index.html'), 'utf8');
  for (const match of html.matchAll(/data-i18n="([a-z_.]+)"/g)) named.add(match[1]);
  for (const key of named) assert.ok(CATALOG.has(key), `the page names ${key}, the catalog has no words for it`);
  assert.ok(named.size > 60);
});

test('every reason code, role and file status has words', async () => {
  const reasons = new Set();
  for (const [, text] of await pageSources()) {
    for (const match of text.matchAll(/(?:withReason(?:Async)?|new VerifyError)\('([a-z_]+)'/g)) reasons.add(match[1]);
  }
  const rules = JSON.parse(await readFile(join(STATIC, 'rules.json'), 'utf8'));
  const keys = [
    ...[...reasons].map((reason) => `reason.${reason}`),
    ...[...rules.roles.map((/** @type {{ role: string }} */ r) => r.role), rules.default_role].map((role) => `role.${role}`),
    ...['unchanged', 'changed', 'missing', 'added', 'renamed'].map((status) => `file.${status}`),
    ...['valid', 'unconfirmed', 'invalid', 'incomplete', 'needs'].map((verdict) => `headline.${verdict}`),
  ];
  assert.ok(reasons.size >= 18, [...reasons].join(' '));
  for (const key of keys) assert.ok(CATALOG.has(key), `no words for ${key}`);
});

test('translate fills placeholders and keeps unknown ones', () => {
  assert.equal(translate('zh', 'file.renamed', { to: '新/名.png' }), '改名为“新/名.png”，内容未变');
  assert.equal(translate('en', 'time.utc', {}), '{time} UTC');
});

test('every step of 存证 mode says why the court needs it, and every court warning has words', async () => {
  const rules = JSON.parse(await readFile(join(STATIC, 'rules.json'), 'utf8'));
  for (const { role } of STEPS) {
    assert.ok(CATALOG.has(`preserve.why.${role}`), `no words for why step ${role} matters`);
    assert.ok(CATALOG.has(`role.${role}`), `no name for step ${role}`);
  }
  const codes = [...Object.values(rules.missing_role_warnings), rules.voice_transcript.warning];
  for (const code of codes) assert.ok(CATALOG.has(`warning.${code}`), `no words for the court warning ${code}`);
  for (const field of ['operator', 'device', 'app', 'app_version', 'started', 'ended', 'method', 'steps']) {
    assert.ok(CATALOG.has(`preserve.form.${field}`), `no label for the collection form's ${field}`);
  }
});
