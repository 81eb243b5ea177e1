"""Catching up: fetching committed blocks from peers, checking and applying them.

docs/consensus.md, "Catching up": a node that is behind asks peers for the
committed blocks it lacks and verifies each commit before applying it. Peers report their
committed height in status messages; while one reports more than we hold, we ask it for a
page (get_blocks), check every block as valid(v) does (it extends our tip, its entries decode
and verify, its ledger size and root add up) and its commit against the validator set, append
it, and move consensus to the new tip. A peer that sends an invalid block is dropped. An
observer, whose key is not a validator's, follows the chain this way and by gossip.

Serving others costs what they ask for, so it is bounded per peer: at most
`[p2p] get_blocks_per_s` requests a second are answered (the rest are ignored), one answer at
a time until it has been written to the peer (so one peer holds at most one answer of
`[p2p] sync_answer_bytes` in our memory), and a peer that does not take its answer is
dropped by its link's send timeout (node/p2p/link.py).
"""

import asyncio
import logging
import time
from collections.abc import Callable

from cunzheng.ledger.block import Block, Commit
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.finality import verify_commit
from cunzheng.ledger.hashing import leaf_hash
from cunzheng.ledger.store import BlockStore
from cunzheng.node.application import LedgerApplication
from cunzheng.node.consensus.catch_up import weak_quorum_floor
from cunzheng.node.errors import ConsensusViolation, PeerError
from cunzheng.node.logs import ThrottledLog
from cunzheng.node.mempool import Mempool
from cunzheng.node.p2p.link import PeerLink
from cunzheng.node.p2p.protocol import MAX_BLOCKS_PER_MESSAGE, Blocks, GetBlocks, encode_message
from cunzheng.node.p2p.relay import ConsensusInbox
from cunzheng.node.token_buckets import TokenBuckets

log = logging.getLogger(__name__)

ANSWER_TIMEOUT_S = 15.0
BLOCK_OVERHEAD_BYTES = 1024  # header, commit and framing, generously
MAX_PEERS_METERED = 10_000  # buckets kept; more than any consortium's peers
IGNORED_LOG_INTERVAL_S = 10.0


