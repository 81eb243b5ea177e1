"""The driver's core (node/consensus/core.py), driven by hand: no event loop, no thread, no
clock. The test is its whole outside world: the chain, the network, the timers and the
signing guard's writes, which complete only when the test says so.

Validator 3 of four is the core's; the test plays the others with their keys. With power 1
each, proposer(h, r) is validator (h - 1 + r) mod 4 and a quorum is 3 of them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pytest

from cunzheng.ledger.block import (
    PRECOMMIT,
    PREVOTE,
    Block,
    Commit,
    CommitSignature,
    Header,
    Proposal,
    Vote,
)
from cunzheng.ledger.errors import SignatureError
from cunzheng.ledger.validators import ValidatorSet
from cunzheng.node.consensus.core import ConsensusCore, Signer
from cunzheng.node.consensus.signing_guard import LockState, SigningGuard, vote_step
from cunzheng.node.consensus.signing_hold import SigningHold
from cunzheng.node.consensus.state_machine import Consensus, Step
from cunzheng.node.errors import ConsensusViolation
from tests.node.sim_app import (
    CHAIN_ID,
    PARAMS,
    START_MS,
    FakeApp,
    MemoryGuardStorage,
    entry_data,
    ordered_keys,
    sign_proposal,
    sign_vote,
)

ME = 3
VALIDATORS, KEYS = ordered_keys(4)


def app_with_an_entry() -> FakeApp:
    app = FakeApp(VALIDATORS)
    app.add_entry(entry_data(0))
    return app


@dataclass
class World:
    """Everything outside the core: its Chain, Sender, Timers, GuardWrites, EvidenceSink."""

    app: FakeApp = field(default_factory=lambda: app_with_an_entry())
    storage: MemoryGuardStorage = field(default_factory=MemoryGuardStorage)
    now: int = START_MS
    sent: list[Proposal | Vote] = field(default_factory=list)
    timers: list[tuple[int, Callable[[], None]]] = field(default_factory=list)
    writes: list[Callable[[], None]] = field(default_factory=list)  # each completes one
    proposal_times: list[tuple[int, int]] = field(default_factory=list)  # (local, block time)
    hold: SigningHold | None = None

    chain_id = CHAIN_ID

    def validators_at(self, height: int) -> ValidatorSet:
        return VALIDATORS

    def last_committed(self) -> tuple[Header, Commit] | None:
        tip, commit = self.app.tip, self.app.last_commit
        return None if tip is None or commit is None else (tip, commit)

    def append(self, block: Block, commit: Commit) -> None:
        self.app.apply(block, commit)

    def broadcast_proposal(self, proposal: Proposal, block: Block) -> None:
        self.sent.append(proposal)

    def broadcast_vote(self, vote: Vote) -> None:
        self.sent.append(vote)

    def request_sync(self, height: int) -> None:
        raise AssertionError("no test here falls behind")

    def call_later(self, delay_ms: int, callback: Callable[[], None]) -> None:
        self.timers.append((delay_ms, callback))

    def write(
        self, record: Callable[[], None], then: Callable[[ConsensusViolation | None], None]
    ) -> None:
        def complete() -> None:
            try:
                record()
            except ConsensusViolation as refusal:
                then(refusal)
                return
            then(None)

        self.writes.append(complete)

    def record_equivocation(self, first: Vote, second: Vote) -> None:
        raise AssertionError("nobody equivocates here")

    def observe(self, local_ms: int, block_time_ms: int) -> None:
        self.proposal_times.append((local_ms, block_time_ms))

    def core(self) -> ConsensusCore:
        """A core started (or restarted) on this world's chain and guard storage."""
        guard = SigningGuard(self.storage)
        consensus = Consensus(
            key=KEYS[ME].public_key,
            params=PARAMS,
            app=self.app,
            chain_id=CHAIN_ID,
            last_header=self.app.tip,
            last_commit=self.app.last_commit,
            restored=guard.restored_lock_state(),
        )
        core = ConsensusCore(
            consensus=consensus,
            chain=self,
            signer=Signer(KEYS[ME], guard, self, self.hold),
            sender=self,
            timers=self,
            evidence=self,
            clock_ms=lambda: self.now,
            proposal_clock=self,
        )
        self.timers, self.writes = [], []
        core.start()
        return core

    def complete_writes(self) -> None:
        while self.writes:
            self.writes.pop(0)()

    def fire(self, step: Step, round_: int) -> None:
        """Fire the timers set with the delay of `step` in `round_`."""
        delay = PARAMS.timeout(step, round_)
        due = [callback for delay_ms, callback in self.timers if delay_ms == delay]
        assert due, f"no {step.name} timer of round {round_} was set"
        self.timers = [(d, c) for d, c in self.timers if d != delay]
        for callback in due:
            callback()

    def block(self, proposer: int) -> Block:
        return self.app.propose_block(1, self.now, None, KEYS[proposer].public_key)


