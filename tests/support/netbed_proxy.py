"""A userspace TCP proxy on every directed peer link of a consortium: added delay with jitter,
blocked directions, partitions and connection resets (docs/network-test-bed.md).

Node i dials node j through the listener of link (i, j). A dialed connection carries bytes both
ways, and the nodes keep one connection per pair whoever dialed it, so faults are set on the
direction the bytes flow in: `src → dst`, whichever end dialed. The proxies run on one asyncio
loop in a thread of their own; the test thread changes faults through the methods of
`ProxyMesh`, which wait until the loop has applied them.
"""

import asyncio
import random
import socket
import struct
import threading
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

LOOPBACK = "127.0.0.1"
CHUNK_BYTES = 65536
CONTROL_TIMEOUT_S = 10.0
Result = TypeVar("Result")
Link = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Delay:
    """Latency added to one direction: `base_ms` plus a uniform draw from [0, `jitter_ms`]."""

    base_ms: float = 0.0
    jitter_ms: float = 0.0

    def __post_init__(self) -> None:
        if self.base_ms < 0 or self.jitter_ms < 0:
            raise ValueError(
                f"delay and jitter must be >= 0 ms, got {self.base_ms}, {self.jitter_ms}"
            )

    def sample_s(self, rng: random.Random) -> float:
        """One chunk's added latency in seconds, drawn from `rng`."""
        return (self.base_ms + rng.uniform(0.0, self.jitter_ms)) / 1000


class Direction:
    """What happens to bytes flowing from one node to another; lives on the proxies' loop."""

    def __init__(self) -> None:
        self.delay = Delay()
        self.open = asyncio.Event()
        self.open.set()


def reset_connection(writer: asyncio.StreamWriter) -> None:
    """Abort the socket with a TCP reset, as a middlebox that drops the flow does."""
    sock = writer.get_extra_info("socket")
    if sock is not None and sock.fileno() >= 0:
        # SO_LINGER on with a zero timeout makes close() send RST instead of FIN.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class Splice:
    """One dialed connection through a proxy: the dialer's socket and the listener's."""

    def __init__(self, dialer: asyncio.StreamWriter, listener: asyncio.StreamWriter) -> None:
        self.writers = (dialer, listener)

    def reset(self) -> None:
        """Reset both sockets."""
        for writer in self.writers:
            reset_connection(writer)


