"""A running node: the store, mempool, intake, consensus driver and HTTP API, assembled."""

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from aiohttp import web

from cunzheng.ledger.block import Block, Commit
from cunzheng.ledger.finality import signed_checkpoint
from cunzheng.ledger.keys import NodeKey
from cunzheng.ledger.store import BlockStore
from cunzheng.ledger.validators import Genesis
from cunzheng.node.admission import GatedListener, raise_open_files_limit
from cunzheng.node.api.routes import ADMISSION_KEY, make_app
from cunzheng.node.application import BlockLimits, LedgerApplication
from cunzheng.node.clock_watch import ClockWatch
from cunzheng.node.config import ConfigError, NodeConfig, split_host_port
from cunzheng.node.consensus.driver import ConsensusDriver
from cunzheng.node.consensus.signing_guard import SigningGuard
from cunzheng.node.consensus.signing_hold import SigningHold
from cunzheng.node.consensus.state_machine import Consensus, ConsensusParams
from cunzheng.node.consensus.store_chain import StoreChain
from cunzheng.node.disk_usage import DiskSampler
from cunzheng.node.evidence import EvidenceLog
from cunzheng.node.guard_file import FileGuardStorage
from cunzheng.node.intake import Intake
from cunzheng.node.mempool import Mempool, PendingEntry
from cunzheng.node.metrics import NodeMetrics
from cunzheng.node.p2p.gossip import PeerNetwork
from cunzheng.node.p2p.relay import ConsensusOutbox
from cunzheng.node.p2p.tls import PeerTls
from cunzheng.node.restore_mark import MARK_NAME, remove_restore_mark, restore_marked
from cunzheng.node.timestamper import Timestamper

log = logging.getLogger(__name__)
VERSION = "0.1.0"
FILES_SPARE = 512  # the store's tables, logs, the TSA client


def system_clock_ms() -> int:
    """Wall-clock time in milliseconds since the epoch."""
    return time.time_ns() // 1_000_000


