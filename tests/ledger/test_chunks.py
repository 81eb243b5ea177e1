"""Entry chunks: a block's entries stored up to 16 per record, cut at blocks and tiles."""

from pathlib import Path

import msgpack
import plyvel
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cunzheng.ledger.chunks import CHUNK_WIDTH, chunk_ranges, decode_chunk, encode_chunk
from cunzheng.ledger.errors import DecodeError, StoreCorrupted
from cunzheng.ledger.store import BlockStore
from tests.support.chain_factory import Chain, build_chain, notary_keys, sample_entry

# Blocks that start and end inside, at and across groups of 16 leaves (leaves 0…91).
BLOCKS = [15, 1, 16, 1, 17, 33, 3, 6]


def test_chunk_ranges_cut_at_the_block_and_at_multiples_of_16() -> None:
    assert list(chunk_ranges(0, 16)) == [(0, 16)]
    assert list(chunk_ranges(15, 1)) == [(15, 16)]
    assert list(chunk_ranges(33, 50)) == [(33, 48), (48, 64), (64, 80), (80, 83)]
    assert list(chunk_ranges(7, 0)) == []


@given(st.integers(0, 10_000), st.integers(0, 200))
def test_chunk_ranges_cover_the_block_once_without_crossing_a_tile(first: int, count: int) -> None:
    ranges = list(chunk_ranges(first, count))
    covered = [leaf for start, end in ranges for leaf in range(start, end)]
    assert covered == list(range(first, first + count))
    assert all(start // CHUNK_WIDTH == (end - 1) // CHUNK_WIDTH for start, end in ranges)


@given(st.lists(st.binary(max_size=300), min_size=1, max_size=CHUNK_WIDTH))
def test_a_chunk_round_trips(encodings: list[bytes]) -> None:
    assert decode_chunk(encode_chunk(encodings)) == encodings


BAD_CHUNKS = {
    "not msgpack": b"\xc1",
    "trailing bytes": encode_chunk([b"a"]) + b"\x00",
    "not an array": msgpack.packb(b"abc"),
    "empty": msgpack.packb([]),
    "17 entries": msgpack.packb([b"a"] * 17),
    "a string": msgpack.packb([b"a", "b"]),
}


@pytest.mark.parametrize("value", BAD_CHUNKS.values(), ids=BAD_CHUNKS.keys())
def test_a_malformed_chunk_is_refused(value: bytes) -> None:
    with pytest.raises(DecodeError, match="chunk"):
        decode_chunk(value)


def test_a_chunk_of_no_or_too_many_entries_cannot_be_made() -> None:
    for count in (0, CHUNK_WIDTH + 1):
        with pytest.raises(ValueError, match="1 to 16"):
            encode_chunk([b"x"] * count)


# In a store -------------------------------------------------------------------------------


def _build(path: Path) -> tuple[Chain, list[bytes]]:
    blocks, first = [], 0
    for size in BLOCKS:
        blocks.append([sample_entry(n) for n in range(first, first + size)])
        first += size
    return build_chain(path, blocks), [sample_entry(n).encode() for n in range(first)]


def _records(path: Path, prefix: bytes) -> dict[int, bytes]:
    db = plyvel.DB(str(path))
    try:
        return {
            int.from_bytes(key[1:], "big"): bytes(value)
            for key, value in db.iterator(prefix=prefix)
        }
    finally:
        db.close()


def _unchunk(path: Path) -> None:
    """Make a closed store look written before chunks: one `e` record per entry."""
    db = plyvel.DB(str(path))
    try:
        for key, value in db.iterator(prefix=b"E"):
            first = int.from_bytes(key[1:], "big")
            for offset, data in enumerate(decode_chunk(value)):
                db.put(b"e" + (first + offset).to_bytes(8, "big"), data)
            db.delete(key)
    finally:
        db.close()


def _assert_reads(store: BlockStore, encodings: list[bytes]) -> None:
    assert [store.entry_bytes(i) for i in range(len(encodings))] == encodings
    assert [data for h in range(1, store.height + 1) for data in store.block(h).entries] == (
        encodings
    )
    with pytest.raises(KeyError):
        store.entry_bytes(len(encodings))


def test_each_block_stores_its_entries_in_chunks_cut_at_16(tmp_path: Path) -> None:
    chain, encodings = _build(tmp_path / "store")
    _assert_reads(chain.store, encodings)
    chain.close()
    chunks = _records(tmp_path / "store", b"E")  # 11 records for 92 entries
    assert {first: len(decode_chunk(value)) for first, value in chunks.items()} == {
        0: 15,
        15: 1,
        16: 16,
        32: 1,
        33: 15,
        48: 2,
        50: 14,
        64: 16,
        80: 3,
        83: 3,
        86: 6,
    }
    assert _records(tmp_path / "store", b"e") == {}


def test_a_store_written_before_chunks_reads_the_same_and_appends_chunks(tmp_path: Path) -> None:
    chain, encodings = _build(tmp_path / "store")
    genesis = chain.genesis
    chain.close()
    _unchunk(tmp_path / "store")
    chain = Chain(BlockStore.open(tmp_path / "store", genesis), genesis, notary_keys(1))
    try:
        _assert_reads(chain.store, encodings)
        new = [sample_entry(n) for n in range(len(encodings), len(encodings) + 20)]
        chain.commit_block(new)
        _assert_reads(chain.store, encodings + [entry.encode() for entry in new])
    finally:
        chain.close()
    assert sorted(_records(tmp_path / "store", b"E")) == [92, 96]


def test_a_damaged_chunk_is_named(tmp_path: Path) -> None:
    chain, _encodings = _build(tmp_path / "store")
    genesis = chain.genesis
    chain.close()
    db = plyvel.DB(str(tmp_path / "store"))
    db.put(b"E" + (86).to_bytes(8, "big"), b"\xc1")  # the tip block's only chunk
    db.close()
    with pytest.raises(StoreCorrupted, match="the chunk of entries from 86 on"):
        BlockStore.open(tmp_path / "store", genesis)
