"""The consensus side of gossip: our proposals and votes out, the peers' in, and what is sent
again (node/p2p/height_frames.py keeps the frames and says why the peers' votes are relayed).

node/p2p/gossip.py owns the links; this module decides what goes over them for the height being
decided: our own messages once to everyone and again to a peer that may have missed them, the
peers' proposals and votes to consensus, which verifies them, and the peers' votes that
consensus took on to the others while the height stalls.

What consensus sends goes through a ConsensusOutbox, made before the driver and the network:
the driver's core sends into it; the network, made after the driver and given its core as a
ConsensusInbox, takes what the outbox holds out to the links (etcd-io/raft hands its
messages to the transport the same way, in Ready). Neither is patched into the other.
"""

import asyncio
import logging
from pathlib import Path
from typing import Protocol

from cunzheng.ledger.block import Block, Proposal, Vote
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.store import BlockStore
from cunzheng.node.errors import ConsensusViolation, PeerError
from cunzheng.node.p2p.height_frames import HeightFrames
from cunzheng.node.p2p.link import PeerLink
from cunzheng.node.p2p.protocol import ProposalMessage, VoteMessage, decode_message, encode_message

log = logging.getLogger(__name__)

# Frames waiting for the network to take them; the network takes them at once once it runs,
# so only a node whose network never starts (some tests) reaches the cap.
MAX_OUTGOING = 1024


class ConsensusInbox(Protocol):
    """What the network hands consensus (node/consensus/core.py's ConsensusCore)."""

    def on_proposal(self, proposal: Proposal, block: Block) -> None:
        """A peer's proposal; raises PeerError or LedgerError if it does not verify."""
        ...

    def on_vote(self, vote: Vote) -> bool:
        """A peer's vote; raises as on_proposal. Whether consensus took it, all checked."""
        ...

    def on_synced(self) -> None:
        """Blocks fetched from peers were appended."""
        ...


class ConsensusOutbox:
    """The driver's Sender (node/consensus/core.py): our signed proposals and votes, kept as
    frames of the height being decided to send again, and the requests for blocks, held
    until the network takes them (`take`, once `ready` is set)."""

    def __init__(self, frames_path: Path | None) -> None:
        """`frames_path`: the file that keeps the frames of the height being decided across
        restarts (node/p2p/height_frames.py)."""
        self.frames = HeightFrames(frames_path)
        self.ready = asyncio.Event()
        self._outgoing: list[bytes] = []
        self._sync_height: int | None = None

    def broadcast_proposal(self, proposal: Proposal, block: Block) -> None:
        """Send our signed proposal and its block to every peer."""
        frame = encode_message(ProposalMessage(proposal, block))
        self.frames.add_own(proposal.height, proposal.round, frame)
        self._send(frame)

    def broadcast_vote(self, vote: Vote) -> None:
        """Send our signed vote to every peer."""
        frame = encode_message(VoteMessage(vote))
        self.frames.add_own(vote.height, vote.round, frame)
        self._send(frame)

    def request_sync(self, height: int) -> None:
        """Consensus saw validators at `height` or above: fetch blocks from peers ahead."""
        self._sync_height = max(height, self._sync_height or 0)
        self.ready.set()

    def take(self) -> tuple[list[bytes], int | None]:
        """The frames to send to every peer, oldest first, and the height of a request for
        blocks (None if there is none), once; clears `ready`."""
        frames, self._outgoing = self._outgoing, []
        sync_height, self._sync_height = self._sync_height, None
        self.ready.clear()
        return frames, sync_height

    def _send(self, frame: bytes) -> None:
        if len(self._outgoing) < MAX_OUTGOING:
            self._outgoing.append(frame)  # else: sent again from `frames` while it stalls
        self.ready.set()


class ConsensusRelay:
    """Frames of the height being decided: ours, and the peers' votes consensus took."""

    def __init__(
        self,
        consensus: ConsensusInbox,
        outbox: ConsensusOutbox,
        store: BlockStore,
        max_message_bytes: int,
    ) -> None:
        self._consensus, self._store, self._max_message_bytes = consensus, store, max_message_bytes
        self._frames = outbox.frames

    def count(
        self, message: ProposalMessage | VoteMessage, frame: bytes, *, saved: bool = False
    ) -> None:
        """Hand a proposal or vote to consensus, which verifies it (raising PeerError or a
        LedgerError if it does not). A vote consensus took for the height being decided is
        kept (its `frame`) to relay while the height stalls; a proposal is not: it may be as
        large as a block, and its proposer sends it again. `saved`: the frame was read back
        from the file of an earlier run."""
        if isinstance(message, ProposalMessage):
            self._consensus.on_proposal(message.proposal, message.block)
            return
        vote = message.vote
        taken = self._consensus.on_vote(vote)
        if taken and vote.height == self._store.height + 1:  # not decided by this very vote
            key = (vote.round, vote.type, vote.validator_index)
            self._frames.add_peer(vote.height, key, frame, saved=saved)

    def count_saved(self) -> int:
        """Count again the proposals and votes an earlier run kept for the height being decided;
        returns how many there were. One that no longer checks is skipped."""
        saved = self._frames.saved(self._store.height + 1)
        for frame in saved:
            try:
                message = decode_message(frame, self._max_message_bytes)
                if not isinstance(message, ProposalMessage | VoteMessage):
                    raise PeerError(f"a {type(message).__name__} message")
                self.count(message, frame, saved=True)
            except (PeerError, LedgerError, ConsensusViolation) as err:
                log.warning("a saved consensus message is not counted again: %s", err)
        return len(saved)

    def send_own(self, link: PeerLink, *, latest_round_only: bool) -> None:
        """Send again what we signed for the height being decided (or its latest round)."""
        height = self._store.height + 1
        for frame in self._frames.own(height, latest_round_only=latest_round_only):
            link.send(frame)

    def send_stalled(self, link: PeerLink) -> None:
        """The height does not move: send our latest round again, and the peers' votes."""
        self.send_own(link, latest_round_only=True)
        for frame in self._frames.peers(self._store.height + 1):
            link.send(frame)

    def close(self) -> None:
        """Close the frames file."""
        self._frames.close()
