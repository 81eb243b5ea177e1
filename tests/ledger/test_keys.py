"""Tests for ledger/keys.py: tagged signatures, C2SP verifier keys and key files."""

import base64
import json
import os
import re
import stat
from itertools import permutations
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cunzheng.ledger.errors import DecodeError, KeyFileError, SignatureError
from cunzheng.ledger.keys import (
    ENTRY_SIGNATURE_TAG,
    GOVERNANCE_SIGNATURE_TAG,
    PEER_AUTH_SIGNATURE_TAG,
    PROPOSAL_SIGNATURE_TAG,
    RECEIPT_SIGNATURE_TAG,
    SIGNATURE_TAGS,
    VOTE_SIGNATURE_TAG,
    NodeKey,
    decode_base64,
    is_valid_key_name,
    is_valid_signature,
    key_hash,
    load_key_file,
    parse_vkey,
    verify_message_signature,
    verify_signature,
    vkey,
    write_key_file,
)

# Known answers for the seed bytes(range(32)) named "notary-a", computed with OpenSSL 3, not
# with PyNaCl:
#   printf '302e020100300506032b657004220420%s' "$(seq -f %02g 0 31 | xargs printf '%02x')" \
#     | xxd -r -p > seed.der     # PKCS#8 wrapper around the 32-byte seed 00 01 02 .. 1f
#   openssl pkey -inform DER -in seed.der -pubout -outform DER | tail -c 32 | xxd -p -c 64
#   { printf 'notary-a\n\x01'; echo -n "$PK" | xxd -r -p; } | sha256sum | cut -c1-8
#   { printf '\x01'; echo -n "$PK" | xxd -r -p; } | base64 -w0
#   printf 'cunzheng/entry/v1\x00hello' > m
#   openssl pkeyutl -sign -inkey seed.der -keyform DER -rawin -in m | xxd -p -c 128
NOTARY_A_SEED = bytes(range(32))
NOTARY_A_PUBLIC_KEY = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8"
NOTARY_A_KEY_HASH = "6963b792"
NOTARY_A_VKEY = "notary-a+6963b792+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
NOTARY_A_ENTRY_SIGNATURE_OF_HELLO = (
    "d7221d73817f559aacd01aafd09b9b7a838597bc937866b29e9baaac3f42bd87"
    "4ba4da138f5b080b654c333dbdc2efc585cfef3d28001ede4ac080113b3b0f09"
)

# RFC 8032 §7.1, TEST 2 (one-byte message 0x72).
RFC8032_SEED = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"
RFC8032_PUBLIC_KEY = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
RFC8032_SIGNATURE = (
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
    "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
)

# golang.org/x/mod sumdb/note/note_test.go (TestNewVerifier, TestNewSigner, TestSign, TestOpen).
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"

ALL_TAGS = [
    ENTRY_SIGNATURE_TAG,
    PROPOSAL_SIGNATURE_TAG,
    VOTE_SIGNATURE_TAG,
    RECEIPT_SIGNATURE_TAG,
    PEER_AUTH_SIGNATURE_TAG,
    GOVERNANCE_SIGNATURE_TAG,
]


@pytest.fixture(scope="module")
def notary_a() -> NodeKey:
    return NodeKey.from_seed("notary-a", NOTARY_A_SEED)


def test_notary_a_known_answers(notary_a: NodeKey) -> None:
    assert notary_a.public_key.hex() == NOTARY_A_PUBLIC_KEY
    assert key_hash("notary-a", notary_a.public_key).hex() == NOTARY_A_KEY_HASH
    assert vkey("notary-a", notary_a.public_key) == NOTARY_A_VKEY
    signature = notary_a.sign(ENTRY_SIGNATURE_TAG, b"hello")
    assert signature.hex() == NOTARY_A_ENTRY_SIGNATURE_OF_HELLO


def test_rfc8032_test_2() -> None:
    key = NodeKey.from_seed("rfc8032", bytes.fromhex(RFC8032_SEED))
    assert key.public_key.hex() == RFC8032_PUBLIC_KEY
    assert key.sign_message(b"\x72").hex() == RFC8032_SIGNATURE
    verify_message_signature(key.public_key, b"\x72", bytes.fromhex(RFC8032_SIGNATURE))


def test_signature_tags_are_design_md_list() -> None:
    assert sorted(SIGNATURE_TAGS) == sorted(ALL_TAGS)
    assert len(SIGNATURE_TAGS) == 6
    assert all(tag.startswith(b"cunzheng/") and b"\x00" not in tag for tag in SIGNATURE_TAGS)


