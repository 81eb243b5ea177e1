"""Which connections a listening socket takes, and when it lets them go (docs/http-api.md,
"Limits" and "The peer endpoint").

aiohttp counts a connection only once a request has arrived on it, and keeps an idle one for
an hour; so a client could hold file descriptors uncounted until the process had none left.
Here every connection is judged the moment it is accepted, before a byte of it is read:

- at most `max_per_address` from one client (its address_key), except from `uncapped`
  addresses (a trusted reverse proxy speaks for many clients), and `max_connections` in all;
  a loopback connection over either cap may still take one of `probe_connections` places,
  on which only the liveness and readiness probes are answered, so that an orchestrator on
  the host sees the node while the public fills its places;
- a refused connection is reset at once, without a byte written;
- `send_timeout_s` becomes the socket's TCP_USER_TIMEOUT (Linux, tcp(7)): an answer that the
  client does not take, or does not acknowledge, for that long closes the connection in the
  kernel, whatever wrote it (a streamed answer, a file sent with sendfile, a buffered one);
- where connections must authenticate (the peer port), one that has not within
  `handshake_timeout_s`, or that sends more than `max_handshake_bytes` before it has, is
  reset, and at most `max_handshakes` wait to authenticate at once; there the cap per address
  counts the connections still waiting, since an authenticated one is a known peer (one
  connection per key), and peers may share an address (a devnet on one host).

Refusals are logged at a bounded rate: a flood of them must not become a flood of log lines.
"""

import asyncio
import logging
import resource
import socket
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import cast

from aiohttp import web

from cunzheng.node.addresses import Network, address_key, is_in_networks, is_loopback
from cunzheng.node.config import LimitsSection, P2PSection
from cunzheng.node.logs import ThrottledLog

log = logging.getLogger(__name__)

REFUSAL_LOG_INTERVAL_S = 10.0
# tcp(7); Linux only. Elsewhere a client that stops reading is closed by the request
# timeout or the peer's send timeout instead.
TCP_USER_TIMEOUT = getattr(socket, "TCP_USER_TIMEOUT", None)


class Verdict(Enum):
    """What a new connection may do."""

    ADMITTED = "admitted"
    PROBES_ONLY = "probes only"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class AdmissionLimits:
    """The caps of one listening socket; zero means no cap of that kind."""

    max_connections: int = 0
    max_per_address: int = 0
    uncapped: tuple[Network, ...] = ()
    probe_connections: int = 0
    send_timeout_s: int = 0
    handshake_timeout_s: int = 0  # zero: connections need not authenticate
    max_handshake_bytes: int = 0
    max_handshakes: int = 0

    @classmethod
    def of_api(cls, limits: LimitsSection, uncapped: tuple[Network, ...]) -> "AdmissionLimits":
        """The public API's: `[limits]`, with the trusted proxies `uncapped`."""
        return cls(
            max_connections=limits.max_connections,
            max_per_address=limits.max_connections_per_client,
            uncapped=uncapped,
            probe_connections=limits.probe_connections,
            send_timeout_s=limits.send_timeout_s,
        )

    @classmethod
    def of_peer_port(cls, p2p: P2PSection) -> "AdmissionLimits":
        """The peer port's: `[p2p]`; every connection must authenticate."""
        return cls(
            max_per_address=p2p.max_connections_per_address,
            send_timeout_s=p2p.send_timeout_s,
            handshake_timeout_s=p2p.handshake_timeout_s,
            max_handshake_bytes=p2p.max_handshake_bytes,
            max_handshakes=p2p.max_handshakes,
        )


