"""Store format versions (ledger/store_format.py): a new store records its format, a store of
the release before versions (tests/fixtures/store-format-0.tar.gz) is refused until
migrated, a newer one always, and migrating twice changes nothing."""

import tarfile
from pathlib import Path

import plyvel
import pytest

from cunzheng.ledger import store_keys
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.store import BlockStore
from cunzheng.ledger.store_format import CURRENT, StoreFormatError, format_of
from tests.support.chain_factory import build_chain, sample_entry

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "store-format-0.tar.gz"


def unpacked_format_0_store(into: Path) -> Path:
    """The fixture store of the release before format versions, unpacked under `into`."""
    with tarfile.open(FIXTURE) as tar:
        tar.extractall(into, filter="data")
    return into / "ledger"


def _raw_format(path: Path) -> int:
    db = plyvel.DB(str(path))
    try:
        return format_of(db)
    finally:
        db.close()


def _set_raw_format(path: Path, version: int) -> None:
    db = plyvel.DB(str(path))
    try:
        db.put(store_keys.FORMAT, store_keys.u64(version), sync=True)
    finally:
        db.close()


def test_a_new_store_records_the_current_format(tmp_path: Path) -> None:
    build_chain(tmp_path / "store", [[sample_entry(0)]]).close()
    assert _raw_format(tmp_path / "store") == CURRENT == 1


def test_a_store_of_the_release_before_versions_is_refused_naming_migrate(
    tmp_path: Path,
) -> None:
    path = unpacked_format_0_store(tmp_path)
    with pytest.raises(StoreFormatError, match=r"format 0.*cunzheng migrate --home"):
        BlockStore.open(path)
    assert _raw_format(path) == 0  # refusing wrote nothing


def test_migrating_it_keeps_every_block_and_a_second_run_changes_nothing(
    tmp_path: Path,
) -> None:
    path = unpacked_format_0_store(tmp_path)
    assert BlockStore.migrate(path) == (0, 1)
    store = BlockStore.open(path)
    try:
        assert (store.height, store.ledger_size) == (3, 12)
        assert [len(store.block(h).entries) for h in (1, 2, 3)] == [4, 4, 4]
    finally:
        store.close()
    assert BlockStore.migrate(path) == (1, 1)


def test_a_newer_store_is_refused_by_the_node_and_by_migrate(tmp_path: Path) -> None:
    build_chain(tmp_path / "store", [[sample_entry(0)]]).close()
    _set_raw_format(tmp_path / "store", CURRENT + 1)
    for attempt in (BlockStore.open, BlockStore.migrate):
        with pytest.raises(StoreFormatError, match="newer release"):
            attempt(tmp_path / "store")
    assert _raw_format(tmp_path / "store") == CURRENT + 1


def test_a_store_in_use_is_not_migrated(tmp_path: Path) -> None:
    path = unpacked_format_0_store(tmp_path)
    BlockStore.migrate(path)
    store = BlockStore.open(path)
    try:
        with pytest.raises(LedgerError, match="stop it first"):
            BlockStore.migrate(path)
    finally:
        store.close()
