"""Gossip between nodes
(docs/http-api.md, "The peer endpoint"): the /v1/p2p endpoint, dialing, and routing.

PeerNetwork sends what consensus put in its ConsensusOutbox (node/p2p/relay.py). It serves
websockets at /v1/p2p on
`[p2p] listen`, dials every configured peer (reconnecting with backoff), authenticates both
sides (node/p2p/link.py), keeps one connection per peer key, and routes what arrives:
proposals and votes to consensus (through node/p2p/relay.py), which verifies them;
entries, once decoded and verified, to the intake (durably, as a client's); checkpoints to
the split-view alarm; statuses and blocks to sync. A peer whose message does not decode or
verify is dropped, and its message changes nothing.

Messages are sent once, by their author, to every connected peer. What a peer can miss is
sent again: on connecting, each side sends its status, its checkpoint, what it signed for the
current height and (to validators) its pending entries; when a peer reports reaching our
height, it gets what we signed for the next; while no block commits, each tick re-sends what
we signed in our latest round and relays the peers' votes of the height that consensus took
(arXiv 1807.04938 assumes such gossip; node/p2p/height_frames.py says why).
"""

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

import aiohttp
from aiohttp import web

from cunzheng.ledger.block import Block, Commit
from cunzheng.ledger.errors import LedgerError, SignatureError
from cunzheng.ledger.finality import signed_checkpoint
from cunzheng.ledger.keys import NodeKey
from cunzheng.ledger.store import BlockStore
from cunzheng.node.admission import (
    REFUSAL_LOG_INTERVAL_S,
    Admission,
    AdmissionLimits,
    GatedListener,
)
from cunzheng.node.application import LedgerApplication
from cunzheng.node.config import P2PSection, split_host_port
from cunzheng.node.errors import ConsensusViolation, PeerError
from cunzheng.node.evidence import EvidenceLog
from cunzheng.node.intake import Intake
from cunzheng.node.logs import ThrottledLog
from cunzheng.node.mempool import Mempool, PendingEntry
from cunzheng.node.p2p.entry_inbox import EntryInbox
from cunzheng.node.p2p.link import (
    CLOSE_TIMEOUT_S,
    LinkClosed,
    PeerLink,
    SendLimits,
    WebSocket,
    close_websocket,
    handshake,
    receive_frame,
)
from cunzheng.node.p2p.peer_table import PeerTable, accepted_peers
from cunzheng.node.p2p.protocol import (
    NONCE_SIZE,
    Auth,
    Blocks,
    CheckpointNote,
    Entries,
    GetBlocks,
    Hello,
    PeerMessage,
    ProposalMessage,
    Status,
    VoteMessage,
    decode_message,
    encode_message,
    entry_frames,
)
from cunzheng.node.p2p.relay import ConsensusInbox, ConsensusOutbox, ConsensusRelay
from cunzheng.node.p2p.split_view import SplitViewMonitor
from cunzheng.node.p2p.sync import BlockSync

log = logging.getLogger(__name__)

P2P_PATH = "/v1/p2p"
TICK_S = 1.0  # status to every peer; also how often a stalled height re-sends its votes
STALL_TICKS = 2
RECEIVE_TIMEOUT_S = 30.0  # a peer sends a status every TICK_S
HEARTBEAT_S = 10.0  # websocket ping; no pong within half of it closes the connection
MIN_BACKOFF_S, MAX_BACKOFF_S = 0.1, 2.0


