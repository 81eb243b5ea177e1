// The page's decoders against what ledger/ decodes, encodes and hashes
// (tests/vectors/page.json, made by tests/support/page_vectors.py from the Python code).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Commit, Header } from '../../node/api/static/core/block.js';
import { SignedCheckpoint } from '../../node/api/static/core/checkpoint.js';
import { Entry } from '../../node/api/static/core/entry.js';
import { DecodeError, LedgerError } from '../../node/api/static/core/errors.js';
import { isBefore, parseIsoTime } from '../../node/api/static/core/isotime.js';
import { parseJson } from '../../node/api/static/core/json.js';
import { isValidKeyName, keyHash, parseVkey } from '../../node/api/static/core/keys.js';
import { checkPackagePath } from '../../node/api/static/core/manifest.js';
import { pack, unpack } from '../../node/api/static/core/msgpack.js';
import { Genesis, ValidatorSet } from '../../node/api/static/core/validators.js';
import { bytes, hex, vectors } from './support.js';

const page = vectors('page.json');

/** @param {() => unknown} check */
function refuses(check) {
  try {
    check();
  } catch (err) {
    if (err instanceof LedgerError) return true;
    throw err;
  }
  return false;
}

test('canonical msgpack: what ledger/ packs unpacks and packs again to the same bytes', () => {
  for (const { hex: encoded, canonical, beyond_2_53: beyond } of page.msgpack) {
    if (canonical && !beyond) assert.equal(hex(pack(unpack(bytes(encoded), 1 << 20))), encoded);
  }
});

test('canonical msgpack: what ledger/ refuses is refused, and integers beyond 2^53 too', () => {
  for (const { hex: encoded, canonical, beyond_2_53: beyond } of page.msgpack) {
    if (!canonical || beyond) assert.throws(() => unpack(bytes(encoded), 100), DecodeError, encoded);
  }
});

test('canonical msgpack: random values round trip, maps sorted by UTF-8 bytes', () => {
  let seed = 14;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const texts = ['', 'a', '9', '10', 'é', '\uffff', '𝄞', '长'.repeat(40), 'x'.repeat(300)];
  /** @returns {unknown} */
  const value = (/** @type {number} */ depth) => {
    const kind = next() % (depth > 5 ? 4 : 6);
    if (kind === 0) return null;
    if (kind === 1) return (next() % 2 ? -1 : 1) * (next() * 65537 + next()) % Number.MAX_SAFE_INTEGER;
    if (kind === 2) return texts[next() % texts.length];
    if (kind === 3) return Uint8Array.from({ length: next() % 300 }, () => next() % 256);
    if (kind === 4) return Array.from({ length: next() % 20 }, () => value(depth + 1));
    return new Map(Array.from({ length: next() % 18 }, () => [texts[next() % texts.length] + (next() % 5), value(depth + 1)]));
  };
  for (let i = 0; i < 300; i++) {
    const encoded = pack(value(0));
    assert.deepEqual(pack(unpack(encoded, 1 << 24)), encoded);
  }
  assert.equal(hex(pack({ 10: 1, 9: 2, '𝄞': 3, '\uffff': 4 })), '84a23130 01a13902 a3efbfbf 04a4f09d849e03'.replaceAll(' ', ''));
});

test('entries decode, hash and check their submitter signature as ledger/ does', () => {
  for (const item of page.entries) {
    if (!item.ok) {
      assert.throws(() => Entry.decode(bytes(item.leaf)), DecodeError, item.leaf);
      continue;
    }
    const entry = Entry.decode(bytes(item.leaf));
    assert.deepEqual(entry.toJson(), item.json);
    assert.equal(hex(entry.leafHash()), item.leaf_hash);
    assert.equal(hex(entry.encode()), item.leaf);
    assert.equal(!refuses(() => entry.verifySubmitterSignature()), item.signature_ok);
  }
});

test('headers, commits and validator sets encode and hash as ledger/ does', () => {
  const header = Header.decode(bytes(page.header.bytes));
  assert.deepEqual(header.toJson(), page.header.json);
  assert.equal(hex(header.hash()), page.header.hash);
  assert.deepEqual(Commit.decode(bytes(page.commit.bytes)).toJson(), page.commit.json);
  const validators = ValidatorSet.fromJson(parseJson(JSON.stringify(page.validators.json)));
  assert.equal(hex(pack(validators.fields())), page.validators.encoding);
  assert.equal(hex(validators.hash()), page.validators.hash);
  assert.deepEqual(validators.validators.map((v) => hex(keyHash(v.name, v.publicKey))), page.validators.key_hashes);
  assert.deepEqual(validators.validators.map((v) => v.vkey()), page.validators.json.map((/** @type {any} */ v) => v.vkey));
});

test('genesis documents hash as ledger/ hashes them, and the same ones are refused', () => {
  for (const { text, ok, hash } of page.genesis) {
    const data = new TextEncoder().encode(text);
    if (!ok) {
      assert.throws(() => Genesis.fromFileBytes(data), DecodeError, text);
      continue;
    }
    assert.equal(hex(Genesis.fromFileBytes(data).hash()), hash);
  }
});