def test_repr_hides_seed(notary_a: NodeKey) -> None:
    assert NOTARY_A_SEED.hex() not in repr(notary_a)
    assert repr(NOTARY_A_SEED) not in repr(notary_a)
    assert "notary-a" in repr(notary_a)


def test_node_key_equality_ignores_cache(notary_a: NodeKey) -> None:
    again = NodeKey("notary-a", NOTARY_A_SEED)
    assert again == notary_a
    assert hash(again) == hash(notary_a)


@pytest.mark.parametrize(
    ("name", "seed"),
    [("notary a", NOTARY_A_SEED), ("a+b", NOTARY_A_SEED), ("", NOTARY_A_SEED), ("n", bytes(31))],
)
def test_node_key_rejects_bad_fields(name: str, seed: bytes) -> None:
    with pytest.raises(DecodeError):
        NodeKey.from_seed(name, seed)


@pytest.mark.parametrize("tag", ALL_TAGS)
def test_sign_and_verify_each_tag(notary_a: NodeKey, tag: bytes) -> None:
    signature = notary_a.sign(tag, b"payload")
    verify_signature(notary_a.public_key, tag, b"payload", signature)
    assert is_valid_signature(notary_a.public_key, tag, b"payload", signature)


@pytest.mark.parametrize(("signed_tag", "checked_tag"), list(permutations(ALL_TAGS, 2)))
def test_tags_do_not_cross(notary_a: NodeKey, signed_tag: bytes, checked_tag: bytes) -> None:
    signature = notary_a.sign(signed_tag, b"same payload")
    with pytest.raises(SignatureError, match="does not verify"):
        verify_signature(notary_a.public_key, checked_tag, b"same payload", signature)
    assert not is_valid_signature(notary_a.public_key, checked_tag, b"same payload", signature)


def test_vote_signature_is_not_an_entry_signature(notary_a: NodeKey) -> None:
    signature = notary_a.sign(VOTE_SIGNATURE_TAG, b"x")
    with pytest.raises(SignatureError, match="cunzheng/entry/v1 signature does not verify"):
        verify_signature(notary_a.public_key, ENTRY_SIGNATURE_TAG, b"x", signature)


def test_raw_message_signature_is_not_a_tagged_signature(notary_a: NodeKey) -> None:
    signature = notary_a.sign_message(ENTRY_SIGNATURE_TAG + b"x")
    assert not is_valid_signature(notary_a.public_key, ENTRY_SIGNATURE_TAG, b"x", signature)
    signature = notary_a.sign(ENTRY_SIGNATURE_TAG, b"x")
    verify_message_signature(notary_a.public_key, ENTRY_SIGNATURE_TAG + b"\x00x", signature)


def test_unknown_tag_refused(notary_a: NodeKey) -> None:
    with pytest.raises(SignatureError, match="unknown signature purpose tag"):
        notary_a.sign(b"cunzheng/other/v1", b"x")
    signature = notary_a.sign(ENTRY_SIGNATURE_TAG, b"x")
    with pytest.raises(SignatureError, match="unknown signature purpose tag"):
        verify_signature(notary_a.public_key, b"cunzheng/entry/v1\x00", b"x", signature)


def test_mutations_fail_verification(notary_a: NodeKey) -> None:
    signature = notary_a.sign(RECEIPT_SIGNATURE_TAG, b"payload")
    other = NodeKey.from_seed("other", bytes(32)).public_key
    flipped = bytes([signature[0] ^ 1]) + signature[1:]
    for key, payload, sig in [
        (notary_a.public_key, b"payloae", signature),
        (notary_a.public_key, b"payload", flipped),
        (other, b"payload", signature),
    ]:
        with pytest.raises(SignatureError, match="does not verify"):
            verify_signature(key, RECEIPT_SIGNATURE_TAG, payload, sig)
        assert not is_valid_signature(key, RECEIPT_SIGNATURE_TAG, payload, sig)


def test_wrong_lengths_fail_verification(notary_a: NodeKey) -> None:
    signature = notary_a.sign(ENTRY_SIGNATURE_TAG, b"")
    with pytest.raises(SignatureError, match="must be 32 bytes, got 31"):
        verify_signature(notary_a.public_key[:31], ENTRY_SIGNATURE_TAG, b"", signature)
    with pytest.raises(SignatureError, match="signature must be 64 bytes, got 63"):
        verify_signature(notary_a.public_key, ENTRY_SIGNATURE_TAG, b"", signature[:63])
    assert not is_valid_signature(notary_a.public_key, ENTRY_SIGNATURE_TAG, b"", signature + b"x")


