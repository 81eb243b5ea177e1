"""The LevelDB block store: appends, reads, proofs from stored nodes, and self-checks."""

import itertools
import os
from pathlib import Path

import pytest

from cunzheng.ledger import merkle
from cunzheng.ledger.block import Block
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import ChainBroken, LedgerError, RootMismatch, StoreCorrupted
from cunzheng.ledger.store import BlockStore
from cunzheng.ledger.tiles import TILE_LEVELS, TILE_WIDTH, Tile, encode_tile
from cunzheng.ledger.validators import Genesis
from tests.support.chain_factory import (
    Chain,
    build_chain,
    edit_stored_entry,
    make_genesis,
    notary_keys,
    sample_entry,
)
from tests.support.merkle_reference import naive_consistency_path


def _entries(first: int, count: int) -> list[Entry]:
    return [sample_entry(n) for n in range(first, first + count)]


def test_the_entries_of_a_digest_are_read_a_page_at_a_time(tmp_path: Path) -> None:
    shared = sample_entry(7).digest
    twins = [Entry(shared, kind=f"k{n}") for n in range(5)]
    # leaves: 0 twin, 1 other, 2-3 twins, 4 other, 5-6 twins; the others' digests are the
    # ones whose index keys sort right before and right after the twins'
    other = [Entry(shared[:-1] + bytes([shared[-1] + d])) for d in (-1, 1)]
    chain = build_chain(
        tmp_path / "store", [[twins[0], other[0], *twins[1:3]], [other[1], *twins[3:]]]
    )
    try:
        store = chain.store
        assert store.leaf_indexes_with_digest("sha256", shared) == [0, 2, 3, 5, 6]
        assert store.leaf_indexes_with_digest("sha256", shared, 0, 2) == [0, 2]
        assert store.leaf_indexes_with_digest("sha256", shared, 3, 2) == [3, 5]
        assert store.leaf_indexes_with_digest("sha256", shared, 6) == [6]
        assert store.leaf_indexes_with_digest("sha256", shared, 7) == []
        assert store.leaf_indexes_with_digest("sm3", shared) == [], "another alg's index"
    finally:
        chain.close()


def test_blocks_entries_and_indexes_survive_reopen(tmp_path: Path) -> None:
    blocks = [_entries(0, 3), _entries(3, 0), _entries(3, 5)]
    chain = build_chain(tmp_path / "store", blocks)
    genesis = chain.genesis
    chain.close()
    store = BlockStore.open(tmp_path / "store", genesis)
    try:
        assert (store.height, store.ledger_size) == (3, 8)
        leaves = [e.leaf_hash() for e in _entries(0, 8)]
        assert store.ledger_root == merkle.root_from_leaves(leaves)
        assert store.leaf_index_of(sample_entry(4).leaf_hash()) == 4
        assert store.leaf_index_of(sample_entry(99).leaf_hash()) is None
        assert [store.height_of_leaf(i) for i in range(8)] == [1, 1, 1, 3, 3, 3, 3, 3]
        assert store.leaf_indexes_with_digest("sha256", sample_entry(5).digest) == [5]
        assert store.block(3).entries == tuple(e.encode() for e in _entries(3, 5))
        assert store.block(2).header.entries_count == 0
    finally:
        store.close()


def test_proofs_from_stored_nodes_match_the_reference(tmp_path: Path) -> None:
    sizes = [1, 2, 5, 8, 13, 1, 7]
    blocks, first = [], 0
    for size in sizes:
        blocks.append(_entries(first, size))
        first += size
    chain = build_chain(tmp_path / "store", blocks)
    store = chain.store
    leaves = [e.leaf_hash() for e in _entries(0, first)]
    try:
        for tree_size in range(1, first + 1):
            assert store.root_at(tree_size) == merkle.root_from_leaves(leaves[:tree_size])
            for leaf_index in range(tree_size):
                assert store.inclusion_path(leaf_index, tree_size) == (
                    merkle.inclusion_path_from_leaves(leaves[:tree_size], leaf_index)
                )
            for first_size in range(1, tree_size + 1):
                assert store.consistency_path(first_size, tree_size) == (
                    naive_consistency_path(first_size, leaves[:tree_size])
                )
    finally:
        chain.close()