test('a genesis with publication fields is version 2, without them version 1 (spec §7)', () => {
  // Reproduce: ledger/validators.py Genesis.from_json(json.loads(TEXT)).hash().hex(), and with
  // "version": 1 and no "publication" for the version 1 hash.
  const document = {
    version: 2, chain_id: 'cunzheng-test', genesis_time_ms: 1795446245000,
    validators: [{ name: 'notary-a', public_key: '11'.repeat(32), power: 1 }, { name: '法院-b', public_key: '22'.repeat(32), power: 3 }],
    params: { b: -5, a: 7 }, previous_chain: null,
    publication: { url: 'https://example.org/genesis.json', members: { '法院-b': '某某法院', 'notary-a': '公证处 A' } },
  };
  const encode = (/** @type {object} */ doc) => new TextEncoder().encode(JSON.stringify(doc));
  assert.equal(hex(Genesis.fromFileBytes(encode(document)).hash()), '868d3a19950333a7afaf1c1d585dc61748d82bf298078c515a1b9d23d0464cf5');
  const { publication, ...plain } = document;
  assert.equal(hex(Genesis.fromFileBytes(encode({ ...plain, version: 1 })).hash()), 'b7413f38c43d0981978bc506825fc9e1a5b668a71c0c9dd34d2975666db3ca94');
  assert.throws(() => Genesis.fromFileBytes(encode({ ...document, version: 1 })), DecodeError);
  assert.throws(() => Genesis.fromFileBytes(encode({ ...document, publication: { ...publication, url: 'http://x' } })), DecodeError);
  // With a contact: the same, "contacts": {"notary-a": CONTACT} added to "publication".
  const contact = 'office@notary-a.example, +86 10 0000 0000';
  const contacted = { ...document, publication: { ...publication, contacts: { 'notary-a': contact } } };
  const genesis = Genesis.fromFileBytes(encode(contacted));
  assert.equal(hex(genesis.hash()), '972f2e1e3aa879dc63432e67ba302bb04d80b00c92bf12097de7437633475262');
  assert.deepEqual(genesis.publication?.contacts, [['notary-a', contact]]);
  for (const contacts of [{}, { '法院-c': 'x' }, { 'notary-a': ' ' }, ['x']]) {
    assert.throws(() => Genesis.fromFileBytes(encode({ ...document, publication: { ...publication, contacts } })), DecodeError);
  }
});

test('key names, verifier keys and signed notes are read as ledger/ reads them', () => {
  for (const { name, valid } of page.key_names) assert.equal(isValidKeyName(name), valid, JSON.stringify(name));
  for (const item of page.vkeys) {
    if (!item.ok) {
      assert.throws(() => parseVkey(item.text), DecodeError, item.text);
      continue;
    }
    const [name, key] = parseVkey(item.text);
    assert.deepEqual([name, hex(key)], [item.name, item.key]);
  }
  for (const item of page.notes) {
    if (!item.ok) {
      assert.throws(() => SignedCheckpoint.parse(item.text), DecodeError, item.text);
      continue;
    }
    const note = SignedCheckpoint.parse(item.text);
    assert.deepEqual([note.checkpoint.body(), note.signatures.length], [item.body, item.lines]);
  }
});

test('package paths are refused as ledger/ refuses them', () => {
  for (const { path, valid } of page.package_paths) assert.equal(!refuses(() => checkPackagePath(path)), valid, JSON.stringify(path));
});

test('ISO 8601 times are read as Python 3.11 datetime.fromisoformat reads them', () => {
  for (const item of page.iso_times) {
    const time = parseIsoTime(item.text);
    assert.equal(time !== null, item.ok, JSON.stringify(item.text));
    if (time === null) continue;
    const micros = String(time.microsecond).padStart(6, '0');
    const local = new Date(time.localMs).toISOString().slice(0, 19) + (time.microsecond ? `.${micros}` : '');
    assert.equal(local, item.local.replace(/^(\d{4}-\d\d-\d\dT\d\d:\d\d)$/, '$1:00'), item.text);
    assert.equal(time.offsetMicros, item.offset_us, item.text);
  }
  const at = (/** @type {string} */ text) => /** @type {import('../../node/api/static/core/isotime.js').IsoTime} */ (parseIsoTime(text));
  assert.ok(isBefore(at('2026-11-20T14:00+08:00'), at('2026-11-20T07:00Z')));
  assert.ok(!isBefore(at('2026-11-20T14:00+08:00'), at('2026-11-20T06:00Z')));
  assert.ok(!isBefore(at('2026-11-20T14:00'), at('2026-11-20T15:00Z')), 'naive and aware times are not ordered');
});

test('JSON is read as Python reads it: floats kept apart from integers, duplicate keys refused on demand', () => {
  const value = /** @type {any} */ (parseJson('{"a": 1.0, "b": 1, "c": 12345678901234567890, "__proto__": [NaN, -Infinity]}'));
  assert.equal(typeof value.a, 'object');
  assert.equal(value.b, 1);
  assert.equal(value.c, 12345678901234567890n);
  assert.ok(Object.hasOwn(value, '__proto__') && Array.isArray(value.__proto__));
  assert.deepEqual(parseJson('{"k": 1, "k": 2}'), { k: 2 });
  assert.throws(() => parseJson('{"k": 1, "k": 2}', { uniqueKeys: true }), DecodeError);
  for (const text of ['\ufeff{}', '{"a":1,}', '[1] 2', '"\u0001"', '01', '1.', '{"a" 1}', "{'a':1}", '']) {
    assert.throws(() => parseJson(text), DecodeError, JSON.stringify(text));
  }
  assert.equal(/** @type {string[]} */ (parseJson(' \t\n[ "\\ud800" ]\r\n'))[0], '\ud800');
});
