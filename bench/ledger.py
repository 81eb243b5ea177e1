"""Ledger benchmarks: appending blocks, building and checking inclusion proofs, bytes on disk.

Each figure is one JSON line with its floor, the raw cost of the same work measured in the
same run (STYLE.md §8):

- ledger_append: minimal entries (a 32-byte digest, kind "x") appended to a fresh store in
  blocks of 1,000, each with a real commit of one validator. Timed: proposing (root_after,
  header), signing (vote and checkpoint signatures) and BlockStore.append_block (commit
  checks, duplicate check, Merkle nodes, one synced WriteBatch). Not timed: making,
  encoding and hashing the entries, which intake does before they reach a block. Floor:
  synced LevelDB WriteBatches of 1,000 32-byte keys with 100-byte values, as many keys as
  entries. Target ratio ≥ 0.15.
- proof_generation, bundle_generation: BlockStore.inclusion_path for random leaves of the
  whole ledger, and build_bundle for random entries. Floor: random LevelDB gets of existing
  entry keys per second, divided by the reads one proof (or bundle) needs. Target ≥ 20,000
  proofs/s.
- proof_verification: merkle.verify_inclusion of those proofs. Floor: SHA-256 of 64-byte
  inputs per second, divided by the mean path length. Target ratio ≥ 0.5.
- bytes_per_entry: the store directory's size after compaction, per entry. No natural
  floor: compared with a 300-byte target; lower is better.

The last three share one store of minimal entries, built once in a temporary directory
that is deleted at the end.
"""

import random
import tempfile
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from time import perf_counter

import plyvel

from bench.chain import BenchChain, minimal_entries, minimal_entry
from bench.report import best_rate, figure, progress
from ledger import merkle
from ledger.bundle import build_bundle
from ledger.store import BlockStore

BLOCK_ENTRIES = 1_000
FLOOR_KEY_BYTES = 32
FLOOR_VALUE_BYTES = 100
BUNDLE_LOOKUPS = 5  # id index, block-by-size seek, header, commit, entry (beside the path)
TARGET_BYTES_PER_ENTRY = 300
SEED = 1_795_446_245


@dataclass(frozen=True, slots=True)
class Sizes:
    """How much work each benchmark does."""

    append_entries: int
    store_entries: int
    proofs: int
    bundles: int
    gets: int
    rounds: int  # passes of the read-only benchmarks and their floors; the best counts


FULL = Sizes(
    append_entries=200_000,
    store_entries=1_000_000,
    proofs=50_000,
    bundles=5_000,
    gets=200_000,
    rounds=3,
)
QUICK = Sizes(
    append_entries=20_000,
    store_entries=100_000,
    proofs=5_000,
    bundles=500,
    gets=20_000,
    rounds=2,
)


class _CountingSource:
    """A NodeSource that serves zero hashes and counts what the Merkle algorithm asks for."""

    def __init__(self) -> None:
        self.reads = 0

    def node(self, level: int, index: int) -> bytes:
        self.reads += 1
        return bytes(32)


def run(quick: bool = False) -> None:
    """Run every ledger benchmark, printing one JSON line per figure."""
    sizes = QUICK if quick else FULL
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="cunzheng-bench-") as tmp:
        workdir = Path(tmp)
        bench_append(workdir, sizes.append_entries, rng)
        store_path = workdir / "ledger"
        build_seconds = build_store(store_path, sizes.store_entries)
        bench_bytes_per_entry(store_path, sizes.store_entries, build_seconds)
        get_rate = random_get_rate(store_path, sizes.store_entries, sizes.gets, sizes.rounds, rng)
        store = BlockStore.open(store_path)
        try:
            indexes = [rng.randrange(store.ledger_size) for _ in range(sizes.proofs)]
            bench_proof_generation(store, indexes, get_rate, sizes.rounds)
            bench_bundle_generation(
                store, rng.sample(indexes, sizes.bundles), get_rate, sizes.rounds
            )
            tree_size, root = store.ledger_size, store.ledger_root
            paths = [store.inclusion_path(index, tree_size) for index in indexes]
        finally:
            store.close()
        bench_proof_verification(indexes, paths, tree_size, root, sizes.rounds, rng)


