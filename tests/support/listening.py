"""Nodes in the test process whose API listens on a free loopback port (through the node's
own GatedListener), and raw connections to it from any 127.0.0.x address: Linux routes all
of 127.0.0.0/8 to the loopback interface, so each address is a client of its own."""

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

from cunzheng.ledger.entry import Entry
from cunzheng.node.config import NodeConfig
from cunzheng.node.node import Node
from tests.support.chain_factory import make_genesis, notary_keys
from tests.support.fast_node import FAST_PARAMS
from tests.support.loopback import free_ports
from tests.support.raw_peer import prefill

Streams = tuple[asyncio.StreamReader, asyncio.StreamWriter]


@asynccontextmanager
async def listening_node(
    tmp_path: Path, config: NodeConfig, blocks: Sequence[list[Entry]] = ()
) -> AsyncIterator[tuple[Node, str]]:
    """A lone validator whose store holds `blocks`, with consensus running and its API on a
    free port (`config`'s `[api] listen` is replaced); yields the node and the API's URL."""
    keys = notary_keys(1)
    genesis = make_genesis(keys, params=FAST_PARAMS)
    if blocks:
        prefill(tmp_path / "data" / "ledger", genesis, keys, list(blocks))
    (port,) = free_ports(1)
    config = replace(config, api=replace(config.api, listen=f"127.0.0.1:{port}"))
    node = Node(config=config, key=keys[0], genesis=genesis, data_dir=tmp_path / "data")
    await node.start_consensus()
    await node.serve_api()
    try:
        yield node, f"http://127.0.0.1:{port}"
    finally:
        await node.stop()


async def connect_from(url: str, source: str) -> Streams:
    """A TCP connection to the host and port of `url`, from address `source`."""
    host, port = url.removeprefix("http://").rsplit(":", 1)
    return await asyncio.open_connection(host, int(port), local_addr=(source, 0))


async def get(streams: Streams, path: str) -> tuple[int, bytes]:
    """Send `GET path` on an open connection and read the answer: (status, body).

    Requires an answer with Content-Length (the API's answers that are not lists).
    """
    reader, writer = streams
    writer.write(f"GET {path} HTTP/1.1\r\nHost: node\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = [
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    ]
    body = await (reader.readexactly(length[0]) if length else reader.read())
    return status, body


async def is_closed_by_the_other_end(streams: Streams, within_s: float) -> bool:
    """Whether the other end closes (or resets) the connection within `within_s` seconds."""
    reader, _ = streams
    try:
        async with asyncio.timeout(within_s):
            while await reader.read(65536):
                pass
    except TimeoutError:
        return False
    except ConnectionError:
        return True
    return True
