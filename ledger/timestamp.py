"""RFC 3161 time-stamp tokens over checkpoints (docs/time.md, "RFC 3161 time-stamp tokens").

A token is a CMS SignedData (RFC 5652) whose encapsulated content is a TSTInfo (RFC 3161
§2.4.2). cunzheng's message imprint is SHA-256 of the checkpoint body: the note text before
the blank line, trailing newline included. `verify_token` trusts a token only when

1. its message imprint is SHA-256 of the checkpoint body;
2. its signer's certificate carries a critical extendedKeyUsage of exactly id-kp-timeStamping
   (RFC 3161 §2.3) and chains to one of the trust anchors given, valid at the token's genTime;
3. its signed attributes hold content-type id-ct-TSTInfo, a message-digest equal to the hash
   of the encapsulated TSTInfo (RFC 5652 §11.1, §11.2) and an ESS signing-certificate (v1 or
   v2) naming the signer's certificate (RFC 3161 §2.4.1, RFC 5816);
4. the signer's signature over those attributes verifies (RFC 5652 §5.4).

asn1crypto parses the ASN.1; cryptography checks every signature and the certificate chain.
Nothing here reads the clock: certificates are judged at the token's own genTime, and
revocation (CRL, OCSP) is not checked.
"""

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from asn1crypto import cms, core, tsp  # type: ignore[import-untyped]
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import verification
from cryptography.x509.oid import ExtendedKeyUsageOID

from cunzheng.ledger.checkpoint import SignedCheckpoint
from cunzheng.ledger.errors import DecodeError, LedgerError
from cunzheng.ledger.fields import check_hex

MAX_TOKEN_BYTES = 64 * 1024
IMPRINT_ALGORITHM = "sha256"
# Digests a TSA may sign with; SHA-1 and MD5 are refused (RFC 8017 §B.1 no longer recommends).
_SIGNATURE_HASHES: dict[str, hashes.HashAlgorithm] = {
    h.name: h for h in (hashes.SHA256(), hashes.SHA384(), hashes.SHA512())
}
# An ESS certificate hash only names a certificate already checked, so v1's SHA-1 is accepted.
_ESS_HASHES = {"sha1", "sha256", "sha384", "sha512"}


class TimestampError(LedgerError):
    """A token that is malformed, stamps another checkpoint, or is not trusted. `check` names
    what failed: malformed, response, imprint, certificate, chain or signature."""

    def __init__(self, check: str, message: str) -> None:
        self.check = check
        super().__init__(f"RFC 3161 time-stamp token: {message}")


@dataclass(frozen=True, slots=True)
class TimestampVerdict:
    """What a trusted token proves: the checkpoint existed no later than `gen_time`."""

    tsa_name: str  # subject of the verified TSA certificate, e.g. "CN=…, O=…"
    gen_time: datetime  # TSTInfo genTime, timezone-aware UTC
    serial_number: int
    policy: str  # the TSA policy OID, dotted
    anchor_name: str  # subject of the trust anchor the TSA certificate chains to


class _TimeStampResp(core.Sequence):  # type: ignore[misc]
    # RFC 3161 §2.4.2; asn1crypto 1.5.1's tsp.TimeStampResp requires the optional token.
    _fields: ClassVar[list[tuple[Any, ...]]] = [
        ("status", tsp.PKIStatusInfo),
        ("time_stamp_token", cms.ContentInfo, {"optional": True}),
    ]


@dataclass(frozen=True, slots=True)
class _Token:
    carried: list[Any]  # the asn1crypto x509.Certificate objects it carries
    signer_info: Any  # asn1crypto cms.SignerInfo, the only one
    tst_info: Any  # asn1crypto tsp.TSTInfo
    econtent: bytes  # the encapsulated TSTInfo bytes, as hashed into message-digest


@contextmanager
def _asn1_errors(what: str) -> Iterator[None]:
    # asn1crypto and cryptography's loaders report bad encodings as ValueError and friends.
    try:
        yield
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as err:
        raise TimestampError("malformed", f"{what} cannot be decoded: {err}") from err


def name_text(name: x509.Name) -> str:
    """A certificate name as people read it, in encoded order: "CN=…, O=…"."""
    return ", ".join(rdn.rfc4514_string() for rdn in name.rdns) or "(empty name)"


def load_trust_anchors(pem: bytes) -> tuple[x509.Certificate, ...]:
    """The CA certificates in PEM text, to pass as `anchors`.

    Raises DecodeError when `pem` holds no readable certificate.
    """
    try:
        return tuple(x509.load_pem_x509_certificates(pem))
    except ValueError as err:
        raise DecodeError(f"no PEM certificate could be read: {err}") from err


