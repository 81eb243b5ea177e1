// What a sealed evidence package records (ledger/manifest.py; docs/evidence-packages.md).
// Each sealed file is a PackageFile [1, salt, path, size, alg, file_hash]; their encodings
// in path byte (UTF-8) order, then (version 2) the sealed collection record, are the leaves
// of an RFC 9162 tree whose root is the digest of the package Entry (kind "package").

import { bytesToHex, compareText, equalBytes } from './bytes.js';
import { CollectionRecord } from './collection.js';
import { HASH_SIZE, leafHash } from './domain-hash.js';
import { Entry } from './entry.js';
import { DecodeError, ProofError } from './errors.js';
import { checkBytes, checkFields, checkHex, checkInt, checkStr, typeName } from './fields.js';
import { rootFromLeaves } from './merkle.js';
import { expectArray, pack, unpack } from './msgpack.js';

/** The manifest format of each version: 1 leaves the collection record out of the tree. */
const MANIFEST_FORMATS = new Map([['cunzheng-package/v1', 1], ['cunzheng-package/v2', 2]]);
const PACKAGE_FILE_VERSION = 1;
export const FILE_ALGS = ['sha256', 'sm3']; // both give 32-byte digests
const SALT_SIZE = 32;
const MAX_PATH_LENGTH = 4096;
const MAX_PACKAGE_FILE_BYTES = 128 + 4 * MAX_PATH_LENGTH;
const FILE_FIELDS = ['path', 'size', 'alg', 'file_hash', 'salt', 'role'];
const MANIFEST_FIELDS = ['format', 'package_root', 'id', 'entry', 'collection', 'files'];

/**
 * Throw DecodeError unless `path` is relative, "/"-separated and in Unicode NFC, with no
 * empty, "." or ".." segment, no backslash or NUL, and at most 4096 characters.
 * @param {unknown} path
 * @returns {asserts path is string}
 */
export function checkPackagePath(path) {
  checkStr(path, 'package path', MAX_PATH_LENGTH);
  const segments = path.split('/');
  /** @type {[boolean, string][]} */
  const faults = [
    [!path, 'is empty'],
    [path.includes('\0'), 'contains a NUL character'],
    [path.includes('\\'), "contains a backslash; package paths are separated by '/'"],
    [path.startsWith('/'), 'is absolute; package paths are relative to the sealed folder'],
    [segments.includes(''), "has an empty segment ('//' or a trailing '/')"],
    [segments.includes('.') || segments.includes('..'), "has a '.' or '..' segment"],
    [path.normalize('NFC') !== path, 'is not in Unicode NFC form'],
  ];
  for (const [fault, reason] of faults) {
    if (fault) throw new DecodeError(`package path ${JSON.stringify(path)} ${reason}`);
  }
}

/** One sealed file: a random salt, its package path, size, hash algorithm and hash. */
export class PackageFile {
  /**
   * @param {unknown} salt
   * @param {unknown} path
   * @param {unknown} size
   * @param {unknown} alg
   * @param {unknown} fileHash
   */
  constructor(salt, path, size, alg, fileHash) {
    checkBytes(salt, 'salt', SALT_SIZE);
    checkPackagePath(path);
    checkInt(size, 'size');
    if (typeof alg !== 'string' || !FILE_ALGS.includes(alg)) {
      throw new DecodeError(`file ${JSON.stringify(path)}: alg ${JSON.stringify(alg) ?? typeName(alg)} is not sha256 or sm3`);
    }
    checkBytes(fileHash, 'file_hash', HASH_SIZE);
    this.salt = salt;
    this.path = path;
    this.size = size;
    this.alg = alg;
    this.fileHash = fileHash;
  }

  /** The canonical encoding: a leaf of the package tree. */
  encode() {
    return pack([PACKAGE_FILE_VERSION, this.salt, this.path, this.size, this.alg, this.fileHash]);
  }

  leafHash() {
    return leafHash(this.encode());
  }

  /** The file's fields as JSON (hex for bytes). */
  toJson() {
    return {
      path: this.path, size: this.size, alg: this.alg, file_hash: bytesToHex(this.fileHash),
      salt: bytesToHex(this.salt),
    };
  }

  /**
   * Parse canonical PackageFile bytes; throws DecodeError.
   * @param {Uint8Array} data
   */
  static decode(data) {
    const fields = expectArray(unpack(data, MAX_PACKAGE_FILE_BYTES),
      { name: 'PackageFile', version: PACKAGE_FILE_VERSION, fields: 6 });
    return new PackageFile(fields[1], fields[2], fields[3], fields[4], fields[5]);
  }