def proposal(round_: int, block: Block, valid_round: int = -1) -> Proposal:
    """The signed proposal of `block` by the proposer of its height and `round_`."""
    header = block.header
    proposer = (header.height - 1 + round_) % 4
    unsigned = Proposal(
        CHAIN_ID, header.height, round_, valid_round, header.hash(), header.time_ms, proposer
    )
    return sign_proposal(KEYS[proposer], unsigned)


def vote(index: int, vote_type: int, round_: int, block: Block | None) -> Vote:
    """A vote of validator `index` at the height of `block` (1 for nil)."""
    block_hash = None if block is None else block.header.hash()
    height = 1 if block is None else block.header.height
    unsigned = Vote(vote_type, CHAIN_ID, height, round_, block_hash, index)
    return sign_vote(KEYS[index], unsigned, block)


def started(world: World) -> ConsensusCore:
    """A core in round 0 of height 1, waiting for validator 0's proposal."""
    core = world.core()
    world.now += PARAMS.timeout_commit_ms
    world.fire(Step.NEW_HEIGHT, 0)
    assert (core.consensus.round, core.consensus.current_step) == (0, Step.PROPOSE)
    return core


def test_the_time_of_a_fresh_proposal_is_observed_once_a_round() -> None:
    world = World()
    core = started(world)
    block = world.block(0)
    world.now += 40  # the proposal's delay
    core.on_proposal(proposal(0, block), block)
    core.on_proposal(proposal(0, block), block)  # again, as gossip delivers it
    core.on_proposal(proposal(1, block, valid_round=0), block)  # a re-proposal: an old time
    assert world.proposal_times == [(block.header.time_ms + 40, block.header.time_ms)]


def test_a_vote_leaves_and_comes_back_only_once_its_guard_record_is_written() -> None:
    world = World()
    core = started(world)
    block = world.block(0)
    core.on_proposal(proposal(0, block), block)
    assert world.sent == [] and len(world.writes) == 1
    assert core.consensus.current_step == Step.PREVOTE  # consensus moved; nothing signed yet
    for index in (0, 1):
        core.on_vote(vote(index, PREVOTE, 0, block))
    assert world.writes and world.sent == []  # no polka without our own prevote
    world.complete_writes()  # the prevote, then the precommit its polka brings
    assert [(v.type, v.block_hash) for v in world.sent if isinstance(v, Vote)] == [
        (PREVOTE, block.header.hash()),
        (PRECOMMIT, block.header.hash()),
    ]
    assert world.storage.data is not None


def test_a_signature_the_guard_refuses_is_not_sent() -> None:
    """A validator that prevoted a block in round 0 before a crash, and whose propose timer
    now fires in round 0 again, would prevote nil: the guard refuses it, so only the prevote
    it signed before goes out (again, at the restart)."""
    world = World()
    block = world.block(0)
    prevote = Vote(PREVOTE, CHAIN_ID, 1, 0, block.header.hash(), ME)
    SigningGuard(world.storage).check_and_record(
        1, 0, vote_step(PREVOTE), prevote.signed_payload(), LockState(1, 0).encode()
    )
    core = world.core()
    assert [v.encode() for v in world.sent] == [sign_vote(KEYS[ME], prevote).encode()]
    world.fire(Step.PROPOSE, 0)
    assert core.consensus.current_step == Step.PREVOTE
    world.complete_writes()
    assert len(world.sent) == 1


def test_a_precommit_waiting_for_its_block_counts_for_the_precommit_timer_meanwhile() -> None:
    """Line 47 counts precommits for any value. Three precommits for a block this validator
    has not seen start its precommit timer at once; their checkpoint signatures are checked,
    and they count for the block, only once it comes, and then the block commits."""
    world = World()
    core = started(world)
    block = world.block(0)
    for index in (0, 1, 2):
        assert core.on_vote(vote(index, PRECOMMIT, 0, block)) is False  # held
    world.fire(Step.PRECOMMIT, 0)  # line 65: on to round 1
    assert core.consensus.round == 1 and world.app.blocks == []
    core.on_proposal(proposal(0, block), block)
    assert [b.header for b in world.app.blocks] == [block.header]