class PeerNetwork:
    """This node's side of the consortium's gossip network."""

    def __init__(
        self,
        *,
        config: P2PSection,
        key: NodeKey,
        store: BlockStore,
        app: LedgerApplication,
        mempool: Mempool,
        intake: Intake,
        consensus: ConsensusInbox,
        outbox: ConsensusOutbox,
        evidence: EvidenceLog,
        on_block: Callable[[Block, Commit], None],
        gossip_capacity: int,
        random_bytes: Callable[[int], bytes] = os.urandom,
    ) -> None:
        """`consensus` takes the peers' proposals and votes, `outbox` holds what it sends;
        `on_block` runs for every block sync appends; peers' entries are taken while the
        mempool holds fewer than `gossip_capacity`; `random_bytes` makes handshake nonces.

        Raises ConfigError for a bad `[p2p] observers` vkey.
        """
        self._config, self._key, self._store = config, key, store
        self._mempool, self._intake, self._outbox = mempool, intake, outbox
        self._random_bytes = random_bytes
        self._accepted_for = (store.history, store.next_validators)
        self.table = PeerTable(
            key.public_key, accepted_peers(store.history, store.height + 1, config.observers)
        )
        self._frame_budget = config.max_message_bytes // 2  # room for the message around it
        self._send_limits = SendLimits(
            config.queue_length, config.send_queue_bytes, config.send_timeout_s
        )
        self.sync = BlockSync(
            store=store,
            app=app,
            mempool=mempool,
            consensus=consensus,
            on_block=on_block,
            max_bytes=min(config.sync_answer_bytes, self._frame_budget),
            requests_per_s=config.get_blocks_per_s,
        )
        self.split_view = SplitViewMonitor(store, evidence)
        self._inbox = EntryInbox(intake, mempool, config.entries_per_s, gossip_capacity)
        self.relay = ConsensusRelay(consensus, outbox, store, config.max_message_bytes)
        self._last_height, self._stalled = -1, 0
        self._tip_pending, self._stopping = False, False
        self._tasks: set[asyncio.Task[Any]] = set()
        self._runner: web.AppRunner | None = None
        self._listener: GatedListener | None = None
        self.admission = Admission(AdmissionLimits.of_peer_port(config), "peer port")
        self._refusals = ThrottledLog(log, logging.WARNING, REFUSAL_LOG_INTERVAL_S)
        self._session: aiohttp.ClientSession | None = None

    # Lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on `[p2p] listen`, dial every configured peer, start the ticker."""
        app = web.Application()
        app.router.add_get(P2P_PATH, self._accept)
        # The keep-alive timeout closes a connection that never asks for the websocket.
        self._runner = web.AppRunner(
            app,
            access_log=None,
            shutdown_timeout=CLOSE_TIMEOUT_S,
            keepalive_timeout=self._config.handshake_timeout_s,
        )
        await self._runner.setup()
        host, port = split_host_port(self._config.listen)
        self._listener = GatedListener(self._runner, self.admission)
        await self._listener.start(host, port)
        self._session = aiohttp.ClientSession()
        for url in self._config.peers:
            self._spawn(self._dial_forever(url.rstrip("/")))
        self._spawn(self._tick_forever())
        self._spawn(self._send_consensus_forever())
        log.info(
            "peer endpoint on ws://%s:%d%s, dialing %d peers",
            host,
            port,
            P2P_PATH,
            len(self._config.peers),
        )

    async def stop(self) -> None:
        """Close every connection and stop listening and dialing."""
        self._stopping = True  # connections arriving from now on are turned away
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.sync.stop()
        await self._inbox.stop()
        self.relay.close()
        links = list(self.table.links())
        for link in links:
            link.drop("this node is stopping", misbehaved=False)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(2 * CLOSE_TIMEOUT_S):
                await asyncio.gather(*(link.closed.wait() for link in links))
        if self._session is not None:
            await self._session.close()
        if self._listener is not None:
            await self._listener.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # What others ask of the network ----------------------------------------------------

    def broadcast_entries(self, entries: Sequence[PendingEntry]) -> None:
        """Send entries our clients submitted to every validator peer (one may propose next)."""
        for frame in entry_frames([pending.data for pending in entries], self._frame_budget):
            self._broadcast(frame, validators_only=True)

    def announce_tip(self) -> None:
        """After a commit: send our status and signed checkpoint to every peer, once per
        turn of the event loop however many blocks were appended in it."""
        self._follow_validator_set()
        if not self._tip_pending:
            self._tip_pending = True
            asyncio.get_running_loop().call_soon(self._send_tip)

    def _follow_validator_set(self) -> None:
        """Accept the peers of the set that signs the next block and of sets scheduled
        after it, once a governance change is committed or takes effect."""
        store = self._store
        now = (store.history, store.next_validators)
        if now[0] is not self._accepted_for[0] or now[1] is not self._accepted_for[1]:
            self._accepted_for = now
            accepted = accepted_peers(store.history, store.height + 1, self._config.observers)
            self.table.update(accepted)
            log.info("validator set changed: %d nodes accepted", len(accepted))

    # Connections -----------------------------------------------------------------------

    async def _accept(self, request: web.Request) -> web.StreamResponse:
        if self._stopping:
            return web.Response(status=503, text="this node is stopping")
        ws = web.WebSocketResponse(
            max_msg_size=self._config.max_message_bytes, heartbeat=HEARTBEAT_S, compress=False
        )
        await ws.prepare(request)
        await self._serve(
            ws, dialed=False, address=str(request.remote), transport=request.transport
        )
        return ws

    async def _dial_forever(self, url: str) -> None:
        if self._session is None:
            raise RuntimeError("PeerNetwork.start() creates the session before dialing")
        backoff, warned = MIN_BACKOFF_S, False
        while not self._stopping:
            current = self.table.link_at(url)
            if current is not None:
                await current.closed.wait()  # connected already (maybe it dialed us)
            authenticated = False
            try:
                async with self._session.ws_connect(
                    url + P2P_PATH,
                    max_msg_size=self._config.max_message_bytes,
                    heartbeat=HEARTBEAT_S,
                ) as ws:
                    authenticated = await self._serve(ws, dialed=True, address=url)
            except aiohttp.WSServerHandshakeError as err:  # 503 while it stops; else misconfigured
                level = logging.DEBUG if warned or err.status == 503 else logging.WARNING
                log.log(
                    level,
                    "peer %s answered HTTP %d at %s; check [p2p] peers",
                    url,
                    err.status,
                    P2P_PATH,
                )
                warned = True
            except (aiohttp.ClientError, OSError, TimeoutError) as err:
                log.debug("cannot reach peer %s: %s", url, err)
            backoff = MIN_BACKOFF_S if authenticated else min(MAX_BACKOFF_S, 2 * backoff)
            await asyncio.sleep(backoff)

    async def _serve(
        self,
        ws: WebSocket,
        *,
        dialed: bool,
        address: str,
        transport: asyncio.BaseTransport | None = None,
    ) -> bool:
        """Authenticate, then read until the connection ends; True if it authenticated.
        `transport` is that of a connection we accepted: its handshake limits end once it
        has authenticated (node/admission.py)."""
        try:
            identity = await handshake(
                ws,
                key=self._key,
                genesis=self._store.genesis,
                accepted=self.table.accepted,
                dialed=dialed,
                nonce=self._random_bytes(NONCE_SIZE),
            )
        except (PeerError, SignatureError) as err:
            self._refusals.log("refused peer at %s: %s", address, err)
            await close_websocket(ws, str(err))
            return False
        except (TimeoutError, LinkClosed, ConnectionError) as err:
            self._refusals.log(
                "handshake with %s did not complete: %s", address, err or "timed out"
            )
            await close_websocket(ws, "handshake did not complete", misbehaved=False)
            return False
        self.admission.authenticated(transport)
        if self._stopping:
            await close_websocket(ws, "this node is stopping", misbehaved=False)
            return False
        link = PeerLink(ws, identity, dialed=dialed, address=address, limits=self._send_limits)
        try:
            if self.table.add(link):
                self._greet(link)
                await self._read(link)
        finally:
            self.table.remove(link)
            self.sync.forget(link)
            await link.finish()
        return True

    def _greet(self, link: PeerLink) -> None:
        """What a newly connected peer may have missed."""
        link.send(encode_message(Status(self._store.height, self._store.ledger_size)))
        note = self._tip_note()
        if note is not None:
            link.send(note)
        self.relay.send_own(link, latest_round_only=False)
        if link.identity.power > 0:
            pending = self._mempool.select(len(self._mempool), 2**62)
            for frame in entry_frames([p.data for p in pending], self._frame_budget):
                link.send(frame)

    async def _read(self, link: PeerLink) -> None:
        limit = self._config.max_message_bytes
        while True:
            try:
                frame = await receive_frame(link.ws, RECEIVE_TIMEOUT_S)
                self._dispatch(link, decode_message(frame, limit), frame)
            except LinkClosed:
                return
            except TimeoutError:
                link.drop(f"sent nothing for {RECEIVE_TIMEOUT_S:.0f} s")
                return
            except (PeerError, LedgerError) as err:
                link.drop(str(err))
                return
            except ConsensusViolation as err:  # our own signing guard refused; not the peer's fault
                log.warning("consensus refused to act on a message from %s: %s", link, err)

    # Routing ---------------------------------------------------------------------------

    def _dispatch(self, link: PeerLink, message: PeerMessage, frame: bytes) -> None:
        match message:
            case ProposalMessage() | VoteMessage():
                self.relay.count(message, frame)
            case Entries(entries=entries):
                self._inbox.take(link, entries)
            case CheckpointNote(note=note):
                self.split_view.check(link.identity.public_key, note)
            case Status():
                self._on_status(link, message)
            case GetBlocks():
                self.sync.serve(link, message)
            case Blocks():
                self.sync.on_blocks(link, message)
            case Hello() | Auth():
                raise PeerError("handshake message after the handshake")

    def _on_status(self, link: PeerLink, status: Status) -> None:
        previous = link.height
        link.height, link.ledger_size = status.height, status.ledger_size
        self.sync.note_height(link, status.height)
        if 0 <= previous < status.height == self._store.height:
            self.relay.send_own(link, latest_round_only=False)  # it is deciding our height now

    # Sending ---------------------------------------------------------------------------

    def _broadcast(self, frame: bytes, *, validators_only: bool = False) -> None:
        if len(frame) > self._config.max_message_bytes:
            log.error(
                "not sending a %d-byte message: over [p2p] max_message_bytes (%d)",
                len(frame),
                self._config.max_message_bytes,
            )
            return
        for link in self.table.links(validators_only=validators_only):
            link.send(frame)

    def _tip_note(self) -> bytes | None:
        tip = self._store.tip
        if tip is None:
            return None
        store = self._store
        note = signed_checkpoint(tip, store.commit(tip.height), store.validators_at(tip.height))
        return encode_message(CheckpointNote(note))

    def _send_tip(self) -> None:
        self._tip_pending = False
        if self._stopping:
            return  # the store may be closed already
        self.split_view.recheck()
        note = self._tip_note()
        status = encode_message(Status(self._store.height, self._store.ledger_size))
        for link in self.table.links():
            link.send(status)
            if note is not None:
                link.send(note)

    async def _send_consensus_forever(self) -> None:
        """Send what consensus put in the outbox, as soon as it does."""
        while True:
            await self._outbox.ready.wait()
            frames, sync_height = self._outbox.take()
            for frame in frames:
                self._broadcast(frame)
            if sync_height is not None:
                log.info("consensus asks to sync: peers are at height %d or above", sync_height)
                self.sync.start()

    async def _tick_forever(self) -> None:
        while not self._stopping:
            await asyncio.sleep(TICK_S)
            height = self._store.height
            self._stalled = self._stalled + 1 if height == self._last_height else 0
            self._last_height = height
            status = encode_message(Status(height, self._store.ledger_size))
            for link in self.table.links():
                link.send(status)
                if self._stalled >= STALL_TICKS and link.height == height:
                    self.relay.send_stalled(link)
            if self._stalled >= 1 and self.sync.lag() > 0:  # behind for a whole tick
                self.sync.start()
