"""A client that submits fresh digests to every node at a bounded pace while faults come and
go, and keeps the ids each node acknowledged with a signed receipt
(docs/network-test-bed.md)."""

import threading

from tests.support.processes import http_json

REQUEST_TIMEOUT_S = 2.0


class PacedClient:
    """One thread per node URL, each posting `batch` fresh digests every `interval_s` until
    `halt` or until `limit` digests (over all threads) have been sent.

    Digests are numbered from `first`, so requires a range no other client uses. A request
    that fails or times out (a node paused, killed or cut off) got no receipt and counts as
    not acknowledged; the thread then goes on with fresh digests.
    """

    def __init__(
        self, urls: list[str], first: int, *, batch: int, interval_s: float, limit: int
    ) -> None:
        self.acknowledged: list[str] = []
        self.unanswered = 0
        self._urls, self._batch, self._interval_s = urls, batch, interval_s
        self._next, self._last = first, first + limit
        self._lock = threading.Lock()
        self._halt = threading.Event()
        self._threads = [threading.Thread(target=self._post_to, args=(url,)) for url in urls]

    def start(self) -> None:
        """Start posting."""
        for thread in self._threads:
            thread.start()

    def halt(self) -> None:
        """Stop posting and wait for the requests in flight."""
        self._halt.set()
        for thread in self._threads:
            thread.join(timeout=REQUEST_TIMEOUT_S + 5)

    def _numbers(self) -> range:
        with self._lock:
            first = self._next
            self._next = min(self._last, first + self._batch)
            return range(first, self._next)

    def _post_to(self, url: str) -> None:
        while not self._halt.is_set():
            numbers = self._numbers()
            if not numbers:
                return
            entries = [{"digest": f"{n:064x}"} for n in numbers]
            try:
                code, answer = http_json(
                    f"{url}/v1/entries", {"entries": entries}, timeout=REQUEST_TIMEOUT_S
                )
            except OSError:
                code, answer = 0, None
            with self._lock:
                if code == 202 and answer["receipt"]["signature"]:
                    self.acknowledged += [result["id"] for result in answer["results"]]
                else:
                    self.unanswered += 1
            self._halt.wait(self._interval_s)
