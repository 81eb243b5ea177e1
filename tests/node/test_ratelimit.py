"""Limits on the API's clients: a token bucket per client (429 with Retry-After) and the time
a request may take; a refused request changes nothing (docs/http-api.md, "Limits").
Connection limits are tested in test_admission.py."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from unittest import mock

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, make_mocked_request
from pytest_aiohttp import AiohttpClient

from cunzheng.ledger.entry import Entry
from cunzheng.node.addresses import parse_networks
from cunzheng.node.api.offline_page import STATIC_DIR
from cunzheng.node.api.ratelimit import ClientLimits, client_key
from cunzheng.node.api.routes import make_app
from cunzheng.node.api.web import static_file
from cunzheng.node.config import LimitsSection, NodeConfig
from cunzheng.node.node import Node
from cunzheng.node.token_buckets import TokenBuckets
from tests.support.chain_factory import make_genesis, notary_keys
from tests.support.fast_node import FAST_PARAMS

Client = TestClient[web.Request, web.Application]
CLIENT_A, CLIENT_B = "198.51.100.1", "198.51.100.2"  # RFC 5737 documentation addresses


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_a_burst_then_the_rate() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(rate_per_s=2, burst=3, clock=clock, max_clients=10)
    assert [buckets.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("a") == pytest.approx(0.5)
    assert buckets.take("b") == 0.0, "another client has its own bucket"
    clock.now += 0.5
    assert buckets.take("a") == 0.0
    assert buckets.take("a") == pytest.approx(0.5)
    clock.now += 60
    assert [buckets.take("a") for _ in range(4)][-1] > 0, "a bucket never holds more than burst"


def test_a_bucket_gives_up_to_what_it_holds() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(rate_per_s=4, burst=8, clock=clock, max_clients=10)
    assert buckets.take_up_to("a", 5) == 5
    assert buckets.take_up_to("a", 5) == 3, "the rest of the burst"
    assert buckets.take_up_to("a", 5) == 0
    clock.now += 0.375  # 1.5 tokens
    assert buckets.take_up_to("a", 5) == 1, "whole tokens only"
    assert buckets.take_up_to("a", 1) == 0, "the half token is kept for later"
    clock.now += 0.125
    assert buckets.take_up_to("a", 1) == 1


def test_the_least_recently_seen_client_is_forgotten() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(rate_per_s=1, burst=1, clock=clock, max_clients=2)
    buckets.take("a")
    buckets.take("b")
    buckets.take("c")  # forgets a
    assert buckets.take("a") == 0.0
    assert buckets.take("c") > 0


def _request(address: str, forwarded_for: str | None = None) -> web.Request:
    transport = mock.Mock()
    transport.get_extra_info.return_value = (address, 40000)
    headers = {} if forwarded_for is None else {"X-Forwarded-For": forwarded_for}
    return make_mocked_request("GET", "/v1/status", headers=headers, transport=transport)


def test_client_keys() -> None:
    proxies = parse_networks(["10.0.0.1"])
    assert client_key(_request("192.0.2.7"), proxies) == "192.0.2.7"
    assert client_key(_request("::ffff:192.0.2.7"), proxies) == "192.0.2.7"
    v6 = client_key(_request("2001:db8:1:2:aaaa::1"), proxies)
    assert v6 == client_key(_request("2001:db8:1:2:bbbb::9"), proxies) == "2001:db8:1:2::/64"
    assert client_key(_request("10.0.0.1", "6.6.6.6, 192.0.2.9"), proxies) == "192.0.2.9"
    assert client_key(_request("10.0.0.2", "192.0.2.9"), proxies) == "10.0.0.2", "untrusted"


def _limited_node(tmp_path: Path, limits: LimitsSection) -> Node:
    keys = notary_keys(1)
    return Node(
        config=NodeConfig(limits=limits),
        key=keys[0],
        genesis=make_genesis(keys, params=FAST_PARAMS),
        data_dir=tmp_path / "data",
    )


@pytest.fixture
async def limited(
    tmp_path: Path, aiohttp_client: AiohttpClient
) -> AsyncIterator[tuple[Node, Client]]:
    """A lone node allowing 1 request a second, 3 at once, behind a trusted proxy (the test
    client, on loopback), so X-Forwarded-For names the client."""
    node = _limited_node(
        tmp_path, LimitsSection(rate_per_s=1, burst=3, trusted_proxies=["127.0.0.1"])
    )
    await node.start_consensus()
    yield node, await aiohttp_client(make_app(node))
    node.driver.stop()


def _entry(number: int) -> dict[str, str]:
    return {"digest": f"{number:064x}"}


def _entry_id(number: int) -> bytes:
    return Entry(bytes.fromhex(f"{number:064x}")).leaf_hash()


async def test_a_burst_passes_then_429_with_retry_after(
    limited: tuple[Node, Client],
) -> None:
    node, api = limited
    as_a = {"X-Forwarded-For": CLIENT_A}
    for number in range(3):
        response = await api.post("/v1/entries", json=_entry(number), headers=as_a)
        assert response.status == 202
    refused = await api.post("/v1/entries", json=_entry(3), headers=as_a)
    assert refused.status == 429
    assert refused.headers["Retry-After"] == "1"
    assert (await refused.json())["error"]["code"] == "rate_limited"
    assert node.mempool.get(_entry_id(3)) is None and node.store.leaf_index_of(_entry_id(3)) is None
    assert _entry_id(3) not in {entry_id for _, entry_id, _ in node.store.pending()}, (
        "a refused request changed nothing"
    )

    other = await api.post("/v1/entries", json=_entry(4), headers={"X-Forwarded-For": CLIENT_B})
    assert other.status == 202, "another client is not limited"
    assert (await api.get("/healthz", headers=as_a)).status == 200, "probes are never limited"
    await asyncio.sleep(1.05)
    again = await api.post("/v1/entries", json=_entry(3), headers=as_a)
    assert again.status == 202, "a token comes back after 1 s"


async def test_an_untrusted_forwarded_for_does_not_make_a_new_client(
    tmp_path: Path,
    aiohttp_client: AiohttpClient,
) -> None:
    node = _limited_node(tmp_path, LimitsSection(rate_per_s=1, burst=2))
    api = await aiohttp_client(make_app(node))
    statuses = [
        (await api.get("/v1/status", headers={"X-Forwarded-For": f"192.0.2.{n}"})).status
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


async def _slow(request: web.Request) -> web.Response:
    await asyncio.sleep(1.5)
    return web.json_response({"done": True})


async def test_a_request_not_answered_in_time_gets_503(aiohttp_client: AiohttpClient) -> None:
    app = web.Application(
        middlewares=[ClientLimits(LimitsSection(request_timeout_s=1)).middleware()]
    )
    app.router.add_get("/v1/slow", _slow)
    app.router.add_post("/v1/admin/slow", _slow)
    client = await aiohttp_client(app)
    timed_out = await client.get("/v1/slow")
    assert timed_out.status == 503
    assert (await timed_out.json())["error"]["code"] == "timeout"
    assert (await client.post("/v1/admin/slow")).status == 200, "admin requests are not timed"


async def test_the_page_loads_again_and_again_within_the_default_rate(
    tmp_path: Path, aiohttp_client: AiohttpClient
) -> None:
    # At one token a file, the second load of the page (some 70 files) went over the default
    # burst of 100 and the browser was refused half its modules: a page that never started.
    node = _limited_node(tmp_path, LimitsSection())
    api = await aiohttp_client(make_app(node))
    files = ["/", "/verifier.html"] + [
        f"/static/{path.relative_to(STATIC_DIR).as_posix()}"
        for path in sorted(STATIC_DIR.rglob("*"))
        if static_file(path.relative_to(STATIC_DIR).as_posix()) is not None
    ]
    assert len(files) > 70
    loads = 10
    for _ in range(loads):
        statuses = {(await api.get(path)).status for path in files}
        assert statuses == {200}
    assert (await api.get("/v1/status")).status == 200, "the API is still open to the client"
