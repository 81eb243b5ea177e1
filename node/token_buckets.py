"""Token buckets, one per client (or peer): a rate with a burst, as RFC 2697 §3 meters
traffic. A bucket holds at most `burst` tokens and gains `rate_per_s` a second; what a
client does takes tokens, and what finds too few is refused (node/api/ratelimit.py: a request
takes one, a file of the page a sixteenth; node/p2p/: a get_blocks takes one, an entry one
each)."""

from collections import OrderedDict
from collections.abc import Callable


class TokenBuckets:
    """One token bucket per client, all with the same rate and size."""

    def __init__(
        self, rate_per_s: int, burst: int, clock: Callable[[], float], max_clients: int
    ) -> None:
        """Requires rate_per_s > 0 and burst >= 1; `clock` returns monotonic seconds."""
        self._rate, self._burst, self._clock = rate_per_s, burst, clock
        self._max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # tokens, time

    def take(self, client: str, count: float = 1.0) -> float:
        """Take `count` tokens from `client`'s bucket: 0.0 if it held them, else the seconds
        until it will (nothing is taken then). Requires 0 < count <= burst."""
        tokens, now = self._refilled(client)
        wait = 0.0
        if tokens >= count:
            tokens -= count
        else:
            wait = (count - tokens) / self._rate
        self._keep(client, tokens, now)
        return wait

    def take_up_to(self, client: str, count: int) -> int:
        """Take as many of `count` tokens as `client`'s bucket holds whole; how many it took
        (0 to `count`). Requires count >= 0."""
        tokens, now = self._refilled(client)
        taken = min(count, int(tokens))
        self._keep(client, tokens - taken, now)
        return taken

    def _refilled(self, client: str) -> tuple[float, float]:
        """`client`'s tokens now (a bucket first seen is full), and now; the bucket is taken
        out until _keep puts it back."""
        now = self._clock()
        tokens, then = self._buckets.pop(client, (float(self._burst), now))
        return min(float(self._burst), tokens + (now - then) * self._rate), now

    def _keep(self, client: str, tokens: float, now: float) -> None:
        """Put `client`'s bucket back as the most recently seen, forgetting the least
        recently seen one beyond `max_clients`."""
        self._buckets[client] = (tokens, now)
        if len(self._buckets) > self._max_clients:
            self._buckets.popitem(last=False)