# ledger_append ------------------------------------------------------------------------------


def bench_append(workdir: Path, entries: int, rng: random.Random) -> None:
    """ledger_append against synced LevelDB batches of as many 32-byte keys."""
    blocks = entries // BLOCK_ENTRIES
    progress(f"ledger_append: {blocks} blocks of {BLOCK_ENTRIES} entries")
    pending = [minimal_entries(b * BLOCK_ENTRIES, BLOCK_ENTRIES) for b in range(blocks)]
    chain = BenchChain.create(workdir / "append")
    try:
        for block in pending:
            chain.commit_block(block)
        times = chain.times
    finally:
        chain.close()
    appended = blocks * BLOCK_ENTRIES
    floor_rate = batch_write_rate(workdir / "append-floor", appended, rng)
    figure(
        "ledger_append",
        appended / times.total,
        "entries/s",
        f"LevelDB WriteBatch(sync) of {BLOCK_ENTRIES:,} {FLOOR_KEY_BYTES}-byte keys with "
        f"{FLOOR_VALUE_BYTES}-byte values, keys/s",
        floor_rate,
        target_ratio=0.15,
        entries=appended,
        entries_per_block=BLOCK_ENTRIES,
        validators=len(chain.keys),
        propose_share=round(times.propose / times.total, 3),
        sign_share=round(times.sign / times.total, 3),
        append_block_share=round(times.append / times.total, 3),
        sign_ms_per_block=round(1000 * times.sign / blocks, 3),
    )


def batch_write_rate(path: Path, keys: int, rng: random.Random) -> float:
    """Keys/s written as synced WriteBatches of BLOCK_ENTRIES keys into a new database."""
    random_keys = [rng.randbytes(FLOOR_KEY_BYTES) for _ in range(keys)]
    value = rng.randbytes(FLOOR_VALUE_BYTES)
    db = plyvel.DB(str(path), create_if_missing=True)
    try:
        started = perf_counter()
        for first in range(0, keys, BLOCK_ENTRIES):
            with db.write_batch(sync=True) as batch:
                for key in random_keys[first : first + BLOCK_ENTRIES]:
                    batch.put(key, value)
        return keys / (perf_counter() - started)
    finally:
        db.close()


# The shared store ---------------------------------------------------------------------------


def build_store(path: Path, entries: int) -> float:
    """Build a store of `entries` minimal entries in blocks; return the seconds it took."""
    progress(f"building a store of {entries:,} entries (shared by the next benchmarks)")
    started = perf_counter()
    chain = BenchChain.create(path)
    try:
        for first in range(0, entries, BLOCK_ENTRIES):
            chain.commit_block(minimal_entries(first, min(BLOCK_ENTRIES, entries - first)))
        chain.store.compact()
    finally:
        chain.close()
    return perf_counter() - started


def bench_bytes_per_entry(path: Path, entries: int, build_seconds: float) -> None:
    """bytes_per_entry: the closed, compacted store's files, per entry."""
    files = [item for item in path.rglob("*") if item.is_file()]
    total = sum(item.stat().st_size for item in files)
    figure(
        "bytes_per_entry",
        total / entries,
        "bytes/entry",
        f"target {TARGET_BYTES_PER_ENTRY} bytes",
        TARGET_BYTES_PER_ENTRY,
        note="lower is better; no natural floor, so the ratio is value / target",
        entries=entries,
        store_bytes=total,
        files=len(files),
        entry_encoding_bytes=len(minimal_entry(0).encode()),
        build_s=round(build_seconds, 1),
        build_entries_per_s=round(entries / build_seconds),
    )


def random_get_rate(path: Path, entries: int, gets: int, rounds: int, rng: random.Random) -> float:
    """Random gets/s of existing entry keys of the (closed) store, read as the store reads
    (checksums verified); the fastest of `rounds` passes over the same keys."""
    progress(f"floor: {gets:,} random LevelDB gets, best of {rounds}")
    keys = [b"e" + rng.randrange(entries).to_bytes(8, "big") for _ in range(gets)]
    db = plyvel.DB(str(path))

    def get_all() -> int:
        for key in keys:
            if db.get(key, verify_checksums=True) is None:
                raise LookupError(f"key {key.hex()} missing from the bench store")
        return len(keys)

    try:
        return best_rate(get_all, rounds)
    finally:
        db.close()


