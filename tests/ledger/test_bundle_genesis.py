"""A proof bundle carries its genesis (version 2): the verdict's genesis hash is computed from
it and the signing set replayed from it; a version 1 bundle, which only names a hash, is
still checked, and gets no hash without a trusted genesis."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from cunzheng.ledger.bundle import verify_bundle
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.validators import Genesis
from tests.support.bundle_mutations import as_version_1, copied, with_carried_genesis
from tests.support.chain_factory import Chain, build_chain, make_genesis, notary_keys, sample_entry

ENTRY = sample_entry(1)


@pytest.fixture
def chain(tmp_path: Path) -> Iterator[Chain]:
    built = build_chain(tmp_path / "store", [[sample_entry(0), ENTRY]], validators=4)
    yield built
    built.close()


def test_a_bundle_carries_its_genesis_and_the_verdict_hashes_it(chain: Chain) -> None:
    bundle = chain.bundle(ENTRY)
    assert bundle["version"] == 2 and Genesis.from_json(bundle["chain"]["genesis"]) == chain.genesis
    assert set(bundle["chain"]) == {"genesis", "validators", "governance"}
    untrusted = verify_bundle(bundle)
    assert (untrusted.trusted, untrusted.genesis_hash) == (False, chain.genesis.hash())
    assert verify_bundle(bundle, chain.genesis).genesis_hash == chain.genesis.hash()


def test_a_carried_genesis_that_did_not_found_the_signers_is_refused(chain: Chain) -> None:
    refounded = make_genesis(notary_keys(3))  # the same chain id, another founding set
    with pytest.raises(LedgerError) as raised:
        verify_bundle(with_carried_genesis(chain.bundle(ENTRY), refounded))
    assert raised.value.reason_code == "validators_mismatch"


def test_a_version_1_bundle_is_still_checked_but_its_named_hash_is_not_given(
    chain: Chain,
) -> None:
    legacy = as_version_1(chain.bundle(ENTRY), genesis_hash=bytes(32))
    assert verify_bundle(legacy).genesis_hash is None
    with pytest.raises(LedgerError) as raised:
        verify_bundle(legacy, chain.genesis)  # the hash it names is not the trusted one
    assert raised.value.reason_code == "wrong_genesis"
    honest = as_version_1(chain.bundle(ENTRY))
    assert verify_bundle(honest, chain.genesis).genesis_hash == chain.genesis.hash()


@pytest.mark.parametrize(
    ("version", "chain_fields"),
    [(1, {"genesis"}), (2, {"chain_id", "genesis_hash"}), (3, {"genesis"}), (True, {"genesis"})],
)
def test_each_version_has_its_own_chain_fields(
    chain: Chain, version: object, chain_fields: set[str]
) -> None:
    bundle = copied(chain.bundle(ENTRY))
    bundle["version"] = version
    if chain_fields == {"chain_id", "genesis_hash"}:
        bundle["chain"] = as_version_1(bundle)["chain"]
    with pytest.raises(LedgerError) as raised:
        verify_bundle(bundle)
    assert raised.value.reason_code == "malformed_bundle"
