"""The application side of the consensus simulation (tests/node/sim.py): a chain of real
blocks over a mempool of real entries, the validators' keys, and signing helpers.

The tests of node/consensus (state machine, core, messages, signing guard) use these on their
own.
"""

from hashlib import sha256

from cunzheng.ledger.block import ZERO_HASH, Block, Commit, Header, Proposal, Vote
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.finality import verify_commit
from cunzheng.ledger.hashing import leaf_hash
from cunzheng.ledger.keys import NodeKey
from cunzheng.ledger.merkle import root_from_leaves
from cunzheng.ledger.validators import Validator, ValidatorSet
from cunzheng.node.consensus.messages import signed_proposal, signed_vote
from cunzheng.node.consensus.state_machine import ConsensusParams
from tests.support.chain_factory import notary_keys

CHAIN_ID = "sim-chain"
START_MS = 1_795_446_245_000  # a plausible wall-clock time, so block times look real
MAX_BLOCK_ENTRIES = 8
PARAMS = ConsensusParams()


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
    """`vote` signed by `key` as a validator signs it (node/consensus/messages.py); a
    precommit for `block` also gets its checkpoint signature."""
    return signed_vote(key, vote, block)


def sign_proposal(key: NodeKey, proposal: Proposal) -> Proposal:
    """`proposal` signed by `key` as a validator signs it (node/consensus/messages.py)."""
    return signed_proposal(key, proposal)


class FakeApp:
    """The Application of one node: a chain of real blocks and a mempool of real entries."""

    def __init__(
        self, validators: ValidatorSet, changes: tuple[tuple[int, ValidatorSet], ...] = ()
    ) -> None:
        """`changes`: (height it signs from, set) of later validator sets, ascending, as
        governance entries would schedule them."""
        self.validators = validators
        self.epochs = ((1, validators), *changes)
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

    def validators_for(self, height: int) -> tuple[int, ValidatorSet]:
        return [epoch for epoch in self.epochs if epoch[0] <= height][-1]

    def has_entries(self) -> bool:
        return bool(self.mempool)

    def propose_block(
        self, height: int, time_ms: int, last_commit: Commit | None, proposer: bytes
    ) -> Block:
        entries = list(self.mempool.values())[:MAX_BLOCK_ENTRIES]
        leaves = self.leaves + [leaf_hash(data) for data in entries]
        tip = self.tip
        header = Header(
            CHAIN_ID,
            height,
            time_ms,
            ZERO_HASH if tip is None else tip.hash(),
            proposer,
            len(entries),
            len(leaves),
            root_from_leaves(leaves),
            self.validators_for(height)[1].hash(),
            self.validators_for(height + 1)[1].hash(),
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
            "validators_hash": self.validators_for(header.height)[1].hash(),
            "next_validators_hash": self.validators_for(header.height + 1)[1].hash(),
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
            if not verified_commit(block.last_commit, tip, self.validators_for(tip.height)[1]):
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
