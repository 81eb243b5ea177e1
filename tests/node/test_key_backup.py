"""The node key in a backup: sealed with a passphrase by `cunzheng backup --key-from HOME`
(node/sealed_key.py, cli/key_backup.py), put back by `cunzheng restore`, and what restore
says when a home has no key (docs/cli.md, "cunzheng backup")."""

import json
import shutil
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from click.testing import CliRunner

from cunzheng.cli.backup_cmd import backup_command, restore_command
from cunzheng.ledger.keys import NodeKey, load_key_file, write_key_file
from cunzheng.node.backup import add_sealed_key, read_backup, read_manifest, write_backup
from cunzheng.node.sealed_key import SealedKey, SealedKeyError, seal_key
from tests.support.chain_factory import GENESIS_TIME_MS, build_chain, notary_keys, sample_entry

PASSPHRASE = "correct horse battery staple"
KEY = notary_keys(4)[3]


@pytest.fixture(scope="module")
def sealed() -> SealedKey:
    return seal_key(KEY, PASSPHRASE)  # Argon2id takes about a second: seal once


@pytest.fixture
def plain_backup(tmp_path: Path) -> Path:
    chain = build_chain(tmp_path / "store", [[sample_entry(k) for k in range(3)]])
    work = tmp_path / "work"
    work.mkdir()
    try:
        return write_backup(chain.store, work, GENESIS_TIME_MS)
    finally:
        chain.close()


@pytest.fixture
def keyed_backup(plain_backup: Path, sealed: SealedKey, tmp_path: Path) -> Path:
    keyed = tmp_path / "keyed.tar.gz"
    add_sealed_key(plain_backup, sealed, keyed)
    return keyed


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase"
    path.write_text(PASSPHRASE + "\n", "utf-8")
    return path


def _status_of(key: NodeKey) -> Callable[..., dict[str, Any]]:
    """GET /v1/status of a node running with `key`, as NodeClient.get_json answers it."""
    return lambda *_: {"node": {"name": key.name, "public_key": key.public_key.hex()}}


