"""`cunzheng refresh` against a fake node, and `cunzheng verify` of the consistency part."""

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cunzheng.cli.refresh_cmd import refresh_command
from cunzheng.cli.verify_cmd import verify
from cunzheng.ledger.checkpoint import SignedCheckpoint, sign_checkpoint
from cunzheng.ledger.keys import NodeKey
from tests.support.chain_factory import Chain, build_chain, notary_keys, sample_entry
from tests.support.cli_runner import run_cunzheng
from tests.support.store_node import StoreNode, serving

Bundle = dict[str, Any]


@pytest.fixture
def chain(tmp_path: Path) -> Any:
    """A 4-notary chain; block 1 holds entries 0 and 1, then three more blocks."""
    built = build_chain(tmp_path / "store", [[sample_entry(0), sample_entry(1)]], validators=4)
    yield built
    built.close()


def write(path: Path, bundle: Bundle) -> Path:
    path.write_text(json.dumps(bundle), encoding="utf-8")
    return path


def genesis_path(chain: Chain, directory: Path) -> Path:
    path = directory / "genesis.json"
    path.write_text(chain.genesis.to_file_text(), encoding="utf-8")
    return path


def grow(chain: Chain) -> None:
    for number in range(2, 8, 2):
        chain.commit_block([sample_entry(number), sample_entry(number + 1)])


def refresh(bundle: Path, url: str, *extra: str | Path) -> Any:
    return CliRunner().invoke(refresh_command, [str(bundle), "--node", url, *map(str, extra)])


def refreshed_bundle(chain: Chain, tmp_path: Path) -> Bundle:
    old = write(tmp_path / "old.cunzheng.json", chain.bundle(sample_entry(0)))
    grow(chain)
    out = tmp_path / "new.cunzheng.json"
    with serving(StoreNode(chain.store)) as url:
        result = refresh(old, url, "--out", out)
    assert result.exit_code == 0, result.output
    assert "of 2 entries is consistent with the checkpoint of 8 entries" in result.output
    document: Bundle = json.loads(out.read_text("utf-8"))
    return document


def test_refresh_adds_a_consistency_proof_that_verify_reports(chain: Chain, tmp_path: Path) -> None:
    bundle = refreshed_bundle(chain, tmp_path)
    consistency = bundle["consistency"]
    assert (consistency["tree_size_1"], consistency["tree_size_2"]) == (2, 8)
    assert consistency["hashes"] == [h.hex() for h in chain.store.consistency_path(2, 8)]
    assert SignedCheckpoint.parse(consistency["checkpoint"]).checkpoint.tree_size == 8
    path = write(tmp_path / "checked.cunzheng.json", bundle)
    genesis = genesis_path(chain, tmp_path)
    result = run_cunzheng("verify", path, "--genesis", genesis, "--quiet")
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("VALID: ")
    assert (
        "It is also consistent with the later checkpoint of 8 entries signed by 4 of 4 "
        "notaries (notary-a, notary-b, notary-c, notary-d): the ledger has only grown since."
    ) in result.stdout
    chinese = run_cunzheng("verify", path, "--genesis", genesis, "--quiet", "--lang", "zh")
    assert "（账本共 8 条）一致：账本此后只增未改。" in chinese.stdout
    record = json.loads(run_cunzheng("verify", path, "--genesis", genesis, "--json").stdout)[
        "record"
    ]
    assert record["consistent_with"]["tree_size"] == 8
    assert record["unchecked"] == []


def test_refresh_in_place_keeps_the_record(chain: Chain, tmp_path: Path) -> None:
    path = write(tmp_path / "b.cunzheng.json", chain.bundle(sample_entry(1)))
    grow(chain)
    with serving(StoreNode(chain.store)) as url:
        assert refresh(path, url).exit_code == 0
        again = refresh(path, url)  # a refreshed bundle refreshes again
    assert again.exit_code == 0, again.output
    bundle = json.loads(path.read_text("utf-8"))
    assert bundle["id"] == sample_entry(1).leaf_hash().hex()
    assert bundle["consistency"]["tree_size_2"] == 8


