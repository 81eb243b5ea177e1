"""Tests for node/p2p/protocol.py: round trips, strict decoding, and the handshake payload."""

from collections.abc import Iterator
from hashlib import sha256
from pathlib import Path
from typing import Any

import msgpack
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cunzheng.ledger import encoding
from cunzheng.ledger.block import PRECOMMIT, Proposal, Vote
from cunzheng.ledger.errors import SignatureError
from cunzheng.ledger.finality import signed_checkpoint
from cunzheng.ledger.keys import NodeKey
from cunzheng.node.errors import PeerError
from cunzheng.node.p2p.protocol import (
    MAX_BLOCKS_PER_MESSAGE,
    MAX_ENTRIES_PER_MESSAGE,
    Auth,
    Blocks,
    CheckpointNote,
    Entries,
    GetBlocks,
    Hello,
    PeerMessage,
    ProposalMessage,
    Status,
    VoteMessage,
    auth_payload,
    decode_message,
    encode_message,
    entry_frames,
    sign_auth,
    verify_auth,
)
from tests.support.chain_factory import Chain, build_chain, sample_entry

LIMIT = 1 << 24
DIALER = NodeKey.from_seed("dialer", bytes([1] * 32))
LISTENER = NodeKey.from_seed("listener", bytes([2] * 32))
THIRD = NodeKey.from_seed("third", bytes([3] * 32))
GENESIS_HASH = bytes(range(32))


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chain]:
    """Three committed blocks signed by 4 validators."""
    path: Path = tmp_path_factory.mktemp("chain") / "store"
    built = build_chain(
        path, [[sample_entry(0), sample_entry(1)], [], [sample_entry(2)]], validators=4
    )
    yield built
    built.close()


def every_message(chain: Chain) -> list[PeerMessage]:
    store = chain.store
    block = store.block(3)
    proposal = Proposal("cunzheng-test", 3, 1, 0, block.header.hash(), block.header.time_ms, 2)
    vote = Vote(PRECOMMIT, "cunzheng-test", 3, 1, block.header.hash(), 2, bytes(64), bytes(64))
    note = signed_checkpoint(store.tip, store.commit(3), store.next_validators)  # type: ignore[arg-type]
    return [
        Hello("cunzheng-test", GENESIS_HASH, DIALER.public_key, bytes(32)),
        Auth(bytes(range(64))),
        Status(3, 3),
        ProposalMessage(proposal.signed(bytes(64)), block),
        VoteMessage(vote),
        Entries((sample_entry(7).encode(), sample_entry(8).encode())),
        CheckpointNote(note),
        GetBlocks(1, MAX_BLOCKS_PER_MESSAGE),
        Blocks(tuple((store.block(h), store.commit(h)) for h in (1, 2, 3))),
        Blocks(()),
    ]


def test_every_message_round_trips(chain: Chain) -> None:
    for message in every_message(chain):
        frame = encode_message(message)
        assert decode_message(frame, LIMIT) == message
        assert encode_message(decode_message(frame, LIMIT)) == frame


def test_frames_are_arrays_with_version_and_kind(chain: Chain) -> None:
    kinds = [encoding.unpack(encode_message(m), max_size=LIMIT)[:2] for m in every_message(chain)]
    assert [kind for _, kind in kinds] == [
        "hello",
        "auth",
        "status",
        "proposal",
        "vote",
        "entries",
        "checkpoint",
        "get_blocks",
        "blocks",
        "blocks",
    ]
    assert all(version == 1 for version, _ in kinds)


def frame_of(value: Any) -> bytes:
    return bytes(msgpack.packb(value, use_bin_type=True))


