"""Tiles: every node below the top of each complete group of 16 leaves, as one stored record.

An inclusion path takes one node from each of levels 0–3 of the group of 16 leaves that
holds its leaf, and the store keeps the levels above in memory. A tile holds all 30 nodes
of those levels (16 leaf hashes, then 8, 4 and 2 inner nodes, left to right), so one read
and no hashing give them (docs/storage-and-proofs.md, "Tiles"). Tile t covers leaves
[16·t, 16·t + 16), the same leaves as the perfect node at level TILE_LEVELS and index t.

Pure functions and values, no I/O: `ledger/store.py` reads and writes the records.
"""

from collections.abc import Callable, Mapping, Sequence

from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.hashing import HASH_SIZE, node_hashes

TILE_LEVELS = 4  # a tile holds the node levels below this one
TILE_WIDTH = 1 << TILE_LEVELS  # leaves per tile
TILE_BYTES = (2 * TILE_WIDTH - 2) * HASH_SIZE  # 30 hashes: 16 + 8 + 4 + 2
# (level, nodes in a tile at that level, offset) of each node of a tile, in tile order.
_TILE_NODES = [
    (level, TILE_WIDTH >> level, offset)
    for level in range(TILE_LEVELS)
    for offset in range(TILE_WIDTH >> level)
]


def _offset(level: int, index_in_tile: int) -> int:
    # Levels below `level` hold 16 + 8 + … = 2·16 - 2·16 / 2^level hashes.
    return (2 * TILE_WIDTH - (2 * TILE_WIDTH >> level) + index_in_tile) * HASH_SIZE


class Tile:
    """A stored tile, decoded: the nodes of one group of TILE_WIDTH leaves below its top."""

    __slots__ = ("_encoded",)

    def __init__(self, encoded: bytes) -> None:
        """Decode a stored tile (see encode_tile); raises DecodeError unless TILE_BYTES long."""
        if len(encoded) != TILE_BYTES:
            raise DecodeError(f"a tile must be {TILE_BYTES} bytes, got {len(encoded)}")
        self._encoded = encoded

    def node(self, level: int, index_in_tile: int) -> bytes:
        """Hash of the perfect subtree at `level` and `index_in_tile` within this tile.

        Requires 0 <= level < TILE_LEVELS and 0 <= index_in_tile < TILE_WIDTH >> level;
        raises IndexError otherwise.
        """
        if not 0 <= level < TILE_LEVELS or not 0 <= index_in_tile < TILE_WIDTH >> level:
            raise IndexError(f"no node {level}/{index_in_tile} in a tile of {TILE_WIDTH} leaves")
        offset = _offset(level, index_in_tile)
        return self._encoded[offset : offset + HASH_SIZE]


def encode_tile(leaf_hashes: Sequence[bytes]) -> bytes:
    """The tile of these TILE_WIDTH leaf hashes: them and the inner nodes below their root
    (RFC 9162 §2.1.1), level by level, left to right.

    Raises ValueError unless there are TILE_WIDTH hashes of HASH_SIZE bytes.
    """
    if len(leaf_hashes) != TILE_WIDTH or any(len(value) != HASH_SIZE for value in leaf_hashes):
        raise ValueError(f"a tile is made of {TILE_WIDTH} leaf hashes of {HASH_SIZE} bytes")
    level = list(leaf_hashes)
    nodes = list(level)
    while len(level) > 2:
        level = node_hashes(level[0::2], level[1::2])
        nodes += level
    return b"".join(nodes)


def is_tile_of(encoded: bytes, index: int, first: int, leaf_hashes: Sequence[bytes]) -> bool:
    """Whether `encoded` is a well-formed tile `index` of a tree whose leaves from `first` on
    are `leaf_hashes`: TILE_BYTES long, with those leaves where it covers them and every inner
    node the hash of its children. The leaves it holds before `first` are taken as they are.
    """
    if len(encoded) != TILE_BYTES:
        return False
    start = index * TILE_WIDTH
    leaves = [encoded[k * HASH_SIZE : (k + 1) * HASH_SIZE] for k in range(TILE_WIDTH)]
    for leaf_index in range(max(start, first), min(start + TILE_WIDTH, first + len(leaf_hashes))):
        leaves[leaf_index - start] = leaf_hashes[leaf_index - first]
    return all(len(value) == HASH_SIZE for value in leaves) and encode_tile(leaves) == encoded


def tile_index(level: int, index: int) -> int:
    """Index of the tile holding the perfect node at `level` and `index` (level < TILE_LEVELS)."""
    return index >> (TILE_LEVELS - level)


def completed_tiles(
    old_size: int,
    new_size: int,
    new_nodes: Mapping[tuple[int, int], bytes],
    old_node: Callable[[int, int], bytes],
) -> dict[int, bytes]:
    """Encoded tiles, by tile index, that growing a tree from `old_size` to `new_size` leaves
    completes; empty when it completes none.

    `new_nodes` maps (level, index) to the nodes the append computed
    (merkle.new_perfect_nodes); `old_node(level, index)` gives the older nodes of the
    incomplete tile the old tree ends with. Nothing is hashed again. Raises ValueError unless
    0 <= old_size <= new_size.
    """
    if not 0 <= old_size <= new_size:
        raise ValueError(f"a tree cannot grow from {old_size} to {new_size} leaves")
    tiles = {}
    for index in range(old_size // TILE_WIDTH, new_size // TILE_WIDTH):
        keys = [(level, index * width + offset) for level, width, offset in _TILE_NODES]
        try:
            tiles[index] = b"".join([new_nodes[key] for key in keys])
        except KeyError:  # the first tile, begun before the append
            tiles[index] = b"".join(
                [new_nodes[key] if key in new_nodes else old_node(*key) for key in keys]
            )
    return tiles
