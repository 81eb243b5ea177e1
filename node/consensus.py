"""Tendermint consensus as a pure state machine: events in, actions out (CONSENSUS.md).

The rules are those of Buchman, Kwon, Milosevic, "The latest gossip on BFT consensus"
(arXiv 1807.04938), Algorithm 1, plus proposer-based timestamps; comments cite its lines.
Nothing here reads a clock, does I/O or draws randomness: every event carries the local
clock reading, and the driver (node/runner.py) signs, sends, stores and keeps the timers.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from math import gcd
from typing import Protocol

from ledger.block import (
    PRECOMMIT,
    PREVOTE,
    Block,
    Commit,
    CommitSignature,
    Header,
    Proposal,
    Vote,
)
from ledger.validators import ValidatorSet
from node.errors import ConsensusViolation
from node.signing_guard import LockState as LockState

# Votes and proposals are kept for rounds up to round + MAX_ROUNDS_AHEAD of this height and
# of the next; later ones only count towards catching up (line 55) and are sent again by
# their authors' gossip. An equivocating proposer gets at most two blocks kept per round,
# an equivocating voter four votes per round and type.
MAX_ROUNDS_AHEAD = 4
MAX_PROPOSALS_PER_ROUND = 2
MAX_VOTES_PER_VALIDATOR = 4


class Step(IntEnum):
    """Where a height stands; NEW_HEIGHT is the wait before round 0 (commit, then entries)."""

    NEW_HEIGHT = 0
    PROPOSE = 1
    PREVOTE = 2
    PRECOMMIT = 3


@dataclass(frozen=True, slots=True)
class ConsensusParams:
    """Timeouts and time bounds from genesis params, all in milliseconds."""

    timeout_propose_ms: int = 3000
    timeout_propose_delta_ms: int = 500
    timeout_prevote_ms: int = 1000
    timeout_prevote_delta_ms: int = 500
    timeout_precommit_ms: int = 1000
    timeout_precommit_delta_ms: int = 500
    timeout_commit_ms: int = 200  # the block interval: wait after a commit
    empty_block_interval_ms: int = 10000  # with no entries, wait this long before round 0
    precision_ms: int = 500  # PBTS: how far apart honest clocks may be
    message_delay_ms: int = 2000  # PBTS: bound on a proposal's delay in round 0

    def __post_init__(self) -> None:
        for name in ConsensusParams.__dataclass_fields__:
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"consensus parameter {name} must be an integer >= 0: {value!r}")

    @classmethod
    def from_genesis_params(cls, params: dict[str, int]) -> "ConsensusParams":
        """The parameters genesis sets, defaults for the rest; ValueError names unknown keys."""
        for name in params:
            if name not in cls.__dataclass_fields__:
                known = ", ".join(cls.__dataclass_fields__)
                raise ValueError(f"unknown consensus parameter {name!r} in genesis; known: {known}")
        return cls(**params)

    def timeout(self, step: "Step", round_: int) -> int:
        """The timer of `step` in round `round_`: base + round × delta (lines 57-65)."""
        base, delta = {
            Step.PROPOSE: (self.timeout_propose_ms, self.timeout_propose_delta_ms),
            Step.PREVOTE: (self.timeout_prevote_ms, self.timeout_prevote_delta_ms),
            Step.PRECOMMIT: (self.timeout_precommit_ms, self.timeout_precommit_delta_ms),
        }[step]
        return base + round_ * delta

    def message_delay(self, round_: int) -> int:
        """MSGDELAY of round `round_`: grows 10% a round, so a low setting cannot stall us."""
        # Integer arithmetic, so that every node computes the same bound.
        return self.message_delay_ms * int(11**round_) // int(10**round_)


class Application(Protocol):
    """The ledger as consensus needs it (node/application.py over the store and mempool)."""

    def propose_block(
        self, height: int, time_ms: int, last_commit: Commit | None, proposer: bytes
    ) -> Block: ...
    def check_block(self, block: Block) -> str | None: ...
    def has_entries(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class StartHeight:
    now_ms: int


@dataclass(frozen=True, slots=True)
class ProposalReceived:
    proposal: Proposal  # signature and block hash verified by the driver
    block: Block
    now_ms: int


@dataclass(frozen=True, slots=True)
class VoteReceived:
    vote: Vote  # signature verified; a checkpoint signature, if any, too
    now_ms: int


@dataclass(frozen=True, slots=True)
class TimeoutFired:
    height: int
    round: int
    step: Step
    now_ms: int


@dataclass(frozen=True, slots=True)
class EntriesAvailable:
    now_ms: int


@dataclass(frozen=True, slots=True)
class SyncedTo:
    header: Header  # the driver applied committed blocks up to this one
    commit: Commit
    now_ms: int


Event = StartHeight | ProposalReceived | VoteReceived | TimeoutFired | EntriesAvailable | SyncedTo


@dataclass(frozen=True, slots=True)
class SendProposal:
    proposal: Proposal  # unsigned
    block: Block


@dataclass(frozen=True, slots=True)
class SendVote:
    vote: Vote  # unsigned
    block: Block | None  # the block of a precommit for a block, for its checkpoint signature


@dataclass(frozen=True, slots=True)
class SetTimer:
    height: int
    round: int
    step: Step
    delay_ms: int


@dataclass(frozen=True, slots=True)
class CommitBlock:
    block: Block
    commit: Commit


@dataclass(frozen=True, slots=True)
class RequestSync:
    height: int  # validators holding over 1/3 of the power are at this height or above


@dataclass(frozen=True, slots=True)
class RecordEvidence:
    first: Vote
    second: Vote


Action = SendProposal | SendVote | SetTimer | CommitBlock | RequestSync | RecordEvidence


class ProposerSchedule:
    """Weighted round robin (CONSENSUS.md, "Proposer choice") as a function of (height, round).

    Picks run from all-zero priorities at genesis; (h, r) gets pick k = (h - 1) + r, i.e. one
    step per height plus one per round within it, as Tendermint counts. The priorities are all
    zero again after P = T/g picks (T total power, g the gcd of the powers), so only k mod P
    matters. The state at round 0 of the current height is cached and moved one pick per
    height: a round r costs O(n·r), a cold start (restart, sync) O(n·min(k, P)).
    """

    def __init__(self, powers: tuple[int, ...]) -> None:
        divisor = gcd(*powers)
        self._powers = tuple(power // divisor for power in powers)  # same picks, shorter P
        self._period = sum(self._powers)
        self._position, self._priorities = 0, [0] * len(powers)
        self._memo: dict[tuple[int, int], int] = {}

    def proposer(self, height: int, round_: int) -> int:
        """Index of the proposer of (height, round_); requires height >= 1, round_ >= 0."""
        found = self._memo.get((height, round_))
        if found is None:
            base = (height - 1) % self._period
            if base < self._position:
                self._position, self._priorities = 0, [0] * len(self._powers)
            while self._position < base:
                self._pick(self._priorities)
                self._position += 1
            priorities = list(self._priorities)
            for _ in range(round_ % self._period):
                self._pick(priorities)
            found = self._memo[(height, round_)] = self._pick(priorities)
            if len(self._memo) > 1024:
                self._memo.clear()
        return found

    def _pick(self, priorities: list[int]) -> int:
        for index, power in enumerate(self._powers):
            priorities[index] += power
        chosen = max(range(len(priorities)), key=lambda i: (priorities[i], -i))  # ties: lower
        priorities[chosen] -= self._period
        return chosen


def _weak_quorum_floor(latest: dict[int, int], validators: ValidatorSet) -> int:
    """The highest value v such that validators holding over 1/3 of the power reported v or
    more in `latest` (validator index → value); -1 if there is none."""
    power = 0
    for index, value in sorted(latest.items(), key=lambda item: -item[1]):
        power += validators.validators[index].power
        if validators.is_weak_quorum(power):
            return value
    return -1


class Consensus:
    """A validator's (or, with me=None, an observer's) Tendermint state machine.

    `step(event)` returns the actions the event causes, to be carried out in order; own
    proposals and votes come back as ProposalReceived / VoteReceived once signed.
    """

    def __init__(
        self,
        *,
        me: int | None,
        validators: ValidatorSet,
        params: ConsensusParams,
        app: Application,
        chain_id: str,
        last_header: Header | None,
        last_commit: Commit | None,
        restored: LockState | None = None,
    ) -> None:
        self._me, self._validators, self._params, self._app = me, validators, params, app
        self._chain_id, self._restored = chain_id, restored
        self._powers = [validator.power for validator in validators.validators]
        if me is not None and not 0 <= me < len(self._powers):
            raise ConsensusViolation(f"validator index {me} is not in a set of {len(self._powers)}")
        self._schedule = ProposerSchedule(tuple(self._powers))
        self._started, self._now_ms, self._out = False, 0, list[Action]()
        self._sync_asked = (0, 0)  # (height, now_ms) of the last RequestSync
        self._future_heights: dict[int, int] = {}  # validator → highest height above ours
        self._early: list[ProposalReceived | VoteReceived] = []  # to replay at the next event
        self._reset(last_header, last_commit)
        if restored is not None and restored.height == self._height:
            # A restarted validator keeps its lock: forgetting it could let a decision of
            # this height be contradicted (CONSENSUS.md, "Signing guard").
            self._locked_round, self._locked_block = restored.locked_round, restored.locked_block
            self._valid_round, self._valid_block = restored.valid_round, restored.valid_block
            self._valid_polka = restored.valid_polka

    @property
    def height(self) -> int:
        """The height being decided."""
        return self._height

    @property
    def round(self) -> int:
        """The current round of this height."""
        return self._round

    @property
    def current_step(self) -> Step:
        """The current step of this round (so named as not to clash with `step(event)`)."""
        return self._step

    def lock_state(self) -> LockState:
        """What the driver persists with the signing guard before it signs anything."""
        return LockState(
            self._height,
            self._round,
            self._locked_round,
            self._locked_block,
            self._valid_round,
            self._valid_block,
            self._valid_polka,
        )

    def step(self, event: Event) -> list[Action]:
        """Apply one event; return the actions it causes, to be carried out in order.

        Raises ConsensusViolation unless StartHeight comes first and only once, and for a
        message the driver should have rejected with node.messages (unsigned, another chain,
        unknown validator, a block that does not match its proposal).
        """
        if self._started == isinstance(event, StartHeight):
            raise ConsensusViolation("StartHeight must be the first event, and come only once")
        self._out, self._now_ms = [], event.now_ms
        early, self._early = self._early, []
        for message in early:
            if isinstance(message, VoteReceived):
                self._on_vote(message.vote)
            else:
                self._on_proposal(message)
        match event:
            case StartHeight():
                self._on_start()
            case ProposalReceived():
                self._on_proposal(event)
            case VoteReceived():
                self._on_vote(event.vote)
            case TimeoutFired():
                self._on_timeout(event)
            case EntriesAvailable():
                if (
                    self._step == Step.NEW_HEIGHT
                    and self._waited() >= self._params.timeout_commit_ms
                ):
                    self._start_round(0)
            case SyncedTo():
                self._on_synced(event)
        self._apply_rules()
        return self._out

    def _reset(self, last_header: Header | None, last_commit: Commit | None) -> None:
        """Leave the decided height; wait (Step.NEW_HEIGHT) before round 0 of the next."""
        self._last_header, self._last_commit = last_header, last_commit
        self._height = 1 if last_header is None else last_header.height + 1
        self._round, self._step, self._since_ms = 0, Step.NEW_HEIGHT, self._now_ms
        self._locked_round, self._locked_block = -1, None
        self._valid_round, self._valid_block = -1, None
        self._valid_polka = ()
        self._votes: dict[tuple[int, int], dict[int, list[Vote]]] = {}  # (round, type) → index
        self._proposals: dict[int, dict[bytes, tuple[Proposal, Block, int]]] = {}
        self._validity: dict[bytes, bool] = {}  # block hash → valid(v)
        self._latest_round: dict[int, int] = {}  # validator → highest round it spoke in
        self._done: set[tuple[int, int]] = set()  # (line, round) of "for the first time" rules
        self._touched: set[int] = set()  # rounds with new proposals or precommits (line 49)
        self._next_height: dict[tuple[int, int, int], ProposalReceived | VoteReceived] = {}
        self._future_heights = {i: h for i, h in self._future_heights.items() if h > self._height}

    def _on_start(self) -> None:
        self._started, self._since_ms = True, self._now_ms
        restored = self._restored
        if restored is not None and restored.height == self._height:
            # The next round after the one it last signed in: anything it would sign in that
            # one might differ from what it signed before the crash (the guard would refuse).
            for vote in restored.valid_polka:
                self._on_vote(vote)
            self._start_round(restored.round + 1)
        else:
            self._out.append(
                SetTimer(self._height, 0, Step.NEW_HEIGHT, self._params.timeout_commit_ms)
            )

    def _on_proposal(self, event: ProposalReceived) -> None:
        proposal, block = event.proposal, event.block
        self._check_message(proposal.signature, proposal.chain_id, proposal.proposer_index)
        if block.header.hash() != proposal.block_hash:
            raise ConsensusViolation(
                f"proposal for height {proposal.height} round {proposal.round} comes with "
                "another block; the driver must check it with node.messages.verify_proposal"
            )
        if proposal.height != self._height:
            key = (proposal.round, 0, 0)
            self._on_other_height(proposal.height, proposal.proposer_index, key, event)
            return
        if proposal.proposer_index != self._schedule.proposer(self._height, proposal.round):
            return  # only proposer(h, r)'s proposal counts (lines 22, 28, 36, 49)
        self._note_round(proposal.proposer_index, proposal.round)
        kept = self._proposals.get(proposal.round, {})
        if proposal.round <= self._round + MAX_ROUNDS_AHEAD and len(kept) < MAX_PROPOSALS_PER_ROUND:
            kept.setdefault(proposal.block_hash, (proposal, block, event.now_ms))
            self._proposals[proposal.round] = kept
            self._touched.add(proposal.round)
        if self._step == Step.NEW_HEIGHT and proposal.round == 0:
            self._start_round(0)  # the proposer is done waiting, so are we

    def _on_vote(self, vote: Vote) -> None:
        index = vote.validator_index
        self._check_message(vote.signature, vote.chain_id, index)
        if vote.height != self._height:
            key = (vote.round, vote.type, index)
            self._on_other_height(vote.height, index, key, VoteReceived(vote, self._now_ms))
            return
        self._note_round(index, vote.round)
        if vote.round > self._round + MAX_ROUNDS_AHEAD:
            return
        votes = self._votes.setdefault((vote.round, vote.type), {}).setdefault(index, [])
        same = [i for i, seen in enumerate(votes) if seen.block_hash == vote.block_hash]
        if same:  # a repeat, which may bring a precommit's checkpoint signature
            if votes[same[0]].checkpoint_signature or not vote.checkpoint_signature:
                return
            votes[same[0]] = vote
        elif len(votes) < MAX_VOTES_PER_VALIDATOR:
            # Equivocation: both signed votes are evidence. The validator still counts once
            # towards "anything", but each vote counts for its own value, as every message
            # received does in the paper: were only the first counted, an equivocator could
            # show a polka to some honest validators and not to others, and a lock taken on
            # it could then never be released (the simulation found such runs). Quorums
            # intersect in an honest validator either way, so safety is unchanged.
            votes.append(vote)
            if len(votes) == 2:
                self._out.append(RecordEvidence(votes[0], vote))
        else:
            return
        if vote.type == PRECOMMIT:
            self._touched.add(vote.round)

    def _on_other_height(
        self,
        height: int,
        index: int,
        key: tuple[int, int, int],
        event: ProposalReceived | VoteReceived,
    ) -> None:
        """Keep early messages of the next height. Once validators holding over 1/3 of the
        power (so at least one honest one: our height is decided) are past our height, ask
        for blocks, and again every timeout_propose_ms while messages say we are behind."""
        if height < self._height:
            return
        if height == self._height + 1 and key[0] <= MAX_ROUNDS_AHEAD:
            self._next_height.setdefault(key, event)
        self._future_heights[index] = max(height, self._future_heights.get(index, 0))
        target = _weak_quorum_floor(self._future_heights, self._validators)
        asked_height, asked_ms = self._sync_asked
        again = self._now_ms - asked_ms >= self._params.timeout_propose_ms
        if target > asked_height or (target > self._height and again):
            self._sync_asked = (target, self._now_ms)
            self._out.append(RequestSync(target))

    def _on_timeout(self, event: TimeoutFired) -> None:
        if (event.height, event.round) != (self._height, self._round):
            return
        if event.step == Step.NEW_HEIGHT == self._step:
            self._start_round_when_due()
        elif event.step == Step.PROPOSE == self._step:
            self._enter_prevote(None)  # line 57
        elif event.step == Step.PREVOTE == self._step:
            self._enter_precommit(None)  # line 61
        elif event.step == Step.PRECOMMIT:
            self._start_round(self._round + 1)  # line 65

    def _on_synced(self, event: SyncedTo) -> None:
        header, commit = event.header, event.commit
        if commit.height != header.height or commit.block_hash != header.hash():
            raise ConsensusViolation(f"SyncedTo: the commit is not for header {header.height}")
        if header.height >= self._height:
            self._enter_height(header, commit)

    def _waited(self) -> int:
        return self._now_ms - self._since_ms

    def _start_round_when_due(self) -> None:
        """Round 0 starts once timeout_commit has passed and there are entries to propose, or
        once empty_block_interval has: an idle consortium makes no blocks in between. All
        validators wait alike, so none times out a proposer that waits for entries."""
        wait = self._params.timeout_commit_ms
        if not self._app.has_entries():
            wait = max(wait, self._params.empty_block_interval_ms)
        if self._waited() >= wait:
            self._start_round(0)
        else:  # also when a timer fired early: never stall
            self._out.append(SetTimer(self._height, 0, Step.NEW_HEIGHT, wait - self._waited()))

    def _apply_rules(self) -> None:
        """Fire every enabled upon-rule of Algorithm 1 until none is."""
        while self._touched:
            touched, self._touched = sorted(self._touched), set()
            for round_ in touched:
                if self._decide(round_):
                    break  # a new height: the other rounds of the old one are moot
        ahead = (
            self._step == Step.NEW_HEIGHT
            or max(self._latest_round.values(), default=-1) > self._round
        )
        target = _weak_quorum_floor(self._latest_round, self._validators) if ahead else -1
        if target > self._round or (target == self._round and self._step == Step.NEW_HEIGHT):
            # Line 55, on each validator's latest round: over 1/3 of the power at round target
            # or later means an honest validator got there (and bounds what we keep). While
            # we wait before round 0, the others' round-0 messages end the wait as well.
            self._start_round(target)
        while (
            self._prevote_on_proposal()
            or self._lock_on_polka()
            or self._precommit_nil_on_polka()
            or self._arm_timer(34, PREVOTE, Step.PREVOTE, self._step == Step.PREVOTE)
            or self._arm_timer(47, PRECOMMIT, Step.PRECOMMIT, self._step != Step.NEW_HEIGHT)
        ):
            pass

    def _start_round(self, round_: int) -> None:
        """Line 11: the proposer proposes its valid value, or else a new block; others wait."""
        self._round, self._step = round_, Step.PROPOSE
        me = self._me
        if me is None or self._schedule.proposer(self._height, round_) != me:
            self._set_timer(Step.PROPOSE)  # line 21
            return
        block, valid_round = self._valid_block, self._valid_round  # line 15
        if block is None:  # line 18; PBTS: the proposer's clock, after the last block's time
            last = self._last_header
            time_ms = self._now_ms if last is None else max(self._now_ms, last.time_ms + 1)
            public_key = self._validators.validators[me].public_key
            block = self._app.propose_block(self._height, time_ms, self._last_commit, public_key)
        block_hash, time_ms = block.header.hash(), block.header.time_ms
        proposal = Proposal(
            self._chain_id, self._height, round_, valid_round, block_hash, time_ms, me
        )
        self._out.append(SendProposal(proposal, block))

    def _prevote_on_proposal(self) -> bool:
        """Lines 22 and 28: prevote on the round's (first) proposal from its proposer."""
        if self._step != Step.PROPOSE or not self._proposals.get(self._round):
            return False
        proposal, block, received_ms = next(iter(self._proposals[self._round].values()))
        block_hash, valid_round = proposal.block_hash, proposal.valid_round
        if valid_round == -1:  # line 22; PBTS judges the time of fresh values only
            acceptable = self._is_timely(block, received_ms) and (
                self._locked_round == -1 or self._is_locked_on(block_hash)
            )
        elif self._has_quorum(valid_round, PREVOTE, block_hash):  # line 28
            acceptable = self._locked_round <= valid_round or self._is_locked_on(block_hash)
        else:
            return False
        self._enter_prevote(
            block_hash if acceptable and self._is_valid(block_hash, block) else None
        )
        return True

    def _lock_on_polka(self) -> bool:
        """Line 36: a quorum of prevotes for the proposal makes it the valid value and, in
        step prevote, the locked value, precommitted."""
        round_ = self._round
        if self._step < Step.PREVOTE or (36, round_) in self._done:
            return False
        for block_hash, (_, block, _) in self._proposals.get(round_, {}).items():
            if self._has_quorum(round_, PREVOTE, block_hash) and self._is_valid(block_hash, block):
                self._done.add((36, round_))
                if self._step == Step.PREVOTE:
                    self._locked_round, self._locked_block = round_, block
                    self._enter_precommit(block)
                self._valid_round, self._valid_block = round_, block
                self._valid_polka = tuple(self._votes_for(round_, PREVOTE, block_hash).values())
                return True
        return False

    def _precommit_nil_on_polka(self) -> bool:
        """Line 44: a quorum of prevotes for nil."""
        if self._step != Step.PREVOTE or not self._has_quorum(self._round, PREVOTE, None):
            return False
        self._enter_precommit(None)
        return True

    def _arm_timer(self, line: int, vote_type: int, step: Step, enabled: bool) -> bool:
        """Lines 34 and 47: the first quorum of votes of a type for anything in this round."""
        if not enabled or (line, self._round) in self._done:
            return False
        if not self._validators.is_quorum(
            self._power(self._votes.get((self._round, vote_type), {}))
        ):
            return False
        self._done.add((line, self._round))
        self._set_timer(step)
        return True

    def _decide(self, round_: int) -> bool:
        """Line 49: a proposal and a quorum of precommits for it, in any round."""
        for block_hash, (_, block, _) in self._proposals.get(round_, {}).items():
            commit = self._commit_for(round_, block_hash)
            if commit is not None and self._is_valid(block_hash, block):
                self._commit(block, commit)
                return True
        return False

    def _commit_for(self, round_: int, block_hash: bytes) -> Commit | None:
        """The precommits for the block that carry a checkpoint signature, by validator index,
        if they hold a quorum (CONSENSUS.md, "Checkpoint signatures ride on precommits")."""
        signatures = []
        for index, vote in self._votes_for(round_, PRECOMMIT, block_hash).items():
            if vote.signature and vote.checkpoint_signature:
                signatures.append(CommitSignature(index, vote.signature, vote.checkpoint_signature))
        if not self._validators.is_quorum(self._power(s.validator_index for s in signatures)):
            return None
        return Commit(self._height, round_, block_hash, tuple(signatures))

    def _commit(self, block: Block, commit: Commit) -> None:
        self._out.append(CommitBlock(block, commit))
        self._enter_height(block.header, commit)

    def _enter_height(self, header: Header, commit: Commit) -> None:
        """Move past `header`. The messages that came early for the new height are replayed
        with the next event: the application judges blocks against the tip, which moves only
        once the driver has carried out CommitBlock."""
        early = list(self._next_height.values())
        self._reset(header, commit)
        self._early = early
        self._out.append(SetTimer(self._height, 0, Step.NEW_HEIGHT, self._params.timeout_commit_ms))

    def _enter_prevote(self, block_hash: bytes | None) -> None:
        self._step = Step.PREVOTE
        self._send_vote(PREVOTE, block_hash, None)

    def _enter_precommit(self, block: Block | None) -> None:
        self._step = Step.PRECOMMIT
        self._send_vote(PRECOMMIT, None if block is None else block.header.hash(), block)

    def _send_vote(self, vote_type: int, block_hash: bytes | None, block: Block | None) -> None:
        if self._me is not None:
            vote = Vote(vote_type, self._chain_id, self._height, self._round, block_hash, self._me)
            self._out.append(SendVote(vote, block))

    def _set_timer(self, step: Step) -> None:
        delay = self._params.timeout(step, self._round)
        self._out.append(SetTimer(self._height, self._round, step, delay))

    def _note_round(self, index: int, round_: int) -> None:
        if round_ > self._latest_round.get(index, -1):
            self._latest_round[index] = round_

    def _check_message(self, signature: bytes | None, chain_id: str, index: int) -> None:
        if signature is None or chain_id != self._chain_id or not 0 <= index < len(self._powers):
            raise ConsensusViolation(
                f"a message of validator {index} for chain {chain_id!r} is unsigned or not for "
                f"this chain ({self._chain_id!r}, {len(self._powers)} validators); the driver "
                "must check messages with node.messages before consensus sees them"
            )

    def _power(self, indices: Iterable[int]) -> int:
        return sum(self._powers[index] for index in indices)

    def _votes_for(self, round_: int, vote_type: int, block_hash: bytes | None) -> dict[int, Vote]:
        """Each validator's vote for `block_hash` (None: nil), by validator index."""
        return {
            index: vote
            for index, votes in sorted(self._votes.get((round_, vote_type), {}).items())
            for vote in votes
            if vote.block_hash == block_hash
        }

    def _has_quorum(self, round_: int, vote_type: int, block_hash: bytes | None) -> bool:
        return self._validators.is_quorum(
            self._power(self._votes_for(round_, vote_type, block_hash))
        )

    def _is_locked_on(self, block_hash: bytes) -> bool:
        return self._locked_block is not None and self._locked_block.header.hash() == block_hash

    def _is_valid(self, block_hash: bytes, block: Block) -> bool:
        """valid(v), once per block: this height, later than the last block, and what the
        application checks (linkage, entries, ledger size and root)."""
        valid = self._validity.get(block_hash)
        if valid is None:
            last = self._last_header
            valid = (
                block.header.height == self._height
                and (last is None or block.header.time_ms > last.time_ms)
                and self._app.check_block(block) is None
            )
            self._validity[block_hash] = valid
        return valid

    def _is_timely(self, block: Block, received_ms: int) -> bool:
        """CONSENSUS.md, "Time": time - PRECISION <= received <= time + MSGDELAY(r) + PRECISION."""
        time_ms, precision = block.header.time_ms, self._params.precision_ms
        latest = time_ms + self._params.message_delay(self._round) + precision
        return time_ms - precision <= received_ms <= latest
