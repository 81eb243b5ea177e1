"""A validator restarted mid-height sends again what it signed (ConsensusCore.start) and goes
on in the round it was in, and never sends a vote before its signing guard record is on disk.

Each test runs validator 3 of four as a real Node on a temporary store, without a network:
the other validators are played by the test with their real keys, and what the node sends is
read from its ConsensusOutbox. The node "crashes" by being stopped and is built again from the
same directory.
With four validators of power 1, proposer(h, r) is validator (h - 1 + r) mod 4, and a quorum
is 3 of them. Every timeout is an hour long, so no timer fires during a test. The node sends
a vote once its signing guard has recorded it, which another thread does, so the tests wait
for the votes they expect.
"""

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from cunzheng.ledger.block import PRECOMMIT, PREVOTE, Block, Proposal, Vote
from cunzheng.node.config import NodeConfig
from cunzheng.node.consensus.core import MAX_HELD_PRECOMMITS
from cunzheng.node.consensus.signing_guard import (
    PRECOMMIT_STEP,
    PREVOTE_STEP,
    PROPOSAL_STEP,
    GuardRecord,
    LockState,
    votes_to_resend,
)
from cunzheng.node.errors import ConsensusViolation
from cunzheng.node.guard_file import FileGuardStorage
from cunzheng.node.node import Node
from cunzheng.node.p2p.protocol import VoteMessage, decode_message
from tests.node.sim_app import CHAIN_ID, FakeApp, ordered_keys, sign_proposal, sign_vote
from tests.support.chain_factory import GENESIS_TIME_MS, make_genesis, notary_keys
from tests.support.raw_peer import ordered

HOUR_MS = 3_600_000
SLOW = {
    name: HOUR_MS
    for name in (
        "timeout_propose_ms",
        "timeout_prevote_ms",
        "timeout_precommit_ms",
        "timeout_commit_ms",
        "empty_block_interval_ms",
    )
}
NOW_MS = GENESIS_TIME_MS + 60_000
ME = 3


