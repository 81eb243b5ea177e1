"""The ledger's Merkle tree as the block store keeps it (docs/storage-and-proofs.md).

A perfect node below TILE_LEVELS is read from the tile of 16 leaves that holds it (`l`
records, ledger/tiles.py); a node above, from its own `n` record, those of level
_CACHED_LEVEL and up kept in memory once read. Stores written before tiles have no tiles:
their leaves are hashed from the entries and their low nodes have `n` records. A block's new
nodes are computed once, when its root is first asked for (root_after), and written with the
block (records). ledger/store.py owns the database and the batch; this module, the tree's
records (their keys: ledger/store_keys.py).
"""

from collections.abc import Callable, Sequence
from typing import Any

from cunzheng.ledger import merkle
from cunzheng.ledger.errors import DecodeError, StoreCorrupted
from cunzheng.ledger.hashing import leaf_hash
from cunzheng.ledger.store_keys import node_key, tile_key
from cunzheng.ledger.tiles import (
    TILE_LEVELS,
    TILE_WIDTH,
    Tile,
    completed_tiles,
    is_tile_of,
    tile_index,
)

Nodes = dict[tuple[int, int], bytes]  # (level, index) → hash of that perfect subtree

_MAX_PREPARED = 64  # proposals of one height whose new nodes are kept
_CACHED_LEVEL = 4  # nodes at or above this level are one per 16 entries: kept in memory
_MAX_CACHED_NODES = 1 << 21  # about 200 MB at most; beyond that, LevelDB's own cache serves


class _WithNewNodes:
    """A NodeSource that sees a block's new nodes before they are written."""

    def __init__(self, tree: "StoredTree", nodes: Nodes) -> None:
        self._tree, self._nodes = tree, nodes

    def node(self, level: int, index: int) -> bytes:
        found = self._nodes.get((level, index))
        return found if found is not None else self._tree.node(level, index)


class StoredTree:
    """merkle.NodeSource over one store's tiles and node records, `size` leaves wide."""

    def __init__(self, db: Any, size: int, entry_bytes: Callable[[int], bytes]) -> None:
        """`entry_bytes(leaf_index)` reads an entry's encoding (a leaf outside any tile)."""
        self._db, self._entry_bytes = db, entry_bytes
        self.size = size
        self._node_cache: Nodes = {}
        self._last_tile: tuple[int, Tile | None] = (-1, None)  # a path reads 4 nodes in a row
        self._prepared: dict[tuple[int, int, bytes], Nodes] = {}

    def node(self, level: int, index: int) -> bytes:
        """Hash of a perfect subtree: from its tile below TILE_LEVELS when there is one, else
        level 0 from the entry and others from `n` records.

        Raises KeyError for a node beyond the ledger and StoreCorrupted for a damaged tile.
        """
        if level < TILE_LEVELS:
            tile = self._tile(tile_index(level, index))
            if tile is not None:
                return tile.node(level, index % (TILE_WIDTH >> level))
            if level == 0:
                return leaf_hash(self._entry_bytes(index))
        cached = self._node_cache.get((level, index))
        if cached is not None:
            return cached
        value = self._db.get(node_key(level, index), verify_checksums=True)
        if value is None:
            raise KeyError(f"node {level}/{index}")
        if level >= _CACHED_LEVEL and len(self._node_cache) < _MAX_CACHED_NODES:
            self._node_cache[(level, index)] = value
        return bytes(value)

    def _tile(self, index: int) -> Tile | None:
        # Only complete tiles are written, and stores written before tiles hold none.
        if (index + 1) * TILE_WIDTH > self.size:
            return None
        last_index, tile = self._last_tile
        if last_index != index:
            stored = self._db.get(tile_key(index), verify_checksums=True)
            try:
                tile = None if stored is None else Tile(stored)
            except DecodeError as err:
                raise StoreCorrupted(f"tile {index} is damaged: {err}") from err
            self._last_tile = (index, tile)  # one assignment: safe for readers in other threads
        return tile

    def root_at(self, size: int) -> bytes:
        """The root of the first `size` leaves (size ≤ self.size)."""
        return merkle.root_at(size, self)

    def root_after(self, leaf_hashes: Sequence[bytes]) -> bytes:
        """The root once these leaves are appended (nothing is written).

        The new nodes are kept until the next append, so that appending the block that
        carries this root does not hash them again.
        """
        nodes = merkle.new_perfect_nodes(self.size, leaf_hashes, self)
        root = merkle.root_at(self.size + len(leaf_hashes), _WithNewNodes(self, nodes))
        if len(self._prepared) < _MAX_PREPARED:
            self._prepared[(self.size, len(leaf_hashes), root)] = nodes
        return root

    def new_nodes(self, leaf_hashes: Sequence[bytes], root: bytes) -> tuple[bytes, Nodes]:
        """The root and new nodes once these leaves are appended, reusing those root_after
        prepared for the same root."""
        # A root prepared from the same old size and count came from the same leaves
        # (SHA-256 collision resistance), so its nodes can be reused as they are.
        prepared = self._prepared.get((self.size, len(leaf_hashes), root))
        if prepared is not None:
            return root, prepared
        nodes = merkle.new_perfect_nodes(self.size, leaf_hashes, self)
        return merkle.root_at(self.size + len(leaf_hashes), _WithNewNodes(self, nodes)), nodes

    def records(self, new_size: int, nodes: Nodes) -> list[tuple[bytes, bytes]]:
        """The (key, value) records that grow the stored tree to `new_size` with `nodes`: the
        tiles completed, and the nodes no new tile holds. Read before a batch opens (a batch
        that raises midway is still written)."""
        new_tiles = completed_tiles(self.size, new_size, nodes, self.node)
        records = [
            (node_key(level, index), value)
            for (level, index), value in nodes.items()
            # A node inside a tile written now is read from the tile: no record of its own.
            if level >= TILE_LEVELS or (level > 0 and tile_index(level, index) not in new_tiles)
        ]
        records += [(tile_key(index), tile) for index, tile in new_tiles.items()]
        return records

    def grown(self, size: int) -> None:
        """The records of a block are written: the tree is `size` leaves wide."""
        self.size = size
        self._prepared.clear()

    def check_tip(self, height: int, first: int, tip_leaves: Sequence[bytes], root: bytes) -> None:
        """Check the leaves first … self.size - 1 of the tip block at `height`, hashed from its
        entries, against the tiles they completed and its header's `root`. Raises
        StoreCorrupted."""
        # Only the tip block's own entries are given: a tile's leaves from before the block
        # are checked through the root rehashed below, which reads the tile's nodes over them.
        for index in range(first // TILE_WIDTH, self.size // TILE_WIDTH):
            stored = self._db.get(tile_key(index), verify_checksums=True)
            if stored is not None and not is_tile_of(stored, index, first, tip_leaves):
                raise StoreCorrupted(
                    f"tile {index} (leaves {index * TILE_WIDTH}…{(index + 1) * TILE_WIDTH - 1}) "
                    f"differs from the one the entries of tip block {height} give"
                )
        nodes = merkle.new_perfect_nodes(first, tip_leaves, self)
        rehashed = merkle.root_at(self.size, _WithNewNodes(self, nodes))
        if rehashed != root:
            raise StoreCorrupted(
                f"the entries of tip block {height} hash to Merkle root "
                f"{rehashed.hex()[:16]}, its header says {root.hex()[:16]}"
            )
