"""SHA-256 with domain separation (docs/formats.md, "Hashes and signatures")."""

from collections.abc import Iterable
from hashlib import sha256

# RFC 9162 §2.1.1: the one-byte prefixes keep leaves and inner nodes from colliding.
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
HASH_SIZE = 32
EMPTY_ROOT = sha256(b"").digest()

# Tags for every hash that is not a Merkle tree hash. They start with "c", never 0x00/0x01.
HEADER_TAG = b"cunzheng/header/v1"
COMMIT_TAG = b"cunzheng/commit/v1"
VALIDATORS_TAG = b"cunzheng/validators/v1"
GENESIS_TAG = b"cunzheng/genesis/v1"


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162 §2.1.1 leaf hash: SHA-256(0x00 ‖ data)."""
    return sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 §2.1.1 interior node hash: SHA-256(0x01 ‖ left ‖ right)."""
    return sha256(NODE_PREFIX + left + right).digest()


def leaf_hashes(data: Iterable[bytes]) -> list[bytes]:
    """[leaf_hash(item) for item in data], without a Python call per leaf: a block's leaves
    are hashed together on the append and replay paths."""
    return [sha256(LEAF_PREFIX + item).digest() for item in data]


def node_hashes(lefts: Iterable[bytes], rights: Iterable[bytes]) -> list[bytes]:
    """[node_hash(left, right) …] of the pairs of `lefts` and `rights`, without a Python call
    per pair: a level of a tree is hashed together. Raises ValueError unless they are as many."""
    return [
        sha256(NODE_PREFIX + left + right).digest()
        for left, right in zip(lefts, rights, strict=True)
    ]


def tagged_hash(tag: bytes, payload: bytes) -> bytes:
    """SHA-256(tag ‖ 0x00 ‖ payload), for the tags listed above."""
    return sha256(tag + b"\x00" + payload).digest()
