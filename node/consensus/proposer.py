"""Who proposes in each round: weighted round robin (docs/consensus.md, "Proposer choice")."""

from math import gcd

MAX_MEMO = 1024


class ProposerSchedule:
    """Weighted round robin (docs/consensus.md, "Proposer choice") as a function of (height, round).

    Picks run from all-zero priorities at the height `since` from which the set signs (1 for
    the genesis set; a set made by a governance entry starts afresh); (h, r) gets pick
    k = (h - since) + r, i.e. one step per height plus one per round within it, as Tendermint
    counts. The priorities are all
    zero again after P = T/g picks (T total power, g the gcd of the powers), so only k mod P
    matters. The state at round 0 of the current height is cached and moved one pick per
    height: a round r costs O(n·r), a cold start (restart, sync) O(n·min(k, P)).
    """

    def __init__(self, powers: tuple[int, ...], since: int = 1) -> None:
        self._since = since
        divisor = gcd(*powers)
        self._powers = tuple(power // divisor for power in powers)  # same picks, shorter P
        self._period = sum(self._powers)
        self._position, self._priorities = 0, [0] * len(powers)
        self._memo: dict[tuple[int, int], int] = {}

    def proposer(self, height: int, round_: int) -> int:
        """Index of the proposer of (height, round_); requires height >= since, round_ >= 0."""
        found = self._memo.get((height, round_))
        if found is None:
            base = (height - self._since) % self._period
            if base < self._position:
                self._position, self._priorities = 0, [0] * len(self._powers)
            while self._position < base:
                self._pick(self._priorities)
                self._position += 1
            priorities = list(self._priorities)
            for _ in range(round_ % self._period):
                self._pick(priorities)
            found = self._memo[(height, round_)] = self._pick(priorities)
            if len(self._memo) > MAX_MEMO:
                self._memo.clear()
        return found

    def _pick(self, priorities: list[int]) -> int:
        for index, power in enumerate(self._powers):
            priorities[index] += power
        chosen = max(range(len(priorities)), key=lambda i: (priorities[i], -i))  # ties: lower
        priorities[chosen] -= self._period
        return chosen
