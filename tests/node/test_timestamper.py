"""Trusted time on a running node (node/timestamper.py), with a local `openssl ts` TSA on
127.0.0.1: tokens stored after a commit, served at /v1/timestamps/{size}, carried in proof
bundles, and checked by `cunzheng verify --tsa-anchor`.
"""

import asyncio
import itertools
import json
import logging
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from cunzheng.ledger.bundle import verify_bundle
from cunzheng.ledger.checkpoint import SignedCheckpoint
from cunzheng.ledger.finality import checkpoint_of
from cunzheng.ledger.store import BlockStore
from cunzheng.ledger.timestamp import load_trust_anchors, verify_timestamp, verify_token
from cunzheng.node.api.routes import make_app
from cunzheng.node.config import ConfigError, NodeConfig, TimeSection
from cunzheng.node.node import Node
from cunzheng.node.timestamper import Timestamper
from tests.support.chain_factory import build_chain, make_genesis, notary_keys, sample_entry
from tests.support.cli_runner import run_cunzheng
from tests.support.fast_node import FAST_PARAMS, wait_for_height
from tests.support.tsa import TSA_NAME, LocalTsa, TsaServer, make_ca, make_tsa

WAIT_S = 10


@dataclass(frozen=True)
class Served:
    """A local TSA served over HTTP, and a CA that never certified it."""

    tsa: LocalTsa
    server: TsaServer
    other_ca: Path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("tsa")
    tsa = make_tsa(root / "tsa")
    other_ca, _ = make_ca(root / "other", "another test CA")
    with TsaServer(tsa) as server:
        yield Served(tsa, server, other_ca)


def _dead_url() -> str:
    # A port that was free a moment ago: connecting to it is refused.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/tsa"


async def _wait_for_tokens(store: BlockStore, ledger_size: int) -> list[bytes]:
    for _ in range(WAIT_S * 20):
        tokens = store.timestamps(ledger_size)
        if tokens:
            return tokens
        await asyncio.sleep(0.05)
    raise AssertionError(f"no time-stamp token for ledger size {ledger_size} in {WAIT_S} s")


@pytest.fixture
async def stamping_node(tmp_path: Path, served: Served) -> AsyncIterator[Node]:
    """A lone notary whose checkpoints a dead TSA and the local TSA are asked to stamp."""
    keys = notary_keys(1)
    time = TimeSection(tsa_urls=[_dead_url(), served.server.url], min_interval_s=0)
    node = Node(
        config=NodeConfig(time=time),
        key=keys[0],
        genesis=make_genesis(keys, params=FAST_PARAMS),
        data_dir=tmp_path / "data",
    )
    await node.start_consensus()
    yield node
    node.driver.stop()
    await node.timestamper.stop()


async def test_a_commit_is_stamped_served_bundled_and_verified(
    stamping_node: Node,
    served: Served,
    aiohttp_client: Any,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="cunzheng.node.timestamper")
    api: TestClient[Any, Any] = await aiohttp_client(make_app(stamping_node))
    answer = await (await api.post("/v1/entries", json={"digest": "ab" * 32})).json()
    await wait_for_height(stamping_node, 1)
    await _wait_for_tokens(stamping_node.store, 1)

    served_tokens = await api.get("/v1/timestamps/1")
    assert served_tokens.status == 200
    document = await served_tokens.json()
    assert document["ledger_size"] == 1 and len(document["tokens"]) == 1
    body = checkpoint_of(stamping_node.store.header(1)).body()
    anchors = load_trust_anchors(served.tsa.ca_pem.read_bytes())
    assert verify_token(bytes.fromhex(document["tokens"][0]), body, anchors).tsa_name == TSA_NAME
    assert (await api.get("/v1/timestamps/2")).status == 404
    assert (await api.get("/v1/timestamps/one")).status == 400
    assert any("did not stamp checkpoint size=1" in r.getMessage() for r in caplog.records)

    bundle = await (await api.get(f"/v1/proofs/{answer['id']}")).json()
    assert bundle["timestamp_token"] == document["tokens"][0]
    verify_bundle(bundle, stamping_node.genesis)
    note = SignedCheckpoint.parse(bundle["checkpoint"])
    assert note.checkpoint.body() == body
    assert verify_timestamp(bundle, anchors).tsa_name == TSA_NAME
    await _verify_on_the_command_line(stamping_node, bundle, served, tmp_path)


async def test_requests_are_counted_by_tsa_and_outcome_in_the_metrics(
    stamping_node: Node, served: Served, aiohttp_client: Any
) -> None:
    api: TestClient[Any, Any] = await aiohttp_client(make_app(stamping_node))
    assert (await api.post("/v1/entries", json={"digest": "cd" * 32})).status == 202
    await wait_for_height(stamping_node, 1)
    await _wait_for_tokens(stamping_node.store, 1)
    dead = stamping_node.config.time.tsa_urls[0]
    text = await (await api.get("/metrics")).text()
    # One request each for the one checkpoint; the empty blocks after it repeat its body,
    # which is stamped already, so they make no request.
    assert f'cunzheng_tsa_requests_total{{outcome="stamped",tsa="{served.server.url}"}} 1.0' in text
    assert f'cunzheng_tsa_requests_total{{outcome="failed",tsa="{served.server.url}"}} 0.0' in text
    assert f'cunzheng_tsa_requests_total{{outcome="failed",tsa="{dead}"}} 1.0' in text
    assert f'cunzheng_tsa_requests_total{{outcome="stamped",tsa="{dead}"}} 0.0' in text


