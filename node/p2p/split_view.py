"""The split-view alarm: two validly signed checkpoints with different roots for one size.

docs/consensus.md, "Equivocation and split views": nodes compare checkpoint bodies
with each other and raise an alarm with
the two signed notes when they see two different roots for one ledger size. Every node sends
its latest signed checkpoint to its peers after each commit; a note for a size we hold is
compared with our own root at that size, a note for a larger size is kept (one per peer) until
our ledger gets there. A differing note counts only once verified: its signature lines from
known validators must all verify and hold a quorum of the power. Then both notes go to the
evidence log and the node logs at ERROR; such a pair proves that validators holding over 1/3
of the power signed two histories.
"""

import logging

from cunzheng.ledger.checkpoint import SignedCheckpoint, checkpoint_origin, verified_signers
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.finality import signed_checkpoint
from cunzheng.ledger.store import BlockStore
from cunzheng.node.errors import PeerError
from cunzheng.node.evidence import EvidenceLog

log = logging.getLogger(__name__)

MAX_REMEMBERED = 1000


class SplitViewMonitor:
    """Compares peers' signed checkpoints with our ledger and records split views."""

    def __init__(self, store: BlockStore, evidence: EvidenceLog) -> None:
        self._store, self._evidence = store, evidence
        self._origin = checkpoint_origin(store.genesis.chain_id)
        self._ahead: dict[bytes, SignedCheckpoint] = {}  # peer key → its note beyond our size
        self._recorded: set[tuple[int, bytes]] = set()  # (tree_size, root) already reported

    def check(self, peer_key: bytes, note: SignedCheckpoint) -> None:
        """Compare a peer's note with our ledger, or keep it until we reach its size.

        Raises PeerError for a note of another chain, or one whose root differs from ours but
        lacks a quorum of signatures; SignatureError for a forged line of a known validator.
        """
        if note.checkpoint.origin != self._origin:
            raise PeerError(
                f"checkpoint note of {note.checkpoint.origin!r}; this chain's is {self._origin!r}"
            )
        if note.checkpoint.tree_size > self._store.ledger_size:
            self._ahead[peer_key] = note
            return
        self._compare(note)

    def recheck(self) -> None:
        """Our ledger grew: compare the kept notes that it has reached."""
        size = self._store.ledger_size
        for peer_key, note in list(self._ahead.items()):
            if note.checkpoint.tree_size <= size:
                del self._ahead[peer_key]
                try:
                    self._compare(note)
                except (PeerError, LedgerError) as err:
                    log.warning("a checkpoint a peer sent earlier does not check: %s", err)

    def _compare(self, note: SignedCheckpoint) -> None:
        store, size = self._store, note.checkpoint.tree_size
        ours = store.ledger_root if size == store.ledger_size else store.root_at(size)
        theirs = note.checkpoint.root_hash
        if ours == theirs or (size, theirs) in self._recorded:
            return
        self._verify_quorum(note)
        if len(self._recorded) < MAX_REMEMBERED:
            self._recorded.add((size, theirs))
        log.error(
            "SPLIT VIEW: validators holding a quorum signed root %s for ledger size %d; this "
            "node's ledger has root %s there. Compare both notes at GET /v1/evidence.",
            theirs.hex()[:16],
            size,
            ours.hex()[:16],
        )
        self._evidence.record_split_view(size, self._our_note(size), note.text())

    def _verify_quorum(self, note: SignedCheckpoint) -> None:
        # The set that signed our block ending at that size (tree_size <= our ledger size).
        store, size = self._store, note.checkpoint.tree_size
        validators = store.validators_at(store.height_of_leaf(size - 1) if size else 1)
        keys = {validator.name: validator.public_key for validator in validators.validators}
        signers = set(verified_signers(note, keys))
        power = sum(v.power for v in validators.validators if v.name in signers)
        if not validators.is_quorum(power):
            raise PeerError(
                f"checkpoint note for size {note.checkpoint.tree_size} differs from our ledger "
                f"but holds verified signatures of only {power} of "
                f"{validators.total_power} power, not a quorum"
            )

    def _our_note(self, size: int) -> str:
        """Our signed note of the block that holds leaf size - 1 (the block ending at `size`
        when `size` is a block boundary, as on every honest ledger)."""
        store = self._store
        if store.height == 0:
            return ""
        height = store.height_of_leaf(size - 1) if size > 0 else 1
        header = store.header(height)
        validators = store.validators_at(height)
        return signed_checkpoint(header, store.commit(height), validators).text()
