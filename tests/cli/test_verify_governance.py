"""`cunzheng verify` of a bundle whose block is signed by a set governance entries made."""

import json
from pathlib import Path

from tests.support.chain_factory import sample_entry
from tests.support.cli_runner import run_cunzheng
from tests.support.governance_chain import grown_chain


def test_verify_names_the_governance_entries_it_checked(tmp_path: Path) -> None:
    chain, _, _ = grown_chain(tmp_path / "store")
    bundle_path, genesis_path = tmp_path / "late.json", tmp_path / "genesis.json"
    bundle_path.write_text(json.dumps(chain.bundle(sample_entry(7))), "utf-8")
    genesis_path.write_text(chain.genesis.to_file_text(), "utf-8")
    chain.close()
    done = run_cunzheng("verify", bundle_path, "--genesis", genesis_path, "--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "5 at this block; 2 governance entries since genesis, each checked" in done.stdout
    answer = run_cunzheng("verify", bundle_path, "--genesis", genesis_path, "--json")
    assert json.loads(answer.stdout)["record"]["governance_changes"] == 2