async def _verify_on_the_command_line(
    node: Node, bundle: dict[str, object], served: Served, directory: Path
) -> None:
    bundle_path, genesis_path = directory / "stamped.cunzheng.json", directory / "genesis.json"
    bundle_path.write_text(json.dumps(bundle), encoding="utf-8")
    genesis_path.write_text(node.genesis.to_file_text(), encoding="utf-8")
    verify = ("verify", bundle_path, "--genesis", genesis_path, "--quiet")
    checked, unchecked, untrusted, as_json = await asyncio.gather(
        asyncio.to_thread(run_cunzheng, *verify, "--tsa-anchor", served.tsa.ca_pem),
        asyncio.to_thread(run_cunzheng, *verify),
        asyncio.to_thread(run_cunzheng, *verify, "--tsa-anchor", served.other_ca),
        asyncio.to_thread(run_cunzheng, *verify, "--tsa-anchor", served.tsa.ca_pem, "--json"),
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert (
        f" The time-stamping authority {TSA_NAME} also attests that the checkpoint of 1 "
        "entries existed no later than 20"
    ) in checked.stdout
    assert unchecked.returncode == 0
    assert "carries an RFC 3161 time-stamp token, which was not checked" in unchecked.stdout
    assert untrusted.returncode == 1
    assert untrusted.stdout.startswith(
        "INVALID: the RFC 3161 time-stamp token does not check out\nDetail: "
    )
    assert "does not chain to a trust anchor given (CN=another test CA)" in untrusted.stdout
    record = json.loads(as_json.stdout)["record"]
    assert record["unchecked"] == []
    assert record["timestamp"]["tsa"] == TSA_NAME
    assert record["timestamp"]["tree_size"] == 1


async def test_checkpoints_are_stamped_every_n_blocks(tmp_path: Path, served: Served) -> None:
    chain = build_chain(tmp_path / "store", [[sample_entry(0)]])
    config = TimeSection(tsa_urls=[served.server.url], every_blocks=2, min_interval_s=0)
    stamper = Timestamper(config=config, store=chain.store)
    try:
        queries = served.server.queries
        stamper.start()  # the tip, block 1, is only one block after none stamped
        await asyncio.sleep(0.2)
        assert (chain.store.timestamps(1), served.server.queries) == ([], queries)
        stamper.checkpoint_committed(chain.commit_block([sample_entry(1)]))
        await _wait_for_tokens(chain.store, 2)
        stamper.checkpoint_committed(chain.commit_block([sample_entry(2)]))
        await asyncio.sleep(0.2)
        assert (chain.store.timestamps(3), served.server.queries) == ([], queries + 1)
        stamper.checkpoint_committed(chain.commit_block([sample_entry(3)]))
        await _wait_for_tokens(chain.store, 4)
        assert served.server.queries == queries + 2
    finally:
        await stamper.stop()
        chain.close()


async def test_at_most_one_request_per_interval(tmp_path: Path, served: Served) -> None:
    chain = build_chain(tmp_path / "store", [[sample_entry(0)]])
    config = TimeSection(tsa_urls=[served.server.url], min_interval_s=3600)
    stamper = Timestamper(config=config, store=chain.store)
    try:
        stamper.start()
        await _wait_for_tokens(chain.store, 1)
        queries = served.server.queries
        header = chain.commit_block([sample_entry(1)])
        stamper.checkpoint_committed(header)  # due by blocks, but within the interval
        await asyncio.sleep(0.2)
        assert served.server.queries == queries
        assert chain.store.timestamps(2) == []
    finally:
        await stamper.stop()  # cancels the wait for the interval
        chain.close()


async def test_a_failing_tsa_is_logged_and_asked_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="cunzheng.node.timestamper")
    chain = build_chain(tmp_path / "store", [[sample_entry(0)]])
    ticks = itertools.count(0, 3600)  # every reading an hour later: no retry delay is left
    config = TimeSection(tsa_urls=[_dead_url()], min_interval_s=0)
    stamper = Timestamper(config=config, store=chain.store, monotonic_s=lambda: next(ticks))
    try:
        stamper.start()
        for _ in range(WAIT_S * 20):
            failures = [r for r in caplog.records if "did not stamp checkpoint size=1" in r.message]
            if len(failures) >= 2:
                break
            await asyncio.sleep(0.05)
        assert len(failures) >= 2, "the stamper gave up after one failure"
        assert chain.store.timestamps(1) == []
    finally:
        await stamper.stop()
        chain.close()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"every_blocks": 0}, "every_blocks must be at least 1"),
        ({"timeout_s": 0}, "timeout_s must be at least 1"),
        ({"tsa_urls": ["tsa.example"]}, "is not an http:// or https:// URL"),
    ],
)
def test_the_time_section_refuses_bad_values(values: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        TimeSection(**values)
