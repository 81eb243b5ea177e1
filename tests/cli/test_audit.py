"""`cunzheng audit` and `cunzheng export`: replaying stores, nodes and packages, and comparing.

Nodes are played by `StoreNode`, a small threaded HTTP server answering GET /v1/status,
/v1/blocks, /v1/checkpoint and /v1/consistency from a real chain's store the way node/api/routes.py
does, with knobs to misbehave. The commands run in-process through click's CliRunner.
"""

import hashlib
import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import plyvel
from click.testing import CliRunner, Result

from cunzheng.cli.audit_cmd import audit_command
from cunzheng.cli.export_cmd import export_command
from cunzheng.ledger.block import Header
from cunzheng.ledger.store import BlockStore
from tests.support.chain_factory import Chain, build_chain, edit_stored_entry, sample_entry
from tests.support.processes import http_json, start_node, stop, wait_ready, write_homes
from tests.support.store_node import StoreNode, serving

BLOCKS = [[sample_entry(0), sample_entry(1)], [sample_entry(2)], [], [sample_entry(3)]]


def chain_at(path: Path, blocks: list[list[Any]] = BLOCKS) -> Chain:
    return build_chain(path, blocks, validators=4, signers=[0, 1, 2])


def closed_store(path: Path, blocks: list[list[Any]] = BLOCKS) -> Path:
    chain_at(path, blocks).close()
    return path


def genesis_file(directory: Path) -> Path:
    chain = chain_at(directory / "genesis-store", [])
    chain.close()
    path = directory / "genesis.json"
    path.write_text(chain.genesis.to_file_text(), encoding="utf-8")
    return path


def run(command: Any, *args: str | Path) -> Result:
    return CliRunner().invoke(command, [str(a) for a in args])


def audit_json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    result = run(audit_command, *args, "--json")
    return result.exit_code, json.loads(result.stdout)


def test_a_clean_store_passes(tmp_path: Path) -> None:
    store = closed_store(tmp_path / "store")
    result = run(audit_command, "--store", store, "--genesis", genesis_file(tmp_path))
    assert result.exit_code == 0, result.output
    assert f"  ok     store {store}: height 4" in result.stdout
    assert "Replayed 4 blocks, 4 entries" in result.stdout
    assert result.stdout.rstrip().endswith("Result: OK")
    assert "WARNING" not in result.stdout


def test_a_store_carries_its_genesis_with_a_warning(tmp_path: Path) -> None:
    store = closed_store(tmp_path / "store")
    result = run(audit_command, "--store", store)
    assert result.exit_code == 0, result.output
    assert f"the genesis was taken from store {store}" in result.stdout
    assert "only as trustworthy as that source" in result.stdout
    code, report = audit_json("--store", store)
    assert (code, report["genesis"]["taken_from"]) == (0, f"store {store}")


def test_a_block_edited_in_leveldb_is_named_by_height(tmp_path: Path) -> None:
    # Block 2 holds leaves 2 and 3; opening the store checks only the tip block (4).
    blocks = [[sample_entry(n) for n in numbers] for numbers in ([0, 1], [2, 3], [4, 5], [6])]
    store = closed_store(tmp_path / "store", blocks)
    db = plyvel.DB(str(store))
    edit_stored_entry(db, 3, sample_entry(99).encode())
    db.close()
    result = run(audit_command, "--store", store)
    assert result.exit_code == 1
    assert f"  FAILED store {store}: height 1" in result.stdout
    assert "block 2 fails the ledger_root check" in result.stdout
    code, report = audit_json("--store", store)
    failure = report["sources"][0]["failure"]
    assert (code, failure["height"], failure["check"]) == (1, 2, "ledger_root")


def test_a_header_edited_in_leveldb_breaks_its_commit(tmp_path: Path) -> None:
    store = closed_store(tmp_path / "store")
    db = plyvel.DB(str(store))
    key = b"h" + (2).to_bytes(8, "big")
    header = Header.decode(db.get(key))
    db.put(key, replace(header, time_ms=header.time_ms + 1).encode())
    db.close()
    code, report = audit_json("--store", store)
    failure = report["sources"][0]["failure"]
    assert (code, failure["height"], failure["check"]) == (1, 2, "commit")