def _forge_hash(bundle: Bundle) -> None:
    first = bundle["consistency"]["hashes"][0]
    bundle["consistency"]["hashes"][0] = ("0" if first[0] != "0" else "1") + first[1:]


def _below_quorum(bundle: Bundle) -> None:
    note = SignedCheckpoint.parse(bundle["consistency"]["checkpoint"])
    bundle["consistency"]["checkpoint"] = SignedCheckpoint(
        note.checkpoint, note.signatures[:2]
    ).text()


def _signed_by_strangers(bundle: Bundle) -> None:
    note = SignedCheckpoint.parse(bundle["consistency"]["checkpoint"])
    strangers = [NodeKey.from_seed(f"stranger-{i}", bytes([i]) * 32) for i in range(1, 4)]
    lines = tuple(sign_checkpoint(note.checkpoint, key) for key in strangers)
    bundle["consistency"]["checkpoint"] = SignedCheckpoint(note.checkpoint, lines).text()


def _forged_line(bundle: Bundle) -> None:
    note = SignedCheckpoint.parse(bundle["consistency"]["checkpoint"])
    forger = NodeKey.from_seed(notary_keys(1)[0].name, bytes(32))
    real = note.signatures[0]
    fake = type(real)(real.name, real.key_hash, sign_checkpoint(note.checkpoint, forger).signature)
    bundle["consistency"]["checkpoint"] = SignedCheckpoint(
        note.checkpoint, (fake, *note.signatures[1:])
    ).text()


def _wrong_first_size(bundle: Bundle) -> None:
    bundle["consistency"]["tree_size_1"] = 1


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_forge_hash, "yields root"),
        (_below_quorum, "more than 2/3 is needed"),
        (_signed_by_strangers, "more than 2/3 is needed"),
        (_forged_line, "the later checkpoint of the consistency proof"),
        (_wrong_first_size, "consistency tree_size_1 1"),
    ],
)
def test_a_bad_consistency_part_makes_the_bundle_invalid(
    chain: Chain, tmp_path: Path, mutate: Any, message: str
) -> None:
    bundle = refreshed_bundle(chain, tmp_path)
    mutate(bundle)
    path = write(tmp_path / "bad.cunzheng.json", bundle)
    args = [str(path), "--genesis", str(genesis_path(chain, tmp_path)), "--json"]
    result = CliRunner().invoke(verify, args)
    assert result.exit_code == 1, result.stdout
    verdict = json.loads(result.stdout)
    assert (verdict["verdict"], verdict["reason"]) == ("invalid", "consistency_invalid")
    assert message in verdict["message"]


def test_refresh_refuses_what_does_not_verify_and_leaves_the_bundle(
    chain: Chain, tmp_path: Path
) -> None:
    path = write(tmp_path / "b.cunzheng.json", chain.bundle(sample_entry(0)))
    before = path.read_bytes()
    grow(chain)
    forged_proof = StoreNode(chain.store, consistency=["00" * 32] * 3)
    text = SignedCheckpoint.parse(StoreNode(chain.store).answer("/v1/checkpoint", {})[2])
    unsigned = StoreNode(
        chain.store, checkpoint=SignedCheckpoint(text.checkpoint, text.signatures[:1]).text()
    )
    for fake in (forged_proof, unsigned):
        with serving(fake) as url:
            result = refresh(path, url)
        assert result.exit_code == 1
        assert "does not verify" in result.output
        assert "the bundle was left as it is" in result.output
    assert path.read_bytes() == before


def test_refresh_refuses_a_node_behind_the_bundle(chain: Chain, tmp_path: Path) -> None:
    grow(chain)
    path = write(tmp_path / "b.cunzheng.json", chain.bundle(sample_entry(7)))
    behind = build_chain(tmp_path / "behind", [[sample_entry(0), sample_entry(1)]], validators=4)
    try:
        with serving(StoreNode(behind.store)) as url:
            result = refresh(path, url)
    finally:
        behind.close()
    assert result.exit_code == 1
    assert "is at ledger size 2, behind the bundle's 8" in result.output
