"""One connection to a peer: the authenticating handshake, a bounded send queue, and dropping.

docs/http-api.md, "The peer endpoint":
each side proves it holds a validator (or observer) key by signing
`cunzheng/peer-auth/v1` ‖ 0x00 ‖ a payload binding the chain, both keys and both fresh nonces
(node/p2p/protocol.py). After the handshake, frames go out through a queue drained by one
writer task. The queue is bounded in frames (`[p2p] queue_length`) and in bytes
(`[p2p] send_queue_bytes`: a thousand frames of 32 MiB would be 32 GB), and a frame that
waits `[p2p] send_timeout_s` to be written means the peer has stopped reading; either way
the peer is dropped, so one stalled peer never holds up the others or our memory.
"""

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from aiohttp import ClientWebSocketResponse, WebSocketError, WSCloseCode, WSMsgType, web

from cunzheng.ledger.errors import SignatureError
from cunzheng.ledger.keys import NodeKey
from cunzheng.ledger.validators import Genesis
from cunzheng.node.errors import NodeError, PeerError
from cunzheng.node.p2p.protocol import (
    Auth,
    Hello,
    auth_payload,
    decode_message,
    encode_message,
    sign_auth,
    verify_auth,
)

log = logging.getLogger(__name__)

HANDSHAKE_TIMEOUT_S = 5.0
CLOSE_TIMEOUT_S = 2.0
MAX_HANDSHAKE_BYTES = 1024
WebSocket = web.WebSocketResponse | ClientWebSocketResponse[Any]
HandshakeMessage = TypeVar("HandshakeMessage", Hello, Auth)


class LinkClosed(NodeError):
    """The websocket closed (or failed) while we waited for a message."""


@dataclass(frozen=True, slots=True)
class SendLimits:
    """What may wait to be sent to one peer, and for how long."""

    frames: int
    bytes: int
    timeout_s: float


@dataclass(frozen=True, slots=True)
class PeerIdentity:
    """A node allowed to connect: a validator (power > 0) or a configured observer (0)."""

    name: str
    public_key: bytes
    power: int

    @property
    def role(self) -> str:
        """ "validator" or "observer"."""
        return "validator" if self.power > 0 else "observer"


async def receive_frame(ws: WebSocket, timeout: float) -> bytes:
    """The next binary frame.

    Raises LinkClosed when the connection closes or fails, TimeoutError after `timeout`
    seconds of silence, and PeerError for a text frame (peers speak msgpack only) or one over
    the size limit the websocket was opened with.
    """
    message = await ws.receive(timeout=timeout)
    if message.type == WSMsgType.BINARY:
        data: bytes = message.data
        return data
    error = message.data if message.type == WSMsgType.ERROR else None
    if isinstance(error, WebSocketError) and error.code == WSCloseCode.MESSAGE_TOO_BIG:
        raise PeerError(f"peer sent a message over [p2p] max_message_bytes: {error}")
    if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
        raise LinkClosed(f"connection closed ({message.type.name.lower()})")
    raise PeerError(f"peer sent a {message.type.name.lower()} frame; only binary frames are used")


async def _expect(ws: WebSocket, kind: type[HandshakeMessage]) -> HandshakeMessage:
    message = decode_message(await receive_frame(ws, HANDSHAKE_TIMEOUT_S), MAX_HANDSHAKE_BYTES)
    if not isinstance(message, kind):
        raise PeerError(f"expected {kind.__name__.lower()} during the handshake")
    return message


def _identify(theirs: Hello, ours: Hello, accepted: Mapping[bytes, PeerIdentity]) -> PeerIdentity:
    if theirs.chain_id != ours.chain_id:
        raise PeerError(f"peer runs chain {theirs.chain_id!r}; this node runs {ours.chain_id!r}")
    if theirs.genesis_hash != ours.genesis_hash:
        raise PeerError(
            f"peer's genesis hash {theirs.genesis_hash.hex()[:16]} differs from ours "
            f"{ours.genesis_hash.hex()[:16]}: it was started from another genesis.json"
        )
    if theirs.public_key == ours.public_key:
        raise PeerError(
            "peer presents this node's own key: a node dialed itself, or two share a key"
        )
    if theirs.nonce == ours.nonce:
        raise PeerError("peer echoed our handshake nonce")
    identity = accepted.get(theirs.public_key)
    if identity is None:
        raise PeerError(
            f"peer key {theirs.public_key.hex()[:16]} is neither a validator of this chain nor "
            "an observer listed in [p2p] observers"
        )
    return identity


