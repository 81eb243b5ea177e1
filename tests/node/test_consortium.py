"""A consortium of four real node processes on 127.0.0.1: agreement, crashes, catching up,
safety without a quorum, and no acknowledged entry lost
(docs/architecture.md, "The node's rooms")."""

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cunzheng.ledger.bundle import verify_bundle
from tests.support.consortium import COUNT, Consortium, Submitter
from tests.support.processes import eventually, http_json


@pytest.fixture
def consortium(tmp_path: Path) -> Iterator[Consortium]:
    built = Consortium(tmp_path)
    try:
        yield built
    finally:
        built.stop()


def test_four_notaries_agree_survive_a_crash_and_catch_up(consortium: Consortium) -> None:
    consortium.start()
    eventually(lambda: all(consortium.ready(i) for i in range(COUNT)), 20, "all ready")
    ids = [i for n in range(COUNT) for i in consortium.submit(n, 1000 * n, 50)]
    eventually(
        lambda: all(consortium.status(n)["ledger_size"] == 200 for n in range(COUNT)), 20, "commits"
    )
    height = min(consortium.status(n)["height"] for n in range(COUNT))
    assert len({tuple(consortium.block_hashes(n, height)) for n in range(COUNT)}) == 1
    bodies = {http_json_text(f"{url}/v1/checkpoint").split("\n\n")[0] for url in consortium.urls}
    assert len(bodies) == 1

    writers = [Submitter(consortium.urls[n], 10_000 * (n + 1)) for n in (1, 3)]
    for writer in writers:
        writer.start()
    time.sleep(1.0)
    consortium.kill(3)  # SIGKILL a validator while clients write to it
    before = consortium.status(0)["height"]
    eventually(lambda: consortium.status(0)["height"] >= before + 3, 20, "blocks without node 3")
    consortium.start(3)
    time.sleep(1.0)
    for writer in writers:
        writer.halt.set()
        writer.join(timeout=10)
    acknowledged = set(ids) | {i for writer in writers for i in writer.acknowledged}
    assert len(acknowledged) > 300, "the writers hardly got through; the test proves nothing"

    def all_committed() -> bool:
        return all(
            consortium.status(n)["mempool_size"] == 0
            and consortium.status(n)["ledger_size"] >= len(acknowledged)
            for n in range(COUNT)
        )

    eventually(all_committed, 30, "every acknowledged entry committed on every node")
    tip = consortium.status(0)
    eventually(lambda: consortium.status(3)["height"] >= tip["height"], 20, "node 3 caught up")
    assert consortium.block_hashes(3, tip["height"]) == consortium.block_hashes(0, tip["height"])
    for n in range(COUNT):
        committed = consortium.committed_ids(n)
        assert len(committed) == len(set(committed)), f"node {n} committed an entry twice"
        assert not acknowledged - set(committed), f"node {n} lost acknowledged entries"
    bundle = http_json(f"{consortium.urls[3]}/v1/proofs/{ids[0]}")[1]
    assert verify_bundle(bundle, consortium.genesis).entry_id.hex() == ids[0]


def test_without_a_quorum_nothing_commits_until_one_returns(consortium: Consortium) -> None:
    consortium.start()
    eventually(lambda: all(consortium.ready(i) for i in range(COUNT)), 20, "all ready")
    consortium.stop(2, 3)
    heights = [consortium.status(n)["height"] for n in (0, 1)]
    waiting = consortium.submit(0, 0, 30) + consortium.submit(1, 100, 30)  # receipts given
    eventually(lambda: not consortium.ready(0), 10, "node 0 to report no quorum")
    time.sleep(3.0)  # several rounds' worth of timeouts
    assert [consortium.status(n)["height"] for n in (0, 1)] == heights, "committed without quorum"
    state = http_json(f"{consortium.urls[0]}/v1/entries/{waiting[0]}")[1]
    assert state["status"] == "pending"
    consortium.start(2)
    eventually(
        lambda: all(consortium.status(n)["ledger_size"] == 60 for n in (0, 1, 2)), 30, "resumed"
    )
    for n in (0, 1, 2):
        assert set(waiting) <= set(consortium.committed_ids(n))
    eventually(lambda: consortium.ready(0), 10, "node 0 ready again")


def http_json_text(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))