class Consortium:
    """Validator `ME` as a node (built, and built again, from `data_dir`), and the keys of
    all four validators in index order, to play the others with."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.genesis = make_genesis(notary_keys(4), params=SLOW)
        self.keys = ordered(notary_keys(4), self.genesis)
        self.node: Node | None = None
        self.votes: list[Vote] = []  # sent since the last start

    async def start(self) -> Node:
        """Build the node from its directory and start consensus, as a (re)start does; the
        votes it sends from then on are in `votes`, once `sent_votes` has read them."""
        self.node = Node(
            config=NodeConfig(),
            key=self.keys[ME],
            genesis=self.genesis,
            data_dir=self.data_dir,
            clock_ms=lambda: NOW_MS,
        )
        self.votes = []
        await self.node.start_consensus()
        return self.node

    async def crash(self) -> None:
        """Stop the node: only its store and signing guard are left."""
        if self.node is not None:
            await self.node.stop()
            self.node = None

    def read_sent(self) -> list[Vote]:
        """The votes sent since the last start: those read before, and those the node's
        outbox holds now (no network takes them from it)."""
        assert self.node is not None
        frames, _ = self.node.outbox.take()
        for frame in frames:
            message = decode_message(frame, 1 << 20)
            if isinstance(message, VoteMessage):
                self.votes.append(message.vote)
        return self.votes

    async def sent_votes(self, count: int) -> list[Vote]:
        """The votes sent since the last start, once there are `count` of them."""
        for _ in range(1000):
            if len(self.read_sent()) >= count:
                return self.votes
            await asyncio.sleep(0.005)
        raise AssertionError(f"the node sent {len(self.votes)} votes, not {count}")

    def block(self) -> Block:
        """The block validator 0 proposes at height 1 (no entries)."""
        assert self.node is not None
        public_key = self.keys[0].public_key
        return self.node.app.propose_block(1, NOW_MS, None, public_key)

    def propose(self, round_: int, block: Block, valid_round: int = -1) -> None:
        assert self.node is not None
        header, proposer = block.header, round_ % 4
        proposal = Proposal(
            self.genesis.chain_id, 1, round_, valid_round, header.hash(), header.time_ms, proposer
        )
        self.node.driver.core.on_proposal(sign_proposal(self.keys[proposer], proposal), block)

    def vote(self, indices: list[int], vote_type: int, round_: int, block: Block) -> None:
        assert self.node is not None
        for index in indices:
            vote = Vote(vote_type, self.genesis.chain_id, 1, round_, block.header.hash(), index)
            self.node.driver.core.on_vote(sign_vote(self.keys[index], vote, block))


@pytest.fixture
async def consortium(tmp_path: Path) -> AsyncIterator[Consortium]:
    built = Consortium(tmp_path / "data")
    yield built
    await built.crash()


def where(vote: Vote) -> tuple[int, int, bytes | None]:
    return vote.type, vote.round, vote.block_hash


async def test_a_prevote_is_resent_after_a_restart_and_the_height_commits_in_its_round(
    consortium: Consortium,
) -> None:
    """Validator 2 is down, so the polka of round 0 needs our prevote. We crash right after
    prevoting, and restart in round 0, the round we were in when we last signed. The prevote
    goes out again, byte for byte, so validators 0 and 1 see the polka of round 0. Validator
    0's gossip sends its proposal again: we prevote it again (the same bytes, which the guard
    allows), see the polka, lock and precommit in round 0, where the height commits. Had we
    gone on in round 1, our precommit of round 0 would never have been signed."""
    await consortium.start()
    block = consortium.block()
    consortium.propose(0, block)
    (prevote,) = await consortium.sent_votes(1)
    assert where(prevote) == (PREVOTE, 0, block.header.hash())
    await consortium.crash()

    node = await consortium.start()
    assert [vote.encode() for vote in consortium.read_sent()] == [prevote.encode()]
    assert (node.consensus.height, node.consensus.round) == (1, 0)
    consortium.vote([0, 1], PREVOTE, 0, block)  # with ours, a polka in round 0
    consortium.propose(0, block)
    *_, again, precommit = await consortium.sent_votes(3)
    assert again.encode() == prevote.encode()
    assert where(precommit) == (PRECOMMIT, 0, block.header.hash())
    assert precommit.checkpoint_signature is not None
    consortium.vote([0, 1], PRECOMMIT, 0, block)
    assert node.store.height == 1 and node.store.commit(1).round == 0


async def test_precommits_waiting_for_their_block_are_held_once_each(
    consortium: Consortium,
) -> None:
    """A precommit whose block is not known yet waits for it (node/consensus/core.py), once: a
    peer sending one again and again must not crowd out the others, which here make the
    commit when the proposal arrives."""
    node = await consortium.start()
    block = consortium.block()
    other = node.app.propose_block(1, NOW_MS + 1, None, consortium.keys[0].public_key)
    junk = Vote(PRECOMMIT, consortium.genesis.chain_id, 1, 0, other.header.hash(), 1)
    signed_junk = sign_vote(consortium.keys[1], junk, other)
    for _ in range(MAX_HELD_PRECOMMITS):
        node.driver.core.on_vote(signed_junk)
    consortium.vote([0, 1, 2], PRECOMMIT, 0, block)  # its block is not known yet
    assert node.store.height == 0
    consortium.propose(0, block)
    assert node.store.height == 1 and node.store.tip == block.header


async def test_a_precommit_is_resent_with_its_checkpoint_signature(
    consortium: Consortium,
) -> None:
    """Locked and precommitted in round 0, then a crash: the restarted validator sends the
    polka it saw (peers need it to accept its valid value again), its prevote and its
    precommit with the same checkpoint signature (its block is the locked block of the
    restored LockState), and decides in round 0 once the others' precommits come."""
    await consortium.start()
    block = consortium.block()
    consortium.propose(0, block)
    await consortium.sent_votes(1)
    consortium.vote([0, 1], PREVOTE, 0, block)
    before = await consortium.sent_votes(2)
    assert [where(vote) for vote in before] == [
        (PREVOTE, 0, block.header.hash()),
        (PRECOMMIT, 0, block.header.hash()),
    ]
    await consortium.crash()

    node = await consortium.start()
    sent = consortium.read_sent()
    polka, resent = sent[:2], sent[2:]
    assert {vote.validator_index for vote in polka} == {0, 1}  # ours is in `resent`, once
    assert [vote.encode() for vote in resent] == [vote.encode() for vote in before]
    assert node.consensus.lock_state().locked_block == block
    consortium.propose(0, block)  # the proposer's gossip sends it again
    consortium.vote([0, 1], PRECOMMIT, 0, block)
    assert node.store.height == 1 and node.store.commit(1).round == 0
    await consortium.crash()  # waits for the guard's writes
    stored = FileGuardStorage(consortium.data_dir / "signing_guard").read()
    assert stored is not None
    record = GuardRecord.decode(stored)
    assert (record.height, record.round, record.step) == (1, 0, PRECOMMIT_STEP)  # nothing new


