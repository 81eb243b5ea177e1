"""cunzheng.ledger.store_keys: the keys are byte for byte those of docs/storage-and-proofs.md,
and a real store writes no other prefix than the ones the table lists."""

import re
from pathlib import Path

import plyvel

from cunzheng.ledger import store_keys
from cunzheng.ledger.store_keys import (
    after,
    commit_key,
    digest_prefix,
    entry_chunk_key,
    entry_id_key,
    entry_key,
    first_leaf_of,
    header_key,
    height_by_size_key,
    node_key,
    pending_key,
    read_u64,
    tile_key,
    timestamps_prefix,
    u64,
)
from tests.support.chain_factory import build_chain, sample_entry

DOCS = Path(__file__).resolve().parents[2] / "docs" / "storage-and-proofs.md"


def documented_prefixes() -> set[bytes]:
    """The first cell of each row of the LevelDB layout table: `x` or `x` followed by parts."""
    table = DOCS.read_text(encoding="utf-8").split("## LevelDB layout", 1)[1].split("\n## ")[0]
    return {match.encode() for match in re.findall(r"^\| `(.)`", table, flags=re.MULTILINE)}


def test_every_key_is_its_prefix_and_big_endian_integers() -> None:
    assert u64(258) == b"\x00" * 6 + b"\x01\x02"
    assert read_u64(u64(2**64 - 1)) == 2**64 - 1
    assert header_key(1) == b"h" + u64(1)
    assert commit_key(7) == b"c" + u64(7)
    assert height_by_size_key(1000) == b"s" + u64(1000)
    assert entry_chunk_key(16) == b"E" + u64(16)
    assert entry_key(5) == b"e" + u64(5)
    assert first_leaf_of(entry_chunk_key(48)) == first_leaf_of(entry_key(48)) == 48
    assert entry_id_key(bytes(32)) == b"i" + bytes(32)
    assert digest_prefix("sha256") == b"dsha256\x00"
    assert node_key(3, 258) == b"n\x03" + u64(258)
    assert tile_key(9) == b"l" + u64(9)
    assert pending_key(b"\xff" * 32) == b"p" + b"\xff" * 32
    assert timestamps_prefix(12) == b"x" + u64(12)
    assert after(b"s") == b"t"


def test_the_documented_table_lists_every_prefix_named_here() -> None:
    named = {
        value
        for name, value in vars(store_keys).items()
        if name.isupper() and isinstance(value, bytes)
    }
    assert named == documented_prefixes()


def test_a_store_writes_only_documented_prefixes(tmp_path: Path) -> None:
    entries = [sample_entry(n) for n in range(40)]
    chain = build_chain(tmp_path / "store", [entries[:17], entries[17:]])
    chain.store.add_pending([(0, sample_entry(99).leaf_hash(), sample_entry(99).encode())])
    chain.store.put_timestamp(40, b"a token")
    chain.close()
    db = plyvel.DB(str(tmp_path / "store"))
    try:
        written = {key[:1] for key in db.iterator(include_value=False)}
    finally:
        db.close()
    # Every prefix this store has a reason to write (no governance entry: no `v`; no record
    # of a store written before chunks: no `e`).
    assert written == documented_prefixes() - {b"v", b"e"}
