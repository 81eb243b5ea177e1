"""RFC 3161 tokens over checkpoints (ledger/timestamp.py), against a local `openssl ts` TSA.

The TSA, its CA and a second, unrelated CA are made once per module with the openssl CLI
(tests/support/tsa.py), so these tests run openssl and write its files in a temporary directory.
Each way a token can fail is a named mutation of a good token and must raise TimestampError with its
own `check` and a message that says what is wrong.
"""

import base64
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from hashlib import sha256
from pathlib import Path

import pytest
from asn1crypto import cms  # type: ignore[import-untyped]
from cryptography import x509

from cunzheng.ledger.bundle import verify_bundle
from cunzheng.ledger.checkpoint import Checkpoint
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.timestamp import (
    TimestampError,
    check_time_stamping_purpose,
    load_trust_anchors,
    token_from_response,
    verify_timestamp,
    verify_token,
)
from cunzheng.node.timestamper import timestamp_request
from tests.support.chain_factory import build_chain, sample_entry
from tests.support.tsa import (
    POLICY_OID,
    TSA_NAME,
    LocalTsa,
    issue_certificate,
    make_ca,
    make_tsa,
    openssl,
    sign_without_time_stamping_purpose,
)

BODY = Checkpoint("cunzheng/cunzheng-test", 9, sha256(b"root").digest()).body()
OTHER_BODY = Checkpoint("cunzheng/cunzheng-test", 10, sha256(b"later root").digest()).body()


@dataclass(frozen=True)
class Authorities:
    """The local TSA, a token it made over BODY, and the trust anchors of two CAs."""

    tsa: LocalTsa
    token: bytes
    anchors: tuple[x509.Certificate, ...]  # the TSA's own CA
    other_anchors: tuple[x509.Certificate, ...]  # a CA that never certified this TSA


@pytest.fixture(scope="module")
def authorities(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Authorities]:
    root = tmp_path_factory.mktemp("tsa")
    tsa = make_tsa(root / "tsa")
    other_ca, _ = make_ca(root / "other", "another test CA")
    yield Authorities(
        tsa,
        tsa.stamp(BODY.encode("utf-8")),
        load_trust_anchors(tsa.ca_pem.read_bytes()),
        load_trust_anchors(other_ca.read_bytes()),
    )


def test_a_token_from_the_local_tsa_verifies(authorities: Authorities) -> None:
    verdict = verify_token(authorities.token, BODY, authorities.anchors)
    assert verdict.tsa_name == TSA_NAME
    assert verdict.anchor_name == "CN=cunzheng test CA"
    assert verdict.policy == POLICY_OID
    assert verdict.gen_time.utcoffset() == timedelta(0)
    assert verdict.serial_number >= 1


def test_our_request_is_answered_and_the_answer_checked(authorities: Authorities) -> None:
    answer = authorities.tsa.reply(timestamp_request(BODY, nonce=0x1234_5678_9ABC))
    token = token_from_response(answer, BODY, 0x1234_5678_9ABC)
    assert verify_token(token, BODY, authorities.anchors).tsa_name == TSA_NAME
    with pytest.raises(TimestampError, match="answers another request") as replayed:
        token_from_response(answer, BODY, 42)
    assert replayed.value.check == "response"
    with pytest.raises(TimestampError, match="stamps another checkpoint"):
        token_from_response(answer, OTHER_BODY, 0x1234_5678_9ABC)


def test_a_refusal_by_the_tsa_is_reported_with_its_reason(authorities: Authorities) -> None:
    # The TSA's configuration accepts SHA-256/384/512 imprints only: SHA-1 is refused.
    query = openssl("ts", "-query", "-sha1", "-cert", "-out", "-", data=BODY.encode())
    with pytest.raises(TimestampError, match="answered rejection") as refused:
        token_from_response(authorities.tsa.reply(query), BODY, 0)
    assert refused.value.check == "response"


def _flip_last_byte(token: bytes, authorities: Authorities) -> bytes:
    # The SignerInfo comes last and ends with its signature (no unsigned attributes).
    signer_info = cms.ContentInfo.load(token)["content"]["signer_infos"][0]
    assert token.endswith(signer_info["signature"].native)
    return token[:-1] + bytes([token[-1] ^ 0x01])


