"""The consensus driver: the only code that turns consensus actions into I/O.

Order matters (docs/consensus.md, "The driver"): the signing guard is
recorded and fsynced before a signature leaves the node, and a committed block is written
before any later action runs. Own messages are fed back to the state machine as if they had
come from the network; inbound messages are verified here before consensus sees them.
"""

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from cunzheng.ledger.block import PRECOMMIT, Block, Commit, Proposal, Vote
from cunzheng.ledger.checkpoint import checkpoint_signature_for
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.finality import checkpoint_of
from cunzheng.ledger.hashing import leaf_hash
from cunzheng.ledger.keys import PROPOSAL_SIGNATURE_TAG, VOTE_SIGNATURE_TAG, NodeKey
from cunzheng.ledger.store import BlockStore
from cunzheng.node.application import LedgerApplication
from cunzheng.node.consensus.messages import verify_proposal, verify_vote
from cunzheng.node.consensus.signing_guard import GuardRecord, LockState, SigningGuard
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
    SyncedTo,
    TimeoutFired,
    VoteReceived,
)
from cunzheng.node.errors import ConsensusViolation, PeerError
from cunzheng.node.evidence import EvidenceLog
from cunzheng.node.mempool import Mempool

log = logging.getLogger(__name__)

MAX_HELD_PRECOMMITS = 1000
MAX_NEXT_PROPOSALS = 16
STEP_OF_PROPOSAL, STEP_OF_PREVOTE, STEP_OF_PRECOMMIT = 0, 1, 2


class Network(Protocol):
    """Where signed consensus messages go; the gossip layer, or nothing for a lone node."""

    def broadcast_proposal(self, proposal: Proposal, block: Block) -> None: ...
    def broadcast_vote(self, vote: Vote) -> None: ...
    def request_sync(self, height: int) -> None: ...


class NoNetwork:
    """The network of a consortium of one."""

    def broadcast_proposal(self, proposal: Proposal, block: Block) -> None:
        """Nobody to tell."""

    def broadcast_vote(self, vote: Vote) -> None:
        """Nobody to tell."""

    def request_sync(self, height: int) -> None:
        """Nobody to ask."""


