"""Limits on the public API's clients: request rate, open connections, time per request.

docs/http-api.md, "Limits": a client over its rate gets 429 with Retry-After, and a refused request
changes nothing. Each client has a token bucket (as RFC 2697 §3 meters traffic): it holds at
most `burst` tokens, gains `rate_per_s` tokens a second, and each request takes one. The
bucket is keyed by the client's address (node/addresses.py); IPv6 clients by their /64
network, since one host commonly holds a whole /64. Connections are counted where they are
accepted (node/admission.py); a loopback connection admitted beyond the caps for the probes
only is answered 503 for anything else.

A file of the web page (`/`, `/verifier.html`, `/static/…`) takes a sixteenth of a token: one
load of the page fetches some 70 small files, each answered from memory or with 304, and a
judge who reloads the page, or a court office whose clerks share one address, must not be
refused it after a second load, as they were at one token a file.

Liveness and readiness probes are never rate limited: an orchestrator must see the truth about
a node under load. Admin requests run without the request timeout: a backup takes as long as
the store is large.
"""

import asyncio
import math
import time
from collections.abc import Callable, Sequence

from aiohttp import web
from aiohttp.typedefs import Middleware

from cunzheng.node.addresses import Network, address_key, is_in_networks, parse_networks
from cunzheng.node.admission import Admission, AdmissionLimits
from cunzheng.node.api.errors import Handler, error_response
from cunzheng.node.config import LimitsSection
from cunzheng.node.token_buckets import TokenBuckets

PROBE_PATHS = frozenset({"/healthz", "/readyz"})
PAGE_PATHS = frozenset({"/", "/verifier.html"})
PAGE_FILES_PREFIX = "/static/"
PAGE_FILES_PER_TOKEN = 16
UNTIMED_PREFIX = "/v1/admin/"
MAX_CLIENTS = 100_000  # buckets kept; the least recently seen client is forgotten beyond this


def client_key(request: web.Request, trusted_proxies: Sequence[Network]) -> str:
    """The key of the client's bucket: its address, or its IPv6 /64 network.

    Behind one of `trusted_proxies`, the client is the last address in X-Forwarded-For (the
    one the proxy itself saw; earlier ones are whatever the client claimed).
    """
    address = request.remote or ""
    forwarded = request.headers.get("X-Forwarded-For")
    if forwarded and is_in_networks(address, trusted_proxies):
        address = forwarded.rsplit(",", 1)[-1].strip()
    return address_key(address)


def _cost(path: str) -> float:
    """The tokens a request for `path` takes: a sixteenth for a file of the page, else one."""
    if path in PAGE_PATHS or path.startswith(PAGE_FILES_PREFIX):
        return 1.0 / PAGE_FILES_PER_TOKEN
    return 1.0


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
        self.admission = Admission(AdmissionLimits.of_api(limits, tuple(self._trusted)), "API")

    def refusal(self, request: web.Request) -> web.Response | None:
        """The answer refusing `request` (a connection admitted for the probes only asking
        for something else, or a client over its rate), or None if it may be served. A
        request let through has taken a token."""
        limits = self._limits
        probe = request.path in PROBE_PATHS
        if not probe and self.admission.is_probes_only(request.transport):
            response = error_response(
                503,
                "too_many_connections",
                f"this node serves at most {limits.max_connections} connections, and "
                f"{limits.max_connections_per_client} from one client; retry later",
                _retry_after(1.0),
            )
            response.force_close()
            return response
        if self._buckets is None or probe:
            return None
        wait_s = self._buckets.take(client_key(request, self._trusted), _cost(request.path))
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
            if request.writer.output_size > 0 and request.transport is not None:
                # A streamed answer has begun and no error answer can follow it: cut it
                # (the client sees a body that is not whole JSON).
                request.transport.abort()
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