@given(st.binary(max_size=300), st.sampled_from(ALL_TAGS))
def test_sign_verify_property(payload: bytes, tag: bytes) -> None:
    key = NodeKey.from_seed("notary-a", NOTARY_A_SEED)
    assert is_valid_signature(key.public_key, tag, payload, key.sign(tag, payload))


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("notary-a", True),
        ("example.com/log42", True),
        ("公证处", True),
        ("x" * 64, True),
        ("x" * 65, False),
        ("", False),
        ("a b", False),
        ("a+b", False),
        ("a\u3000b", False),  # ideographic space
        ("a\tb", False),
        ("a\nb", False),
        ("a\x00b", False),
    ],
)
def test_is_valid_key_name(name: str, valid: bool) -> None:
    assert is_valid_key_name(name) is valid


def test_decode_base64_is_strict() -> None:
    assert decode_base64("AAE=", "x") == b"\x00\x01"
    for bad in ["AAE", "AAF=", "AA E=", "AAE=\n", "AA-_", "!!!!"]:
        with pytest.raises(DecodeError):
            decode_base64(bad, "x")


def test_vkey_round_trip(notary_a: NodeKey) -> None:
    assert parse_vkey(NOTARY_A_VKEY) == ("notary-a", notary_a.public_key)


def test_go_sumdb_note_peter_neumann_keys() -> None:
    name, public_key = parse_vkey(PETER_VKEY)
    assert name == "PeterNeumann"
    assert key_hash(name, public_key).hex() == "c74f20a3"
    # The Go signer key is PRIVATE+KEY+<name>+<hash>+base64(0x01 ‖ seed).
    typed_seed = base64.b64decode(PETER_SKEY.split("+", 4)[4])
    assert typed_seed[0] == 1
    key = NodeKey.from_seed("PeterNeumann", typed_seed[1:])
    assert key.public_key == public_key
    assert vkey(name, key.public_key) == PETER_VKEY
    name, public_key = parse_vkey(ENOCH_VKEY)
    assert (name, key_hash(name, public_key).hex()) == ("EnochRoot", "af0cfe78")


def test_go_sumdb_note_vkey_manglings_rejected() -> None:
    # Port of TestNewVerifier: every proper substring and every one-byte change must fail.
    for i in range(len(PETER_VKEY) + 1):
        for j in range(i + 1, len(PETER_VKEY) + 1):
            if (i, j) != (0, len(PETER_VKEY)):
                with pytest.raises(DecodeError):
                    parse_vkey(PETER_VKEY[i:j])
    for i in range(len(PETER_VKEY)):
        mangled = PETER_VKEY[:i] + chr(ord(PETER_VKEY[i]) + 1) + PETER_VKEY[i + 1 :]
        with pytest.raises(DecodeError):
            parse_vkey(mangled)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("notary-a+6963b792", "must be <name>"),
        ("notary-a", "must be <name>"),
        ("notary a+6963b792+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4", "not a C2SP key name"),
        ("notary-a+6963B792+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4", "8 lowercase hex"),
        ("notary-a+6963b792+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG", "base64"),
        ("notary-a+6963b792+AgOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4", "type 0x02"),
        ("notary-a+6963b793+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4", "mistyped or altered"),
        ("notary-b+6963b792+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4", "mistyped or altered"),
        (NOTARY_A_VKEY + "\n", "base64"),
        # From TestNewVerifier: wrong key length and unknown algorithm, hashes adjusted.
        ("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==", "base64"),
        ("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "0x65"),
    ],
)
def test_parse_vkey_rejects(text: str, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        parse_vkey(text)


def test_key_hash_rejects_bad_inputs(notary_a: NodeKey) -> None:
    with pytest.raises(DecodeError, match="32 bytes, got 31"):
        key_hash("notary-a", notary_a.public_key[:31])
    with pytest.raises(DecodeError, match="not a C2SP key name"):
        vkey("a+b", notary_a.public_key)


def test_key_file_round_trip(tmp_path: Path, notary_a: NodeKey) -> None:
    path = tmp_path / "notary-a.key"
    vkey_path = write_key_file(path, notary_a)
    assert vkey_path == tmp_path / "notary-a.vkey"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert vkey_path.read_text() == NOTARY_A_VKEY + "\n"
    assert json.loads(path.read_text()) == {
        "name": "notary-a",
        "public_key": NOTARY_A_PUBLIC_KEY,
        "private_key": NOTARY_A_SEED.hex(),
    }
    assert load_key_file(path) == notary_a
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notary-a.key", "notary-a.vkey"]


def test_key_file_mode_is_0600_despite_umask(tmp_path: Path, notary_a: NodeKey) -> None:
    old = os.umask(0o000)
    try:
        write_key_file(tmp_path / "k.key", notary_a)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "k.key").stat().st_mode) == 0o600