def verify_timestamp(bundle: Any, anchors: Sequence[x509.Certificate]) -> TimestampVerdict:
    """Check a proof bundle's `timestamp_token` against its checkpoint and `anchors`.

    Requires a bundle that passed ledger.bundle.verify_bundle (so its checkpoint is the one
    its notaries signed) and carries a token. Raises DecodeError when the token field is not
    hex, TimestampError when the token does not check out (see `verify_token`).
    """
    if not isinstance(bundle, dict) or bundle.get("timestamp_token") is None:
        raise DecodeError("the bundle carries no timestamp_token")
    token = check_hex(bundle["timestamp_token"], "timestamp_token") or b""
    note = SignedCheckpoint.parse(bundle["checkpoint"])
    return verify_token(token, note.checkpoint.body(), anchors)


def verify_token(
    token: bytes, checkpoint_body: str, anchors: Sequence[x509.Certificate]
) -> TimestampVerdict:
    """Check a token (DER ContentInfo) over `checkpoint_body` against trust anchors.

    Returns the TSA's name and time. Raises TimestampError naming the first check that fails:
    a malformed token, an imprint of another checkpoint, a TSA certificate without the
    time-stamping purpose or not chaining to `anchors`, or a signature that does not verify.
    """
    with _asn1_errors("the token"):
        parsed = _parse_token(token)
        _check_imprint(parsed.tst_info, checkpoint_body)
        signer = _signer_certificate(parsed)
        check_time_stamping_purpose(signer)
        _verify_signed_attributes(parsed, signer)  # before genTime is trusted for the chain
        gen_time: datetime = parsed.tst_info["gen_time"].native
        carried = [x509.load_der_x509_certificate(cert.dump()) for cert in parsed.carried]
        anchor = _verify_chain(signer, carried, anchors, gen_time)
        return TimestampVerdict(
            tsa_name=name_text(signer.subject),
            gen_time=gen_time,
            serial_number=parsed.tst_info["serial_number"].native,
            policy=parsed.tst_info["policy"].dotted,
            anchor_name=name_text(anchor.subject),
        )


def token_from_response(response: bytes, checkpoint_body: str, nonce: int) -> bytes:
    """The token (DER) in a TSA's TimeStampResp to a request for `checkpoint_body`.

    Checks that the TSA granted the request, that the token stamps this checkpoint and echoes
    `nonce`, and that its signature verifies with the certificate it carries. Trust in that
    certificate is left to verifiers, who hold the anchors. Raises TimestampError otherwise.
    """
    with _asn1_errors("the TSA's response"):
        answer = _TimeStampResp.load(response, strict=True)
        status = answer["status"]
        if status["status"].native not in ("granted", "granted_with_mods"):
            said = status["status_string"].native or []
            fail_info = status["fail_info"].native or []
            raise TimestampError(
                "response",
                f"the TSA answered {status['status'].native} ({'; '.join(said) or 'no text'}; "
                f"failure {', '.join(sorted(fail_info)) or 'unspecified'})",
            )
        if isinstance(answer["time_stamp_token"], core.Void):
            raise TimestampError("response", "the TSA granted the request but sent no token")
        token = bytes(answer["time_stamp_token"].dump())
        parsed = _parse_token(token)
        _check_imprint(parsed.tst_info, checkpoint_body)
        if parsed.tst_info["nonce"].native != nonce:
            raise TimestampError(
                "response",
                f"the token's nonce {parsed.tst_info['nonce'].native} is not the request's "
                f"{nonce}: it answers another request (RFC 3161 §2.4.2)",
            )
        _verify_signed_attributes(parsed, _signer_certificate(parsed))
        return token


def _parse_token(token: bytes) -> _Token:
    if len(token) > MAX_TOKEN_BYTES:
        raise TimestampError("malformed", f"{len(token)} bytes, the limit is {MAX_TOKEN_BYTES}")
    info = cms.ContentInfo.load(token, strict=True)
    if info["content_type"].native != "signed_data":
        raise TimestampError("malformed", f"content type {info['content_type'].native}")
    signed = info["content"]
    encapsulated = signed["encap_content_info"]
    if encapsulated["content_type"].native != "tst_info":
        raise TimestampError(
            "malformed", f"it encapsulates {encapsulated['content_type'].native}, not a TSTInfo"
        )
    if isinstance(encapsulated["content"], core.Void):
        raise TimestampError("malformed", "its TSTInfo is detached; RFC 3161 tokens carry it")
    econtent = bytes(encapsulated["content"].contents)
    tst_info = tsp.TSTInfo.load(econtent, strict=True)
    if tst_info["version"].native != "v1" or tst_info["gen_time"].native.tzinfo is None:
        raise TimestampError("malformed", "RFC 3161 §2.4.2 wants TSTInfo v1, genTime in UTC")
    _ = tst_info.native  # decode every field now, so that a bad one is reported as malformed
    if len(signed["signer_infos"]) != 1:
        # RFC 3161 §2.4.2: the token holds no signature other than the TSA's.
        raise TimestampError("malformed", f"{len(signed['signer_infos'])} signers, expected 1")
    signer_info = signed["signer_infos"][0]
    found = signed["certificates"]
    carried = [] if isinstance(found, core.Void) else found
    certificates = [choice.chosen for choice in carried if choice.name == "certificate"]
    return _Token(certificates, signer_info, tst_info, econtent)


