"""Tests for the ledger model: Entry, Header, Block, Commit, Vote, Proposal, Receipt, validator
sets and Genesis (ledger/entry.py, block.py, receipt.py, validators.py, fields.py, hashing.py).

Known-answer encodings are written by hand, byte by byte, from the field order of
docs/formats.md, "Ledger objects", and
the msgpack spec (https://github.com/msgpack/msgpack/blob/master/spec.md), not produced by our
encoder. The hashes next to them were computed from those hand-written bytes with coreutils:

    th() { { printf "$1\\x00"; printf %s "$2" | xxd -r -p; } | sha256sum; }  # tagged hash
    th cunzheng/header/v1 "$HEADER_HEX"

and entry ids (RFC 9162 leaf hashes) with `{ printf '\\x00'; printf %s "$HEX" | xxd -r -p; }
| sha256sum`.
"""

import json
from hashlib import sha256
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cunzheng.ledger import encoding
from cunzheng.ledger.block import (
    PRECOMMIT,
    PREVOTE,
    ZERO_HASH,
    Block,
    Commit,
    CommitSignature,
    Header,
    Proposal,
    Vote,
)
from cunzheng.ledger.entry import DIGEST_SIZES, MAX_ENTRY_BYTES, Entry
from cunzheng.ledger.errors import DecodeError, SignatureError
from cunzheng.ledger.fields import MAX_UINT
from cunzheng.ledger.hashing import (
    COMMIT_TAG,
    GENESIS_TAG,
    HEADER_TAG,
    VALIDATORS_TAG,
    leaf_hash,
    tagged_hash,
)
from cunzheng.ledger.keys import (
    ENTRY_SIGNATURE_TAG,
    RECEIPT_SIGNATURE_TAG,
    NodeKey,
    is_valid_key_name,
)
from cunzheng.ledger.receipt import Receipt
from cunzheng.ledger.validators import Genesis, Validator, ValidatorSet

# ------------------------------------------------------------------------------ vectors

# Entry(digest=bytes(32)): every default.
ENTRY_HEX = "".join(
    [
        "98",  # fixarray, 8 items
        "01",  # version 1
        "c420" + "00" * 32,  # bin8, 32 bytes: digest
        "a6" + "736861323536",  # fixstr 6 "sha256": alg
        "a0",  # fixstr 0 "": kind
        "80",  # fixmap 0 {}: meta
        "c0c0c0",  # nil, nil, nil: client_time_ms, submitter, signature
    ]
)
# { printf '\x00'; printf %s "$ENTRY_HEX" | xxd -r -p; } | sha256sum
ENTRY_ID = "c43d4bb1c75a59712fa05de5586704a52f9416f16e80d3eb23df7c3faace4551"

# 2023-11-14 22:13:20 UTC in ms = 1_700_000_000_000 = 0x0000018bcfe56800 (needs uint64).
TIME_MS = 1_700_000_000_000
TIME_HEX = "cf0000018bcfe56800"  # uint64

HEADER = Header(
    chain_id="test",
    height=1,
    time_ms=TIME_MS,
    prev_hash=ZERO_HASH,
    proposer=b"\x11" * 32,
    entries_count=2,
    ledger_size=5,
    ledger_root=b"\x22" * 32,
    validators_hash=b"\x33" * 32,
    next_validators_hash=b"\x33" * 32,
    last_commit_hash=b"\x44" * 32,
)
HEADER_HEX = "".join(
    [
        "9d",  # fixarray, 13 items
        "01",  # version 1
        "a4" + "74657374",  # fixstr 4 "test": chain_id
        "01",  # height 1
        TIME_HEX,  # time_ms
        "c420" + "00" * 32,  # prev_hash
        "c420" + "11" * 32,  # proposer
        "02",  # entries_count 2
        "05",  # ledger_size 5
        "c420" + "22" * 32,  # ledger_root
        "c420" + "33" * 32,  # validators_hash
        "c420" + "33" * 32,  # next_validators_hash
        "c420" + "44" * 32,  # last_commit_hash
        "01",  # app_version 1
    ]
)
# th cunzheng/header/v1 "$HEADER_HEX"
HEADER_HASH = "842e2a3168c8593b6c373da3162fe1f492302938521236493b9b61b58a82edb8"

PRECOMMIT_VOTE = Vote(PRECOMMIT, "test", 1, 0, b"\x55" * 32, 3, b"\x66" * 64, b"\x77" * 64)
PRECOMMIT_HEX = "".join(
    [
        "99",  # fixarray, 9 items
        "01",  # version 1
        "02",  # type 2: precommit
        "a4" + "74657374",  # chain_id "test"
        "01",  # height 1
        "00",  # round 0
        "c420" + "55" * 32,  # block_hash
        "03",  # validator_index 3
        "c440" + "66" * 64,  # bin8, 64 bytes: signature
        "c440" + "77" * 64,  # checkpoint_signature
    ]
)
NIL_PREVOTE = Vote(PREVOTE, "test", 7, 300, None, 0)
NIL_PREVOTE_HEX = "".join(
    [
        "99",  # fixarray, 9 items
        "01",  # version 1
        "01",  # type 1: prevote
        "a4" + "74657374",  # chain_id "test"
        "07",  # height 7
        "cd012c",  # uint16 300: round
        "c0",  # block_hash nil: a vote for nil
        "00",  # validator_index 0
        "c0c0",  # unsigned: signature and checkpoint_signature nil
    ]
)