KEY, NONCE = DIALER.public_key, bytes(32)
BAD_FRAMES = {
    "not an array": frame_of({"kind": "status"}),
    "empty array": frame_of([]),
    "version 2": frame_of([2, "status", 1, 1]),
    "unknown kind": frame_of([1, "gossip", 1]),
    "kind as bytes": frame_of([1, b"status", 1, 1]),
    "missing field": frame_of([1, "status", 1]),
    "extra field": frame_of([1, "status", 1, 1, 1]),
    "negative height": frame_of([1, "status", -1, 0]),
    "str for bytes": frame_of([1, "auth", "ab" * 64]),
    "short signature": frame_of([1, "auth", bytes(63)]),
    "short nonce": frame_of([1, "hello", "c", GENESIS_HASH, KEY, bytes(31)]),
    "short key": frame_of([1, "hello", "c", GENESIS_HASH, bytes(31), NONCE]),
    "trailing bytes": frame_of([1, "status", 1, 1]) + b"\x00",
    "non-minimal int": bytes.fromhex("9401a6737461747573cd0001cd0001"),
    "float": frame_of([1, "status", 1.0, 1]),
    "boolean": frame_of([1, "status", True, 1]),
    "no entries": frame_of([1, "entries", []]),
    "entry not bytes": frame_of([1, "entries", ["x"]]),
    "entry too long": frame_of([1, "entries", [bytes(2049)]]),
    "too many entries": frame_of([1, "entries", [b"e"] * (MAX_ENTRIES_PER_MESSAGE + 1)]),
    "zero blocks asked": frame_of([1, "get_blocks", 1, 0]),
    "too many blocks asked": frame_of([1, "get_blocks", 1, MAX_BLOCKS_PER_MESSAGE + 1]),
    "height 0 asked": frame_of([1, "get_blocks", 0, 1]),
    "blocks not pairs": frame_of([1, "blocks", [[b"x"]]]),
    "block garbage": frame_of([1, "blocks", [[b"x", b"y"]]]),
    "vote garbage": frame_of([1, "vote", b"\x93\x01\x02\x03"]),
    "proposal garbage": frame_of([1, "proposal", b"\xc0", b"\xc0"]),
    "note not text": frame_of([1, "checkpoint", b"note"]),
    "note malformed": frame_of([1, "checkpoint", "cunzheng/c\n1\nAAAA\n"]),
    "malformed msgpack": b"\x94\x01\xa6status\xcd",
    "ext type": b"\x93\x01\xa6status\xd4\x01\x00",
}


@pytest.mark.parametrize("frame", BAD_FRAMES.values(), ids=BAD_FRAMES.keys())
def test_malformed_messages_raise_peer_error(frame: bytes) -> None:
    with pytest.raises(PeerError, match="malformed peer message"):
        decode_message(frame, LIMIT)


def test_messages_over_the_size_limit_are_refused_before_decoding() -> None:
    frame = encode_message(Entries((sample_entry(0).encode(),)))
    assert decode_message(frame, len(frame)) == Entries((sample_entry(0).encode(),))
    with pytest.raises(PeerError, match="limit"):
        decode_message(frame, len(frame) - 1)


def test_a_proposal_whose_block_is_altered_still_decodes_but_blocks_must_be_consecutive(
    chain: Chain,
) -> None:
    store = chain.store
    skipping = frame_of(
        [1, "blocks", [[store.block(h).encode(), store.commit(h).encode()] for h in (1, 3)]]
    )
    with pytest.raises(PeerError, match="not consecutive"):
        decode_message(skipping, LIMIT)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_decode_or_raise_peer_error(data: bytes) -> None:
    try:
        message = decode_message(data, LIMIT)
    except PeerError:
        return
    assert encode_message(message) == data


