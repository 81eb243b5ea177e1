"""Limits on the public API's clients: request rate, open connections, time per request.

docs/http-api.md, "Limits": a client over its rate gets 429 with Retry-After, and a refused request
changes nothing. Each client has a token bucket (as RFC 2697 §3 meters traffic): it holds at
most `burst` tokens, gains `rate_per_s` tokens a second, and each request takes one. The
bucket is keyed by the client's address (node/config.py, LimitsSection); IPv6 clients by their
/64 network, since one host commonly holds a whole /64.

Liveness and readiness probes are never rate limited: an orchestrator must see the truth about
a node under load. Admin requests run without the request timeout: a backup takes as long as
the store is large.
"""

import asyncio
import ipaddress
import math
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence

from aiohttp import web
from aiohttp.typedefs import Middleware

from cunzheng.node.api.errors import Handler, error_response
from cunzheng.node.config import LimitsSection

UNLIMITED_PATHS = frozenset({"/healthz", "/readyz"})
UNTIMED_PREFIX = "/v1/admin/"
MAX_CLIENTS = 100_000  # buckets kept; the least recently seen client is forgotten beyond this
IPV6_CLIENT_PREFIX = 64
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(texts: Sequence[str]) -> list[Network]:
    """The networks (a single address is a /32 or /128) named in a config list.

    Requires texts that LimitsSection accepted; raises ValueError otherwise.
    """
    return [ipaddress.ip_network(text, strict=False) for text in texts]


def _ip(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address, an IPv4-mapped IPv6 address as IPv4; None if `address` is not an IP."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def is_in_networks(address: str, networks: Sequence[Network]) -> bool:
    """Whether `address` is an IP address inside one of `networks` (False if not an IP)."""
    ip = _ip(address)
    return ip is not None and any(ip in network for network in networks)


def is_loopback(address: str) -> bool:
    """Whether `address` is a loopback address (127.0.0.0/8, ::1, or ::ffff:127.x.y.z)."""
    ip = _ip(address)
    return ip is not None and ip.is_loopback


def client_key(request: web.Request, trusted_proxies: Sequence[Network]) -> str:
    """The key of the client's bucket: its address, or its IPv6 /64 network.

    Behind one of `trusted_proxies`, the client is the last address in X-Forwarded-For (the
    one the proxy itself saw; earlier ones are whatever the client claimed).
    """
    address = request.remote or ""
    forwarded = request.headers.get("X-Forwarded-For")
    if forwarded and is_in_networks(address, trusted_proxies):
        address = forwarded.rsplit(",", 1)[-1].strip()
    ip = _ip(address)
    if ip is None:
        return address[:64]  # not an address: a Unix socket, or a proxy's odd header
    if isinstance(ip, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{ip}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(ip)


class TokenBuckets:
    """One token bucket per client, all with the same rate and size."""

    def __init__(
        self, rate_per_s: int, burst: int, clock: Callable[[], float], max_clients: int
    ) -> None:
        """Requires rate_per_s > 0 and burst >= 1; `clock` returns monotonic seconds."""
        self._rate, self._burst, self._clock = rate_per_s, burst, clock
        self._max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # tokens, time

    def take(self, client: str) -> float:
        """Take a token from `client`'s bucket: 0.0 if there was one, else the seconds until
        there will be one (nothing is taken then)."""
        now = self._clock()
        tokens, then = self._buckets.pop(client, (float(self._burst), now))
        tokens = min(float(self._burst), tokens + (now - then) * self._rate)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self._rate
        self._buckets[client] = (tokens, now)
        if len(self._buckets) > self._max_clients:
            self._buckets.popitem(last=False)
        return wait


class OpenConnections:
    """The client connections a node is serving, up to a limit."""

    def __init__(self, limit: int) -> None:
        """`limit` > 0: the most connections served at once."""
        self._limit = limit
        self._open: weakref.WeakSet[asyncio.BaseTransport] = weakref.WeakSet()

    def admits(self, transport: asyncio.BaseTransport | None) -> bool:
        """Whether a request on `transport` may be served: its connection is already counted,
        or there is room for one more (which is then counted)."""
        if transport is None or transport in self._open:
            return True
        for closed in [t for t in self._open if t.is_closing()]:
            self._open.discard(closed)
        if len(self._open) >= self._limit:
            return False
        self._open.add(transport)
        return True


def _retry_after(wait_s: float) -> dict[str, str]:
    return {"Retry-After": str(max(1, math.ceil(wait_s)))}


class ClientLimits:
    """The `[limits]` of node/config.py, enforced by one aiohttp middleware."""

    def __init__(self, limits: LimitsSection, clock: Callable[[], float] = time.monotonic) -> None:
        """`clock` returns monotonic seconds. Zero values in `limits` disable that limit."""
        self._limits = limits
        self._trusted = parse_networks(limits.trusted_proxies)
        self._buckets = (
            TokenBuckets(limits.rate_per_s, limits.burst, clock, MAX_CLIENTS)
            if limits.rate_per_s
            else None
        )
        self._connections = (
            OpenConnections(limits.max_connections) if limits.max_connections else None
        )

    def refusal(self, request: web.Request) -> web.Response | None:
        """The answer refusing `request` (too many connections, or over the client's rate),
        or None if it may be served. A request let through has taken a token."""
        limits = self._limits
        if self._connections is not None and not self._connections.admits(request.transport):
            response = error_response(
                503,
                "too_many_connections",
                f"this node serves at most {limits.max_connections} connections; retry later",
                _retry_after(1.0),
            )
            response.force_close()
            return response
        if self._buckets is None or request.path in UNLIMITED_PATHS:
            return None
        wait_s = self._buckets.take(client_key(request, self._trusted))
        if not wait_s:
            return None
        return error_response(
            429,
            "rate_limited",
            f"more than {limits.rate_per_s} requests per second (burst {limits.burst}) from "
            f"this client; retry in {wait_s:.1f} s",
            _retry_after(wait_s),
        )

    async def _answer_in_time(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        timeout_s = self._limits.request_timeout_s
        if not timeout_s or request.path.startswith(UNTIMED_PREFIX):
            return await handler(request)
        try:
            async with asyncio.timeout(timeout_s):
                return await handler(request)
        except TimeoutError:
            return error_response(
                503,
                "timeout",
                f"the request was not answered within {timeout_s} s and got no receipt; "
                "sending it again later is safe",
                _retry_after(1.0),
            )

    def middleware(self) -> Middleware:
        """The middleware: refused requests are answered at once and reach no handler."""

        @web.middleware
        async def limit_clients(request: web.Request, handler: Handler) -> web.StreamResponse:
            refused = self.refusal(request)
            if refused is not None:
                return refused
            return await self._answer_in_time(request, handler)

        return limit_clients
