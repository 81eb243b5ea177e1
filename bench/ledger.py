"""Ledger benchmarks: appending blocks, building and checking inclusion proofs, bytes on disk.

Each figure is one JSON line with its floor, the raw cost of the same work measured in the
same run (docs/style.md, "Benchmarks"):

- ledger_append: minimal entries (a 32-byte digest, kind "x") appended to a fresh store in
  blocks of 1,000, each with a real commit of one validator. Timed: proposing (root_after,
  header), signing (vote and checkpoint signatures) and BlockStore.append_block (commit
  checks, duplicate check, Merkle nodes, one synced WriteBatch). Not timed: making,
  encoding and hashing the entries, which intake does before they reach a block. Floor:
  synced LevelDB WriteBatches of 1,000 32-byte keys with 100-byte values, as many keys as
  entries, into a fresh database. Target ratio ≥ 0.15.
- bytes_per_entry: the store directory's size after compaction, per entry. No natural
  floor: compared with a 300-byte target; lower is better.
- proof_generation, bundle_generation: BlockStore.inclusion_path of random leaves of the
  whole ledger, and build_bundle of random entries. Floor: random gets of existing entry-id
  (`i`) keys from a copy of the store, per second, divided by the reads one proof (or bundle)
  needs. Target ≥ 20,000 proofs/s.
- proof_verification: merkle.verify_inclusion of those proofs. Floor: SHA-256 of 64-byte
  inputs per second, divided by the mean path length. Target ratio ≥ 0.5.

Each benchmark runs in slices interleaved with its floor's (bench.report.interleaved_rates),
so both see the same moments of a shared machine. The last four share one store of minimal
entries, built once in a temporary directory that is deleted at the end.
"""

import random
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from time import perf_counter
from typing import Any

import plyvel

from bench.chain import BenchChain, minimal_entries, minimal_entry
from bench.report import figure, interleaved_rates, progress
from cunzheng.ledger import merkle
from cunzheng.ledger.bundle import build_bundle
from cunzheng.ledger.store import BlockStore

BLOCK_ENTRIES = 1_000
FLOOR_KEY_BYTES = 32
FLOOR_VALUE_BYTES = 100
SLICES_PER_PASS = 50  # slices that the read benchmarks and their floors alternate in
BUNDLE_LOOKUPS = 5  # id index, block-by-size seek, header, commit, entry (beside the path)
TARGET_BYTES_PER_ENTRY = 300
SEED = 1_795_446_245


@dataclass(frozen=True, slots=True)
class Sizes:
    """How much work each benchmark does."""

    append_entries: int
    store_entries: int
    proofs: int  # per pass; also the proofs verified
    bundles: int  # per pass
    gets: int  # per pass
    passes: int  # over the read benchmarks; the first one warms caches up and is not counted


FULL = Sizes(
    append_entries=200_000,
    store_entries=1_000_000,
    proofs=50_000,
    bundles=5_000,
    gets=200_000,
    passes=3,
)
QUICK = Sizes(
    append_entries=20_000,
    store_entries=100_000,
    proofs=5_000,
    bundles=500,
    gets=20_000,
    passes=2,
)


def run(quick: bool = False) -> None:
    """Run every ledger benchmark, printing one JSON line per figure."""
    sizes = QUICK if quick else FULL
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="cunzheng-bench-") as tmp:
        workdir = Path(tmp)
        bench_append(workdir, sizes.append_entries, rng)
        store_path = workdir / "ledger"
        build_seconds, approximate_size = build_store(store_path, sizes.store_entries)
        bench_bytes_per_entry(store_path, sizes.store_entries, build_seconds, approximate_size)
        proofs = bench_reads(store_path, workdir / "ledger-floor", sizes, rng)
        bench_proof_verification(proofs, sizes.passes, rng)


