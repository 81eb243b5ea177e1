// A node's receipt: its signed promise to include the entries of one request
// (ledger/receipt.py; docs/formats.md, "Receipt"). The node answers a submission with the
// receipt's canonical encoding [1, chain_id, node_public_key, received_ms, [id, …],
// signature], the signature by the node's key over the encoding with signature nil, tagged
// cunzheng/receipt/v1. It is checked from that encoding, not from the JSON fields beside it,
// since the signature covers the encoding, and it is only worth keeping when the node that
// signed it is one of the consortium's notaries.

import { bytesToHex, equalBytes, hexToBytes } from '../core/bytes.js';
import { DecodeError, SignatureError } from '../core/errors.js';
import { checkBytes, checkInt, checkStr, typeName } from '../core/fields.js';
import { verifySignature } from '../core/keys.js';
import { expectArray, pack, unpack } from '../core/msgpack.js';

const VERSION = 1;
const RECEIPT_SIGNATURE_TAG = 'cunzheng/receipt/v1'; // ledger/keys.py RECEIPT_SIGNATURE_TAG
const MAX_RECEIPT_BYTES = 1024 * 1024;

export class Receipt {
  /**
   * Checks each field as ledger/receipt.py does; throws DecodeError.
   * @param {unknown} chainId
   * @param {unknown} nodePublicKey
   * @param {unknown} receivedMs
   * @param {unknown} ids
   * @param {unknown} signature
   */
  constructor(chainId, nodePublicKey, receivedMs, ids, signature) {
    checkStr(chainId, 'Receipt.chain_id', 64);
    checkBytes(nodePublicKey, 'Receipt.node_public_key', 32);
    checkInt(receivedMs, 'Receipt.received_ms');
    if (!Array.isArray(ids)) throw new DecodeError(`Receipt.ids must be an array, got ${typeName(ids)}`);
    for (const id of ids) checkBytes(id, 'Receipt id', 32);
    if (signature === null) throw new DecodeError('receipt is not signed');
    checkBytes(signature, 'Receipt.signature', 64);
    this.chainId = chainId;
    this.nodePublicKey = nodePublicKey;
    this.receivedMs = receivedMs;
    this.ids = /** @type {Uint8Array[]} */ (ids);
    this.signature = signature;
  }

  /** Throw SignatureError unless the node's signature over the encoding verifies. */
  verify() {
    const payload = pack([VERSION, this.chainId, this.nodePublicKey, this.receivedMs, this.ids, null]);
    verifySignature(this.nodePublicKey, RECEIPT_SIGNATURE_TAG, payload, this.signature);
  }

  /**
   * Parse canonical Receipt bytes; throws DecodeError.
   * @param {Uint8Array} data
   */
  static decode(data) {
    const fields = expectArray(unpack(data, MAX_RECEIPT_BYTES), { name: 'Receipt', version: VERSION, fields: 6 });
    return new Receipt(fields[1], fields[2], fields[3], fields[4], fields[5]);
  }
}

/**
 * What a checked receipt tells: who promised, and when.
 * @typedef {{ chainId: string, notary: string, nodePublicKey: string, receivedMs: number, encoding: string }} CheckedReceipt
 */

/**
 * The receipt of the node's answer `{"id", "status", "receipt": {…, "encoding"}}` to the
 * submission of the one entry `entryId`, checked: its encoding decodes, its signature
 * verifies, it names exactly `entryId` (as does the answer), it is for `chainId`, and its key
 * is a notary's of `validators` (the consortium's set, core/validators.js).
 *
 * Throws DecodeError for an answer without a well-formed receipt, SignatureError for a
 * signature that does not verify or a key that is no notary's, and DecodeError for other ids
 * or another chain; each says not to rely on the submission.
 * @param {unknown} answer
 * @param {Uint8Array} entryId
 * @param {string} chainId
 * @param {import('../core/validators.js').ValidatorSet} validators
 * @returns {CheckedReceipt}
 */
export function checkReceipt(answer, entryId, chainId, validators) {
  const fields = typeof answer === 'object' && answer !== null ? /** @type {Record<string, any>} */ (answer) : {};
  const encoding = typeof fields.receipt?.encoding === 'string' ? hexToBytes(fields.receipt.encoding) : null;
  if (encoding === null) {
    throw new DecodeError('the node answered without a receipt encoding in hex; do not rely on this '
      + 'submission: submit again, or to another notary', 'receipt_missing');
  }
  const receipt = Receipt.decode(encoding);
  receipt.verify();
  if (fields.id !== bytesToHex(entryId) || receipt.ids.length !== 1 || !equalBytes(receipt.ids[0], entryId)) {
    throw new DecodeError(`the node answered or signed for other entry ids than ${bytesToHex(entryId)}, `
      + 'the one sent; do not rely on this submission: submit again, or to another notary', 'receipt_other_ids');
  }
  if (receipt.chainId !== chainId) {
    throw new DecodeError(`the receipt is for chain ${JSON.stringify(receipt.chainId)}, the consortium's is `
      + `${JSON.stringify(chainId)}; do not rely on this submission`, 'receipt_other_chain');
  }
  const notary = validators.validators.find((member) => equalBytes(member.publicKey, receipt.nodePublicKey));
  if (notary === undefined) {
    throw new SignatureError(`the receipt is signed by key ${bytesToHex(receipt.nodePublicKey).slice(0, 16)}…, `
      + "which is none of the consortium's notaries'; do not rely on this submission: submit to a "
      + "notary's node", 'receipt_not_notary');
  }
  return {
    chainId: receipt.chainId,
    notary: notary.name,
    nodePublicKey: bytesToHex(receipt.nodePublicKey),
    receivedMs: receipt.receivedMs,
    encoding: bytesToHex(encoding),
  };
}
