"""Four real node processes with a faulty network between them: WAN delay, isolation, a 2|2
split, a paused proposer, skewed clocks, connection resets and SIGKILL under delay
(docs/network-test-bed.md).

Each scenario checks safety (one block per height on every node; every acknowledged entry in
every ledger exactly once) and liveness (blocks during the fault while a quorum can talk, none
without one, and a new block on every node within a bound computed from the consensus
timeouts after the heal). `pytest -s` shows each run's figures and a summary at the end.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.netbed import FAKETIME_LIBRARIES, NetBed
from tests.support.netbed_run import Pace, ScenarioReport, run_scenario
from tests.support.netbed_scenarios import ClockSkew, Fault, every_fault

SHORT_SEED = 1
SHORT = Pace(settle_s=1.0, fault_s=3.0, after_s=0.5, batch=5, interval_s=0.1, limit=4_000)
LONG_SEEDS = (2, 3, 4)
LONG = Pace(settle_s=3.0, fault_s=10.0, after_s=5.0, batch=5, interval_s=0.1, limit=40_000)


@pytest.fixture(scope="module")
def summary() -> Iterator[list[str]]:
    lines: list[str] = []
    yield lines
    print("\nnetwork fault scenarios:\n  " + "\n  ".join(lines))


@pytest.fixture(scope="module")
def shared_bed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NetBed]:
    """One bed for the short runs: starting four nodes costs more than a short scenario."""
    bed = NetBed(tmp_path_factory.mktemp("netbed"), SHORT_SEED)
    try:
        bed.start()
        yield bed
    finally:
        bed.close()


def needs_faketime(fault: Fault) -> None:
    if isinstance(fault, ClockSkew) and not FAKETIME_LIBRARIES:
        pytest.skip("libfaketime is not installed; `make system-deps` installs it")


def check(fault: Fault, report: ScenarioReport, summary: list[str]) -> None:
    print(report.line())
    summary.append(report.line())
    assert report.acknowledged > 0, "no entry was acknowledged; the run proves nothing"
    assert report.lost == 0, f"{report.lost} acknowledged entries missing from a ledger"
    assert report.duplicated == 0, f"{report.duplicated} entries twice in a ledger"
    if fault.keeps_quorum:
        assert report.blocks_during > 0, "a quorum could talk, yet nothing committed"
    else:
        # Only a block whose precommits were all cast before the split may still land.
        assert report.blocks_during <= 1, "blocks committed without a quorum"
    assert report.recovery_s is not None, "no new block on every node after the heal"
    assert report.recovery_s <= report.bound_s, "recovery took longer than the timeouts allow"
    assert report.blocks_after > 0


@pytest.mark.parametrize("fault", every_fault(SHORT_SEED), ids=lambda fault: fault.name)
def test_short_scenario(shared_bed: NetBed, fault: Fault, summary: list[str]) -> None:
    needs_faketime(fault)
    check(fault, run_scenario(shared_bed, fault, SHORT_SEED, SHORT), summary)


@pytest.mark.slow
@pytest.mark.parametrize("seed", LONG_SEEDS)
@pytest.mark.parametrize("position", range(len(every_fault(0))))
def test_long_scenario(tmp_path: Path, seed: int, position: int, summary: list[str]) -> None:
    fault = every_fault(seed)[position]
    needs_faketime(fault)
    bed = NetBed(tmp_path, seed)
    try:
        bed.start()
        check(fault, run_scenario(bed, fault, seed, LONG), summary)
    finally:
        bed.close()
