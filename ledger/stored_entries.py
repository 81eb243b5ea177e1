"""The ledger's entries as the block store keeps them: `E` chunks of up to 16 encodings keyed
by their first leaf index (ledger/chunks.py), and the one-entry `e` records of stores written
before chunks, still read. ledger/store.py owns the database and the batch; this module, the
entry records (their keys: ledger/store_keys.py).
"""

from collections.abc import Callable, Sequence
from typing import Any

from cunzheng.ledger.chunks import chunk_ranges, decode_chunk, encode_chunk
from cunzheng.ledger.errors import DecodeError, StoreCorrupted
from cunzheng.ledger.store_keys import (
    ENTRY_CHUNK,
    entry_chunk_key,
    entry_key,
    first_leaf_of,
)


def _decode(value: bytes, key: bytes) -> list[bytes]:
    try:
        return decode_chunk(value)
    except DecodeError as err:
        raise StoreCorrupted(f"the chunk of entries from {first_leaf_of(key)} on: {err}") from err


class StoredEntries:
    """Entry encodings (the Merkle leaf bytes) by leaf index, in one store's database."""

    def __init__(self, db: Any) -> None:
        self._db = db

    def entry(self, leaf_index: int) -> bytes:
        """The encoding of the entry at `leaf_index`; KeyError if there is none."""
        # The chunk holding it is the last one starting at or before it.
        for key, value in self._db.iterator(
            start=ENTRY_CHUNK,
            stop=entry_chunk_key(leaf_index + 1),
            reverse=True,
            verify_checksums=True,
        ):
            chunk, offset = _decode(value, key), leaf_index - first_leaf_of(key)
            if offset < len(chunk):
                return chunk[offset]
            break
        value = self._db.get(entry_key(leaf_index), verify_checksums=True)
        if value is None:
            raise KeyError(f"entry {leaf_index}")
        return bytes(value)

    def block_entries(self, first: int, end: int) -> list[bytes]:
        """The encodings of the entries first … end - 1 of one block, in one range read.

        Raises KeyError naming the first entry missing.
        """
        entries = self._read(entry_chunk_key, first, end, _decode)
        if not entries:  # a block written before chunks
            entries = self._read(entry_key, first, end, lambda value, _key: [bytes(value)])
        if len(entries) != end - first:
            raise KeyError(f"entry {first + len(entries)}")
        return entries

    def _read(
        self,
        key_of: Callable[[int], bytes],
        first: int,
        end: int,
        decode: Callable[[bytes, bytes], list[bytes]],
    ) -> list[bytes]:
        # Records keyed by their first leaf (`key_of`), each `decode`d to its entries, up to
        # the first gap.
        entries: list[bytes] = []
        for key, value in self._db.iterator(
            start=key_of(first), stop=key_of(end), verify_checksums=True
        ):
            if first_leaf_of(key) != first + len(entries):
                break
            entries += decode(value, key)
        return entries

    def starts_at(self, leaf_index: int) -> bool:
        """Whether a record of entries starts at `leaf_index` (at the ledger size: one too
        many)."""
        keys = entry_chunk_key(leaf_index), entry_key(leaf_index)
        return any(self._db.get(key) is not None for key in keys)

    @staticmethod
    def records(first: int, encodings: Sequence[bytes]) -> list[tuple[bytes, bytes]]:
        """The (key, value) records that store a block's entries from leaf `first` on."""
        return [
            (entry_chunk_key(start), encode_chunk(encodings[start - first : end - first]))
            for start, end in chunk_ranges(first, len(encodings))
        ]
