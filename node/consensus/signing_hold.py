"""The restore hold: a validator brought back from a backup signs nothing until it has
synced past the height the network had committed and past its signing guard's record.

docs/consensus.md, "After a restore". The signing guard (signing_guard.py) prevents double
signing only while its record is the latest one. A record restored with an old backup, or no
record at all, is older than what the validator really signed before it was lost, so the
guard alone would let it sign a second, different vote at a height it already voted at.

What bounds the old signatures: a validator signs at height h only once it holds the commit
of h - 1, so everything it ever signed lies at most one height above what the network had
committed when it was lost, and that is at most what the network has committed now. The
network's committed height is learned from peers: the height that validators holding over
1/3 of the power report (catch_up.weak_quorum_floor), so at least one honest validator holds
it, and no group of Byzantine validators alone can raise it. Once this node holds, each block
checked against its commit, a block above both that height and the guard's recorded one, any
height it can be asked to sign lies above every height it may have signed at. CometBFT's
`double_sign_check_height` guards the same danger differently: it refuses to start while the
validator's signature appears in recent commits.
"""

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)


class SigningHold:
    """Whether a restored validator may sign at a height yet; see the module docstring.

    The target, the height the node must hold a block above, is fixed the first time it is
    known: following the network's height as it grows would hold the node for ever.
    """

    def __init__(
        self,
        *,
        guard_height: int,
        network_height: Callable[[], int | None],
        on_release: Callable[[], None],
    ) -> None:
        """`guard_height`: the height of the signing guard's record, 0 without one.
        `network_height()`: the committed height validators holding over 1/3 of the power
        report, None while fewer report. `on_release()` runs once, when the hold ends."""
        self._guard_height, self._network_height = guard_height, network_height
        self._on_release = on_release
        self._target: int | None = None
        self._released = False

    @property
    def target(self) -> int | None:
        """The height this node must hold a block above before it signs; None until the
        network's committed height is known."""
        return self._target

    def permits(self, height: int) -> bool:
        """Whether this validator may sign at `height` (the height after the block it holds
        last, as consensus signs only there). Ends the hold when it does."""
        if self._released:
            return True
        if self._target is None:
            network = self._network_height()
            if network is None:
                return False
            self._target = max(network, self._guard_height)
            log.warning(
                "restored validator: signing nothing until this node holds block %d (the "
                "network had committed %d, the signing guard recorded %d)",
                self._target + 1,
                network,
                self._guard_height,
            )
        if height <= self._target + 1:
            return False
        self._released = True
        log.warning("restored validator: synced past block %d; signing again", self._target)
        self._on_release()
        return True
