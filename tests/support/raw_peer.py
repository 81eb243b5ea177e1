"""In-process consortia and a hand-driven peer for gossip tests (127.0.0.1, OS-chosen ports).

`Cluster` runs Node objects in the test's event loop, each with its peer endpoint on a free
loopback port and the others as its peers. `RawPeer` connects to a node's /v1/p2p and does
each step of the handshake by hand, so that a test can get any of them wrong on purpose.
"""

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import aiohttp

from cunzheng.ledger.entry import Entry
from cunzheng.ledger.keys import NodeKey
from cunzheng.ledger.store import BlockStore
from cunzheng.ledger.validators import Genesis
from cunzheng.node.config import MempoolSection, NodeConfig, P2PSection
from cunzheng.node.node import Node
from cunzheng.node.p2p.protocol import (
    Auth,
    Hello,
    PeerMessage,
    auth_payload,
    decode_message,
    encode_message,
    sign_auth,
)
from tests.support.chain_factory import Chain, make_genesis, notary_keys
from tests.support.loopback import LOOPBACK_PARAMS, free_ports

LIMIT = 64 * 1024 * 1024
Message = TypeVar("Message")


async def eventually(condition: Callable[[], bool], timeout: float = 10.0, what: str = "") -> None:
    """Return once `condition()` holds; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")
        await asyncio.sleep(0.02)


def ordered(keys: Sequence[NodeKey], genesis: Genesis) -> tuple[NodeKey, ...]:
    """`keys` in validator index order."""
    by_public_key = {key.public_key: key for key in keys}
    return tuple(by_public_key[v.public_key] for v in genesis.validator_set.validators)


def prefill(
    path: Path, genesis: Genesis, keys: Sequence[NodeKey], blocks: list[list[Entry]]
) -> None:
    """Write committed blocks (signed by every validator) into a new store at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    chain = Chain(BlockStore.open(path, genesis), genesis, ordered(keys, genesis))
    try:
        for entries in blocks:
            chain.commit_block(entries)
    finally:
        chain.close()


@dataclass
class Cluster:
    """`count` validators of one genesis; each node is built when first started."""

    root: Path
    count: int
    keys: tuple[NodeKey, ...] = ()
    genesis: Genesis = field(init=False)
    nodes: dict[int, Node] = field(default_factory=dict)
    ports: list[int] = field(default_factory=list)
    running: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.keys = notary_keys(self.count)
        self.genesis = make_genesis(self.keys, params=LOOPBACK_PARAMS)
        self.ports = free_ports(self.count)

    def url(self, index: int) -> str:
        """The peer URL of node `index`."""
        return f"http://127.0.0.1:{self.ports[index]}"

    def data_dir(self, index: int) -> Path:
        """Where node `index` keeps its store and signing guard."""
        return self.root / self.keys[index].name

    def build(self, index: int, mempool: MempoolSection | None = None, **p2p: Any) -> Node:
        """(Re)build node `index`: its peers are all the others unless `p2p` says otherwise."""
        peers = [self.url(other) for other in range(self.count) if other != index]
        settings = {"listen": f"127.0.0.1:{self.ports[index]}", "peers": peers, **p2p}
        self.nodes[index] = Node(
            config=NodeConfig(p2p=P2PSection(**settings), mempool=mempool or MempoolSection()),
            key=self.keys[index],
            genesis=self.genesis,
            data_dir=self.data_dir(index),
        )
        return self.nodes[index]

    async def start(self, *indexes: int) -> None:
        """Start consensus and the peer network of these nodes (all by default)."""
        for index in indexes or range(self.count):
            node = self.nodes.get(index) or self.build(index)
            await node.start_consensus()
            await node.network.start()
            self.running.add(index)

    async def stop(self, *indexes: int) -> None:
        """Stop these nodes (all by default); start() rebuilds a stopped one."""
        for index in indexes or range(self.count):
            if index in self.running:
                self.running.discard(index)
                await self.nodes.pop(index).stop()


class RawPeer:
    """One websocket to a node's peer endpoint, driven by hand."""

    def __init__(self, url: str, key: NodeKey, genesis: Genesis) -> None:
        self.url, self.key, self.genesis = url, key, genesis
        self.nonce = bytes([0x5A] * 32)
        self._session = aiohttp.ClientSession()
        self.ws: aiohttp.ClientWebSocketResponse[Any] | None = None
        self.theirs: Hello | None = None

    async def connect(self) -> Hello:
        """Open the connection and read the node's hello."""
        self.ws = await self._session.ws_connect(self.url + "/v1/p2p", max_msg_size=LIMIT)
        message = decode_message(await self.ws.receive_bytes(timeout=5), LIMIT)
        assert isinstance(message, Hello)
        self.theirs = message
        return message

    async def send(self, message: PeerMessage | bytes | str) -> None:
        """Send a message, raw bytes, or a text frame."""
        assert self.ws is not None
        if isinstance(message, str):
            await self.ws.send_str(message)
        else:
            raw = message if isinstance(message, bytes) else encode_message(message)
            await self.ws.send_bytes(raw)

    def payload(self) -> bytes:
        """The auth payload of this connection (we dialed)."""
        assert self.theirs is not None
        return auth_payload(
            chain_id=self.genesis.chain_id,
            genesis_hash=self.genesis.hash(),
            dialer_key=self.key.public_key,
            listener_key=self.theirs.public_key,
            dialer_nonce=self.nonce,
            listener_nonce=self.theirs.nonce,
        )

    async def handshake(self, *, signature: bytes | None = None) -> None:
        """Connect, say hello as `key`, and authenticate (with `signature` if given)."""
        await self.connect()
        await self.send(
            Hello(self.genesis.chain_id, self.genesis.hash(), self.key.public_key, self.nonce)
        )
        await self.send(Auth(signature) if signature else sign_auth(self.key, self.payload()))

    async def next_of(self, kind: type[Message], timeout: float = 5.0) -> Message:
        """The next message of this kind (others are skipped)."""
        assert self.ws is not None
        while True:
            message = decode_message(await self.ws.receive_bytes(timeout=timeout), LIMIT)
            if isinstance(message, kind):
                return message

    async def received(self, timeout: float = 5.0) -> list[PeerMessage]:
        """Every message until the node closes the connection; fails if it does not."""
        assert self.ws is not None
        messages: list[PeerMessage] = []
        while True:
            message = await self.ws.receive(timeout=timeout)
            if message.type != aiohttp.WSMsgType.BINARY:
                return messages
            messages.append(decode_message(message.data, LIMIT))

    async def close(self) -> None:
        """Close the socket and the session."""
        if self.ws is not None:
            await self.ws.close()
        await self._session.close()