class ProxyMesh:
    """A listener for every directed link (i, j) of `count` nodes, forwarding to node j.

    Seeded by `seed`: jitter draws and the choice of connections to reset come from one
    `random.Random`. Call `start` before anything else and `stop` at the end.
    """

    def __init__(self, count: int, seed: int) -> None:
        self.resets = 0
        self._rng = random.Random(seed)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._links = [(i, j) for i in range(count) for j in range(count) if i != j]
        self._directions: dict[Link, Direction] = {}
        self._servers: dict[Link, asyncio.Server] = {}
        self._upstream: dict[int, int] = {}
        self._splices: dict[Splice, None] = {}  # ordered, so seeded choices repeat
        self._cutting: asyncio.Task[None] | None = None

    # Set-up ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the loop and bind every link's listener to a free 127.0.0.1 port."""
        self._thread.start()
        self._run(self._listen())

    async def _listen(self) -> None:
        for dialer, listener in self._links:
            self._directions[dialer, listener] = Direction()

            async def accept(
                reader: asyncio.StreamReader,
                writer: asyncio.StreamWriter,
                link: Link = (dialer, listener),
            ) -> None:
                await self._splice(link, reader, writer)

            self._servers[dialer, listener] = await asyncio.start_server(accept, LOOPBACK, 0)

    def port(self, dialer: int, listener: int) -> int:
        """The port node `dialer` must dial to reach node `listener` through its proxy."""
        port: int = self._servers[dialer, listener].sockets[0].getsockname()[1]
        return port

    def forward(self, listener: int, port: int) -> None:
        """Send connections for node `listener` to its peer endpoint at 127.0.0.1:`port`."""
        self._apply(lambda: self._upstream.__setitem__(listener, port))

    def stop(self) -> None:
        """Close the listeners, reset every connection and end the loop's thread."""
        self._run(self._close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=CONTROL_TIMEOUT_S)
        self._loop.close()

    async def _close(self) -> None:
        self._stop_cutting()
        for server in self._servers.values():
            server.close()
        for splice in list(self._splices):
            splice.reset()
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    # Faults ---------------------------------------------------------------------------

    def set_delay(self, src: int, dst: int, delay: Delay) -> None:
        """Add `delay` to every chunk flowing from node `src` to node `dst`."""
        self._apply(lambda: setattr(self._directions[src, dst], "delay", delay))

    def partition(self, groups: Iterable[Iterable[int]]) -> None:
        """Hold every byte between nodes of different `groups` (a node in no group is cut off
        from all) and let the rest flow. Held bytes wait, as TCP retransmits through a
        dropping firewall, and arrive once `heal` reopens their direction."""
        group_of = {node: number for number, group in enumerate(groups) for node in group}

        def change() -> None:
            for src, dst in self._links:
                together = src in group_of and group_of.get(src) == group_of.get(dst)
                direction = self._directions[src, dst]
                direction.open.set() if together else direction.open.clear()

        self._apply(change)

    def heal(self) -> None:
        """Reopen every direction and remove every delay; open connections carry on."""

        def change() -> None:
            for direction in self._directions.values():
                direction.delay = Delay()
                direction.open.set()

        self._apply(change)

    def start_cuts(self, mean_interval_s: float) -> None:
        """Reset a random open connection every `mean_interval_s` on average (exponential
        gaps), until `stop_cuts`."""
        self._apply(lambda: self._start_cutting(mean_interval_s))

    def stop_cuts(self) -> None:
        """Stop the resets `start_cuts` began."""
        self._apply(self._stop_cutting)

    def _start_cutting(self, mean_interval_s: float) -> None:
        self._stop_cutting()
        self._cutting = self._loop.create_task(self._cut_forever(mean_interval_s))

    def _stop_cutting(self) -> None:
        if self._cutting is not None:
            self._cutting.cancel()
            self._cutting = None

    async def _cut_forever(self, mean_interval_s: float) -> None:
        while True:
            await asyncio.sleep(self._rng.expovariate(1 / mean_interval_s))
            if self._splices:
                self._rng.choice(list(self._splices)).reset()
                self.resets += 1

    # Forwarding -----------------------------------------------------------------------

    async def _splice(
        self, link: Link, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        dialer, listener = link
        try:
            up_reader, up_writer = await asyncio.open_connection(LOOPBACK, self._upstream[listener])
        except (OSError, KeyError):  # the node is down (or not wired yet): refuse like it
            reset_connection(writer)
            return
        splice = Splice(writer, up_writer)
        self._splices[splice] = None
        try:
            await asyncio.gather(
                self._pump(reader, up_writer, self._directions[dialer, listener]),
                self._pump(up_reader, writer, self._directions[listener, dialer]),
            )
        except (OSError, RuntimeError):  # reset by a peer or by us
            pass
        finally:
            self._splices.pop(splice, None)
            splice.reset()

    async def _pump(
        self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, direction: Direction
    ) -> None:
        """Copy `source` to `sink` in order, each chunk after its delay and only while the
        direction is open; pass the end of stream on as a half close."""
        in_flight: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        delivering = asyncio.ensure_future(self._deliver(in_flight, sink, direction))
        due = 0.0
        try:
            while True:
                await direction.open.wait()
                data = await source.read(CHUNK_BYTES)
                # A later chunk never overtakes an earlier one: TCP delivers in order.
                due = max(due, self._loop.time() + direction.delay.sample_s(self._rng))
                in_flight.put_nowait((due, data))
                if not data:
                    break
            await delivering
        finally:
            delivering.cancel()

    async def _deliver(
        self,
        in_flight: asyncio.Queue[tuple[float, bytes]],
        sink: asyncio.StreamWriter,
        direction: Direction,
    ) -> None:
        while True:
            due, data = await in_flight.get()
            await asyncio.sleep(max(0.0, due - self._loop.time()))
            await direction.open.wait()
            if not data:
                if sink.can_write_eof():
                    sink.write_eof()
                return
            sink.write(data)
            await sink.drain()

    # Control from the test thread ------------------------------------------------------

    def _apply(self, change: Callable[[], object]) -> None:
        async def on_loop() -> None:
            change()

        self._run(on_loop())

    def _run(self, coroutine: Coroutine[Any, Any, Result]) -> Result:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(CONTROL_TIMEOUT_S)
