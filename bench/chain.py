"""Real chains for benchmarks: blocks with real commits, appended to a BlockStore.

The same way tests/support/chain_factory.py builds them (which bench/ does not import): the
notary keys come from fixed seeds, each block's header carries the root that
`BlockStore.root_after` computes, and each validator's precommit signs both the vote
(`cunzheng/vote/v1`) and the C2SP checkpoint body. `BenchChain.commit_block` times its
three phases so that a benchmark can say where the time goes.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from time import perf_counter

from cunzheng.ledger.block import ZERO_HASH, Block, Commit, CommitSignature, Header
from cunzheng.ledger.checkpoint import sign_checkpoint
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.finality import checkpoint_of, precommit_for
from cunzheng.ledger.hashing import leaf_hash
from cunzheng.ledger.keys import VOTE_SIGNATURE_TAG, NodeKey
from cunzheng.ledger.store import BlockStore
from cunzheng.ledger.validators import Genesis, Validator, ValidatorSet

CHAIN_ID = "cunzheng-bench"
GENESIS_TIME_MS = 1_795_446_245_000  # 2026-11-23 15:04:05 UTC
BLOCK_INTERVAL_MS = 1_000
MINIMAL_KIND = "x"


def notary_keys(count: int) -> tuple[NodeKey, ...]:
    """`count` notary keys named bench-0, bench-1, …, from fixed seeds.

    The seed of notary i is SHA-256("cunzheng bench notary <i>").
    """
    return tuple(
        NodeKey.from_seed(f"bench-{i}", sha256(f"cunzheng bench notary {i}".encode()).digest())
        for i in range(count)
    )


def minimal_entry(number: int) -> Entry:
    """The smallest realistic entry: a 32-byte SHA-256 digest and kind "x", nothing else."""
    return Entry(sha256(number.to_bytes(8, "big")).digest(), kind=MINIMAL_KIND)


@dataclass(frozen=True, slots=True)
class Pending:
    """Entries as a node's mempool holds them: decoded, encoded, and their ids."""

    entries: list[Entry]
    encodings: tuple[bytes, ...]
    ids: list[bytes]

    @classmethod
    def of(cls, entries: Sequence[Entry]) -> "Pending":
        """Encode and hash `entries` once, as intake does before they reach a block."""
        encodings = tuple(entry.encode() for entry in entries)
        return cls(list(entries), encodings, [leaf_hash(data) for data in encodings])


def minimal_entries(first: int, count: int) -> Pending:
    """Minimal entries numbered first, first + 1, …, first + count - 1."""
    return Pending.of([minimal_entry(number) for number in range(first, first + count)])


@dataclass
class PhaseTimes:
    """Seconds spent in each phase of committing blocks."""

    propose: float = 0.0  # root_after, header and its hash
    sign: float = 0.0  # vote and checkpoint signatures of every validator
    append: float = 0.0  # BlockStore.append_block: checks, Merkle nodes, synced WriteBatch

    @property
    def total(self) -> float:
        """All three phases."""
        return self.propose + self.sign + self.append


@dataclass
class BenchChain:
    """A chain being built in a BlockStore; `keys` are in validator index order."""

    store: BlockStore
    genesis: Genesis
    keys: tuple[NodeKey, ...]
    times: PhaseTimes = field(default_factory=PhaseTimes)
    _last_commit: Commit | None = field(default=None, init=False)

    @classmethod
    def create(cls, path: Path, validators: int = 1) -> "BenchChain":
        """A new store at `path` (which must hold none) whose genesis has `validators`
        notaries of power 1."""
        keys = notary_keys(validators)
        validator_set = ValidatorSet.of([Validator(key.name, key.public_key, 1) for key in keys])
        genesis = Genesis(CHAIN_ID, GENESIS_TIME_MS, validator_set, {})
        by_public_key = {key.public_key: key for key in keys}
        ordered = tuple(by_public_key[v.public_key] for v in validator_set.validators)
        return cls(BlockStore.open(path, genesis), genesis, ordered)

    def commit_block(self, pending: Pending) -> Header:
        """Propose, sign (every validator) and append one final block; return its header."""
        started = perf_counter()
        store = self.store
        height = store.height + 1
        last_commit = self._last_commit
        validators_hash = store.next_validators.hash()
        header = Header(
            chain_id=self.genesis.chain_id,
            height=height,
            time_ms=self.genesis.genesis_time_ms + height * BLOCK_INTERVAL_MS,
            prev_hash=ZERO_HASH if store.tip is None else store.tip.hash(),
            proposer=self.keys[(height - 1) % len(self.keys)].public_key,
            entries_count=len(pending.ids),
            ledger_size=store.ledger_size + len(pending.ids),
            ledger_root=store.root_after(pending.ids),
            validators_hash=validators_hash,
            next_validators_hash=validators_hash,
            last_commit_hash=ZERO_HASH if last_commit is None else last_commit.hash(),
        )
        block = Block(header, last_commit, pending.encodings)
        proposed = perf_counter()
        block_hash = header.hash()
        commit = Commit(
            height,
            0,
            block_hash,
            tuple(self._precommit(header, index) for index in range(len(self.keys))),
        )
        signed = perf_counter()
        store.append_block(block, commit, pending.entries)
        appended = perf_counter()
        self.times.propose += proposed - started
        self.times.sign += signed - proposed
        self.times.append += appended - signed
        self._last_commit = commit
        return header

    def _precommit(self, header: Header, index: int) -> CommitSignature:
        key = self.keys[index]
        vote = precommit_for(header, 0, index)
        return CommitSignature(
            index,
            key.sign(VOTE_SIGNATURE_TAG, vote.signed_payload()),
            sign_checkpoint(checkpoint_of(header), key).signature,
        )

    def close(self) -> None:
        """Close the store."""
        self.store.close()
