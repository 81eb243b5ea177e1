"""Entries that peers gossip: checked, then made durable like a client's.

Each new entry of a frame is decoded canonically and its submitter signature verified before
any entry of the frame is taken: a bad one refuses the whole frame, and the peer is dropped.
Entries already in the mempool are not decoded again. Frames are checked as they are read, in
order, so the entries a proposal carries are normally in the mempool before the proposal
arrives, and valid(v) need not decode them again (node/application.py). Taking them in is
left to the intake's group commit, so the frames read while one fsync runs share the next.
Accepted entries are not gossiped on: their author sent them to every validator.
"""

import asyncio
import logging

from cunzheng.ledger.entry import Entry
from cunzheng.ledger.hashing import leaf_hash
from cunzheng.node.intake import Intake
from cunzheng.node.mempool import Mempool, MempoolFull
from cunzheng.node.p2p.link import PeerLink

log = logging.getLogger(__name__)

Triple = tuple[bytes, Entry, bytes]  # (entry id, entry, canonical encoding)


class EntryInbox:
    """Checks gossiped entries and hands the new ones to the intake."""

    def __init__(self, intake: Intake, mempool: Mempool) -> None:
        self._intake, self._mempool = intake, mempool
        self._submissions: set[asyncio.Task[None]] = set()

    def take(self, link: PeerLink, entries: tuple[bytes, ...]) -> None:
        """Check a frame's entries and start making the new ones durable.

        Raises ledger.errors.DecodeError for an entry that is not a canonical encoding, and
        SignatureError for a bad submitter signature; nothing of the frame is taken then.
        """
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
