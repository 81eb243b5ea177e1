"""Tiles: every node of a group of 16 leaves below its top, and the tiles appends complete."""

from hashlib import sha256
from types import SimpleNamespace

import pytest

from cunzheng.ledger import merkle
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.hashing import leaf_hash
from cunzheng.ledger.tiles import (
    TILE_BYTES,
    TILE_LEVELS,
    TILE_WIDTH,
    Tile,
    completed_tiles,
    encode_tile,
    is_tile_of,
    tile_index,
)

LEAVES = [leaf_hash(sha256(n.to_bytes(8, "big")).digest()) for n in range(80)]


def test_a_tile_gives_every_node_below_its_top() -> None:
    encoded = encode_tile(LEAVES[16:32])
    assert len(encoded) == TILE_BYTES == 30 * 32
    assert encoded[: 16 * 32] == b"".join(LEAVES[16:32])  # the leaves come first
    tile = Tile(encoded)
    for level in range(TILE_LEVELS):
        width = 1 << level
        for k in range(TILE_WIDTH >> level):
            expected = merkle.root_from_leaves(LEAVES[16 + k * width : 16 + (k + 1) * width])
            assert tile.node(level, k) == expected


@pytest.mark.parametrize(("level", "index_in_tile"), [(TILE_LEVELS, 0), (0, 16), (3, 2), (-1, 0)])
def test_a_node_outside_the_tile_is_refused(level: int, index_in_tile: int) -> None:
    with pytest.raises(IndexError, match="no node"):
        Tile(encode_tile(LEAVES[:16])).node(level, index_in_tile)


@pytest.mark.parametrize("length", [0, TILE_BYTES - 1, TILE_BYTES + 32])
def test_a_tile_of_the_wrong_length_is_refused(length: int) -> None:
    with pytest.raises(DecodeError, match=f"a tile must be {TILE_BYTES} bytes, got {length}"):
        Tile(bytes(length))


def test_tile_index_of_each_level() -> None:
    assert [tile_index(0, i) for i in (0, 15, 16, 47)] == [0, 0, 1, 2]
    assert [tile_index(level, 5) for level in range(TILE_LEVELS)] == [0, 0, 1, 2]


@pytest.mark.parametrize(
    ("old_size", "count", "expected"),
    [
        (0, 15, []),
        (0, 16, [0]),
        (0, 17, [0]),
        (1, 15, [0]),
        (15, 1, [0]),
        (15, 0, []),
        (16, 15, []),
        (17, 31, [1, 2]),
        (31, 33, [1, 2, 3]),
        (32, 32, [2, 3]),
    ],
)
def test_completed_tiles_around_tile_boundaries(
    old_size: int, count: int, expected: list[int]
) -> None:
    asked: list[tuple[int, int]] = []

    def node(level: int, index: int) -> bytes:
        asked.append((level, index))
        return merkle.root_from_leaves(LEAVES[index << level : (index + 1) << level])

    source = SimpleNamespace(node=node)
    new_nodes = merkle.new_perfect_nodes(old_size, LEAVES[old_size : old_size + count], source)
    asked.clear()
    tiles = completed_tiles(old_size, old_size + count, new_nodes, node)
    assert list(tiles) == expected
    for index, tile in tiles.items():
        assert tile == encode_tile(LEAVES[index * TILE_WIDTH : (index + 1) * TILE_WIDTH])
    # Only nodes of the tile begun before the append are read, each once.
    start = old_size - old_size % TILE_WIDTH
    assert len(asked) == len(set(asked))
    assert all(start <= index << level < old_size for level, index in asked)
    if expected and old_size % TILE_WIDTH:
        assert (0, old_size - 1) in asked


def test_completed_tiles_refuses_a_tree_that_shrinks() -> None:
    for old_size, new_size in ((-1, 16), (17, 16)):
        with pytest.raises(ValueError, match="cannot grow"):
            completed_tiles(old_size, new_size, {}, lambda level, index: bytes(32))
    with pytest.raises(ValueError, match="a tile is made of 16 leaf hashes"):
        encode_tile(LEAVES[:15])
    with pytest.raises(ValueError, match="a tile is made of 16 leaf hashes of 32 bytes"):
        encode_tile([*LEAVES[:15], b"short"])


def test_is_tile_of_checks_the_given_leaves_and_every_inner_node() -> None:
    encoded = encode_tile(LEAVES[32:48])
    assert is_tile_of(encoded, 2, 32, LEAVES[32:80])
    assert is_tile_of(encoded, 2, 40, LEAVES[40:41])  # leaves 32…39 and 41…47 as they are
    assert not is_tile_of(encoded, 2, 40, [LEAVES[41]])
    assert not is_tile_of(encoded, 3, 40, LEAVES[40:64])  # tile 3 covers other leaves
    flipped = bytearray(encoded)
    flipped[3] ^= 1  # leaf 32, not among the leaves given: its parent no longer matches
    assert not is_tile_of(bytes(flipped), 2, 40, LEAVES[40:48])
    assert not is_tile_of(encoded[:-1], 2, 32, LEAVES[32:48])
    assert not is_tile_of(encoded, 2, 47, [b"short"])
