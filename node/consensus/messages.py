"""How our proposals and votes are signed, and the checks a peer's must pass before they touch
consensus.

Pure functions: the driver's core (node/consensus/core.py) calls them on every message, in the
node and in the simulation alike, and node/consensus/state_machine.py trusts what they let
through. Each check raises PeerError for a message that is well formed but not for us (another
chain, an unknown validator, a block that does not match), and ledger.errors.SignatureError for
a signature that does not verify.
"""

from cunzheng.ledger.block import PRECOMMIT, Block, Header, Proposal, Vote
from cunzheng.ledger.checkpoint import checkpoint_signature_for
from cunzheng.ledger.errors import SignatureError
from cunzheng.ledger.finality import checkpoint_of
from cunzheng.ledger.keys import (
    PROPOSAL_SIGNATURE_TAG,
    VOTE_SIGNATURE_TAG,
    NodeKey,
    verify_signature,
)
from cunzheng.ledger.validators import Validator, ValidatorSet
from cunzheng.node.errors import PeerError


def signed_proposal(key: NodeKey, proposal: Proposal) -> Proposal:
    """`proposal` signed by `key`. Requires the signing guard to have recorded
    `proposal.signed_payload()` already (docs/consensus.md, "The signing guard")."""
    return proposal.signed(key.sign(PROPOSAL_SIGNATURE_TAG, proposal.signed_payload()))


def signed_vote(key: NodeKey, vote: Vote, block: Block | None) -> Vote:
    """`vote` signed by `key`; a precommit for `block` also gets its checkpoint signature
    (docs/consensus.md, "Checkpoint signatures in precommits"). Requires the signing guard to
    have recorded `vote.signed_payload()` already."""
    checkpoint_signature = None
    if vote.type == PRECOMMIT and block is not None:
        checkpoint_signature = key.sign_message(checkpoint_of(block.header).body().encode())
    signature = key.sign(VOTE_SIGNATURE_TAG, vote.signed_payload())
    return vote.signed(signature, checkpoint_signature)


def _signer(validators: ValidatorSet, index: int, what: str) -> Validator:
    if not 0 <= index < len(validators.validators):
        raise PeerError(
            f"{what} names validator index {index}; the set has {len(validators.validators)}"
        )
    return validators.validators[index]


def _check_chain(chain_id: str, expected: str, what: str) -> None:
    if chain_id != expected:
        raise PeerError(f"{what} is for chain {chain_id!r}, this node runs {expected!r}")


def verify_vote(vote: Vote, validators: ValidatorSet, chain_id: str) -> None:
    """Check that `vote` is for `chain_id` and signed by the validator it names.

    Does not check a precommit's checkpoint signature (see verify_checkpoint_signature).
    Raises PeerError for another chain or an index outside the set, SignatureError for a
    missing or bad vote signature.
    """
    what = f"vote (type {vote.type}) for height {vote.height} round {vote.round}"
    _check_chain(vote.chain_id, chain_id, what)
    validator = _signer(validators, vote.validator_index, what)
    if vote.signature is None:
        raise SignatureError(f"{what} from {validator.name} is unsigned")
    try:
        verify_signature(
            validator.public_key, VOTE_SIGNATURE_TAG, vote.signed_payload(), vote.signature
        )
    except SignatureError as err:
        raise SignatureError(f"{what} from {validator.name}: {err}") from err


def verify_checkpoint_signature(vote: Vote, header: Header, validators: ValidatorSet) -> None:
    """Check the checkpoint signature a precommit for `header`'s block carries.

    Requires the vote signature to have passed verify_vote. Raises PeerError if `vote` is not
    a precommit for this header's block or names an index outside the set, SignatureError if
    the checkpoint signature is missing or is not the validator's over the header's
    checkpoint (docs/consensus.md, "Checkpoint signatures in precommits").
    """
    what = f"precommit for height {vote.height} round {vote.round}"
    if vote.type != PRECOMMIT or vote.block_hash != header.hash() or vote.height != header.height:
        raise PeerError(f"vote (type {vote.type}) is not a precommit for block {header.height}")
    validator = _signer(validators, vote.validator_index, what)
    if vote.checkpoint_signature is None:
        raise SignatureError(f"{what} from {validator.name} lacks its checkpoint signature")
    try:
        checkpoint_signature_for(
            checkpoint_of(header), validator.public_key, vote.checkpoint_signature
        )
    except SignatureError as err:
        raise SignatureError(f"{what} from {validator.name}: checkpoint {err}") from err


def verify_proposal(
    proposal: Proposal, block: Block, validators: ValidatorSet, chain_id: str
) -> None:
    """Check that `proposal` is for `chain_id`, signed by the validator it names, and that
    `block` is the block it proposes (hash, height, time).

    Whether that validator is the proposer of the round is consensus's to judge. Raises
    PeerError for another chain, an index outside the set or a block that does not match,
    SignatureError for a missing or bad signature.
    """
    what = f"proposal for height {proposal.height} round {proposal.round}"
    _check_chain(proposal.chain_id, chain_id, what)
    validator = _signer(validators, proposal.proposer_index, what)
    if proposal.signature is None:
        raise SignatureError(f"{what} from {validator.name} is unsigned")
    try:
        verify_signature(
            validator.public_key,
            PROPOSAL_SIGNATURE_TAG,
            proposal.signed_payload(),
            proposal.signature,
        )
    except SignatureError as err:
        raise SignatureError(f"{what} from {validator.name}: {err}") from err
    header = block.header
    if header.hash() != proposal.block_hash:
        raise PeerError(
            f"{what} names block {proposal.block_hash.hex()[:16]} but comes with block "
            f"{header.hash().hex()[:16]}"
        )
    if header.height != proposal.height or header.time_ms != proposal.time_ms:
        raise PeerError(
            f"{what} (time {proposal.time_ms}) comes with a block of height {header.height} "
            f"and time {header.time_ms}"
        )