def _backdate_gen_time(token: bytes, authorities: Authorities) -> bytes:
    # Edit genTime inside the signed TSTInfo, as a forger who wants an earlier time would.
    tst_info = cms.ContentInfo.load(token)["content"]["encap_content_info"]["content"].parsed
    encoded = tst_info["gen_time"].dump()  # tag, length, "YYYYMMDDhhmmssZ"
    assert token.count(encoded) == 1
    year_digit = b"5" if encoded[5:6] != b"5" else b"4"  # a year or more earlier
    return token.replace(encoded, encoded[:5] + year_digit + encoded[6:])


def _resign_without_purpose(token: bytes, authorities: Authorities) -> bytes:
    return sign_without_time_stamping_purpose(authorities.tsa, token)


def _truncate(token: bytes, authorities: Authorities) -> bytes:
    return token[:-10]


@pytest.mark.parametrize(
    ("mutate", "check", "message"),
    [
        (_flip_last_byte, "signature", "over its signed attributes does not verify"),
        (_backdate_gen_time, "signature", "the TSTInfo was altered after signing"),
        (_resign_without_purpose, "certificate", "has no extendedKeyUsage"),
        (_truncate, "malformed", "cannot be decoded"),
    ],
    ids=["flipped-signature-byte", "backdated-gen-time", "tsa-cert-without-eku", "truncated"],
)
def test_a_mutated_token_is_refused(
    authorities: Authorities,
    mutate: Callable[[bytes, Authorities], bytes],
    check: str,
    message: str,
) -> None:
    with pytest.raises(TimestampError, match=message) as refused:
        verify_token(mutate(authorities.token, authorities), BODY, authorities.anchors)
    assert refused.value.check == check
    assert str(refused.value).startswith("RFC 3161 time-stamp token: ")


def test_a_token_over_another_checkpoint_is_refused(authorities: Authorities) -> None:
    with pytest.raises(TimestampError, match="the token stamps another checkpoint") as refused:
        verify_token(authorities.token, OTHER_BODY, authorities.anchors)
    assert refused.value.check == "imprint"


def test_a_tsa_not_certified_by_the_anchors_is_refused(authorities: Authorities) -> None:
    with pytest.raises(TimestampError, match="does not chain to a trust anchor given") as refused:
        verify_token(authorities.token, BODY, authorities.other_anchors)
    assert refused.value.check == "chain"
    assert "another test CA" in str(refused.value)
    with pytest.raises(TimestampError, match="no trust anchor was given"):
        verify_token(authorities.token, BODY, ())


def test_a_non_critical_time_stamping_purpose_is_refused(authorities: Authorities) -> None:
    cert, _ = issue_certificate(
        authorities.tsa.directory, "non-critical", "extendedKeyUsage=timeStamping\n"
    )
    with pytest.raises(
        TimestampError, match=r"non-critical extendedKeyUsage 1\.3\.6\.1\.5\.5\.7\.3\.8"
    ):
        check_time_stamping_purpose(x509.load_pem_x509_certificate(cert.read_bytes()))


def test_trust_anchors_must_be_pem_certificates() -> None:
    with pytest.raises(DecodeError, match="no PEM certificate"):
        load_trust_anchors(b"not a certificate")


def test_a_bundle_token_is_checked_against_the_bundle_checkpoint(
    authorities: Authorities, tmp_path: Path
) -> None:
    entry = sample_entry(0)
    chain = build_chain(tmp_path / "store", [[entry]])
    try:
        bundle = chain.bundle(entry)
    finally:
        chain.close()
    assert "timestamp_token" not in bundle
    body = bundle["checkpoint"].split("\n\n")[0] + "\n"
    bundle["timestamp_token"] = authorities.tsa.stamp(body.encode()).hex()
    verify_bundle(bundle)  # the token is an optional part verify_bundle leaves alone
    assert verify_timestamp(bundle, authorities.anchors).tsa_name == TSA_NAME
    bundle["timestamp_token"] = authorities.token.hex()
    with pytest.raises(TimestampError, match="stamps another checkpoint"):
        verify_timestamp(bundle, authorities.anchors)
    bundle["timestamp_token"] = base64.b64encode(authorities.token).decode()
    with pytest.raises(DecodeError, match="timestamp_token"):
        verify_timestamp(bundle, authorities.anchors)
    del bundle["timestamp_token"]
    with pytest.raises(DecodeError, match="carries no timestamp_token"):
        verify_timestamp(bundle, authorities.anchors)
