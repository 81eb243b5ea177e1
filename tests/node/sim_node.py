"""One node of the consensus simulation (tests/node/sim.py) and its driver.

The driver does what node/consensus/driver.py does: it checks every message with node.messages,
signs through the real SigningGuard, feeds its own signed messages back, holds precommits until
their block arrives, and after a restart sends again what the guard says it signed
(node.runner.votes_to_resend) and counts again the messages of its height that it had when it
crashed (node/p2p/height_frames.py keeps them in a file). A Byzantine node runs the same state
machine without a guard and sends a second block or vote to half of its peers.
"""

from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING

from cunzheng.ledger.block import PRECOMMIT, Block, Proposal, Vote
from cunzheng.ledger.keys import NodeKey
from cunzheng.node.consensus.driver import votes_to_resend
from cunzheng.node.consensus.messages import (
    verify_checkpoint_signature,
    verify_proposal,
    verify_vote,
)
from cunzheng.node.consensus.signing_guard import (
    PRECOMMIT_STEP,
    PREVOTE_STEP,
    PROPOSAL_STEP,
    SigningGuard,
)
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
    TimeoutFired,
    VoteReceived,
)
from cunzheng.node.errors import ConsensusViolation
from tests.node.sim_app import CHAIN_ID, FakeApp, MemoryGuardStorage, sign_proposal, sign_vote

if TYPE_CHECKING:
    from tests.node.sim_network import SimNetwork

MAX_HELD = 200
Message = Vote | tuple[Proposal, Block]


def message_key(message: Message) -> bytes:
    """What gossip tells messages apart by: the encoding (of the proposal, for a proposal)."""
    return message.encode() if isinstance(message, Vote) else message[0].encode()


def message_height(message: Message) -> int:
    """The height a message is for."""
    return message.height if isinstance(message, Vote) else message[0].height