def _restore(backup: Path, home: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(restore_command, [str(backup), "--home", str(home), *extra])
    return result.exit_code, result.output


def test_a_sealed_key_opens_with_its_passphrase_only(sealed: SealedKey) -> None:
    assert sealed.open(PASSPHRASE) == KEY
    assert KEY.seed.hex() not in json.dumps(sealed.to_json())
    with pytest.raises(SealedKeyError, match="passphrase does not open"):
        sealed.open(PASSPHRASE + "!")
    flipped = replace(sealed, box=sealed.box[:-1] + bytes([sealed.box[-1] ^ 1]))
    with pytest.raises(SealedKeyError, match="passphrase does not open"):
        flipped.open(PASSPHRASE)


def test_a_sealed_key_labelled_as_another_key_is_refused(sealed: SealedKey) -> None:
    other = notary_keys(4)[0]
    with pytest.raises(SealedKeyError, match="as labelled"):
        replace(sealed, name=other.name, public_key=other.public_key).open(PASSPHRASE)


def test_a_short_passphrase_and_an_extravagant_cost_are_refused(sealed: SealedKey) -> None:
    with pytest.raises(SealedKeyError, match="at least 12"):
        seal_key(KEY, "short")
    costly = {**sealed.to_json(), "memlimit": 1 << 40}
    with pytest.raises(SealedKeyError, match="over the"):
        SealedKey.from_json(costly)


def test_the_key_travels_in_the_manifest_and_the_store_still_checks(
    keyed_backup: Path, sealed: SealedKey
) -> None:
    assert read_manifest(keyed_backup).node_key == sealed
    assert read_backup(keyed_backup).node_key == sealed


def test_restore_puts_the_key_back_with_mode_0600(
    keyed_backup: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    code, output = _restore(keyed_backup, home, "--passphrase-file", str(passphrase_file))
    assert code == 0, output
    assert load_key_file(home / "node_key.json") == KEY
    assert stat.S_IMODE((home / "node_key.json").stat().st_mode) == 0o600
    assert f"node key {KEY.name} restored" in output


def test_a_wrong_passphrase_restores_nothing(keyed_backup: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase at all\n", "utf-8")
    code, output = _restore(keyed_backup, home, "--passphrase-file", str(wrong))
    assert code == 1 and "passphrase does not open" in output
    assert not home.exists()


def test_the_passphrase_may_be_typed(keyed_backup: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = CliRunner().invoke(
        restore_command, [str(keyed_backup), "--home", str(home)], input=PASSPHRASE + "\n"
    )
    assert result.exit_code == 0, result.output
    assert load_key_file(home / "node_key.json") == KEY


def test_a_home_holding_another_key_restores_nothing(keyed_backup: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    write_key_file(home / "node_key.json", notary_keys(4)[0])
    code, output = _restore(keyed_backup, home)
    assert code == 1 and "the backup holds" in output
    assert not (home / "data").exists()
    assert load_key_file(home / "node_key.json") == notary_keys(4)[0]


def test_a_home_holding_that_key_needs_no_passphrase(keyed_backup: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    write_key_file(home / "node_key.json", KEY)
    code, output = _restore(keyed_backup, home)  # no passphrase file, no input: no prompt
    assert code == 0, output
    assert "no node key" not in output


def test_without_a_key_restore_says_where_to_put_one(plain_backup: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    code, output = _restore(plain_backup, home)
    assert code == 0, output
    key_path = home / "node_key.json"
    assert f"to {key_path}" in output and f"chmod 600 {key_path}" in output
    assert "A lost key" in output


def test_backup_key_from_a_home_seals_it_in(
    plain_backup: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    write_key_file(home / "node_key.json", KEY)
    out = tmp_path / "out.tar.gz"

    def download(node: str, to: Path, timeout_s: float) -> int:
        shutil.copy(plain_backup, to)  # what the node sends: a backup without its key
        return to.stat().st_size

    arguments = ["--node", "http://127.0.0.1:9", "--out", str(out), "--key-from", str(home)]
    with (
        mock.patch("cunzheng.cli.backup_cmd.download_backup", download),
        mock.patch("cunzheng.cli.key_backup.NodeClient.get_json", _status_of(KEY)),
    ):
        result = CliRunner().invoke(
            backup_command, [*arguments, "--passphrase-file", str(passphrase_file)]
        )
    assert result.exit_code == 0, result.output
    assert "sealed with the passphrase" in result.output
    sealed = read_backup(out).node_key
    assert sealed is not None and sealed.open(PASSPHRASE) == KEY
    assert sorted(p.name for p in tmp_path.iterdir() if "out" in p.name) == ["out.tar.gz"]


def test_backup_refuses_a_short_passphrase_before_asking_the_node(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    write_key_file(home / "node_key.json", KEY)
    short = tmp_path / "short"
    short.write_text("tiny\n", "utf-8")
    out = tmp_path / "out.tar.gz"
    arguments = ["--node", "http://127.0.0.1:9", "--out", str(out), "--key-from", str(home)]
    with mock.patch("cunzheng.cli.key_backup.NodeClient.get_json", _status_of(KEY)):
        result = CliRunner().invoke(backup_command, [*arguments, "--passphrase-file", str(short)])
    assert result.exit_code == 1 and "at least 12" in result.output
    assert not out.exists()


def test_backup_refuses_the_key_of_another_node(passphrase_file: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    write_key_file(home / "node_key.json", KEY)
    out = tmp_path / "out.tar.gz"
    arguments = ["--node", "http://127.0.0.1:9", "--out", str(out), "--key-from", str(home)]
    with mock.patch("cunzheng.cli.key_backup.NodeClient.get_json", _status_of(notary_keys(4)[0])):
        result = CliRunner().invoke(
            backup_command, [*arguments, "--passphrase-file", str(passphrase_file)]
        )
    assert result.exit_code == 1 and "not the key of the node" in result.output
    assert not out.exists()
