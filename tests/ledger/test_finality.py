"""Tests for ledger/finality.py: a commit finalizes a block only with a quorum of precommits,
each carrying a valid vote signature and a valid C2SP checkpoint signature."""

import base64
from dataclasses import replace
from itertools import combinations
from typing import Any

import pytest

from cunzheng.ledger.block import PRECOMMIT, Commit, CommitSignature, Header
from cunzheng.ledger.checkpoint import SignedCheckpoint, sign_checkpoint, verified_signers
from cunzheng.ledger.errors import ChainBroken, SignatureError
from cunzheng.ledger.finality import checkpoint_of, precommit_for, signed_checkpoint, verify_commit
from cunzheng.ledger.keys import PROPOSAL_SIGNATURE_TAG, VOTE_SIGNATURE_TAG, NodeKey
from cunzheng.ledger.validators import Validator, ValidatorSet

CHAIN_ID = "test-chain"
# Fixed seeds: notary i (i = 1..4) has seed bytes([i]) * 32, so every run signs the same bytes.
KEYS = tuple(NodeKey.from_seed(f"notary-{i}", bytes([i]) * 32) for i in range(1, 5))


def validator_set(keys: tuple[NodeKey, ...], powers: tuple[int, ...]) -> ValidatorSet:
    return ValidatorSet.of(
        [
            Validator(key.name, key.public_key, power)
            for key, power in zip(keys, powers, strict=True)
        ]
    )


def keys_in_index_order(validators: ValidatorSet) -> list[NodeKey]:
    by_public_key = {key.public_key: key for key in KEYS}
    return [by_public_key[v.public_key] for v in validators.validators]


VALIDATORS = validator_set(KEYS, (1, 1, 1, 1))
SIGNERS = keys_in_index_order(VALIDATORS)


def make_header(validators: ValidatorSet = VALIDATORS, **changes: Any) -> Header:
    header = Header(
        chain_id=CHAIN_ID,
        height=5,
        time_ms=1_700_000_000_000,
        prev_hash=b"\x01" * 32,
        proposer=SIGNERS[0].public_key,
        entries_count=3,
        ledger_size=10,
        ledger_root=b"\x02" * 32,
        validators_hash=validators.hash(),
        next_validators_hash=validators.hash(),
        last_commit_hash=b"\x03" * 32,
    )
    return replace(header, **changes)


HEADER = make_header()


def precommit(header: Header, index: int, key: NodeKey, commit_round: int = 0) -> CommitSignature:
    """Validator `index`'s precommit for `header`, signed as consensus signs it."""
    vote = precommit_for(header, commit_round, index)
    return CommitSignature(
        index,
        key.sign(VOTE_SIGNATURE_TAG, vote.signed_payload()),
        key.sign_message(checkpoint_of(header).body().encode()),
    )


def commit_by(
    indices: tuple[int, ...],
    header: Header = HEADER,
    signers: list[NodeKey] = SIGNERS,
    commit_round: int = 0,
) -> Commit:
    return Commit(
        header.height,
        commit_round,
        header.hash(),
        tuple(precommit(header, i, signers[i], commit_round) for i in indices),
    )


