// Checking that a block is final: its commit holds valid precommits from a quorum
// (ledger/finality.py). Each precommit carries two signatures: the vote signature over the
// Vote, and the checkpoint signature over the C2SP checkpoint body of the block's ledger size
// and root; so every final block is also a checkpoint signed by more than 2/3 of the power.

import { bytesToHex, equalBytes, utf8 } from './bytes.js';
import { Checkpoint, checkpointOrigin } from './checkpoint.js';
import { ChainBroken, SignatureError } from './errors.js';
import { VOTE_SIGNATURE_TAG, verifyMessageSignature, verifySignature } from './keys.js';
import { precommitPayload } from './block.js';

/**
 * The checkpoint (unsigned) that the header's ledger size and root define; throws
 * DecodeError when the header's chain id is no C2SP key name.
 * @param {import('./block.js').Header} header
 */
export function checkpointOf(header) {
  return new Checkpoint(checkpointOrigin(header.chainId), header.ledgerSize, header.ledgerRoot);
}

/**
 * Check that `commit` finalizes `header` under `validators`. Throws ChainBroken when the
 * set is not the header's, the commit is for another block, names a validator not in the
 * set or lacks a quorum; SignatureError when a signature is bad.
 * @param {import('./block.js').Commit} commit
 * @param {import('./block.js').Header} header
 * @param {import('./validators.js').ValidatorSet} validators
 */
export function verifyCommit(commit, header, validators) {
  if (!equalBytes(validators.hash(), header.validatorsHash)) {
    throw new ChainBroken(`block ${header.height} names validator set `
      + `${bytesToHex(header.validatorsHash).slice(0, 16)}, checked against `
      + `${bytesToHex(validators.hash()).slice(0, 16)}`, 'validators_hash_mismatch');
  }
  const blockHash = header.hash();
  if (commit.height !== header.height || !equalBytes(commit.blockHash, blockHash)) {
    throw new ChainBroken(`commit is for height ${commit.height} block `
      + `${bytesToHex(commit.blockHash).slice(0, 16)}, expected height ${header.height} block `
      + `${bytesToHex(blockHash).slice(0, 16)}`, 'commit_mismatch', { height: header.height });
  }
  const checkpointBody = utf8(checkpointOf(header).body());
  let power = 0;
  for (const item of commit.signatures) {
    const validator = validators.validators[item.validatorIndex];
    if (validator === undefined) {
      throw new ChainBroken(`commit names validator index ${item.validatorIndex}, not in set`,
        'commit_malformed', { detail: `validator index ${item.validatorIndex}` });
    }
    try {
      verifySignature(validator.publicKey, VOTE_SIGNATURE_TAG,
        precommitPayload(header, commit.round, item.validatorIndex), item.voteSignature);
      verifyMessageSignature(validator.publicKey, checkpointBody, item.checkpointSignature);
    } catch (err) {
      if (!(err instanceof SignatureError)) throw err;
      throw new SignatureError(`commit for height ${header.height}: signature of validator `
        + `${validator.name} does not verify (${err.message})`, 'commit_signature_invalid',
      { name: validator.name });
    }
    power += validator.power;
  }
  if (!validators.isQuorum(power)) {
    throw new ChainBroken(`commit for height ${header.height} holds power ${power} of `
      + `${validators.totalPower}; more than 2/3 is needed`, 'commit_not_quorum',
    { power, total: validators.totalPower });
  }
}