def _check_imprint(tst_info: Any, checkpoint_body: str) -> None:
    imprint = tst_info["message_imprint"]
    algorithm = imprint["hash_algorithm"]["algorithm"].native
    stamped: bytes = imprint["hashed_message"].native
    expected = hashlib.sha256(checkpoint_body.encode("utf-8")).digest()
    if (algorithm, stamped) != (IMPRINT_ALGORITHM, expected):
        raise TimestampError(
            "imprint",
            f"its message imprint, {algorithm} {stamped.hex()[:16]}…, is not SHA-256 of this "
            f"checkpoint's body ({expected.hex()[:16]}…): the token stamps another checkpoint",
        )


def _signer_certificate(token: _Token) -> x509.Certificate:
    sid = token.signer_info["sid"]
    for candidate in token.carried:
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            found = candidate.issuer == wanted["issuer"] and (
                candidate.serial_number == wanted["serial_number"].native
            )
        else:
            found = candidate.key_identifier == sid.chosen.native
        if found:
            _check_tsa_field(token.tst_info, candidate)
            return x509.load_der_x509_certificate(candidate.dump())
    raise TimestampError(
        "certificate",
        "it does not carry the certificate of its signer; a TSA sends it when the request "
        "asks (certReq), as cunzheng's requests do",
    )


def _check_tsa_field(tst_info: Any, certificate: Any) -> None:
    # RFC 3161 §2.4.2: a tsa name, if present, must be one of the signer certificate's names.
    tsa = tst_info["tsa"]
    named = None if isinstance(tsa, core.Void) or tsa.name != "directory_name" else tsa.chosen
    if named is not None and named != certificate.subject:
        raise TimestampError(
            "certificate",
            f"its TSTInfo names TSA {named.human_friendly!r}, but it was signed by "
            f"{certificate.subject.human_friendly!r}",
        )


def check_time_stamping_purpose(certificate: x509.Certificate) -> None:
    """Require the critical extendedKeyUsage of exactly id-kp-timeStamping (RFC 3161 §2.3).

    Raises TimestampError naming the certificate otherwise.
    """
    name = name_text(certificate.subject)
    try:
        usage = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    except x509.ExtensionNotFound:
        raise TimestampError(
            "certificate",
            f"the TSA certificate {name} has no extendedKeyUsage, so it is not a time-stamping "
            "certificate (RFC 3161 §2.3 requires a critical id-kp-timeStamping)",
        ) from None
    purposes = list(usage.value)
    if purposes != [ExtendedKeyUsageOID.TIME_STAMPING] or not usage.critical:
        listed = ", ".join(purpose.dotted_string for purpose in purposes) or "(none)"
        raise TimestampError(
            "certificate",
            f"the TSA certificate {name} has {'critical' if usage.critical else 'non-critical'} "
            f"extendedKeyUsage {listed}; RFC 3161 §2.3 requires exactly timeStamping "
            f"({ExtendedKeyUsageOID.TIME_STAMPING.dotted_string}), critical",
        )


def _verify_chain(
    signer: x509.Certificate,
    intermediates: list[x509.Certificate],
    anchors: Sequence[x509.Certificate],
    at: datetime,
) -> x509.Certificate:
    name = name_text(signer.subject)
    if not anchors:
        raise TimestampError("chain", "no trust anchor was given to check the TSA certificate")
    # Its purposes were checked by check_time_stamping_purpose, with a clearer message.
    end_entity = verification.ExtensionPolicy.permit_all().require_present(
        x509.ExtendedKeyUsage, verification.Criticality.CRITICAL, None
    )
    verifier = (
        verification.PolicyBuilder()
        .store(verification.Store(list(anchors)))
        .time(at)
        .extension_policies(
            ca_policy=verification.ExtensionPolicy.webpki_defaults_ca(), ee_policy=end_entity
        )
        .build_client_verifier()
    )
    try:
        chain = verifier.verify(signer, intermediates).chain
    except verification.VerificationError as err:
        trusted = "; ".join(name_text(anchor.subject) for anchor in anchors)
        raise TimestampError(
            "chain",
            f"the TSA certificate {name} does not chain to a trust anchor given ({trusted}) "
            f"at the stamping time {at.isoformat()}: {err}. Is this TSA one you trust?",
        ) from err
    return chain[-1]


