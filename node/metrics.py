"""Prometheus metrics of a node, served at GET /metrics (prometheus-client).

Each node has its own registry, so several nodes can live in one process (tests). Levels
that the node already knows (height, sizes, peers, alarms, time-stamp requests) are read when
scraped, the disk from its latest sample (node/disk_usage.py); events (submissions, commits)
are counted as they happen. docs/http-api.md, "GET /metrics", lists every metric, and
deploy/prometheus/alerts.yml alerts on them.
"""

import time
from bisect import bisect_left
from collections import Counter as Tally
from collections.abc import Iterable, Iterator, Sized
from itertools import accumulate
from typing import Any, Protocol

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from cunzheng.ledger.block import Block, Commit
from cunzheng.ledger.store import BlockStore
from cunzheng.node.disk_usage import DiskUsage
from cunzheng.node.evidence import EvidenceLog

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
MAX_TRACKED = 1_000_000  # acknowledged entries whose commit latency is still to be observed


class _ConsensusRound(Protocol):
    @property
    def round(self) -> int:
        """The consensus round at the current height."""


class _PeerRows(Protocol):
    def rows(self) -> list[dict[str, Any]]:
        """One row per peer; "connected" says whether it has an authenticated link."""

    def connected_power(self) -> int:
        """Voting power of this node plus that of the validators connected to it."""


class _PeerNetwork(Protocol):
    @property
    def table(self) -> _PeerRows:
        """The peers this node knows."""


class _Mempool(Sized, Protocol):
    @property
    def capacity(self) -> int:
        """How many entries it holds before the API answers 503."""


class _DiskSamples(Protocol):
    @property
    def latest(self) -> DiskUsage | None:
        """The latest sample of the data directory, or None before the first."""


class _ClockOffset(Protocol):
    @property
    def offset_ms(self) -> int | None:
        """The estimated clock offset, None before the first sample."""


class _TimestampRequests(Protocol):
    def requests_by_outcome(self) -> dict[tuple[str, str], int]:
        """(TSA URL, "stamped" or "failed") → requests with that outcome."""


class MeteredNode(Protocol):
    """What the gauges read from a node at scrape time (cunzheng.node.node.Node has it)."""

    @property
    def store(self) -> BlockStore:
        """The committed ledger: height, size, the validators of the next block."""

    @property
    def mempool(self) -> _Mempool:
        """Acknowledged entries not yet committed."""

    @property
    def consensus(self) -> _ConsensusRound:
        """The consensus state machine."""

    @property
    def network(self) -> _PeerNetwork:
        """The peer network."""

    @property
    def evidence_log(self) -> EvidenceLog:
        """Equivocations and split views seen."""

    @property
    def disk(self) -> _DiskSamples:
        """The data directory's size and its filesystem's room, sampled off the event loop."""

    @property
    def timestamper(self) -> _TimestampRequests:
        """The RFC 3161 requests made so far."""

    @property
    def clock_watch(self) -> _ClockOffset:
        """This node's clock against the block times others propose."""


class _NodeLevels(Collector):
    """Gauges read from the node at scrape time, and the counters it already keeps."""

    def __init__(self, node: MeteredNode) -> None:
        self._node = node

    def collect(self) -> Iterator[Metric]:
        node = self._node
        for name, documentation, value in self._levels():
            yield GaugeMetricFamily(name, documentation, value=value)
        offset_ms = node.clock_watch.offset_ms
        if offset_ms is not None:  # absent until another notary's proposal arrived
            yield GaugeMetricFamily(
                "cunzheng_clock_offset_seconds",
                "this node's clock minus the times of blocks others propose, on arrival "
                "(median; includes one network delay); beyond precision_ms: fix NTP",
                value=offset_ms / 1000,
            )
        alarms = [
            ("cunzheng_equivocations", "equivocating votes seen", node.evidence_log.equivocations),
            ("cunzheng_split_views", "split-view alarms raised", node.evidence_log.split_views),
        ]
        for name, documentation, value in alarms:
            yield CounterMetricFamily(name, documentation, value=value)
        requests = CounterMetricFamily(
            "cunzheng_tsa_requests",
            "RFC 3161 time-stamp requests by TSA and outcome (stamped: a token checked and kept)",
            labels=["tsa", "outcome"],
        )
        for (url, outcome), count in sorted(node.timestamper.requests_by_outcome().items()):
            requests.add_metric([url, outcome], count)
        yield requests

    def _levels(self) -> list[tuple[str, str, float]]:
        node = self._node
        store = node.store
        peers = node.network.table.rows()
        levels: list[tuple[str, str, float]] = [
            ("cunzheng_height", "height of the latest committed block", store.height),
            ("cunzheng_ledger_size", "entries in the ledger", store.ledger_size),
            ("cunzheng_mempool_size", "acknowledged entries not yet committed", len(node.mempool)),
            (
                "cunzheng_mempool_capacity",
                "acknowledged entries the mempool holds before submissions get 503",
                node.mempool.capacity,
            ),
            (
                "cunzheng_consensus_round",
                "consensus round at the current height",
                node.consensus.round,
            ),
            (
                "cunzheng_peers_connected",
                "peers with an authenticated connection",
                sum(1 for peer in peers if peer["connected"]),
            ),
            (
                "cunzheng_voting_power_connected",
                "voting power of this node and the validators connected to it",
                node.network.table.connected_power(),
            ),
            (
                "cunzheng_voting_power_total",
                "voting power of the validators of the next block (a quorum is over 2/3)",
                store.next_validators.total_power,
            ),
        ]
        usage = node.disk.latest
        if usage is not None:  # none before the first sample: no made-up zero
            levels += [
                (
                    "cunzheng_store_bytes",
                    "bytes of the files in the data directory",
                    usage.store_bytes,
                ),
                (
                    "cunzheng_disk_free_bytes",
                    "bytes available to the node on the data directory's filesystem",
                    usage.free_bytes,
                ),
                (
                    "cunzheng_disk_size_bytes",
                    "size of the data directory's filesystem",
                    usage.size_bytes,
                ),
            ]
        return levels