def test_a_held_precommit_with_a_bad_checkpoint_signature_is_dropped_alone() -> None:
    world = World()
    core = started(world)
    block = world.block(0)
    bad = replace(vote(0, PRECOMMIT, 0, block), checkpoint_signature=bytes(64))
    core.on_vote(bad)
    for index in (1, 2):
        core.on_vote(vote(index, PRECOMMIT, 0, block))
    core.on_proposal(proposal(0, block), block)  # two good precommits: no quorum yet
    assert world.app.blocks == []
    with pytest.raises(SignatureError, match="checkpoint"):
        core.on_vote(bad)  # now that the block is known, it is checked at once
    core.on_vote(vote(0, PRECOMMIT, 0, block))
    assert len(world.app.blocks) == 1


def test_a_restarted_validator_precommits_in_the_round_it_was_in() -> None:
    """It prevoted nil in round 1 and crashed before precommitting. Restarted, it goes on in
    round 1 (not 2): its prevote is sent again, and on the others' prevotes for nil it
    precommits nil in round 1, the precommit the others wait for to leave that round."""
    world = World()
    core = started(world)
    world.fire(Step.PROPOSE, 0)  # prevote nil in round 0
    world.complete_writes()
    for index in (0, 1):
        core.on_vote(vote(index, PREVOTE, 0, None))  # polka for nil: precommit nil
    world.complete_writes()
    for index in (0, 1):
        core.on_vote(vote(index, PRECOMMIT, 0, None))
    world.fire(Step.PRECOMMIT, 0)
    world.fire(Step.PROPOSE, 1)
    world.complete_writes()  # prevote nil in round 1; then the crash
    assert [(v.round, v.type) for v in world.sent if isinstance(v, Vote)][-1] == (1, PREVOTE)

    world.sent = []
    core = world.core()
    assert (core.consensus.round, core.consensus.current_step) == (1, Step.PROPOSE)
    assert [(v.round, v.type, v.block_hash) for v in world.sent if isinstance(v, Vote)] == [
        (0, PREVOTE, None),
        (0, PRECOMMIT, None),
        (1, PREVOTE, None),
    ]
    for index in (0, 1):
        core.on_vote(vote(index, PREVOTE, 1, None))
    world.fire(Step.PROPOSE, 1)  # its own prevote again: the same bytes
    world.complete_writes()
    assert (world.sent[-1].round, world.sent[-1].type) == (1, PRECOMMIT)


def test_a_proposal_of_the_next_height_is_kept_until_this_one_commits() -> None:
    """Validator 1 commits height 1 first and proposes height 2 before this validator has the
    precommits of height 1. Its proposal is kept, and once height 1 commits it counts, block
    and all: a precommit for its block is then checked at once, not held."""
    world = World()
    core = started(world)
    block = world.block(0)
    core.on_proposal(proposal(0, block), block)
    for index in (0, 1):
        core.on_vote(vote(index, PREVOTE, 0, block))
    world.complete_writes()
    precommits = [vote(index, PRECOMMIT, 0, block) for index in (0, 1, 2)]
    elsewhere = FakeApp(VALIDATORS)  # validator 1's chain
    elsewhere.apply(block, commit_of(precommits))
    later = elsewhere.propose_block(2, world.now + 1, elsewhere.last_commit, KEYS[1].public_key)
    core.on_proposal(proposal(0, later), later)
    assert core.consensus.height == 1
    for precommit in precommits:
        core.on_vote(precommit)
    assert core.consensus.height == 2 and world.app.blocks == [block]
    assert core.on_vote(vote(1, PRECOMMIT, 0, later)) is True


def commit_of(precommits: list[Vote]) -> Commit:
    first = precommits[0]
    assert first.block_hash is not None
    signatures = tuple(
        CommitSignature(v.validator_index, v.signature or b"", v.checkpoint_signature or b"")
        for v in precommits
    )
    return Commit(first.height, first.round, first.block_hash, signatures)


def test_a_restored_validator_signs_nothing_at_a_height_it_may_have_signed_at() -> None:
    """Restored without its guard record while the network had committed height 0, it may
    have voted at height 1 before: it neither records nor signs there, yet follows the
    others' votes to the commit."""
    released: list[bool] = []
    world = World(
        hold=SigningHold(
            guard_height=0, network_height=lambda: 0, on_release=lambda: released.append(True)
        )
    )
    core = started(world)
    block = world.block(0)
    core.on_proposal(proposal(0, block), block)
    for index in (0, 1, 2):
        core.on_vote(vote(index, PREVOTE, 0, block))
        core.on_vote(vote(index, PRECOMMIT, 0, block))
    assert world.writes == [] and world.sent == [] and world.storage.data is None
    assert [b.header for b in world.app.blocks] == [block.header]
    assert world.hold is not None and world.hold.target == 0 and released == []
