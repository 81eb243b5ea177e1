"""Entries that peers gossip: checked, then made durable like a client's.

Each new entry of a frame is decoded canonically and its submitter signature verified before
any entry of the frame is taken: a bad one refuses the whole frame, and the peer is dropped.
Entries already in the mempool are not decoded again. Frames are checked as they are read, in
order, so the entries a proposal carries are normally in the mempool before the proposal
arrives, and valid(v) need not decode them again (node/application.py). Taking them in is
left to the intake's group commit, so the frames read while one fsync runs share the next.
Accepted entries are not gossiped on: their author sent them to every validator.

A peer may relay at most `[p2p] entries_per_s` entries a second, as a client may submit only
so many: of a frame, the entries its budget holds are taken and the rest ignored, so what a
peer relays arrives as a steady flow, never as one frame's burst. Peers' entries are taken
only while the mempool holds fewer than `[mempool] gossip_capacity`, so that the rest of it
stays free for this node's own clients. What is ignored is never decoded, and costs nothing
acknowledged: the peer's node holds the entries durably and puts them in its own proposals.
"""

import asyncio
import logging
import time
from collections.abc import Callable

from cunzheng.ledger.entry import Entry
from cunzheng.ledger.hashing import leaf_hash
from cunzheng.node.intake import Intake
from cunzheng.node.logs import ThrottledLog
from cunzheng.node.mempool import Mempool, MempoolFull
from cunzheng.node.p2p.link import PeerLink
from cunzheng.node.token_buckets import TokenBuckets

log = logging.getLogger(__name__)

Triple = tuple[bytes, Entry, bytes]  # (entry id, entry, canonical encoding)
MAX_PEERS_METERED = 10_000  # buckets kept; more than any consortium's peers
IGNORED_LOG_INTERVAL_S = 10.0


class EntryInbox:
    """Checks gossiped entries and hands the new ones to the intake."""

    def __init__(
        self,
        intake: Intake,
        mempool: Mempool,
        entries_per_s: int,
        capacity: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`entries_per_s` is what one peer may relay (0: no bound), with a second's worth at
        once. Frames are taken while the mempool holds fewer than `capacity` entries. `clock`
        gives monotonic seconds."""
        self._intake, self._mempool, self._capacity = intake, mempool, capacity
        self._submissions: set[asyncio.Task[None]] = set()
        self._writing = 0  # entries taken from peers and not yet in the mempool or refused
        self._rate = (
            TokenBuckets(entries_per_s, entries_per_s, clock, MAX_PEERS_METERED)
            if entries_per_s
            else None
        )
        self._ignored = ThrottledLog(log, logging.WARNING, IGNORED_LOG_INTERVAL_S)

    def take(self, link: PeerLink, entries: tuple[bytes, ...]) -> None:
        """Check a frame's entries and start making the new ones durable.

        Raises ledger.errors.DecodeError for an entry that is not a canonical encoding, and
        SignatureError for a bad submitter signature; nothing of the frame is taken then.
        A frame that comes while the mempool holds `capacity` or more, counting the peers'
        entries still being written, is ignored whole; of
        one over the peer's rate, the entries beyond it.
        """
        if len(self._mempool) + self._writing >= self._capacity:
            self._ignored.log(
                "ignoring %d entries from %s: the mempool holds [mempool] gossip_capacity",
                len(entries),
                link,
            )
            return
        if self._rate is not None:
            taken = self._rate.take_up_to(link.identity.public_key.hex(), len(entries))
            if taken < len(entries):
                self._ignored.log(
                    "ignoring %d of %d entries from %s: over [p2p] entries_per_s",
                    len(entries) - taken,
                    len(entries),
                    link,
                )
                entries = entries[:taken]
        fresh: list[Triple] = []
        in_mempool, decode = self._mempool.get, Entry.decode
        for data in entries:
            entry_id = leaf_hash(data)
            if in_mempool(entry_id) is None:  # the intake checks the store
                entry = decode(data)
                if entry.submitter is not None:
                    entry.verify_submitter_signature()
                fresh.append((entry_id, entry, data))
        if fresh:
            self._writing += len(fresh)  # counted now: the frames read before it is written
            task = asyncio.create_task(self._submit(link, fresh))
            self._submissions.add(task)
            task.add_done_callback(self._submissions.discard)

    async def stop(self) -> None:
        """Cancel the submissions still waiting for the disk."""
        for task in list(self._submissions):
            task.cancel()
        await asyncio.gather(*self._submissions, return_exceptions=True)

    async def _submit(self, link: PeerLink, fresh: list[Triple]) -> None:
        try:
            await self._intake.submit(fresh, share=False)
        except MempoolFull as err:
            log.warning("%s; %d entries from %s are left to their node", err, len(fresh), link)
        except Exception:  # the disk refused; their node still holds them
            log.exception("could not record %d entries from %s", len(fresh), link)
        finally:
            self._writing -= len(fresh)
