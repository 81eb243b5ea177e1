"""The consortium of the consensus simulation (tests/node/sim.py): its nodes, the network
between them, clients and Byzantine junk, and the safety checks.

Everything random comes from one seeded `random.Random`; time is a simulated millisecond clock. The
network delays, reorders, loses and duplicates messages and can be partitioned until a given time;
after `gst_ms` it is synchronous. Honest nodes gossip as the paper assumes (arXiv 1807.04938, §2),
as far as node/p2p/gossip.py does: every valid vote of their current and previous height, and their
own proposals, reach every peer that lacks them, retried until delivered, also after the peer
restarts; while a height lasts, its votes are sent again even to peers that have them, as
node/p2p/gossip.py's ticker does, since a vote a peer did not count before may count now
(node/consensus/vote_book.py). Others' proposals are not relayed: a proposal may be as large as a
block, and its proposer sends it again.
"""

import heapq
import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from unittest import mock

from cunzheng.ledger import keys
from cunzheng.ledger.block import PRECOMMIT, PREVOTE, Block, Commit, Vote
from cunzheng.ledger.validators import ValidatorSet
from cunzheng.node.consensus.state_machine import ConsensusParams
from tests.node.sim_app import (
    CHAIN_ID,
    PARAMS,
    START_MS,
    FakeApp,
    entry_data,
    ordered_keys,
    sign_vote,
    verified_commit,
)
from tests.node.sim_node import Message, SimNode, message_height, message_key
from tests.support.chain_factory import notary_keys

VERIFY = keys._verify
GOSSIP_MS = 500
STALL_TICKS = 4  # gossip ticks of one height before its votes go to everyone again


