"""The proposals of one height, and valid(v) of their blocks (docs/consensus.md, "Valid blocks")."""

from collections.abc import Callable

from cunzheng.ledger.block import Block, Header, Proposal
from cunzheng.node.consensus.events import ProposalReceived

# An equivocating proposer gets at most this many blocks kept per round.
MAX_PROPOSALS_PER_ROUND = 2


class ProposalBook:
    """Each round's proposals from its proposer, with their blocks and the local time they
    arrived, in the order they arrived; and whether each block is valid, judged once."""

    def __init__(
        self,
        height: int,
        last_header: Header | None,
        check_block: Callable[[Block], str | None],
    ) -> None:
        """`check_block` is the application's check (None: valid) against the last block."""
        self._height, self._last_header, self._check_block = height, last_header, check_block
        self._proposals: dict[int, dict[bytes, tuple[Proposal, Block, int]]] = {}
        self._validity: dict[bytes, bool] = {}  # block hash → valid(v)

    def add(self, event: ProposalReceived) -> bool:
        """Keep the proposal, which must be of this height, from its round's proposer, with
        its block checked against it. False, keeping nothing, if its round already holds
        MAX_PROPOSALS_PER_ROUND blocks; True otherwise, also for a proposal kept before."""
        proposal = event.proposal
        kept = self._proposals.setdefault(proposal.round, {})
        if len(kept) >= MAX_PROPOSALS_PER_ROUND:
            return False
        kept.setdefault(proposal.block_hash, (proposal, event.block, event.now_ms))
        return True

    def first(self, round_: int) -> tuple[Proposal, Block, int] | None:
        """The round's first proposal, its block and when it arrived; None if none did."""
        return next(iter(self._proposals.get(round_, {}).values()), None)

    def blocks(self, round_: int) -> list[tuple[bytes, Block]]:
        """(block hash, block) of each proposal of the round, in the order they arrived."""
        kept = self._proposals.get(round_, {})
        return [(block_hash, block) for block_hash, (_, block, _) in kept.items()]

    def is_valid(self, block_hash: bytes, block: Block) -> bool:
        """valid(v), once per block: this height, later than the last block, and what the
        application checks (linkage, entries, ledger size and root)."""
        valid = self._validity.get(block_hash)
        if valid is None:
            last = self._last_header
            valid = (
                block.header.height == self._height
                and (last is None or block.header.time_ms > last.time_ms)
                and self._check_block(block) is None
            )
            self._validity[block_hash] = valid
        return valid
