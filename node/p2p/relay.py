"""The consensus side of gossip: our proposals and votes out, the peers' in, and what is sent
again (node/p2p/height_frames.py keeps the frames and says why the peers' votes are relayed).

node/p2p/gossip.py owns the links; this module decides what goes over them for the height being
decided: our own messages once to everyone and again to a peer that may have missed them, the
peers' proposals and votes to the driver, which verifies them, and the peers' votes that
consensus took on to the others while the height stalls.
"""

import logging
from pathlib import Path

from cunzheng.ledger.block import Block, Proposal, Vote
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.store import BlockStore
from cunzheng.node.consensus.driver import ConsensusDriver
from cunzheng.node.errors import ConsensusViolation, PeerError
from cunzheng.node.p2p.height_frames import HeightFrames
from cunzheng.node.p2p.link import PeerLink
from cunzheng.node.p2p.protocol import ProposalMessage, VoteMessage, decode_message, encode_message

log = logging.getLogger(__name__)


class ConsensusRelay:
    """Frames of the height being decided: ours, and the peers' votes consensus took."""

    def __init__(
        self,
        driver: ConsensusDriver,
        store: BlockStore,
        frames_path: Path | None,
        max_message_bytes: int,
    ) -> None:
        self._driver, self._store, self._max_message_bytes = driver, store, max_message_bytes
        self._frames = HeightFrames(frames_path)

    def own_proposal(self, proposal: Proposal, block: Block) -> bytes:
        """The frame of our signed proposal, kept to send again."""
        frame = encode_message(ProposalMessage(proposal, block))
        self._frames.add_own(proposal.height, proposal.round, frame)
        return frame

    def own_vote(self, vote: Vote) -> bytes:
        """The frame of our signed vote, kept to send again."""
        frame = encode_message(VoteMessage(vote))
        self._frames.add_own(vote.height, vote.round, frame)
        return frame

    def count(
        self, message: ProposalMessage | VoteMessage, frame: bytes, *, saved: bool = False
    ) -> None:
        """Hand a proposal or vote to the driver, which verifies it (raising PeerError or a
        LedgerError if it does not). A vote consensus took for the height being decided is
        kept (its `frame`) to relay while the height stalls; a proposal is not: it may be as
        large as a block, and its proposer sends it again. `saved`: the frame was read back
        from the file of an earlier run."""
        if isinstance(message, ProposalMessage):
            self._driver.on_proposal(message.proposal, message.block)
            return
        vote = message.vote
        taken = self._driver.on_vote(vote)
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