PROPOSAL = Proposal("test", 1, 0, -1, b"\x55" * 32, TIME_MS, 2, b"\x88" * 64)
PROPOSAL_HEX = "".join(
    [
        "99",  # fixarray, 9 items
        "01",  # version 1
        "a4" + "74657374",  # chain_id "test"
        "01",  # height 1
        "00",  # round 0
        "ff",  # negative fixint -1: valid_round (a fresh proposal)
        "c420" + "55" * 32,  # block_hash
        TIME_HEX,  # time_ms
        "02",  # proposer_index 2
        "c440" + "88" * 64,  # signature
    ]
)

COMMIT = Commit(
    1,
    0,
    b"\x55" * 32,
    (
        CommitSignature(0, b"\x66" * 64, b"\x77" * 64),
        CommitSignature(2, b"\x99" * 64, b"\xaa" * 64),
    ),
)
COMMIT_HEX = "".join(
    [
        "95",  # fixarray, 5 items
        "01",  # version 1
        "01",  # height 1
        "00",  # round 0
        "c420" + "55" * 32,  # block_hash
        "92",  # fixarray, 2 signatures
        "93" + "00",  # fixarray, 3 items: validator_index 0,
        "c440" + "66" * 64,  # its vote signature,
        "c440" + "77" * 64,  # its checkpoint signature
        "93" + "02",  # validator_index 2
        "c440" + "99" * 64,
        "c440" + "aa" * 64,
    ]
)
# th cunzheng/commit/v1 "$COMMIT_HEX"
COMMIT_HASH = "4f0db2d32f10c84911e79ab44f0b0216bc26c765c46ad1df2f315eb3e7ffa40c"

# Built from an unsorted list: ValidatorSet.of sorts by public key (01… before 02…).
VALIDATOR_SET = ValidatorSet.of(
    [Validator("notary-b", b"\x02" * 32, 3), Validator("notary-a", b"\x01" * 32, 1)]
)
VALIDATOR_SET_HEX = "".join(
    [
        "92",  # fixarray, 2 items
        "01",  # version 1
        "92",  # fixarray, 2 validators
        "93",  # fixarray, 3 items: [name, public_key, power]
        "a8" + "6e6f746172792d61",  # fixstr 8 "notary-a"
        "c420" + "01" * 32,  # its public key
        "01",  # power 1
        "93",
        "a8" + "6e6f746172792d62",  # "notary-b"
        "c420" + "02" * 32,
        "03",  # power 3
    ]
)
# th cunzheng/validators/v1 "$VALIDATOR_SET_HEX"
VALIDATORS_HASH = "45a368898575a218ef89dcd2714dbbb3330f2ea19c619069e0bc28a70be12796"

GENESIS = Genesis(
    "test", TIME_MS, VALIDATOR_SET, {"timeout_propose_ms": 3000, "max_block_entries": 1000}
)
GENESIS_HEX = "".join(
    [
        "96",  # fixarray, 6 items
        "01",  # version 1
        "a4" + "74657374",  # chain_id "test"
        TIME_HEX,  # genesis_time_ms
        VALIDATOR_SET_HEX,  # validator_set, as above
        "82",  # fixmap, 2 params, keys in sorted order:
        "b1" + "6d61785f626c6f636b5f656e7472696573",  # fixstr 17 "max_block_entries"
        "cd03e8",  # uint16 1000
        "b2" + "74696d656f75745f70726f706f73655f6d73",  # fixstr 18 "timeout_propose_ms"
        "cd0bb8",  # uint16 3000
        "c0",  # previous_chain nil
    ]
)
# th cunzheng/genesis/v1 "$GENESIS_HEX"
GENESIS_HASH = "26c291aee0360ea4d4f3d3bc4cb9ca7f18193f9124d9138d3e384c206e142b03"


def test_entry_vector() -> None:
    entry = Entry(digest=bytes(32))
    assert entry.encode().hex() == ENTRY_HEX
    assert entry.leaf_hash().hex() == ENTRY_ID
    assert Entry.decode(bytes.fromhex(ENTRY_HEX)) == entry


def test_header_vector() -> None:
    assert HEADER.encode().hex() == HEADER_HEX
    assert HEADER.hash().hex() == HEADER_HASH
    assert Header.decode(bytes.fromhex(HEADER_HEX)) == HEADER


def test_vote_vectors() -> None:
    assert PRECOMMIT_VOTE.encode().hex() == PRECOMMIT_HEX
    assert Vote.decode(bytes.fromhex(PRECOMMIT_HEX)) == PRECOMMIT_VOTE
    # The signed payload is the same array with both signatures nil.
    assert PRECOMMIT_VOTE.signed_payload().hex() == PRECOMMIT_HEX[: -2 * (2 + 64) * 2] + "c0c0"
    assert NIL_PREVOTE.encode().hex() == NIL_PREVOTE_HEX
    assert Vote.decode(bytes.fromhex(NIL_PREVOTE_HEX)) == NIL_PREVOTE


def test_proposal_vector() -> None:
    assert PROPOSAL.encode().hex() == PROPOSAL_HEX
    assert Proposal.decode(bytes.fromhex(PROPOSAL_HEX)) == PROPOSAL
    assert PROPOSAL.signed_payload().hex() == PROPOSAL_HEX[: -(2 + 64) * 2] + "c0"


def test_commit_vector() -> None:
    assert COMMIT.encode().hex() == COMMIT_HEX
    assert COMMIT.hash().hex() == COMMIT_HASH
    assert Commit.decode(bytes.fromhex(COMMIT_HEX)) == COMMIT


def test_validator_set_vector() -> None:
    assert [v.name for v in VALIDATOR_SET.validators] == ["notary-a", "notary-b"]
    assert VALIDATOR_SET.encode().hex() == VALIDATOR_SET_HEX
    assert VALIDATOR_SET.hash().hex() == VALIDATORS_HASH
    decoded = encoding.unpack(bytes.fromhex(VALIDATOR_SET_HEX), max_size=1024)
    assert ValidatorSet.from_fields(decoded) == VALIDATOR_SET
    assert VALIDATOR_SET.total_power == 4
    assert VALIDATOR_SET.index_of(b"\x02" * 32) == 1
    assert VALIDATOR_SET.index_of(b"\x03" * 32) is None


