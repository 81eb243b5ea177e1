"""A local RFC 3161 time-stamping authority for tests, built from Debian's `openssl` CLI.

`make_tsa(directory)` makes a test CA (`openssl req -x509`) and a TSA certificate it signs
(`openssl x509 -req` with extendedKeyUsage=critical,timeStamping), both on P-256 keys.
`LocalTsa.stamp(data)` answers a query with `openssl ts -reply` and returns the token;
`TsaServer(tsa)` serves the same over HTTP on 127.0.0.1 (a random port), as RFC 3161 §3.4
describes: POST application/timestamp-query, answer application/timestamp-reply.

    tsa = make_tsa(tmp_path / "tsa")
    with TsaServer(tsa) as server:
        ...  # server.url, server.queries; trust anchor: tsa.ca_pem
"""

import subprocess
import threading
from dataclasses import dataclass
from hashlib import sha256
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

POLICY_OID = "1.3.6.1.4.1.99999.1"  # a made-up policy, under a private enterprise arc
TSA_SUBJECT = "/CN=cunzheng test TSA/O=cunzheng tests"
TSA_NAME = "CN=cunzheng test TSA, O=cunzheng tests"  # as ledger.timestamp.name_text shows it
TST_INFO_OID = "1.2.840.113549.1.9.16.1.4"  # id-ct-TSTInfo (RFC 3161 §2.4.2)

_TSA_CONFIG = """\
[tsa]
default_tsa = tsa_config
[tsa_config]
serial = {directory}/serial
crypto_device = builtin
signer_cert = {directory}/tsa.pem
signer_key = {directory}/tsa.key
certs = {directory}/ca.pem
signer_digest = sha256
default_policy = {policy}
other_policies = {policy}.2
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def openssl(*args: str | Path, data: bytes | None = None) -> bytes:
    """Run `openssl ARGS` and return its standard output; raise with its stderr if it fails."""
    done = subprocess.run(
        ["openssl", *map(str, args)], input=data, capture_output=True, timeout=30, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(map(str, args))}: {done.stderr.decode()}")
    return done.stdout


def make_ca(directory: Path, common_name: str) -> tuple[Path, Path]:
    """A self-signed test CA in `directory`: (certificate PEM, key PEM)."""
    directory.mkdir(parents=True, exist_ok=True)
    cert, key = directory / "ca.pem", directory / "ca.key"
    openssl(
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", key, "-out", cert, "-days", "3650", "-subj", f"/CN={common_name}",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    return cert, key


def issue_certificate(directory: Path, name: str, extensions: str) -> tuple[Path, Path]:
    """A certificate for a new P-256 key, signed by the CA in `directory`: (cert, key)."""
    key, request, cert = (directory / f"{name}.{ext}" for ext in ("key", "csr", "pem"))
    extension_file = directory / f"{name}.ext"
    extension_file.write_text(extensions, encoding="utf-8")
    serial = int.from_bytes(sha256(name.encode()).digest()[:4])
    openssl(
        "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", key, "-out", request, "-subj", TSA_SUBJECT,
    )  # fmt: skip
    openssl(
        "x509", "-req", "-in", request, "-CA", directory / "ca.pem",
        "-CAkey", directory / "ca.key", "-set_serial", str(serial), "-days", "3650",
        "-extfile", extension_file, "-out", cert,
    )  # fmt: skip
    return cert, key


@dataclass(frozen=True)
class LocalTsa:
    """A TSA's files: its CA (the trust anchor), its certificate, key and `openssl ts` config."""

    directory: Path
    ca_pem: Path
    config: Path
    lock: threading.Lock  # `openssl ts -reply` bumps the serial file: one reply at a time

    def reply(self, query: bytes) -> bytes:
        """The DER TimeStampResp `openssl ts -reply` gives to a DER TimeStampReq."""
        with self.lock:
            query_file = self.directory / "query.tsq"
            query_file.write_bytes(query)
            return openssl(
                "ts", "-reply", "-config", self.config, "-queryfile", query_file, "-out", "-"
            )

    def stamp(self, data: bytes) -> bytes:
        """A token (DER ContentInfo) over SHA-256 of `data`, asking for the TSA certificate."""
        query = openssl("ts", "-query", "-sha256", "-cert", "-out", "-", data=data)
        response_file = self.directory / "response.tsr"
        response_file.write_bytes(self.reply(query))
        return openssl("ts", "-reply", "-in", response_file, "-token_out", "-out", "-")


def make_tsa(directory: Path, ca_name: str = "cunzheng test CA") -> LocalTsa:
    """A new CA and a TSA certificate (critical EKU timeStamping) it signed, in `directory`."""
    ca_pem, _ = make_ca(directory, ca_name)
    issue_certificate(
        directory,
        "tsa",
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=critical,timeStamping\n",
    )
    (directory / "serial").write_text("01\n", encoding="ascii")
    config = directory / "tsa.cnf"
    config.write_text(_TSA_CONFIG.format(directory=directory, policy=POLICY_OID), "utf-8")
    return LocalTsa(directory, ca_pem, config, threading.Lock())


def sign_without_time_stamping_purpose(tsa: LocalTsa, token: bytes) -> bytes:
    """`token`'s TSTInfo signed again, with `openssl cms`, by a certificate of `tsa`'s CA that
    lacks the timeStamping purpose (`openssl ts -reply` refuses to sign with one)."""
    cert, key = issue_certificate(
        tsa.directory, "no-eku", "basicConstraints=critical,CA:FALSE\nkeyUsage=digitalSignature\n"
    )
    token_file, tst_info = tsa.directory / "token.der", tsa.directory / "tst_info.der"
    token_file.write_bytes(token)
    openssl("cms", "-verify", "-noverify", "-inform", "DER", "-in", token_file, "-out", tst_info)
    return openssl(
        "cms", "-sign", "-binary", "-nodetach", "-in", tst_info, "-econtent_type", TST_INFO_OID,
        "-signer", cert, "-inkey", key, "-md", "sha256", "-outform", "DER", "-out", "-",
    )  # fmt: skip


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        query = self.rfile.read(length)
        if self.headers.get("Content-Type") != "application/timestamp-query":
            self.send_error(415, "expected application/timestamp-query")
            return
        self.server.queries += 1
        try:
            answer = self.server.tsa.reply(query)
        except RuntimeError:
            self.send_error(400, "openssl ts -reply refused the query")
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read the query count instead."""


class _Server(ThreadingHTTPServer):
    def __init__(self, tsa: LocalTsa) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.tsa, self.queries = tsa, 0


class TsaServer:
    """`tsa` served over HTTP on 127.0.0.1 in a background thread, while in a `with` block."""

    def __init__(self, tsa: LocalTsa) -> None:
        self._server = _Server(tsa)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The TSA's URL, e.g. http://127.0.0.1:41234/tsa."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/tsa"

    @property
    def queries(self) -> int:
        """How many time-stamp queries were answered."""
        return self._server.queries

    def __enter__(self) -> "TsaServer":
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
