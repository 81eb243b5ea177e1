"""The ledger's entries as the block store keeps them: `E` chunks of up to 16 encodings keyed
by their first leaf index (ledger/chunks.py), and the one-entry `e` records of stores written
before chunks, still read. ledger/store.py owns the database and the batch; this module, the
keys of the entries.
"""

import struct
from collections.abc import Callable, Sequence
from typing import Any

from cunzheng.ledger.chunks import chunk_ranges, decode_chunk, encode_chunk
from cunzheng.ledger.errors import DecodeError, StoreCorrupted

_U64 = struct.Struct(">Q")


def _first_leaf(key: bytes) -> int:
    return int(_U64.unpack(key[1:])[0])


def _decode(value: bytes, key: bytes) -> list[bytes]:
    try:
        return decode_chunk(value)
    except DecodeError as err:
        raise StoreCorrupted(f"the chunk of entries from {_first_leaf(key)} on: {err}") from err


class StoredEntries:
    """Entry encodings (the Merkle leaf bytes) by leaf index, in one store's database."""

    def __init__(self, db: Any) -> None:
        self._db = db

    def entry(self, leaf_index: int) -> bytes:
        """The encoding of the entry at `leaf_index`; KeyError if there is none."""
        # The chunk holding it is the last one starting at or before it.
        for key, value in self._db.iterator(
            start=b"E", stop=b"E" + _U64.pack(leaf_index + 1), reverse=True, verify_checksums=True
        ):
            chunk, offset = _decode(value, key), leaf_index - _first_leaf(key)
            if offset < len(chunk):
                return chunk[offset]
            break
        value = self._db.get(b"e" + _U64.pack(leaf_index), verify_checksums=True)
        if value is None:
            raise KeyError(f"entry {leaf_index}")
        return bytes(value)

    def block_entries(self, first: int, end: int) -> list[bytes]:
        """The encodings of the entries first … end - 1 of one block, in one range read.

        Raises KeyError naming the first entry missing.
        """
        entries = self._read(b"E", first, end, _decode)
        if not entries:  # a block written before chunks
            entries = self._read(b"e", first, end, lambda value, _key: [bytes(value)])
        if len(entries) != end - first:
            raise KeyError(f"entry {first + len(entries)}")
        return entries

    def _read(
        self, prefix: bytes, first: int, end: int, decode: Callable[[bytes, bytes], list[bytes]]
    ) -> list[bytes]:
        # Records under `prefix` keyed by their first leaf, each `decode`d to its entries, up
        # to the first gap.
        entries: list[bytes] = []
        for key, value in self._db.iterator(
            start=prefix + _U64.pack(first), stop=prefix + _U64.pack(end), verify_checksums=True
        ):
            if _first_leaf(key) != first + len(entries):
                break
            entries += decode(value, key)
        return entries

    def starts_at(self, leaf_index: int) -> bool:
        """Whether a record of entries starts at `leaf_index` (at the ledger size: one too
        many)."""
        keys = b"E" + _U64.pack(leaf_index), b"e" + _U64.pack(leaf_index)
        return any(self._db.get(key) is not None for key in keys)

    @staticmethod
    def records(first: int, encodings: Sequence[bytes]) -> list[tuple[bytes, bytes]]:
        """The (key, value) records that store a block's entries from leaf `first` on."""
        return [
            (b"E" + _U64.pack(start), encode_chunk(encodings[start - first : end - first]))
            for start, end in chunk_ranges(first, len(encodings))
        ]