def _slice(items: list[Any], k: int, slices: int) -> list[Any]:
    """Slice k (mod `slices`) of `items`, cut into `slices` nearly equal slices."""
    k %= slices
    return items[k * len(items) // slices : (k + 1) * len(items) // slices]


# ledger_append ------------------------------------------------------------------------------


def bench_append(workdir: Path, entries: int, rng: random.Random) -> None:
    """ledger_append, block by block in turn with floor batches of as many keys."""
    blocks = entries // BLOCK_ENTRIES
    progress(f"ledger_append: {blocks} blocks of {BLOCK_ENTRIES} entries")
    pending = [minimal_entries(b * BLOCK_ENTRIES, BLOCK_ENTRIES) for b in range(blocks)]
    floor_keys = [rng.randbytes(FLOOR_KEY_BYTES) for _ in range(blocks * BLOCK_ENTRIES)]
    floor_value = rng.randbytes(FLOOR_VALUE_BYTES)
    chain = BenchChain.create(workdir / "append")
    floor_db = plyvel.DB(str(workdir / "append-floor"), create_if_missing=True)

    def append(k: int) -> int:
        chain.commit_block(pending[k])
        return BLOCK_ENTRIES

    def write_batch(k: int) -> int:
        with floor_db.write_batch(sync=True) as batch:
            for key in _slice(floor_keys, k, blocks):
                batch.put(key, floor_value)
        return BLOCK_ENTRIES

    try:
        append_rate, floor_rate = interleaved_rates([append, write_batch], blocks)
    finally:
        floor_db.close()
        chain.close()
    times = chain.times
    figure(
        "ledger_append",
        append_rate,
        "entries/s",
        f"LevelDB WriteBatch(sync) of {BLOCK_ENTRIES:,} {FLOOR_KEY_BYTES}-byte keys with "
        f"{FLOOR_VALUE_BYTES}-byte values, keys/s",
        floor_rate,
        target_ratio=0.15,
        entries=blocks * BLOCK_ENTRIES,
        entries_per_block=BLOCK_ENTRIES,
        validators=len(chain.keys),
        propose_share=round(times.propose / times.total, 3),
        sign_share=round(times.sign / times.total, 3),
        append_block_share=round(times.append / times.total, 3),
        sign_ms_per_block=round(1000 * times.sign / blocks, 3),
    )


# The shared store and bytes_per_entry -------------------------------------------------------


def build_store(path: Path, entries: int) -> tuple[float, int]:
    """Build and compact a store of `entries` minimal entries in blocks; return the seconds
    it took and LevelDB's estimate of its size."""
    progress(f"building a store of {entries:,} entries (shared by the next benchmarks)")
    started = perf_counter()
    chain = BenchChain.create(path)
    try:
        for first in range(0, entries, BLOCK_ENTRIES):
            chain.commit_block(minimal_entries(first, min(BLOCK_ENTRIES, entries - first)))
        chain.store.compact()
        approximate_size = chain.store.approximate_size()
    finally:
        chain.close()
    return perf_counter() - started, approximate_size


def bench_bytes_per_entry(
    path: Path, entries: int, build_seconds: float, approximate_size: int
) -> None:
    """bytes_per_entry: the files of the closed, compacted store, per entry."""
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
        approximate_size_bytes=approximate_size,
        files=len(files),
        entry_encoding_bytes=len(minimal_entry(0).encode()),
        build_s=round(build_seconds, 1),
        build_entries_per_s=round(entries / build_seconds),
    )


# proof_generation, bundle_generation --------------------------------------------------------


class _CountingSource:
    """A NodeSource that serves zero hashes and counts what the Merkle algorithm asks for."""

    def __init__(self) -> None:
        self.reads = 0

    def node(self, level: int, index: int) -> bytes:
        self.reads += 1
        return bytes(32)


def _reads_per_proof(indexes: list[int], tree_sizes: list[int]) -> float:
    counter = _CountingSource()
    for index, tree_size in zip(indexes, tree_sizes, strict=True):
        merkle.inclusion_path(index, tree_size, counter)
    return counter.reads / len(indexes)


@dataclass(frozen=True, slots=True)
class Proofs:
    """Inclusion proofs taken from the store, to verify."""

    indexes: list[int]
    paths: list[list[bytes]]
    tree_size: int
    root: bytes


