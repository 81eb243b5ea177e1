"""TLS on the peer link: each node's certificate, the contexts, and the channel binding
(docs/http-api.md, "TLS and channel binding").

A node's TLS certificate is self-signed and is not what authenticates it: peers know each
other by their Ed25519 node keys, proven in the handshake (node/p2p/link.py). TLS keeps the
traffic between notaries confidential and intact; the handshake's signatures cover the
listener's certificate as each side sees it on this connection (RFC 5929 §4,
"tls-server-end-point"), so that a middlebox which terminates TLS towards both nodes and
relays their handshakes cannot join the two sessions: the dialer would sign the middlebox's
certificate and the listener its own.

Python's ssl module exports no keying material (RFC 5705, RFC 9266 "tls-exporter"), and it
cannot accept a self-signed client certificate without a trust store listing it, so the
listener's certificate is the one value both sides see; see the docs for what that leaves.
"""

import datetime
import hashlib
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from cunzheng.ledger.files import write_atomically
from cunzheng.node.config import ConfigError
from cunzheng.node.errors import PeerError

COMMON_NAME = "cunzheng peer link"
# RFC 5280 §4.1.2.5: 99991231235959Z means "no well-defined expiration date"; a peer pins
# the node key, not the certificate, so the certificate's dates mean nothing here.
NOT_AFTER = datetime.datetime(9999, 12, 31, 23, 59, 59, tzinfo=datetime.UTC)
NOT_BEFORE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True, slots=True)
class CertificatePair:
    """A certificate and its private key, both PEM."""

    certificate_pem: bytes
    key_pem: bytes


def make_certificate() -> CertificatePair:
    """A new self-signed ECDSA P-256 certificate with a fresh key (from the OS's randomness)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, COMMON_NAME)])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return CertificatePair(certificate.public_bytes(serialization.Encoding.PEM), key_pem)


def write_certificate(certificate_path: Path, key_path: Path) -> None:
    """Write a new certificate (mode 0644) and its key (mode 0600); never overwrites.

    Raises FileExistsError if either file exists, OSError if writing fails.
    """
    pair = make_certificate()
    write_atomically(key_path, pair.key_pem, mode=0o600, overwrite=False)
    write_atomically(certificate_path, pair.certificate_pem, mode=0o644, overwrite=False)


def server_end_point(certificate_der: bytes) -> bytes:
    """The channel binding of a connection whose listener presented `certificate_der`:
    RFC 5929 §4.1 "tls-server-end-point", always with SHA-256 (the hash every certificate
    cunzheng makes is signed with; any other certificate yields another value all the same).
    """
    return hashlib.sha256(certificate_der).digest()


def _server_context(pair: CertificatePair) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_3  # every node runs this code
    # The ssl module loads keys from files only: the pair stays in a private temporary
    # directory (mode 0700) for the moment of loading.
    with tempfile.TemporaryDirectory(prefix="cunzheng-tls-") as directory:
        certificate_file, key_file = Path(directory, "cert.pem"), Path(directory, "key.pem")
        write_atomically(key_file, pair.key_pem, mode=0o600)
        write_atomically(certificate_file, pair.certificate_pem, mode=0o600)
        context.load_cert_chain(certificate_file, key_file)
    return context


def _client_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    # Not the certificate chain but the handshake authenticates the listener: its Ed25519
    # signature covers the certificate seen here (server_end_point).
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


@dataclass(frozen=True, slots=True)
class PeerTls:
    """This node's TLS certificate and the contexts that serve and dial with it."""

    server_context: ssl.SSLContext
    client_context: ssl.SSLContext
    certificate_der: bytes

    @classmethod
    def of_pair(cls, pair: CertificatePair) -> "PeerTls":
        """Contexts for `pair`. Raises ssl.SSLError if the key does not fit the certificate."""
        der = x509.load_pem_x509_certificate(pair.certificate_pem).public_bytes(
            serialization.Encoding.DER
        )
        return cls(_server_context(pair), _client_context(), der)

    @classmethod
    def of_files(cls, certificate_path: Path, key_path: Path) -> "PeerTls":
        """Contexts for the certificate and key in these PEM files.

        Raises ConfigError naming the file and what is wrong with it.
        """
        try:
            pair = CertificatePair(certificate_path.read_bytes(), key_path.read_bytes())
        except OSError as err:
            raise ConfigError(
                f"[p2p] cannot read the peer TLS certificate or key: {err}; check "
                "tls_cert_file and tls_key_file (relative to the home), or empty both for a "
                "fresh certificate at every start"
            ) from err
        try:
            return cls.of_pair(pair)
        except (ValueError, ssl.SSLError) as err:
            raise ConfigError(
                f"[p2p] {certificate_path} and {key_path} are not a PEM certificate and its "
                f"key: {err}"
            ) from err

    @classmethod
    def fresh(cls) -> "PeerTls":
        """Contexts for a new certificate whose key lives only as long as this process."""
        return cls.of_pair(make_certificate())

    @property
    def channel_binding(self) -> bytes:
        """The binding of a connection this node accepted over TLS."""
        return server_end_point(self.certificate_der)


def dialed_channel_binding(ssl_object: Any) -> bytes:
    """The binding of a connection this node dialed: of the certificate its listener showed.

    `ssl_object` is the connection's transport's extra info "ssl_object" (None on a plain
    connection). Raises PeerError if the connection is not TLS or showed no certificate.
    """
    certificate = None
    if isinstance(ssl_object, ssl.SSLObject | ssl.SSLSocket):
        certificate = ssl_object.getpeercert(binary_form=True)
    if not certificate:
        raise PeerError("the peer's TLS connection showed no certificate to bind to")
    return server_end_point(certificate)
