"""Trusted time for checkpoints: RFC 3161 tokens from the configured TSAs
(docs/time.md, "RFC 3161 time-stamp tokens").

After each commit the node hands the new tip header to the `Timestamper`. Its background task
stamps the latest checkpoint once `every_blocks` blocks have passed since the last one stamped
and `min_interval_s` seconds since its last request: it POSTs a TimeStampReq (SHA-256 of the
checkpoint body, a fresh nonce, certReq) to every configured TSA at once, checks each answer
(ledger.timestamp.token_from_response) and keeps the tokens in the store, where
GET /v1/timestamps/{ledger_size} and proof bundles find them. A TSA that fails is logged and
asked again later; consensus never waits for a TSA.

The node does not hold trust anchors: it checks that a token stamps its checkpoint and is
signed by the certificate it carries, and leaves trust in that TSA to verifiers.
"""

import asyncio
import contextlib
import hashlib
import logging
import secrets
import time
from collections.abc import Callable

import aiohttp
from asn1crypto import tsp  # type: ignore[import-untyped]

from cunzheng.ledger.block import Header
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.finality import checkpoint_of
from cunzheng.ledger.store import BlockStore
from cunzheng.ledger.timestamp import TimestampError, token_from_response
from cunzheng.node.config import TimeSection

log = logging.getLogger(__name__)
QUERY_CONTENT_TYPE = "application/timestamp-query"  # RFC 3161 §3.4
MAX_RESPONSE_BYTES = 1 << 20
RETRY_AFTER_S = 30  # after every TSA failed, at least this long before asking again
OUTCOMES = ("stamped", "failed")


def timestamp_request(checkpoint_body: str, nonce: int) -> bytes:
    """A DER TimeStampReq (RFC 3161 §2.4.1) for SHA-256 of `checkpoint_body`.

    It carries `nonce` (requires 0 <= nonce < 2^64) and asks for the TSA's certificate, which
    verifiers need to check the token.
    """
    digest = hashlib.sha256(checkpoint_body.encode("utf-8")).digest()
    imprint = {"hash_algorithm": {"algorithm": "sha256"}, "hashed_message": digest}
    request = tsp.TimeStampReq(
        {"version": "v1", "message_imprint": imprint, "nonce": nonce, "cert_req": True}
    )
    return bytes(request.dump())


async def _read_limited(response: aiohttp.ClientResponse) -> bytes:
    chunks, size = [], 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            raise TimestampError("response", f"the answer is over {MAX_RESPONSE_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def random_nonce() -> int:
    """A fresh 63-bit nonce, so that an old answer cannot be replayed as a new one."""
    return secrets.randbits(63)


class Timestamper:
    """Stamps the node's latest checkpoint with every configured TSA, on the configured schedule.

    `monotonic_s` (seconds) and `nonce` are injected so that the schedule can be driven in tests.
    """

    def __init__(
        self,
        *,
        config: TimeSection,
        store: BlockStore,
        monotonic_s: Callable[[], float] = time.monotonic,
        nonce: Callable[[], int] = random_nonce,
    ) -> None:
        self._config, self._store = config, store
        self._monotonic_s, self._nonce = monotonic_s, nonce
        self._latest: Header | None = None
        self._stamped_height = 0  # the height of the last checkpoint stamped
        self._next_request_s = 0.0  # no request before this monotonic time
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None
        # (TSA URL, "stamped" or "failed") → requests so far, every pair from 0 so that a
        # rate over it is defined before the first request (cunzheng_tsa_requests_total).
        self._requests = {(url, outcome): 0 for url in config.tsa_urls for outcome in OUTCOMES}

    def start(self) -> None:
        """Start the background task (none without TSAs); the store's tip is the first candidate.

        Requires a running event loop.
        """
        if not self._config.tsa_urls or self._task is not None:
            return
        timeout = aiohttp.ClientTimeout(total=self._config.timeout_s)
        self._session = aiohttp.ClientSession(timeout=timeout)
        self._task = asyncio.create_task(self._run(), name="timestamper")
        if self._store.tip is not None:
            self.checkpoint_committed(self._store.tip)

    async def stop(self) -> None:
        """Stop the task, abandoning a request in flight, and close the HTTP session."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    def requests_by_outcome(self) -> dict[tuple[str, str], int]:
        """(TSA URL, "stamped" or "failed") → how many requests to that TSA had that outcome
        since the node started; a request is "stamped" when its token checked and was kept."""
        return dict(self._requests)

    def checkpoint_committed(self, header: Header) -> None:
        """Note that the block `header` was committed: its checkpoint is now the latest."""
        if self._task is not None:
            self._latest = header
            self._wake.set()

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            delay = self._next_request_s - self._monotonic_s()
            if delay > 0:
                await asyncio.sleep(delay)
            header = self._latest
            if header is None or header.height - self._stamped_height < self._config.every_blocks:
                continue
            try:
                kept = await self._stamp_if_new(header)
            except Exception:
                # The task must outlive any one failure (a full disk, a bug): log and go on.
                log.exception("stamping checkpoint size=%d failed", header.ledger_size)
                kept = 0
            if kept:
                self._stamped_height = header.height
                self._next_request_s = self._monotonic_s() + self._config.min_interval_s
            else:
                delay_s = max(self._config.min_interval_s, RETRY_AFTER_S)
                self._next_request_s = self._monotonic_s() + delay_s
                self._wake.set()  # try the latest checkpoint again after that delay

    async def _stamp_if_new(self, header: Header) -> int:
        # An empty block repeats the previous checkpoint's size and root, hence its body.
        already = len(self._store.timestamps(header.ledger_size))
        return already or await self.stamp(header)

    async def stamp(self, header: Header) -> int:
        """Ask every TSA at once for a token over `header`'s checkpoint; store those that check.

        Returns how many tokens were stored; a TSA that fails is logged, not raised. Requires
        a started Timestamper.
        """
        body = checkpoint_of(header).body()
        urls = self._config.tsa_urls
        tokens = await asyncio.gather(*(self._token_from(url, body, header) for url in urls))
        kept = [token for token in tokens if token is not None]
        for token in kept:
            self._store.put_timestamp(header.ledger_size, token)
        log.info(
            "checkpoint size=%d height=%d stamped by %d of %d TSAs",
            header.ledger_size,
            header.height,
            len(kept),
            len(urls),
        )
        return len(kept)

    async def _token_from(self, url: str, body: str, header: Header) -> bytes | None:
        if self._session is None:
            raise RuntimeError("the Timestamper is not started")
        nonce = self._nonce()
        headers = {"Content-Type": QUERY_CONTENT_TYPE}
        try:
            request = timestamp_request(body, nonce)
            async with self._session.post(url, data=request, headers=headers) as response:
                if response.status != 200:
                    raise TimestampError("response", f"the TSA answered HTTP {response.status}")
                answer = await _read_limited(response)
            token = token_from_response(answer, body, nonce)
        except (aiohttp.ClientError, TimeoutError, LedgerError) as err:
            self._requests[url, "failed"] += 1
            log.warning(
                "TSA %s did not stamp checkpoint size=%d: %s",
                url,
                header.ledger_size,
                str(err) or type(err).__name__,
            )
            return None
        self._requests[url, "stamped"] += 1
        return token