def test_refused_blocks_change_nothing(tmp_path: Path) -> None:
    chain = build_chain(tmp_path / "store", [_entries(0, 2)])
    store = chain.store
    try:
        block = store.block(1)
        commit = store.commit(1)
        with pytest.raises(ChainBroken):  # height 1 again: does not follow the tip
            store.append_block(block, commit, _entries(0, 2))
        with pytest.raises(ChainBroken, match="repeats an entry"):
            chain.commit_block([sample_entry(1)])
        assert (store.height, store.ledger_size) == (1, 2)
        header = chain.commit_block([sample_entry(7)])
        assert header.height == 2 and store.ledger_size == 3
    finally:
        chain.close()


def test_a_commit_without_quorum_is_refused(tmp_path: Path) -> None:
    chain = build_chain(tmp_path / "store", [], validators=4)
    try:
        with pytest.raises(ChainBroken, match="more than 2/3"):
            chain.commit_block([sample_entry(0)], signers=[0, 1])
        assert chain.store.height == 0
        chain.commit_block([sample_entry(0)], signers=[0, 1, 3])
        assert chain.store.height == 1
    finally:
        chain.close()


def test_pending_set_is_durable_and_cleared_by_commit(tmp_path: Path) -> None:
    chain = build_chain(tmp_path / "store", [])
    store, genesis = chain.store, chain.genesis
    entries = _entries(0, 3)
    store.add_pending([(n, e.leaf_hash(), e.encode()) for n, e in enumerate(entries)])
    chain.commit_block(entries[:2])
    chain.close()
    assert _pending_ids(tmp_path / "store", genesis) == [entries[2].leaf_hash()]


def test_a_commit_after_reopening_clears_what_was_pending_before(tmp_path: Path) -> None:
    # The store learns which ids are pending from its `p` records when it opens.
    chain = build_chain(tmp_path / "store", [])
    genesis, entries = chain.genesis, _entries(0, 4)
    chain.store.add_pending([(n, e.leaf_hash(), e.encode()) for n, e in enumerate(entries[:3])])
    chain.close()
    chain = Chain(BlockStore.open(tmp_path / "store", genesis), genesis, notary_keys(1))
    chain.commit_block([entries[1], entries[3]])  # entries[3] was never pending
    chain.store.discard_pending([entries[0].leaf_hash()])
    chain.close()
    assert _pending_ids(tmp_path / "store", genesis) == [entries[2].leaf_hash()]


def _pending_ids(path: Path, genesis: Genesis) -> list[bytes]:
    """The ids the closed store at `path` holds as pending, once it is opened again."""
    store = BlockStore.open(path, genesis)
    try:
        return [entry_id for _, entry_id, _ in store.pending()]
    finally:
        store.close()


def test_another_chains_genesis_is_refused(tmp_path: Path) -> None:
    chain = build_chain(tmp_path / "store", [_entries(0, 1)])
    chain.close()
    other = make_genesis(notary_keys(2))
    with pytest.raises(StoreCorrupted, match="another chain"):
        BlockStore.open(tmp_path / "store", other)


def test_a_second_process_cannot_open_the_store(tmp_path: Path) -> None:
    chain = build_chain(tmp_path / "store", [])
    try:
        with pytest.raises(LedgerError, match="cannot open store"):
            BlockStore.open(tmp_path / "store", chain.genesis)
    finally:
        chain.close()


