"""The consensus driver's core: everything between the state machine and the outside world,
synchronous and deterministic.

The driver is split as etcd-io/raft splits RawNode (synchronous) from node (the goroutine
around it). This core verifies the peers' messages (node/consensus/messages.py), holds a
precommit until its block arrives, keeps proposals of the next height, signs our own
messages behind the signing guard and feeds them back to the state machine, and after a
restart sends again what the guard says was signed. It reaches the outside only through the
narrow interfaces below: the chain (store and application), the network sender, timers, the
guard's writes, the evidence log and a clock. It never awaits, sleeps, reads a clock or the
environment, draws randomness or does I/O itself. node/consensus/driver.py runs it in the
node's event loop, the guard's writes on a thread of their own; tests/node/sim_node.py runs
the same core in the simulation, with a simulated network, timers and guard storage.

Order matters (docs/consensus.md, "The driver"): the signing guard's record
is durable before the signature it allows is made, and a decided block is appended before
any later action runs.
"""

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from cunzheng.ledger.block import PRECOMMIT, Block, Commit, Header, Proposal, Vote
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.keys import NodeKey
from cunzheng.ledger.validators import ValidatorSet
from cunzheng.node.consensus.messages import (
    signed_proposal,
    signed_vote,
    verify_checkpoint_signature,
    verify_proposal,
    verify_vote,
)
from cunzheng.node.consensus.signing_guard import (
    PROPOSAL_STEP,
    SigningGuard,
    vote_step,
    votes_to_resend,
)
from cunzheng.node.consensus.signing_hold import SigningHold
from cunzheng.node.consensus.state_machine import (
    Action,
    CommitBlock,
    Consensus,
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
from cunzheng.node.errors import ConsensusViolation, PeerError

log = logging.getLogger(__name__)

MAX_HELD_PRECOMMITS = 1000
MAX_NEXT_PROPOSALS = 16


class Chain(Protocol):
    """The committed chain, as the core needs it: the node's store with its application and
    mempool, or a simulated node's."""

    @property
    def chain_id(self) -> str: ...

    def validators_at(self, height: int) -> ValidatorSet:
        """The set that decides `height`."""
        ...

    def last_committed(self) -> tuple[Header, Commit] | None:
        """The tip and its commit; None before the first block."""
        ...

    def append(self, block: Block, commit: Commit) -> None:
        """Append the decided `block`, durably, before returning; its entries leave the
        mempool."""
        ...


class Sender(Protocol):
    """Where our signed consensus messages go: the peer network, or nowhere for a lone node."""

    def broadcast_proposal(self, proposal: Proposal, block: Block) -> None: ...
    def broadcast_vote(self, vote: Vote) -> None: ...
    def request_sync(self, height: int) -> None: ...


class ProposalClock(Protocol):
    """Where the clock reading at each fresh proposal of another notary goes
    (node/clock_watch.py, docs/consensus.md, "Clock offset")."""

    def observe(self, local_ms: int, block_time_ms: int) -> None:
        """This node's clock read `local_ms` when a fresh proposal of time `block_time_ms`
        arrived."""


class Timers(Protocol):
    """The timers of the state machine (SetTimer)."""

    def call_later(self, delay_ms: int, callback: Callable[[], None]) -> None:
        """Call `callback` once, `delay_ms` from now, on the thread that runs the core."""
        ...


class GuardWrites(Protocol):
    """How the signing guard's records are written: the node writes them on a thread of
    their own, so that an fsync does not stall its event loop."""

    def write(
        self, record: Callable[[], None], then: Callable[[ConsensusViolation | None], None]
    ) -> None:
        """Call `record` (it may block), records in the order asked; then call `then` on the
        thread that runs the core, with the ConsensusViolation `record` raised or None."""
        ...


class EvidenceSink(Protocol):
    """Where equivocations go (node/evidence.py's EvidenceLog)."""

    def record_equivocation(self, first: Vote, second: Vote) -> None: ...


@dataclass(frozen=True, slots=True)
class Signer:
    """A validator's key behind its signing guard, and how the guard's records are written;
    after a restore, also behind a SigningHold (signing_hold.py)."""

    key: NodeKey
    guard: SigningGuard
    writes: GuardWrites
    hold: SigningHold | None = None


class ConsensusCore:
    """Feeds events to the consensus state machine and carries out its actions through the
    injected interfaces; see the module docstring. Every method runs on one thread."""

    def __init__(
        self,
        *,
        consensus: Consensus,
        chain: Chain,
        signer: Signer | None,
        sender: Sender,
        timers: Timers,
        evidence: EvidenceSink,
        clock_ms: Callable[[], int],
        proposal_clock: ProposalClock,
    ) -> None:
        """`signer` None: an observer, which never signs."""
        self._consensus, self._chain, self._signer = consensus, chain, signer
        self._sender, self._timers, self._evidence = sender, timers, evidence
        self._clock_ms, self._proposal_clock = clock_ms, proposal_clock
        self._timed = (0, -1)  # the last (height, round) whose proposal's time was observed
        self._events: deque[Event] = deque()
        self._running = False
        self._blocks: dict[bytes, Block] = {}  # proposed blocks of the current height
        self._held: dict[bytes, list[Vote]] = {}  # precommits waiting for their block
        self._next_proposals: list[tuple[Proposal, Block]] = []

    @property
    def consensus(self) -> Consensus:
        """The state machine (read-only use: height, round, step)."""
        return self._consensus

    def start(self) -> None:
        """Start the current height, or resume it after a restart: then send again the votes
        this validator signed at it, and the prevotes that made its valid value valid.
        Call once, first.

        Peers may never have got them, and a round cannot end without its votes (docs/consensus.md,
        "The signing guard"). The signed bytes come from the signing guard's record, so signing
        them again gives the very same messages (Ed25519 is deterministic) and cannot
        equivocate; this is why they do not go through check_and_record, which refuses
        anything lower than the last record. Each vote also goes back to consensus, which
        counted it before the crash and may need it for a polka (line 28).
        """
        self._deliver(StartHeight(self._clock_ms()))
        if self._signer is None:
            return
        state = self._consensus.lock_state()
        own = votes_to_resend(self._signer.guard.load(), state)
        payloads = {vote.signed_payload() for vote, _ in own}
        for vote in state.valid_polka:  # peers need it to accept our valid value again
            if vote.signed_payload() not in payloads:
                self._sender.broadcast_vote(vote)
        if own:
            log.info(
                "resending %d votes signed at height=%d before a restart", len(own), state.height
            )
        for vote, block in own:
            signed = signed_vote(self._signer.key, vote, block)
            self._sender.broadcast_vote(signed)
            self._deliver(VoteReceived(signed, self._clock_ms()))

    def entries_available(self) -> None:
        """The mempool has new entries."""
        self._deliver(EntriesAvailable(self._clock_ms()))

    def on_proposal(self, proposal: Proposal, block: Block) -> None:
        """A proposal from a peer; raises PeerError or SignatureError if it does not verify."""
        validators = self._chain.validators_at(proposal.height)
        verify_proposal(proposal, block, validators, self._chain.chain_id)
        height = self._consensus.height
        if proposal.height == height + 1 and len(self._next_proposals) < MAX_NEXT_PROPOSALS:
            self._next_proposals.append((proposal, block))  # we are about to commit `height`
        if proposal.height != height:
            return
        self._blocks[proposal.block_hash] = block
        received_ms = self._clock_ms()
        # A fresh proposal was stamped as it was sent; a re-proposal keeps an older round's
        # time. One per round, so that an equivocating proposer counts once.
        if proposal.valid_round == -1 and (height, proposal.round) > self._timed:
            self._timed = (height, proposal.round)
            self._proposal_clock.observe(received_ms, proposal.time_ms)
        self._deliver(ProposalReceived(proposal, block, received_ms))
        self._replay_held(self._held.pop(proposal.block_hash, []))

    def on_vote(self, vote: Vote) -> bool:
        """A vote from a peer; raises PeerError or SignatureError if it does not verify.
        Returns whether consensus took it, all checked (a precommit whose block is unknown
        waits for the block, its checkpoint signature unchecked)."""
        validators = self._chain.validators_at(vote.height)
        verify_vote(vote, validators, self._chain.chain_id)
        if vote.type == PRECOMMIT and vote.block_hash is not None:
            block = self._blocks.get(vote.block_hash)
            if block is None:
                if self._hold(vote):
                    # Lines 47 and 55 count a precommit for any value: it counts for them now,
                    # without its checkpoint signature, and for its block (line 49) once the
                    # block comes and the signature checks. Otherwise a validator could wait in
                    # precommit for ever, holding the precommits that sent the others on.
                    stripped = replace(vote, checkpoint_signature=None)
                    self._deliver(VoteReceived(stripped, self._clock_ms()))
                return False
            verify_checkpoint_signature(vote, block.header, validators)
        self._deliver(VoteReceived(vote, self._clock_ms()))
        return True

    def on_synced(self) -> None:
        """Blocks fetched from peers were appended; consensus moves to the new tip."""
        last = self._chain.last_committed()
        if last is None or last[0].height < self._consensus.height:
            return
        self._deliver(SyncedTo(*last, self._clock_ms()))
        self._reset_height()

    def _deliver(self, event: Event) -> None:
        """Run `event` and everything it causes through the state machine."""
        self._events.append(event)
        if self._running:
            return  # the loop below is already draining the queue
        self._running = True
        try:
            while self._events:
                for action in self._consensus.step(self._events.popleft()):
                    self._execute(action)
        finally:
            self._running = False

    def _execute(self, action: Action) -> None:
        match action:
            case SendProposal(proposal=proposal, block=block):
                self._send_proposal(proposal, block)
            case SendVote(vote=vote, block=block):
                self._send_vote(vote, block)
            case SetTimer(height=height, round=round_, step=step, delay_ms=delay_ms):
                self._timers.call_later(delay_ms, lambda: self._fire(height, round_, step))
            case CommitBlock(block=block, commit=commit):
                self._commit(block, commit)
            case RequestSync(height=height):
                self._sender.request_sync(height)
            case RecordEvidence(first=first, second=second):
                self._evidence.record_equivocation(first, second)

    def _fire(self, height: int, round_: int, step: Step) -> None:
        self._deliver(TimeoutFired(height, round_, step, self._clock_ms()))

    def _send_proposal(self, proposal: Proposal, block: Block) -> None:
        self._blocks[proposal.block_hash] = block

        def send(key: NodeKey) -> None:
            signed = signed_proposal(key, proposal)
            log.info(
                "propose height=%d round=%d block=%s entries=%d",
                proposal.height,
                proposal.round,
                proposal.block_hash.hex()[:16],
                len(block.entries),
            )
            self._sender.broadcast_proposal(signed, block)
            self._deliver(ProposalReceived(signed, block, self._clock_ms()))

        self._guarded(PROPOSAL_STEP, proposal, send)

    def _send_vote(self, vote: Vote, block: Block | None) -> None:
        def send(key: NodeKey) -> None:
            signed = signed_vote(key, vote, block)
            self._sender.broadcast_vote(signed)
            self._deliver(VoteReceived(signed, self._clock_ms()))

        self._guarded(vote_step(vote.type), vote, send)

    def _guarded(
        self, step: int, message: Proposal | Vote, send: Callable[[NodeKey], None]
    ) -> None:
        """Record the signature with the guard (durably, through GuardWrites), then `send`
        (sign, broadcast, feed back); nothing is signed if a restore hold or the guard refuses,
        or the guard cannot write.
        Consensus sees its own message once it is sent, as if the network had delayed it."""
        signer = self._signer
        if signer is None:
            raise LedgerError("an observer was asked to sign; it holds no validator key")
        height, round_, payload = message.height, message.round, message.signed_payload()
        if signer.hold is not None and not signer.hold.permits(height):
            log.info("not signing height=%d round=%d step=%d: restore hold", height, round_, step)
            return
        lock_state = self._consensus.lock_state().encode()  # as it is now, not once written

        def record() -> None:
            signer.guard.check_and_record(height, round_, step, payload, lock_state)

        def then(refusal: ConsensusViolation | None) -> None:
            if refusal is not None:
                log.warning(
                    "not signing height=%d round=%d step=%d: %s", height, round_, step, refusal
                )
            else:
                send(signer.key)

        signer.writes.write(record, then)

    def _commit(self, block: Block, commit: Commit) -> None:
        self._chain.append(block, commit)
        log.info(
            "commit height=%d round=%d block=%s entries=%d ledger_size=%d",
            block.header.height,
            commit.round,
            commit.block_hash.hex()[:16],
            len(block.entries),
            block.header.ledger_size,
        )
        self._reset_height()

    def _reset_height(self) -> None:
        """Forget the decided height's blocks; replay what arrived early for the next one."""
        self._blocks.clear()
        held, self._held = self._held, {}
        early, self._next_proposals = self._next_proposals, []
        for proposal, block in early:
            try:
                self.on_proposal(proposal, block)
            except (PeerError, LedgerError) as err:
                log.warning("dropping an early proposal for height %d: %s", proposal.height, err)
        for votes in held.values():
            self._replay_held(votes)

    def _hold(self, vote: Vote) -> bool:
        """Keep a precommit for `vote.block_hash` until the block comes; whether it is new."""
        if vote.height not in (self._consensus.height, self._consensus.height + 1):
            return False
        if vote.block_hash is None:
            return False
        # Once each: a peer sending one again must not crowd the others out.
        if vote in self._held.get(vote.block_hash, ()):
            return False
        if sum(len(votes) for votes in self._held.values()) >= MAX_HELD_PRECOMMITS:
            return False
        self._held.setdefault(vote.block_hash, []).append(vote)
        return True

    def _replay_held(self, votes: list[Vote]) -> None:
        """Deliver precommits that waited for their block. One that fails its checkpoint check
        now is dropped alone: its sender is not the peer whose message brought the block."""
        for vote in votes:
            try:
                self.on_vote(vote)
            except (PeerError, LedgerError) as err:
                log.warning(
                    "dropping a held precommit of validator %d: %s", vote.validator_index, err
                )
