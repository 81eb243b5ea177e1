// The certificate's record (certificate/record.js): canonical JSON as Python writes it, a
// record embedded and read back without a package's salts, refusals of what is not a
// record, and the QR code's address, decoded back from the vendored encoder's symbol.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeQR } from 'qr/decode.js';

import { utf8Text } from '../../node/api/static/core/bytes.js';
import { DecodeError } from '../../node/api/static/core/errors.js';
import { parseJson } from '../../node/api/static/core/json.js';
import { Manifest } from '../../node/api/static/core/manifest.js';
import { verifyAddress } from '../../node/api/static/certificate/qr.js';
import {
  EMPTY_RECORD_BLOCK, canonicalJson, certificateRecord, embedRecord, readRecord,
} from '../../node/api/static/certificate/record.js';
import { encodeQR } from '../../node/api/static/vendor/qr@0.7.0/index.js';
import { REPO, corpusRules } from './support.js';

const CASE = join(REPO, 'tests', 'vectors', 'verdicts', 'package_valid');
const PAGE = `<html><head>${EMPTY_RECORD_BLOCK}</head><body></body></html>`;

test('canonical JSON is what Python\'s json.dumps(sort_keys=True, compact) writes', () => {
  // python3 -c 'import json; print(json.dumps({"b":1,"\uffff":2,"𝄞":3,"a":["<","\x01",
  //   {"10":1,"9":2}],"Z":True}, ensure_ascii=False, separators=(",",":"), sort_keys=True))'
  const value = { b: 1, '\uffff': 2, '𝄞': 3, a: ['<', '\u0001', { 10: 1, 9: 2 }], Z: true };
  assert.equal(canonicalJson(value), '{"Z":true,"a":["<","\\u0001",{"10":1,"9":2}],"b":1,"\uffff":2,"𝄞":3}');
  assert.throws(() => canonicalJson({ x: 1.5 }), TypeError);
  assert.throws(() => canonicalJson({ x: 2n ** 60n }), TypeError);
});

function packageRecord() {
  const bundle = parseJson(readFileSync(join(CASE, 'proof.cunzheng.json'), 'utf8'));
  const manifest = Manifest.fromJson(parseJson(readFileSync(join(CASE, 'manifest.json'), 'utf8')), corpusRules().roles);
  return { bundle, manifest, record: certificateRecord(bundle, manifest, 'https://node.example/') };
}

test('a record is embedded in its block and read back, without the salts', () => {
  const { bundle, manifest, record } = packageRecord();
  const html = embedRecord(PAGE, record);
  const block = /<script type="application\/json" id="record">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
  assert.ok(!block.includes('<'));
  const read = readRecord(block);
  assert.deepEqual(parseJson(utf8Text(read.bundle) ?? ''), bundle);
  assert.equal(read.entryId, /** @type {any} */ (bundle).id);
  assert.equal(read.pageUrl, 'https://node.example/');
  assert.equal(read.package?.files.length, manifest.files.length);
  assert.equal(read.package?.collection.operator, manifest.collection.statement.operator);
  for (const { packageFile } of manifest.files) assert.ok(!html.includes(packageFile.toJson().salt));
  assert.ok(!html.includes(/** @type {Uint8Array} */ (manifest.collection.salt).reduce((s, b) => s + b.toString(16).padStart(2, '0'), '')));
  assert.throws(() => embedRecord(html, record), TypeError, 'a certificate has no empty record block');
});

test('what is not a certificate record is refused', () => {
  const { record } = packageRecord();
  const good = canonicalJson(record);
  for (const text of [
    '{not json',
    canonicalJson({ ...record, format: 'cunzheng-certificate/v9' }),
    canonicalJson({ ...record, extra: 1 }),
    canonicalJson({ ...record, bundle: 'a string' }),
    good.replace('"format":', '"format":"x","format":'),
  ]) {
    assert.throws(() => readRecord(text), DecodeError, text.slice(0, 60));
  }
});

test('the QR code opens the node\'s page in 核验 mode on the record', () => {
  const id = 'ab'.repeat(32);
  const address = verifyAddress('https://node.example/cunzheng/', id, true);
  assert.equal(address, `https://node.example/cunzheng/#verify?id=${id}&kind=package`);
  // As certificate/qr.js draws it: level M, a quiet zone of 4 modules; 4 pixels a module.
  const modules = encodeQR(address, 'raw', { ecc: 'medium', border: 4 });
  const scale = 4;
  const size = modules.length * scale;
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const value = modules[Math.floor(y / scale)][Math.floor(x / scale)] ? 0 : 255;
      data.set([value, value, value, 255], (y * size + x) * 4);
    }
  }
  assert.equal(decodeQR({ width: size, height: size, data }), address);
});