@dataclass(eq=False)
class SimNode:
    """One node: its durable parts (app, guard storage) and its volatile ones."""

    index: int
    key: NodeKey
    byzantine: bool
    app: FakeApp
    skew_ms: int
    net: "SimNetwork"
    storage: MemoryGuardStorage = field(default_factory=MemoryGuardStorage)
    guard: SigningGuard | None = None
    consensus: Consensus | None = None
    up: bool = False
    epoch: int = 0
    inbox: dict[bytes, tuple[int, Message]] = field(default_factory=dict)  # key → (height, m)
    blocks: dict[bytes, Block] = field(default_factory=dict)
    held: list[Vote] = field(default_factory=list)  # precommits waiting for their block
    evidence: list[RecordEvidence] = field(default_factory=list)
    refused: int = 0  # signatures the guard refused (after restarts)
    kept: dict[bytes, tuple[int, Message]] = field(default_factory=dict)  # survives a crash
    ticked: tuple[int, int] = (0, 0)  # (height, gossip ticks it has lasted)

    def local_ms(self) -> int:
        """The node's clock: the simulated time, skewed within PRECISION."""
        return self.net.now + self.skew_ms

    def boot(self) -> None:
        """Start from what a real node keeps on disk, as node/node.py's start_consensus."""
        self.crash()  # whatever was in memory is gone
        self.up = True
        self.guard = None if self.byzantine else SigningGuard(self.storage)
        self.consensus = Consensus(
            key=self.key.public_key,
            params=self.net.params,
            app=self.app,
            chain_id=CHAIN_ID,
            last_header=self.app.tip,
            last_commit=self.app.last_commit,
            restored=None if self.guard is None else self.guard.restored_lock_state(),
        )
        self.feed(StartHeight(self.local_ms()))
        self._resend_signed()
        kept, self.kept = self.kept, {}
        for height, message in kept.values():
            if height == self.consensus.height:
                self.receive(message)
        if self.app.has_entries():
            self.feed(EntriesAvailable(self.local_ms()))

    def crash(self) -> None:
        """Lose everything but the app and the guard's storage; ignore pending events."""
        if self.up:
            self.kept = dict(self.inbox)
        self.up, self.epoch, self.consensus = False, self.epoch + 1, None
        self.inbox.clear()
        self.blocks.clear()
        self.held.clear()

    def feed(self, event: Event) -> None:
        """Run an event through consensus and carry out the actions."""
        if self.up and self.consensus is not None:
            for action in self.consensus.step(event):
                self._execute(action)

    def receive(self, message: Message) -> None:
        """A peer's message: the driver's checks (node.messages), then consensus."""
        if not self.up or self.consensus is None:
            return
        key, height = self.net.message_key(message), message_height(message)
        if key in self.inbox and not isinstance(message, Vote):
            return  # a vote again may count now (node/consensus/vote_book.py, beyond the cap)
        validators = self.net.validators_at(height)
        if isinstance(message, Vote):
            check = partial(verify_vote, message, validators, CHAIN_ID)
        else:
            check = partial(verify_proposal, *message, validators, CHAIN_ID)
        if not self.net.passes((key, b""), check):
            return
        if isinstance(message, Vote):
            self._receive_vote(message)
        else:
            self._receive_proposal(*message)
        if self.consensus is not None and abs(height - self.consensus.height) <= 1:
            self.inbox[key] = (height, message)

    def add_entry(self, data: bytes) -> None:
        """A client's entry reaches this node's mempool."""
        was_empty = not self.app.has_entries()
        if self.up and self.app.add_entry(data) and was_empty:
            self.feed(EntriesAvailable(self.local_ms()))

    def _resend_signed(self) -> None:
        """node/consensus/driver.py's ConsensusDriver.resend_signed, checked against the signatures
        the simulation saw this validator give before it crashed."""
        if self.guard is None or self.consensus is None:
            return
        state = self.consensus.lock_state()
        own = votes_to_resend(self.guard.load(), state)
        payloads = {vote.signed_payload() for vote, _ in own}
        for vote in state.valid_polka:  # peers need it to accept our valid value again
            if vote.signed_payload() not in payloads:
                self.net.publish(self, vote)
        for vote, block in own:
            step = PRECOMMIT_STEP if vote.type == PRECOMMIT else PREVOTE_STEP
            signed_before = self.net.signed[(self.index, vote.height, vote.round, step)]
            assert signed_before == vote.signed_payload(), "the guard recorded other bytes"
            signed = sign_vote(self.key, vote, block)
            self.net.publish(self, signed)
            self.feed(VoteReceived(signed, self.local_ms()))

    def _execute(self, action: Action) -> None:
        net, epoch = self.net, self.epoch
        match action:
            case SendProposal(proposal=proposal, block=block):
                self._send_proposal(proposal, block)
            case SendVote(vote=vote, block=block):
                self._send_vote(vote, block)
            case SetTimer(height=height, round=round_, step=step, delay_ms=delay_ms):
                net.at(delay_ms, lambda: self._fire(epoch, height, round_, step))
            case CommitBlock(block=block, commit=commit):
                net.commit(self, block, commit)
            case RequestSync():
                net.at(net.rng.randint(1, net.delay_ms), lambda: net.sync(self, epoch))
            case RecordEvidence(first=first):
                accused = net.node_of(first.height, first.validator_index)
                assert self.byzantine or accused.byzantine, (
                    f"honest validator {first.validator_index} accused of equivocation"
                )
                self.evidence.append(action)

    def _fire(self, epoch: int, height: int, round_: int, step: Step) -> None:
        if self.epoch == epoch:
            self.feed(TimeoutFired(height, round_, step, self.local_ms()))

    def _sign(self, height: int, round_: int, step: int, payload: bytes) -> bool:
        """The signing guard, as the driver runs it; then the sim's own equivocation check."""
        if self.guard is None:
            return True
        assert self.consensus is not None
        try:
            lock_state = self.consensus.lock_state().encode()
            self.guard.check_and_record(height, round_, step, payload, lock_state)
        except ConsensusViolation:
            self.refused += 1
            return False
        first = self.net.signed.setdefault((self.index, height, round_, step), payload)
        assert first == payload, f"honest validator {self.index} signed twice at {height}/{round_}"
        return True

    def _send_proposal(self, proposal: Proposal, block: Block) -> None:
        net = self.net
        if not self._sign(
            proposal.height, proposal.round, PROPOSAL_STEP, proposal.signed_payload()
        ):
            return
        signed = sign_proposal(self.key, proposal)
        self.blocks[proposal.block_hash] = block
        net.publish(self, (signed, block))
        if self.byzantine and net.rng.random() < 0.5:  # a second block for half the peers
            header = block.header
            other = self.app.propose_block(
                header.height, header.time_ms + 1, block.last_commit, header.proposer
            )
            twin = replace(proposal, block_hash=other.header.hash(), time_ms=other.header.time_ms)
            net.scatter(self, (sign_proposal(self.key, twin), other))
        epoch = self.epoch
        net.at(0, lambda: self._receive_own(epoch, (signed, block)))

    def _send_vote(self, vote: Vote, block: Block | None) -> None:
        net = self.net
        step = PRECOMMIT_STEP if vote.type == PRECOMMIT else PREVOTE_STEP
        if not self._sign(vote.height, vote.round, step, vote.signed_payload()):
            return
        signed = sign_vote(self.key, vote, block)
        net.publish(self, signed)
        if self.byzantine and net.rng.random() < 0.5:  # another vote for half the peers
            blocks = [None, net.rng.randbytes(32), *self.blocks]
            twin = replace(
                vote, block_hash=net.rng.choice([b for b in blocks if b != vote.block_hash])
            )
            twin_block = self.blocks.get(twin.block_hash) if twin.block_hash else None
            net.scatter(self, sign_vote(self.key, twin, twin_block))
        epoch = self.epoch
        net.at(0, lambda: self._receive_own(epoch, signed))

    def _receive_own(self, epoch: int, message: Message) -> None:
        """The driver feeds its own signed messages back, unchecked."""
        if self.epoch == epoch:
            if isinstance(message, Vote):
                self.feed(VoteReceived(message, self.local_ms()))
            else:
                self._receive_proposal(*message)

    def _receive_proposal(self, proposal: Proposal, block: Block) -> None:
        self.blocks.setdefault(proposal.block_hash, block)
        self.feed(ProposalReceived(proposal, block, self.local_ms()))
        waiting = [vote for vote in self.held if vote.block_hash == proposal.block_hash]
        self.held = [vote for vote in self.held if vote.block_hash != proposal.block_hash]
        for vote in waiting:
            self._receive_vote(vote)

    def _receive_vote(self, vote: Vote) -> None:
        if vote.type == PRECOMMIT and vote.block_hash is not None:
            block = self.blocks.get(vote.block_hash)
            if block is None:
                if len(self.held) < MAX_HELD and vote not in self.held:
                    self.held.append(vote)
                return
            validators = self.net.validators_at(vote.height)
            check = partial(verify_checkpoint_signature, vote, block.header, validators)
            if not self.net.passes((self.net.message_key(vote), vote.block_hash), check):
                return
        self.feed(VoteReceived(vote, self.local_ms()))
