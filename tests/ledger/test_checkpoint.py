"""Tests for ledger/checkpoint.py: C2SP checkpoint bodies, signed notes and their signers."""

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cunzheng.ledger.checkpoint import (
    MAX_NOTE_BYTES,
    MAX_SIGNATURE_LINES,
    Checkpoint,
    NoteSignature,
    SignedCheckpoint,
    checkpoint_origin,
    checkpoint_signature_for,
    sign_checkpoint,
    verified_signers,
)
from cunzheng.ledger.errors import DecodeError, SignatureError
from cunzheng.ledger.hashing import EMPTY_ROOT
from cunzheng.ledger.keys import (
    NodeKey,
    is_valid_key_name,
    key_hash,
    parse_vkey,
    verify_message_signature,
)

NOTARY_A = NodeKey.from_seed("notary-a", bytes(range(32)))
NOTARY_B = NodeKey.from_seed("notary-b", bytes([1] * 32))
NOTARY_C = NodeKey.from_seed("notary-c", bytes([2] * 32))
KNOWN = {k.name: k.public_key for k in (NOTARY_A, NOTARY_B, NOTARY_C)}
EMPTY = Checkpoint("cunzheng/test-chain", 0, EMPTY_ROOT)
ROOT_B64 = (
    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="  # printf '' | sha256sum | xxd -r -p | base64
)
BODY = f"cunzheng/test-chain\n0\n{ROOT_B64}\n"

# The empty-ledger checkpoint of chain "test-chain" signed by notary-a (seed 00 01 .. 1f),
# computed with OpenSSL 3, not PyNaCl (seed.der as in test_keys.py; 6963b792 is its key hash):
#   printf 'cunzheng/test-chain\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n' > body
#   openssl pkeyutl -sign -inkey seed.der -keyform DER -rawin -in body | xxd -p -c 128 > sig
#   { echo -n 6963b792; cat sig; } | xxd -r -p | base64 -w0
NOTARY_A_EMPTY_NOTE = (
    BODY + "\n— notary-a aWO3knj0ljQcM7klOJrx2Pc309nAO22iJuapHfsjZA+w4vS12Lkm8z/SzHrbF5DbMciQw"
    "Fk5rrnp8NC8Mt6GO+CFaQM=\n"
)

# golang.org/x/mod sumdb/note/note_test.go, TestOpen.
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
PETER_SKEY_SEED = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"  # base64(0x01 ‖ seed)
PETER_SIG = (
    "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqd"
    "ngotpRZb6KE6RyyBwJnAM=\n"
)
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
ENOCH_SIG = (
    "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGw"
    "nWLox33WWd1RvMc+QQ=\n"
)

# c2sp.org/tlog-checkpoint, the example at the top of the spec (signer key not published).
C2SP_EXAMPLE = (
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
    "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/"
    "Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
)


def _signed(checkpoint: Checkpoint, *keys: NodeKey) -> SignedCheckpoint:
    return SignedCheckpoint(checkpoint, tuple(sign_checkpoint(checkpoint, k) for k in keys))


def test_notary_a_known_answer_note() -> None:
    assert checkpoint_origin("test-chain") == "cunzheng/test-chain"
    assert EMPTY.body() == BODY
    assert _signed(EMPTY, NOTARY_A).text() == NOTARY_A_EMPTY_NOTE
    note = SignedCheckpoint.parse(NOTARY_A_EMPTY_NOTE)
    assert note.checkpoint == EMPTY
    assert verified_signers(note, KNOWN) == ["notary-a"]


def test_go_sumdb_note_signatures() -> None:
    peter = NoteSignature.parse(PETER_SIG)
    assert (peter.name, peter.key_hash.hex(), len(peter.signature)) == (
        "PeterNeumann",
        "c74f20a3",
        64,
    )
    name, public_key = parse_vkey(PETER_VKEY)
    assert key_hash(name, public_key) == peter.key_hash
    verify_message_signature(public_key, GO_TEXT.encode(), peter.signature)
    # Ed25519 is deterministic, so our signer must reproduce Go's line byte for byte.
    peter_key = NodeKey.from_seed("PeterNeumann", base64.b64decode(PETER_SKEY_SEED)[1:])
    line = NoteSignature(name, peter.key_hash, peter_key.sign_message(GO_TEXT.encode())).line()
    assert line == PETER_SIG
    enoch = NoteSignature.parse(ENOCH_SIG)
    name, public_key = parse_vkey(ENOCH_VKEY)
    assert key_hash(name, public_key) == enoch.key_hash
    verify_message_signature(public_key, GO_TEXT.encode(), enoch.signature)
    # TestOpen's "invalid signature": four characters spliced into Peter's signature parse as
    # a 67-byte signature, which must then fail to verify.
    spliced = NoteSignature.parse(PETER_SIG[:60] + "ABCD" + PETER_SIG[60:])
    assert (spliced.key_hash, len(spliced.signature)) == (peter.key_hash, 67)
    with pytest.raises(SignatureError):
        verify_message_signature(parse_vkey(PETER_VKEY)[1], GO_TEXT.encode(), spliced.signature)