# Proofs -------------------------------------------------------------------------------------


def _reads_per_proof(indexes: list[int], tree_sizes: list[int]) -> float:
    counter = _CountingSource()
    for index, tree_size in zip(indexes, tree_sizes, strict=True):
        merkle.inclusion_path(index, tree_size, counter)
    return counter.reads / len(indexes)


def bench_proof_generation(
    store: BlockStore, indexes: list[int], get_rate: float, rounds: int
) -> None:
    """proof_generation: inclusion paths of random leaves in the whole ledger."""
    progress(f"proof_generation: {len(indexes):,} inclusion paths, best of {rounds}")
    tree_size = store.ledger_size
    reads = _reads_per_proof(indexes, [tree_size] * len(indexes))
    mean_path = sum(len(store.inclusion_path(i, tree_size)) for i in indexes) / len(indexes)

    def generate_all() -> int:
        for index in indexes:
            store.inclusion_path(index, tree_size)
        return len(indexes)

    rate = best_rate(generate_all, rounds)
    figure(
        "proof_generation",
        rate,
        "proofs/s",
        f"LevelDB random gets/s of existing keys ÷ {reads:.1f} node reads per proof",
        get_rate / reads,
        target_value=20_000,
        tree_size=tree_size,
        mean_path_hashes=round(mean_path, 2),
        gets_per_s=round(get_rate),
    )


def bench_bundle_generation(
    store: BlockStore, indexes: list[int], get_rate: float, rounds: int
) -> None:
    """bundle_generation: full proof bundles (build_bundle) of random entries."""
    progress(f"bundle_generation: {len(indexes):,} bundles, best of {rounds}")
    entry_ids = [minimal_entry(index).leaf_hash() for index in indexes]
    block_sizes = [
        min(store.ledger_size, (i // BLOCK_ENTRIES + 1) * BLOCK_ENTRIES) for i in indexes
    ]
    reads = _reads_per_proof(indexes, block_sizes) + BUNDLE_LOOKUPS

    def build_all() -> int:
        for entry_id in entry_ids:
            build_bundle(store, entry_id)
        return len(entry_ids)

    rate = best_rate(build_all, rounds)
    figure(
        "bundle_generation",
        rate,
        "bundles/s",
        f"LevelDB random gets/s of existing keys ÷ {reads:.1f} reads per bundle "
        f"({BUNDLE_LOOKUPS} lookups and the path's node reads)",
        get_rate / reads,
        tree_size=store.ledger_size,
    )


def bench_proof_verification(
    indexes: list[int],
    paths: list[list[bytes]],
    tree_size: int,
    root: bytes,
    rounds: int,
    rng: random.Random,
) -> None:
    """proof_verification: merkle.verify_inclusion of the proofs just generated."""
    progress(f"proof_verification: {len(indexes):,} proofs, best of {rounds}")
    leaves = [minimal_entry(index).leaf_hash() for index in indexes]
    proofs = list(zip(indexes, leaves, paths, strict=True))

    def verify_all() -> int:
        for index, leaf, path in proofs:
            merkle.verify_inclusion(index, tree_size, leaf, path, root)
        return len(proofs)

    total_hashes = sum(len(path) for path in paths)
    inputs = [rng.randbytes(64) for _ in range(total_hashes)]

    def hash_all() -> int:
        for data in inputs:
            sha256(data).digest()
        return len(inputs)

    rate = best_rate(verify_all, rounds)
    hash_rate = best_rate(hash_all, rounds)
    mean_path = total_hashes / len(paths)
    figure(
        "proof_verification",
        rate,
        "verifications/s",
        f"SHA-256 of 64-byte inputs/s ÷ {mean_path:.2f} hashes per proof",
        hash_rate / mean_path,
        target_ratio=0.5,
        tree_size=tree_size,
        sha256_per_s=round(hash_rate),
    )
