"""One node of the consensus simulation (tests/node/sim.py), running the node's own driver core.

Each node runs node/consensus/core.py's ConsensusCore, the very code a running node drives
(node/consensus/driver.py): it verifies every message, holds precommits until their block
arrives, signs through the real SigningGuard, feeds its own messages back, and after a restart
sends again what the guard says it signed. This module gives the core a simulated world: its
chain (the node's FakeApp, appended through the consortium's safety checks), the network
(tests/node/sim_network.py), timers on the simulated clock, and guard storage in memory whose
writes complete a moment later, as the node's guard thread does. Around the core it keeps only
what is simulation: what a node keeps across a crash (node/p2p/height_frames.py's file), the
check that an honest validator never signs two messages for one (height, round, step), and
Byzantine behaviour: a Byzantine node runs the same core with writes that skip its guard, and
sends a second block or vote to half of its peers.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from cunzheng.ledger.block import Block, Commit, Header, Proposal, Vote
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.keys import NodeKey
from cunzheng.ledger.validators import ValidatorSet
from cunzheng.node.clock_watch import ClockWatch
from cunzheng.node.consensus.core import ConsensusCore, Signer
from cunzheng.node.consensus.signing_guard import PROPOSAL_STEP, SigningGuard, vote_step
from cunzheng.node.consensus.state_machine import Consensus, RecordEvidence
from cunzheng.node.errors import ConsensusViolation, PeerError
from tests.node.sim_app import CHAIN_ID, FakeApp, MemoryGuardStorage, sign_proposal, sign_vote

if TYPE_CHECKING:
    from tests.node.sim_network import SimNetwork

Message = Vote | tuple[Proposal, Block]


def message_key(message: Message) -> bytes:
    """What gossip tells messages apart by: the encoding (of the proposal, for a proposal)."""
    return message.encode() if isinstance(message, Vote) else message[0].encode()


def message_height(message: Message) -> int:
    """The height a message is for."""
    return message.height if isinstance(message, Vote) else message[0].height


@dataclass(eq=False)
class SimNode:
    """One node: its durable parts (app, guard storage, saved frames) and its volatile ones.

    It is the core's Chain, Sender, Timers, GuardWrites and EvidenceSink in the simulation.
    """

    index: int
    key: NodeKey
    byzantine: bool
    app: FakeApp
    skew_ms: int
    net: "SimNetwork"
    storage: MemoryGuardStorage = field(default_factory=MemoryGuardStorage)
    core: ConsensusCore | None = None
    up: bool = False
    epoch: int = 0
    inbox: dict[bytes, tuple[int, Message]] = field(default_factory=dict)  # key → (height, m)
    evidence: list[RecordEvidence] = field(default_factory=list)
    saved: dict[bytes, Message] = field(default_factory=dict)  # survives a crash (height_frames)
    saved_height: int = 0
    blocks: dict[bytes, Block] = field(default_factory=dict)  # for a Byzantine vote's twin
    ticked: tuple[int, int] = (0, 0)  # (height, gossip ticks it has lasted)
    clock_watch: ClockWatch = field(init=False)

    def __post_init__(self) -> None:
        # The node's clock against the proposals it receives; warnings a minute apart in
        # simulated time.
        self.clock_watch = ClockWatch(self.net.params.precision_ms, lambda: self.net.now / 1000)

    @property
    def consensus(self) -> Consensus | None:
        """The state machine, None while the node is down."""
        return None if self.core is None else self.core.consensus

    def local_ms(self) -> int:
        """The node's clock: the simulated time, skewed within PRECISION."""
        return self.net.now + self.skew_ms

    def boot(self) -> None:
        """Start from what a real node keeps on disk, as node/node.py's start_consensus."""
        self.crash()  # whatever was in memory is gone
        self.up = True
        guard = SigningGuard(self.storage)
        self.core = ConsensusCore(
            consensus=Consensus(
                key=self.key.public_key,
                params=self.net.params,
                app=self.app,
                chain_id=CHAIN_ID,
                last_header=self.app.tip,
                last_commit=self.app.last_commit,
                restored=guard.restored_lock_state(),
            ),
            chain=self,
            signer=Signer(self.key, guard, self),
            sender=self,
            timers=self,
            evidence=self,
            clock_ms=self.local_ms,
            proposal_clock=self.clock_watch,
        )
        saved = list(self.saved.values())
        self.core.start()
        for message in saved:  # as node/node.py's start_consensus: count_saved after start
            self.receive(message)
        if self.app.has_entries():
            self.core.entries_available()

    def crash(self) -> None:
        """Lose everything but the app, the guard's storage and the saved frames; ignore
        pending events."""
        self.up, self.epoch, self.core = False, self.epoch + 1, None
        self.inbox.clear()
        self.blocks.clear()

    def receive(self, message: Message) -> None:
        """A peer's message, to the core, which verifies it; a vote it took for the height
        being decided is saved as node/p2p/relay.py's ConsensusRelay.count saves its frame."""
        core = self.core
        if not self.up or core is None:
            return
        key, height = self.net.message_key(message), message_height(message)
        if key in self.inbox and not isinstance(message, Vote):
            return  # a vote again may count now (node/consensus/vote_book.py, beyond the cap)
        try:
            if isinstance(message, Vote):
                if core.on_vote(message):
                    self._save(key, message)
            else:
                if self.byzantine:
                    self.blocks.setdefault(message[0].block_hash, message[1])
                core.on_proposal(*message)
        except (PeerError, LedgerError):
            return
        if self.core is not None and abs(height - self.core.consensus.height) <= 1:
            self.inbox[key] = (height, message)

    def add_entry(self, data: bytes) -> None:
        """A client's entry reaches this node's mempool."""
        was_empty = not self.app.has_entries()
        if self.up and self.core is not None and self.app.add_entry(data) and was_empty:
            self.core.entries_available()

    # Chain ---------------------------------------------------------------------------

    @property
    def chain_id(self) -> str:
        return CHAIN_ID

    def validators_at(self, height: int) -> ValidatorSet:
        return self.net.validators_at(height)

    def last_committed(self) -> tuple[Header, Commit] | None:
        tip, commit = self.app.tip, self.app.last_commit
        return None if tip is None or commit is None else (tip, commit)

    def append(self, block: Block, commit: Commit) -> None:
        self.net.commit(self, block, commit)

    # Sender: what leaves the node, checked; a Byzantine node's twins ---------------------

    def broadcast_proposal(self, proposal: Proposal, block: Block) -> None:
        self._check_signed(proposal.height, proposal.round, PROPOSAL_STEP, proposal)
        self._save(self.net.message_key((proposal, block)), (proposal, block))
        net = self.net
        net.publish(self, (proposal, block))
        if self.byzantine:
            self.blocks[proposal.block_hash] = block
        if self.byzantine and net.rng.random() < 0.5:  # a second block for half the peers
            header = block.header
            other = self.app.propose_block(
                header.height, header.time_ms + 1, block.last_commit, header.proposer
            )
            twin = replace(
                proposal,
                block_hash=other.header.hash(),
                time_ms=other.header.time_ms,
                signature=None,
            )
            net.scatter(self, (sign_proposal(self.key, twin), other))

    def broadcast_vote(self, vote: Vote) -> None:
        mine = self.net.node_of(vote.height, vote.validator_index) is self
        if mine:  # not the valid polka's prevotes of others, sent again after a restart
            self._check_signed(vote.height, vote.round, vote_step(vote.type), vote)
            self._save(self.net.message_key(vote), vote)
        net = self.net
        net.publish(self, vote)
        if self.byzantine and mine and net.rng.random() < 0.5:  # another vote for half the peers
            blocks = [None, net.rng.randbytes(32), *self.blocks]
            twin = replace(
                vote,
                block_hash=net.rng.choice([b for b in blocks if b != vote.block_hash]),
                signature=None,
                checkpoint_signature=None,
            )
            twin_block = self.blocks.get(twin.block_hash) if twin.block_hash else None
            net.scatter(self, sign_vote(self.key, twin, twin_block))

    def request_sync(self, height: int) -> None:
        net, epoch = self.net, self.epoch
        net.at(net.rng.randint(1, net.delay_ms), lambda: net.sync(self, epoch))

    # Timers, GuardWrites, EvidenceSink -------------------------------------------------

    def call_later(self, delay_ms: int, callback: Callable[[], None]) -> None:
        self.net.at(delay_ms, self._in_this_life(callback))

    def write(
        self, record: Callable[[], None], then: Callable[[ConsensusViolation | None], None]
    ) -> None:
        """The guard's record now, `then` a moment later, as the node's guard thread does; a
        Byzantine node skips its guard and signs whatever consensus asks."""
        refusal = None
        if not self.byzantine:
            try:
                record()
            except ConsensusViolation as err:
                refusal = err
        self.net.at(0, self._in_this_life(lambda: then(refusal)))

    def record_equivocation(self, first: Vote, second: Vote) -> None:
        accused = self.net.node_of(first.height, first.validator_index)
        assert self.byzantine or accused.byzantine, (
            f"honest validator {first.validator_index} accused of equivocation"
        )
        self.evidence.append(RecordEvidence(first, second))

    # Simulation bookkeeping -------------------------------------------------------------

    def _in_this_life(self, callback: Callable[[], None]) -> Callable[[], None]:
        """`callback`, unless the node crashed in between."""
        epoch = self.epoch

        def call() -> None:
            if self.epoch == epoch:
                callback()

        return call

    def _check_signed(self, height: int, round_: int, step: int, message: Proposal | Vote) -> None:
        """No honest validator ever signs two different messages for one (height, round,
        step), whatever crashes it went through."""
        if not self.byzantine:
            payload = message.signed_payload()
            first = self.net.signed.setdefault((self.index, height, round_, step), payload)
            assert first == payload, (
                f"honest validator {self.index} signed twice at {height}/{round_}"
            )

    def _save(self, key: bytes, message: Message) -> None:
        """Our own messages and the peers' votes consensus took, of the height being decided,
        survive a crash, as node/p2p/height_frames.py's file keeps their frames: one height,
        a later one replacing it."""
        height = message_height(message)
        if height != len(self.app.blocks) + 1:
            return
        if height != self.saved_height:
            self.saved, self.saved_height = {}, height
        self.saved[key] = message