SMALL_MESSAGES: list[PeerMessage] = [
    Hello("cunzheng-test", GENESIS_HASH, KEY, NONCE),
    Status(7, 9),
    GetBlocks(5, 10),
    Entries((sample_entry(1).encode(),)),
]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_flipped_bits_of_valid_frames_decode_exactly_or_raise_peer_error(
    data: st.DataObject,
) -> None:
    frame = bytearray(encode_message(data.draw(st.sampled_from(SMALL_MESSAGES))))
    position = data.draw(st.integers(0, len(frame) * 8 - 1))
    frame[position // 8] ^= 1 << (position % 8)
    try:
        message = decode_message(bytes(frame), LIMIT)
    except PeerError:
        return
    assert encode_message(message) == bytes(frame)


def payload(**changes: Any) -> bytes:
    fields: dict[str, Any] = {
        "chain_id": "cunzheng-test",
        "genesis_hash": GENESIS_HASH,
        "dialer_key": DIALER.public_key,
        "listener_key": LISTENER.public_key,
        "dialer_nonce": bytes([7] * 32),
        "listener_nonce": bytes([9] * 32),
        "channel_binding": bytes([3] * 32),
    }
    return auth_payload(**{**fields, **changes})


def test_an_auth_signature_verifies_for_its_own_connection() -> None:
    verify_auth(DIALER.public_key, payload(), sign_auth(DIALER, payload()))
    verify_auth(LISTENER.public_key, payload(), sign_auth(LISTENER, payload()))


AUTH_MUTATIONS = {
    "another listener key": {"listener_key": THIRD.public_key},
    "another dialer key": {"dialer_key": THIRD.public_key},
    "keys swapped": {"dialer_key": LISTENER.public_key, "listener_key": DIALER.public_key},
    "another dialer nonce": {"dialer_nonce": bytes([8] * 32)},
    "another listener nonce": {"listener_nonce": bytes([8] * 32)},
    "nonces swapped": {"dialer_nonce": bytes([9] * 32), "listener_nonce": bytes([7] * 32)},
    "another chain": {"chain_id": "cunzheng-other"},
    "another genesis": {"genesis_hash": bytes(32)},
    "another TLS channel": {"channel_binding": bytes([4] * 32)},
    "a plain link": {"channel_binding": b""},
}


@pytest.mark.parametrize("changes", AUTH_MUTATIONS.values(), ids=AUTH_MUTATIONS.keys())
def test_an_auth_signature_fails_for_any_other_connection(changes: dict[str, Any]) -> None:
    # A relayed handshake: DIALER's signature from its connection to someone else, or with
    # other nonces, never authenticates it here.
    signature = sign_auth(DIALER, payload(**changes))
    with pytest.raises(SignatureError):
        verify_auth(DIALER.public_key, payload(), signature)


def test_a_plain_link_signs_what_the_release_before_peer_tls_signed() -> None:
    # Computed with auth_payload of the release before peer TLS (commit 5d8d5dd, which has
    # no channel_binding) on these fields: nodes of both releases authenticate each other
    # over plain links during a rolling upgrade (deploy/README.md, "Upgrades").
    assert (
        sha256(payload(channel_binding=b"")).hexdigest()
        == "f5149d653b58735ceee304fef1410f48100706225489540c980ed9e9bba12dc7"
    )


def test_a_channel_binding_of_another_size_is_refused() -> None:
    with pytest.raises(ValueError, match="channel_binding must be 0 or 32 bytes, got 20"):
        payload(channel_binding=bytes(20))


def test_an_auth_signature_is_not_valid_under_the_other_key() -> None:
    with pytest.raises(SignatureError):
        verify_auth(LISTENER.public_key, payload(), sign_auth(DIALER, payload()))


def test_entry_frames_split_by_count_and_bytes_and_keep_order() -> None:
    encodings = [sample_entry(n).encode() for n in range(MAX_ENTRIES_PER_MESSAGE + 5)]
    by_count = [decode_message(f, LIMIT) for f in entry_frames(encodings, LIMIT)]
    assert [len(m.entries) for m in by_count if isinstance(m, Entries)] == [
        MAX_ENTRIES_PER_MESSAGE,
        5,
    ]
    size = len(encodings[0])
    by_bytes = [decode_message(f, LIMIT) for f in entry_frames(encodings[:10], 3 * size)]
    chunks = [m.entries for m in by_bytes if isinstance(m, Entries)]
    assert [len(c) for c in chunks] == [3, 3, 3, 1]
    assert [e for c in chunks for e in c] == encodings[:10]
    assert list(entry_frames([], LIMIT)) == []
