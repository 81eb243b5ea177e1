"""Backups (docs/cli.md, "cunzheng backup"): the running node snapshots its own store, `restore`
checks everything before a node may use it, and a node restored from a backup catches up."""

import asyncio
import gzip
import io
import json
import tarfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import plyvel
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, make_mocked_request
from click.testing import CliRunner

from cunzheng.cli.backup_cmd import backup_command, restore_command
from cunzheng.ledger.errors import StoreCorrupted
from cunzheng.ledger.keys import NodeKey, write_key_file
from cunzheng.ledger.store import BlockStore
from cunzheng.ledger.validators import Validator
from cunzheng.node.addresses import parse_networks
from cunzheng.node.api.admin import BACKUP_PATH, verify_admin_client
from cunzheng.node.api.errors import ApiError
from cunzheng.node.backup import read_backup, write_backup
from cunzheng.node.config import render_config
from cunzheng.node.node import Node
from cunzheng.node.restore_mark import MARK_NAME
from tests.support.chain_factory import (
    GENESIS_TIME_MS,
    build_chain,
    edit_stored_entry,
    make_genesis,
    notary_keys,
    sample_entry,
)
from tests.support.fast_node import wait_for_height
from tests.support.loopback import LOOPBACK_PARAMS, free_ports
from tests.support.processes import (
    eventually,
    http_json,
    start_node,
    stop,
    wait_ready,
)

Client = TestClient[web.Request, web.Application]
BLOCKS = 4
PER_BLOCK = 5


@pytest.fixture
def backup_file(tmp_path: Path) -> Path:
    """A backup of a 4-block chain (fixed keys), written as the node writes one."""
    blocks = [[sample_entry(b * PER_BLOCK + k) for k in range(PER_BLOCK)] for b in range(BLOCKS)]
    chain = build_chain(tmp_path / "store", blocks)
    work = tmp_path / "work"
    work.mkdir()
    try:
        return write_backup(chain.store, work, GENESIS_TIME_MS)
    finally:
        chain.close()


def _restore(backup: Path, home: Path) -> tuple[int, str]:
    result = CliRunner().invoke(restore_command, [str(backup), "--home", str(home)])
    return result.exit_code, result.output


def _assert_nothing_restored(home: Path) -> None:
    # Not even an empty data folder: restore made it, and a refused restore takes it away.
    assert not (home / "data").exists(), list((home / "data").iterdir())


def test_a_backup_restores_the_whole_chain(backup_file: Path, tmp_path: Path) -> None:
    manifest = read_backup(backup_file)
    assert (manifest.height, manifest.ledger_size) == (BLOCKS, BLOCKS * PER_BLOCK)
    code, output = _restore(backup_file, tmp_path / "home")
    assert code == 0, output
    assert "every block was replayed" in output
    assert "will sign nothing until" in output
    assert (tmp_path / "home" / "data" / MARK_NAME).is_file()
    restored = BlockStore.open(tmp_path / "home" / "data" / "ledger")
    original = BlockStore.open(tmp_path / "store")
    try:
        assert restored.height == original.height == BLOCKS
        for height in range(1, BLOCKS + 1):
            assert restored.header(height) == original.header(height)
        assert restored.ledger_root == original.ledger_root
    finally:
        restored.close()
        original.close()


def test_restore_refuses_a_home_that_holds_a_store(backup_file: Path, tmp_path: Path) -> None:
    (tmp_path / "home" / "data" / "ledger").mkdir(parents=True)
    code, output = _restore(backup_file, tmp_path / "home")
    assert code == 1 and "already exists" in output