class ConsensusDriver:
    """Feeds events to the consensus state machine and carries out its actions."""

    def __init__(
        self,
        *,
        consensus: Consensus,
        app: LedgerApplication,
        store: BlockStore,
        mempool: Mempool,
        key: NodeKey | None,
        guard: SigningGuard | None,
        evidence: EvidenceLog,
        clock_ms: Callable[[], int],
        on_commit: Callable[[Block, Commit], None],
    ) -> None:
        self._consensus, self._app, self._store = consensus, app, store
        self._mempool, self._key, self._guard = mempool, key, guard
        self._evidence, self._clock_ms, self._on_commit = evidence, clock_ms, on_commit
        self.network: Network = NoNetwork()
        self._events: deque[Event] = deque()
        self._running = False
        self._blocks: dict[bytes, Block] = {}  # proposed blocks of the current height
        self._held: dict[bytes, list[Vote]] = {}  # precommits waiting for their block
        self._next_proposals: list[tuple[Proposal, Block]] = []
        self._timers: list[asyncio.TimerHandle] = []
        # Once consensus runs, the guard is used from this one thread only (see _guarded).
        self._guard_thread = ThreadPoolExecutor(1, thread_name_prefix="signing-guard")
        self._stopped = False

    @property
    def consensus(self) -> Consensus:
        """The state machine (read-only use: height, round, step)."""
        return self._consensus

    def deliver(self, event: Event) -> None:
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

    def entries_available(self) -> None:
        """The mempool has new entries."""
        self.deliver(EntriesAvailable(self._clock_ms()))

    def on_proposal(self, proposal: Proposal, block: Block) -> None:
        """A proposal from a peer; raises PeerError or SignatureError if it does not verify."""
        validators = self._store.validators_at(proposal.height)
        verify_proposal(proposal, block, validators, self._store.genesis.chain_id)
        height = self._consensus.height
        if proposal.height == height + 1 and len(self._next_proposals) < MAX_NEXT_PROPOSALS:
            self._next_proposals.append((proposal, block))  # we are about to commit `height`
        if proposal.height != height:
            return
        self._blocks[proposal.block_hash] = block
        self.deliver(ProposalReceived(proposal, block, self._clock_ms()))
        self._replay_held(self._held.pop(proposal.block_hash, []))

    def on_vote(self, vote: Vote) -> bool:
        """A vote from a peer; raises PeerError or SignatureError if it does not verify.
        Returns whether consensus took it, all checked (a precommit whose block is unknown
        waits for the block, its checkpoint signature unchecked)."""
        validators = self._store.validators_at(vote.height)
        verify_vote(vote, validators, self._store.genesis.chain_id)
        if vote.type == PRECOMMIT and vote.block_hash is not None:
            block = self._blocks.get(vote.block_hash)
            if block is None:
                self._hold(vote)
                return False
            if vote.checkpoint_signature is None:
                raise PeerError("a precommit for a block must carry a checkpoint signature")
            public_key = validators.validators[vote.validator_index].public_key
            checkpoint_signature_for(
                checkpoint_of(block.header), public_key, vote.checkpoint_signature
            )
        self.deliver(VoteReceived(vote, self._clock_ms()))
        return True

    def on_synced(self) -> None:
        """Blocks fetched from peers were applied; consensus moves to the new tip."""
        tip = self._store.tip
        if tip is None or tip.height < self._consensus.height:
            return
        self.deliver(SyncedTo(tip, self._store.commit(tip.height), self._clock_ms()))
        self._reset_height()

    def resend_signed(self) -> None:
        """After a restart, send again the votes this validator signed at the height being
        decided, and the prevotes that made its valid value valid. Call it once, after
        StartHeight.

        Peers may never have got them, and a round cannot end without its votes (docs/consensus.md,
        "The signing guard"). The signed bytes come from the signing guard's record, so signing
        them again gives the very same messages (Ed25519 is deterministic) and cannot
        equivocate; this is why it does not go through check_and_record, which refuses
        anything lower than the last record. Each vote also goes back to consensus, which
        counted it before the crash and may need it for a polka (line 28).
        """
        if self._key is None or self._guard is None:
            return
        state = self._consensus.lock_state()
        own = votes_to_resend(self._guard.load(), state)
        payloads = {vote.signed_payload() for vote, _ in own}
        for vote in state.valid_polka:  # peers need it to accept our valid value again
            if vote.signed_payload() not in payloads:
                self.network.broadcast_vote(vote)
        if own:
            log.info(
                "resending %d votes signed at height=%d before a restart", len(own), state.height
            )
        for vote, block in own:
            signed = _signed_vote(self._key, vote, block)
            self.network.broadcast_vote(signed)
            self.deliver(VoteReceived(signed, self._clock_ms()))

    def stop(self) -> None:
        """Cancel pending timers and wait for the signing guard's writes; nothing is signed
        or sent after this."""
        self._stopped = True
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()
        self._guard_thread.shutdown()

    def _hold(self, vote: Vote) -> None:
        if vote.height not in (self._consensus.height, self._consensus.height + 1):
            return
        if vote.block_hash is None:
            return
        # Once each: a peer sending one again must not crowd the others out.
        if vote in self._held.get(vote.block_hash, ()):
            return
        if sum(len(votes) for votes in self._held.values()) < MAX_HELD_PRECOMMITS:
            self._held.setdefault(vote.block_hash, []).append(vote)

    def _execute(self, action: Action) -> None:
        match action:
            case SendProposal(proposal=proposal, block=block):
                self._send_proposal(proposal, block)
            case SendVote(vote=vote, block=block):
                self._send_vote(vote, block)
            case SetTimer(height=height, round=round_, step=step, delay_ms=delay_ms):
                self._set_timer(height, round_, step, delay_ms)
            case CommitBlock(block=block, commit=commit):
                self._commit(block, commit)
            case RequestSync(height=height):
                self.network.request_sync(height)
            case RecordEvidence(first=first, second=second):
                self._evidence.record_equivocation(first, second)

    def _signer(self) -> tuple[NodeKey, SigningGuard]:
        if self._key is None or self._guard is None:
            raise LedgerError("an observer was asked to sign; it holds no validator key")
        return self._key, self._guard

    def _send_proposal(self, proposal: Proposal, block: Block) -> None:
        key, guard = self._signer()
        payload = proposal.signed_payload()
        self._blocks[proposal.block_hash] = block

        def send() -> None:
            signed = proposal.signed(key.sign(PROPOSAL_SIGNATURE_TAG, payload))
            log.info(
                "propose height=%d round=%d block=%s entries=%d",
                proposal.height,
                proposal.round,
                proposal.block_hash.hex()[:16],
                len(block.entries),
            )
            self.network.broadcast_proposal(signed, block)
            self.deliver(ProposalReceived(signed, block, self._clock_ms()))

        self._guarded(guard, proposal.height, proposal.round, STEP_OF_PROPOSAL, payload, send)

    def _send_vote(self, vote: Vote, block: Block | None) -> None:
        key, guard = self._signer()
        payload = vote.signed_payload()
        step = STEP_OF_PRECOMMIT if vote.type == PRECOMMIT else STEP_OF_PREVOTE

        def send() -> None:
            signed = _signed_vote(key, vote, block)
            self.network.broadcast_vote(signed)
            self.deliver(VoteReceived(signed, self._clock_ms()))

        self._guarded(guard, vote.height, vote.round, step, payload, send)

    def _guarded(
        self,
        guard: SigningGuard,
        height: int,
        round_: int,
        step: int,
        payload: bytes,
        send: Callable[[], None],
    ) -> None:
        """Record the signature durably, then `send` (sign, broadcast, feed back) on the
        event loop; nothing is signed if the guard refuses it or cannot write.

        The record is written by the guard's own thread, in the order asked, while the loop
        serves requests: its fsyncs would otherwise stall the loop three times per block.
        Consensus sees its own message once it is sent, as if the network had delayed it.
        """
        recorded = asyncio.get_running_loop().run_in_executor(
            self._guard_thread,
            guard.check_and_record,
            height,
            round_,
            step,
            payload,
            self._lock_bytes(),
        )

        def then(future: asyncio.Future[None]) -> None:
            if self._stopped:
                return
            try:
                future.result()
            except ConsensusViolation as err:
                log.warning("not signing height=%d round=%d step=%d: %s", height, round_, step, err)
                return
            send()

        recorded.add_done_callback(then)

    def _lock_bytes(self) -> bytes:
        return self._consensus.lock_state().encode()

    def _set_timer(self, height: int, round_: int, step: object, delay_ms: int) -> None:
        loop = asyncio.get_running_loop()

        def fire() -> None:
            self.deliver(TimeoutFired(height, round_, step, self._clock_ms()))  # type: ignore[arg-type]

        self._timers = [t for t in self._timers if not t.cancelled() and t.when() > loop.time()]
        self._timers.append(loop.call_later(delay_ms / 1000, fire))

    def _commit(self, block: Block, commit: Commit) -> None:
        entries = self._app.entries_of(block)
        self._store.append_block(block, commit, entries)
        self._mempool.remove([leaf_hash(data) for data in block.entries])
        log.info(
            "commit height=%d round=%d block=%s entries=%d ledger_size=%d",
            block.header.height,
            commit.round,
            commit.block_hash.hex()[:16],
            len(block.entries),
            block.header.ledger_size,
        )
        self._reset_height()
        self._on_commit(block, commit)

    def _reset_height(self) -> None:
        """Forget the committed height's blocks; replay what arrived early for the next one."""
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


