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

    def __init__(self, root: Path, environments: Mapping[int, Mapping[str, str]] = {}) -> None:
        """`environments`: variables added to node i's environment whenever it starts."""
        self.genesis: Genesis
        self.genesis, self.homes, self.urls = write_homes(root, COUNT)
        self.processes: dict[int, Popen[bytes]] = {}
        self.environments = environments

    def start(self, *indexes: int) -> None:
        for index in indexes or range(COUNT):
            self.processes[index] = start_node(self.homes[index], self.environments.get(index, {}))
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

    def committed_ids(self, index: int) -> list[str]:
        """Every entry id in node `index`'s blocks, in ledger order."""
        ids: list[str] = []
        for first in range(1, self.status(index)["height"] + 1, 100):
            page = http_json(f"{self.urls[index]}/v1/blocks?from={first}&limit=100")[1]
            ids += [entry_id for block in page["blocks"] for entry_id in block["ids"]]
        return ids

    def block_hashes(self, index: int, height: int) -> list[str]:
        hashes: list[str] = []
        for first in range(1, height + 1, 100):
            limit = min(100, height - first + 1)
            page = http_json(f"{self.urls[index]}/v1/blocks?from={first}&limit={limit}")[1]
            hashes += [block["hash"] for block in page["blocks"]]
        return hashes


class Submitter(threading.Thread):
    """Posts small batches of fresh digests to one node until halted; keeps acknowledged ids."""

    def __init__(self, url: str, first: int) -> None:
        super().__init__(daemon=True)
        self.url, self.next_digest = url, first
        self.acknowledged: list[str] = []
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            batch = [
                {"digest": f"{n:064x}"} for n in range(self.next_digest, self.next_digest + 20)
            ]
            self.next_digest += 20
            try:
                code, answer = http_json(f"{self.url}/v1/entries", {"entries": batch}, timeout=2)
            except OSError:
                time.sleep(0.05)  # the node is down: these got no receipt
                continue
            if code == 202 and answer["receipt"]["signature"]:
                self.acknowledged += [result["id"] for result in answer["results"]]
            time.sleep(0.02)