async def handshake(
    ws: WebSocket,
    *,
    key: NodeKey,
    genesis: Genesis,
    accepted: Mapping[bytes, PeerIdentity],
    dialed: bool,
    nonce: bytes,
) -> PeerIdentity:
    """Authenticate both sides of a fresh connection; return who the peer is.

    `dialed`: we opened the connection. Raises PeerError for a peer of another chain or
    genesis, with a key that is not accepted, or that breaks the protocol; SignatureError for
    a bad auth signature; TimeoutError if the peer is too slow; LinkClosed if it hangs up.
    """
    ours = Hello(genesis.chain_id, genesis.hash(), key.public_key, nonce)
    await ws.send_bytes(encode_message(ours))
    theirs = await _expect(ws, Hello)
    identity = _identify(theirs, ours, accepted)
    dialer, listener = (ours, theirs) if dialed else (theirs, ours)
    payload = auth_payload(
        chain_id=genesis.chain_id,
        genesis_hash=ours.genesis_hash,
        dialer_key=dialer.public_key,
        listener_key=listener.public_key,
        dialer_nonce=dialer.nonce,
        listener_nonce=listener.nonce,
    )
    await ws.send_bytes(encode_message(sign_auth(key, payload)))
    auth = await _expect(ws, Auth)
    try:
        verify_auth(identity.public_key, payload, auth)
    except SignatureError as err:
        raise SignatureError(f"peer {identity.name} failed the handshake: {err}") from err
    return identity


async def close_websocket(ws: WebSocket, reason: str, *, misbehaved: bool = True) -> None:
    """Close with `reason` and code 1008 (policy violation), or 1001 (going away) when the
    peer did nothing wrong; stop waiting for its answer after CLOSE_TIMEOUT_S (aiohttp then
    closes the socket), so that a stalled peer cannot hold us up."""
    code = WSCloseCode.POLICY_VIOLATION if misbehaved else WSCloseCode.GOING_AWAY
    # RFC 6455 §5.5: a control frame carries at most 125 bytes, 2 of them the code.
    message = reason.encode("utf-8")[:120]
    try:
        # asyncio.timeout rather than wait_for: in Python 3.11, wait_for can swallow the
        # cancellation of the task that awaits it, and a stopping node would never stop.
        async with asyncio.timeout(CLOSE_TIMEOUT_S):
            await ws.close(code=code, message=message)
    except (TimeoutError, ConnectionError) as err:
        log.debug("closing a peer connection: %s", err or "timed out")


class PeerLink:
    """An authenticated connection: who is at the other end, and a bounded queue to it."""

    def __init__(
        self,
        ws: WebSocket,
        identity: PeerIdentity,
        *,
        dialed: bool,
        address: str,
        limits: SendLimits,
    ) -> None:
        self.ws, self.identity, self.dialed, self.address = ws, identity, dialed, address
        self.height = -1  # the committed height its last status reported; -1 before any
        self.ledger_size = 0
        self.drop_reason: str | None = None
        self._limits = limits
        self._queue: asyncio.Queue[tuple[bytes, Callable[[], None] | None]] = asyncio.Queue(
            max(1, limits.frames)
        )
        self._queued_bytes = 0
        self._writer = asyncio.create_task(self._write_all())
        self._closer: asyncio.Task[None] | None = None
        self.closed = asyncio.Event()

    def __repr__(self) -> str:
        return f"PeerLink({self.identity.name}, {self.address})"

    def send(self, frame: bytes, sent: Callable[[], None] | None = None) -> None:
        """Queue `frame`, and call `sent` once it has been written; a peer whose queue is
        full, in frames or in bytes, is dropped as too slow (`sent` is never called then)."""
        if self.drop_reason is not None:
            return
        if self._queued_bytes + len(frame) > self._limits.bytes:
            self.drop(f"too slow: {self._queued_bytes} bytes queued and not taken")
            return
        try:
            self._queue.put_nowait((frame, sent))
        except asyncio.QueueFull:
            self.drop(f"too slow: {self._queue.maxsize} messages queued and not taken")
            return
        self._queued_bytes += len(frame)

    def drop(self, reason: str, *, misbehaved: bool = True) -> None:
        """Close the connection (once), logging why (a warning if the peer `misbehaved`);
        frames still queued are discarded."""
        if self.drop_reason is not None:
            return
        self.drop_reason = reason
        level = logging.WARNING if misbehaved else logging.INFO
        log.log(level, "peer %s (%s) dropped: %s", self.identity.name, self.address, reason)
        self._writer.cancel()
        self._closer = asyncio.create_task(close_websocket(self.ws, reason, misbehaved=misbehaved))

    async def finish(self) -> None:
        """After the reader stopped: close if still open, wait for it, signal `closed`."""
        self.drop("connection closed", misbehaved=False)
        if self._closer is not None:
            await self._closer
        self.closed.set()

    async def _write_all(self) -> None:
        timeout_s = self._limits.timeout_s
        try:
            while True:
                frame, sent = await self._queue.get()
                try:
                    async with asyncio.timeout(timeout_s):
                        await self.ws.send_bytes(frame)
                except TimeoutError:
                    self.drop(f"stopped reading: a message waited {timeout_s:g} s to be sent")
                    return
                self._queued_bytes -= len(frame)
                if sent is not None:
                    sent()
        except ConnectionError as err:
            log.debug("peer %s: send failed: %s", self.identity.name, err)