def _signed_vote(key: NodeKey, vote: Vote, block: Block | None) -> Vote:
    """`vote` signed by `key`; a precommit for `block` also gets its checkpoint signature
    (docs/consensus.md, "Checkpoint signatures in precommits"). Requires the signing guard
    to have recorded `vote.signed_payload()` already."""
    checkpoint_signature = None
    if vote.type == PRECOMMIT and block is not None:
        checkpoint_signature = key.sign_message(checkpoint_of(block.header).body().encode())
    signature = key.sign(VOTE_SIGNATURE_TAG, vote.signed_payload())
    return vote.signed(signature, checkpoint_signature)


def votes_to_resend(
    record: GuardRecord | None, state: LockState
) -> list[tuple[Vote, Block | None]]:
    """The votes `record` says were signed at `state.height`, unsigned and oldest first, each
    with the block a precommit for a block needs for its checkpoint signature.

    Left out: proposals (a restarted validator goes on in the round after its last one, so
    theirs is over), and a precommit for a block that is neither the locked nor the valid
    block of `state`, as peers refuse a precommit for a block without its checkpoint
    signature. Raises DecodeError if a recorded vote does not decode; the record is
    checksummed, so only a bug in the driver could cause that.
    """
    if record is None or record.height != state.height:
        return []
    blocks = {b.header.hash(): b for b in (state.locked_block, state.valid_block) if b}
    resend: list[tuple[Vote, Block | None]] = []
    for _, step, payload in record.signed():
        if step == STEP_OF_PROPOSAL:
            continue
        vote = Vote.decode(payload)
        if vote.type == PRECOMMIT and vote.block_hash is not None:
            block = blocks.get(vote.block_hash)
            if block is not None:
                resend.append((vote, block))
        else:
            resend.append((vote, None))
    return resend
