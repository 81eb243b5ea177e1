"""Audit benchmarks: replaying a ledger from genesis, as `cunzheng audit` does.

Each figure is one JSON line with its floor, the raw cost of the same work measured in the
same run (docs/style.md, "Benchmarks"):

- audit_replay: ledger.replay.Replayer.apply over blocks of 1,000 minimal entries (a 32-byte
  digest, kind "x"), each with a real commit of one validator, already read into memory.
  Checked per block: header chain, the carried and the served commit (Ed25519), every
  entry's canonical encoding, duplicates, ledger size and root. Floor: SHA-256 of the same
  work's hashing alone: every leaf encoding hashed once (0x00 ‖ leaf) and as many 65-byte
  inner nodes (0x01 ‖ left ‖ right) as the blocks complete. Target ≥ 150,000 entries/s.
- audit_store: the same replay reading each block and commit from the closed node's
  LevelDB store (BlockStore.block, BlockStore.commit), as `cunzheng audit --store` does.
  Same floor.
- audit_replay_signed: blocks whose every entry carries a submitter signature. Floor:
  Ed25519 verifications per second (PyNaCl) of as many signatures.

The replayer keeps every entry id in a set, to refuse an entry committed twice; the first
figure reports that set's memory per entry, measured with tracemalloc.
"""

import random
import tempfile
import tracemalloc
from collections.abc import Callable
from hashlib import sha256
from pathlib import Path

from nacl.signing import SigningKey

from bench.chain import BenchChain, Pending, minimal_entries, minimal_entry, notary_keys
from bench.report import figure, interleaved_rates, progress
from cunzheng.ledger.block import Block, Commit
from cunzheng.ledger.keys import ENTRY_SIGNATURE_TAG
from cunzheng.ledger.replay import Replayer
from cunzheng.ledger.store import BlockStore
from cunzheng.ledger.validators import Genesis

BLOCK_ENTRIES = 1_000
SEED = 1_795_446_245
FULL_ENTRIES, QUICK_ENTRIES = 300_000, 30_000
FULL_SIGNED, QUICK_SIGNED = 20_000, 4_000


def run(quick: bool = False) -> None:
    """Run every audit benchmark, printing one JSON line per figure."""
    with tempfile.TemporaryDirectory(prefix="cunzheng-bench-audit-") as tmp:
        workdir = Path(tmp)
        path = workdir / "ledger"
        build_store(path, QUICK_ENTRIES if quick else FULL_ENTRIES, signed=False)
        bench_replay(path)
        signed_path = workdir / "signed"
        build_store(signed_path, QUICK_SIGNED if quick else FULL_SIGNED, signed=True)
        bench_replay_signed(signed_path)


def build_store(path: Path, entries: int, *, signed: bool) -> None:
    """A closed store of `entries` minimal entries in blocks of 1,000 (each entry signed by
    one submitter if `signed`)."""
    progress(f"building a store of {entries:,} {'signed ' if signed else ''}entries")
    submitter = notary_keys(2)[1]
    chain = BenchChain.create(path)
    try:
        for first in range(0, entries, BLOCK_ENTRIES):
            count = min(BLOCK_ENTRIES, entries - first)
            if not signed:
                chain.commit_block(minimal_entries(first, count))
                continue
            batch = []
            for number in range(first, first + count):
                entry = minimal_entry(number)
                payload = entry.payload_to_sign(submitter.public_key)
                signature = submitter.sign(ENTRY_SIGNATURE_TAG, payload)
                batch.append(entry.with_signature(submitter.public_key, signature))
            chain.commit_block(Pending.of(batch))
    finally:
        chain.close()


def read_blocks(store: BlockStore) -> list[tuple[Block, Commit]]:
    """Every block of the store with its commit, in order."""
    return [(store.block(h), store.commit(h)) for h in range(1, store.height + 1)]


def inner_nodes_per_block(blocks: list[tuple[Block, Commit]]) -> list[int]:
    """How many perfect subtrees above the leaves each block completes."""
    counts = []
    for block, _ in blocks:
        new, old = block.header.ledger_size, block.header.ledger_size - block.header.entries_count
        counts.append(sum((new >> level) - (old >> level) for level in range(1, new.bit_length())))
    return counts