def test_a_store_in_use_is_unavailable_with_the_reason(tmp_path: Path) -> None:
    chain = chain_at(tmp_path / "store")
    try:
        code, report = audit_json(
            "--store", tmp_path / "store", "--genesis", genesis_file(tmp_path)
        )
    finally:
        chain.close()
    assert code == 1
    row = report["sources"][0]
    assert row["result"] == "unavailable"
    assert "read only while its node is stopped" in row["unavailable"]


def test_nodes_that_agree_pass_and_lag_is_reported(tmp_path: Path) -> None:
    ahead = chain_at(tmp_path / "a")
    behind = chain_at(tmp_path / "b", BLOCKS[:3])
    try:
        with serving(StoreNode(ahead.store)) as url_a, serving(StoreNode(behind.store)) as url_b:
            code, report = audit_json(
                "--node", url_a, "--node", url_b, "--genesis", genesis_file(tmp_path)
            )
    finally:
        ahead.close()
        behind.close()
    assert code == 0, report
    rows = {row["source"]: row for row in report["sources"]}
    assert (rows[f"node {url_a}"]["height"], rows[f"node {url_a}"]["lag"]) == (4, 0)
    assert (rows[f"node {url_b}"]["height"], rows[f"node {url_b}"]["lag"]) == (3, 1)
    assert report["replayed"] == {"blocks": 4, "entries": 4}


def test_a_node_serving_a_different_block_is_a_divergence(tmp_path: Path) -> None:
    honest = chain_at(tmp_path / "a")
    forked = chain_at(tmp_path / "b", [BLOCKS[0], [sample_entry(9)], *BLOCKS[2:]])
    genesis = genesis_file(tmp_path)
    try:
        with serving(StoreNode(honest.store)) as url_a, serving(StoreNode(forked.store)) as url_b:
            result = run(audit_command, "--node", url_a, "--node", url_b, "--genesis", genesis)
            code, report = audit_json("--node", url_a, "--node", url_b, "--genesis", genesis)
        header_a, header_b = honest.store.header(2), forked.store.header(2)
    finally:
        honest.close()
        forked.close()
    assert result.exit_code == code == 1
    assert "Sources diverge first at height 2 (a fork):" in result.stdout
    assert header_a.hash().hex() in result.stdout and header_b.hash().hex() in result.stdout
    divergence = report["divergence"]
    assert divergence["height"] == 2
    versions = {tuple(v["sources"]): v for v in divergence["versions"]}
    assert versions[(f"node {url_a}",)]["header_bytes"] == header_a.encode().hex()
    assert versions[(f"node {url_b}",)]["header_bytes"] == header_b.encode().hex()
    assert {"commit", "commit_bytes", "header", "block_hash"} <= set(versions[(f"node {url_b}",)])


def test_a_node_answering_short_pages_is_read_to_its_tip(tmp_path: Path) -> None:
    # A node ends a page of blocks at [api] page_bytes: here after every block.
    chain = chain_at(tmp_path / "a")
    package = tmp_path / "package"
    genesis = genesis_file(tmp_path)
    try:
        with serving(StoreNode(chain.store, page_blocks=1)) as url:
            code, report = audit_json("--node", url, "--genesis", genesis)
            exported = run(export_command, "--node", url, "--out", package, "--genesis", genesis)
    finally:
        chain.close()
    assert code == 0 and report["sources"][0]["height"] == 4, report
    assert exported.exit_code == 0, exported.output
    assert json.loads((package / "MANIFEST.json").read_text("utf-8"))["height"] == 4


def test_a_node_missing_a_block_fails_at_that_height(tmp_path: Path) -> None:
    chain = chain_at(tmp_path / "a")
    try:
        with (
            serving(StoreNode(chain.store, skip={3})) as gap,
            serving(StoreNode(chain.store, announce=6)) as short,
        ):
            code, report = audit_json(
                "--node", gap, "--node", short, "--genesis", genesis_file(tmp_path)
            )
    finally:
        chain.close()
    assert code == 1
    rows = {row["source"]: row for row in report["sources"]}
    failure = rows[f"node {gap}"]["failure"]
    assert (failure["height"], failure["check"]) == (3, "height")
    assert "block 3 is missing: the source went on with block 4" in failure["message"]
    failure = rows[f"node {short}"]["failure"]
    assert (failure["height"], failure["check"]) == (5, "height")
    assert "announced height 6 but served blocks only up to 4" in failure["message"]