class Admission:
    """The connections one listening socket holds, counted by client."""

    def __init__(self, limits: AdmissionLimits, what: str) -> None:
        """`what` names the socket in log lines ("API", "peer port")."""
        self.limits, self._what = limits, what
        self._connections: dict[asyncio.BaseTransport, GatedConnection] = {}
        self._per_address: Counter[str] = Counter()
        self._admitted = self._probes = self._handshaking = 0
        self._refusals = ThrottledLog(log, logging.WARNING, REFUSAL_LOG_INTERVAL_S)

    def protocol_factory(
        self, factory: Callable[[], asyncio.Protocol]
    ) -> Callable[[], asyncio.Protocol]:
        """A protocol factory for `loop.create_server`: each connection is judged first, and
        handed to a protocol of `factory` only if it is admitted."""
        return lambda: GatedConnection(self, factory)

    def is_probes_only(self, transport: asyncio.BaseTransport | None) -> bool:
        """Whether the connection of `transport` was admitted for the probes only."""
        connection = self._connections.get(transport) if transport is not None else None
        return connection is not None and connection.verdict is Verdict.PROBES_ONLY

    def authenticated(self, transport: asyncio.BaseTransport | None) -> None:
        """The connection of `transport` has authenticated: its handshake limits end."""
        connection = self._connections.get(transport) if transport is not None else None
        if connection is not None and not connection.authenticated:
            connection.authenticated = True
            self._handshaking -= 1
            self._uncount_address(connection.key)
            connection.stop_deadline()

    def admit(
        self, connection: "GatedConnection", transport: asyncio.BaseTransport, address: str
    ) -> Verdict:
        """Judge a new connection from `address`, and count it unless it is refused."""
        limits, key = self.limits, address_key(address)
        capped = limits.max_per_address and not is_in_networks(address, limits.uncapped)
        over = (
            (capped and self._per_address[key] >= limits.max_per_address)
            or (limits.max_connections and self._admitted >= limits.max_connections)
            or (limits.max_handshakes and self._handshaking >= limits.max_handshakes)
        )
        verdict = Verdict.ADMITTED
        if over:
            loopback = is_loopback(address)
            verdict = Verdict.REFUSED
            if loopback and self._probes < limits.probe_connections:
                verdict = Verdict.PROBES_ONLY
        if verdict is Verdict.REFUSED:
            self._refusals.log(
                "%s: refusing connections from %s (%d from it, %d in all)",
                self._what,
                key,
                self._per_address[key],
                len(self._connections),
            )
            return verdict
        connection.key, connection.verdict = key, verdict
        self._per_address[key] += 1
        if verdict is Verdict.PROBES_ONLY:
            self._probes += 1
        else:
            self._admitted += 1
        if limits.handshake_timeout_s:
            self._handshaking += 1
        self._connections[transport] = connection
        return verdict

    def release(self, connection: "GatedConnection", transport: asyncio.BaseTransport) -> None:
        """An admitted connection closed: uncount it."""
        del self._connections[transport]
        if not connection.authenticated:
            self._uncount_address(connection.key)
        if connection.verdict is Verdict.PROBES_ONLY:
            self._probes -= 1
        else:
            self._admitted -= 1
        if self.limits.handshake_timeout_s and not connection.authenticated:
            self._handshaking -= 1

    def _uncount_address(self, key: str) -> None:
        self._per_address[key] -= 1
        if not self._per_address[key]:
            del self._per_address[key]

    def handshake_failed(self, connection: "GatedConnection", reason: str) -> None:
        """Log (at a bounded rate) why a connection was reset before it authenticated."""
        self._refusals.log("%s: reset %s: %s", self._what, connection.key, reason)


