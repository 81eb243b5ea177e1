"""Fixtures for node tests: a one-notary node on a temporary store, not listening anywhere."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from cunzheng.node.api.routes import make_app
from cunzheng.node.config import NodeConfig
from cunzheng.node.node import Node
from tests.support.chain_factory import make_genesis, notary_keys
from tests.support.fast_node import FAST_PARAMS


@pytest.fixture
def lone_node(tmp_path: Path) -> Node:
    """A single-validator node whose API is reached through the aiohttp test client."""
    keys = notary_keys(1)
    genesis = make_genesis(keys, params=FAST_PARAMS)
    return Node(config=NodeConfig(), key=keys[0], genesis=genesis, data_dir=tmp_path / "data")


@pytest.fixture
async def api(lone_node: Node, aiohttp_client) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    """The test client of the lone node's API, with consensus running."""
    await lone_node.start_consensus()
    client = await aiohttp_client(make_app(lone_node))
    yield client
    lone_node.driver.stop()