def flip_bit(data: bytes, bit: int) -> bytes:
    changed = bytearray(data)
    changed[bit // 8] ^= 1 << (bit % 8)
    return bytes(changed)


def test_precommit_and_checkpoint_of_header() -> None:
    vote = precommit_for(HEADER, 2, 3)
    assert (vote.type, vote.chain_id, vote.height, vote.round) == (PRECOMMIT, CHAIN_ID, 5, 2)
    assert (vote.block_hash, vote.validator_index) == (HEADER.hash(), 3)
    checkpoint = checkpoint_of(HEADER)
    root = base64.b64encode(b"\x02" * 32).decode()
    assert checkpoint.body() == f"cunzheng/{CHAIN_ID}\n10\n{root}\n"


@pytest.mark.parametrize("indices", [*combinations(range(4), 3), (0, 1, 2, 3)])
def test_three_or_four_of_four_finalize(indices: tuple[int, ...]) -> None:
    verify_commit(commit_by(indices), HEADER, VALIDATORS)


@pytest.mark.parametrize("indices", [(0,), (3,), (0, 1), (1, 3), (2, 3)])
def test_two_of_four_is_no_quorum(indices: tuple[int, ...]) -> None:
    with pytest.raises(ChainBroken, match=f"holds power {len(indices)} of 4; more than 2/3"):
        verify_commit(commit_by(indices), HEADER, VALIDATORS)


def test_exactly_two_thirds_is_no_quorum() -> None:
    three = validator_set(KEYS[:3], (1, 1, 1))
    header = make_header(three)
    signers = keys_in_index_order(three)
    with pytest.raises(ChainBroken, match="holds power 2 of 3"):
        verify_commit(commit_by((0, 1), header, signers), header, three)
    verify_commit(commit_by((0, 1, 2), header, signers), header, three)


def replace_signature(commit: Commit, position: int, **changes: Any) -> Commit:
    signatures = list(commit.signatures)
    signatures[position] = replace(signatures[position], **changes)
    return replace(commit, signatures=tuple(signatures))


@pytest.mark.parametrize("bit", [0, 300, 511])
@pytest.mark.parametrize("field", ["vote_signature", "checkpoint_signature"])
def test_forged_signature_fails(field: str, bit: int) -> None:
    commit = commit_by((0, 1, 2, 3))
    forged_signature = flip_bit(getattr(commit.signatures[1], field), bit)
    forged = replace_signature(commit, 1, **{field: forged_signature})
    # A bad signature is an attack, not noise: it fails even though the others are a quorum.
    with pytest.raises(SignatureError, match=f"signature of validator {SIGNERS[1].name}"):
        verify_commit(forged, HEADER, VALIDATORS)


def test_signatures_bound_to_signer_purpose_round_and_checkpoint() -> None:
    commit = commit_by((0, 1, 2))
    vote_payload = precommit_for(HEADER, 0, 1).signed_payload()
    body = checkpoint_of(HEADER).body().encode()
    cases = {
        "another validator's vote signature": {
            "vote_signature": commit.signatures[0].vote_signature
        },
        "another validator's checkpoint signature": {
            "checkpoint_signature": commit.signatures[2].checkpoint_signature
        },
        "vote and checkpoint signatures swapped": {
            "vote_signature": commit.signatures[1].checkpoint_signature,
            "checkpoint_signature": commit.signatures[1].vote_signature,
        },
        "vote signed with the proposal tag": {
            "vote_signature": SIGNERS[1].sign(PROPOSAL_SIGNATURE_TAG, vote_payload)
        },
        "vote signed without a tag": {"vote_signature": SIGNERS[1].sign_message(vote_payload)},
        "vote signed for round 1": {
            "vote_signature": SIGNERS[1].sign(
                VOTE_SIGNATURE_TAG, precommit_for(HEADER, 1, 1).signed_payload()
            )
        },
        "vote signed as validator index 0": {
            "vote_signature": SIGNERS[1].sign(
                VOTE_SIGNATURE_TAG, precommit_for(HEADER, 0, 0).signed_payload()
            )
        },
        "checkpoint of another size": {
            "checkpoint_signature": SIGNERS[1].sign_message(
                checkpoint_of(replace(HEADER, ledger_size=11)).body().encode()
            )
        },
        "checkpoint body without its final newline": {
            "checkpoint_signature": SIGNERS[1].sign_message(body[:-1])
        },
    }
    for name, changes in cases.items():
        with pytest.raises(SignatureError, match="does not verify"):
            verify_commit(replace_signature(commit, 1, **changes), HEADER, VALIDATORS)
            pytest.fail(f"accepted: {name}")


def test_commit_round_is_the_round_signed() -> None:
    commit = commit_by((0, 1, 2), commit_round=7)
    verify_commit(commit, HEADER, VALIDATORS)
    with pytest.raises(SignatureError):
        verify_commit(replace(commit, round=6), HEADER, VALIDATORS)


def test_commit_for_another_block_fails() -> None:
    other = make_header(time_ms=HEADER.time_ms + 1)
    with pytest.raises(ChainBroken, match="commit is for height 5 block"):
        verify_commit(commit_by((0, 1, 2), header=other), HEADER, VALIDATORS)
    with pytest.raises(ChainBroken, match="expected height 5"):
        verify_commit(replace(commit_by((0, 1, 2)), block_hash=bytes(32)), HEADER, VALIDATORS)


def test_commit_for_another_height_fails() -> None:
    with pytest.raises(ChainBroken, match=r"commit is for height 6 .* expected height 5"):
        verify_commit(replace(commit_by((0, 1, 2)), height=6), HEADER, VALIDATORS)
    taller = make_header(height=6)
    with pytest.raises(ChainBroken, match="commit is for height 6"):
        verify_commit(commit_by((0, 1, 2), header=taller), HEADER, VALIDATORS)


def test_validator_index_out_of_range_fails() -> None:
    commit = commit_by((0, 1, 2))
    out_of_range = CommitSignature(4, bytes(64), bytes(64))
    with pytest.raises(ChainBroken, match="validator index 4, not in set"):
        verify_commit(
            replace(commit, signatures=(*commit.signatures, out_of_range)), HEADER, VALIDATORS
        )


def test_wrong_validator_set_fails() -> None:
    commit = commit_by((0, 1, 2, 3))
    other_powers = validator_set(KEYS, (1, 1, 1, 2))
    with pytest.raises(ChainBroken, match="names validator set"):
        verify_commit(commit, HEADER, other_powers)
    three_of_them = validator_set(KEYS[:3], (1, 1, 1))
    with pytest.raises(ChainBroken, match="names validator set"):
        verify_commit(commit, HEADER, three_of_them)


def weighted(powers: tuple[int, ...]) -> tuple[ValidatorSet, Header, list[NodeKey], int]:
    """A set with these powers for KEYS, its header, its signers, and the heaviest's index."""
    validators = validator_set(KEYS, powers)
    heaviest = max(range(4), key=lambda i: validators.validators[i].power)
    return validators, make_header(validators), keys_in_index_order(validators), heaviest


def test_weighted_power_1_1_1_3() -> None:
    # Total 6: a quorum needs more than 4, so the power-3 validator and one other (4 = exactly
    # 2/3) are not enough; with two others (5) they are; three power-1 validators (3) are not.
    validators, header, signers, heavy = weighted((1, 1, 1, 3))
    light = [i for i in range(4) if i != heavy]
    with pytest.raises(ChainBroken, match="holds power 4 of 6"):
        verify_commit(
            commit_by(tuple(sorted((heavy, light[0]))), header, signers), header, validators
        )
    verify_commit(
        commit_by(tuple(sorted((heavy, *light[:2]))), header, signers), header, validators
    )
    with pytest.raises(ChainBroken, match="holds power 3 of 6"):
        verify_commit(commit_by(tuple(light), header, signers), header, validators)


def test_weighted_power_1_1_1_4() -> None:
    # Total 7: the power-4 validator and any one other hold 5 > 14/3; the other three hold 3.
    validators, header, signers, heavy = weighted((1, 1, 1, 4))
    light = [i for i in range(4) if i != heavy]
    for other in light:
        commit = commit_by(tuple(sorted((heavy, other))), header, signers)
        verify_commit(commit, header, validators)
    with pytest.raises(ChainBroken, match="holds power 4 of 7"):
        verify_commit(commit_by((heavy,), header, signers), header, validators)
    with pytest.raises(ChainBroken, match="holds power 3 of 7"):
        verify_commit(commit_by(tuple(light), header, signers), header, validators)


def test_signed_checkpoint_parses_and_names_its_signers() -> None:
    commit = commit_by((0, 2, 3))
    verify_commit(commit, HEADER, VALIDATORS)
    note = signed_checkpoint(HEADER, commit, VALIDATORS)
    text = note.text()
    parsed = SignedCheckpoint.parse(text)
    assert parsed == note
    assert parsed.text() == text
    assert parsed.checkpoint == checkpoint_of(HEADER)
    assert text.startswith(checkpoint_of(HEADER).body() + "\n— ")
    # Signature lines in validator index order, the same lines each signer would write itself
    # (Ed25519 is deterministic, RFC 8032 §5.1.6).
    assert parsed.signatures == tuple(
        sign_checkpoint(checkpoint_of(HEADER), SIGNERS[i]) for i in (0, 2, 3)
    )
    known = {key.name: key.public_key for key in KEYS}
    assert verified_signers(parsed, known) == [SIGNERS[i].name for i in (0, 2, 3)]
    # A verifier that knows only some notaries counts only those.
    assert verified_signers(parsed, {SIGNERS[2].name: SIGNERS[2].public_key}) == [SIGNERS[2].name]