def test_genesis_vector() -> None:
    assert GENESIS.encode().hex() == GENESIS_HEX
    assert GENESIS.hash().hex() == GENESIS_HASH
    assert Genesis.decode(bytes.fromhex(GENESIS_HEX)) == GENESIS


def test_tagged_hashes_differ_per_tag() -> None:
    # th cunzheng/<name>/v1 "" for each tag: SHA-256 of the tag and one 0x00 byte.
    expected = {
        HEADER_TAG: "e108ba98fe7212cf9f05b5f955bfc9a8ef32e09dd872717d214106e4d464a36e",
        COMMIT_TAG: "d8177d7fda394b411cb4553f064a822eb94aaff7258b6c19e4104dc852a213c7",
        VALIDATORS_TAG: "b6672ea922b04bd037983a0f601ff904aa3c9b42cdfe591335c2e58ec14811d9",
        GENESIS_TAG: "0adf3a80c234fde499cdc3519f64a6ff1687ff82de3d641856fd43a1214139bb",
    }
    for tag, digest in expected.items():
        assert tagged_hash(tag, b"").hex() == digest
    # One payload, hashed under every tag, gives as many different hashes, none of which is
    # the plain SHA-256 or the Merkle leaf hash of the payload.
    payload = bytes.fromhex(HEADER_HEX)
    hashes = {tagged_hash(tag, payload) for tag in expected}
    assert len(hashes) == len(expected)
    assert sha256(payload).digest() not in hashes
    assert leaf_hash(payload) not in hashes
    assert HEADER.hash() == tagged_hash(HEADER_TAG, payload)
    assert HEADER.hash() != tagged_hash(COMMIT_TAG, payload)


# ----------------------------------------------------------------------- field validation


def header(**changes: Any) -> Header:
    fields: dict[str, Any] = {
        name: getattr(HEADER, name) for name in Header.__dataclass_fields__
    } | changes
    return Header(**fields)


def entry_with_meta_value(length: int) -> Entry:
    # meta {"k": "x" * length} packs as 81 a1 6b da <2-byte length> …: 6 + length bytes.
    return Entry(bytes(32), meta={"k": "x" * length})


def test_meta_limit_is_1_kib_encoded() -> None:
    assert len(encoding.pack(entry_with_meta_value(1018).meta)) == 1024
    with pytest.raises(DecodeError, match="meta is 1025 bytes encoded, the limit is 1024"):
        entry_with_meta_value(1019)