class BlockSync:
    """Follows peers' reported heights and fetches what we lack, one page at a time."""

    def __init__(
        self,
        *,
        store: BlockStore,
        app: LedgerApplication,
        mempool: Mempool,
        consensus: ConsensusInbox,
        on_block: Callable[[Block, Commit], None],
        max_bytes: int,
        requests_per_s: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`on_block(block, commit)` runs after each block is appended, as after a commit;
        `max_bytes` bounds the entries of the pages this node serves, `requests_per_s` the
        get_blocks of one peer it answers (0: no bound); `clock` gives monotonic seconds."""
        self._store, self._app, self._mempool = store, app, mempool
        self._max_bytes = max_bytes
        self._consensus, self._on_block = consensus, on_block
        self._heights: dict[PeerLink, int] = {}
        self._task: asyncio.Task[None] | None = None
        self._asked: tuple[PeerLink, asyncio.Future[Blocks | None]] | None = None
        self._reading: set[asyncio.Future[bytes]] = set()  # pages being read for peers
        self._answering: set[PeerLink] = set()  # peers whose answer is not written yet
        self._requests = (
            TokenBuckets(requests_per_s, requests_per_s, clock, MAX_PEERS_METERED)
            if requests_per_s
            else None
        )
        self._ignored = ThrottledLog(log, logging.WARNING, IGNORED_LOG_INTERVAL_S)

    def lag(self) -> int:
        """How many blocks the furthest peer reports beyond our tip (0 if none does): worth
        a fetch, which checks every block it gets, but no proof (see proven_lag)."""
        best = max(self._heights.values(), default=0)
        return max(0, best - self._store.height)

    def proven_lag(self) -> int:
        """How many blocks beyond our tip validators holding over 1/3 of the power report
        (see proven_height); 0 if fewer report any. One peer claiming 10^12 blocks cannot
        make this node look behind."""
        return max(0, (self.proven_height() or 0) - self._store.height)

    def proven_height(self) -> int | None:
        """The committed height that validators holding over 1/3 of the power report
        (weak_quorum_floor), so that at least one honest validator holds it; None while
        fewer report any."""
        validators = self._store.next_validators
        reported: dict[int, int] = {}
        for link, height in self._heights.items():
            index = validators.index_of(link.identity.public_key)
            if index is not None and link.drop_reason is None:
                reported[index] = max(height, reported.get(index, 0))
        floor = weak_quorum_floor(reported, validators)
        return None if floor < 0 else floor

    def note_height(self, link: PeerLink, height: int) -> None:
        """A peer's status: it holds `height` committed blocks. Fetch what we lack when it is
        two or more ahead; one block behind is the normal state of a node about to commit it
        (the gossip ticker starts a fetch if that lasts)."""
        self._heights[link] = height
        if height > self._store.height + 1:
            self.start()

    def forget(self, link: PeerLink) -> None:
        """The peer is gone (or lied about its height); stop waiting for it."""
        self._heights.pop(link, None)
        self._answering.discard(link)
        if self._asked is not None and self._asked[0] is link and not self._asked[1].done():
            self._asked[1].set_result(None)

    def on_blocks(self, link: PeerLink, message: Blocks) -> None:
        """A page of blocks arrived; blocks nobody asked this peer for are ignored."""
        if self._asked is None or self._asked[0] is not link or self._asked[1].done():
            log.debug("ignoring %d blocks from %s: not asked for", len(message.blocks), link)
            return
        self._asked[1].set_result(message)

    def start(self) -> None:
        """Run the fetch loop unless it is running."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        """Stop fetching (a block being applied is applied whole or not at all), and wait
        for the pages being read for peers: the store must not close under a reader."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await asyncio.gather(*self._reading, return_exceptions=True)

    def serve(self, link: PeerLink, request: GetBlocks) -> None:
        """Answer a peer's get_blocks with the blocks we hold of those it asks for, read in
        a worker thread (committed blocks never change; LevelDB reads are thread-safe). One
        answer per peer at a time, until it is written; a request that comes before, or
        over the peer's rate, is ignored: a syncing node asks again when its answer is late."""
        if link in self._answering:
            log.debug("ignoring get_blocks from %s: its last answer is not sent yet", link)
            return
        key = link.identity.public_key.hex()
        if self._requests is not None and self._requests.take(key):
            self._ignored.log("ignoring get_blocks from %s: over [p2p] get_blocks_per_s", link)
            return
        last = min(self._store.height, request.first + request.count - 1)
        loop = asyncio.get_running_loop()
        reading = loop.run_in_executor(None, self._blocks_frame, request.first, last)
        self._reading.add(reading)
        self._answering.add(link)

        def send(done: asyncio.Future[bytes]) -> None:
            self._reading.discard(done)
            if done.cancelled() or done.exception() is not None or link.drop_reason:
                self._answering.discard(link)
                if not done.cancelled() and done.exception() is not None:
                    log.error(
                        "cannot read blocks %d-%d for %s: %s",
                        request.first,
                        last,
                        link,
                        done.exception(),
                    )
                return
            link.send(done.result(), sent=lambda: self._answering.discard(link))

        reading.add_done_callback(send)

    def _blocks_frame(self, first: int, last: int) -> bytes:
        """Blocks first…last with their commits, cut short after about max_bytes."""
        pairs: list[tuple[Block, Commit]] = []
        size = 0
        for height in range(first, last + 1):
            block = self._store.block(height)
            size += sum(len(data) for data in block.entries) + BLOCK_OVERHEAD_BYTES
            if pairs and size > self._max_bytes:
                break
            pairs.append((block, self._store.commit(height)))
        return encode_message(Blocks(tuple(pairs)))

    def _source(self) -> PeerLink | None:
        ahead = [
            (height, link)
            for link, height in self._heights.items()
            if height > self._store.height and link.drop_reason is None
        ]
        return max(ahead, key=lambda item: item[0])[1] if ahead else None

    async def _run(self) -> None:
        while (link := self._source()) is not None:
            page = await self._fetch(link)
            if page is None:
                continue
            if not page.blocks:  # it reported blocks it does not serve
                self.forget(link)
                continue
            await self._apply_page(link, page)

    async def _fetch(self, link: PeerLink) -> Blocks | None:
        first = self._store.height + 1
        count = min(MAX_BLOCKS_PER_MESSAGE, self._heights[link] - self._store.height)
        answer: asyncio.Future[Blocks | None] = asyncio.get_running_loop().create_future()
        self._asked = (link, answer)
        link.send(encode_message(GetBlocks(first, count)))
        try:
            async with asyncio.timeout(ANSWER_TIMEOUT_S):
                return await answer
        except TimeoutError:
            log.warning(
                "peer %s did not send blocks %d+ within %.0f s", link, first, ANSWER_TIMEOUT_S
            )
            self.forget(link)
            return None
        finally:
            self._asked = None

    async def _apply_page(self, link: PeerLink, page: Blocks) -> None:
        """Apply the page block by block; each is followed at once by consensus moving to it,
        so that consensus never works on a height the store has passed."""
        for block, commit in page.blocks:
            if block.header.height <= self._store.height:
                continue  # committed here meanwhile
            try:
                self._apply(block, commit)
            except (PeerError, LedgerError) as err:
                link.drop(f"sent a block that does not check: {err}")
                self.forget(link)
                return
            try:
                self._consensus.on_synced()
            except ConsensusViolation as err:
                log.warning(
                    "consensus refused to act after sync to %d: %s", self._store.height, err
                )
            await asyncio.sleep(0)  # let heartbeats and votes through between blocks

    def _apply(self, block: Block, commit: Commit) -> None:
        """Check one block and its commit against our tip and append it; raises PeerError or
        LedgerError (nothing is written then)."""
        header, store = block.header, self._store
        if header.height != store.height + 1:
            raise PeerError(f"block {header.height} does not follow our tip {store.height}")
        verify_commit(commit, header, store.next_validators)  # cheap, before the entries
        reason = self._app.check_block(block)
        if reason is not None:
            raise PeerError(f"block {header.height} is not valid: {reason}")
        store.append_block(block, commit, self._app.entries_of(block))
        self._mempool.remove([leaf_hash(data) for data in block.entries])
        log.info(
            "synced height=%d block=%s entries=%d ledger_size=%d",
            header.height,
            commit.block_hash.hex()[:16],
            len(block.entries),
            header.ledger_size,
        )
        self._on_block(block, commit)
