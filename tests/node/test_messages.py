"""Tests for node/consensus/messages.py: what a peer's message must pass before consensus sees
it."""

from dataclasses import replace

import pytest

from cunzheng.ledger.block import PRECOMMIT, PREVOTE, Proposal, Vote
from cunzheng.ledger.errors import SignatureError
from cunzheng.node.consensus.messages import (
    verify_checkpoint_signature,
    verify_proposal,
    verify_vote,
)
from cunzheng.node.errors import PeerError
from tests.node.sim import (
    CHAIN_ID,
    START_MS,
    FakeApp,
    entry_data,
    ordered_keys,
    sign_proposal,
    sign_vote,
)

VALIDATORS, KEYS = ordered_keys(4)
APP = FakeApp(VALIDATORS)
BLOCK = APP.propose_block(1, START_MS, None, VALIDATORS.validators[0].public_key)
APP.add_entry(entry_data(0))  # another ledger size and root, so another checkpoint
OTHER = APP.propose_block(1, START_MS + 1, None, VALIDATORS.validators[0].public_key)
BLOCK_HASH = BLOCK.header.hash()


def precommit(index: int = 1) -> Vote:
    return sign_vote(KEYS[index], Vote(PRECOMMIT, CHAIN_ID, 1, 0, BLOCK_HASH, index), BLOCK)


def proposal(index: int = 0) -> Proposal:
    unsigned = Proposal(CHAIN_ID, 1, 0, -1, BLOCK_HASH, START_MS, index)
    return sign_proposal(KEYS[index], unsigned)


def test_a_good_vote_passes() -> None:
    verify_vote(precommit(), VALIDATORS, CHAIN_ID)
    verify_checkpoint_signature(precommit(), BLOCK.header, VALIDATORS)
    nil = sign_vote(KEYS[2], Vote(PREVOTE, CHAIN_ID, 1, 0, None, 2))
    verify_vote(nil, VALIDATORS, CHAIN_ID)


@pytest.mark.parametrize(
    ("vote", "error", "message"),
    [
        (replace(precommit(), chain_id="other-chain"), PeerError, "chain 'other-chain'"),
        (replace(precommit(), validator_index=4), PeerError, "index 4; the set has 4"),
        (replace(precommit(), signature=None), SignatureError, "unsigned"),
        (replace(precommit(), validator_index=2), SignatureError, "does not verify"),
        (replace(precommit(), round=1), SignatureError, "does not verify"),
    ],
)
def test_a_bad_vote_is_refused(vote: Vote, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        verify_vote(vote, VALIDATORS, CHAIN_ID)


def test_a_bad_checkpoint_signature_is_refused() -> None:
    with pytest.raises(PeerError, match="not a precommit"):
        verify_checkpoint_signature(precommit(), OTHER.header, VALIDATORS)
    with pytest.raises(SignatureError, match="lacks its checkpoint signature"):
        verify_checkpoint_signature(
            replace(precommit(), checkpoint_signature=None), BLOCK.header, VALIDATORS
        )
    for_other = sign_vote(KEYS[1], Vote(PRECOMMIT, CHAIN_ID, 1, 0, OTHER.header.hash(), 1), OTHER)
    forged = replace(precommit(), checkpoint_signature=for_other.checkpoint_signature)
    with pytest.raises(SignatureError, match="checkpoint"):
        verify_checkpoint_signature(forged, BLOCK.header, VALIDATORS)


def test_a_good_proposal_passes() -> None:
    verify_proposal(proposal(), BLOCK, VALIDATORS, CHAIN_ID)


@pytest.mark.parametrize(
    ("signed", "error", "message"),
    [
        (replace(proposal(), chain_id="other-chain"), PeerError, "chain 'other-chain'"),
        (replace(proposal(), proposer_index=9), PeerError, "index 9"),
        (replace(proposal(), signature=None), SignatureError, "unsigned"),
        (replace(proposal(), proposer_index=1), SignatureError, "does not verify"),
        (sign_proposal(KEYS[0], replace(proposal(), time_ms=START_MS + 5)), PeerError, "time"),
    ],
)
def test_a_bad_proposal_is_refused(signed: Proposal, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        verify_proposal(signed, BLOCK, VALIDATORS, CHAIN_ID)


def test_a_proposal_with_another_block_is_refused() -> None:
    with pytest.raises(PeerError, match="comes with block"):
        verify_proposal(proposal(), OTHER, VALIDATORS, CHAIN_ID)