class GatedConnection(asyncio.Protocol):
    """One accepted connection: judged, then passed through to its real protocol."""

    def __init__(self, admission: Admission, factory: Callable[[], asyncio.Protocol]) -> None:
        self._admission, self._factory = admission, factory
        self._inner: asyncio.Protocol | None = None
        self.transport: asyncio.Transport | None = None
        self.verdict = Verdict.REFUSED
        self.key = ""
        self.authenticated = False
        self._received = 0
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Judge the connection; reset it, or hand it to a new inner protocol."""
        # A server's transports are Transports (asyncio's, or uvloop's, which do not
        # subclass it).
        self.transport = cast(asyncio.Transport, transport)
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        if self._admission.admit(self, transport, address) is Verdict.REFUSED:
            self.transport.abort()
            return
        limits = self._admission.limits
        if limits.send_timeout_s:
            _set_user_timeout(self.transport, limits.send_timeout_s)
        if limits.handshake_timeout_s:
            self._deadline = asyncio.get_running_loop().call_later(
                limits.handshake_timeout_s, self._handshake_expired
            )
        self._inner = self._factory()
        self._inner.connection_made(transport)

    def stop_deadline(self) -> None:
        """The connection authenticated in time."""
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _handshake_expired(self) -> None:
        self._deadline = None
        if not self.authenticated and self.transport is not None:
            seconds = self._admission.limits.handshake_timeout_s
            self._admission.handshake_failed(self, f"not authenticated within {seconds} s")
            self.transport.abort()

    def data_received(self, data: bytes) -> None:
        """Pass `data` on, unless it takes an unauthenticated connection over its budget."""
        if self._inner is None or self.transport is None:
            return
        budget = self._admission.limits.max_handshake_bytes
        if budget and not self.authenticated:
            self._received += len(data)
            if self._received > budget:
                self._admission.handshake_failed(
                    self, f"sent over {budget} bytes before authenticating"
                )
                self.transport.abort()
                return
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        """Pass the end of the client's data on."""
        return None if self._inner is None else self._inner.eof_received()

    def pause_writing(self) -> None:
        """Pass flow control on: the transport's buffer is full."""
        if self._inner is not None:
            self._inner.pause_writing()

    def resume_writing(self) -> None:
        """Pass flow control on: the transport's buffer has room again."""
        if self._inner is not None:
            self._inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        """Uncount an admitted connection and tell its protocol."""
        if self._inner is None or self.transport is None:
            return
        self.stop_deadline()
        self._admission.release(self, self.transport)
        self._inner.connection_lost(exc)


def _set_user_timeout(transport: asyncio.Transport, seconds: int) -> None:
    sock = transport.get_extra_info("socket")
    if TCP_USER_TIMEOUT is None or sock is None:
        return
    try:
        sock.setsockopt(socket.IPPROTO_TCP, TCP_USER_TIMEOUT, seconds * 1000)
    except OSError as err:  # not a TCP socket
        log.debug("cannot set TCP_USER_TIMEOUT: %s", err)


class GatedListener:
    """A listening socket that serves an aiohttp runner through an Admission."""

    def __init__(self, runner: web.BaseRunner, admission: Admission) -> None:
        """Requires `runner` to be set up."""
        self.admission, self._runner = admission, runner
        self._server: asyncio.Server | None = None

    async def start(self, host: str, port: int) -> None:
        """Listen on `host`:`port` (port 0: one the system chooses). Raises OSError."""
        server = self._runner.server
        if server is None:
            raise RuntimeError("the runner must be set up before it is served")
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(self.admission.protocol_factory(server), host, port)

    @property
    def port(self) -> int:
        """The port listened on; requires start()."""
        if self._server is None:
            raise RuntimeError("GatedListener.start() has not run")
        return int(self._server.sockets[0].getsockname()[1])

    async def close(self) -> None:
        """Stop accepting connections; those open are the runner's to close (cleanup())."""
        if self._server is not None:
            self._server.close()


def raise_open_files_limit(needed: int) -> None:
    """Raise the process's soft limit on open files to `needed` (within the hard limit), so
    that the connection caps, not the file descriptors, run out first; log a warning when
    the hard limit is lower (the operator raises it: `ulimit -n`, systemd's LimitNOFILE)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= needed:
        return
    target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    if target < needed:
        log.warning(
            "open files are limited to %d, and the connection limits need %d: raise the "
            "limit (ulimit -n, LimitNOFILE) or lower [limits] max_connections",
            target,
            needed,
        )