class SimNetwork:
    """n notaries, `byzantine` of them Byzantine, on a simulated network.

    Checks as it goes: agreement at every commit (no two honest nodes commit different
    blocks at one height), validity (every committed block passes the application's checks
    and carries a valid commit), and that no honest validator ever signs two different
    messages for one (height, round, step) or is accused of equivocation.
    """

    def __init__(
        self,
        *,
        n_notaries: int,
        rng: random.Random,
        byzantine: int = 0,
        powers: list[int] | None = None,
        params: ConsensusParams = PARAMS,
        changes: Sequence[tuple[int, Sequence[int]]] = (),
    ) -> None:
        """`changes`: (height, notaries) of later validator sets, as governance would
        schedule them: from that height the set is those notaries (numbers as in
        tests.chain_factory.notary_keys, power 1 unless `powers` says otherwise). Notaries
        that join later run from the start, as observers until then."""
        self.rng, self.params = rng, params
        total = max([n_notaries - 1, *(max(members) for _, members in changes)]) + 1
        everyone, keys = ordered_keys(total, (powers or []) + [1] * (total - len(powers or [])))
        by_number = {key.public_key: number for number, key in enumerate(notary_keys(total))}

        def set_of(numbers: Sequence[int]) -> ValidatorSet:
            chosen = [v for v in everyone.validators if by_number[v.public_key] in numbers]
            return ValidatorSet(tuple(chosen))

        self.validators = set_of(range(n_notaries))
        self.epochs = ((1, self.validators), *((h, set_of(m)) for h, m in changes))

        def too_many(faulty: set[int]) -> bool:  # over 1/3 of some set's power
            keys_of = {keys[i].public_key for i in faulty}
            return any(
                epoch.is_weak_quorum(
                    sum(v.power for v in epoch.validators if v.public_key in keys_of)
                )
                for _, epoch in self.epochs
            )

        faulty = set(rng.sample(range(total), byzantine))
        while too_many(faulty):
            faulty = set(rng.sample(range(total), byzantine))
        precision = params.precision_ms // 2
        self.nodes = [
            SimNode(
                i,
                key,
                i in faulty,
                FakeApp(self.validators, self.epochs[1:]),
                rng.randint(-precision, precision),
                self,
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
        self._verified: set[tuple[bytes, bytes, bytes]] = set()

    def validators_at(self, height: int) -> ValidatorSet:
        """The set that decides `height`."""
        return [validators for since, validators in self.epochs if since <= height][-1]

    def node_of(self, height: int, validator_index: int) -> SimNode:
        """The node whose key is `validator_index` in the set deciding `height`."""
        key = self.validators_at(height).validators[validator_index].public_key
        return next(node for node in self.nodes if node.key.public_key == key)

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
        self.at(at_ms - (self.now - START_MS), node.crash)
        self.at(at_ms + down_ms - (self.now - START_MS), node.boot)

    def start(self, *, entries_until_ms: int) -> None:
        """Boot every node; submit entries at random until `entries_until_ms`."""
        self.entries_until_ms = START_MS + entries_until_ms
        for node in self.nodes:
            node.boot()
            self.at(self.rng.randint(1, GOSSIP_MS), partial(self._gossip, node))
            if node.byzantine:
                self.at(self.rng.randint(1, 500), partial(self._misbehave, node))
        self.at(1, self._submit_entry)

    def run(self, until_ms: int, stop: Callable[[], bool] | None = None) -> bool:
        """Deliver events until `until_ms` (offset from the start); True if `stop` held."""
        with mock.patch.object(keys, "_verify", self._verify_once):
            while self._queue and self._queue[0][0] <= START_MS + until_ms:
                self.now, _, action = heapq.heappop(self._queue)
                action()
                if stop is not None and stop():
                    return True
        return False

    def _verify_once(self, public_key: bytes, message: bytes, signature: bytes, what: str) -> None:
        """ledger.keys' Ed25519 check, remembered: every node checks the same signatures over
        the same bytes, all the way through node/consensus/messages.py, and the simulation
        runs the check itself once per signature that verifies (one that does not is checked,
        and raises, every time)."""
        if (public_key, message, signature) not in self._verified:
            VERIFY(public_key, message, signature, what)
            self._verified.add((public_key, message, signature))

    def at(self, delay_ms: int, action: Callable[[], None]) -> None:
        """Run `action` `delay_ms` from now."""
        heapq.heappush(self._queue, (self.now + max(delay_ms, 0), self._sequence, action))
        self._sequence += 1

    # What nodes ask of the consortium ---------------------------------------------------

    def commit(self, node: SimNode, block: Block, commit: Commit) -> None:
        """Append a block to `node`'s chain; validity and agreement are checked at every
        commit of every honest node."""
        header = block.header
        validators = self.validators_at(header.height)
        assert verified_commit(commit, header, validators), f"bad commit at {header.height}"
        assert node.app.check_block(block) is None, f"invalid block committed at {header.height}"
        node.app.apply(block, commit)
        if not node.byzantine:
            first = self.decided.setdefault(header.height, header.hash())
            assert first == header.hash(), f"agreement violated at height {header.height}"

    def sync(self, node: SimNode, epoch: int) -> None:
        """Block sync: copy the committed blocks of the best reachable honest peer."""
        if node.epoch != epoch or node.core is None:
            return
        peers = [p for p in self.honest if p.up and not self._cut(p.index, node.index)]
        best = max(peers, key=lambda p: len(p.app.blocks), default=node)
        if len(best.app.blocks) <= len(node.app.blocks):
            return
        for height in range(len(node.app.blocks), len(best.app.blocks)):
            self.commit(node, best.app.blocks[height], best.app.commits[height])
        node.core.on_synced()

    def publish(self, node: SimNode, message: Message) -> None:
        """Send a message of our own to every peer (and keep gossiping it if honest)."""
        if not node.byzantine:
            node.inbox[self.message_key(message)] = (message_height(message), message)
        for peer in self.nodes:
            if peer is not node:
                self._transmit(node, peer, message)

    def scatter(self, node: SimNode, message: Message) -> None:
        """Send a message to a random half of the peers, once."""
        for peer in self.rng.sample(self.nodes, len(self.nodes) // 2):
            if peer is not node:
                self._transmit(node, peer, message)

    def message_key(self, message: Message) -> bytes:
        """message_key, remembered per message object."""
        found = self._keys.get(id(message))
        if found is None or found[0] is not message:
            found = self._keys[id(message)] = (message, message_key(message))
        return found[1]

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
            self.at(delay, lambda: target.receive(message))

    def _gossip(self, node: SimNode) -> None:
        """Send every peer the messages of our current and previous height it lacks."""
        if node.up and not node.byzantine and node.consensus is not None:
            height = node.consensus.height
            floor = height - 1
            node.inbox = {k: (h, m) for k, (h, m) in node.inbox.items() if h >= floor}
            last, ticks = node.ticked
            node.ticked = (height, ticks + 1 if last == height else 0)
            stalled = node.ticked[1] >= STALL_TICKS
            # The proposals of others are not relayed (node/p2p/gossip.py): their proposer sends
            # them again.
            relayed = [
                (key, h, message)
                for key, (h, message) in node.inbox.items()
                if isinstance(message, Vote)
                or self.node_of(message[0].height, message[0].proposer_index) is node
            ]
            for peer in self.nodes:
                if peer is not node and peer.up:
                    for key, h, message in relayed:
                        # A stalled height sends its votes again even to a peer that has
                        # them: one may count now that it did not count before.
                        if key not in peer.inbox or (stalled and h == height):
                            self._transmit(node, peer, message)
        self.at(GOSSIP_MS, lambda: self._gossip(node))

    # Clients and Byzantine validators ----------------------------------------------------

    def _submit_entry(self) -> None:
        if self.now >= self.entries_until_ms:
            return
        data = entry_data(self._entries)
        self._entries += 1
        for node in self.honest:
            if node.up and (self.now >= self.gst_ms or self.rng.random() > self.loss):
                self.at(self.rng.randint(1, self.delay_ms), partial(node.add_entry, data))
        self.at(self.rng.randint(50, 800), self._submit_entry)

    def _misbehave(self, node: SimNode) -> None:
        """Junk a Byzantine validator sends: forged signatures, votes for unknown blocks and
        for future heights and rounds."""
        index = None
        if node.up and node.consensus is not None:
            index = self.validators_at(node.consensus.height).index_of(node.key.public_key)
        if node.consensus is not None and index is not None:
            rng, height, round_ = self.rng, node.consensus.height, node.consensus.round
            kind = rng.randrange(3)
            vote = Vote(
                rng.choice([PREVOTE, PRECOMMIT]),
                CHAIN_ID,
                height + (rng.randint(1, 3) if kind == 1 else 0),
                round_ + rng.randint(0, 12),
                rng.randbytes(32),
                index,
            )
            if kind == 0:  # a forged signature in an honest validator's name
                members = len(self.validators_at(height).validators)
                vote = replace(vote, validator_index=rng.randrange(members))
                vote = vote.signed(
                    rng.randbytes(64), rng.randbytes(64) if vote.type == PRECOMMIT else None
                )
            else:
                vote = sign_vote(node.key, replace(vote, type=PREVOTE))
            self.scatter(node, vote)
        self.at(self.rng.randint(100, 700), lambda: self._misbehave(node))
