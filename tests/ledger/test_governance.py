"""Governance entries: the change format, the rule that makes a change take effect, and the
validator history it gives the store, proof bundles and replay."""

from dataclasses import replace
from hashlib import sha256
from pathlib import Path

import pytest

from cunzheng.ledger.block import Block, Commit
from cunzheng.ledger.bundle import verify_bundle
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import ChainBroken, DecodeError
from cunzheng.ledger.governance import (
    MAX_DELAY,
    Change,
    ChangeProposal,
    GovernanceError,
    ValidatorHistory,
    replay_changes,
)
from cunzheng.ledger.keys import NodeKey
from cunzheng.ledger.replay import Replayer
from cunzheng.ledger.store import BlockStore
from cunzheng.ledger.validators import Validator, ValidatorSet
from tests.support.chain_factory import CHAIN_ID, build_chain, notary_keys, sample_entry
from tests.support.governance_chain import (
    NEW_KEY,
    ROTATED_B,
    adding_notary_new,
    change_of,
    grown_chain,
    signed,
)


def members(keys: tuple[NodeKey, ...]) -> list[Validator]:
    return [Validator(key.name, key.public_key, 1) for key in keys]


def four() -> tuple[ValidatorSet, tuple[NodeKey, ...]]:
    """Four notaries of power 1, and their keys in validator index order."""
    keys = notary_keys(4)
    validators = ValidatorSet.of(members(keys))
    by_key = {key.public_key: key for key in keys}
    return validators, tuple(by_key[v.public_key] for v in validators.validators)


# The change and its entry ------------------------------------------------------------------


def test_each_action_applies_to_the_set() -> None:
    validators, _ = four()
    added = change_of(validators, "add", "notary-new", NEW_KEY.public_key, 2).apply(validators)
    assert [v.name for v in added.validators if v.name == "notary-new"] == ["notary-new"]
    assert added.total_power == 6
    b = next(v for v in validators.validators if v.name == "notary-b")
    removed = change_of(validators, "remove", "notary-b", b.public_key).apply(validators)
    assert "notary-b" not in {v.name for v in removed.validators}
    powered = change_of(validators, "power", "notary-b", b.public_key, 5).apply(validators)
    assert powered.total_power == 8
    rotated = change_of(validators, "rotate", "notary-b", ROTATED_B.public_key).apply(validators)
    assert rotated.index_of(ROTATED_B.public_key) is not None
    assert rotated.index_of(b.public_key) is None


@pytest.mark.parametrize(
    ("action", "name", "power", "reason"),
    [
        ("add", "notary-a", 1, "already a validator"),
        ("remove", "notary-zz", 0, "not a validator"),
        ("power", "notary-zz", 3, "not a validator"),
        ("remove", "notary-a", 0, "another key"),  # the key named is notary-new's
    ],
)
def test_a_change_that_cannot_apply_is_refused(
    action: str, name: str, power: int, reason: str
) -> None:
    validators, _ = four()
    with pytest.raises(GovernanceError, match=reason):
        change_of(validators, action, name, NEW_KEY.public_key, power).apply(validators)


def test_removing_the_last_validator_is_refused() -> None:
    keys = notary_keys(1)
    validators = ValidatorSet.of(members(keys))
    with pytest.raises(GovernanceError, match="no valid validator set"):
        change_of(validators, "remove", keys[0].name, keys[0].public_key).apply(validators)


def test_a_proposal_round_trips_through_its_entry() -> None:
    validators, keys = four()
    proposal = signed(
        change_of(validators, "add", "notary-new", NEW_KEY.public_key, 1), validators, list(keys)
    )
    entry = proposal.entry()
    assert entry.kind == "governance" and entry.digest == sha256(proposal.change.payload()).digest()
    assert all(isinstance(value, str) for value in entry.meta.values())
    again = ChangeProposal.of_entry(Entry.decode(entry.encode()))
    assert again == proposal
    assert ChangeProposal.of_entry(Entry.from_json(entry.to_json())) == proposal


