"""The block store's indexes, checked against its blocks (docs/storage-and-proofs.md,
"Checks when a store opens").

A node answers from its indexes, not its blocks: `i` (entry id → leaf index) says whether an
entry is committed and where, `d` (digest → leaf indexes) lists the records of a digest, `s`
(ledger size → height) finds the block of a leaf. Replaying the blocks checks the blocks
only: a store whose `i` index points an id it never committed at leaf 0 replays cleanly and
then answers "committed" for that id. So whoever trusts a store it did not write itself
checks every block's index records (`verify_block`) and that there are no others
(`verify_counts`). ledger/store.py owns the database; this module, the index records (their
keys: ledger/store_keys.py).
"""

from collections.abc import Sequence
from typing import Any

from cunzheng.ledger.block import Header
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import StoreCorrupted
from cunzheng.ledger.hashing import leaf_hash
from cunzheng.ledger.store_keys import (
    DIGEST,
    ENTRY_ID,
    HEIGHT_BY_SIZE,
    digest_prefix,
    entry_id_key,
    height_by_size_key,
    u64,
)


class StoredIndexes:
    """The `i`, `d` and `s` records of one store's database."""

    def __init__(self, db: Any) -> None:
        self._db = db

    def verify_block(self, header: Header, encodings: Sequence[bytes]) -> None:
        """Check the index records of the block `header` with its entries' `encodings`:
        each entry's id and digest records name its leaf index, and the size record of a
        block with entries names its height.

        Raises StoreCorrupted naming the first record that is missing or wrong.
        """
        first = header.ledger_size - header.entries_count
        for leaf_index, data in enumerate(encodings, start=first):
            entry_id, entry = leaf_hash(data), Entry.decode(data)
            found = self._db.get(entry_id_key(entry_id))
            if found != u64(leaf_index):
                raise StoreCorrupted(
                    f"the entry id index has {_shown(found, 'leaf index')} for entry "
                    f"{entry_id.hex()}, which "
                    f"block {header.height} holds at leaf index {leaf_index}"
                )
            digest_key = digest_prefix(entry.alg) + entry.digest + u64(leaf_index)
            if self._db.get(digest_key) is None:
                raise StoreCorrupted(
                    f"the digest index lacks leaf index {leaf_index} for its {entry.alg} digest "
                    f"{entry.digest.hex()} (block {header.height})"
                )
        found = self._db.get(height_by_size_key(header.ledger_size))
        if header.entries_count and found != u64(header.height):
            raise StoreCorrupted(
                f"the size index has {_shown(found, 'height')} for ledger size "
                f"{header.ledger_size}, which block {header.height} ends at"
            )

    def verify_counts(self, ledger_size: int, blocks_with_entries: int) -> None:
        """Check that the indexes hold no other records than those verify_block checks: one
        id record and one digest record per entry, one size record per block with entries.

        Raises StoreCorrupted naming the index that holds more (or fewer).
        """
        expected = {
            (ENTRY_ID, "entry id"): ledger_size,
            (DIGEST, "digest"): ledger_size,
            (HEIGHT_BY_SIZE, "size"): blocks_with_entries,
        }
        for (prefix, name), count in expected.items():
            found = sum(1 for _ in self._db.iterator(prefix=prefix, include_value=False))
            if found != count:
                raise StoreCorrupted(
                    f"the {name} index holds {found} records, the blocks give {count}: records "
                    "were added to or removed from the store outside its blocks"
                )


def _shown(value: bytes | None, unit: str) -> str:
    # An index record's value as a message names it.
    if value is None:
        return "no record"
    return f"{unit} {int.from_bytes(value, 'big')}" if len(value) == 8 else repr(value)