async def test_a_vote_leaves_after_its_guard_record_and_the_loop_is_free_meanwhile(
    consortium: Consortium, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record is written by another thread: the proposal is taken at once, the prevote
    goes out only once the (slow) write is done."""
    sent_when_written: list[int] = []  # votes already sent when each record was on disk
    write = FileGuardStorage.write

    def slow_write(storage: FileGuardStorage, data: bytes) -> None:
        time.sleep(0.2)
        write(storage, data)
        sent_when_written.append(len(consortium.read_sent()))

    monkeypatch.setattr(FileGuardStorage, "write", slow_write)
    await consortium.start()
    consortium.propose(0, consortium.block())
    assert consortium.read_sent() == [] and sent_when_written == []
    await consortium.sent_votes(1)
    assert sent_when_written == [0]


async def test_nothing_is_signed_when_the_guard_cannot_write(
    consortium: Consortium, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_write(storage: FileGuardStorage, data: bytes) -> None:
        raise ConsensusViolation("cannot record the signing guard: disk full")

    monkeypatch.setattr(FileGuardStorage, "write", failing_write)
    await consortium.start()
    consortium.propose(0, consortium.block())
    await asyncio.sleep(0.1)
    assert consortium.read_sent() == []


def test_only_votes_of_the_restored_height_with_their_blocks_are_resent() -> None:
    """Proposals are not resent, nor a precommit whose block the LockState lacks, nor
    anything of another height."""
    app = FakeApp(ordered_keys(4)[0])
    locked, other = (app.propose_block(1, NOW_MS + n, None, bytes(32)) for n in (1, 2))
    signed = [(0, PREVOTE_STEP, PREVOTE, None), (1, PRECOMMIT_STEP, PRECOMMIT, other)]
    signed += [(2, PROPOSAL_STEP, 0, None), (3, PRECOMMIT_STEP, PRECOMMIT, locked)]
    records = []
    for round_, step, vote_type, block in signed:
        if step == PROPOSAL_STEP:
            records.append((round_, step, b"a signed proposal"))
            continue
        block_hash = None if block is None else block.header.hash()
        vote = Vote(vote_type, CHAIN_ID, 1, round_, block_hash, ME)
        records.append((round_, step, vote.signed_payload()))
    *earlier, (round_, step, payload) = records
    record = GuardRecord(1, round_, step, payload, b"", tuple(earlier))
    state = LockState(1, 3, 3, locked, 3, locked)
    resend = votes_to_resend(record, state)
    assert [(vote.round, vote.type, block) for vote, block in resend] == [
        (0, PREVOTE, None),
        (3, PRECOMMIT, locked),
    ]
    assert votes_to_resend(record, LockState(2, 0)) == []
    assert votes_to_resend(None, state) == []