def test_c2sp_tlog_checkpoint_example() -> None:
    note = SignedCheckpoint.parse(C2SP_EXAMPLE)
    assert note.checkpoint.origin == "example.com/behind-the-sofa"
    assert note.checkpoint.tree_size == 20852163
    assert note.text() == C2SP_EXAMPLE
    assert verified_signers(note, {}) == []
    assert verified_signers(note, KNOWN) == []


chain_ids = st.text(st.characters(codec="utf-8"), max_size=20).filter(is_valid_key_name)


@given(
    chain_id=chain_ids,
    tree_size=st.integers(min_value=0, max_value=2**63 - 1),
    root_hash=st.binary(min_size=32, max_size=32),
    seeds=st.lists(st.binary(min_size=32, max_size=32), min_size=1, max_size=10),
)
def test_round_trip(chain_id: str, tree_size: int, root_hash: bytes, seeds: list[bytes]) -> None:
    checkpoint = Checkpoint(checkpoint_origin(chain_id), tree_size, root_hash)
    assert Checkpoint.parse_body(checkpoint.body()) == checkpoint
    keys = [NodeKey.from_seed(f"v{i}", seed) for i, seed in enumerate(seeds)]
    note = _signed(checkpoint, *keys)
    assert SignedCheckpoint.parse(note.text()) == note
    assert SignedCheckpoint.parse(note.text().encode()) == note
    known = {k.name: k.public_key for k in keys}
    assert verified_signers(note, known) == [k.name for k in keys]
    for line, key in zip(note.signatures, keys, strict=True):
        checkpoint_signature_for(checkpoint, key.public_key, line.signature)


