"""`cunzheng verify` of a bundle whose block is signed by a set governance entries made, and
the member organisations a trusted genesis names."""

import json
from pathlib import Path

from click.testing import CliRunner

from cunzheng.cli.main import main
from cunzheng.ledger.validators import Publication
from tests.support.chain_factory import build_chain, sample_entry
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


def test_verify_names_the_member_organisations_a_trusted_genesis_gives(tmp_path: Path) -> None:
    members = {"notary-a": "北京市某公证处", "notary-b": "上海市某公证处"}
    publication = Publication.of("https://consortium.example/genesis.json", members)
    chain = build_chain(
        tmp_path / "store", [[sample_entry(0)]], validators=2, publication=publication
    )
    bundle_path, genesis_path = tmp_path / "b.json", tmp_path / "genesis.json"
    bundle_path.write_text(json.dumps(chain.bundle(sample_entry(0))), "utf-8")
    genesis_path.write_text(chain.genesis.to_file_text(), "utf-8")
    chain.close()
    trusted = ["verify", str(bundle_path), "--genesis", str(genesis_path)]
    english = CliRunner().invoke(main, [*trusted, "--lang", "en"])
    assert english.exit_code == 0, english.output
    assert "notary-a, 北京市某公证处 (key hash " in english.stdout
    chinese = CliRunner().invoke(main, [*trusted, "--lang", "zh"])
    assert "notary-b，上海市某公证处（公钥摘要 " in chinese.stdout
    signers = json.loads(CliRunner().invoke(main, [*trusted, "--json"]).stdout)["record"]["signers"]
    assert [signer.get("organisation") for signer in signers] == [
        members[signer["name"]] for signer in signers
    ]
    # The bundle names no organisations: without the trusted genesis none is shown.
    untrusted = CliRunner().invoke(main, ["verify", str(bundle_path), "--lang", "en"])
    assert "某公证处" not in untrusted.stdout