def bench_reads(path: Path, floor_path: Path, sizes: Sizes, rng: random.Random) -> Proofs:
    """proof_generation and bundle_generation, in turn with random gets of existing keys.

    The gets read a copy of the store (LevelDB admits one handle per database). The store
    stays open across passes, as a node's does. Returns proofs for proof_verification.
    """
    shutil.copytree(path, floor_path)
    floor_db = plyvel.DB(str(floor_path))
    store = BlockStore.open(path)
    try:
        tree_size, root = store.ledger_size, store.ledger_root
        indexes = [rng.randrange(tree_size) for _ in range(sizes.proofs)]
        bundle_indexes = rng.sample(indexes, sizes.bundles)
        entry_ids = [minimal_entry(index).leaf_hash() for index in bundle_indexes]
        keys = [
            b"i" + minimal_entry(rng.randrange(tree_size)).leaf_hash() for _ in range(sizes.gets)
        ]
        progress(
            f"proof_generation, bundle_generation: {sizes.proofs:,} proofs, {sizes.bundles:,} "
            f"bundles, {sizes.gets:,} gets per pass, {sizes.passes} passes"
        )
        works: list[Callable[[int], int]] = [
            lambda k: _prove(store, _slice(indexes, k, SLICES_PER_PASS), tree_size),
            lambda k: _bundle(store, _slice(entry_ids, k, SLICES_PER_PASS)),
            lambda k: _get(floor_db, _slice(keys, k, SLICES_PER_PASS)),
        ]
        proof_rate, bundle_rate, get_rate = interleaved_rates(
            works, SLICES_PER_PASS * sizes.passes, skip=SLICES_PER_PASS
        )
        paths = [store.inclusion_path(index, tree_size) for index in indexes]
    finally:
        store.close()
        floor_db.close()
    shutil.rmtree(floor_path)
    reads = _reads_per_proof(indexes, [tree_size] * len(indexes))
    figure(
        "proof_generation",
        proof_rate,
        "proofs/s",
        f"LevelDB random gets/s of existing entry-id keys ÷ {reads:.1f} node reads per proof",
        get_rate / reads,
        target_value=20_000,
        note="the floor counts every node read as a LevelDB get; BlockStore keeps the upper "
        "levels of the tree in memory, so the ratio can exceed 1",
        tree_size=tree_size,
        mean_path_hashes=round(sum(map(len, paths)) / len(paths), 2),
        gets_per_s=round(get_rate),
    )
    block_sizes = [min(tree_size, (i // BLOCK_ENTRIES + 1) * BLOCK_ENTRIES) for i in bundle_indexes]
    bundle_reads = _reads_per_proof(bundle_indexes, block_sizes) + BUNDLE_LOOKUPS
    figure(
        "bundle_generation",
        bundle_rate,
        "bundles/s",
        f"LevelDB random gets/s of existing entry-id keys ÷ {bundle_reads:.1f} reads per bundle "
        f"({BUNDLE_LOOKUPS} lookups and the path's node reads)",
        get_rate / bundle_reads,
        tree_size=tree_size,
    )
    return Proofs(indexes, paths, tree_size, root)


def _prove(store: BlockStore, indexes: list[int], tree_size: int) -> int:
    for index in indexes:
        store.inclusion_path(index, tree_size)
    return len(indexes)


def _bundle(store: BlockStore, entry_ids: list[bytes]) -> int:
    for entry_id in entry_ids:
        build_bundle(store, entry_id)
    return len(entry_ids)


def _get(db: Any, keys: list[bytes]) -> int:
    for key in keys:  # checksums verified, as BlockStore reads
        if db.get(key, verify_checksums=True) is None:
            raise LookupError(f"key {key.hex()} is missing from the bench store")
    return len(keys)


# proof_verification -------------------------------------------------------------------------


def bench_proof_verification(proofs: Proofs, passes: int, rng: random.Random) -> None:
    """proof_verification: merkle.verify_inclusion, in turn with SHA-256 of as many inputs."""
    progress(f"proof_verification: {len(proofs.indexes):,} proofs, {passes} passes")
    tree_size, root = proofs.tree_size, proofs.root
    leaves = [minimal_entry(index).leaf_hash() for index in proofs.indexes]
    checks = list(zip(proofs.indexes, leaves, proofs.paths, strict=True))
    total_hashes = sum(map(len, proofs.paths))
    inputs = [rng.randbytes(64) for _ in range(total_hashes)]
    slices = len(checks) // 1_000 or 1

    def verify(k: int) -> int:
        part = _slice(checks, k, slices)
        for index, leaf, path in part:
            merkle.verify_inclusion(index, tree_size, leaf, path, root)
        return len(part)

    def hash_inputs(k: int) -> int:
        part = _slice(inputs, k, slices)
        for data in part:
            sha256(data).digest()
        return len(part)

    verify_rate, hash_rate = interleaved_rates([verify, hash_inputs], slices * passes)
    mean_path = total_hashes / len(checks)
    figure(
        "proof_verification",
        verify_rate,
        "verifications/s",
        f"SHA-256 of 64-byte inputs/s ÷ {mean_path:.2f} hashes per proof",
        hash_rate / mean_path,
        target_ratio=0.5,
        tree_size=tree_size,
        sha256_per_s=round(hash_rate),
    )