def _damage(directory: Path, suffixes: tuple[str, ...], action: str) -> list[Path]:
    damaged = []
    for path in sorted(directory.iterdir()):
        if path.suffix in suffixes and path.stat().st_size > 64:
            data = bytearray(path.read_bytes())
            if action == "truncate":
                data = data[: len(data) // 2]
            else:
                for offset in range(40, len(data), 97):
                    data[offset] ^= 0x55
            path.write_bytes(bytes(data))
            damaged.append(path)
    return damaged


@pytest.mark.parametrize("action", ["truncate", "edit"])
def test_a_damaged_store_is_refused_with_a_message(tmp_path: Path, action: str) -> None:
    # Compacted, so that the blocks sit in table files; a torn .log tail is a normal crash
    # (LevelDB drops the incomplete last batch), not damage.
    chain = build_chain(tmp_path / "store", [_entries(n * 50, 50) for n in range(6)])
    genesis = chain.genesis
    chain.store.compact()
    chain.close()
    assert _damage(tmp_path / "store", (".ldb",), action)
    with pytest.raises(StoreCorrupted) as caught:
        BlockStore.open(tmp_path / "store", genesis)
    assert "store" in str(caught.value)


def test_an_edited_entry_record_is_caught_by_the_root_check(tmp_path: Path) -> None:
    # Re-write one entry under its key with valid LevelDB framing: only the Merkle check sees it.
    import plyvel

    chain = build_chain(tmp_path / "store", [_entries(0, 4), _entries(4, 3)])
    genesis = chain.genesis
    chain.close()
    db = plyvel.DB(str(tmp_path / "store"))
    edit_stored_entry(db, 5, sample_entry(42).encode())
    db.close()
    with pytest.raises(StoreCorrupted, match="hash to Merkle root"):
        BlockStore.open(tmp_path / "store", genesis)


def test_block_decode_round_trip_from_store(tmp_path: Path) -> None:
    chain = build_chain(tmp_path / "store", [_entries(0, 2), _entries(2, 2)])
    try:
        block = chain.store.block(2)
        assert Block.decode(block.encode()) == block
        assert os.path.isdir(tmp_path / "store")
    finally:
        chain.close()


# Tiles: levels 0–3 of each complete group of 16 leaves (ledger/tiles.py) -------------------

# Block sizes around tile boundaries (16 leaves): 225 leaves, 14 complete tiles; the last
# block (177…224) completes tiles 11 (starting in the block before) to 13.
TILE_BLOCKS = [15, 1, 16, 1, 15, 17, 31, 32, 33, 3, 13, 48]
TILE_LEAVES = sum(TILE_BLOCKS)


def _tile_key(index: int) -> bytes:
    return b"l" + index.to_bytes(8, "big")


def _build_tile_chain(path: Path) -> tuple[Genesis, list[bytes]]:
    blocks, first = [], 0
    for size in TILE_BLOCKS:
        blocks.append(_entries(first, size))
        first += size
    chain = build_chain(path, blocks)
    chain.close()
    return chain.genesis, [e.leaf_hash() for e in _entries(0, TILE_LEAVES)]


def _edit_records(path: Path, puts: dict[bytes, bytes], deletes: list[bytes]) -> None:
    """Write and delete raw records of a closed store (valid LevelDB framing)."""
    import plyvel

    db = plyvel.DB(str(path))
    try:
        for key, value in puts.items():
            db.put(key, value)
        for key in deletes:
            db.delete(key)
    finally:
        db.close()


def _tile_records(path: Path) -> dict[bytes, bytes]:
    import plyvel

    db = plyvel.DB(str(path))
    try:
        return {bytes(key): bytes(value) for key, value in db.iterator(prefix=b"l")}
    finally:
        db.close()


def _untile(path: Path) -> None:
    """Make a closed store look written before tiles: each tile's inner nodes become `n`
    records, as older releases wrote them, and the tiles go."""
    puts = {}
    for key, value in _tile_records(path).items():
        tile, index = Tile(value), int.from_bytes(key[1:], "big")
        for level in range(1, TILE_LEVELS):
            width = TILE_WIDTH >> level
            for offset in range(width):
                node_key = b"n" + bytes([level]) + (index * width + offset).to_bytes(8, "big")
                puts[node_key] = tile.node(level, offset)
    _edit_records(path, puts, list(_tile_records(path)))


def _assert_proofs_match(store: BlockStore, leaves: list[bytes]) -> None:
    # Every size up to 33, and around each block's end and each tile boundary above.
    ends = {*itertools.accumulate(TILE_BLOCKS), *range(48, len(leaves) + 1, 16), len(leaves)}
    sizes = {*range(1, 34), *(end + d for end in ends for d in (-1, 0, 1))}
    for tree_size in sorted(size for size in sizes if size <= len(leaves)):
        assert store.root_at(tree_size) == merkle.root_from_leaves(leaves[:tree_size])
        for leaf_index in range(tree_size):
            assert store.inclusion_path(leaf_index, tree_size) == (
                merkle.inclusion_path_from_leaves(leaves[:tree_size], leaf_index)
            )
        for first_size in range(max(1, tree_size - 40), tree_size + 1, 3):
            assert store.consistency_path(first_size, tree_size) == (
                naive_consistency_path(first_size, leaves[:tree_size])
            )


def _assert_reopened_proofs_match(path: Path, genesis: Genesis, leaves: list[bytes]) -> None:
    store = BlockStore.open(path, genesis)
    try:
        _assert_proofs_match(store, leaves)
    finally:
        store.close()


def test_each_complete_tile_is_written_with_the_block_that_completes_it(tmp_path: Path) -> None:
    _genesis, leaves = _build_tile_chain(tmp_path / "store")
    assert _tile_records(tmp_path / "store") == {
        _tile_key(index): encode_tile(leaves[16 * index : 16 * index + 16])
        for index in range(TILE_LEAVES // 16)
    }


def test_tiles_serve_the_lower_levels_of_every_proof(tmp_path: Path) -> None:
    # With the entries (but the tip block's, which the open check reads) and the level 1–3
    # nodes that complete tiles cover gone, proofs still come out right: from the tiles.
    genesis, leaves = _build_tile_chain(tmp_path / "store")
    covered = [b"E" + i.to_bytes(8, "big") for i in range(176)]  # chunks of leaves 0…175
    for level in (1, 2, 3):
        covered += [b"n" + bytes([level]) + i.to_bytes(8, "big") for i in range(224 >> level)]
    _edit_records(tmp_path / "store", {}, covered)
    _assert_reopened_proofs_match(tmp_path / "store", genesis, leaves)


def test_a_store_without_tiles_gives_the_same_proofs(tmp_path: Path) -> None:
    # A store written before tiles: every tile read misses and falls back to the other records.
    genesis, leaves = _build_tile_chain(tmp_path / "store")
    _untile(tmp_path / "store")
    _assert_reopened_proofs_match(tmp_path / "store", genesis, leaves)


def test_a_store_without_tiles_gets_tiles_for_what_it_appends(tmp_path: Path) -> None:
    genesis, leaves = _build_tile_chain(tmp_path / "store")
    _untile(tmp_path / "store")
    chain = Chain(BlockStore.open(tmp_path / "store", genesis), genesis, notary_keys(1))
    try:
        chain.commit_block(_entries(TILE_LEAVES, 20))  # completes tile 14 from leaf 224 on
        leaves += [e.leaf_hash() for e in _entries(TILE_LEAVES, 20)]
        _assert_proofs_match(chain.store, leaves)
    finally:
        chain.close()
    assert list(_tile_records(tmp_path / "store")) == [_tile_key(14)]


def _flip_bit(data: bytes, offset: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ 1]) + data[offset + 1 :]


# A flipped bit in each part of a tile: a leaf hash, then a node of levels 1, 2 and 3.
TILE_DAMAGE = {"leaf 5": 5 * 32, "level 1": 17 * 32 + 9, "level 2": 26 * 32, "level 3": 29 * 32}


@pytest.mark.parametrize("offset", TILE_DAMAGE.values(), ids=TILE_DAMAGE.keys())
def test_a_damaged_tile_of_the_tip_block_is_caught_at_open(tmp_path: Path, offset: int) -> None:
    # Tile 11 holds leaves 176…191: leaf 176 from block 11, the rest from the tip block.
    genesis, leaves = _build_tile_chain(tmp_path / "store")
    damaged = _flip_bit(encode_tile(leaves[176:192]), offset)
    _edit_records(tmp_path / "store", {_tile_key(11): damaged}, [])
    expected = r"tile 11 \(leaves 176…191\) differs from the one the entries of tip block 12 give"
    with pytest.raises(StoreCorrupted, match=expected):
        BlockStore.open(tmp_path / "store", genesis)


def test_a_tile_made_from_a_wrong_leaf_before_the_tip_block_is_caught_at_open(
    tmp_path: Path,
) -> None:
    # Its nodes agree with one another, but the rehashed root reads its leaf 176 (block 11's).
    genesis, leaves = _build_tile_chain(tmp_path / "store")
    wrong = encode_tile([_flip_bit(leaves[176], 0), *leaves[177:192]])
    _edit_records(tmp_path / "store", {_tile_key(11): wrong}, [])
    with pytest.raises(StoreCorrupted, match="the entries of tip block 12 hash to Merkle root"):
        BlockStore.open(tmp_path / "store", genesis)


def test_the_open_check_reads_no_entry_before_the_tip_block(tmp_path: Path) -> None:
    # A damaged entry of an older block is the auditor's to find (cunzheng audit), and the
    # tile the tip block completed over it does not make the store fail at open.
    genesis, _leaves = _build_tile_chain(tmp_path / "store")
    import plyvel

    db = plyvel.DB(str(tmp_path / "store"))
    edit_stored_entry(db, 176, b"damaged")
    db.close()
    BlockStore.open(tmp_path / "store", genesis).close()


@pytest.mark.parametrize("offset", TILE_DAMAGE.values(), ids=TILE_DAMAGE.keys())
def test_a_damaged_older_tile_gives_no_proof_that_verifies(tmp_path: Path, offset: int) -> None:
    # The open check reads the tip block's tiles only; a proof through a damaged node of an
    # older tile leads to another root, so clients refuse it (RFC 9162 §2.1.3.2).
    genesis, leaves = _build_tile_chain(tmp_path / "store")
    _edit_records(
        tmp_path / "store", {_tile_key(2): _flip_bit(encode_tile(leaves[32:48]), offset)}, []
    )
    store = BlockStore.open(tmp_path / "store", genesis)
    try:
        tree_size, root = store.ledger_size, store.ledger_root
        refused = 0
        for leaf_index in range(32, 48):
            path = store.inclusion_path(leaf_index, tree_size)
            if path == merkle.inclusion_path_from_leaves(leaves, leaf_index):
                continue  # the damaged node is on no path of this leaf
            with pytest.raises(RootMismatch):
                merkle.verify_inclusion(leaf_index, tree_size, leaves[leaf_index], path, root)
            refused += 1
        assert refused > 0
    finally:
        store.close()


def test_a_tile_of_the_wrong_length_is_refused_when_read(tmp_path: Path) -> None:
    genesis, _leaves = _build_tile_chain(tmp_path / "store")
    _edit_records(tmp_path / "store", {_tile_key(2): bytes(100)}, [])
    store = BlockStore.open(tmp_path / "store", genesis)
    try:
        with pytest.raises(StoreCorrupted, match="tile 2 is damaged: a tile must be 960 bytes"):
            store.inclusion_path(40, store.ledger_size)
    finally:
        store.close()
