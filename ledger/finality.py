"""Checking that a block is final: its commit holds valid precommits from a quorum.

Each precommit in a commit carries two signatures: the vote signature over the Vote, and
the checkpoint signature over the C2SP checkpoint body for the block's ledger size and
root. So every final block is also a checkpoint signed by more than 2/3 of the power.
"""

from cunzheng.ledger.block import PRECOMMIT, Commit, Header, Vote
from cunzheng.ledger.checkpoint import (
    Checkpoint,
    NoteSignature,
    SignedCheckpoint,
    checkpoint_origin,
    checkpoint_signature_for,
)
from cunzheng.ledger.errors import ChainBroken, SignatureError
from cunzheng.ledger.keys import VOTE_SIGNATURE_TAG, key_hash, verify_signature
from cunzheng.ledger.validators import ValidatorSet


def checkpoint_of(header: Header) -> Checkpoint:
    """The checkpoint (unsigned) that the header's ledger size and root define."""
    return Checkpoint(checkpoint_origin(header.chain_id), header.ledger_size, header.ledger_root)


def precommit_for(header: Header, commit_round: int, validator_index: int) -> Vote:
    """The unsigned precommit a validator signs for this header in `commit_round`."""
    return Vote(
        PRECOMMIT, header.chain_id, header.height, commit_round, header.hash(), validator_index
    )


def verify_commit(commit: Commit, header: Header, validators: ValidatorSet) -> None:
    """Check that `commit` finalizes `header` under `validators`.

    Requires validators.hash() == header.validators_hash. Raises ChainBroken when the commit
    is for another block or lacks a quorum, SignatureError when any signature is bad.
    """
    if validators.hash() != header.validators_hash:
        raise ChainBroken(
            f"block {header.height} names validator set {header.validators_hash.hex()[:16]}, "
            f"checked against {validators.hash().hex()[:16]}"
        )
    block_hash = header.hash()
    if commit.height != header.height or commit.block_hash != block_hash:
        raise ChainBroken(
            f"commit is for height {commit.height} block {commit.block_hash.hex()[:16]}, "
            f"expected height {header.height} block {block_hash.hex()[:16]}"
        )
    checkpoint = checkpoint_of(header)
    power = 0
    for item in commit.signatures:
        if item.validator_index >= len(validators.validators):
            raise ChainBroken(f"commit names validator index {item.validator_index}, not in set")
        validator = validators.validators[item.validator_index]
        vote = precommit_for(header, commit.round, item.validator_index)
        try:
            verify_signature(
                validator.public_key, VOTE_SIGNATURE_TAG, vote.signed_payload(), item.vote_signature
            )
            checkpoint_signature_for(checkpoint, validator.public_key, item.checkpoint_signature)
        except SignatureError as err:
            raise SignatureError(
                f"commit for height {header.height}: signature of validator "
                f"{validator.name} does not verify ({err})"
            ) from err
        power += validator.power
    if not validators.is_quorum(power):
        raise ChainBroken(
            f"commit for height {header.height} holds power {power} of "
            f"{validators.total_power}; more than 2/3 is needed"
        )


def signed_checkpoint(header: Header, commit: Commit, validators: ValidatorSet) -> SignedCheckpoint:
    """The C2SP signed note carried by a commit (signature lines in validator order).

    Requires verify_commit(commit, header, validators) to have passed.
    """
    lines = []
    for item in commit.signatures:
        validator = validators.validators[item.validator_index]
        lines.append(
            NoteSignature(
                validator.name,
                key_hash(validator.name, validator.public_key),
                item.checkpoint_signature,
            )
        )
    return SignedCheckpoint(checkpoint_of(header), tuple(lines))
