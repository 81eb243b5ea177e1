"""Changing a running consortium: four real node processes on 127.0.0.1 add a fifth notary
and rotate a notary's key by governance entries; bundles from before and after both verify
from genesis alone (ledger/governance.py)."""

import json
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cunzheng.cli.http import NodeClient
from cunzheng.cli.refresh_cmd import refreshed
from cunzheng.ledger.bundle import verify_bundle
from cunzheng.ledger.governance import Change, ChangeProposal
from cunzheng.ledger.keys import NodeKey, write_key_file
from cunzheng.ledger.validators import ValidatorSet
from cunzheng.node.home import write_home
from tests.support.chain_factory import notary_keys
from tests.support.consortium import COUNT, Consortium
from tests.support.governance_chain import ROTATED_B
from tests.support.loopback import free_ports
from tests.support.processes import REPO, eventually, http_json, start_node, wait_ready

DELAY = 6  # heights between the status read and the change taking effect


class GrowingConsortium(Consortium):
    """Four genesis notaries, and a home for a fifth (notary-e) that dials them."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.fifth_key = notary_keys(COUNT + 1)[COUNT]
        home = root / self.fifth_key.name
        api, p2p = (f"127.0.0.1:{port}" for port in free_ports(2))
        peers = [_peer_address(other) for other in self.homes]
        write_home(home, self.fifth_key, api, p2p, peers, self.genesis)
        self.homes.append(home)
        self.urls.append(f"http://{api}")

    def propose(self, action: str, name: str, key: bytes, signers: list[NodeKey]) -> int:
        """Submit a change signed by `signers` to node 0; return its effective height."""
        status = self.status(0)
        validators = ValidatorSet.from_json(status["validators"])
        effective = status["height"] + DELAY
        power = 1 if action == "add" else 0
        change = Change(
            self.genesis.chain_id, effective, validators.hash(), action, name, key, power
        )
        proposal = ChangeProposal(change, {})
        for signer in signers:
            proposal = proposal.signed_by(signer, validators)
        code, answer = http_json(f"{self.urls[0]}/v1/entries", proposal.entry().to_json())
        assert code == 202, answer
        return effective

    def committed_bundle(self, index: int, number: int) -> dict[str, Any]:
        """Submit one fresh digest to node `index`, wait for it, return its bundle."""
        code, answer = http_json(f"{self.urls[index]}/v1/entries", {"digest": f"{number:064x}"})
        assert code == 202, answer
        url = f"{self.urls[index]}/v1/proofs/{answer['id']}"
        eventually(lambda: http_json(url)[0] == 200, 20, f"entry {number} committed")
        bundle: dict[str, Any] = http_json(url)[1]
        return bundle


def _peer_address(home: Path) -> str:
    config = tomllib.loads((home / "config.toml").read_text("utf-8"))
    return f"http://{config['p2p']['listen']}"


@pytest.fixture
def consortium(tmp_path: Path) -> Iterator[GrowingConsortium]:
    built = GrowingConsortium(tmp_path)
    try:
        yield built
    finally:
        built.stop()


def test_a_fifth_notary_joins_and_a_key_is_rotated_on_a_running_consortium(
    consortium: GrowingConsortium,
) -> None:
    consortium.start(*range(COUNT))
    eventually(lambda: all(consortium.ready(i) for i in range(COUNT)), 20, "all ready")
    genesis_keys = list(notary_keys(COUNT))
    before = consortium.committed_bundle(0, 1)

    # A fifth notary: signed by all four, effective DELAY heights on; it syncs meanwhile.
    joined_at = consortium.propose(
        "add", consortium.fifth_key.name, consortium.fifth_key.public_key, genesis_keys
    )
    consortium.processes[COUNT] = start_node(consortium.homes[COUNT])
    wait_ready(consortium.urls[COUNT], consortium.processes[COUNT])
    eventually(
        lambda: all(consortium.status(n)["height"] >= joined_at + 1 for n in range(COUNT + 1)),
        40,
        "the five past the height the fifth joins at",
    )
    assert consortium.status(COUNT)["node"]["role"] == "validator"
    assert len(consortium.status(0)["validators"]) == COUNT + 1

    # Rotate notary-b's key: four of the five sign; b restarts with its new key at once and
    # is an observer until the new key signs.
    rotated_at = consortium.propose(
        "rotate",
        "notary-b",
        ROTATED_B.public_key,
        [*genesis_keys[:1], *genesis_keys[2:], consortium.fifth_key],
    )
    b = next(i for i, home in enumerate(consortium.homes) if home.name == "notary-b")
    consortium.stop(b)
    write_key_file(consortium.homes[b] / "node_key.json", ROTATED_B, overwrite=True)
    consortium.start(b)
    eventually(
        lambda: all(consortium.status(n)["height"] >= rotated_at + 1 for n in range(COUNT + 1)),
        40,
        "the five past the rotation",
    )
    assert consortium.status(b)["node"]["role"] == "validator"

    # Blocks after both changes: the rotated key and the fifth notary sign some of them.
    # Four of five are a quorum, so a commit may lack either: up to 24 blocks, at least 6.
    signers: set[str] = set()
    after: list[dict[str, Any]] = []
    for number in range(2, 26):
        bundle = consortium.committed_bundle(number % (COUNT + 1), number)
        after.append(bundle)
        signers.update(verify_bundle(bundle, consortium.genesis).signers)
        if len(after) >= 6 and {"notary-b", "notary-e"} <= signers:
            break
    assert {"notary-b", "notary-e"} <= signers
    assert len(after[-1]["chain"]["governance"]) == 2
    # The bundle from before the changes still verifies, from genesis alone.
    assert len(verify_bundle(before, consortium.genesis).signers) >= 3
    assert before["chain"]["governance"] == []

    # Refreshed, it proves the ledger grew into a checkpoint the new set signed. Four of the
    # five make a quorum, so a given checkpoint may lack notary-e: refresh until one has it
    # (empty blocks keep coming).
    def refreshed_into_a_checkpoint_e_signed() -> bool:
        renewed = refreshed(before, NodeClient(consortium.urls[COUNT]), consortium.genesis)
        verdict = verify_bundle(renewed, consortium.genesis)
        assert verdict.consistent_tree_size is not None
        return "notary-e" in verdict.consistent_signers

    eventually(refreshed_into_a_checkpoint_e_signed, 20, "a refreshed checkpoint notary-e signed")

    tip = min(consortium.status(n)["height"] for n in range(COUNT + 1))
    hashes = {tuple(consortium.block_hashes(n, tip)) for n in range(COUNT + 1)}
    assert len(hashes) == 1, "the five nodes hold different blocks"

    # An auditor replays all five from genesis alone, through both changes.
    nodes = [arg for url in consortium.urls for arg in ("--node", url)]
    genesis = str(consortium.homes[0] / "genesis.json")
    audit = subprocess.run(
        [sys.executable, "-m", "cunzheng.cli", "audit", *nodes, "--genesis", genesis, "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert audit.returncode == 0, audit.stdout + audit.stderr
    report = json.loads(audit.stdout)
    assert [source["result"] for source in report["sources"]] == ["ok"] * (COUNT + 1)