  /**
   * Parse toJson's fields (the caller checks for unknown ones); throws DecodeError.
   * @param {Record<string, unknown>} obj
   */
  static fromJson(obj) {
    const salt = checkHex(obj.salt, 'salt', SALT_SIZE);
    const fileHash = checkHex(obj.file_hash, 'file_hash', HASH_SIZE);
    return new PackageFile(salt, obj.path, obj.size, obj.alg, fileHash);
  }
}

/** A manifest whose leaves do not give its recorded root: edited after sealing. */
export class ManifestEdited extends ProofError {
  /**
   * @param {Uint8Array} recorded
   * @param {Uint8Array} computed
   */
  constructor(recorded, computed) {
    super(`the manifest was edited after sealing: its files and collection record give package `
      + `root ${bytesToHex(computed)}, it records ${bytesToHex(recorded)}; use the manifest as it `
      + 'was sealed', 'manifest_edited', { recorded: bytesToHex(recorded), computed: bytesToHex(computed) });
  }
}

/**
 * A sealed package: its files (with their declared roles) in path byte order, its Entry, and
 * how it was collected. That the leaves give the Entry's digest is checked by verifyRoot, not
 * here, so that an edited manifest can still be examined.
 */
export class Manifest {
  /**
   * @param {{ packageFile: PackageFile, role: string }[]} files
   * @param {Entry} entry
   * @param {CollectionRecord} collection
   */
  constructor(files, entry, collection) {
    if (!files.length) throw new DecodeError('a package manifest must list at least one file');
    for (let i = 1; i < files.length; i++) {
      const [first, second] = [files[i - 1].packageFile.path, files[i].packageFile.path];
      if (compareText(first, second) >= 0) {
        throw new DecodeError(`manifest files must be in path byte order, each once: `
          + `${JSON.stringify(second)} comes after ${JSON.stringify(first)}`);
      }
    }
    if (entry.kind !== 'package' || entry.alg !== 'sha256') {
      throw new DecodeError(`a package entry has kind "package" and alg "sha256", not kind `
        + `${JSON.stringify(entry.kind)} and alg ${JSON.stringify(entry.alg)}`);
    }
    this.files = files;
    this.entry = entry;
    this.collection = collection;
  }

  /** 2 when the collection record is sealed in the package tree, 1 otherwise. */
  get version() {
    return this.collection.isSealed ? 2 : 1;
  }

  /** The package tree's leaf hashes: the files' in path order, then (v2) the record's. */
  leafHashes() {
    const files = this.files.map((item) => item.packageFile.leafHash());
    return this.collection.isSealed ? [...files, this.collection.leafHash()] : files;
  }

  /** Throw ManifestEdited unless the leaves give the root the Entry records. */
  verifyRoot() {
    const computed = rootFromLeaves(this.leafHashes());
    if (!equalBytes(computed, this.entry.digest)) throw new ManifestEdited(this.entry.digest, computed);
  }

  /**
   * Parse a manifest's JSON object (version 1 or 2) strictly; `roles` are those a file may
   * declare (rules.json). Throws DecodeError for another format, unknown or missing fields,
   * bad hex, or a package_root or id that is not its Entry's.
   * @param {unknown} obj
   * @param {string[]} roles
   */
  static fromJson(obj, roles) {
    const found = typeof obj === 'object' && obj !== null && !Array.isArray(obj)
      ? /** @type {Record<string, unknown>} */ (obj).format : typeName(obj);
    const version = typeof found === 'string' ? MANIFEST_FORMATS.get(found) : undefined;
    if (version === undefined) {
      throw new DecodeError(`not a ${[...MANIFEST_FORMATS.keys()].join(' or ')} manifest (format: ${JSON.stringify(found) ?? 'None'})`);
    }
    checkFields(obj, 'manifest', MANIFEST_FIELDS, MANIFEST_FIELDS);
    const entry = Entry.fromJson(obj.entry);
    if (!equalBytes(checkHex(obj.package_root, 'package_root', HASH_SIZE), entry.digest)) {
      throw new DecodeError("the manifest's package_root is not its entry's digest");
    }
    if (!equalBytes(checkHex(obj.id, 'id', HASH_SIZE), entry.leafHash())) {
      throw new DecodeError("the manifest's id is not the leaf hash of its entry");
    }
    if (!Array.isArray(obj.files)) throw new DecodeError('manifest files must be a list');
    const files = obj.files.map((item) => {
      checkFields(item, 'manifest file', FILE_FIELDS, FILE_FIELDS);
      const packageFile = PackageFile.fromJson(item);
      if (typeof item.role !== 'string' || !roles.includes(item.role)) {
        throw new DecodeError(`file ${JSON.stringify(packageFile.path)}: role ${JSON.stringify(item.role)} `
          + `is not one of ${roles.join(', ')}`);
      }
      return { packageFile, role: item.role };
    });
    return new Manifest(files, entry, CollectionRecord.fromJson(obj.collection, version === 2));
  }
}
