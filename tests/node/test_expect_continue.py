"""`Expect: 100-continue` (RFC 9110 §10.1.1) is answered only for a body the node would read:
a client announcing a body over `[api] max_body_bytes` gets 413 before it sends it."""

import asyncio
from typing import Any

from aiohttp.test_utils import TestClient

from cunzheng.node.api.routes import make_app
from cunzheng.node.node import Node

DIGEST = "ab" * 32


async def _ask(client: TestClient, headers: str) -> bytes:
    """Send a POST /v1/entries head with `headers` and no body; what the node says first."""
    reader, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(f"POST /v1/entries HTTP/1.1\r\nHost: node\r\n{headers}\r\n".encode())
    await writer.drain()
    try:
        async with asyncio.timeout(2):
            return await reader.readuntil(b"\r\n\r\n")
    finally:
        writer.close()


async def test_a_body_over_the_limit_is_refused_before_it_is_sent(
    lone_node: Node, aiohttp_client: Any
) -> None:
    client = await aiohttp_client(make_app(lone_node))
    too_large = lone_node.config.api.max_body_bytes + 1
    head = await _ask(
        client,
        f"Content-Type: application/json\r\nContent-Length: {too_large}\r\n"
        "Expect: 100-continue\r\n",
    )
    assert head.startswith(b"HTTP/1.1 413 "), head
    assert b"100 Continue" not in head


async def test_a_body_within_the_limit_is_asked_for_and_accepted(
    lone_node: Node, aiohttp_client: Any
) -> None:
    client = await aiohttp_client(make_app(lone_node))
    body = f'{{"digest": "{DIGEST}"}}'.encode()
    reader, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(
        b"POST /v1/entries HTTP/1.1\r\nHost: node\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\nExpect: 100-continue\r\n\r\n".encode()
    )
    assert await reader.readuntil(b"\r\n\r\n") == b"HTTP/1.1 100 Continue\r\n\r\n"
    writer.write(body)
    answer = await reader.readuntil(b"\r\n\r\n")
    writer.close()
    assert answer.startswith(b"HTTP/1.1 202 ")


async def test_an_unknown_expectation_is_a_json_417(lone_node: Node, aiohttp_client: Any) -> None:
    client = await aiohttp_client(make_app(lone_node))
    head = await _ask(client, "Content-Length: 2\r\nExpect: the-moon\r\n")
    assert head.startswith(b"HTTP/1.1 417 ") and b"application/json" in head
