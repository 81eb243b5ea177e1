"""A deterministic simulation of a consortium running node.consensus (STYLE.md §6).

Everything random comes from one seeded `random.Random`; time is a simulated millisecond
clock (each node reads it with a fixed skew within PRECISION). The network delays, reorders,
loses and duplicates messages and can be partitioned until a given time; after `gst_ms` it
is synchronous. Nodes crash and restart from what a real node keeps on disk: its committed
blocks, its mempool and its signing guard (in memory here). Byzantine validators run the
same state machine but equivocate, vote for unknown blocks, forge signatures and send
messages from future heights and rounds.

Each honest node has a driver like node/runner.py: it checks every message with
node.messages, signs through the real SigningGuard, and gossips as the paper assumes
(arXiv 1807.04938, §2): every valid message of its current and previous height reaches
every peer that lacks it, retried until delivered, also after the peer restarts.

The harness checks as it goes: agreement at every commit (no two honest nodes commit
different blocks at one height), validity (every committed block passes the application's
checks and carries a valid commit), and that no honest validator ever signs two different
messages for one (height, round, step) or is accused of equivocation.
"""

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from hashlib import sha256

from ledger.block import PRECOMMIT, PREVOTE, ZERO_HASH, Block, Commit, Header, Proposal, Vote
from ledger.entry import Entry
from ledger.errors import LedgerError
from ledger.finality import checkpoint_of, verify_commit
from ledger.hashing import leaf_hash
from ledger.keys import PROPOSAL_SIGNATURE_TAG, VOTE_SIGNATURE_TAG, NodeKey
from ledger.merkle import root_from_leaves
from ledger.validators import Validator, ValidatorSet
from node.consensus import (
    Action,
    CommitBlock,
    Consensus,
    ConsensusParams,
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
from node.errors import ConsensusViolation, PeerError
from node.messages import verify_checkpoint_signature, verify_proposal, verify_vote
from node.signing_guard import (
    PRECOMMIT_STEP,
    PREVOTE_STEP,
    PROPOSAL_STEP,
    LockState,
    SigningGuard,
)
from tests.chain_factory import notary_keys

CHAIN_ID = "sim-chain"
START_MS = 1_795_446_245_000  # a plausible wall-clock time, so block times look real
GOSSIP_MS = 500
MAX_BLOCK_ENTRIES = 8
PARAMS = ConsensusParams()
Message = Vote | tuple[Proposal, Block]


class MemoryGuardStorage:
    """The signing guard's record kept in memory: it survives a simulated crash."""

    def __init__(self) -> None:
        self.data: bytes | None = None

    def read(self) -> bytes | None:
        return self.data

    def write(self, data: bytes) -> None:
        self.data = data


def ordered_keys(count: int, powers: list[int] | None = None) -> tuple[ValidatorSet, list[NodeKey]]:
    """A validator set of `count` fixed notary keys and the keys in validator index order."""
    keys = notary_keys(count)
    powers = powers or [1] * count
    validators = ValidatorSet.of(
        [
            Validator(key.name, key.public_key, power)
            for key, power in zip(keys, powers, strict=True)
        ]
    )
    by_public_key = {key.public_key: key for key in keys}
    return validators, [by_public_key[v.public_key] for v in validators.validators]


def entry_data(number: int) -> bytes:
    """The canonical encoding of the `number`-th simulated evidence entry."""
    return Entry(sha256(f"sim evidence {number}".encode()).digest()).encode()


def sign_vote(key: NodeKey, vote: Vote, block: Block | None = None) -> Vote:
    """`vote` signed by `key`; a precommit for `block` also gets its checkpoint signature."""
    checkpoint = None
    if vote.type == PRECOMMIT and block is not None:
        checkpoint = key.sign_message(checkpoint_of(block.header).body().encode())
    return vote.signed(key.sign(VOTE_SIGNATURE_TAG, vote.signed_payload()), checkpoint)


def sign_proposal(key: NodeKey, proposal: Proposal) -> Proposal:
    """`proposal` signed by `key`."""
    return proposal.signed(key.sign(PROPOSAL_SIGNATURE_TAG, proposal.signed_payload()))


class FakeApp:
    """The Application of one node: a chain of real blocks and a mempool of real entries."""

    def __init__(self, validators: ValidatorSet) -> None:
        self.validators = validators
        self.blocks: list[Block] = []
        self.commits: list[Commit] = []
        self.leaves: list[bytes] = []  # leaf hashes of every committed entry, in order
        self.mempool: dict[bytes, bytes] = {}  # leaf hash → entry encoding, oldest first
        self._checked: dict[bytes, str | None] = {}  # block hash → reason, for this tip

    @property
    def tip(self) -> Header | None:
        return self.blocks[-1].header if self.blocks else None

    @property
    def last_commit(self) -> Commit | None:
        return self.commits[-1] if self.commits else None

    def add_entry(self, data: bytes) -> bool:
        """Put an entry in the mempool; True if it was new."""
        key = leaf_hash(data)
        if key in self.mempool or key in self.leaves:
            return False
        self.mempool[key] = data
        return True

    def has_entries(self) -> bool:
        return bool(self.mempool)

    def propose_block(
        self, height: int, time_ms: int, last_commit: Commit | None, proposer: bytes
    ) -> Block:
        entries = list(self.mempool.values())[:MAX_BLOCK_ENTRIES]
        leaves = self.leaves + [leaf_hash(data) for data in entries]
        tip, validators_hash = self.tip, self.validators.hash()
        header = Header(
            CHAIN_ID,
            height,
            time_ms,
            ZERO_HASH if tip is None else tip.hash(),
            proposer,
            len(entries),
            len(leaves),
            root_from_leaves(leaves),
            validators_hash,
            validators_hash,
            ZERO_HASH if last_commit is None else last_commit.hash(),
        )
        return Block(header, last_commit, tuple(entries))

    def check_block(self, block: Block) -> str | None:
        block_hash = block.header.hash()
        if block_hash not in self._checked:
            self._checked[block_hash] = self._why_invalid(block)
        return self._checked[block_hash]

    def _why_invalid(self, block: Block) -> str | None:
        header, tip = block.header, self.tip
        expected = {
            "chain_id": CHAIN_ID,
            "height": len(self.blocks) + 1,
            "prev_hash": ZERO_HASH if tip is None else tip.hash(),
            "validators_hash": self.validators.hash(),
            "last_commit_hash": ZERO_HASH
            if block.last_commit is None
            else block.last_commit.hash(),
        }
        for name, value in expected.items():
            if getattr(header, name) != value:
                return f"header {name} is wrong"
        if tip is not None:
            if header.time_ms <= tip.time_ms or block.last_commit is None:
                return "time does not increase, or no last commit"
            if not verified_commit(block.last_commit, tip, self.validators):
                return "last commit does not verify"
        leaves = [leaf_hash(data) for data in block.entries]
        if len(set(leaves) | set(self.leaves)) != len(leaves) + len(self.leaves):
            return "an entry repeats"
        if header.ledger_root != root_from_leaves(self.leaves + leaves):
            return "ledger root is wrong"
        return None

    def apply(self, block: Block, commit: Commit) -> None:
        """Append a committed block (the sim has checked it)."""
        self.blocks.append(block)
        self.commits.append(commit)
        for data in block.entries:
            self.leaves.append(leaf_hash(data))
            self.mempool.pop(leaf_hash(data), None)
        self._checked.clear()


_COMMITS_VERIFIED: dict[tuple[bytes, bytes], bool] = {}


def verified_commit(commit: Commit, header: Header, validators: ValidatorSet) -> bool:
    """verify_commit, remembered: every node checks the same commits."""
    key = (commit.hash(), header.hash())
    if key not in _COMMITS_VERIFIED:
        try:
            verify_commit(commit, header, validators)
            _COMMITS_VERIFIED[key] = True
        except LedgerError:
            _COMMITS_VERIFIED[key] = False
    return _COMMITS_VERIFIED[key]


@dataclass(eq=False)
class SimNode:
    """One node: its durable parts (app, guard storage) and its volatile ones."""

    index: int
    key: NodeKey
    byzantine: bool
    app: FakeApp
    skew_ms: int
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


def message_key(message: Message) -> bytes:
    return message.encode() if isinstance(message, Vote) else message[0].encode()


def message_height(message: Message) -> int:
    return message.height if isinstance(message, Vote) else message[0].height


class SimNetwork:
    """n notaries, `byzantine` of them Byzantine, on a simulated network."""

    def __init__(
        self,
        *,
        n_notaries: int,
        rng: random.Random,
        byzantine: int = 0,
        powers: list[int] | None = None,
        params: ConsensusParams = PARAMS,
    ) -> None:
        self.rng, self.params = rng, params
        self.validators, keys = ordered_keys(n_notaries, powers)
        faulty = set(rng.sample(range(n_notaries), byzantine))
        while self.validators.is_weak_quorum(
            sum(self.validators.validators[i].power for i in faulty)
        ):
            faulty = set(rng.sample(range(n_notaries), byzantine))  # keep them under 1/3
        precision = params.precision_ms // 2
        self.nodes = [
            SimNode(
                i, key, i in faulty, FakeApp(self.validators), rng.randint(-precision, precision)
            )
            for i, key in enumerate(keys)
        ]
        self.now = START_MS
        self.gst_ms = START_MS  # before it: loss, duplication, long delays, partitions
        self.loss, self.duplicate, self.chaos_delay_ms, self.delay_ms = 0.0, 0.0, 200, 100
        self.partitions: list[tuple[list[set[int]], int]] = []  # (groups, heal time)
        self.decided: dict[int, bytes] = {}  # height → block hash committed by honest nodes
        self.signed: dict[tuple[int, int, int, int], bytes] = {}  # honest signatures given
        self.entries_until_ms = 0
        self._queue: list[tuple[int, int, Callable[[], None]]] = []
        self._sequence = 0
        self._entries = 0
        self._keys: dict[int, tuple[Message, bytes]] = {}  # id → (message, its encoding)
        self._verdicts: dict[tuple[bytes, bytes], bool] = {}

    @property
    def honest(self) -> list[SimNode]:
        return [node for node in self.nodes if not node.byzantine]

    def min_honest_height(self) -> int:
        """The lowest number of blocks any honest node has committed."""
        return min(len(node.app.blocks) for node in self.honest)

    def partition(self, groups: list[set[int]], start_ms: int, heal_ms: int) -> None:
        """From `start_ms` until `heal_ms` (offsets from the start), only nodes within one
        group reach each other."""
        self.at(start_ms, lambda: self.partitions.append((groups, START_MS + heal_ms)))

    def crash(self, index: int, at_ms: int, down_ms: int) -> None:
        """Node `index` crashes at `at_ms` (offset from the start) and restarts `down_ms` later."""
        node = self.nodes[index]
        self.at(at_ms - (self.now - START_MS), lambda: self._crash(node))
        self.at(at_ms + down_ms - (self.now - START_MS), lambda: self._boot(node))

    def start(self, *, entries_until_ms: int) -> None:
        """Boot every node; submit entries at random until `entries_until_ms`."""
        self.entries_until_ms = START_MS + entries_until_ms
        for node in self.nodes:
            self._boot(node)
            self.at(self.rng.randint(1, GOSSIP_MS), partial(self._gossip, node))
            if node.byzantine:
                self.at(self.rng.randint(1, 500), partial(self._misbehave, node))
        self.at(1, self._submit_entry)

    def run(self, until_ms: int, stop: Callable[[], bool] | None = None) -> bool:
        """Deliver events until `until_ms` (offset from the start); True if `stop` held."""
        while self._queue and self._queue[0][0] <= START_MS + until_ms:
            self.now, _, action = heapq.heappop(self._queue)
            action()
            if stop is not None and stop():
                return True
        return False

    def at(self, delay_ms: int, action: Callable[[], None]) -> None:
        heapq.heappush(self._queue, (self.now + max(delay_ms, 0), self._sequence, action))
        self._sequence += 1

    # Nodes -----------------------------------------------------------------------------

    def _local_ms(self, node: SimNode) -> int:
        return self.now + node.skew_ms

    def _boot(self, node: SimNode) -> None:
        self._crash(node)  # whatever was in memory is gone
        node.up = True
        node.guard = None if node.byzantine else SigningGuard(node.storage)
        restored = None if node.guard is None else node.guard.restored_lock_state()
        node.consensus = Consensus(
            me=node.index,
            validators=self.validators,
            params=self.params,
            app=node.app,
            chain_id=CHAIN_ID,
            last_header=node.app.tip,
            last_commit=node.app.last_commit,
            restored=restored,
        )
        self._feed(node, StartHeight(self._local_ms(node)))
        if node.app.has_entries():
            self._feed(node, EntriesAvailable(self._local_ms(node)))
        for vote in () if restored is None else restored.valid_polka:
            self._publish(node, vote)  # peers need it to accept our valid value again
        record = None if node.guard is None else node.guard.load()
        if record is not None and restored is not None and record.height == restored.height:
            for round_, step, payload in record.signed():
                if step != PROPOSAL_STEP:
                    self._resend(node, Vote.decode(payload), restored, (round_, step))

    def _resend(self, node: SimNode, vote: Vote, restored: LockState, key: tuple[int, int]) -> None:
        """What a driver does after a restart: sign again exactly what the guard says was
        signed at this height, and send it (a precommit only if its block is at hand)."""
        assert self.signed[(node.index, vote.height, *key)] == vote.signed_payload()
        blocks = {b.header.hash(): b for b in (restored.locked_block, restored.valid_block) if b}
        block = blocks.get(vote.block_hash) if vote.block_hash else None
        if vote.type == PRECOMMIT and vote.block_hash is not None and block is None:
            return
        signed = sign_vote(node.key, vote, block)
        self._publish(node, signed)
        self._feed(node, VoteReceived(signed, self._local_ms(node)))

    def _crash(self, node: SimNode) -> None:
        node.up, node.epoch, node.consensus = False, node.epoch + 1, None
        node.inbox.clear()
        node.blocks.clear()
        node.held.clear()

    def _feed(self, node: SimNode, event: Event) -> None:
        if node.up and node.consensus is not None:
            for action in node.consensus.step(event):
                self._execute(node, action)

    def _execute(self, node: SimNode, action: Action) -> None:
        epoch = node.epoch
        match action:
            case SendProposal(proposal=proposal, block=block):
                self._send_proposal(node, proposal, block)
            case SendVote(vote=vote, block=block):
                self._send_vote(node, vote, block)
            case SetTimer(height=height, round=round_, step=step, delay_ms=delay_ms):
                self.at(delay_ms, lambda: self._fire(node, epoch, height, round_, step))
            case CommitBlock(block=block, commit=commit):
                self._apply(node, block, commit)
            case RequestSync():
                self.at(self.rng.randint(1, self.delay_ms), lambda: self._sync(node, epoch))
            case RecordEvidence(first=first):
                assert node.byzantine or self.nodes[first.validator_index].byzantine, (
                    f"honest validator {first.validator_index} accused of equivocation"
                )
                node.evidence.append(action)

    def _fire(self, node: SimNode, epoch: int, height: int, round_: int, step: Step) -> None:
        if node.epoch == epoch:
            self._feed(node, TimeoutFired(height, round_, step, self._local_ms(node)))

    def _sign(self, node: SimNode, height: int, round_: int, step: int, payload: bytes) -> bool:
        """The signing guard, as the driver runs it; then the sim's own equivocation check."""
        if node.guard is None:
            return True
        assert node.consensus is not None
        try:
            lock_state = node.consensus.lock_state().encode()
            node.guard.check_and_record(height, round_, step, payload, lock_state)
        except ConsensusViolation:
            node.refused += 1
            return False
        first = self.signed.setdefault((node.index, height, round_, step), payload)
        assert first == payload, f"honest validator {node.index} signed twice at {height}/{round_}"
        return True

    def _send_proposal(self, node: SimNode, proposal: Proposal, block: Block) -> None:
        if not self._sign(
            node, proposal.height, proposal.round, PROPOSAL_STEP, proposal.signed_payload()
        ):
            return
        signed = sign_proposal(node.key, proposal)
        node.blocks[proposal.block_hash] = block
        self._publish(node, (signed, block))
        if node.byzantine and self.rng.random() < 0.5:  # a second block for half the peers
            other = node.app.propose_block(
                block.header.height,
                block.header.time_ms + 1,
                block.last_commit,
                block.header.proposer,
            )
            twin = replace(proposal, block_hash=other.header.hash(), time_ms=other.header.time_ms)
            self._scatter(node, (sign_proposal(node.key, twin), other))
        epoch = node.epoch
        self.at(0, lambda: self._receive_own(node, epoch, (signed, block)))

    def _send_vote(self, node: SimNode, vote: Vote, block: Block | None) -> None:
        step = PRECOMMIT_STEP if vote.type == PRECOMMIT else PREVOTE_STEP
        if not self._sign(node, vote.height, vote.round, step, vote.signed_payload()):
            return
        signed = sign_vote(node.key, vote, block)
        self._publish(node, signed)
        if node.byzantine and self.rng.random() < 0.5:  # another vote for half the peers
            blocks = [None, self.rng.randbytes(32), *node.blocks]
            twin = replace(
                vote, block_hash=self.rng.choice([b for b in blocks if b != vote.block_hash])
            )
            twin_block = node.blocks.get(twin.block_hash) if twin.block_hash else None
            self._scatter(node, sign_vote(node.key, twin, twin_block))
        epoch = node.epoch
        self.at(0, lambda: self._receive_own(node, epoch, signed))

    def _apply(self, node: SimNode, block: Block, commit: Commit) -> None:
        """Validity and agreement, checked at every commit of every honest node."""
        header = block.header
        assert verified_commit(commit, header, self.validators), f"bad commit at {header.height}"
        assert node.app.check_block(block) is None, f"invalid block committed at {header.height}"
        node.app.apply(block, commit)
        if not node.byzantine:
            first = self.decided.setdefault(header.height, header.hash())
            assert first == header.hash(), f"agreement violated at height {header.height}"

    def _sync(self, node: SimNode, epoch: int) -> None:
        if node.epoch != epoch:
            return
        peers = [p for p in self.honest if p.up and not self._cut(p.index, node.index)]
        best = max(peers, key=lambda p: len(p.app.blocks), default=node)
        if len(best.app.blocks) <= len(node.app.blocks):
            return
        for height in range(len(node.app.blocks), len(best.app.blocks)):
            self._apply(node, best.app.blocks[height], best.app.commits[height])
        tip, commit = node.app.tip, node.app.last_commit
        assert tip is not None and commit is not None
        self._feed(node, SyncedTo(tip, commit, self._local_ms(node)))

    # Network ---------------------------------------------------------------------------

    def _cut(self, source: int, target: int) -> bool:
        return any(
            self.now < heal and not any(source in g and target in g for g in groups)
            for groups, heal in self.partitions
        )

    def _transmit(self, source: SimNode, target: SimNode, message: Message) -> None:
        if self.now < self.gst_ms:
            if self._cut(source.index, target.index) or self.rng.random() < self.loss:
                return
            copies = 2 if self.rng.random() < self.duplicate else 1
            delays = [self.rng.randint(1, self.chaos_delay_ms) for _ in range(copies)]
        else:
            delays = [self.rng.randint(1, self.delay_ms)]
        for delay in delays:
            self.at(delay, lambda: self._receive(target, message))

    def _publish(self, node: SimNode, message: Message) -> None:
        """Send a message of our own to every peer (and keep gossiping it if honest)."""
        if not node.byzantine:
            node.inbox[self._key(message)] = (message_height(message), message)
        for peer in self.nodes:
            if peer is not node:
                self._transmit(node, peer, message)

    def _scatter(self, node: SimNode, message: Message) -> None:
        for peer in self.rng.sample(self.nodes, len(self.nodes) // 2):
            if peer is not node:
                self._transmit(node, peer, message)

    def _gossip(self, node: SimNode) -> None:
        """Send every peer the messages of our current and previous height it lacks."""
        if node.up and not node.byzantine and node.consensus is not None:
            floor = node.consensus.height - 1
            node.inbox = {k: (h, m) for k, (h, m) in node.inbox.items() if h >= floor}
            for peer in self.nodes:
                if peer is not node and peer.up:
                    for key, (_, message) in node.inbox.items():
                        if key not in peer.inbox:
                            self._transmit(node, peer, message)
        self.at(GOSSIP_MS, lambda: self._gossip(node))

    def _receive(self, node: SimNode, message: Message) -> None:
        """The driver's checks (node.messages), then consensus."""
        if not node.up or node.consensus is None:
            return
        key, height = self._key(message), message_height(message)
        if key in node.inbox:
            return
        if isinstance(message, Vote):
            check = partial(verify_vote, message, self.validators, CHAIN_ID)
        else:
            check = partial(verify_proposal, message[0], message[1], self.validators, CHAIN_ID)
        if not self._passes((key, b""), check):
            return
        if isinstance(message, Vote):
            self._receive_vote(node, message)
        else:
            self._receive_proposal(node, *message)
        if node.consensus is not None and abs(height - node.consensus.height) <= 1:
            node.inbox[key] = (height, message)

    def _key(self, message: Message) -> bytes:
        found = self._keys.get(id(message))
        if found is None or found[0] is not message:
            found = self._keys[id(message)] = (message, message_key(message))
        return found[1]

    def _passes(self, key: tuple[bytes, bytes], check: Callable[[], None]) -> bool:
        """A check of node.messages, remembered: every node runs the same checks on the
        same bytes, so the simulation runs each once."""
        if key not in self._verdicts:
            try:
                check()
                self._verdicts[key] = True
            except (PeerError, LedgerError):
                self._verdicts[key] = False
        return self._verdicts[key]

    def _receive_own(self, node: SimNode, epoch: int, message: Message) -> None:
        """The driver feeds its own signed messages back, unchecked."""
        if node.epoch == epoch:
            if isinstance(message, Vote):
                self._feed(node, VoteReceived(message, self._local_ms(node)))
            else:
                self._receive_proposal(node, *message)

    def _receive_proposal(self, node: SimNode, proposal: Proposal, block: Block) -> None:
        node.blocks.setdefault(proposal.block_hash, block)
        self._feed(node, ProposalReceived(proposal, block, self._local_ms(node)))
        waiting = [vote for vote in node.held if vote.block_hash == proposal.block_hash]
        node.held = [vote for vote in node.held if vote.block_hash != proposal.block_hash]
        for vote in waiting:
            self._receive_vote(node, vote)

    def _receive_vote(self, node: SimNode, vote: Vote) -> None:
        if vote.type == PRECOMMIT and vote.block_hash is not None:
            block = node.blocks.get(vote.block_hash)
            if block is None:
                if len(node.held) < 200:
                    node.held.append(vote)
                return
            check = partial(verify_checkpoint_signature, vote, block.header, self.validators)
            if not self._passes((self._key(vote), vote.block_hash), check):
                return
        self._feed(node, VoteReceived(vote, self._local_ms(node)))

    # Clients and Byzantine validators ----------------------------------------------------

    def _submit_entry(self) -> None:
        if self.now >= self.entries_until_ms:
            return
        data = entry_data(self._entries)
        self._entries += 1
        for node in self.honest:
            if node.up and (self.now >= self.gst_ms or self.rng.random() > self.loss):
                self.at(self.rng.randint(1, self.delay_ms), partial(self._add_entry, node, data))
        self.at(self.rng.randint(50, 800), self._submit_entry)

    def _add_entry(self, node: SimNode, data: bytes) -> None:
        was_empty = not node.app.has_entries()
        if node.up and node.app.add_entry(data) and was_empty:
            self._feed(node, EntriesAvailable(self._local_ms(node)))

    def _misbehave(self, node: SimNode) -> None:
        """Junk a Byzantine validator sends: forged signatures, votes for unknown blocks and
        for future heights and rounds."""
        if node.up and node.consensus is not None:
            rng, height, round_ = self.rng, node.consensus.height, node.consensus.round
            kind = rng.randrange(3)
            vote = Vote(
                rng.choice([PREVOTE, PRECOMMIT]),
                CHAIN_ID,
                height + (rng.randint(1, 3) if kind == 1 else 0),
                round_ + rng.randint(0, 12),
                rng.randbytes(32),
                node.index,
            )
            if kind == 0:  # a forged signature in an honest validator's name
                vote = replace(vote, validator_index=rng.randrange(len(self.nodes)))
                vote = vote.signed(
                    rng.randbytes(64), rng.randbytes(64) if vote.type == PRECOMMIT else None
                )
            else:
                vote = sign_vote(node.key, replace(vote, type=PREVOTE))
            self._scatter(node, vote)
        self.at(self.rng.randint(100, 700), lambda: self._misbehave(node))


def run_scenario(
    seed: int,
    *,
    n_notaries: int,
    byzantine: int,
    powers: list[int] | None = None,
    crashes: int | None = None,
) -> SimNetwork:
    """A random scenario: chaos (loss, duplication, long delays, a partition, `crashes`
    crashes, by default 0 to 2) until GST, then a synchronous network. Checks termination:
    after GST every honest node commits three more heights within a bounded time. Safety is
    checked throughout by SimNetwork."""
    rng = random.Random(seed)
    net = SimNetwork(n_notaries=n_notaries, rng=rng, byzantine=byzantine, powers=powers)
    chaos_ms = rng.randint(2_000, 25_000)
    net.gst_ms = START_MS + chaos_ms
    net.loss = rng.choice([0.0, 0.05, 0.3])
    net.duplicate = rng.choice([0.0, 0.1])
    net.chaos_delay_ms = rng.choice([50, 500, 3000])
    honest = [node.index for node in net.honest]
    if rng.random() < 0.5:
        side = set(rng.sample(honest, len(honest) // 2))
        start = rng.randint(0, chaos_ms)
        net.partition([side, set(range(n_notaries)) - side], start, rng.randint(start, chaos_ms))
    for _ in range(rng.randint(0, 2) if crashes is None else crashes):
        at_ms = rng.randint(0, chaos_ms)
        net.crash(rng.choice(honest), at_ms, rng.randint(1, chaos_ms - at_ms + 1))
    net.start(entries_until_ms=chaos_ms + 120_000)
    net.run(chaos_ms + 1)
    target = max(len(node.app.blocks) for node in net.honest) + 3
    assert net.run(chaos_ms + 90_000, stop=lambda: net.min_honest_height() >= target), (
        f"seed {seed}: no termination after GST; heights "
        f"{[len(node.app.blocks) for node in net.nodes]}, target {target}"
    )
    return net