def test_restore_refuses_a_truncated_backup(backup_file: Path, tmp_path: Path) -> None:
    data = backup_file.read_bytes()
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(data[: len(data) // 2])
    code, output = _restore(truncated, tmp_path / "home")
    assert code == 1 and "damaged or truncated" in output, output
    _assert_nothing_restored(tmp_path / "home")


def test_restore_refuses_a_damaged_backup(backup_file: Path, tmp_path: Path) -> None:
    data = bytearray(backup_file.read_bytes())
    data[len(data) // 2] ^= 0x01
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(bytes(data))
    code, output = _restore(damaged, tmp_path / "home")
    assert code == 1 and "nothing was restored" in output, output
    _assert_nothing_restored(tmp_path / "home")


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    other = tmp_path / "other.tar.gz"
    other.write_bytes(gzip.compress(b"not a tar file" * 100))
    code, output = _restore(other, tmp_path / "home")
    assert code == 1 and "damaged or truncated" in output, output


def test_restore_refuses_a_backup_of_another_chain(backup_file: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    other = make_genesis(notary_keys(2), chain_id="another-chain")
    (home / "genesis.json").write_text(other.to_file_text(), "utf-8")
    code, output = _restore(backup_file, home)
    assert code == 1 and "another chain" in output, output
    _assert_nothing_restored(home)


def test_restore_replays_every_block_not_only_the_tip(tmp_path: Path) -> None:
    blocks = [[sample_entry(b * PER_BLOCK + k) for k in range(PER_BLOCK)] for b in range(BLOCKS)]
    build_chain(tmp_path / "store", blocks).close()
    db = plyvel.DB(str(tmp_path / "store"))
    edit_stored_entry(db, PER_BLOCK + 1, sample_entry(999).encode())  # block 2
    db.close()
    store = BlockStore.open(tmp_path / "store")  # the tip still checks
    (tmp_path / "work").mkdir()
    try:
        archive = write_backup(store, tmp_path / "work", GENESIS_TIME_MS)
    finally:
        store.close()
    code, output = _restore(archive, tmp_path / "home")
    assert code == 1 and "fails replay" in output and "block 2" in output, output
    _assert_nothing_restored(tmp_path / "home")


def _backup_of_edited_store(tmp_path: Path, edit: Callable[[Any], None]) -> Path:
    """A backup of a 4-block chain whose LevelDB records `edit(db)` changed afterwards, written
    as the node writes one (so its manifest's hashes are those of the edited files)."""
    blocks = [[sample_entry(b * PER_BLOCK + k) for k in range(PER_BLOCK)] for b in range(BLOCKS)]
    build_chain(tmp_path / "store", blocks).close()
    db = plyvel.DB(str(tmp_path / "store"))
    edit(db)
    db.close()
    store = BlockStore.open(tmp_path / "store")  # the tip still checks
    (tmp_path / "work").mkdir()
    try:
        return write_backup(store, tmp_path / "work", GENESIS_TIME_MS)
    finally:
        store.close()


NEVER_COMMITTED = sample_entry(999).leaf_hash()
FIRST = sample_entry(0).leaf_hash()


def test_restore_refuses_an_index_pointing_a_new_id_at_leaf_0(tmp_path: Path) -> None:
    archive = _backup_of_edited_store(tmp_path, lambda db: db.put(b"i" + NEVER_COMMITTED, bytes(8)))
    store = BlockStore.open(tmp_path / "store")  # what a node would answer from
    try:
        assert store.leaf_index_of(NEVER_COMMITTED) == 0  # "committed": the lie
    finally:
        store.close()
    code, output = _restore(archive, tmp_path / "home")
    assert code == 1 and "entry id index holds 21 records, the blocks give 20" in output, output
    _assert_nothing_restored(tmp_path / "home")


def _moved_id_record(db: Any) -> None:
    db.delete(b"i" + FIRST)
    db.put(b"i" + NEVER_COMMITTED, bytes(8))


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (_moved_id_record, f"no record for entry {FIRST.hex()}"),
        (lambda db: db.put(b"d" + b"sha256\x00" + bytes(32) + bytes(8), b""), "digest index holds"),
        (lambda db: db.put(b"s" + (7).to_bytes(8, "big"), (1).to_bytes(8, "big")), "size index"),
        (lambda db: db.put(b"i" + FIRST, (3).to_bytes(8, "big")), "leaf index 3 for entry"),
    ],
    ids=["id moved", "digest added", "size added", "id pointing elsewhere"],
)
def test_restore_refuses_indexes_that_are_not_the_blocks(
    tmp_path: Path, edit: Callable[[Any], None], said: str
) -> None:
    code, output = _restore(_backup_of_edited_store(tmp_path, edit), tmp_path / "home")
    assert code == 1 and "fails replay" in output and said in output, output
    _assert_nothing_restored(tmp_path / "home")


def test_a_store_whose_tip_block_index_is_wrong_does_not_open(tmp_path: Path) -> None:
    blocks = [[sample_entry(b * PER_BLOCK + k) for k in range(PER_BLOCK)] for b in range(BLOCKS)]
    build_chain(tmp_path / "store", blocks).close()
    last = sample_entry(BLOCKS * PER_BLOCK - 1).leaf_hash()
    db = plyvel.DB(str(tmp_path / "store"))
    db.put(b"i" + last, (0).to_bytes(8, "big"))
    db.close()
    with pytest.raises(StoreCorrupted, match=f"leaf index 0 for entry {last.hex()}"):
        BlockStore.open(tmp_path / "store")


def _with_manifest(archive: Path, change: Callable[[dict[str, Any]], None], into: Path) -> Path:
    # The backup `archive` with its manifest changed by `change`, its store files as they were.
    with tarfile.open(archive, "r:gz") as source, tarfile.open(into, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "cunzheng-backup.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return into


def test_restore_caps_the_unpacked_size_before_writing(backup_file: Path, tmp_path: Path) -> None:
    def enormous(manifest: dict[str, Any]) -> None:
        manifest["files"][0]["size"] = 2**50  # one PiB, in a file of a few KiB

    bomb = _with_manifest(backup_file, enormous, tmp_path / "bomb.tar.gz")
    code, output = _restore(bomb, tmp_path / "home")
    assert code == 1 and f"would take {2**50 + sum_of_others(backup_file)} bytes" in output, output
    _assert_nothing_restored(tmp_path / "home")
    assert not (tmp_path / "home").exists()


def sum_of_others(archive: Path) -> int:
    """The size of every store file of `archive` but the first its manifest lists."""
    return sum(stored.size for stored in read_backup(archive).files[1:])


def test_a_refused_restore_keeps_a_data_folder_that_was_there(
    backup_file: Path, tmp_path: Path
) -> None:
    guard = tmp_path / "home" / "data" / "signing_guard"
    guard.parent.mkdir(parents=True)
    guard.write_bytes(b"kept")
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(backup_file.read_bytes()[:200])
    code, _output = _restore(truncated, tmp_path / "home")
    assert code == 1 and sorted(guard.parent.iterdir()) == [guard]


async def test_the_admin_endpoint_sends_a_checked_backup(
    api: Client, lone_node: Node, tmp_path: Path
) -> None:
    await _submit(api, 10)
    await wait_for_height(lone_node, 1)
    response = await api.post(BACKUP_PATH)
    assert response.status == 200 and response.content_type == "application/gzip"
    archive = tmp_path / "backup.tar.gz"
    archive.write_bytes(await response.read())
    manifest = read_backup(archive)
    assert manifest.height >= 1 and manifest.ledger_size == 10
    assert manifest.genesis_hash == lone_node.genesis.hash()


async def _submit(api: Client, count: int) -> None:
    entries = [{"digest": f"{n:064x}"} for n in range(count)]
    response = await api.post("/v1/entries", json={"entries": entries})
    assert response.status == 202


async def test_one_backup_at_a_time(api: Client) -> None:
    first, second = await asyncio.gather(api.post(BACKUP_PATH), api.post(BACKUP_PATH))
    assert sorted([first.status, second.status]) == [200, 409]


def test_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    existing = tmp_path / "backup.tar.gz"
    existing.write_bytes(b"an older backup")
    arguments = ["--node", "http://127.0.0.1:9", "--out", str(existing)]
    result = CliRunner().invoke(backup_command, arguments)
    assert result.exit_code == 1 and "already exists" in result.output
    assert existing.read_bytes() == b"an older backup"


async def test_the_admin_endpoint_refuses_proxied_requests(api: Client) -> None:
    response = await api.post(BACKUP_PATH, headers={"X-Forwarded-For": "127.0.0.1"})
    assert response.status == 403
    assert (await response.json())["error"]["code"] == "admin_forbidden"


def _request_from(address: str) -> web.Request:
    transport = mock.Mock()
    transport.get_extra_info.return_value = (address, 40000)
    return make_mocked_request("POST", BACKUP_PATH, transport=transport)


def test_admin_clients_are_loopback_or_allowed() -> None:
    allowed = parse_networks(["10.0.0.0/24", "2001:db8::7"])
    for address in ("127.0.0.1", "::1", "::ffff:127.0.0.1", "10.0.0.9", "2001:db8::7"):
        verify_admin_client(_request_from(address), allowed)
    for address in ("10.0.1.9", "192.0.2.1", "2001:db8::8"):
        with pytest.raises(ApiError) as refused:
            verify_admin_client(_request_from(address), allowed)
        assert refused.value.status == 403 and address in refused.value.message


# A real node under load, backed up, and a new node restored from the backup ----------------


class Submitter(threading.Thread):
    """Posts batches of fresh digests until halted."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.next_digest, self.acknowledged = url, 0, 0
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            batch = [
                {"digest": f"{n:064x}"} for n in range(self.next_digest, self.next_digest + 25)
            ]
            self.next_digest += 25
            code, _ = http_json(f"{self.url}/v1/entries", {"entries": batch}, timeout=5)
            self.acknowledged += 25 if code == 202 else 0
            time.sleep(0.02)


def _status(url: str) -> dict[str, Any]:
    answer: dict[str, Any] = http_json(f"{url}/v1/status")[1]
    return answer


def _block_hashes(url: str, height: int) -> list[str]:
    hashes: list[str] = []
    for first in range(1, height + 1, 100):
        limit = min(100, height - first + 1)
        hashes += [
            b["hash"] for b in http_json(f"{url}/v1/blocks?from={first}&limit={limit}")[1]["blocks"]
        ]
    return hashes


class Homes:
    """A lone validator whose observer (another key) is allowed to follow it."""

    def __init__(self, root: Path) -> None:
        (validator,) = notary_keys(1)
        observer = NodeKey.from_seed("auditor", bytes([7] * 32))
        self.genesis = make_genesis([validator], params=LOOPBACK_PARAMS)
        api_0, p2p_0, api_1, p2p_1 = (f"127.0.0.1:{port}" for port in free_ports(4))
        observer_vkey = Validator(observer.name, observer.public_key, 1).vkey()
        self.validator = self._home(
            root / "validator", validator, render_config(api_0, p2p_0, [], [observer_vkey])
        )
        self.observer = self._home(
            root / "observer", observer, render_config(api_1, p2p_1, [f"http://{p2p_0}"])
        )
        self.urls = (f"http://{api_0}", f"http://{api_1}")

    def _home(self, home: Path, key: NodeKey, config: str) -> Path:
        home.mkdir(parents=True)
        (home / "config.toml").write_text(config, "utf-8")
        write_key_file(home / "node_key.json", key)
        (home / "genesis.json").write_text(self.genesis.to_file_text(), "utf-8")
        return home


def _restore_a_prefix(backup: Path, home: Path, url: str) -> None:
    """Restore `backup` into `home`: its blocks must be those the node at `url` serves."""
    code, output = _restore(backup, home)
    assert code == 0, output
    restored = BlockStore.open(home / "data" / "ledger")
    try:
        height = restored.height
        headers = [restored.header(h).hash().hex() for h in range(1, height + 1)]
    finally:
        restored.close()
    assert height == read_backup(backup).height
    assert headers == _block_hashes(url, height), "not a prefix of the node's chain"


def test_a_backup_under_load_restores_and_the_new_node_syncs_the_rest(tmp_path: Path) -> None:
    homes = Homes(tmp_path / "homes")
    validator_url, observer_url = homes.urls
    validator = start_node(homes.validator)
    observer = None
    submitter = Submitter(validator_url)
    try:
        wait_ready(validator_url, validator)
        submitter.start()
        eventually(lambda: _status(validator_url)["height"] >= 3, 30, "a few blocks")
        backup = tmp_path / "backup.tar.gz"
        result = CliRunner().invoke(backup_command, ["--node", validator_url, "--out", str(backup)])
        assert result.exit_code == 0, result.output
        backed_up = read_backup(backup).height
        eventually(lambda: _status(validator_url)["height"] >= backed_up + 3, 30, "blocks after it")
        submitter.halt.set()
        submitter.join(timeout=10)

        _restore_a_prefix(backup, homes.observer, validator_url)
        observer = start_node(homes.observer)
        wait_ready(observer_url, observer)
        eventually(
            lambda: _status(validator_url)["mempool_size"] == 0, 30, "the load to be committed"
        )
        tip = _status(validator_url)["height"]
        eventually(lambda: _status(observer_url)["height"] >= tip, 30, "the observer to sync")
        assert _block_hashes(observer_url, tip) == _block_hashes(validator_url, tip)
        assert _status(observer_url)["ledger_size"] >= submitter.acknowledged > 0
    finally:
        submitter.halt.set()
        for process in (validator, observer):
            if process is not None:
                stop(process)
