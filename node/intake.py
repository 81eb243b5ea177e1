"""Intake: makes submitted entries durable with group commit before they are acknowledged.

Submissions that arrive while a write is in flight wait together and go to disk in the next
single synced batch, so many requests share one fsync. An entry is added to the mempool, and
its request answered, only after that batch is on disk
(docs/storage-and-proofs.md, "What is durable before a node answers"). Entries that
peers gossip take the same durable path; only clients' entries are handed on for gossip.
"""

import asyncio
from collections.abc import Callable, Sequence

from cunzheng.ledger.entry import Entry
from cunzheng.ledger.store import BlockStore
from cunzheng.node.mempool import Mempool, PendingEntry

COMMITTED, PENDING = "committed", "pending"


class Intake:
    """Validated entries in, durable mempool entries out, one fsync per group."""

    def __init__(
        self,
        store: BlockStore,
        mempool: Mempool,
        on_new: Callable[[Sequence[PendingEntry]], None],
    ) -> None:
        """`on_new(shared)` runs after each batch is on disk and in the mempool; `shared` holds
        the batch's new entries that were submitted with share=True, for gossip."""
        self._store, self._mempool, self._on_new = store, mempool, on_new
        # Per submission, in arrival order: its new entries, whether to share them, and the
        # store height when they were found uncommitted.
        self._queue: list[tuple[list[PendingEntry], bool, int]] = []
        self._waiters: list[asyncio.Future[None]] = []
        self._queued_ids: set[bytes] = set()
        self._flusher: asyncio.Task[None] | None = None

    def restore(self) -> int:
        """Load the durable pending set into the mempool after a restart; returns the count.

        Entries that a block committed meanwhile are forgotten.
        """
        committed, restored = [], []
        for sequence, entry_id, data in self._store.pending():
            if self._store.leaf_index_of(entry_id) is not None:
                committed.append(entry_id)
            else:
                restored.append(PendingEntry(entry_id, Entry.decode(data), data, sequence))
        self._store.discard_pending(committed)
        for pending in sorted(restored, key=lambda p: p.sequence):
            self._mempool.add(pending)
        return len(restored)

    async def submit(
        self, entries: Sequence[tuple[bytes, Entry, bytes]], *, share: bool = True
    ) -> list[str]:
        """Make (id, entry, encoding) triples durable; return each one's status, in order.

        `share`: hand the new ones to on_new for gossip (False for entries a peer sent). Raises
        MempoolFull (nothing is accepted then) when there is no room for the new ones.
        """
        statuses: list[str] = []
        fresh: list[tuple[bytes, Entry, bytes]] = []
        seen: set[bytes] = set()
        in_mempool, leaf_index_of = self._mempool.get, self._store.leaf_index_of
        queued = self._queued_ids
        for entry_id, entry, data in entries:
            # The mempool never holds a committed entry (node/mempool.py): an entry found
            # there needs no store lookup.
            if in_mempool(entry_id) is not None:
                statuses.append(PENDING)
            elif leaf_index_of(entry_id) is not None:
                statuses.append(COMMITTED)
            else:
                statuses.append(PENDING)
                if entry_id not in queued and entry_id not in seen:
                    fresh.append((entry_id, entry, data))
                    seen.add(entry_id)
        sequences = self._mempool.reserve(len(fresh))
        group = [
            PendingEntry(entry_id, entry, data, sequence)
            for (entry_id, entry, data), sequence in zip(fresh, sequences, strict=True)
        ]
        self._queue.append((group, share, self._store.height))
        queued.update(seen)
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        await waiter
        return statuses

    async def stop(self) -> None:
        """Wait until what is being written is on disk: the store is about to close."""
        if self._flusher is not None:
            await asyncio.gather(self._flusher, return_exceptions=True)

    async def _flush(self) -> None:
        loop = asyncio.get_running_loop()
        store = self._store
        while self._waiters:
            queued, waiters = self._queue, self._waiters
            self._queue, self._waiters = [], []
            batch = [pending for group, _, _ in queued for pending in group]
            try:
                if batch:
                    records = [(p.sequence, p.entry_id, p.data) for p in batch]
                    await loop.run_in_executor(None, store.add_pending, records)
            except Exception as err:  # the disk refused: nobody gets a receipt
                self._settle(batch, waiters, err)
                continue
            shared: list[PendingEntry] = []
            add = self._mempool.add
            for group, share, checked_at in queued:
                # Found uncommitted at height checked_at: only a block appended since can
                # have committed them (a block is the only way into the store).
                if checked_at != store.height:
                    group = [p for p in group if store.leaf_index_of(p.entry_id) is None]
                for pending in group:
                    add(pending)
                if share:
                    shared += group
            self._settle(batch, waiters, None)
            if batch:
                self._on_new(shared)

    def _settle(
        self,
        batch: list[PendingEntry],
        waiters: list[asyncio.Future[None]],
        error: Exception | None,
    ) -> None:
        self._mempool.release(len(batch))
        self._queued_ids.difference_update(p.entry_id for p in batch)
        for waiter in waiters:
            if waiter.done():
                continue
            if error is None:
                waiter.set_result(None)
            else:
                waiter.set_exception(error)
