"""Crash safety: nothing acknowledged is lost, nothing is committed twice, after kill -9."""

import random
import threading
import time
from pathlib import Path

from cunzheng.ledger.bundle import verify_bundle
from tests.support.chain_factory import edit_stored_entry
from tests.support.processes import http_json, kill, start_node, stop, wait_ready, write_homes


class Submitter(threading.Thread):
    """Posts batches of fresh digests until stopped; remembers every acknowledged id."""

    def __init__(self, url: str, first: int, batch: int) -> None:
        super().__init__(daemon=True)
        self.url, self.next_digest, self.batch = url, first, batch
        self.acknowledged: list[str] = []
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            entries = [
                {"digest": f"{n:064x}"}
                for n in range(self.next_digest, self.next_digest + self.batch)
            ]
            self.next_digest += self.batch
            try:
                status, answer = http_json(
                    f"{self.url}/v1/entries", {"entries": entries}, timeout=2
                )
            except OSError:
                return  # the node died under us: this batch got no receipt
            if status == 202 and answer["receipt"]["signature"]:
                self.acknowledged += [result["id"] for result in answer["results"]]


def _all_committed_ids(url: str, height: int) -> list[str]:
    ids: list[str] = []
    for first in range(1, height + 1, 100):
        _, page = http_json(f"{url}/v1/blocks?from={first}&limit=100")
        for block in page["blocks"]:
            ids += block["ids"]
    return ids


def test_acknowledged_entries_survive_sigkill(tmp_path: Path) -> None:
    rng = random.Random(7)
    genesis, (home,), (url,) = write_homes(tmp_path, 1)
    acknowledged: list[str] = []
    next_digest = 0
    for _ in range(4):
        process = start_node(home)
        wait_ready(url, process)
        submitter = Submitter(url, next_digest, batch=rng.randint(1, 40))
        submitter.start()
        time.sleep(rng.uniform(0.3, 1.2))
        kill(process)
        submitter.halt.set()
        submitter.join(timeout=10)
        acknowledged += submitter.acknowledged
        next_digest = submitter.next_digest + 1000
    assert len(acknowledged) > 100, "the submitter hardly got through; the test proves nothing"

    process = start_node(home)
    try:
        wait_ready(url, process)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status = http_json(f"{url}/v1/status")[1]
            if status["mempool_size"] == 0 and status["ledger_size"] >= len(acknowledged):
                break
            time.sleep(0.1)
        assert status["mempool_size"] == 0, f"the restored entries were not committed: {status}"
        committed = _all_committed_ids(url, status["height"])
        assert len(committed) == len(set(committed)), "an entry was committed twice"
        missing = set(acknowledged) - set(committed)
        assert not missing, f"{len(missing)} acknowledged entries were lost"
        for entry_id in rng.sample(acknowledged, 5):
            bundle = http_json(f"{url}/v1/proofs/{entry_id}")[1]
            assert verify_bundle(bundle, genesis).entry_id.hex() == entry_id
    finally:
        stop(process)


def test_a_damaged_store_stops_the_node_with_a_message(tmp_path: Path) -> None:
    _, (home,), (url,) = write_homes(tmp_path, 1)
    process = start_node(home)
    wait_ready(url, process)
    http_json(f"{url}/v1/entries", {"entries": [{"digest": f"{n:064x}"} for n in range(50)]})
    deadline = time.monotonic() + 10
    while http_json(f"{url}/v1/status")[1]["ledger_size"] < 50 and time.monotonic() < deadline:
        time.sleep(0.05)
    stop(process)
    import plyvel

    db = plyvel.DB(str(home / "data" / "ledger"))
    edit_stored_entry(db, 49, None)  # an entry of the tip block goes missing
    db.close()
    process = start_node(home)
    assert process.wait(timeout=20) == 1
    log = (home / "node.log").read_text("utf-8")
    assert "cannot start the node" in log and "entry 49" in log
