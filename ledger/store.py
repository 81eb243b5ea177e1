"""The LevelDB block store (docs/storage-and-proofs.md, "LevelDB layout").

docs/storage-and-proofs.md, "LevelDB layout", has the table of its keys, which
ledger/store_keys.py spells. One block is one WriteBatch written with sync, so a crash
leaves either the whole block (with its entries, indexes, Merkle nodes and tiles, commit and
any validator set it schedules, and its entries removed from the pending set) or nothing of
it.
"""

import struct
from collections.abc import Iterator, Sequence
from hashlib import sha256
from itertools import islice
from pathlib import Path
from typing import Any

import plyvel

from cunzheng.ledger import hashing, merkle, store_format, store_keys
from cunzheng.ledger.block import Block, Commit, Header
from cunzheng.ledger.entry import DIGEST_SIZES, Entry
from cunzheng.ledger.errors import (
    ChainBroken,
    DecodeError,
    LedgerError,
    SignatureError,
    StoreCorrupted,
)
from cunzheng.ledger.finality import verify_commit
from cunzheng.ledger.governance import ValidatorHistory
from cunzheng.ledger.store_format import StoreFormatError
from cunzheng.ledger.stored_entries import StoredEntries
from cunzheng.ledger.stored_indexes import StoredIndexes
from cunzheng.ledger.stored_tree import Nodes, StoredTree
from cunzheng.ledger.validators import Genesis, ValidatorSet

_DIGEST_PREFIXES = {alg: store_keys.digest_prefix(alg) for alg in DIGEST_SIZES}
_SNAPSHOT_BATCH_BYTES = 4 << 20  # a snapshot is copied in batches of about this size
_WRITE_BUFFER_BYTES = 64 << 20  # LevelDB's default is 4 MiB
_MAX_FILE_BYTES = 16 << 20  # LevelDB's default is 2 MiB


