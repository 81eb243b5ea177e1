"""Upgrading a consortium one notary at a time (deploy/README.md, "Upgrades"): four nodes of
the release before store format versions, run from its source tree, on copies of the store it
wrote (tests/fixtures/store-format-0.tar.gz); each in turn is stopped, refused by this
release, migrated with `cunzheng migrate` and started on this release, while the others keep
committing with stores of the two adjacent formats; and a backup the previous release took,
restored by this one."""

import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tomllib
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

from cunzheng.cli.backup_cmd import restore_command
from cunzheng.cli.migrate_cmd import migrate_command
from cunzheng.ledger.store import BlockStore
from cunzheng.ledger.store_format import StoreFormatError
from cunzheng.node.backup import MANIFEST_NAME, BackupManifest, StoreFile
from tests.ledger.test_store_format import unpacked_format_0_store
from tests.support.processes import (
    REPO,
    eventually,
    http_json,
    start_node,
    stop,
    wait_ready,
    write_homes,
)

# The last commit before store format versions: the previous release, whose nodes the upgrade
# starts from (tests/fixtures/README.md).
PREVIOUS_RELEASE = "5d8d5dde5fd5fd6c745ecc8250730d0b77000b9c"
COUNT = 4


@pytest.fixture(scope="module")
def previous_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The previous release's source tree, unpacked from the repository's history."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", PREVIOUS_RELEASE],
        capture_output=True,
        check=False,
        timeout=60,
    )
    if archive.returncode != 0:
        pytest.skip(f"the previous release is not in this checkout's history: {archive.stderr!r}")
    tree = tmp_path_factory.mktemp("previous-release")
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True, timeout=60)
    return tree


@pytest.fixture
def processes() -> Iterator[dict[int, "subprocess.Popen[bytes]"]]:
    running: dict[int, subprocess.Popen[bytes]] = {}
    yield running
    for process in running.values():
        stop(process)


def _configure_as_the_previous_release(home: Path, previous_release: Path) -> None:
    """Rewrite HOME/config.toml as the previous release's `cunzheng init` wrote it, with the
    same addresses: its parser refuses keys added since, and the upgraded node must read the
    file the operator already has."""
    config = tomllib.loads((home / "config.toml").read_text("utf-8"))
    addresses = [config["api"]["listen"], config["p2p"]["listen"], config["p2p"]["peers"]]
    rendered = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys; from cunzheng.node.config import render_config; "
            "sys.stdout.write(render_config(*json.loads(sys.argv[1])))",
            json.dumps(addresses),
        ],
        cwd=previous_release,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    (home / "config.toml").write_text(rendered.stdout, "utf-8")


def _ready(url: str) -> bool:
    return http_json(f"{url}/readyz")[0] == 200


def _ledger_size(url: str) -> int:
    return int(http_json(f"{url}/v1/status")[1]["ledger_size"])


def _commits_everywhere(urls: list[str], node: int, first: int) -> None:
    before = _ledger_size(urls[node])
    entries = [{"digest": f"{n:064x}"} for n in range(first, first + 5)]
    assert http_json(f"{urls[node]}/v1/entries", {"entries": entries})[0] == 202
    eventually(
        lambda: all(_ledger_size(url) >= before + 5 for url in urls),
        40,
        f"the entries sent to node {node} committed everywhere",
    )


def test_a_consortium_upgrades_one_notary_at_a_time(
    tmp_path: Path, previous_release: Path, processes: dict[int, "subprocess.Popen[bytes]"]
) -> None:
    _, homes, urls = write_homes(tmp_path, COUNT)
    for home in homes:
        (home / "data").mkdir()
        unpacked_format_0_store(home / "data")  # the store the previous release wrote
        _configure_as_the_previous_release(home, previous_release)
    for index, home in enumerate(homes):
        processes[index] = start_node(home, previous_release)
    for index, url in enumerate(urls):
        wait_ready(url, processes[index])
    eventually(lambda: all(_ready(url) for url in urls), 30, "all ready")
    _commits_everywhere(urls, 0, 1_000)

    for index, home in enumerate(homes):
        stop(processes.pop(index))
        with pytest.raises(StoreFormatError, match="cunzheng migrate"):
            BlockStore.open(home / "data" / "ledger")
        migrated = CliRunner().invoke(migrate_command, ["--home", str(home)])
        assert migrated.exit_code == 0 and "from format 0 to format 1" in migrated.output
        processes[index] = start_node(home)
        wait_ready(urls[index], processes[index])
        eventually(partial(_ready, urls[index]), 30, f"node {index} ready")
        _commits_everywhere(urls, index, 2_000 + 100 * index)

    height = min(int(http_json(f"{url}/v1/status")[1]["height"]) for url in urls)
    first_page = f"/v1/blocks?from=1&limit={min(height, 100)}"
    chains = {
        tuple(block["hash"] for block in http_json(url + first_page)[1]["blocks"]) for url in urls
    }
    assert len(chains) == 1, "the nodes disagree about the chain"


def test_migrate_says_what_it_did_and_refuses_a_home_without_a_store(tmp_path: Path) -> None:
    _, homes, _ = write_homes(tmp_path, 1)
    home = homes[0]
    refused = CliRunner().invoke(migrate_command, ["--home", str(home)])
    assert refused.exit_code == 1 and "holds no store" in refused.output
    (home / "data").mkdir()
    unpacked_format_0_store(home / "data")
    first = CliRunner().invoke(migrate_command, ["--home", str(home)])
    assert first.exit_code == 0 and "from format 0 to format 1 and checks" in first.output
    again = CliRunner().invoke(migrate_command, ["--home", str(home)])
    assert again.exit_code == 0 and "format 1 already; nothing was changed" in again.output


def _format_0_backup(tmp_path: Path) -> Path:
    """A backup file as the previous release wrote one: its store of format 0, the manifest
    describing it (the tip read from a migrated copy, which holds the same blocks)."""
    store_dir = unpacked_format_0_store(tmp_path / "old")
    copy = shutil.copytree(store_dir, tmp_path / "copy")
    BlockStore.migrate(copy)
    store = BlockStore.open(copy)
    try:
        tip = (store.genesis.chain_id, store.genesis_hash, store.height, store.ledger_size)
        root = store.ledger_root
    finally:
        store.close()
    files = tuple(
        StoreFile(path.name, path.stat().st_size, hashlib.sha256(path.read_bytes()).digest())
        for path in sorted(store_dir.iterdir())
    )
    manifest = json.dumps(BackupManifest(*tip, root, 0, 0, files).to_json()).encode()
    archive = tmp_path / "previous-release-backup.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo(MANIFEST_NAME)
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
        for stored in files:
            tar.add(store_dir / stored.name, f"ledger/{stored.name}")
    return archive


def test_a_backup_the_previous_release_took_restores_migrated(tmp_path: Path) -> None:
    backup = _format_0_backup(tmp_path)
    home = write_homes(tmp_path / "homes", COUNT)[1][0]  # the fixture's chain
    restored = CliRunner().invoke(restore_command, [str(backup), "--home", str(home)])
    assert restored.exit_code == 0, restored.output
    store = BlockStore.open(home / "data" / "ledger")  # format 1: it opens
    try:
        assert (store.height, store.ledger_size) == (3, 12)
    finally:
        store.close()