def test_a_governance_entry_fits_the_meta_limit_with_nine_signers() -> None:
    keys = notary_keys(10)
    validators = ValidatorSet.of(members(keys))
    change = change_of(validators, "add", "notary-new", NEW_KEY.public_key, 1)
    proposal = signed(change, validators, list(keys[:9]))
    assert ChangeProposal.of_entry(Entry.decode(proposal.entry().encode())) == proposal


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        ({"height": "04"}, "malformed"),
        ({"from": "zz"}, "malformed"),
        ({"change": "promote"}, "malformed"),
        ({"power": "x"}, "malformed"),
        ({"signatures": "!!"}, "malformed"),
        ({"extra": "1"}, "unknown keys"),
        ({"name": "notary-other"}, "digest is not SHA-256"),
    ],
)
def test_a_malformed_governance_entry_is_refused(edit: dict[str, str], reason: str) -> None:
    validators, keys = four()
    entry = signed(
        change_of(validators, "power", "notary-a", keys[0].public_key, 2), validators, [keys[0]]
    ).entry()
    with pytest.raises(GovernanceError, match=reason):
        ChangeProposal.of_entry(Entry(entry.digest, "sha256", "governance", {**entry.meta, **edit}))


def test_signing_with_a_key_outside_the_set_is_refused() -> None:
    validators, _ = four()
    with pytest.raises(GovernanceError, match="not a validator"):
        ChangeProposal(
            change_of(validators, "add", "notary-new", NEW_KEY.public_key, 1), {}
        ).signed_by(NEW_KEY, validators)


# The rule ------------------------------------------------------------------------------------


def test_a_change_needs_more_than_two_thirds_of_the_power() -> None:
    validators, keys = four()
    history = ValidatorHistory.starting(CHAIN_ID, validators)
    change = change_of(validators, "add", "notary-new", NEW_KEY.public_key, 1)
    with pytest.raises(GovernanceError, match="power 2 of 4"):
        history.check(signed(change, validators, list(keys[:2])), 2)
    assert history.check(signed(change, validators, list(keys[:3])), 2).total_power == 5


def test_a_forged_signature_is_caught() -> None:
    validators, keys = four()
    change = change_of(validators, "add", "notary-new", NEW_KEY.public_key, 1)
    good = signed(change, validators, list(keys[:3]))
    forged = ChangeProposal(change, {**good.signatures, 0: bytes(64)})
    with pytest.raises(GovernanceError, match="does not verify"):
        ValidatorHistory.starting(CHAIN_ID, validators).check(forged, 2)


@pytest.mark.parametrize(
    ("effective_height", "committed_at", "reason"),
    [(3, 2, "not between 4"), (2 + MAX_DELAY + 1, 2, "not between")],
)
def test_the_effective_height_must_leave_a_block_and_not_be_too_far(
    effective_height: int, committed_at: int, reason: str
) -> None:
    validators, keys = four()
    change = change_of(validators, "add", "notary-new", NEW_KEY.public_key, 1, effective_height)
    with pytest.raises(GovernanceError, match=reason):
        ValidatorHistory.starting(CHAIN_ID, validators).check(
            signed(change, validators, list(keys)), committed_at
        )


def test_one_change_at_a_time_and_each_names_the_set_in_force() -> None:
    validators, keys = four()
    first = signed(
        change_of(validators, "add", "notary-new", NEW_KEY.public_key, 1, 10),
        validators,
        list(keys),
    )
    history = ValidatorHistory.starting(CHAIN_ID, validators).after_block(2, [first.entry()])
    assert [epoch.since for epoch in history.epochs] == [1, 10]
    second = signed(
        change_of(validators, "power", "notary-a", keys[0].public_key, 3, 20),
        validators,
        list(keys),
    )
    with pytest.raises(GovernanceError, match="pending"):
        history.check(second, 5)
    with pytest.raises(GovernanceError, match="another validator set"):
        history.check(second, 10)  # notary-new is in force by then: the change names the old set


def test_a_change_for_another_chain_takes_no_effect() -> None:
    validators, keys = four()
    change = Change("other-chain", 5, validators.hash(), "add", "notary-new", NEW_KEY.public_key, 1)
    history = ValidatorHistory.starting(CHAIN_ID, validators)
    assert history.after_block(2, [signed(change, validators, list(keys)).entry()]) is history


