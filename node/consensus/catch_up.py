"""How far ahead of us the other validators are: rule 9 (line 55 of Algorithm 1, arXiv
1807.04938) within a height, and block sync across heights (docs/consensus.md, "Catching up").

Over 1/3 of the power at a round (or height) means at least one honest validator got
there, so following them cannot be led astray by Byzantine validators alone.
"""

from cunzheng.ledger.validators import ValidatorSet
from cunzheng.node.consensus.events import ProposalReceived, VoteReceived

# Votes and proposals are kept for rounds up to round + MAX_ROUNDS_AHEAD of this height and of the
# next (node/consensus/state_machine.py); later ones only count towards catching up and are sent
# again by their authors' gossip.
MAX_ROUNDS_AHEAD = 4

Early = ProposalReceived | VoteReceived
EarlyKey = tuple[int, int, int]  # (round, vote type or 0, validator index or 0)


class CatchUp:
    """The latest round each validator spoke in at our height, the highest height each
    spoke at above ours, and the messages of the next height, kept to replay there."""

    def __init__(self, validators: ValidatorSet, *, retry_ms: int) -> None:
        """`retry_ms`: how long to wait before asking again for the same blocks. Requires a
        call of `enter` before any other."""
        self._validators, self._retry_ms = validators, retry_ms
        self._height = 0
        self._rounds: dict[int, int] = {}  # validator → highest round it spoke in
        self._heights: dict[int, int] = {}  # validator → highest height above ours
        self._next_height: dict[EarlyKey, Early] = {}
        self._replay: list[Early] = []
        self._sync_asked = (0, 0)  # (height, now_ms) of the last request for blocks

    def enter(self, height: int, validators: ValidatorSet) -> None:
        """Move to `height`, which `validators` decide; what was kept for the next height is
        for `take_replay`."""
        self._validators = validators
        self._replay = list(self._next_height.values())
        self._height, self._rounds, self._next_height = height, {}, {}
        self._heights = {i: h for i, h in self._heights.items() if h > height}

    def take_replay(self) -> list[Early]:
        """The messages of our height that came before we entered it, once. The caller
        replays them with the event after the one that entered the height: the application
        judges blocks against the tip, which moves only once the driver has carried out
        CommitBlock."""
        replay, self._replay = self._replay, []
        return replay

    def note_round(self, index: int, round_: int) -> None:
        """Validator `index` sent a message of our height in `round_`."""
        if round_ > self._rounds.get(index, -1):
            self._rounds[index] = round_

    def round_to_join(self, round_: int, *, waiting: bool) -> int | None:
        """Line 55: the round above `round_` that validators holding over 1/3 of the power
        reached, on each one's latest round; while `waiting` before round 0, `round_` itself
        too (the others' round-0 messages end the wait). None if there is none."""
        if not waiting and max(self._rounds.values(), default=-1) <= round_:
            return None
        target = weak_quorum_floor(self._rounds, self._validators)
        if target > round_ or (target == round_ and waiting):
            return target
        return None

    def note_height(self, message: Early, now_ms: int) -> int | None:
        """A message of another height than ours, its signature verified. Keeps it if it is
        of the next height (one proposal per round, one vote per validator, round and type).
        Returns the height to sync to once validators holding over 1/3 of the power (so at
        least one honest one: our height is decided) are past ours, and again every
        `retry_ms` while messages say we are behind; None otherwise."""
        height, index, key = _origin(message)
        if height < self._height:
            return None
        if height == self._height + 1 and key[0] <= MAX_ROUNDS_AHEAD:
            self._next_height.setdefault(key, message)
        self._heights[index] = max(height, self._heights.get(index, 0))
        target = weak_quorum_floor(self._heights, self._validators)
        asked_height, asked_ms = self._sync_asked
        again = now_ms - asked_ms >= self._retry_ms
        if target > asked_height or (target > self._height and again):
            self._sync_asked = (target, now_ms)
            return target
        return None


def _origin(message: Early) -> tuple[int, int, EarlyKey]:
    """(height, validator index, key to keep it by) of a message."""
    if isinstance(message, VoteReceived):
        vote = message.vote
        return vote.height, vote.validator_index, (vote.round, vote.type, vote.validator_index)
    proposal = message.proposal
    return proposal.height, proposal.proposer_index, (proposal.round, 0, 0)


def weak_quorum_floor(latest: dict[int, int], validators: ValidatorSet) -> int:
    """The highest value v such that validators holding over 1/3 of the power reported v or
    more in `latest` (validator index → value); -1 if there is none. Indexes beyond the set
    (messages of a later height, signed by a larger set) count for nothing."""
    power, members = 0, validators.validators
    for index, value in sorted(latest.items(), key=lambda item: -item[1]):
        power += members[index].power if index < len(members) else 0
        if validators.is_weak_quorum(power):
            return value
    return -1
