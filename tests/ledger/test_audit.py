"""Tests for ledger/replay.py and ledger/audit.py: replaying a ledger, resuming from a saved
state, and comparing several sources.

Chains are built in memory (no store): each block's root comes from merkle.root_from_leaves
over every leaf so far, and each commit is signed by the fixed test notaries, so a corrupted
block can be signed too, to reach the one check that must catch it.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import msgpack
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cunzheng.ledger import merkle
from cunzheng.ledger.audit import CrossCheck, LedgerRewritten, state_from_json, state_to_json
from cunzheng.ledger.block import ZERO_HASH, Block, Commit, CommitSignature, Header
from cunzheng.ledger.checkpoint import sign_checkpoint
from cunzheng.ledger.compact import root_of_compact_range
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import ChainBroken, DecodeError
from cunzheng.ledger.finality import checkpoint_of, precommit_for, verify_commit
from cunzheng.ledger.hashing import leaf_hash
from cunzheng.ledger.keys import ENTRY_SIGNATURE_TAG, VOTE_SIGNATURE_TAG, NodeKey
from cunzheng.ledger.replay import Replayer, ReplayError, submitter_signatures
from cunzheng.ledger.validators import Genesis
from tests.support.chain_factory import GENESIS_TIME_MS, make_genesis, notary_keys, sample_entry

KEYS = notary_keys(4)
GENESIS = make_genesis(KEYS)
BY_PUBLIC_KEY = {key.public_key: key for key in KEYS}
SIGNERS = [BY_PUBLIC_KEY[v.public_key] for v in GENESIS.validator_set.validators]


@dataclass
class Chain:
    """Blocks with commits, built in memory; `leaves` are every entry encoding so far."""

    blocks: list[tuple[Block, Commit]]
    leaves: list[bytes]

    def next_block(
        self, entries: Sequence[bytes], *, signers: Sequence[int] = (0, 1, 2, 3), **changes: Any
    ) -> tuple[Block, Commit]:
        """The next block holding `entries` (a header field may be overridden), signed."""
        previous = self.blocks[-1] if self.blocks else None
        height = len(self.blocks) + 1
        leaves = self.leaves + list(entries)
        header = Header(
            chain_id=GENESIS.chain_id,
            height=height,
            time_ms=GENESIS_TIME_MS + 1000 * height,
            prev_hash=ZERO_HASH if previous is None else previous[0].header.hash(),
            proposer=SIGNERS[0].public_key,
            entries_count=len(entries),
            ledger_size=len(leaves),
            ledger_root=merkle.root_from_leaves([leaf_hash(data) for data in leaves]),
            validators_hash=GENESIS.validator_set.hash(),
            next_validators_hash=GENESIS.validator_set.hash(),
            last_commit_hash=ZERO_HASH if previous is None else previous[1].hash(),
        )
        header = replace(header, **changes)
        last_commit = None if previous is None else previous[1]
        return Block(header, last_commit, tuple(entries)), sign(header, signers)

    def append(self, entries: Sequence[bytes], **changes: Any) -> "Chain":
        """This chain with one more block (a new object; the original is unchanged)."""
        block = self.next_block(entries, **changes)
        return Chain([*self.blocks, block], self.leaves + list(entries))


def sign(header: Header, signers: Sequence[int]) -> Commit:
    """A commit for `header` by the validators at these indexes."""
    signatures = []
    for index in signers:
        key = SIGNERS[index]
        vote = precommit_for(header, 0, index)
        signatures.append(
            CommitSignature(
                index,
                key.sign(VOTE_SIGNATURE_TAG, vote.signed_payload()),
                sign_checkpoint(checkpoint_of(header), key).signature,
            )
        )
    return Commit(header.height, 0, header.hash(), tuple(signatures))


def entries(first: int, count: int) -> list[bytes]:
    return [sample_entry(n).encode() for n in range(first, first + count)]


def build(block_sizes: Sequence[int]) -> Chain:
    chain = Chain([], [])
    for size in block_sizes:
        chain = chain.append(entries(len(chain.leaves), size))
    return chain


CLEAN = build([3, 5, 0, 8, 1, 4])


def replay(blocks: Sequence[tuple[Block, Commit]], replayer: Replayer | None = None) -> Replayer:
    replayer = replayer or Replayer(GENESIS)
    for block, commit in blocks:
        replayer.apply(block, commit)
    return replayer


def failure(blocks: Sequence[tuple[Block, Commit]]) -> ReplayError:
    with pytest.raises(ReplayError) as caught:
        replay(blocks)
    return caught.value


def test_a_clean_chain_replays_to_its_last_root() -> None:
    replayer = replay(CLEAN.blocks)
    tip = CLEAN.blocks[-1][0].header
    assert (replayer.height, replayer.ledger_size, replayer.tip) == (6, 21, tip)
    state, entry_ids = replayer.snapshot()
    assert root_of_compact_range(state.compact_range) == tip.ledger_root
    assert sorted(entry_ids[i : i + 32] for i in range(0, len(entry_ids), 32)) == sorted(
        leaf_hash(data) for data in CLEAN.leaves
    )


def test_an_edited_entry_gives_another_root() -> None:
    block, commit = CLEAN.blocks[3]
    edited = (sample_entry(999).encode(), *block.entries[1:])
    error = failure([*CLEAN.blocks[:3], (replace(block, entries=edited), commit)])
    assert (error.height, error.check) == (4, "ledger_root")
    assert "an entry of this block was altered, added or removed" in str(error)
    assert block.header.ledger_root.hex() in str(error)


def test_a_forged_commit_signature_is_caught() -> None:
    block, commit = CLEAN.blocks[1]
    first = commit.signatures[0]
    forged = replace(first, vote_signature=bytes(64))
    bad = replace(commit, signatures=(forged, *commit.signatures[1:]))
    error = failure([CLEAN.blocks[0], (block, bad)])
    assert (error.height, error.check) == (2, "commit")
    assert "signature of validator" in str(error)
    assert "does not verify" in str(error)


def test_a_commit_without_quorum_is_caught() -> None:
    chain = build([2])
    block, _ = chain.next_block(entries(2, 2))
    error = failure([*chain.blocks, (block, sign(block.header, [0, 1]))])
    assert (error.height, error.check) == (2, "commit")
    assert "more than 2/3 is needed" in str(error)


def test_a_signed_header_with_the_wrong_prev_hash_is_caught() -> None:
    chain = build([2, 2])
    bad = chain.next_block(entries(4, 1), prev_hash=b"\x07" * 32)
    error = failure([*chain.blocks, bad])
    assert (error.height, error.check) == (3, "prev_hash")
    assert f"expected {chain.blocks[-1][0].header.hash().hex()}" in str(error)


def test_a_missing_block_is_a_gap() -> None:
    error = failure([CLEAN.blocks[0], CLEAN.blocks[1], CLEAN.blocks[3]])
    assert (error.height, error.check) == (3, "height")
    assert "block 3 is missing: the source went on with block 4" in str(error)
    again = failure([CLEAN.blocks[0], CLEAN.blocks[1], CLEAN.blocks[1]])
    assert "sent block 2 again after block 2" in str(again)


def test_an_entry_committed_twice_is_caught() -> None:
    chain = build([3, 2])
    repeated = chain.next_block([entries(10, 1)[0], chain.leaves[1]])
    error = failure([*chain.blocks, repeated])
    assert (error.height, error.check) == (3, "duplicate_entry")
    assert f"entry {leaf_hash(chain.leaves[1]).hex()} at leaf index 6" in str(error)
    assert "in an earlier block" in str(error)
    twice_in_block = chain.next_block([entries(10, 1)[0], entries(10, 1)[0]])
    error = failure([*chain.blocks, twice_in_block])
    assert "at leaf index 6 is also earlier in this block" in str(error)


def test_time_going_backwards_is_caught() -> None:
    chain = build([1, 1])
    earlier = chain.blocks[-1][0].header.time_ms
    error = failure([*chain.blocks, chain.next_block(entries(2, 1), time_ms=earlier)])
    assert (error.height, error.check) == (3, "time")
    assert f"{earlier} ms: time went backwards" in str(error)


@pytest.mark.parametrize(
    ("changes", "check"),
    [
        ({"chain_id": "another-chain"}, "chain_id"),
        ({"validators_hash": b"\x05" * 32}, "validators_hash"),
        ({"proposer": b"\x06" * 32}, "proposer"),
        ({"ledger_size": 99}, "ledger_size"),
        ({"last_commit_hash": b"\x08" * 32}, "last_commit_hash"),
    ],
)
def test_each_header_field_is_checked(changes: dict[str, Any], check: str) -> None:
    chain = build([1])
    error = failure([*chain.blocks, chain.next_block(entries(1, 1), **changes)])
    assert (error.height, error.check) == (2, check)


def test_a_carried_last_commit_that_does_not_verify_is_caught() -> None:
    chain = build([1])
    block, _ = chain.next_block(entries(1, 1))
    short = replace(chain.blocks[0][1], signatures=chain.blocks[0][1].signatures[:2])
    header = replace(block.header, last_commit_hash=short.hash())
    carried = Block(header, short, block.entries)
    error = failure([*chain.blocks, (carried, sign(header, (0, 1, 2, 3)))])
    assert (error.height, error.check) == (2, "last_commit")


def test_a_non_canonical_entry_is_named_by_leaf_index() -> None:
    unsorted = msgpack.packb([1, bytes(32), "sha256", "", {"b": "1", "a": "2"}, None, None, None])
    chain = build([2])
    error = failure([*chain.blocks, chain.next_block([entries(5, 1)[0], unsorted])])
    assert (error.height, error.check) == (2, "entry_encoding")
    assert "the entry at leaf index 3 is not canonical: map keys are not sorted" in str(error)


def signed_entry(number: int, key: NodeKey) -> Entry:
    entry = sample_entry(number, meta={"case": "A-1"})
    signature = key.sign(ENTRY_SIGNATURE_TAG, entry.payload_to_sign(key.public_key))
    return entry.with_signature(key.public_key, signature)


def test_submitter_signatures_are_verified() -> None:
    good = signed_entry(1, KEYS[0])
    bad = replace(signed_entry(2, KEYS[0]), signature=good.signature)
    chain = build([1]).append([good.encode()])
    assert replay(chain.blocks).height == 2
    error = failure([*chain.blocks, chain.next_block([bad.encode()])])
    assert (error.height, error.check) == (3, "entry_signature")
    assert "the entry at leaf index 2: cunzheng/entry/v1 signature does not verify" in str(error)


def test_a_failed_block_leaves_the_replayer_unchanged() -> None:
    replayer = replay(CLEAN.blocks[:2])
    block, commit = CLEAN.blocks[2]
    before = replayer.snapshot()
    with pytest.raises(ReplayError):
        replayer.apply(block, replace(commit, signatures=commit.signatures[:1]))
    assert replayer.snapshot() == before
    replayer.apply(block, commit)
    assert replayer.height == 3


def saved(replayer: Replayer) -> tuple[dict[str, Any], bytes]:
    state, entry_ids = replayer.snapshot()
    return json.loads(json.dumps(state_to_json(state))), entry_ids


def resumed(document: dict[str, Any], entry_ids: bytes) -> Replayer:
    return Replayer(GENESIS, state_from_json(document), entry_ids)


def test_a_resumed_replay_ends_where_a_full_one_does() -> None:
    full = saved(replay(CLEAN.blocks))[0]
    document, entry_ids = saved(replay(CLEAN.blocks[:3]))
    assert (document["height"], document["ledger_size"]) == (3, 8)
    assert document["last_time_ms"] == CLEAN.blocks[2][0].header.time_ms
    replayer = resumed(document, entry_ids)
    assert replayer.is_tip(CLEAN.blocks[2][0].header)
    finished = saved(replay(CLEAN.blocks[3:], replayer))[0]
    assert finished.pop("entry_ids_sha256") and full.pop("entry_ids_sha256")
    assert finished == full


def test_a_resumed_replay_still_refuses_an_entry_from_before_the_state() -> None:
    chain = build([2, 2])
    document, entry_ids = saved(replay(chain.blocks))
    with pytest.raises(ReplayError, match="duplicate_entry"):
        resumed(document, entry_ids).apply(*chain.next_block([chain.leaves[0]]))


def test_a_ledger_rewritten_after_the_saved_state_is_detected() -> None:
    document, entry_ids = saved(replay(CLEAN.blocks[:3]))
    rewritten = build([3]).append(entries(100, 5)).append([])
    check = CrossCheck(GENESIS, ["same", "rewritten"], state_from_json(document), entry_ids)
    check.verify_tip("same", CLEAN.blocks[2][0].header)
    check.verify_tip("rewritten", rewritten.blocks[2][0].header)
    assert check.live() == ["same"]
    error = check.failures["rewritten"]
    assert isinstance(error, LedgerRewritten)
    assert (error.height, error.check) == (3, "saved_state")
    assert (error.saved, error.found) == (CLEAN.blocks[2][0].header, rewritten.blocks[2][0].header)
    assert "the ledger was rewritten after your last audit" in str(error)
    assert CLEAN.blocks[2][0].header.hash().hex() in str(error)
    assert rewritten.blocks[2][0].header.hash().hex() in str(error)
    assert not resumed(document, entry_ids).is_tip(rewritten.blocks[2][0].header)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("height", 4),
        ("ledger_size", 9),
        ("tip_hash", "00" * 32),
        ("last_time_ms", 1),
        ("compact_range", ["00" * 32]),
        ("format", "something-else"),
    ],
)
def test_an_edited_state_file_is_refused(field: str, value: Any) -> None:
    document, _ = saved(replay(CLEAN.blocks[:3]))
    with pytest.raises(DecodeError):
        state_from_json({**document, field: value})


def test_a_state_needs_its_own_entry_ids_and_chain() -> None:
    document, entry_ids = saved(replay(CLEAN.blocks[:3]))
    with pytest.raises(DecodeError, match="entry ids file is not the one"):
        resumed(document, entry_ids[32:] + entry_ids[:32][::-1])
    other = Genesis(GENESIS.chain_id, GENESIS_TIME_MS + 1, GENESIS.validator_set, {})
    with pytest.raises(ChainBroken, match="the audit state is for chain"):
        Replayer(other, state_from_json(document), entry_ids)


def _decode_or_none(data: bytes) -> Entry | None:
    try:
        return Entry.decode(data)
    except DecodeError:
        return None


ENTRY_ENCODINGS = [
    sample_entry(1).encode(),
    sample_entry(2, kind="chat", meta={"a": "1", "b": "2"}).encode(),
    signed_entry(3, KEYS[1]).encode(),
    Entry(bytes(64), alg="sha512", client_time_ms=2**40).encode(),
]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(ENTRY_ENCODINGS),
    st.integers(min_value=0, max_value=200),
    st.integers(min_value=0, max_value=255),
    st.sampled_from(["flip", "cut", "append"]),
)
def test_the_fast_entry_check_accepts_exactly_what_entry_decode_does(
    data: bytes, position: int, value: int, mutation: str
) -> None:
    position %= len(data)
    if mutation == "flip":
        data = data[:position] + bytes([value]) + data[position + 1 :]
    elif mutation == "cut":
        data = data[:position]
    else:
        data = data + bytes([value])
    # Once with no shape known, once with the shapes of every valid sample known.
    known: set[bytes] = set()
    submitter_signatures(ENTRY_ENCODINGS, 0, known)
    assert len(known) == 3  # the signed sample's shape is not kept: signatures are unique
    for shapes in (None, known):
        entry = _decode_or_none(data)
        if entry is None:
            with pytest.raises(DecodeError):
                submitter_signatures([sample_entry(0).encode(), data], 7, shapes)
            continue
        signed = submitter_signatures([sample_entry(0).encode(), data], 7, shapes)
        if entry.signature is None:
            assert signed == []
        else:
            assert signed == [(8, entry.submitter, entry.signed_payload(), entry.signature)]


@pytest.mark.parametrize(
    "fields",
    [
        [1, bytes(32), "sha256", "", {}, None, None, None],
        [1, bytes(32), "sm3", "x" * 64, {"k": "v"}, 0, None, None],
        [2, bytes(32), "sha256", "", {}, None, None, None],
        [1, bytes(31), "sha256", "", {}, None, None, None],
        [1, bytes(32), "md5", "", {}, None, None, None],
        [1, bytes(32), "sha256", "x" * 65, {}, None, None, None],
        [1, bytes(32), "sha256", "", {"k": 1}, None, None, None],
        [1, bytes(32), "sha256", "", {"k": "v" * 1100}, None, None, None],
        [1, bytes(32), "sha256", "", {}, -1, None, None],
        [1, bytes(32), "sha256", "", {}, True, None, None],
        [1, bytes(32), "sha256", "", {}, 2**63, None, None],
        [1, bytes(32), "sha256", "", {}, 1.5, None, None],
        [1, bytes(32), "sha256", "", {}, None, bytes(32), None],
        [1, bytes(32), "sha256", "", {}, None, None, bytes(64)],
        [1, bytes(32), "sha256", "", {}, None, bytes(32), bytes(63)],
        [1, bytes(32), "sha256", b"kind", {}, None, None, None],
        [1, "digest", "sha256", "", {}, None, None, None],
        [1, bytes(32), "sha256", "", {b"k": "v"}, None, None, None],
        [1, bytes(32), "sha256", "", {}, None, None],
    ],
)
def test_the_fast_entry_check_agrees_on_each_field(fields: list[Any]) -> None:
    data = msgpack.packb(fields)
    if _decode_or_none(data) is None:
        with pytest.raises(DecodeError):
            submitter_signatures([data])
    else:
        assert submitter_signatures([data]) == []


# CrossCheck ---------------------------------------------------------------------------------


def cross_check(sources: dict[str, Sequence[tuple[Block, Commit]]]) -> CrossCheck:
    check = CrossCheck(GENESIS, list(sources))
    iterators = {name: iter(blocks) for name, blocks in sources.items()}
    while check.live():
        offered = {}
        for name in check.live():
            item = next(iterators[name], None)
            if item is None:
                check.finish(name)
            else:
                offered[name] = item
        check.step(offered)
    return check


def test_sources_that_agree_share_one_replay() -> None:
    other_quorum = [(block, sign(block.header, (1, 2, 3))) for block, _ in CLEAN.blocks]
    check = cross_check({"a": CLEAN.blocks, "b": other_quorum, "c": CLEAN.blocks[:4]})
    assert (check.failures, check.divergence) == ({}, None)
    assert len(check.replayers()) == 1
    assert (check.blocks_replayed, check.entries_replayed) == (6, 21)
    heights = {name: tip.height if tip else 0 for name, tip in check.tips.items()}
    assert heights == {"a": 6, "b": 6, "c": 4}


def test_a_fork_is_reported_with_both_signed_headers() -> None:
    base = build([2])
    fork_a = base.append(entries(10, 2)).append(entries(20, 1))
    fork_b = base.append(entries(30, 3))
    check = cross_check({"a": fork_a.blocks, "b": fork_b.blocks, "c": fork_a.blocks})
    assert check.failures == {}
    divergence = check.divergence
    assert divergence is not None and divergence.height == 2
    versions = {v.sources: v for v in divergence.versions}
    assert set(versions) == {("a", "c"), ("b",)}
    assert versions[("b",)].header == fork_b.blocks[1][0].header
    assert versions[("b",)].commit == fork_b.blocks[1][1]
    document = divergence.to_json()
    assert document["versions"][0]["header_bytes"] == fork_a.blocks[1][0].header.encode().hex()
    assert {tip.height for tip in check.tips.values() if tip} == {3, 2}


def test_a_corrupt_source_fails_alone() -> None:
    block, commit = CLEAN.blocks[3]
    corrupt = [*CLEAN.blocks[:3], (block, replace(commit, signatures=commit.signatures[:1]))]
    edited = replace(block, entries=(*block.entries[:-1], sample_entry(99).encode()))
    bad_block = [*CLEAN.blocks[:3], (edited, commit), *CLEAN.blocks[4:]]
    check = cross_check({"good": CLEAN.blocks, "bad_commit": corrupt, "bad_block": bad_block})
    assert check.divergence is None
    assert set(check.failures) == {"bad_commit", "bad_block"}
    assert (check.failures["bad_commit"].height, check.failures["bad_commit"].check) == (
        4,
        "commit",
    )
    assert check.failures["bad_block"].check == "ledger_root"
    assert check.tips["good"] == CLEAN.blocks[-1][0].header


def test_one_bad_commit_does_not_fail_a_source_holding_the_same_block() -> None:
    block, commit = CLEAN.blocks[0]
    short = replace(commit, signatures=commit.signatures[:2])
    fork = build([1]).blocks[0]
    check = cross_check({"short": [(block, short)], "good": [(block, commit)], "fork": [fork]})
    assert set(check.failures) == {"short"}
    assert check.tips["good"] == block.header
    assert check.divergence is not None
    versions = {v.sources: v for v in check.divergence.versions}
    assert set(versions) == {("good",), ("fork",)}
    assert versions[("good",)].commit == commit  # the evidence holds the commit that verifies


def test_every_header_field_of_the_fork_evidence_is_signed() -> None:
    # The evidence's commit verifies against the evidence's header: a judge can check it.
    base = build([1])
    fork_a, fork_b = base.append(entries(5, 1)), base.append(entries(6, 1))
    check = cross_check({"a": fork_a.blocks, "b": fork_b.blocks})
    assert check.divergence is not None
    for version in check.divergence.versions:
        verify_commit(version.commit, version.header, GENESIS.validator_set)
