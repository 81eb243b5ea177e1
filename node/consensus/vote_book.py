"""The prevotes and precommits of one height, and the quorums they make.

Algorithm 1 of arXiv 1807.04938 fires its rules on "2f + 1" messages of a (height, round,
type): here, validators holding over 2/3 of the power, each counted once. A validator that
signs two different votes for one (round, type) equivocates; both votes are evidence
(docs/consensus.md, "Counting votes").
"""

from collections.abc import Iterable

from cunzheng.ledger.block import PRECOMMIT, Commit, CommitSignature, Vote
from cunzheng.ledger.validators import ValidatorSet

# An equivocating voter gets at most this many votes kept per round and type, and beyond them
# only votes for a value another validator voted for: enough to bound what it can make a node
# keep (every value kept beyond the cap is one some validator brought within its own), and an
# equivocator that floods a node with junk first cannot hide its vote for a value that others
# voted for, which the node may need to see a polka that the rest of the consortium saw.
MAX_VOTES_PER_VALIDATOR = 4


class VoteBook:
    """The votes received for one height, by (round, type) and validator index.

    Requires votes whose signature (and checkpoint signature, if any) the driver verified,
    from validators of `validators`, for the one height the book is for.
    """

    def __init__(self, validators: ValidatorSet) -> None:
        self._validators = validators
        self._powers = [validator.power for validator in validators.validators]
        self._votes: dict[tuple[int, int], dict[int, list[Vote]]] = {}  # (round, type) → index

    def add(self, vote: Vote) -> tuple[bool, Vote | None]:
        """Keep `vote`. Returns (changed, first): changed is False for a repeat that brings
        nothing new and for a vote over MAX_VOTES_PER_VALIDATOR for a value no other
        validator voted for; first is the validator's earlier vote when `vote` is its first
        other vote in this (round, type), to be recorded as evidence with `vote`, and None
        otherwise."""
        votes = self._votes.setdefault((vote.round, vote.type), {})
        kept = votes.setdefault(vote.validator_index, [])
        same = [i for i, seen in enumerate(kept) if seen.block_hash == vote.block_hash]
        if same:  # a repeat, which may bring a precommit's checkpoint signature
            if kept[same[0]].checkpoint_signature or not vote.checkpoint_signature:
                return False, None
            kept[same[0]] = vote
            return True, None
        if len(kept) >= MAX_VOTES_PER_VALIDATOR and not self._voted_by_another(vote, votes):
            return False, None
        # Equivocation: both signed votes are evidence. The validator still counts once
        # towards "anything", but each vote counts for its own value, as every message
        # received does in the paper: were only the first counted, an equivocator could
        # show a polka to some honest validators and not to others, and a lock taken on
        # it could then never be released (the simulation found such runs). Quorums
        # intersect in an honest validator either way, so safety is unchanged.
        kept.append(vote)
        return True, kept[0] if len(kept) == 2 else None

    @staticmethod
    def _voted_by_another(vote: Vote, votes: dict[int, list[Vote]]) -> bool:
        return any(
            seen.block_hash == vote.block_hash
            for index, kept in votes.items()
            if index != vote.validator_index
            for seen in kept
        )

    def votes_for(self, round_: int, vote_type: int, block_hash: bytes | None) -> dict[int, Vote]:
        """Each validator's vote for `block_hash` (None: nil), by validator index, in order."""
        return {
            index: vote
            for index, votes in sorted(self._votes.get((round_, vote_type), {}).items())
            for vote in votes
            if vote.block_hash == block_hash
        }

    def has_quorum(self, round_: int, vote_type: int, block_hash: bytes | None) -> bool:
        """Whether validators holding over 2/3 of the power voted for `block_hash`."""
        return self._is_quorum(self.votes_for(round_, vote_type, block_hash))

    def has_quorum_for_anything(self, round_: int, vote_type: int) -> bool:
        """Whether validators holding over 2/3 of the power voted at all (lines 34, 47)."""
        return self._is_quorum(self._votes.get((round_, vote_type), {}))

    def commit_for(self, height: int, round_: int, block_hash: bytes) -> Commit | None:
        """The precommits for the block that carry a checkpoint signature, by validator index,
        if they hold a quorum (docs/consensus.md, "Checkpoint signatures in precommits")."""
        signatures = []
        for index, vote in self.votes_for(round_, PRECOMMIT, block_hash).items():
            if vote.signature and vote.checkpoint_signature:
                signatures.append(CommitSignature(index, vote.signature, vote.checkpoint_signature))
        if not self._is_quorum(s.validator_index for s in signatures):
            return None
        return Commit(height, round_, block_hash, tuple(signatures))

    def _is_quorum(self, indices: Iterable[int]) -> bool:
        return self._validators.is_quorum(sum(self._powers[index] for index in indices))