def test_key_file_never_overwritten(tmp_path: Path, notary_a: NodeKey) -> None:
    path = tmp_path / "notary-a.key"
    write_key_file(path, notary_a)
    other = NodeKey.from_seed("notary-b", bytes(32))
    with pytest.raises(KeyFileError, match="already exists"):
        write_key_file(path, other)
    assert load_key_file(path) == notary_a
    (tmp_path / "notary-a.key").unlink()
    with pytest.raises(KeyFileError, match=r"notary-a\.vkey already exists"):
        write_key_file(path, other)
    write_key_file(path, other, overwrite=True)
    assert load_key_file(path) == other
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_key_file_refuses_its_own_vkey_name(tmp_path: Path, notary_a: NodeKey) -> None:
    with pytest.raises(KeyFileError, match="its own vkey"):
        write_key_file(tmp_path / "n.vkey", notary_a)


def test_key_file_stale_temporary(tmp_path: Path, notary_a: NodeKey) -> None:
    (tmp_path / ".n.key.tmp").write_bytes(b"")
    with pytest.raises(KeyFileError, match="interrupted write"):
        write_key_file(tmp_path / "n.key", notary_a)
    assert not (tmp_path / "n.key").exists()


def test_key_file_refused_when_group_readable(tmp_path: Path, notary_a: NodeKey) -> None:
    path = tmp_path / "n.key"
    write_key_file(path, notary_a)
    path.chmod(0o644)
    with pytest.raises(KeyFileError, match=f"mode 0644.*chmod 600 {re.escape(str(path))}"):
        load_key_file(path)
    path.chmod(0o600)
    assert load_key_file(path) == notary_a


def test_key_file_missing(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match=r"does not exist.*cunzheng keygen"):
        load_key_file(tmp_path / "absent.key")


def test_key_file_directory(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir(mode=0o700)
    with pytest.raises(KeyFileError, match="not a regular file"):
        load_key_file(tmp_path / "dir")


def _private_file(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    path.chmod(0o600)
    return path


def _document(**changes: object) -> bytes:
    document: dict[str, object] = {
        "name": "notary-a",
        "public_key": NOTARY_A_PUBLIC_KEY,
        "private_key": NOTARY_A_SEED.hex(),
    }
    document.update(changes)
    return json.dumps({k: v for k, v in document.items() if v is not None}).encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not UTF-8 JSON"),
        (b"\xff\xfe", "not UTF-8 JSON"),
        (b"[]", "must hold a JSON object, got list"),
        (_document(private_key=None), r"missing: \['private_key'\]"),
        (_document(extra="x"), r"unknown: \['extra'\]"),
        (_document(name="a b"), "not a C2SP key name"),
        (_document(name=7), "not a C2SP key name"),
        (_document(private_key=NOTARY_A_SEED.hex()[:-2]), "private_key must be 64.*62 char"),
        (_document(private_key=NOTARY_A_SEED.hex().upper()), "64 lowercase hex"),
        (_document(private_key=5), "got int"),
        (_document(public_key="zz" * 32), "public_key must be 64 lowercase hex"),
        (_document(public_key="00" * 32), "corrupt: public key does not match private key"),
        (b" " * 5000, "over 4096 bytes"),
    ],
)
def test_key_file_corrupt(tmp_path: Path, content: bytes, message: str) -> None:
    path = _private_file(tmp_path / "n.key", content)
    with pytest.raises(KeyFileError, match=message):
        load_key_file(path)


def test_key_file_errors_never_echo_the_private_key(tmp_path: Path) -> None:
    seed_hex = NOTARY_A_SEED.hex()
    for content in [_document(private_key=seed_hex[:-1]), _document(private_key=seed_hex + "0")]:
        path = _private_file(tmp_path / "n.key", content)
        with pytest.raises(KeyFileError) as caught:
            load_key_file(path)
        assert seed_hex[:16] not in str(caught.value)