def test_the_json_report_has_a_stable_shape(tmp_path: Path) -> None:
    store = closed_store(tmp_path / "store")
    report_path = tmp_path / "report.json"
    result = run(audit_command, "--store", store, "--report", report_path)
    assert result.exit_code == 0
    report = json.loads(report_path.read_text("utf-8"))
    assert set(report) == {
        "result", "exit_code", "chain_id", "highest", "sources", "divergence", "replayed",
        "genesis", "resumed_from", "state", "seconds",
    }  # fmt: skip
    assert (report["result"], report["exit_code"], report["highest"]) == ("ok", 0, 4)
    assert set(report["sources"][0]) == {
        "source", "result", "height", "lag", "ledger_size", "ledger_root", "tip_hash",
        "failure", "unavailable",
    }  # fmt: skip
    assert report["sources"][0]["ledger_size"] == 4


def test_export_then_audit_the_package_offline(tmp_path: Path) -> None:
    chain = chain_at(tmp_path / "a")
    genesis = genesis_file(tmp_path)
    package = tmp_path / "package"
    try:
        with serving(StoreNode(chain.store)) as url:
            exported = run(export_command, "--node", url, "--out", package, "--genesis", genesis)
            assert exported.exit_code == 0, exported.output
            code, report = audit_json("--package", package, "--node", url, "--genesis", genesis)
    finally:
        chain.close()
    assert "SHA-256 of MANIFEST.json: " in exported.stdout
    assert code == 0, report
    assert [row["height"] for row in report["sources"]] == [4, 4]
    manifest = json.loads((package / "MANIFEST.json").read_text("utf-8"))
    assert (manifest["height"], manifest["ledger_size"]) == (4, 4)
    assert [f["path"] for f in manifest["files"]] == [
        "blocks/00000001.msgpack", "checkpoints/4.txt", "genesis.json", "validators.json",
    ]  # fmt: skip
    alone = run(audit_command, "--package", package)
    assert alone.exit_code == 0, alone.output
    assert f"the genesis was taken from package {package}" in alone.stdout


def _exported(tmp_path: Path) -> Path:
    chain = chain_at(tmp_path / "a")
    try:
        with serving(StoreNode(chain.store)) as url:
            package = tmp_path / "package"
            result = run(
                export_command, "--node", url, "--out", package, "--genesis", genesis_file(tmp_path)
            )
            assert result.exit_code == 0, result.output
    finally:
        chain.close()
    return package


def test_a_tampered_package_file_is_refused_by_name(tmp_path: Path) -> None:
    package = _exported(tmp_path)
    page = package / "blocks" / "00000001.msgpack"
    data = bytearray(page.read_bytes())
    data[-1] ^= 1
    page.write_bytes(bytes(data))
    result = run(audit_command, "--package", package)
    assert result.exit_code == 1
    assert "package file blocks/00000001.msgpack was altered" in result.output
    code, report = audit_json("--package", package, "--genesis", genesis_file(tmp_path))
    assert (code, report["sources"][0]["result"]) == (1, "unavailable")
    assert "blocks/00000001.msgpack was altered" in report["sources"][0]["unavailable"]
    page.write_bytes(bytes(data[:-1]) + bytes([data[-1] ^ 1]))
    (package / "notes.txt").write_text("added", encoding="utf-8")
    added = run(audit_command, "--package", package)
    assert added.exit_code == 1
    assert "package file notes.txt is not listed in MANIFEST.json" in added.output


