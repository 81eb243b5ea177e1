"""One run of a network fault scenario and its figures (docs/network-test-bed.md, "A run")."""

import time
from collections.abc import Callable
from dataclasses import dataclass

from tests.support.consortium import COUNT
from tests.support.netbed import NetBed
from tests.support.netbed_client import PacedClient
from tests.support.netbed_scenarios import Fault, recovery_bound_s

POLL_S = 0.2
PATIENCE = 3  # wait up to this many bounds, so a slow recovery is measured, not just failed


@dataclass(frozen=True, slots=True)
class Pace:
    """How long each phase lasts and how hard the client writes."""

    settle_s: float  # the client writes this long before the fault
    fault_s: float
    after_s: float  # the client goes on this long after the recovery
    batch: int  # digests per request; one request per node every interval_s
    interval_s: float
    limit: int  # digests the client sends at most in the whole run


@dataclass(frozen=True, slots=True)
class ScenarioReport:
    """The figures of one run. `recovery_s` is None when no new block reached every node
    within PATIENCE bounds of the heal."""

    name: str
    seed: int
    blocks_during: int  # the highest height just before the heal minus that at the fault
    blocks_after: int  # the highest height at the end minus that just before the heal
    recovery_s: float | None  # from the heal until every node holds a new block
    bound_s: float  # recovery_bound_s at the heal
    acknowledged: int  # ids the nodes gave a signed receipt for
    lost: int  # acknowledged ids missing from some node's ledger (the most of any node)
    duplicated: int  # ids a node's ledger holds more than once (the most of any node)
    resets: int  # connections the proxies reset during the run

    def line(self) -> str:
        """One line for the summary."""
        recovery = "never" if self.recovery_s is None else f"{self.recovery_s:.2f} s"
        return (
            f"{self.name:<22} seed={self.seed:<3} blocks during={self.blocks_during:<4} "
            f"after={self.blocks_after:<4} recovered in {recovery} (bound {self.bound_s:.1f} s) "
            f"acknowledged={self.acknowledged} lost={self.lost} duplicated={self.duplicated} "
            f"resets={self.resets}"
        )


def elapsed_until(condition: Callable[[], bool], timeout_s: float) -> float | None:
    """Seconds until `condition()` first held, polling every POLL_S; None after `timeout_s`."""
    started = time.monotonic()
    while time.monotonic() - started <= timeout_s:
        if condition():
            return time.monotonic() - started
        time.sleep(POLL_S)
    return None


def highest(bed: NetBed) -> int:
    """The highest height any answering node holds."""
    return max(bed.heights().values(), default=0)


def run_scenario(bed: NetBed, fault: Fault, seed: int, pace: Pace) -> ScenarioReport:
    """Write throughout; inject `fault` for `pace.fault_s`; heal it; measure the recovery;
    wait until every node's mempool is empty; check agreement and count the acknowledged
    entries each ledger lost or holds twice.

    Requires `bed` started with every node ready. Leaves it healed, every node running,
    also when it raises. Raises AssertionError if the nodes disagree on a block, or if
    nodes that lost their quorum commit more than the block already decided when the
    fault began.
    """
    client = PacedClient(
        bed.urls,
        bed.digests(pace.limit),
        batch=pace.batch,
        interval_s=pace.interval_s,
        limit=pace.limit,
    )
    resets_before = bed.proxies.resets
    client.start()
    try:
        time.sleep(pace.settle_s)
        at_fault, at_heal = fault_then_heal(bed, fault, pace.fault_s)
        bound_s = recovery_bound_s(bed.params, bed.highest_round())

        def recovered() -> bool:
            heights = bed.heights()
            return len(heights) == COUNT and min(heights.values()) > at_heal

        recovery_s = elapsed_until(recovered, PATIENCE * bound_s)
        time.sleep(pace.after_s)
        at_end = highest(bed)
    finally:
        client.halt()
        bed.proxies.heal()
    elapsed_until(lambda: all_drained(bed), PATIENCE * bound_s)
    bed.verify_agreement()
    lost, duplicated = ledger_faults(bed, set(client.acknowledged))
    return ScenarioReport(
        fault.name,
        seed,
        blocks_during=at_heal - at_fault,
        blocks_after=at_end - at_heal,
        recovery_s=recovery_s,
        bound_s=bound_s,
        acknowledged=len(client.acknowledged),
        lost=lost,
        duplicated=duplicated,
        resets=bed.proxies.resets - resets_before,
    )


def fault_then_heal(bed: NetBed, fault: Fault, fault_s: float) -> tuple[int, int]:
    """Inject `fault`, hold it `fault_s` seconds, heal it (also on failure); the highest
    height at the fault and the last one seen before the heal. Raises AssertionError as soon
    as nodes without a quorum go more than one block beyond the highest height at the fault."""
    at_fault = highest(bed)
    heal = fault.inject(bed)
    deadline = time.monotonic() + fault_s
    try:
        while True:
            # Sampled before the heal: votes held by a partition land the moment it heals.
            before_heal = highest(bed)
            if not fault.keeps_quorum and before_heal > at_fault + 1:
                raise AssertionError(f"{fault.name}: a block committed without a quorum")
            if time.monotonic() >= deadline:
                return at_fault, before_heal
            time.sleep(POLL_S)
    finally:
        heal()


def ledger_faults(bed: NetBed, acknowledged: set[str]) -> tuple[int, int]:
    """(lost, duplicated): the most acknowledged ids missing from any node's ledger, and
    the most ids any node's ledger holds more than once."""
    lost = duplicated = 0
    for index in range(COUNT):
        ids = bed.consortium.committed_ids(index)
        duplicated = max(duplicated, len(ids) - len(set(ids)))
        lost = max(lost, len(acknowledged - set(ids)))
    return lost, duplicated


def all_drained(bed: NetBed) -> bool:
    """Whether every node answers with an empty mempool at one and the same height."""
    statuses = bed.statuses()
    return (
        len(statuses) == COUNT
        and all(status["mempool_size"] == 0 for status in statuses.values())
        and len({status["height"] for status in statuses.values()}) == 1
    )