def test_signature_order_is_kept() -> None:
    note = _signed(EMPTY, NOTARY_C, NOTARY_A, NOTARY_B)
    assert [s.name for s in SignedCheckpoint.parse(note.text()).signatures] == [
        "notary-c",
        "notary-a",
        "notary-b",
    ]
    assert verified_signers(note, KNOWN) == ["notary-c", "notary-a", "notary-b"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (BODY[:-1], "end with a newline"),
        (BODY + "extension\n", "no extension lines"),
        (f"cunzheng/test-chain\n{ROOT_B64}\n", "expected origin, size, root"),
        (BODY.replace("\n0\n", "\n00\n"), "leading zeroes"),
        (BODY.replace("\n0\n", "\n01\n"), "leading zeroes"),
        (BODY.replace("\n0\n", "\n-1\n"), "not a decimal"),
        (BODY.replace("\n0\n", "\n+1\n"), "not a decimal"),
        (BODY.replace("\n0\n", "\n 1\n"), "not a decimal"),
        (BODY.replace("\n0\n", "\n0x1\n"), "not a decimal"),
        (BODY.replace("\n0\n", "\n\u0661\n"), "not a decimal"),  # ARABIC-INDIC DIGIT ONE
        (BODY.replace("\n0\n", "\n\n"), "not a decimal"),
        (BODY.replace("\n0\n", "\n9223372036854775808\n"), "between 0 and"),
        (BODY.replace("\n0\n", "\n10000000000000000000\n"), "not a decimal"),
        (BODY.replace(ROOT_B64, ROOT_B64[:-1]), "base64"),
        (BODY.replace(ROOT_B64, ROOT_B64[:-2] + "V="), "canonical base64"),
        (BODY.replace(ROOT_B64, base64.b64encode(bytes(31)).decode()), "32 bytes, got 31"),
        (BODY.replace(ROOT_B64, base64.b64encode(bytes(33)).decode()), "32 bytes, got 33"),
        (BODY.replace("cunzheng/test-chain", ""), "origin"),
    ],
)
def test_parse_body_is_strict(body: str, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        Checkpoint.parse_body(body)


@pytest.mark.parametrize(
    ("origin", "tree_size", "root_hash"),
    [
        ("", 0, EMPTY_ROOT),
        ("cunzheng/a\nb", 0, EMPTY_ROOT),
        ("cunzheng/a", -1, EMPTY_ROOT),
        ("cunzheng/a", 2**63, EMPTY_ROOT),
        ("cunzheng/a", True, EMPTY_ROOT),
        ("cunzheng/a", 0, EMPTY_ROOT[:31]),
    ],
)
def test_checkpoint_rejects_bad_fields(origin: str, tree_size: int, root_hash: bytes) -> None:
    with pytest.raises(DecodeError):
        Checkpoint(origin, tree_size, root_hash)


@pytest.mark.parametrize("chain_id", ["", "a b", "a+b", "a\nb", "x" * 65])
def test_checkpoint_origin_rejects_bad_chain_ids(chain_id: str) -> None:
    with pytest.raises(DecodeError, match="chain id"):
        checkpoint_origin(chain_id)


def test_note_signature_line() -> None:
    line = sign_checkpoint(EMPTY, NOTARY_A)
    assert line.line().startswith("\u2014 notary-a ")
    assert NoteSignature.parse(line.line()) == line
    with pytest.raises(DecodeError):
        NoteSignature("a b", bytes(4), bytes(64))
    with pytest.raises(DecodeError):
        NoteSignature("a", bytes(3), bytes(64))
    with pytest.raises(DecodeError):
        NoteSignature("a", bytes(4), b"")


GOOD_LINE = sign_checkpoint(EMPTY, NOTARY_A).line()


@pytest.mark.parametrize(
    "line",
    [
        GOOD_LINE[:-1],
        GOOD_LINE.replace("\u2014", "-", 1),
        GOOD_LINE.replace("\u2014 ", "\u2014", 1),
        GOOD_LINE.replace("notary-a ", "notary-a", 1),
        GOOD_LINE.replace("notary-a", "notary+a", 1),
        GOOD_LINE.replace("notary-a", "Bad Name", 1),
        GOOD_LINE.replace("notary-a ", "notary-a  ", 1),
        GOOD_LINE[:-2] + "\n",
        GOOD_LINE[:-1] + " \n",
        "\u2014 notary-a AAAAAA==\n",  # 4 bytes: a key hash without a signature
        "\u2014 notary-a \n",
    ],
)
def test_note_signature_parse_is_strict(line: str) -> None:
    with pytest.raises(DecodeError):
        NoteSignature.parse(line)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BODY, "no blank line"),
        (BODY + "\n", "no signature lines"),
        (NOTARY_A_EMPTY_NOTE[:-1], "must end with a newline"),
        (NOTARY_A_EMPTY_NOTE + "Unexpected line.\n", "malformed signature line"),
        (NOTARY_A_EMPTY_NOTE + "\n", "no signature lines"),
        (BODY + GOOD_LINE, "no blank line"),
        ("\x01" + NOTARY_A_EMPTY_NOTE, "control character"),
        (NOTARY_A_EMPTY_NOTE.replace("\n", "\r\n"), "control character"),
        (NOTARY_A_EMPTY_NOTE.replace("cunzheng/", "cunzheng/\ud800"), "not valid UTF-8"),
        (b"\xff" + NOTARY_A_EMPTY_NOTE.encode(), "not valid UTF-8"),
        (BODY + "\n" + GOOD_LINE * (MAX_SIGNATURE_LINES + 1), "101 signature lines"),
        (BODY + "extension\n\n" + GOOD_LINE, "no extension lines"),
        (BODY + "\n\n" + GOOD_LINE, "lines"),
        ("x" * (MAX_NOTE_BYTES - 2) + "\u2014", f"over {MAX_NOTE_BYTES} bytes"),
        (NOTARY_A_EMPTY_NOTE + "x" * MAX_NOTE_BYTES, f"over {MAX_NOTE_BYTES} bytes"),
    ],
)
def test_parse_is_strict(text: str | bytes, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        SignedCheckpoint.parse(text)


def test_parse_accepts_the_maximum_number_of_lines() -> None:
    note = SignedCheckpoint.parse(BODY + "\n" + GOOD_LINE * MAX_SIGNATURE_LINES)
    assert len(note.signatures) == MAX_SIGNATURE_LINES
    assert verified_signers(note, KNOWN) == ["notary-a"]


def test_signed_checkpoint_needs_one_to_100_lines() -> None:
    with pytest.raises(DecodeError, match="1 to 100 signature lines"):
        SignedCheckpoint(EMPTY, ())
    line = sign_checkpoint(EMPTY, NOTARY_A)
    with pytest.raises(DecodeError, match="got 101"):
        SignedCheckpoint(EMPTY, (line,) * 101)


def test_unknown_keys_are_ignored() -> None:
    note = _signed(EMPTY, NOTARY_A, NOTARY_B)
    assert verified_signers(note, {"notary-a": NOTARY_A.public_key}) == ["notary-a"]
    assert verified_signers(note, {}) == []
    # Same name, other key (so another key hash): not this key's line, so ignored (C2SP).
    assert verified_signers(note, {"notary-a": NOTARY_C.public_key}) == []
    # Same key hash under another name: ignored too.
    impostor = NoteSignature("notary-z", key_hash("notary-a", NOTARY_A.public_key), bytes(64))
    assert verified_signers(SignedCheckpoint(EMPTY, (impostor,)), KNOWN) == []


def test_unknown_signature_types_are_ignored() -> None:
    # A 72-byte witness cosignature (C2SP tlog-cosignature, type 0x04) from an unknown key.
    witness = NoteSignature("witness.example", bytes(4), bytes(72))
    note = SignedCheckpoint(EMPTY, (sign_checkpoint(EMPTY, NOTARY_A), witness))
    assert SignedCheckpoint.parse(note.text()) == note
    assert verified_signers(note, KNOWN) == ["notary-a"]


def test_duplicate_lines_count_once() -> None:
    line = sign_checkpoint(EMPTY, NOTARY_A)
    note = SignedCheckpoint(EMPTY, (line, sign_checkpoint(EMPTY, NOTARY_B), line))
    assert verified_signers(SignedCheckpoint.parse(note.text()), KNOWN) == ["notary-a", "notary-b"]


def _forged(line: NoteSignature, signature: bytes) -> NoteSignature:
    return NoteSignature(line.name, line.key_hash, signature)


def test_forged_lines_from_known_keys_raise() -> None:
    line = sign_checkpoint(EMPTY, NOTARY_A)
    other_checkpoint = Checkpoint(EMPTY.origin, 1, EMPTY_ROOT)
    forgeries = [
        _forged(line, bytes([line.signature[0] ^ 1]) + line.signature[1:]),
        _forged(line, line.signature[:-1] + bytes([line.signature[-1] ^ 0x80])),
        _forged(line, sign_checkpoint(other_checkpoint, NOTARY_A).signature),
        _forged(line, NOTARY_B.sign_message(EMPTY.body().encode())),
        _forged(line, line.signature + bytes(8)),
    ]
    for forged in forgeries:
        for lines in [(forged,), (line, forged), (forged, line)]:
            note = SignedCheckpoint.parse(SignedCheckpoint(EMPTY, lines).text())
            with pytest.raises(SignatureError, match=r"known key notary-a.*does not verify"):
                verified_signers(note, KNOWN)


def test_spliced_signature_line_raises() -> None:
    # As TestOpen in golang.org/x/mod sumdb/note: base64 spliced into a known key's line.
    spliced = NOTARY_A_EMPTY_NOTE[:-30] + "ABCD" + NOTARY_A_EMPTY_NOTE[-30:]
    with pytest.raises(SignatureError, match="notary-a"):
        verified_signers(SignedCheckpoint.parse(spliced), KNOWN)


def test_checkpoint_signature_for() -> None:
    signature = sign_checkpoint(EMPTY, NOTARY_A).signature
    checkpoint_signature_for(EMPTY, NOTARY_A.public_key, signature)
    with pytest.raises(SignatureError, match="does not verify"):
        checkpoint_signature_for(EMPTY, NOTARY_B.public_key, signature)
    with pytest.raises(SignatureError, match="does not verify"):
        checkpoint_signature_for(
            Checkpoint(EMPTY.origin, 1, EMPTY_ROOT), NOTARY_A.public_key, signature
        )
    with pytest.raises(SignatureError, match="64 bytes, got 63"):
        checkpoint_signature_for(EMPTY, NOTARY_A.public_key, signature[:63])
    with pytest.raises(SignatureError, match="32 bytes, got 0"):
        checkpoint_signature_for(EMPTY, b"", signature)


def test_verified_signers_rejects_malformed_known_keys() -> None:
    note = _signed(EMPTY, NOTARY_A)
    with pytest.raises(DecodeError, match="32 bytes"):
        verified_signers(note, {"notary-a": b"short"})
