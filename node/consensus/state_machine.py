"""Tendermint consensus as a pure state machine: events in, actions out
(docs/consensus.md, "The rules of Algorithm 1").

The rules are those of Buchman, Kwon, Milosevic, "The latest gossip on BFT consensus"
(arXiv 1807.04938), Algorithm 1, plus proposer-based timestamps; comments cite its lines.
Nothing here reads a clock, does I/O or draws randomness: every event carries the local
clock reading, and the driver's core (node/consensus/core.py) signs, sends, stores and keeps the
timers.
The events and actions it exchanges with the driver are in node/consensus/events.py.
"""

from typing import Protocol

from cunzheng.ledger.block import PRECOMMIT, PREVOTE, Block, Commit, Header, Proposal, Vote
from cunzheng.ledger.validators import ValidatorSet
from cunzheng.node.consensus.catch_up import MAX_ROUNDS_AHEAD, CatchUp, Early
from cunzheng.node.consensus.events import (
    Action,
    CommitBlock,
    EntriesAvailable,
    Event,
    ProposalReceived,
    RecordEvidence,
    RequestSync,
    SendProposal,
    SendVote,
    SetTimer,
    StartHeight,
    Step,
    SyncedTo,
    TimeoutFired,
    VoteReceived,
)
from cunzheng.node.consensus.params import ConsensusParams
from cunzheng.node.consensus.proposal_book import ProposalBook
from cunzheng.node.consensus.proposer import ProposerSchedule
from cunzheng.node.consensus.signing_guard import LockState
from cunzheng.node.consensus.vote_book import VoteBook
from cunzheng.node.errors import ConsensusViolation

# The events and actions, ConsensusParams and LockState are re-exported for the driver.
__all__ = [
    "Action",
    "Application",
    "CommitBlock",
    "Consensus",
    "ConsensusParams",
    "EntriesAvailable",
    "Event",
    "LockState",
    "ProposalReceived",
    "RecordEvidence",
    "RequestSync",
    "SendProposal",
    "SendVote",
    "SetTimer",
    "StartHeight",
    "Step",
    "SyncedTo",
    "TimeoutFired",
    "VoteReceived",
]


class Application(Protocol):
    """The ledger as consensus needs it (node/application.py over the store and mempool)."""

    def validators_for(self, height: int) -> tuple[int, ValidatorSet]:
        """The set that decides `height`, and the height from which it does."""
        ...

    def propose_block(
        self, height: int, time_ms: int, last_commit: Commit | None, proposer: bytes
    ) -> Block: ...
    def check_block(self, block: Block) -> str | None: ...
    def has_entries(self) -> bool: ...


