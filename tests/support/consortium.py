"""Four validator node processes on 127.0.0.1, started, stopped and fed at will."""

import threading
import time
from collections.abc import Mapping
from pathlib import Path
from subprocess import Popen
from typing import Any

from cunzheng.ledger.validators import Genesis
from tests.support.processes import http_json, kill, start_node, stop, wait_ready, write_homes

COUNT = 4


class Consortium:
    """Four validator homes with fixed test keys; node processes started and stopped at will."""

    def __init__(self, root: Path) -> None:
        self.genesis: Genesis
        self.genesis, self.homes, self.urls = write_homes(root, COUNT)
        self.processes: dict[int, Popen[bytes]] = {}

    def start(self, *indexes: int, environment: Mapping[str, str] | None = None) -> None:
        for index in indexes or range(COUNT):
            self.processes[index] = start_node(self.homes[index], environment=environment)
        for index in indexes or range(COUNT):
            wait_ready(self.urls[index], self.processes[index])

    def kill(self, index: int) -> None:
        kill(self.processes.pop(index))

    def stop(self, *indexes: int) -> None:
        for index in indexes or list(self.processes):
            stop(self.processes.pop(index))

    def status(self, index: int) -> dict[str, Any]:
        answer: dict[str, Any] = http_json(f"{self.urls[index]}/v1/status")[1]
        return answer

    def ready(self, index: int) -> bool:
        return http_json(f"{self.urls[index]}/readyz")[0] == 200

    def submit(self, index: int, first: int, count: int) -> list[str]:
        """Submit `count` fresh digests to node `index`; the ids it acknowledged."""
        entries = [{"digest": f"{n:064x}"} for n in range(first, first + count)]
        code, answer = http_json(f"{self.urls[index]}/v1/entries", {"entries": entries})
        assert code == 202 and answer["receipt"]["signature"], answer
        return [result["id"] for result in answer["results"]]

    def blocks(self, index: int, height: int | None = None) -> list[dict[str, Any]]:
        """Node `index`'s blocks from 1 to `height` (its tip by default), page by page."""
        last = self.status(index)["height"] if height is None else height
        blocks: list[dict[str, Any]] = []
        first: int | None = 1
        while first is not None and first <= last:
            limit = min(100, last - first + 1)
            page = http_json(f"{self.urls[index]}/v1/blocks?from={first}&limit={limit}")[1]
            blocks += page["blocks"]
            first = page["next"]
        return blocks

    def committed_ids(self, index: int) -> list[str]:
        """Every entry id in node `index`'s blocks, in ledger order."""
        return [entry_id for block in self.blocks(index) for entry_id in block["ids"]]

    def block_hashes(self, index: int, height: int) -> list[str]:
        return [block["hash"] for block in self.blocks(index, height)]


class Submitter(threading.Thread):
    """Posts small batches of fresh digests to one node until halted; keeps acknowledged ids,
    and when (time.monotonic) the batch that acknowledged each was sent."""

    def __init__(self, url: str, first: int, pause_s: float = 0.02) -> None:
        """Batches of 20 entries, `pause_s` apart."""
        super().__init__(daemon=True)
        self.url, self.next_digest, self.pause_s = url, first, pause_s
        self.acknowledged: list[str] = []
        self.sent_at: dict[str, float] = {}
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            batch = [
                {"digest": f"{n:064x}"} for n in range(self.next_digest, self.next_digest + 20)
            ]
            self.next_digest += 20
            sent_at = time.monotonic()
            try:
                code, answer = http_json(f"{self.url}/v1/entries", {"entries": batch}, timeout=2)
            except OSError:
                time.sleep(0.05)  # the node is down: these got no receipt
                continue
            if code == 202 and answer["receipt"]["signature"]:
                ids = [result["id"] for result in answer["results"]]
                self.acknowledged += ids
                self.sent_at.update(dict.fromkeys(ids, sent_at))
            time.sleep(self.pause_s)