def _verify_signed_attributes(token: _Token, signer: x509.Certificate) -> None:
    signer_info = token.signer_info
    digest_name = signer_info["digest_algorithm"]["algorithm"].native
    if digest_name not in _SIGNATURE_HASHES:
        raise TimestampError("signature", f"digest {digest_name} is not accepted")
    attributes = signer_info["signed_attrs"]
    if isinstance(attributes, core.Void):
        raise TimestampError("signature", "it has no signed attributes (RFC 5652 §5.3)")
    types = [attribute["type"].native for attribute in attributes]
    if len(set(types)) != len(types):
        raise TimestampError("malformed", "a signed attribute appears twice (RFC 5652 §5.3)")
    values = {attribute["type"].native: attribute["values"].native for attribute in attributes}
    if values.get("content_type") != ["tst_info"]:
        raise TimestampError("signature", "its signed content-type is not id-ct-TSTInfo")
    expected = hashlib.new(digest_name, token.econtent).digest()
    if values.get("message_digest") != [expected]:
        raise TimestampError(
            "signature",
            f"its signed message-digest is not the {digest_name} of the TSTInfo it carries: "
            "the TSTInfo was altered after signing",
        )
    _check_signing_certificate(values, signer)
    # RFC 5652 §5.4: the signature is over the DER of the attributes as a SET OF (tag 0x31),
    # not under their [0] IMPLICIT tag; both tags are one byte, so the length stays.
    signed_bytes = b"\x31" + bytes(attributes.dump())[1:]
    _verify_signature(signer_info, signer, _SIGNATURE_HASHES[digest_name], signed_bytes)


def _check_signing_certificate(values: dict[str, Any], signer: x509.Certificate) -> None:
    if values.get("signing_certificate_v2"):
        ess_id = values["signing_certificate_v2"][0]["certs"][0]
        hash_name = ess_id["hash_algorithm"]["algorithm"]
    elif values.get("signing_certificate"):
        ess_id, hash_name = values["signing_certificate"][0]["certs"][0], "sha1"
    else:
        raise TimestampError(
            "signature",
            "it has no ESS signing-certificate attribute binding its signer's certificate "
            "(RFC 3161 §2.4.1, RFC 5816)",
        )
    if hash_name not in _ESS_HASHES:
        raise TimestampError("signature", f"its ESS certificate hash uses {hash_name}")
    if hashlib.new(hash_name, signer.public_bytes(Encoding.DER)).digest() != ess_id["cert_hash"]:
        raise TimestampError(
            "signature",
            f"its ESS signing-certificate attribute names another certificate than "
            f"{name_text(signer.subject)}, which signed it",
        )


def _verify_signature(
    signer_info: Any, signer: x509.Certificate, digest: hashes.HashAlgorithm, data: bytes
) -> None:
    algorithm = signer_info["signature_algorithm"]
    kind = algorithm.signature_algo
    signature = bytes(signer_info["signature"].native)
    key = signer.public_key()
    try:
        if kind == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, data, padding.PKCS1v15(), digest)
        elif kind == "rsassa_pss" and isinstance(key, rsa.RSAPublicKey):
            parameters = algorithm["parameters"]
            pss_digest = _SIGNATURE_HASHES[parameters["hash_algorithm"]["algorithm"].native]
            mgf_digest = parameters["mask_gen_algorithm"]["parameters"]["algorithm"].native
            mgf = padding.MGF1(_SIGNATURE_HASHES[mgf_digest])
            salt_length = parameters["salt_length"].native
            key.verify(signature, data, padding.PSS(mgf, salt_length), pss_digest)
        elif kind == "ecdsa" and isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, data, ec.ECDSA(digest))
        elif kind == "ed25519" and isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(signature, data)
        else:
            raise TimestampError(
                "signature",
                f"signature algorithm {algorithm['algorithm'].native} with a "
                f"{type(key).__name__} key is not supported",
            )
    except InvalidSignature as err:
        raise TimestampError(
            "signature",
            f"the signature of {name_text(signer.subject)} over its signed attributes does "
            "not verify: the token was altered or forged",
        ) from err