def test_a_package_edited_with_its_manifest_fails_replay(tmp_path: Path) -> None:
    package = _exported(tmp_path)
    checkpoint = package / "checkpoints" / "4.txt"
    text = checkpoint.read_text("utf-8")
    lines = text.splitlines(keepends=True)
    checkpoint.write_text("".join(lines[:5]), encoding="utf-8")  # body, blank line, one signer
    manifest = json.loads((package / "MANIFEST.json").read_text("utf-8"))
    for item in manifest["files"]:
        if item["path"] == "checkpoints/4.txt":
            data = checkpoint.read_bytes()
            item["size"], item["sha256"] = len(data), hashlib.sha256(data).hexdigest()
    (package / "MANIFEST.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, report = audit_json("--package", package)
    failure = report["sources"][0]["failure"]
    assert (code, failure["check"], failure["height"]) == (1, "checkpoint", 4)


def test_export_refuses_a_ledger_that_does_not_replay(tmp_path: Path) -> None:
    store = closed_store(tmp_path / "store")
    db = plyvel.DB(str(store))
    edit_stored_entry(db, 0, sample_entry(99).encode())
    db.close()
    chain = BlockStore.open(store)
    try:
        with serving(StoreNode(chain)) as url:
            result = run(
                export_command,
                "--node",
                url,
                "--out",
                tmp_path / "p",
                "--genesis",
                genesis_file(tmp_path),
            )
    finally:
        chain.close()
    assert result.exit_code == 1
    assert "block 1 fails the ledger_root check" in result.output
    assert "no package was written" in result.output
    assert not (tmp_path / "p").exists()


def test_a_saved_state_resumes_and_catches_a_rewritten_ledger(tmp_path: Path) -> None:
    state = tmp_path / "audit-state.json"
    first = closed_store(tmp_path / "first", BLOCKS[:3])
    code, report = audit_json("--store", first, "--state", state)
    assert (code, report["state"]["updated"], report["state"]["height"]) == (0, True, 3)
    longer = closed_store(tmp_path / "longer")
    code, report = audit_json("--store", longer, "--state", state)
    assert (code, report["resumed_from"], report["replayed"]["blocks"]) == (0, 3, 1)
    assert report["state"]["height"] == 4
    rewritten = closed_store(
        tmp_path / "rewritten", [BLOCKS[0], [sample_entry(8)], [], [sample_entry(3)]]
    )
    result = run(audit_command, "--store", rewritten, "--state", state)
    assert result.exit_code == 1
    assert "the ledger was rewritten after your last audit" in result.stdout
    assert "saved:" in result.stdout and "found:" in result.stdout
    code, report = audit_json("--store", rewritten, "--state", state)
    failure = report["sources"][0]["failure"]
    assert failure["check"] == "saved_state"
    assert failure["saved"]["block_hash"] != failure["found"]["block_hash"]
    assert report["state"] == {"file": str(state), "updated": False, "height": None}


def test_usage_errors(tmp_path: Path) -> None:
    assert run(audit_command).exit_code == 2
    only_nodes = run(audit_command, "--node", "http://127.0.0.1:9")
    assert only_nodes.exit_code == 2
    assert "--genesis is required" in only_nodes.output
    assert (
        run(audit_command, "--node", "ftp://x", "--genesis", genesis_file(tmp_path)).exit_code == 2
    )


def _wait_for_height(url: str, height: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while http_json(f"{url}/v1/status")[1]["height"] < height:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not reach height {height}")
        time.sleep(0.1)


def test_real_single_node_chains_fork_and_export(tmp_path: Path) -> None:
    # Two single-notary nodes of one genesis commit their own blocks: a fork from height 1,
    # signed by the same key. One of them is exported and its package checked against it.
    processes, urls = [], []
    try:
        for name in ("one", "two"):
            _, homes, [url] = write_homes(tmp_path / name, 1)
            processes.append(start_node(homes[0]))
            urls.append(url)
        for process, url in zip(processes, urls, strict=True):
            wait_ready(url, process)
            http_json(f"{url}/v1/entries", {"digest": hashlib.sha256(url.encode()).hexdigest()})
        for url in urls:
            _wait_for_height(url, 2)
        genesis = tmp_path / "one" / "notary-a" / "genesis.json"
        code, report = audit_json("--node", urls[0], "--node", urls[1], "--genesis", genesis)
        package = tmp_path / "package"
        exported = run(export_command, "--node", urls[0], "--out", package, "--genesis", genesis)
        package_code, package_report = audit_json("--package", package, "--node", urls[0])
    finally:
        for process in processes:
            stop(process)
    assert code == 1
    assert report["divergence"]["height"] == 1
    assert [row["result"] for row in report["sources"]] == ["ok", "ok"]
    assert exported.exit_code == 0, exported.output
    assert package_code == 0, package_report