def id_set_bytes_per_entry(blocks: list[tuple[Block, Commit]]) -> float:
    """Memory of a set of every entry id, per entry, as Replayer keeps it."""
    ids = b"".join(sha256(b"\x00" + data).digest() for block, _ in blocks for data in block.entries)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    seen = {ids[i : i + 32] for i in range(0, len(ids), 32)}
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return used / len(seen)


def bench_replay(path: Path) -> None:
    """audit_replay and audit_store, block by block in turn with the SHA-256 floor."""
    store = BlockStore.open(path)
    try:
        genesis, height = store.genesis, store.height
        blocks = read_blocks(store)
    finally:
        store.close()
    progress(f"audit_replay, audit_store: {height:,} blocks of {BLOCK_ENTRIES:,} entries")
    replay, floor_work = _replay_from_memory(genesis, blocks), _hash_floor(blocks)
    replay_rate, floor_rate = interleaved_rates([replay, floor_work], height)
    # Apart from the in-memory replay, so that its reads and allocations do not slow it.
    store = BlockStore.open(path)
    try:
        replay_store = _replay_from_store(genesis, store)
        store_rate, store_floor_rate = interleaved_rates([replay_store, floor_work], height)
    finally:
        store.close()
    floor = "SHA-256 of every leaf and as many inner nodes as the blocks complete, entries/s"
    entries = blocks[-1][0].header.ledger_size
    figure(
        "audit_replay",
        replay_rate,
        "entries/s",
        floor,
        floor_rate,
        target_value=150_000,
        entries=entries,
        entries_per_block=BLOCK_ENTRIES,
        validators=len(genesis.validator_set.validators),
        id_set_bytes_per_entry=round(id_set_bytes_per_entry(blocks), 1),
    )
    figure("audit_store", store_rate, "entries/s", floor, store_floor_rate, entries=entries)


def _replay_from_memory(
    genesis: Genesis, blocks: list[tuple[Block, Commit]]
) -> Callable[[int], int]:
    """Replaying block k + 1, already in memory."""
    replayer = Replayer(genesis)

    def replay(k: int) -> int:
        replayer.apply(*blocks[k])
        return blocks[k][0].header.entries_count

    return replay


def _replay_from_store(genesis: Genesis, store: BlockStore) -> Callable[[int], int]:
    """Reading block k + 1 and its commit from the store, and replaying it."""
    replayer = Replayer(genesis)

    def replay(k: int) -> int:
        block = store.block(k + 1)
        replayer.apply(block, store.commit(k + 1))
        return block.header.entries_count

    return replay


def _hash_floor(blocks: list[tuple[Block, Commit]]) -> Callable[[int], int]:
    """Hashing block k's leaves and as many 65-byte inner nodes as it completes."""
    inner = inner_nodes_per_block(blocks)
    children = random.Random(SEED).randbytes(64)  # two child hashes

    def hash_floor(k: int) -> int:
        for data in blocks[k][0].entries:
            sha256(b"\x00" + data).digest()
        for _ in range(inner[k]):
            sha256(b"\x01" + children).digest()
        return blocks[k][0].header.entries_count

    return hash_floor


def bench_replay_signed(path: Path) -> None:
    """audit_replay_signed, block by block in turn with bare Ed25519 verifications."""
    store = BlockStore.open(path)
    try:
        genesis, blocks = store.genesis, read_blocks(store)
    finally:
        store.close()
    progress(f"audit_replay_signed: {len(blocks):,} blocks of signed entries")
    key = SigningKey(sha256(b"cunzheng bench floor key").digest())
    messages = [minimal_entry(n).encode() for n in range(BLOCK_ENTRIES)]
    signed = [key.sign(message) for message in messages]
    verify_key = key.verify_key
    replayer = Replayer(genesis)

    def replay(k: int) -> int:
        replayer.apply(*blocks[k])
        return blocks[k][0].header.entries_count

    def verify_floor(k: int) -> int:
        count = blocks[k][0].header.entries_count
        for message in signed[:count]:
            verify_key.verify(message)
        return count

    replay_rate, floor_rate = interleaved_rates([replay, verify_floor], len(blocks))
    figure(
        "audit_replay_signed",
        replay_rate,
        "entries/s",
        "Ed25519 verifications/s (PyNaCl), one per entry",
        floor_rate,
        entries=blocks[-1][0].header.ledger_size,
    )
