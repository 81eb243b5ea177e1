"""The signed proposals and votes of the height being decided, kept as frames to send again.

A node sends its own messages once, to every connected peer, and again to a peer that may
have missed them (node/gossip.py). It also keeps the peers' messages it verified and counted:
the liveness argument of arXiv 1807.04938 (§2) assumes that a message one correct validator
received reaches every correct validator. Without relaying, one Byzantine validator can stall
a consortium of four: it sends its precommit to one honest validator only, which sees a quorum
of precommits and moves to the next round, while the two others wait in the round before,
one precommit short, and one validator in the next round is too few to pull them forward. So
while a height makes no progress, the peers' messages are sent on too.
"""

from collections.abc import Hashable

MAX_OWN_FRAMES = 64  # our own messages of one height (three a round)
MAX_PEER_FRAMES = 512  # the peers' messages of one height, first come


class HeightFrames:
    """Frames of one height: ours by round, the peers' by (round, kind, author)."""

    def __init__(self) -> None:
        self._height = 0
        self._own: list[tuple[int, bytes]] = []
        self._peers: dict[Hashable, bytes] = {}

    def _at(self, height: int) -> None:
        if height != self._height:
            self._height, self._own, self._peers = height, [], {}

    def add_own(self, height: int, round_: int, frame: bytes) -> None:
        """A message we signed for `height` in `round_`; a later height forgets the earlier."""
        self._at(height)
        self._own.append((round_, frame))
        del self._own[:-MAX_OWN_FRAMES]

    def add_peer(self, height: int, key: Hashable, frame: bytes) -> None:
        """A peer's message for `height`, verified and counted; `key` names it (round, kind and
        author), and only the first frame of a key is kept (another would be equivocation,
        which the evidence log records)."""
        self._at(height)
        if len(self._peers) < MAX_PEER_FRAMES:
            self._peers.setdefault(key, frame)

    def own(self, height: int, *, latest_round_only: bool) -> list[bytes]:
        """Our frames for `height` (of its latest round only, if asked)."""
        if height != self._height or not self._own:
            return []
        latest = self._own[-1][0]
        return [frame for round_, frame in self._own if round_ == latest or not latest_round_only]

    def peers(self, height: int) -> list[bytes]:
        """The peers' frames kept for `height`."""
        return list(self._peers.values()) if height == self._height else []