def test_the_history_encoding_round_trips() -> None:
    validators, keys = four()
    entry = signed(
        change_of(validators, "add", "notary-new", NEW_KEY.public_key, 1, 9), validators, list(keys)
    ).entry()
    history = ValidatorHistory.starting(CHAIN_ID, validators).after_block(3, [entry])
    assert ValidatorHistory.decode(history.encode(), CHAIN_ID, validators) == history
    assert replay_changes(CHAIN_ID, validators, [(3, entry.encode())]) == history
    assert ValidatorHistory.from_json(CHAIN_ID, history.to_json()) == history
    lying = [{**item, "validators_hash": "00" * 32} for item in history.to_json()]
    with pytest.raises(DecodeError, match="is not its set's hash"):
        ValidatorHistory.from_json(CHAIN_ID, lying)
    with pytest.raises(DecodeError, match="at least the genesis set"):
        ValidatorHistory.from_json(CHAIN_ID, [])
    with pytest.raises(DecodeError):
        ValidatorHistory.decode(b"\x91\x01", CHAIN_ID, validators)


# A chain that changes its set ----------------------------------------------------------------


def test_the_store_follows_the_changes_and_keeps_them_across_reopening(tmp_path: Path) -> None:
    chain, _, _ = grown_chain(tmp_path / "store")
    store = chain.store
    assert [epoch.since for epoch in store.history.epochs] == [1, 4, 8]
    assert len(store.validators_at(3).validators) == 4
    assert len(store.validators_at(4).validators) == 5
    history = store.history
    chain.close()
    reopened = BlockStore.open(tmp_path / "store")
    try:
        assert reopened.history == history
    finally:
        reopened.close()


def test_a_block_naming_the_old_set_after_the_change_is_refused(tmp_path: Path) -> None:
    chain = build_chain(tmp_path / "store", [[sample_entry(0)]], validators=4)
    genesis_set = chain.store.next_validators
    chain.commit_block([adding_notary_new(chain)])
    chain.commit_block([sample_entry(1)])
    header = replace(
        chain._next_header([sample_entry(2)], None), validators_hash=genesis_set.hash()
    )
    signatures = tuple(chain._precommit(key, header, 0, i) for i, key in enumerate(chain.keys))
    block = Block(header, chain.store.commit(3), (sample_entry(2).encode(),))
    with pytest.raises(ChainBroken, match="validator set"):
        chain.store.append_block(block, Commit(4, 0, header.hash(), signatures), [sample_entry(2)])
    assert chain.store.height == 3
    chain.close()


def test_bundles_before_and_after_the_changes_verify_from_genesis_alone(tmp_path: Path) -> None:
    chain, add, rotate = grown_chain(tmp_path / "store")
    early, middle, late = sample_entry(0), sample_entry(4), sample_entry(7)
    bundles = [chain.bundle(entry) for entry in (early, middle, late)]
    assert [len(b["chain"]["governance"]) for b in bundles] == [0, 1, 2]
    signers = [verify_bundle(b, chain.genesis).signers for b in bundles]
    assert [len(names) for names in signers] == [4, 5, 5]
    assert "notary-new" in signers[2]
    # A bundle whose governance entries were removed claims a set its genesis does not give.
    stripped = {**bundles[2], "chain": {**bundles[2]["chain"], "governance": []}}
    with pytest.raises(ChainBroken, match="not the one its genesis") as mismatch:
        verify_bundle(stripped, chain.genesis)
    assert mismatch.value.reason_code == "validators_mismatch"
    # A governance entry with a signature removed no longer holds a quorum.
    proposal = ChangeProposal.of_entry(add)
    weak = ChangeProposal(proposal.change, dict(list(proposal.signatures.items())[:2])).entry()
    edited = [{"height": 2, "leaf": weak.encode().hex()}, bundles[2]["chain"]["governance"][1]]
    tampered = {**bundles[2], "chain": {**bundles[2]["chain"], "governance": edited}}
    with pytest.raises(ChainBroken, match="governance entry") as weakened:
        verify_bundle(tampered, chain.genesis)
    assert weakened.value.reason_code == "governance_invalid"
    assert rotate.kind == "governance"
    chain.close()


def test_replay_follows_the_changes_and_resumes_with_them(tmp_path: Path) -> None:
    chain, _, _ = grown_chain(tmp_path / "store")
    store = chain.store
    replayer = Replayer(chain.genesis)
    for height in range(1, 6):
        replayer.apply(store.block(height), store.commit(height))
    state, ids = replayer.snapshot()
    resumed = Replayer(chain.genesis, state, ids)
    for height in range(6, store.height + 1):
        resumed.apply(store.block(height), store.commit(height))
    assert resumed.history == store.history
    assert resumed.tip == store.tip
    chain.close()
