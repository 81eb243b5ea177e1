"""Prometheus metrics of a node, served at GET /metrics (prometheus-client).

Each node has its own registry, so several nodes can live in one process (tests). Levels
that the node already knows (height, sizes, peers, alarms) are read when scraped; events
(submissions, commits) are counted as they happen.
"""

import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from ledger.block import Block, Commit
from ledger.hashing import leaf_hash

if TYPE_CHECKING:
    from node.node import Node

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
MAX_TRACKED = 1_000_000  # acknowledged entries whose commit latency is still to be observed


class _NodeLevels(Collector):
    """Gauges read from the node at scrape time."""

    def __init__(self, node: "Node") -> None:
        self._node = node

    def collect(self) -> Iterator[Metric]:
        node = self._node
        store = node.store
        peers = node.network.table.rows()
        levels = [
            ("cunzheng_height", "height of the latest committed block", store.height),
            ("cunzheng_ledger_size", "entries in the ledger", store.ledger_size),
            ("cunzheng_mempool_size", "acknowledged entries not yet committed", len(node.mempool)),
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
                "cunzheng_store_bytes",
                "LevelDB's estimate of the store size",
                store.approximate_size(),
            ),
        ]
        for name, documentation, value in levels:
            yield GaugeMetricFamily(name, documentation, value=value)
        alarms = [
            ("cunzheng_equivocations", "equivocating votes seen", node.evidence_log.equivocations),
            ("cunzheng_split_views", "split-view alarms raised", node.evidence_log.split_views),
        ]
        for name, documentation, value in alarms:
            yield CounterMetricFamily(name, documentation, value=value)


class NodeMetrics:
    """The node's registry and the event counters fed by the API and the commit path."""

    def __init__(self, node: "Node") -> None:
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
        self.commit_latency = Histogram(
            "cunzheng_commit_latency_seconds",
            "time from an entry's acknowledgement on this node to its commit",
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
            registry=self.registry,
        )
        self.rounds = Histogram(
            "cunzheng_rounds_per_height",
            "consensus rounds needed to commit a height",
            buckets=(1, 2, 3, 5, 10),
            registry=self.registry,
        )
        self.registry.register(_NodeLevels(node))
        self._acknowledged: dict[bytes, float] = {}

    def submitted(self, outcome: str, entries: int = 0) -> None:
        """Count one submission request and the entries it got acknowledged."""
        self.submissions.labels(outcome=outcome).inc()
        if entries:
            self.entries_accepted.inc(entries)

    def acknowledged(self, entry_ids: Iterable[bytes]) -> None:
        """Start the commit-latency clock of entries our clients submitted."""
        now = time.monotonic()
        for entry_id in entry_ids:
            if len(self._acknowledged) < MAX_TRACKED:
                self._acknowledged[entry_id] = now

    def committed(self, block: Block, commit: Commit, previous_ms: int | None) -> None:
        """Observe a committed block: its interval, its rounds, its entries' latency."""
        if previous_ms is not None:
            self.block_interval.observe((block.header.time_ms - previous_ms) / 1000)
        self.rounds.observe(commit.round + 1)
        if not self._acknowledged:
            return
        now = time.monotonic()
        for entry_id in map(leaf_hash, block.entries):
            started = self._acknowledged.pop(entry_id, None)
            if started is not None:
                self.commit_latency.observe(now - started)

    def exposition(self) -> bytes:
        """The Prometheus text format of every metric."""
        return bytes(generate_latest(self.registry))