INVALID: list[tuple[str, Any, str]] = [
    # Entry
    ("digest too short", lambda: Entry(bytes(31)), "digest must be 32 bytes, got 31"),
    ("sha256 digest of 64", lambda: Entry(bytes(64)), "digest must be 32 bytes, got 64"),
    ("sm3 digest of 64", lambda: Entry(bytes(64), alg="sm3"), "must be 32 bytes"),
    ("sha512 digest of 32", lambda: Entry(bytes(32), alg="sha512"), "must be 64 bytes, got 32"),
    ("digest nil", lambda: Entry(None), "digest must be bytes, got NoneType"),
    ("digest as str", lambda: Entry("00" * 32), "digest must be bytes, got str"),
    ("unknown alg", lambda: Entry(bytes(32), alg="md5"), "unknown digest alg 'md5'"),
    ("alg uppercase", lambda: Entry(bytes(32), alg="SHA256"), "unknown digest alg"),
    ("alg a list", lambda: Entry(bytes(32), alg=[]), "unknown digest alg"),
    ("alg nil", lambda: Entry(bytes(32), alg=None), "unknown digest alg"),
    ("meta over 1 KiB", lambda: Entry(bytes(32), meta={"k": "x" * 2000}), "limit is 1024"),
    ("meta value int", lambda: Entry(bytes(32), meta={"k": 1}), "meta keys and values"),
    ("meta key bytes", lambda: Entry(bytes(32), meta={b"k": "v"}), "meta keys and values"),
    ("meta a list", lambda: Entry(bytes(32), meta=[]), "meta must be a map"),
    ("meta surrogate", lambda: Entry(bytes(32), meta={"k": "\ud800"}), "not valid Unicode"),
    ("kind too long", lambda: Entry(bytes(32), kind="k" * 65), "kind is 65 characters"),
    ("kind not str", lambda: Entry(bytes(32), kind=b"k"), "kind must be a string"),
    ("kind surrogate", lambda: Entry(bytes(32), kind="\udc80"), "kind is not valid Unicode"),
    ("negative time", lambda: Entry(bytes(32), client_time_ms=-1), "client_time_ms must be"),
    ("bool time", lambda: Entry(bytes(32), client_time_ms=True), "must be an integer, got bool"),
    (
        "submitter without signature",
        lambda: Entry(bytes(32), submitter=bytes(32)),
        "submitter and signature must be given together",
    ),
    (
        "signature without submitter",
        lambda: Entry(bytes(32), signature=bytes(64)),
        "submitter and signature must be given together",
    ),
    (
        "short submitter",
        lambda: Entry(bytes(32), submitter=bytes(31), signature=bytes(64)),
        "submitter must be 32 bytes",
    ),
    (
        "short signature",
        lambda: Entry(bytes(32), submitter=bytes(32), signature=bytes(63)),
        "signature must be 64 bytes",
    ),
    # Header
    ("height 0", lambda: header(height=0), "Header.height must be between 1"),
    ("negative height", lambda: header(height=-1), "Header.height must be between 1"),
    ("height over 2^63", lambda: header(height=MAX_UINT + 1), "Header.height must be between"),
    ("negative time_ms", lambda: header(time_ms=-5), "Header.time_ms must be between 0"),
    ("prev_hash 31", lambda: header(prev_hash=bytes(31)), "Header.prev_hash must be 32 bytes"),
    ("prev_hash nil", lambda: header(prev_hash=None), "Header.prev_hash must be bytes"),
    ("proposer 33", lambda: header(proposer=bytes(33)), "Header.proposer must be 32 bytes"),
    ("ledger_root 0", lambda: header(ledger_root=b""), "Header.ledger_root must be 32 bytes"),
    ("validators_hash", lambda: header(validators_hash=bytes(16)), "validators_hash must be 32"),
    ("next_validators", lambda: header(next_validators_hash=bytes(1)), "next_validators_hash"),
    ("last_commit_hash", lambda: header(last_commit_hash=bytes(64)), "last_commit_hash must"),
    ("app_version 0", lambda: header(app_version=0), "Header.app_version must be between 1"),
    ("chain id too long", lambda: header(chain_id="c" * 65), "chain_id is 65 characters"),
    ("more entries than ledger", lambda: header(entries_count=6), "exceeds ledger_size 5"),
    # Vote
    (
        "checkpoint signature on a prevote",
        lambda: Vote(PREVOTE, "t", 1, 0, bytes(32), 0, bytes(64), bytes(64)),
        "only a precommit for a block carries a checkpoint signature",
    ),
    (
        "checkpoint signature on a nil precommit",
        lambda: Vote(PRECOMMIT, "t", 1, 0, None, 0, bytes(64), bytes(64)),
        "only a precommit for a block",
    ),
    ("vote type 3", lambda: Vote(3, "t", 1, 0, None, 0), "Vote.type must be 1"),
    ("vote height 0", lambda: Vote(PREVOTE, "t", 0, 0, None, 0), "Vote.height must be"),
    ("vote round -1", lambda: Vote(PREVOTE, "t", 1, -1, None, 0), "Vote.round must be"),
    ("vote hash 31", lambda: Vote(PREVOTE, "t", 1, 0, bytes(31), 0), "block_hash must be 32"),
    ("vote index -1", lambda: Vote(PREVOTE, "t", 1, 0, None, -1), "validator_index must be"),
    ("vote sig 65", lambda: Vote(PREVOTE, "t", 1, 0, None, 0, bytes(65)), "signature must be 64"),
    # Proposal
    (
        "valid_round == round",
        lambda: Proposal("t", 1, 3, 3, bytes(32), 0, 0),
        "valid_round must be below its round",
    ),
    (
        "valid_round > round",
        lambda: Proposal("t", 1, 0, 2, bytes(32), 0, 0),
        "valid_round must be below its round",
    ),
    ("valid_round -2", lambda: Proposal("t", 1, 0, -2, bytes(32), 0, 0), "valid_round must be"),
    ("proposal nil hash", lambda: Proposal("t", 1, 0, -1, None, 0, 0), "block_hash must be bytes"),
    # Commit
    (
        "commit indices unsorted",
        lambda: Commit(1, 0, bytes(32), (commit_signature(2), commit_signature(1))),
        "sorted by index, no repeats",
    ),
    (
        "commit index repeated",
        lambda: Commit(1, 0, bytes(32), (commit_signature(1), commit_signature(1))),
        "sorted by index, no repeats",
    ),
    ("commit empty", lambda: Commit(1, 0, bytes(32), ()), "must be non-empty"),
    ("commit height 0", lambda: Commit(0, 0, bytes(32), (commit_signature(0),)), "Commit.height"),
    (
        "commit hash 31",
        lambda: Commit(1, 0, bytes(31), (commit_signature(0),)),
        "block_hash must be 32",
    ),
    (
        "commit vote signature 63",
        lambda: CommitSignature(0, bytes(63), bytes(64)),
        "vote_signature must be 64 bytes",
    ),
    (
        "commit checkpoint signature nil",
        lambda: CommitSignature(0, bytes(64), None),
        "checkpoint_signature must be bytes",
    ),
    # Validators
    (
        "validator set unsorted",
        lambda: ValidatorSet(tuple(reversed(VALIDATOR_SET.validators))),
        "sorted by public key",
    ),
    (
        "repeated public key",
        lambda: ValidatorSet((Validator("a", bytes(32), 1), Validator("b", bytes(32), 1))),
        "sorted by public key, without repeats",
    ),
    (
        "duplicate names",
        lambda: ValidatorSet.of([Validator("a", bytes(32), 1), Validator("a", b"\1" * 32, 1)]),
        "names must be unique",
    ),
    ("empty validator set", lambda: ValidatorSet(()), "holds 1 to 100 validators"),
    (
        "101 validators",
        lambda: ValidatorSet.of([Validator(f"n{i}", bytes([i]) * 32, 1) for i in range(101)]),
        "holds 1 to 100 validators",
    ),
    ("name with a space", lambda: Validator("notary a", bytes(32), 1), "not a C2SP key name"),
    ("name with a '+'", lambda: Validator("notary+a", bytes(32), 1), "not a C2SP key name"),
    ("name with a tab", lambda: Validator("notary\ta", bytes(32), 1), "not a C2SP key name"),
    ("ideographic space", lambda: Validator("公证\u3000处", bytes(32), 1), "not a C2SP key name"),
    ("empty name", lambda: Validator("", bytes(32), 1), "not a C2SP key name"),
    ("name too long", lambda: Validator("n" * 65, bytes(32), 1), "Validator.name is 65"),
    ("power 0", lambda: Validator("a", bytes(32), 0), "Validator.power must be between 1"),
    ("public key 31", lambda: Validator("a", bytes(31), 1), "public_key must be 32 bytes"),
    # Genesis
    (
        "chain id with a space",
        lambda: Genesis("my chain", 0, VALIDATOR_SET, {}),
        "must be non-empty, no spaces",
    ),
    ("chain id with '+'", lambda: Genesis("a+b", 0, VALIDATOR_SET, {}), "no spaces or '\\+'"),
    ("empty chain id", lambda: Genesis("", 0, VALIDATOR_SET, {}), "must be non-empty"),
    ("param not int", lambda: Genesis("c", 0, VALIDATOR_SET, {"t": "1"}), "params must map"),
    ("param bool", lambda: Genesis("c", 0, VALIDATOR_SET, {"t": True}), "params must map"),
    ("param 2^63", lambda: Genesis("c", 0, VALIDATOR_SET, {"t": 2**63}), "signed 64-bit"),
    ("negative genesis time", lambda: Genesis("c", -1, VALIDATOR_SET, {}), "genesis_time_ms"),
    # Receipt
    (
        "receipt id 31",
        lambda: Receipt("c", bytes(32), 0, (bytes(31),)),
        "Receipt id must be 32 bytes",
    ),
    ("receipt key 0", lambda: Receipt("c", b"", 0, ()), "node_public_key must be 32 bytes"),
]


