"""The genesis hash a verdict gives to compare with the consortium's published one is the
hash of the genesis the bundle carries, from which its signers were replayed; a bundle of
version 1, which carries none, gets no hash at all (docs/verdicts.md, "Trust anchors").

The corpus (tests/vectors/verdicts/) holds a second consortium's bundle: the same chain id
and notary names, other keys.
"""

import json

from click.testing import CliRunner

from cunzheng.cli.main import main
from cunzheng.ledger.validators import Genesis
from tests.support.corpus import CORPUS
from tests.support.corpus_runs import case_json, verify_arguments

REAL_GENESIS = Genesis.from_file_text((CORPUS / "other_consortium" / "genesis.json").read_text())


def _verify(name: str, *options: str) -> tuple[dict[str, object], str]:
    # (the --json verdict, the text a person reads) of corpus case `name`.
    arguments = verify_arguments(CORPUS / name, case_json(name)["inputs"])
    verdict = json.loads(CliRunner().invoke(main, arguments).stdout)
    words = CliRunner().invoke(main, [a for a in arguments if a != "--json"] + list(options))
    return verdict, words.stdout


def test_another_consortiums_bundle_gives_its_own_genesis_hash() -> None:
    verdict, text = _verify("other_consortium_unconfirmed", "--lang", "en")
    carried = json.loads(
        (CORPUS / "other_consortium_unconfirmed" / "proof.cunzheng.json").read_text()
    )
    own = Genesis.from_json(carried["chain"]["genesis"]).hash().hex()
    assert verdict["verdict"] == "unconfirmed"
    assert verdict["record"]["genesis_hash"] == own != REAL_GENESIS.hash().hex()  # type: ignore[index]
    assert own in text and REAL_GENESIS.hash().hex() not in text


def test_a_version_1_bundle_naming_the_real_genesis_hash_shows_no_hash() -> None:
    bundle = json.loads((CORPUS / "legacy_other_consortium" / "proof.cunzheng.json").read_text())
    assert bundle["chain"]["genesis_hash"] == REAL_GENESIS.hash().hex()  # the attack
    for language in ("en", "zh"):
        verdict, text = _verify("legacy_other_consortium", "--lang", language)
        assert verdict["record"]["genesis_hash"] is None  # type: ignore[index]
        assert verdict["notices"] == ["genesis_not_carried"]
        assert (
            REAL_GENESIS.hash().hex() not in text
            and REAL_GENESIS.hash().hex() not in json.dumps(verdict)
        )
    assert (
        "does not carry its genesis file" in _verify("legacy_other_consortium", "--lang", "en")[1]
    )


def test_the_real_genesis_unmasks_both() -> None:
    assert _verify("other_consortium")[0]["reason"] == "wrong_genesis"
    assert _verify("legacy_other_consortium_real_genesis")[0]["reason"] == "validators_mismatch"
    assert _verify("other_consortium_real_genesis")[0]["reason"] == "validators_mismatch"
