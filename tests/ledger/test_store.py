"""The LevelDB block store: appends, reads, proofs from stored nodes, and self-checks."""

import os
from pathlib import Path

import pytest

from ledger import merkle
from ledger.block import Block
from ledger.entry import Entry
from ledger.errors import ChainBroken, LedgerError, StoreCorrupted
from ledger.store import BlockStore
from tests.chain_factory import build_chain, make_genesis, notary_keys, sample_entry


def _entries(first: int, count: int) -> list[Entry]:
    return [sample_entry(n) for n in range(first, first + count)]


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
                    merkle.consistency_path_from_leaves(leaves[:tree_size], first_size)
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
    store = BlockStore.open(tmp_path / "store", genesis)
    try:
        assert [entry_id for _, entry_id, _ in store.pending()] == [entries[2].leaf_hash()]
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
    db.put(b"e" + (5).to_bytes(8, "big"), sample_entry(42).encode())
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