class Consensus:
    """A node's Tendermint state machine: at each height, a validator's if `key` is in the
    set deciding it (Application.validators_for), an observer's otherwise (or with key=None).

    `step(event)` returns the actions the event causes, to be carried out in order; own
    proposals and votes come back as ProposalReceived / VoteReceived once signed.
    """

    def __init__(
        self,
        *,
        key: bytes | None,
        params: ConsensusParams,
        app: Application,
        chain_id: str,
        last_header: Header | None,
        last_commit: Commit | None,
        restored: LockState | None = None,
    ) -> None:
        self._key, self._params, self._app = key, params, app
        self._chain_id, self._restored = chain_id, restored
        self._started, self._now_ms, self._out = False, 0, list[Action]()
        first = 1 if last_header is None else last_header.height + 1
        self._catch_up = CatchUp(app.validators_for(first)[1], retry_ms=params.timeout_propose_ms)
        self._schedule_since = -1  # no set chosen yet
        self._reset(last_header, last_commit)

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
        message the driver should have rejected with node/consensus/messages.py (unsigned,
        another chain, unknown validator, a block that does not match its proposal).
        """
        if self._started == isinstance(event, StartHeight):
            raise ConsensusViolation("StartHeight must be the first event, and come only once")
        self._out, self._now_ms = [], event.now_ms
        for message in self._catch_up.take_replay():
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
            case EntriesAvailable() if self._step == Step.NEW_HEIGHT:
                if self._waited() >= self._params.timeout_commit_ms:
                    self._start_round(0)
            case SyncedTo():
                self._on_synced(event)
        self._apply_rules()
        return self._out

    def _reset(self, last_header: Header | None, last_commit: Commit | None) -> None:
        """Leave the decided height; wait (Step.NEW_HEIGHT) before round 0 of the next."""
        self._last_header, self._last_commit = last_header, last_commit
        self._height = 1 if last_header is None else last_header.height + 1
        self._choose_validators()
        self._round, self._step, self._since_ms = 0, Step.NEW_HEIGHT, self._now_ms
        self._locked_round, self._valid_round = -1, -1
        self._locked_block: Block | None = None
        self._valid_block: Block | None = None
        self._valid_polka: tuple[Vote, ...] = ()
        self._votes = VoteBook(self._validators)
        self._proposals = ProposalBook(self._height, last_header, self._app.check_block)
        self._done: set[tuple[int, int]] = set()  # (line, round) of "for the first time" rules
        self._touched: set[int] = set()  # rounds with new proposals or precommits (line 49)
        self._catch_up.enter(self._height, self._validators)

    def _choose_validators(self) -> None:
        """The set deciding this height, our index in it, and its proposer schedule."""
        since, validators = self._app.validators_for(self._height)
        if since != self._schedule_since:
            self._schedule_since, self._validators = since, validators
            self._count = len(validators.validators)
            self._schedule = ProposerSchedule(tuple(v.power for v in validators.validators), since)
        self._me = None if self._key is None else validators.index_of(self._key)

    def _on_start(self) -> None:
        self._started, self._since_ms = True, self._now_ms
        restored = self._restored
        if restored is None or restored.height != self._height:
            self._set_timer(Step.NEW_HEIGHT)
            return
        # A restarted validator keeps its lock: forgetting it could let a decision of this
        # height be contradicted (docs/consensus.md, "The signing guard").
        self._locked_round, self._locked_block = restored.locked_round, restored.locked_block
        self._valid_round, self._valid_block = restored.valid_round, restored.valid_block
        self._valid_polka = restored.valid_polka
        for vote in restored.valid_polka:
            self._on_vote(vote)
        self._resume_round(restored.round)

    def _on_proposal(self, event: ProposalReceived) -> None:
        proposal, block = event.proposal, event.block
        self._check_message(
            proposal.signature, proposal.chain_id, proposal.height, proposal.proposer_index
        )
        if block.header.hash() != proposal.block_hash:
            raise ConsensusViolation(
                f"proposal for height {proposal.height} round {proposal.round} comes with "
                "another block; the driver must check it with messages.verify_proposal"
            )
        if proposal.height != self._height:
            self._on_other_height(event)
            return
        if proposal.proposer_index != self._schedule.proposer(self._height, proposal.round):
            return  # only proposer(h, r)'s proposal counts (lines 22, 28, 36, 49)
        self._catch_up.note_round(proposal.proposer_index, proposal.round)
        if proposal.round <= self._round + MAX_ROUNDS_AHEAD and self._proposals.add(event):
            self._touched.add(proposal.round)
        if self._step == Step.NEW_HEIGHT and proposal.round == 0:
            self._start_round(0)  # the proposer is done waiting, so are we

    def _on_vote(self, vote: Vote) -> None:
        self._check_message(vote.signature, vote.chain_id, vote.height, vote.validator_index)
        if vote.height != self._height:
            self._on_other_height(VoteReceived(vote, self._now_ms))
            return
        self._catch_up.note_round(vote.validator_index, vote.round)
        if vote.round > self._round + MAX_ROUNDS_AHEAD:
            return
        changed, first = self._votes.add(vote)
        if first is not None:
            self._out.append(RecordEvidence(first, vote))
        if changed and vote.type == PRECOMMIT:
            self._touched.add(vote.round)

    def _on_other_height(self, message: Early) -> None:
        target = self._catch_up.note_height(message, self._now_ms)
        if target is not None:
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
        waiting = self._step == Step.NEW_HEIGHT
        target = self._catch_up.round_to_join(self._round, waiting=waiting)
        if target is not None:  # line 55
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

    def _resume_round(self, round_: int) -> None:
        """A restarted validator goes on in the round it was in when it last signed, as a
        CometBFT node replaying its WAL does, and leaves it only as the rules say. Were it to
        skip to the next round, its precommit of this one might never be signed: then the
        others could wait in this round for ever, a quorum of its precommits short, while one
        validator ahead of them is too few to pull them on (line 55). What it signed here
        before is sent again (node/consensus/core.py), and what it would now sign differently
        the signing guard refuses. It does not propose again: a proposer in this round signed
        its proposal before anything else in it. It waits for the proposal as others do (line
        21), so that a timer moves it on whatever it finds."""
        self._round, self._step = round_, Step.PROPOSE
        self._set_timer(Step.PROPOSE)

    def _prevote_on_proposal(self) -> bool:
        """Lines 22 and 28: prevote on the round's (first) proposal from its proposer."""
        first = self._proposals.first(self._round)
        if self._step != Step.PROPOSE or first is None:
            return False
        proposal, block, received_ms = first
        block_hash, valid_round = proposal.block_hash, proposal.valid_round
        if valid_round == -1:  # line 22; PBTS judges the time of fresh values only
            acceptable = self._params.is_timely(
                block.header.time_ms, received_ms, self._round
            ) and (self._locked_round == -1 or self._is_locked_on(block_hash))
        elif self._votes.has_quorum(valid_round, PREVOTE, block_hash):  # line 28
            acceptable = self._locked_round <= valid_round or self._is_locked_on(block_hash)
        else:
            return False
        self._enter_prevote(
            block_hash if acceptable and self._proposals.is_valid(block_hash, block) else None
        )
        return True

    def _lock_on_polka(self) -> bool:
        """Line 36: a quorum of prevotes for the proposal makes it the valid value and, in
        step prevote, the locked value, precommitted."""
        round_ = self._round
        if self._step < Step.PREVOTE or (36, round_) in self._done:
            return False
        is_valid = self._proposals.is_valid
        for block_hash, block in self._proposals.blocks(round_):
            if self._votes.has_quorum(round_, PREVOTE, block_hash) and is_valid(block_hash, block):
                self._done.add((36, round_))
                if self._step == Step.PREVOTE:
                    self._locked_round, self._locked_block = round_, block
                    self._enter_precommit(block)
                polka = tuple(self._votes.votes_for(round_, PREVOTE, block_hash).values())
                self._valid_round, self._valid_block, self._valid_polka = round_, block, polka
                return True
        return False

    def _precommit_nil_on_polka(self) -> bool:
        """Line 44: a quorum of prevotes for nil."""
        if self._step != Step.PREVOTE or not self._votes.has_quorum(self._round, PREVOTE, None):
            return False
        self._enter_precommit(None)
        return True

    def _arm_timer(self, line: int, vote_type: int, step: Step, enabled: bool) -> bool:
        """Lines 34 and 47: the first quorum of votes of a type for anything in this round."""
        if not enabled or (line, self._round) in self._done:
            return False
        if not self._votes.has_quorum_for_anything(self._round, vote_type):
            return False
        self._done.add((line, self._round))
        self._set_timer(step)
        return True

    def _decide(self, round_: int) -> bool:
        """Line 49: a proposal and a quorum of precommits for it, in any round."""
        for block_hash, block in self._proposals.blocks(round_):
            commit = self._votes.commit_for(self._height, round_, block_hash)
            if commit is not None and self._proposals.is_valid(block_hash, block):
                self._out.append(CommitBlock(block, commit))
                self._enter_height(block.header, commit)
                return True
        return False

    def _enter_height(self, header: Header, commit: Commit) -> None:
        """Move past `header` (committed, or synced to) and wait before round 0."""
        self._reset(header, commit)
        self._set_timer(Step.NEW_HEIGHT)

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

    def _check_message(
        self, signature: bytes | None, chain_id: str, height: int, index: int
    ) -> None:
        """The index is checked for our height only: another height may have another set."""
        in_set = 0 <= index < self._count or height != self._height
        if signature is None or chain_id != self._chain_id or not in_set:
            raise ConsensusViolation(
                f"a message of validator {index} for chain {chain_id!r} is unsigned or not for "
                f"this chain ({self._chain_id!r}, {self._count} validators); the driver "
                "must check messages with node/consensus/messages.py before consensus sees them"
            )

    def _is_locked_on(self, block_hash: bytes) -> bool:
        return self._locked_block is not None and self._locked_block.header.hash() == block_hash
