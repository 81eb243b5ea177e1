"""The keys of the LevelDB block store: every record's one-byte prefix, and its key packers.

docs/storage-and-proofs.md, "LevelDB layout", is the table of what each prefix holds. Integers
in keys (and the integer values) are 8-byte big-endian, so keys sort by number and a range
read of one prefix walks the records in order. ledger/store.py, ledger/stored_entries.py and
ledger/stored_tree.py read and write the records; only this module spells their keys.
"""

import struct

GENESIS = b"g"
TIP = b"t"
VALIDATOR_HISTORY = b"v"
HEADER = b"h"
COMMIT = b"c"
HEIGHT_BY_SIZE = b"s"
ENTRY_CHUNK = b"E"
ENTRY = b"e"
ENTRY_ID = b"i"
DIGEST = b"d"
NODE = b"n"
TILE = b"l"
PENDING = b"p"
TIMESTAMP = b"x"
FORMAT = b"f"

U64_SIZE = 8
_U64 = struct.Struct(">Q")


def u64(value: int) -> bytes:
    """`value` as 8 bytes, big-endian: how every integer in a key or value is written.

    Raises struct.error unless 0 <= value < 2^64.
    """
    return _U64.pack(value)


def read_u64(data: bytes) -> int:
    """The integer `u64` wrote; raises struct.error unless `data` is 8 bytes."""
    return int(_U64.unpack(data)[0])


def after(prefix: bytes) -> bytes:
    """The smallest key after every key that starts with the one-byte `prefix`: a range
    read's stop."""
    return bytes([prefix[0] + 1])


def header_key(height: int) -> bytes:
    """The key of the header at `height`."""
    return HEADER + _U64.pack(height)


def commit_key(height: int) -> bytes:
    """The key of the commit held for the block at `height`."""
    return COMMIT + _U64.pack(height)


def height_by_size_key(ledger_size: int) -> bytes:
    """The key that maps the ledger size after a non-empty block to its height."""
    return HEIGHT_BY_SIZE + _U64.pack(ledger_size)


def entry_chunk_key(first_leaf_index: int) -> bytes:
    """The key of the chunk of entries that starts at `first_leaf_index`."""
    return ENTRY_CHUNK + _U64.pack(first_leaf_index)


def entry_key(leaf_index: int) -> bytes:
    """The key of one entry's own record (stores written before chunks)."""
    return ENTRY + _U64.pack(leaf_index)


def first_leaf_of(key: bytes) -> int:
    """The leaf index an `E` or `e` key names."""
    return int(_U64.unpack(key[1:])[0])


def entry_id_key(entry_id: bytes) -> bytes:
    """The key of the entry id index record of `entry_id` (its leaf hash)."""
    return ENTRY_ID + entry_id


def digest_prefix(alg: str) -> bytes:
    """The start of every digest index key of algorithm `alg`; the digest and the 8-byte
    leaf index follow it."""
    return DIGEST + alg.encode() + b"\x00"


def node_key(level: int, index: int) -> bytes:
    """The key of the perfect Merkle subtree at `level` and `index`."""
    return NODE + bytes([level]) + _U64.pack(index)


def tile_key(index: int) -> bytes:
    """The key of tile `index` (ledger/tiles.py)."""
    return TILE + _U64.pack(index)


def pending_key(entry_id: bytes) -> bytes:
    """The key of the pending entry `entry_id`."""
    return PENDING + entry_id


def timestamps_prefix(ledger_size: int) -> bytes:
    """The start of the keys of the RFC 3161 tokens over the checkpoint at `ledger_size`; the
    token's SHA-256 follows it."""
    return TIMESTAMP + _U64.pack(ledger_size)