def commit_signature(index: int) -> CommitSignature:
    return CommitSignature(index, bytes(64), bytes(64))


@pytest.mark.parametrize(
    ("make", "message"),
    [(make, message) for _, make, message in INVALID],
    ids=[name for name, _, _ in INVALID],
)
def test_field_validation(make: Any, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        make()


def test_boundary_values_are_accepted() -> None:
    Entry(bytes(64), alg="sha512", kind="k" * 64, client_time_ms=MAX_UINT)
    Entry(bytes(32), alg="sm3")
    header(height=MAX_UINT, entries_count=5)
    Proposal("t", 1, 1, 0, bytes(32), 0, 0)
    Validator("公证处-α", bytes(32), 1)  # C2SP names may be any printable Unicode
    Genesis("c", 0, VALIDATOR_SET, {"t": -(2**63)})


# ----------------------------------------------------------------- decoding whole objects


def packed(*fields: Any) -> bytes:
    return encoding.pack(list(fields))


ENTRY_FIELDS = [1, bytes(32), "sha256", "", {}, None, None, None]

BAD_ENCODINGS: list[tuple[str, Any, bytes, str]] = [
    ("entry version 2", Entry, packed(2, *ENTRY_FIELDS[1:]), "Entry version 2 is not supported"),
    ("entry 7 fields", Entry, packed(*ENTRY_FIELDS[:7]), "Entry must have 8 fields, got 7"),
    ("entry 9 fields", Entry, packed(*ENTRY_FIELDS, None), "Entry must have 8 fields, got 9"),
    ("entry not an array", Entry, encoding.pack({"digest": bytes(32)}), "must be a msgpack array"),
    ("entry digest as str", Entry, packed(1, "00" * 16, *ENTRY_FIELDS[2:]), "must be bytes"),
    ("entry alg nil", Entry, packed(1, bytes(32), None, *ENTRY_FIELDS[3:]), "unknown digest alg"),
    ("entry alg a map", Entry, packed(1, bytes(32), {}, *ENTRY_FIELDS[3:]), "unknown digest alg"),
    ("entry kind nil", Entry, packed(*ENTRY_FIELDS[:3], None, *ENTRY_FIELDS[4:]), "kind must be"),
    ("entry meta nil", Entry, packed(*ENTRY_FIELDS[:4], None, *ENTRY_FIELDS[5:]), "meta must be"),
    ("entry trailing byte", Entry, bytes.fromhex(ENTRY_HEX + "00"), "trailing bytes"),
    (
        "entry too long",
        Entry,
        packed(*ENTRY_FIELDS[:4], {"k": "x" * MAX_ENTRY_BYTES}, None, None, None),
        "the limit is 2048",
    ),
    ("header 12 fields", Header, bytes.fromhex("9c" + HEADER_HEX[2:-2]), "must have 13 fields"),
    (
        "prevote with checkpoint signature",
        Vote,
        packed(1, PREVOTE, "t", 1, 0, bytes(32), 0, bytes(64), bytes(64)),
        "only a precommit for a block",
    ),
    ("vote type true", Vote, bytes.fromhex("9901c3" + NIL_PREVOTE_HEX[6:]), "bool"),
    (
        "commit indices unsorted",
        Commit,
        packed(1, 1, 0, bytes(32), [[1, bytes(64), bytes(64)], [0, bytes(64), bytes(64)]]),
        "sorted by index",
    ),
    ("commit signature item", Commit, packed(1, 1, 0, bytes(32), [5]), "each commit signature"),
    ("commit signatures map", Commit, packed(1, 1, 0, bytes(32), {}), "must be an array"),
    ("proposal valid_round", Proposal, packed(1, "t", 1, 0, 0, bytes(32), 0, 0, None), "below"),
    ("receipt ids map", Receipt, packed(1, "t", bytes(32), 0, {}, None), "ids must be an array"),
    ("receipt id as str", Receipt, packed(1, "t", bytes(32), 0, ["x"], None), "must be bytes"),
    (
        "genesis validators unsorted",
        Genesis,
        packed(1, "c", 0, [1, list(reversed(VALIDATOR_SET.fields()[1]))], {}, None),
        "sorted by public key",
    ),
    (
        "genesis validator not a triple",
        Genesis,
        packed(1, "c", 0, [1, [["a", bytes(32)]]], {}, None),
        "each validator must be",
    ),
    ("genesis no validators", Genesis, packed(1, "c", 0, [1, []], {}, None), "holds 1 to 100"),
    (
        "genesis nested param",
        Genesis,
        packed(1, "c", 0, VALIDATOR_SET.fields(), {"a": [1]}, None),
        "params must map",
    ),
    ("block version 0", Block, packed(0, HEADER.fields(), None, []), "Block version 0"),
]


@pytest.mark.parametrize(
    ("cls", "data", "message"),
    [(cls, data, message) for _, cls, data, message in BAD_ENCODINGS],
    ids=[name for name, _, _, _ in BAD_ENCODINGS],
)
def test_decode_rejects(cls: Any, data: bytes, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        cls.decode(data)


def test_block_shape() -> None:
    entries = (Entry(bytes(32)).encode(), Entry(b"\1" * 32).encode())
    first = header(last_commit_hash=ZERO_HASH)
    block = Block(first, None, entries)
    assert Block.decode(block.encode()) == block
    with pytest.raises(DecodeError, match="nil at height 1"):
        Block(first, COMMIT, entries)
    with pytest.raises(DecodeError, match="nil at height 1 and present after"):
        Block(header(height=2), None, entries)
    with pytest.raises(DecodeError, match="Block holds 1 entries, header says 2"):
        Block(first, None, entries[:1])
    with pytest.raises(DecodeError, match="array of entry encodings"):
        Block.decode(packed(1, first.fields(), None, ["not bytes", "x"]))
    with pytest.raises(DecodeError, match="the limit is 10"):
        Block.decode(block.encode(), max_size=10)


# ----------------------------------------------------------------------- round trips

HASHES = st.binary(min_size=32, max_size=32)
SIGNATURES = st.binary(min_size=64, max_size=64)
UINTS = st.integers(min_value=0, max_value=MAX_UINT)
HEIGHTS = st.integers(min_value=1, max_value=MAX_UINT)
CHAIN_IDS = st.text(max_size=64)
KEY_NAMES = st.text(
    st.characters(exclude_categories=("C", "Z"), exclude_characters="+"), min_size=1, max_size=20
).filter(is_valid_key_name)


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    alg = draw(st.sampled_from(sorted(DIGEST_SIZES)))
    size = DIGEST_SIZES[alg]
    signed = draw(st.booleans())
    return Entry(
        digest=draw(st.binary(min_size=size, max_size=size)),
        alg=alg,
        kind=draw(st.text(max_size=64)),
        # At most 8 * (8 + 16 characters of up to 4 bytes, plus headers): under 1 KiB.
        meta=draw(st.dictionaries(st.text(max_size=8), st.text(max_size=16), max_size=8)),
        client_time_ms=draw(st.none() | UINTS),
        submitter=draw(HASHES) if signed else None,
        signature=draw(SIGNATURES) if signed else None,
    )


@st.composite
def headers(draw: st.DrawFn, height: int | None = None, entries_count: int | None = None) -> Header:
    ledger_size = draw(UINTS if entries_count is None else st.integers(entries_count, MAX_UINT))
    return Header(
        chain_id=draw(CHAIN_IDS),
        height=draw(HEIGHTS) if height is None else height,
        time_ms=draw(UINTS),
        prev_hash=draw(HASHES),
        proposer=draw(HASHES),
        entries_count=(
            draw(st.integers(0, ledger_size)) if entries_count is None else entries_count
        ),
        ledger_size=ledger_size,
        ledger_root=draw(HASHES),
        validators_hash=draw(HASHES),
        next_validators_hash=draw(HASHES),
        last_commit_hash=draw(HASHES),
        app_version=draw(st.integers(1, MAX_UINT)),
    )


@st.composite
def votes(draw: st.DrawFn) -> Vote:
    vote_type = draw(st.sampled_from([PREVOTE, PRECOMMIT]))
    block_hash = draw(st.none() | HASHES)
    signature = draw(st.none() | SIGNATURES)
    may_carry_checkpoint = vote_type == PRECOMMIT and block_hash is not None
    return Vote(
        vote_type,
        draw(CHAIN_IDS),
        draw(HEIGHTS),
        draw(UINTS),
        block_hash,
        draw(UINTS),
        signature,
        draw(st.none() | SIGNATURES) if may_carry_checkpoint else None,
    )


@st.composite
def proposals(draw: st.DrawFn) -> Proposal:
    round_number = draw(st.integers(0, MAX_UINT))
    return Proposal(
        draw(CHAIN_IDS),
        draw(HEIGHTS),
        round_number,
        draw(st.integers(-1, round_number - 1)),
        draw(HASHES),
        draw(UINTS),
        draw(UINTS),
        draw(st.none() | SIGNATURES),
    )


@st.composite
def commits(draw: st.DrawFn, height: int | None = None) -> Commit:
    indices = sorted(draw(st.sets(st.integers(0, 99), min_size=1, max_size=7)))
    return Commit(
        draw(HEIGHTS) if height is None else height,
        draw(UINTS),
        draw(HASHES),
        tuple(CommitSignature(i, draw(SIGNATURES), draw(SIGNATURES)) for i in indices),
    )


@st.composite
def receipts(draw: st.DrawFn) -> Receipt:
    return Receipt(
        draw(CHAIN_IDS),
        draw(HASHES),
        draw(UINTS),
        tuple(draw(st.lists(HASHES, max_size=6))),
        draw(st.none() | SIGNATURES),
    )


@st.composite
def blocks(draw: st.DrawFn) -> Block:
    items = tuple(entry.encode() for entry in draw(st.lists(entries(), max_size=4)))
    height = draw(st.integers(1, 1000))
    last_commit = None if height == 1 else draw(commits(height=height - 1))
    return Block(draw(headers(height=height, entries_count=len(items))), last_commit, items)


@st.composite
def validator_sets(draw: st.DrawFn) -> ValidatorSet:
    names = draw(st.lists(KEY_NAMES, min_size=1, max_size=6, unique=True))
    keys = draw(st.lists(HASHES, min_size=len(names), max_size=len(names), unique=True))
    powers = draw(st.lists(st.integers(1, 1000), min_size=len(names), max_size=len(names)))
    return ValidatorSet.of(
        [Validator(n, k, p) for n, k, p in zip(names, keys, powers, strict=True)]
    )


@st.composite
def geneses(draw: st.DrawFn) -> Genesis:
    return Genesis(
        draw(KEY_NAMES),
        draw(UINTS),
        draw(validator_sets()),
        draw(
            st.dictionaries(
                st.text(max_size=20), st.integers(encoding.MIN_INT, encoding.MAX_INT), max_size=5
            )
        ),
        draw(st.none() | st.text(max_size=200)),
    )


ROUND_TRIPS = settings(max_examples=60, deadline=None)


@ROUND_TRIPS
@given(entries())
def test_entry_round_trip(entry: Entry) -> None:
    assert Entry.decode(entry.encode()) == entry
    assert Entry.from_json(json.loads(json.dumps(entry.to_json()))) == entry
    as_map = {name: getattr(entry, name) for name in Entry.__dataclass_fields__}
    assert Entry.from_msgpack_map(as_map) == entry


@ROUND_TRIPS
@given(headers())
def test_header_round_trip(value: Header) -> None:
    assert Header.decode(value.encode()) == value
    assert value.to_json()["ledger_root"] == value.ledger_root.hex()


@ROUND_TRIPS
@given(votes())
def test_vote_round_trip(vote: Vote) -> None:
    assert Vote.decode(vote.encode()) == vote


@ROUND_TRIPS
@given(proposals())
def test_proposal_round_trip(proposal: Proposal) -> None:
    assert Proposal.decode(proposal.encode()) == proposal


@ROUND_TRIPS
@given(commits())
def test_commit_round_trip(commit: Commit) -> None:
    assert Commit.decode(commit.encode()) == commit


@ROUND_TRIPS
@given(receipts())
def test_receipt_round_trip(receipt: Receipt) -> None:
    assert Receipt.decode(receipt.encode()) == receipt


@ROUND_TRIPS
@given(blocks())
def test_block_round_trip(block: Block) -> None:
    assert Block.decode(block.encode()) == block
    for item in block.entries:
        Entry.decode(item)


@ROUND_TRIPS
@given(geneses())
def test_genesis_round_trip(genesis: Genesis) -> None:
    assert Genesis.from_file_text(genesis.to_file_text()) == genesis
    assert Genesis.decode(genesis.encode()) == genesis


# ------------------------------------------------------------------------ JSON forms

DIGEST_HEX = "ab" * 32


def test_entry_json_only_digest_required() -> None:
    entry = Entry.from_json({"digest": DIGEST_HEX})
    assert entry == Entry(bytes.fromhex(DIGEST_HEX))
    assert entry.to_json() == {
        "digest": DIGEST_HEX,
        "alg": "sha256",
        "kind": "",
        "meta": {},
        "client_time_ms": None,
        "submitter": None,
        "signature": None,
    }
    sha512 = Entry.from_json({"digest": "cd" * 64, "alg": "sha512", "meta": {"b": "2", "a": "1"}})
    assert sha512.digest == b"\xcd" * 64
    assert sha512.meta == {"a": "1", "b": "2"}


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ({"digest": DIGEST_HEX, "id": "x"}, "entry has unknown fields: id"),
        ({"digest": DIGEST_HEX, "Digest": DIGEST_HEX}, "unknown fields: Digest"),
        ({"alg": "sha256"}, "entry is missing fields: digest"),
        ({"digest": DIGEST_HEX.upper()}, "digest must be lowercase hex"),
        ({"digest": "zz" * 32}, "digest is not valid hex"),
        ({"digest": "a" * 63}, "digest is not valid hex"),
        ({"digest": " " + DIGEST_HEX}, "digest is not valid hex"),
        ({"digest": DIGEST_HEX + "\n"}, "digest is not valid hex"),
        ({"digest": DIGEST_HEX[:32] + " " + DIGEST_HEX[32:]}, "digest is not valid hex"),
        ({"digest": "ab" * 31}, "digest must be 32 bytes"),
        ({"digest": DIGEST_HEX, "alg": "sha512"}, "digest must be 64 bytes"),
        ({"digest": DIGEST_HEX, "alg": "md5"}, "unknown digest alg"),
        ({"digest": DIGEST_HEX, "alg": ["sha256"]}, "unknown digest alg"),
        ({"digest": bytes(32)}, "digest must be a hex string"),
        ({"digest": DIGEST_HEX, "submitter": "ab" * 32}, "must be given together"),
        ({"digest": DIGEST_HEX, "submitter": "AB" * 32, "signature": "ab" * 64}, "lowercase"),
        ({"digest": DIGEST_HEX, "client_time_ms": 1.5}, "client_time_ms must be an integer"),
        ({"digest": DIGEST_HEX, "kind": json.loads('"\\ud800"')}, "kind is not valid Unicode"),
        ({"digest": DIGEST_HEX, "meta": {"k": json.loads('"\\udfff"')}}, "not valid Unicode"),
        ("not an object", "entry must be a JSON object, got str"),
    ],
)
def test_entry_json_refuses(obj: Any, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        Entry.from_json(obj)


def test_entry_msgpack_map_refuses_unknown_fields() -> None:
    assert Entry.from_msgpack_map({"digest": bytes(32)}) == Entry(bytes(32))
    with pytest.raises(DecodeError, match="unknown fields: id"):
        Entry.from_msgpack_map({"digest": bytes(32), "id": b""})
    with pytest.raises(DecodeError, match="digest must be bytes"):
        Entry.from_msgpack_map({"digest": "00" * 32})


def test_genesis_json_form() -> None:
    obj = json.loads(GENESIS.to_file_text())
    assert obj["version"] == 1
    assert obj["validators"][0] == {
        "name": "notary-a",
        "public_key": "01" * 32,
        "vkey": VALIDATOR_SET.validators[0].vkey(),
        "power": 1,
    }
    assert list(obj["params"]) == ["max_block_entries", "timeout_propose_ms"]
    assert Genesis.from_json(obj).hash().hex() == GENESIS_HASH
    del obj["validators"][1]["vkey"]  # optional: the public key is what counts
    del obj["previous_chain"]
    assert Genesis.from_json(obj) == GENESIS


def genesis_json(**changes: Any) -> dict[str, Any]:
    return GENESIS.to_json() | changes


def other_vkey() -> dict[str, Any]:
    obj = genesis_json()
    obj["validators"] = [dict(v) for v in obj["validators"]]
    obj["validators"][0]["vkey"] = obj["validators"][1]["vkey"]
    return obj


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        (genesis_json(extra=1), "genesis has unknown fields: extra"),
        ({k: v for k, v in genesis_json().items() if k != "params"}, "missing fields: params"),
        (genesis_json(version=2), "genesis version 2 is not supported"),
        (genesis_json(version=True), "genesis version True is not supported"),
        (genesis_json(version=1.0), "genesis version 1.0 is not supported"),
        (genesis_json(validators={}), "validators must be a JSON array"),
        (genesis_json(validators=[]), "holds 1 to 100 validators"),
        (genesis_json(validators=genesis_json()["validators"][::-1]), "sorted by public key"),
        (other_vkey(), "vkey .* does not match its name and public key"),
        (genesis_json(params={"t": 2**64}), "signed 64-bit"),
        (genesis_json(chain_id="a b"), "no spaces"),
        (genesis_json(genesis_time_ms="0"), "genesis_time_ms must be an integer"),
        ([], "genesis must be a JSON object, got list"),
    ],
)
def test_genesis_json_refuses(obj: Any, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        Genesis.from_json(obj)


def test_genesis_file_text_refuses() -> None:
    with pytest.raises(DecodeError, match="not UTF-8 JSON"):
        Genesis.from_file_text("{")
    with pytest.raises(DecodeError, match="the limit is 65536"):
        Genesis.from_file_text(" " * 70_000)


# ------------------------------------------------------------------------- signatures

SUBMITTER = NodeKey.from_seed("submitter", bytes([7]) * 32)


def flip_bit(data: bytes, bit: int) -> bytes:
    changed = bytearray(data)
    changed[bit // 8] ^= 1 << (bit % 8)
    return bytes(changed)


def test_signed_entry_verifies_and_a_one_bit_change_fails() -> None:
    unsigned = Entry(b"\x42" * 32, kind="chat-export", meta={"case": "2026-沪-0001"})
    signature = SUBMITTER.sign(ENTRY_SIGNATURE_TAG, unsigned.payload_to_sign(SUBMITTER.public_key))
    entry = unsigned.with_signature(SUBMITTER.public_key, signature)
    entry.verify_submitter_signature()
    Entry.decode(entry.encode()).verify_submitter_signature()
    # docs/formats.md, "Entry": the submitter signs the encoding with signature = nil.
    assert entry.signed_payload() == entry.encode()[: -(2 + 64)] + b"\xc0"
    unsigned.verify_submitter_signature()  # nothing to check on an unsigned entry

    for bit in (0, 255, 511):
        forged = unsigned.with_signature(SUBMITTER.public_key, flip_bit(signature, bit))
        with pytest.raises(SignatureError, match="does not verify"):
            forged.verify_submitter_signature()
    changed = Entry(b"\x43" * 32, kind="chat-export", meta={"case": "2026-沪-0001"})
    with pytest.raises(SignatureError):
        changed.with_signature(SUBMITTER.public_key, signature).verify_submitter_signature()
    other = NodeKey.from_seed("other", bytes([8]) * 32)
    with pytest.raises(SignatureError):
        unsigned.with_signature(other.public_key, signature).verify_submitter_signature()
    # A signature over the entry without its submitter field does not count.
    without_submitter = SUBMITTER.sign(ENTRY_SIGNATURE_TAG, unsigned.signed_payload())
    with pytest.raises(SignatureError):
        unsigned.with_signature(
            SUBMITTER.public_key, without_submitter
        ).verify_submitter_signature()
    with pytest.raises(DecodeError, match="submitter must be 32 bytes"):
        unsigned.payload_to_sign(bytes(31))


def test_signed_receipt_verifies_and_a_one_bit_change_fails() -> None:
    unsigned = Receipt("test", SUBMITTER.public_key, TIME_MS, (bytes.fromhex(ENTRY_ID),))
    receipt = unsigned.signed(SUBMITTER.sign(RECEIPT_SIGNATURE_TAG, unsigned.signed_payload()))
    receipt.verify()
    Receipt.decode(receipt.encode()).verify()
    assert receipt.to_json()["encoding"] == receipt.encode().hex()
    assert receipt.signature is not None
    with pytest.raises(SignatureError):
        unsigned.signed(flip_bit(receipt.signature, 100)).verify()
    with pytest.raises(DecodeError, match="receipt is not signed"):
        unsigned.verify()
    # An entry signature is not a receipt signature: the purpose tags differ.
    entry_signature = SUBMITTER.sign(ENTRY_SIGNATURE_TAG, unsigned.signed_payload())
    with pytest.raises(SignatureError):
        unsigned.signed(entry_signature).verify()