class Node:
    """One notary's (or observer's) node."""

    def __init__(
        self,
        *,
        config: NodeConfig,
        key: NodeKey,
        genesis: Genesis,
        data_dir: Path,
        clock_ms: Callable[[], int] = system_clock_ms,
        peer_tls: PeerTls | None = None,
    ) -> None:
        """`peer_tls`: the certificate `[p2p] tls_cert_file` names (node/p2p/tls.py); without
        one, peer links run TLS with a certificate made for this run, unless `[p2p] tls` is
        false. Raises ConfigError for a `peer_tls` given while `[p2p] tls` is false."""
        if peer_tls is not None and not config.p2p.tls:
            raise ConfigError("[p2p] tls is false, yet a peer TLS certificate was given")
        self.config, self.key, self.genesis, self.clock_ms = config, key, genesis, clock_ms
        data_dir.mkdir(parents=True, exist_ok=True)
        self.store = BlockStore.open(data_dir / "ledger", genesis)
        self.mempool = Mempool(config.mempool.capacity)
        self.evidence_log = EvidenceLog()
        self.app = LedgerApplication(
            self.store, self.mempool, BlockLimits(config.block.max_entries, config.block.max_bytes)
        )
        self.outbox = ConsensusOutbox(data_dir / "height_frames")
        self.params = ConsensusParams.from_genesis_params(genesis.params)
        self.clock_watch = ClockWatch(self.params.precision_ms)
        self.driver = self._make_driver(data_dir)
        self.consensus = self.driver.core.consensus
        self.intake = Intake(self.store, self.mempool, self._entries_durable)
        self.network = PeerNetwork(
            config=config.p2p,
            key=key,
            store=self.store,
            app=self.app,
            mempool=self.mempool,
            intake=self.intake,
            consensus=self.driver.core,
            outbox=self.outbox,
            evidence=self.evidence_log,
            on_block=self._committed,
            gossip_capacity=config.mempool.gossip_capacity,
            tls=(peer_tls or PeerTls.fresh()) if config.p2p.tls else None,
        )
        self.disk = DiskSampler(data_dir)
        self.timestamper = Timestamper(config=config.time, store=self.store)
        self.metrics = NodeMetrics(self)  # last: registering it reads the parts above
        self._checkpoint_text: str | None = None
        self._listeners: list[tuple[GatedListener, web.AppRunner]] = []

    def _make_driver(self, data_dir: Path) -> ConsensusDriver:
        """The consensus state machine, restored from the signing guard, and the driver that
        carries out its actions, sending through the outbox. Every node has a guard: one that
        is an observer now may be made a validator by a governance change. A store restored
        from a backup (node/restore_mark.py) also gets a SigningHold."""
        guard = SigningGuard(FileGuardStorage(data_dir / "signing_guard"))
        hold = self._restore_hold(data_dir, guard) if restore_marked(data_dir) else None
        restored = guard.restored_lock_state()
        tip = self.store.tip
        consensus = Consensus(
            key=self.key.public_key,
            params=self.params,
            app=self.app,
            chain_id=self.genesis.chain_id,
            last_header=tip,
            last_commit=None if tip is None else self.store.commit(tip.height),
            restored=restored,
        )
        return ConsensusDriver(
            consensus=consensus,
            chain=StoreChain(self.store, self.app, self.mempool, self._committed),
            key=self.key,
            guard=guard,
            network=self.outbox,
            evidence=self.evidence_log,
            clock_ms=self.clock_ms,
            proposal_clock=self.clock_watch,
            hold=hold,
        )

    def _restore_hold(self, data_dir: Path, guard: SigningGuard) -> SigningHold:
        """The hold of a restored validator: it learns the network's committed height from
        the peers' reports (self.network exists by the time anything is signed), and removes
        the restore mark when it ends."""
        record = guard.load()
        log.warning(
            "this store was restored from a backup (%s exists): signing nothing until synced "
            "past the height the network has committed",
            data_dir / MARK_NAME,
        )

        def release() -> None:
            try:
                remove_restore_mark(data_dir)
            except OSError as err:  # the next start holds again, which is safe
                log.error("cannot remove %s: %s", data_dir / MARK_NAME, err)

        return SigningHold(
            guard_height=0 if record is None else record.height,
            network_height=lambda: self.network.sync.proven_height(),
            on_release=release,
        )

    async def start(self) -> None:
        """Start consensus, join the peer network and serve the API."""
        raise_open_files_limit(self._open_files_needed())
        await self.start_consensus()
        await self.network.start()
        await self.serve_api()
        self.disk.start()

    def _open_files_needed(self) -> int:
        """File descriptors the connection limits may take, and some for the store and logs."""
        limits, p2p = self.config.limits, self.config.p2p
        peers = len(self.network.table.accepted)
        return (
            limits.max_connections
            + limits.probe_connections
            + p2p.max_handshakes
            + 2 * peers  # one dialed, one accepted, while the pair settles on one
            + FILES_SPARE
        )

    async def start_consensus(self) -> None:
        """Restore the acknowledged entries into the mempool and start the first height."""
        restored = self.intake.restore()
        if restored:
            log.info("restored %d acknowledged entries from the durable pending set", restored)
        if self.store.tip is not None:
            self._committed_checkpoint()
        self.driver.core.start()
        saved = self.network.relay.count_saved()
        if saved:
            log.info("read back %d consensus messages saved before a restart", saved)
        if restored:
            self.driver.core.entries_available()
        self.timestamper.start()

    async def serve_api(self) -> None:
        """Listen on the configured API address."""
        host, port = split_host_port(self.config.api.listen)
        app = make_app(self)
        # aiohttp's keep-alive timeout also closes a connection that sends no request at all
        runner = web.AppRunner(
            app, access_log=None, keepalive_timeout=self.config.limits.idle_timeout_s
        )
        await runner.setup()
        listener = GatedListener(runner, app[ADMISSION_KEY])
        await listener.start(host, port)
        self._listeners.append((listener, runner))
        log.info("API listening on http://%s:%d", host, port)

    async def stop(self) -> None:
        """Leave the peer network, stop serving and close the store."""
        await self.network.stop()
        self.driver.stop()
        for listener, runner in self._listeners:
            await listener.close()
            await runner.cleanup()
        await self.intake.stop()
        await self.timestamper.stop()
        await self.disk.stop()
        self.store.close()

    def _committed(self, block: Block, commit: Commit) -> None:
        """After a block was appended, by consensus or by sync."""
        height = block.header.height
        previous_ms = self.store.header(height - 1).time_ms if height > 1 else None
        self.metrics.committed(block, commit, previous_ms)
        self._committed_checkpoint()
        self.timestamper.checkpoint_committed(block.header)
        self.network.announce_tip()

    def _entries_durable(self, shared: Sequence[PendingEntry]) -> None:
        """New entries are on disk and in the mempool; `shared` came from our clients."""
        if shared:
            self.metrics.acknowledged(pending.data for pending in shared)
            self.network.broadcast_entries(shared)
        self.driver.core.entries_available()

    def _committed_checkpoint(self) -> None:
        tip = self.store.tip
        if tip is not None:
            validators = self.store.validators_at(tip.height)
            note = signed_checkpoint(tip, self.store.commit(tip.height), validators)
            self._checkpoint_text = note.text()

    def checkpoint_text(self) -> str | None:
        """The latest signed checkpoint note, or None before the first block."""
        return self._checkpoint_text

    def evidence(self) -> list[dict[str, Any]]:
        """Evidence records seen so far."""
        return list(self.evidence_log.records)

    def validator_index(self) -> int | None:
        """This node's index in the set that signs the next block, or None (observer)."""
        return self.store.next_validators.index_of(self.key.public_key)

    def readiness(self) -> tuple[bool, str]:
        """(ready, why not): no split view seen, the clock within the precision of the block
        times others propose (node/clock_watch.py), caught up (within a block) with the height
        validators holding over 1/3 of the power report, and connected to validators that,
        with this node, hold over 2/3 of the power."""
        evidence = self.evidence_log
        if evidence.split_views:
            return False, (
                f"split view alarm: {evidence.split_views} pair(s) of signed checkpoints with "
                "different roots for one size were seen; see /v1/evidence"
            )
        if self.clock_watch.is_off():
            return False, self.clock_watch.reason()
        lag = self.network.sync.proven_lag()
        if lag > 1:
            return False, f"catching up: {lag} blocks behind the furthest peer"
        validators = self.store.next_validators
        power = self.network.table.connected_power()
        if not validators.is_quorum(power):
            return False, (
                f"connected to validators holding {power} of {validators.total_power} power "
                "(counting this node); more than 2/3 is needed to commit"
            )
        if evidence.equivocations:
            return True, f"ok; {evidence.equivocations} equivocation(s) seen, see /v1/evidence"
        return True, "ok"

    def _validator_rows(self) -> list[dict[str, Any]]:
        """The validators of the next block; when the genesis names the organisations behind
        its members, each row says its `organisation` and `contact` (None when the genesis
        gives none, as for a validator added later)."""
        rows = self.store.next_validators.to_json()
        publication = self.genesis.publication
        if publication is not None:
            for row in rows:
                row["organisation"] = publication.organisation_of(row["name"])
                row["contact"] = publication.contact_of(row["name"])
        return rows

    def status(self) -> dict[str, Any]:
        """What GET /v1/status answers."""
        store = self.store
        tip = store.tip
        return {
            "chain_id": self.genesis.chain_id,
            "genesis_hash": self.genesis.hash().hex(),
            "version": VERSION,
            "node": {
                "name": self.key.name,
                "public_key": self.key.public_key.hex(),
                "role": "validator" if self.validator_index() is not None else "observer",
            },
            "height": store.height,
            "ledger_size": store.ledger_size,
            "ledger_root": store.ledger_root.hex(),
            "latest_block_time_ms": None if tip is None else tip.time_ms,
            "latest_block_hash": None if tip is None else tip.hash().hex(),
            "consensus": {
                "height": self.consensus.height,
                "round": self.consensus.round,
                "step": self.consensus.current_step.name.lower(),
            },
            "mempool_size": len(self.mempool),
            "validators": self._validator_rows(),
            "validator_history": store.history.to_json(),
            "peers": self.network.table.rows(),
            "evidence": {
                "equivocations": self.evidence_log.equivocations,
                "split_views": self.evidence_log.split_views,
            },
        }
