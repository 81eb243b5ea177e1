"""A notary whose clock is 3 s slow, under libfaketime, in a consortium of four real node
processes on 127.0.0.1: no proof states a time earlier than when an honest notary received
its entry, and the slow node says its clock is off (docs/time.md, docs/consensus.md,
"Clock offset")."""

import re
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from cunzheng.ledger.bundle import verify_bundle
from tests.support.chain_factory import notary_keys
from tests.support.consortium import COUNT, Consortium
from tests.support.netbed import FAKETIME_LIBRARIES, faketime_environment
from tests.support.processes import eventually, http_json

SLOW, SLOW_BY_S = 3, -3.0  # the notary whose clock is behind, and by how much
HONEST = [index for index in range(COUNT) if index != SLOW]
BATCHES, BATCH_SIZE = 30, 5

pytestmark = pytest.mark.skipif(
    not FAKETIME_LIBRARIES, reason="libfaketime is not installed; `make system-deps` installs it"
)


@dataclass(frozen=True)
class Run:
    consortium: Consortium
    received: dict[str, int]  # entry id -> received_ms of an honest node's receipt


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """One consortium for both tests (four node processes are slow to start on a busy
    machine): started, levelled, fed through the honest nodes; stopped at the end."""
    consortium = Consortium(tmp_path_factory.mktemp("skew"))
    try:
        consortium.start(*HONEST)
        consortium.start(SLOW, environment=faketime_environment(SLOW_BY_S))
        _level(consortium)
        yield Run(consortium, _submitted_to_honest_nodes(consortium))
    finally:
        consortium.stop()


def test_no_proof_states_a_time_before_an_honest_notary_received_the_entry(run: Run) -> None:
    consortium, received = run.consortium, run.received
    eventually(
        lambda: set(received) <= set(consortium.committed_ids(0)),
        timeout=60,
        what="every entry committed",
    )
    slow_key = notary_keys(COUNT)[SLOW].public_key
    honest_error = -(-consortium.genesis.params["precision_ms"] // 2)
    after_block_time = set()
    for number, (entry_id, received_ms) in enumerate(received.items()):
        # From the honest nodes in turn: each keeps its own rate limit (burst 100) per client
        url = consortium.urls[HONEST[number % len(HONEST)]]
        code, bundle = http_json(f"{url}/v1/proofs/{entry_id}")
        assert code == 200, bundle
        verdict = verify_bundle(bundle, consortium.genesis)
        assert received_ms <= verdict.no_later_than_ms, (entry_id, received_ms, verdict.header)
        if received_ms > verdict.header.time_ms + honest_error:
            after_block_time.add(verdict.header.proposer)
    # Only the slow notary's blocks may carry a time earlier than an honest receipt by more
    # than an honest clock's error. Whether one of them commits here is chance: libfaketime
    # slows the node down enough that its proposals often come after the propose timeout;
    # tests/node/test_stated_time_sim.py shows such blocks deterministically.
    assert after_block_time <= {slow_key}


def test_the_slow_notary_says_its_clock_is_off(run: Run) -> None:
    consortium = run.consortium
    eventually(
        lambda: _clock_offset_s(consortium.urls[SLOW]) is not None,
        timeout=30,
        what="a clock offset estimate on the slow node",
    )
    # -3 s plus one network delay, and however late the slowed-down process reads its clock
    offset = _clock_offset_s(consortium.urls[SLOW])
    assert offset is not None and -3.5 < offset < -1.5
    code, readiness = http_json(f"{consortium.urls[SLOW]}/readyz")
    assert code == 503 and "clock off" in readiness["reason"], readiness
    assert "behind" in readiness["reason"]
    log = (consortium.homes[SLOW] / "node.log").read_text("utf-8")
    assert re.search(r"WARNING.*clock off", log), log[-2000:]
    for index in HONEST:
        honest = _clock_offset_s(consortium.urls[index])
        assert honest is not None and abs(honest) < 0.5, (index, honest)
        assert "clock off" not in http_json(f"{consortium.urls[index]}/readyz")[1]["reason"]


def _level(consortium: Consortium) -> None:
    # Every node at one height past the first blocks: the slow one has caught up.
    eventually(
        lambda: (
            len({consortium.status(index)["height"] for index in range(COUNT)}) == 1
            and consortium.status(SLOW)["height"] >= 2
        ),
        timeout=30,
        what="all four nodes at one height",
    )


def _submitted_to_honest_nodes(consortium: Consortium) -> dict[str, int]:
    # Batches to the honest nodes in turn, 0.1 s apart; id -> received_ms of the receipt,
    # by the receiving (honest) node's clock.
    received: dict[str, int] = {}
    for batch in range(BATCHES):
        first = batch * BATCH_SIZE
        entries = [{"digest": f"{n:064x}"} for n in range(first, first + BATCH_SIZE)]
        url = consortium.urls[HONEST[batch % len(HONEST)]]
        code, answer = http_json(f"{url}/v1/entries", {"entries": entries})
        assert code == 202, answer
        for result in answer["results"]:
            received[result["id"]] = answer["receipt"]["received_ms"]
        time.sleep(0.1)
    return received


def _clock_offset_s(url: str) -> float | None:
    with urllib.request.urlopen(f"{url}/metrics", timeout=5) as response:
        text = response.read().decode()
    found = re.search(r"^cunzheng_clock_offset_seconds (\S+)$", text, re.MULTILINE)
    return None if found is None else float(found.group(1))
