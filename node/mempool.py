"""The mempool: entries acknowledged with a receipt and not yet committed.

Pure and synchronous: the intake makes entries durable before adding them here, and the
driver removes them when a block commits. Bounded, so that a flood of submissions is
answered with 503 instead of exhausting memory.

It never holds a committed entry: the intake adds only entries it finds uncommitted, and
whoever appends a block (the consensus driver, sync) removes the block's entries in the same
synchronous step. So an entry found here needs no store lookup to know it is not committed
(node/intake.py, node/application.py rely on this).
"""

from dataclasses import dataclass
from itertools import islice

from cunzheng.ledger.entry import Entry
from cunzheng.node.errors import NodeError


@dataclass(frozen=True, slots=True)
class PendingEntry:
    """An acknowledged entry: its id (leaf hash), decoded form, and canonical bytes."""

    entry_id: bytes
    entry: Entry
    data: bytes
    sequence: int  # arrival order, kept across restarts


class MempoolFull(NodeError):
    """The mempool cannot take this many more entries now."""

    def __init__(self, free: int, asked: int) -> None:
        self.free, self.asked = free, asked
        super().__init__(f"mempool has room for {free} entries, {asked} were submitted")


class Mempool:
    """Pending entries in arrival order, with lookup by id and by digest."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._by_id: dict[bytes, PendingEntry] = {}  # dicts keep insertion (arrival) order
        # (alg, digest) → the one id with it, or the ids (in arrival order) when there are several
        self._by_digest: dict[tuple[str, bytes], bytes | dict[bytes, None]] = {}
        self._reserved = 0
        self.next_sequence = 0

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, entry_id: bytes) -> PendingEntry | None:
        """The pending entry with this id, or None."""
        return self._by_id.get(entry_id)

    def ids_with_digest(
        self, alg: str, digest: bytes, skip: int = 0, limit: int | None = None
    ) -> list[bytes]:
        """Ids of pending entries with this digest, in arrival order: after the first
        `skip`, at most `limit` of them (every one when None)."""
        found = self._by_digest.get((alg, digest))
        if found is None:
            return []
        ids = (found,) if isinstance(found, bytes) else found
        stop = None if limit is None else skip + limit
        return list(islice(ids, skip, stop))

    def count_with_digest(self, alg: str, digest: bytes) -> int:
        """How many pending entries have this digest."""
        found = self._by_digest.get((alg, digest))
        return 0 if found is None else 1 if isinstance(found, bytes) else len(found)

    def reserve(self, count: int) -> list[int]:
        """Hold room for `count` entries about to be written; returns their sequence numbers.

        Raises MempoolFull when the room is not there; nothing is reserved then.
        """
        free = self.capacity - len(self._by_id) - self._reserved
        if count > free:
            raise MempoolFull(free, count)
        self._reserved += count
        first = self.next_sequence
        self.next_sequence += count
        return list(range(first, first + count))

    def release(self, count: int) -> None:
        """Give back room reserved by `reserve` (after the entries were added or dropped)."""
        self._reserved -= count

    def add(self, pending: PendingEntry) -> None:
        """Add a durable entry (no effect if it is already here)."""
        entry_id = pending.entry_id
        if entry_id in self._by_id:
            return
        self._by_id[entry_id] = pending
        key = (pending.entry.alg, pending.entry.digest)
        found = self._by_digest.get(key)
        if found is None:
            self._by_digest[key] = entry_id
        elif isinstance(found, bytes):
            self._by_digest[key] = {found: None, entry_id: None}
        else:
            found[entry_id] = None
        if pending.sequence >= self.next_sequence:
            self.next_sequence = pending.sequence + 1

    def select(self, max_count: int, max_bytes: int) -> list[PendingEntry]:
        """The oldest entries, at most `max_count` of them and `max_bytes` of encodings."""
        chosen: list[PendingEntry] = []
        size = 0
        for pending in self._by_id.values():
            if len(chosen) >= max_count or size + len(pending.data) > max_bytes:
                break
            chosen.append(pending)
            size += len(pending.data)
        return chosen

    def remove(self, entry_ids: list[bytes]) -> None:
        """Drop committed entries."""
        by_id, by_digest = self._by_id, self._by_digest
        for entry_id in entry_ids:
            pending = by_id.pop(entry_id, None)
            if pending is None:
                continue
            key = (pending.entry.alg, pending.entry.digest)
            ids = by_digest[key]
            if isinstance(ids, bytes):  # this entry's id: the only one with this digest
                del by_digest[key]
                continue
            ids.pop(entry_id, None)
            if not ids:
                del by_digest[key]