class BlockStore:
    """A chain's blocks, entries, indexes and Merkle nodes in one LevelDB database."""

    def __init__(self, db: Any, genesis: Genesis) -> None:
        self._db = db
        self.genesis = genesis
        self.genesis_hash = genesis.hash()
        history = db.get(store_keys.VALIDATOR_HISTORY)
        self.history = (
            ValidatorHistory.starting(genesis.chain_id, genesis.validator_set)
            if history is None
            else ValidatorHistory.decode(history, genesis.chain_id, genesis.validator_set)
        )
        # Ids with a `p` record: a block deletes those of its entries, and only those.
        self._pending_ids = {
            bytes(key[1:]) for key in db.iterator(prefix=store_keys.PENDING, include_value=False)
        }
        tip = db.get(store_keys.TIP)
        self.height = 0 if tip is None else store_keys.read_u64(tip)
        self.tip: Header | None = None if self.height == 0 else self.header(self.height)
        self._entries = StoredEntries(db)
        self.indexes = StoredIndexes(db)
        size = 0 if self.tip is None else self.tip.ledger_size
        self._tree = StoredTree(db, size, self._entries.entry)
        self.ledger_root = self.root_at(0) if self.tip is None else self.tip.ledger_root

    @property
    def ledger_size(self) -> int:
        """Entries in the ledger (the tree's leaves)."""
        return self._tree.size

    @classmethod
    def open(cls, path: Path, genesis: Genesis | None = None) -> "BlockStore":
        """Open (or, given a genesis, create) the store at `path` and check it.

        Raises StoreCorrupted when the store disagrees with itself or with `genesis`,
        StoreFormatError when it is of another format than this release's
        (ledger/store_format.py), and LedgerError when it is locked by another process or
        missing.
        """
        try:
            db = plyvel.DB(
                str(path),
                create_if_missing=genesis is not None,
                paranoid_checks=True,
                bloom_filter_bits=10,  # most id lookups on the write path are for absent keys
                # Bigger memtables and files: fewer, larger compactions while blocks of
                # thousands of entries arrive (snappy stays: it saves ~15% of the bytes).
                write_buffer_size=_WRITE_BUFFER_BYTES,
                max_file_size=_MAX_FILE_BYTES,
            )
        except plyvel.IOError as err:
            raise LedgerError(f"cannot open store {path}: {err}") from err
        except plyvel.Error as err:
            raise StoreCorrupted(f"store {path} is damaged: {err}") from err
        try:
            stored = db.get(store_keys.GENESIS)
            if stored is None:
                if genesis is None:
                    raise StoreCorrupted(f"store {path} holds no genesis")
                with db.write_batch(sync=True) as batch:
                    batch.put(*store_format.format_record())
                    batch.put(store_keys.GENESIS, genesis.encode())
                stored = genesis.encode()
            store_format.verify_format(db, path)
            if genesis is not None and stored != genesis.encode():
                raise StoreCorrupted(
                    f"store {path} belongs to another chain than the genesis given "
                    f"(stored genesis differs); use the consortium's genesis.json"
                )
            store = cls(db, genesis or Genesis.decode(stored))
            store.check()
        except plyvel.Error as err:
            db.close()
            raise StoreCorrupted(f"store {path} is damaged: {err}") from err
        except (StoreCorrupted, StoreFormatError):
            db.close()
            raise
        except (DecodeError, ChainBroken, KeyError, struct.error) as err:
            db.close()
            raise StoreCorrupted(f"store {path} does not check: {err}") from err
        return store

    @staticmethod
    def migrate(path: Path) -> tuple[int, int]:
        """Bring the store at `path` to this release's format (ledger/store_format.py);
        return (format before, format after).

        Raises StoreFormatError for a newer store, and LedgerError when the store is missing,
        locked by a running node, or cannot be written.
        """
        try:
            db = plyvel.DB(str(path), create_if_missing=False, paranoid_checks=True)
        except plyvel.Error as err:
            raise LedgerError(
                f"cannot open store {path} ({err}); if a running node holds it, stop it first"
            ) from err
        try:
            return store_format.migrate(db, path)
        except plyvel.Error as err:
            raise LedgerError(f"cannot migrate store {path}: {err}") from err
        finally:
            db.close()

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def check(self) -> None:
        """Check that the tip header, entry count and Merkle root agree.

        Raises StoreCorrupted naming what disagrees.
        """
        try:
            self._check_tip()
        except (DecodeError, ChainBroken, SignatureError, KeyError) as err:
            raise StoreCorrupted(
                f"store tip at height {self.height} does not check: {err}"
            ) from err

    def _check_tip(self) -> None:
        if self._db.get(store_keys.header_key(self.height + 1)) is not None:
            raise StoreCorrupted(f"a block above the recorded tip {self.height} exists")
        if self._entries.starts_at(self.ledger_size):
            raise StoreCorrupted(f"an entry beyond ledger size {self.ledger_size} exists")
        if self.tip is None:
            return
        computed = self.root_at(self.ledger_size)
        if computed != self.tip.ledger_root:
            raise StoreCorrupted(
                f"Merkle root over {self.ledger_size} stored entries is {computed.hex()[:16]}, "
                f"the tip header says {self.tip.ledger_root.hex()[:16]}"
            )
        first = self.ledger_size - self.tip.entries_count
        tip_entries = self._entries.block_entries(first, self.ledger_size)
        tip_leaves = hashing.leaf_hashes(tip_entries)
        self._tree.check_tip(self.height, first, tip_leaves, self.tip.ledger_root)
        self.indexes.verify_block(self.tip, tip_entries)
        verify_commit(self.commit(self.height), self.tip, self.validators_at(self.height))

    # Reads -----------------------------------------------------------------------------

    def _get(self, key: bytes, what: str) -> bytes:
        value = self._db.get(key, verify_checksums=True)
        if value is None:
            raise KeyError(what)
        return bytes(value)

    def validators_at(self, height: int) -> ValidatorSet:
        """The validator set that signs the block at `height` (as scheduled so far)."""
        return self.history.at(height)

    @property
    def next_validators(self) -> ValidatorSet:
        """The validator set that signs the next block."""
        return self.history.at(self.height + 1)

    def header(self, height: int) -> Header:
        """Header at `height` (1 ≤ height ≤ self.height); KeyError otherwise."""
        return Header.decode(self._get(store_keys.header_key(height), f"block {height}"))

    def commit(self, height: int) -> Commit:
        """The commit held for the block at `height`; KeyError if there is none."""
        return Commit.decode(self._get(store_keys.commit_key(height), f"commit {height}"))

    def entry_bytes(self, leaf_index: int) -> bytes:
        """Canonical encoding of the entry at `leaf_index`; KeyError if beyond the ledger."""
        return self._entries.entry(leaf_index)

    def block(self, height: int) -> Block:
        """The block at `height` as it was committed (its entries in one range read)."""
        header = self.header(height)
        entries = self._entries.block_entries(
            header.ledger_size - header.entries_count, header.ledger_size
        )
        last_commit = None if height == 1 else self.commit(height - 1)
        return Block(header, last_commit, tuple(entries))

    def leaf_index_of(self, entry_id: bytes) -> int | None:
        """Leaf index of a committed entry, or None."""
        found = self._db.get(store_keys.entry_id_key(entry_id))
        return None if found is None else store_keys.read_u64(found)

    def height_of_leaf(self, leaf_index: int) -> int:
        """Height of the block that committed `leaf_index` (requires leaf_index < ledger_size)."""
        stop = store_keys.after(store_keys.HEIGHT_BY_SIZE)
        for _key, value in self._db.iterator(
            start=store_keys.height_by_size_key(leaf_index + 1), stop=stop
        ):
            return store_keys.read_u64(value)
        raise KeyError(f"leaf {leaf_index}")

    def leaf_indexes_with_digest(
        self, alg: str, digest: bytes, start: int = 0, limit: int | None = None
    ) -> list[int]:
        """Leaf indexes of the committed entries with this digest, in ledger order: those at
        or after `start`, at most `limit` of them (every one when None). One seek, then one
        step per index returned: a page costs its length, however many entries share it.

        Requires 0 <= start < 2^64.
        """
        prefix = store_keys.digest_prefix(alg) + digest
        # Every key of this digest is the prefix and 8 bytes, so it sorts before this stop.
        keys = self._db.iterator(
            start=prefix + store_keys.u64(start),
            stop=prefix + b"\xff" * (store_keys.U64_SIZE + 1),
            include_value=False,
        )
        return [store_keys.read_u64(key[-store_keys.U64_SIZE :]) for key in islice(keys, limit)]

    def inclusion_path(self, leaf_index: int, tree_size: int) -> list[bytes]:
        """RFC 9162 inclusion path from O(log n) stored nodes."""
        return merkle.inclusion_path(leaf_index, tree_size, self._tree)

    def consistency_path(self, first: int, second: int) -> list[bytes]:
        """RFC 9162 consistency path between two sizes of this ledger."""
        return merkle.consistency_path(first, second, self._tree)

    def root_at(self, tree_size: int) -> bytes:
        """Ledger root at an earlier size."""
        return self._tree.root_at(tree_size)

    # Appending -------------------------------------------------------------------------

    def root_after(self, leaf_hashes: Sequence[bytes]) -> bytes:
        """The ledger root after appending these leaves (nothing is written).

        The new nodes are kept until the next append, so that appending the block that
        carries this root does not hash them again.
        """
        return self._tree.root_after(leaf_hashes)

    def append_block(self, block: Block, commit: Commit, entries: Sequence[Entry]) -> None:
        """Write a final block in one synced batch.

        Requires `entries` to be the decoded `block.entries`. Raises ChainBroken if the block
        does not extend the tip, repeats a committed entry, or its root is wrong, and
        SignatureError if `commit` does not finalize it. Nothing is written on error.
        """
        header = block.header
        self._check_extends(block)
        verify_commit(commit, header, self.next_validators)
        leaf_hashes = hashing.leaf_hashes(block.entries)
        get = self._db.get
        # In key order: neighbouring lookups touch the same LevelDB blocks.
        if len(set(leaf_hashes)) != len(leaf_hashes) or any(
            get(store_keys.ENTRY_ID + h) is not None for h in sorted(leaf_hashes)
        ):
            raise ChainBroken(f"block {header.height} repeats an entry already in the ledger")
        root, nodes = self._tree.new_nodes(leaf_hashes, header.ledger_root)
        if root != header.ledger_root:
            raise ChainBroken(
                f"block {header.height} says ledger root {header.ledger_root.hex()[:16]}, "
                f"its entries give {root.hex()[:16]}"
            )
        self._write_block(block, commit, entries, leaf_hashes, nodes)

    def _check_extends(self, block: Block) -> None:
        header = block.header
        if header.height != self.height + 1:
            raise ChainBroken(f"block height {header.height} does not follow tip {self.height}")
        prev_hash = bytes(32) if self.tip is None else self.tip.hash()
        if header.prev_hash != prev_hash:
            raise ChainBroken(f"block {header.height} does not link to the tip's hash")
        if header.ledger_size != self.ledger_size + header.entries_count:
            raise ChainBroken(f"block {header.height} ledger_size does not add up")
        if header.chain_id != self.genesis.chain_id:
            raise ChainBroken(f"block {header.height} is for chain {header.chain_id!r}")
        if header.next_validators_hash != self.history.at(header.height + 1).hash():
            raise ChainBroken(f"block {header.height} names the wrong next validator set")
        if block.last_commit is not None:
            if self.tip is None:
                raise ChainBroken("block 1 must not carry a last commit")
            verify_commit(block.last_commit, self.tip, self.validators_at(self.height))
            if header.last_commit_hash != block.last_commit.hash():
                raise ChainBroken(f"block {header.height} last_commit_hash does not match")

    def _write_block(
        self,
        block: Block,
        commit: Commit,
        entries: Sequence[Entry],
        leaf_hashes: list[bytes],
        nodes: Nodes,
    ) -> None:
        header = block.header
        first = self.ledger_size
        history = self.history.after_block(header.height, entries)
        tree_records = self._tree.records(header.ledger_size, nodes)
        with self._db.write_batch(sync=True) as batch:
            if history is not self.history:
                batch.put(store_keys.VALIDATOR_HISTORY, history.encode())
            batch.put(store_keys.header_key(header.height), header.encode())
            batch.put(store_keys.commit_key(header.height), commit.encode())
            if block.last_commit is not None:
                # The commit carried by the next block is the canonical one
                # (docs/formats.md, "Block").
                batch.put(store_keys.commit_key(header.height - 1), block.last_commit.encode())
            if header.entries_count:  # an empty block commits no leaf
                batch.put(
                    store_keys.height_by_size_key(header.ledger_size), store_keys.u64(header.height)
                )
            for key, value in StoredEntries.records(first, block.entries):
                batch.put(key, value)
            # Index records in key order: LevelDB inserts them faster.
            put, indexes = batch.put, [store_keys.u64(first + k) for k in range(len(entries))]
            for hashed, index in sorted(zip(leaf_hashes, indexes, strict=True)):
                put(store_keys.ENTRY_ID + hashed, index)
            for key in sorted(
                _DIGEST_PREFIXES[entry.alg] + entry.digest + index
                for entry, index in zip(entries, indexes, strict=True)
            ):
                put(key, b"")
            was_pending = self._pending_ids.intersection(leaf_hashes)
            for hashed in was_pending:
                batch.delete(store_keys.pending_key(hashed))
            for key, value in tree_records:
                put(key, value)
            batch.put(store_keys.TIP, store_keys.u64(header.height))
        self.height, self.tip, self.history = header.height, header, history
        self.ledger_root = header.ledger_root
        self._pending_ids -= was_pending
        self._tree.grown(header.ledger_size)

    # The durable pending set (the mempool's write-ahead record) ------------------------

    def add_pending(self, items: Sequence[tuple[int, bytes, bytes]]) -> None:
        """Durably record (sequence, entry id, encoding) triples in one synced batch."""
        with self._db.write_batch(sync=True) as batch:
            for sequence, entry_id, data in items:
                batch.put(store_keys.pending_key(entry_id), store_keys.u64(sequence) + data)
        self._pending_ids.update(entry_id for _, entry_id, _ in items)

    def pending(self) -> Iterator[tuple[int, bytes, bytes]]:
        """Every pending (sequence, entry id, encoding), in key order."""
        for key, value in self._db.iterator(prefix=store_keys.PENDING):
            yield (
                store_keys.read_u64(value[: store_keys.U64_SIZE]),
                bytes(key[1:]),
                bytes(value[store_keys.U64_SIZE :]),
            )

    def discard_pending(self, entry_ids: Sequence[bytes]) -> None:
        """Forget pending entries (already committed, found at start-up)."""
        with self._db.write_batch(sync=True) as batch:
            for entry_id in entry_ids:
                batch.delete(store_keys.pending_key(entry_id))
        self._pending_ids.difference_update(entry_ids)

    def put_timestamp(self, ledger_size: int, token: bytes) -> None:
        """Durably keep an RFC 3161 token over the checkpoint at `ledger_size` (idempotent)."""
        self._db.put(
            store_keys.timestamps_prefix(ledger_size) + sha256(token).digest(), token, sync=True
        )

    def timestamps(self, ledger_size: int) -> list[bytes]:
        """The RFC 3161 tokens kept for the checkpoint at `ledger_size`, unchecked."""
        prefix = store_keys.timestamps_prefix(ledger_size)
        return [bytes(token) for token in self._db.iterator(prefix=prefix, include_key=False)]

    def approximate_size(self) -> int:
        """Bytes the database occupies on disk, as LevelDB estimates them."""
        return int(sum(self._db.approximate_sizes((b"\x00", b"\xff"))))

    def compact(self) -> None:
        """Compact the whole key range (used before measuring size)."""
        self._db.compact_range()

    def write_snapshot(self, target: Path) -> int:
        """Copy a consistent snapshot of this store into a new LevelDB store at `target`.

        LevelDB's own snapshot sees whole write batches only, so the copy holds whole blocks
        while this store keeps appending (each block is one batch). Returns the number of
        records copied. Requires that `target` does not exist; raises LedgerError if it does or
        if the copy cannot be written.
        """
        try:
            copy = plyvel.DB(str(target), create_if_missing=True, error_if_exists=True)
        except plyvel.Error as err:
            raise LedgerError(f"cannot create the snapshot store {target}: {err}") from err
        records = pending_bytes = 0
        try:
            with self._db.snapshot() as snapshot:
                batch = copy.write_batch()
                for key, value in snapshot.iterator():
                    batch.put(key, value)
                    records += 1
                    pending_bytes += len(key) + len(value)
                    if pending_bytes >= _SNAPSHOT_BATCH_BYTES:
                        batch.write()
                        batch, pending_bytes = copy.write_batch(), 0
                batch.write()
        except plyvel.Error as err:
            raise LedgerError(f"cannot write the snapshot store {target}: {err}") from err
        finally:
            copy.close()
        return records