class _CommitLatency(Collector):
    """cunzheng_commit_latency_seconds. A block commits thousands of entries acknowledged in
    a few groups, each group at one moment, so latencies are counted group by group;
    prometheus_client's Histogram takes one observation per call."""

    def __init__(self, buckets: tuple[float, ...]) -> None:
        self._bounds = buckets
        self._counts = [0] * (len(buckets) + 1)  # the last one: above every bound
        self._sum = 0.0

    def observe(self, seconds: float, count: int) -> None:
        """Count `count` entries that waited `seconds` each."""
        self._counts[bisect_left(self._bounds, seconds)] += count  # a bucket is "≤ bound"
        self._sum += seconds * count

    def collect(self) -> Iterator[Metric]:
        cumulative = list(accumulate(self._counts))
        bounds = [str(float(bound)) for bound in self._bounds] + ["+Inf"]  # "1.0", as Histogram
        yield HistogramMetricFamily(
            "cunzheng_commit_latency_seconds",
            "time from an entry's acknowledgement on this node to its commit",
            buckets=list(zip(bounds, cumulative, strict=True)),
            sum_value=self._sum,
        )


class NodeMetrics:
    """The node's registry and the event counters fed by the API and the commit path."""

    def __init__(self, node: MeteredNode) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.submissions = Counter(
            "cunzheng_submissions",
            "POST /v1/entries requests, by outcome (accepted, or the error code)",
            ["outcome"],
            registry=self.registry,
        )
        self.entries_accepted = Counter(
            "cunzheng_entries_accepted",
            "entries acknowledged with a receipt",
            registry=self.registry,
        )
        self.block_interval = Histogram(
            "cunzheng_block_interval_seconds",
            "consensus time between consecutive blocks",
            buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60),
            registry=self.registry,
        )
        self.commit_latency = _CommitLatency((0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30))
        self.registry.register(self.commit_latency)
        self.rounds = Histogram(
            "cunzheng_rounds_per_height",
            "consensus rounds needed to commit a height",
            buckets=(1, 2, 3, 5, 10),
            registry=self.registry,
        )
        self.registry.register(_NodeLevels(node))
        # canonical entry encoding → when it was acknowledged. Keyed by the encoding, which
        # a block carries, rather than the id, which would have to be hashed again: the
        # mempool's bytes objects end up in the block and keep their cached hash.
        self._acknowledged: dict[bytes, float] = {}

    def submitted(self, outcome: str, entries: int = 0) -> None:
        """Count one submission request and the entries it got acknowledged."""
        self.submissions.labels(outcome=outcome).inc()
        if entries:
            self.entries_accepted.inc(entries)

    def acknowledged(self, encodings: Iterable[bytes]) -> None:
        """Start the commit-latency clock of entries our clients submitted, given by their
        canonical encodings."""
        now, tracked = time.monotonic(), self._acknowledged
        for data in encodings:
            if len(tracked) >= MAX_TRACKED:
                break
            tracked[data] = now

    def committed(self, block: Block, commit: Commit, previous_ms: int | None) -> None:
        """Observe a committed block: its interval, its rounds, its entries' latency."""
        if previous_ms is not None:
            self.block_interval.observe((block.header.time_ms - previous_ms) / 1000)
        self.rounds.observe(commit.round + 1)
        if not self._acknowledged:
            return
        now, pop = time.monotonic(), self._acknowledged.pop
        acknowledged_at = (pop(data, None) for data in block.entries)
        # None: acknowledged by another node, or not tracked
        groups = Tally(started for started in acknowledged_at if started is not None)
        for started, count in groups.items():
            self.commit_latency.observe(now - started, count)

    def exposition(self) -> bytes:
        """The Prometheus text format of every metric."""
        return bytes(generate_latest(self.registry))
