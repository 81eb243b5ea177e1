"""Entry: one evidence digest as a submitter sends it (DESIGN.md, "Wire formats").

The entry id is the hex RFC 9162 leaf hash of the canonical encoding, so it is fixed by
exactly what the submitter sent: the node fills in nothing.
"""

from dataclasses import dataclass, field, replace
from typing import Any

from ledger import encoding
from ledger.errors import DecodeError
from ledger.fields import check_bytes, check_fields, check_hex, check_int, check_str
from ledger.hashing import leaf_hash
from ledger.keys import ENTRY_SIGNATURE_TAG, verify_signature

VERSION = 1
DIGEST_SIZES = {"sha256": 32, "sm3": 32, "sha512": 64}
MAX_KIND_LENGTH = 64
MAX_META_BYTES = 1024
MAX_ENTRY_BYTES = 2048
JSON_FIELDS = {"digest", "alg", "kind", "meta", "client_time_ms", "submitter", "signature"}


@dataclass(frozen=True, slots=True)
class Entry:
    """An evidence digest with its algorithm, kind, metadata and optional submitter signature."""

    digest: bytes
    alg: str = "sha256"
    kind: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    client_time_ms: int | None = None
    submitter: bytes | None = None
    signature: bytes | None = None

    def __post_init__(self) -> None:
        # Type first: an unhashable alg (a decoded list or map) would make `in` raise TypeError.
        if not isinstance(self.alg, str) or self.alg not in DIGEST_SIZES:
            raise DecodeError(
                f"unknown digest alg {self.alg!r}; supported: {', '.join(sorted(DIGEST_SIZES))}"
            )
        check_bytes(self.digest, "digest", DIGEST_SIZES[self.alg])
        check_str(self.kind, "kind", MAX_KIND_LENGTH)
        _check_meta(self.meta)
        check_int(self.client_time_ms, "client_time_ms", optional=True)
        check_bytes(self.submitter, "submitter", 32, optional=True)
        check_bytes(self.signature, "signature", 64, optional=True)
        if (self.submitter is None) != (self.signature is None):
            raise DecodeError("submitter and signature must be given together or not at all")

    def _fields(self, submitter: bytes | None, signature: bytes | None) -> list[Any]:
        return [
            VERSION,
            self.digest,
            self.alg,
            self.kind,
            self.meta,
            self.client_time_ms,
            submitter,
            signature,
        ]

    def encode(self) -> bytes:
        """The canonical encoding: the leaf bytes of the ledger's Merkle tree."""
        return encoding.pack(self._fields(self.submitter, self.signature))

    def signed_payload(self) -> bytes:
        """What the submitter signed: the encoding with `signature` = nil."""
        return encoding.pack(self._fields(self.submitter, None))

    def payload_to_sign(self, submitter: bytes) -> bytes:
        """What `submitter` signs to sign this entry: the encoding with `submitter` set and
        `signature` nil (an unsigned entry's own signed_payload() lacks the submitter).

        Raises DecodeError unless `submitter` is a 32-byte public key.
        """
        check_bytes(submitter, "submitter", 32)
        return encoding.pack(self._fields(submitter, None))

    def leaf_hash(self) -> bytes:
        """RFC 9162 leaf hash of the encoding; its hex is the entry id."""
        return leaf_hash(self.encode())

    def with_signature(self, submitter: bytes, signature: bytes) -> "Entry":
        """This entry signed by `submitter` (the caller signs `payload_to_sign(submitter)`)."""
        return replace(self, submitter=submitter, signature=signature)

    def verify_submitter_signature(self) -> None:
        """Raise SignatureError if the entry is signed and the signature does not verify."""
        if self.submitter is not None and self.signature is not None:
            verify_signature(
                self.submitter, ENTRY_SIGNATURE_TAG, self.signed_payload(), self.signature
            )

    @classmethod
    def decode(cls, data: bytes) -> "Entry":
        """Parse canonical Entry bytes; raises DecodeError for anything else."""
        fields = encoding.expect_array(
            encoding.unpack(data, max_size=MAX_ENTRY_BYTES),
            name="Entry",
            version=VERSION,
            fields=8,
        )
        return cls(*fields[1:])

    def to_json(self) -> dict[str, Any]:
        """The JSON form of DESIGN.md's HTTP API (hex for bytes, every field present)."""
        return {
            "digest": self.digest.hex(),
            "alg": self.alg,
            "kind": self.kind,
            "meta": dict(self.meta),
            "client_time_ms": self.client_time_ms,
            "submitter": None if self.submitter is None else self.submitter.hex(),
            "signature": None if self.signature is None else self.signature.hex(),
        }

    @classmethod
    def from_json(cls, obj: Any) -> "Entry":
        """Parse the JSON form; only `digest` is required; unknown fields are refused."""
        check_fields(obj, "entry", JSON_FIELDS, {"digest"})
        alg = obj.get("alg", "sha256")
        if not isinstance(alg, str) or alg not in DIGEST_SIZES:
            raise DecodeError(
                f"unknown digest alg {alg!r}; supported: {', '.join(sorted(DIGEST_SIZES))}"
            )
        return cls(
            digest=check_hex(obj["digest"], "digest", DIGEST_SIZES[alg]) or b"",
            alg=alg,
            kind=obj.get("kind", ""),
            meta=obj.get("meta", {}),
            client_time_ms=obj.get("client_time_ms"),
            submitter=check_hex(obj.get("submitter"), "submitter", 32, optional=True),
            signature=check_hex(obj.get("signature"), "signature", 64, optional=True),
        )

    @classmethod
    def from_msgpack_map(cls, obj: Any) -> "Entry":
        """Parse a msgpack API submission (a map like the JSON form, byte strings as bin)."""
        check_fields(obj, "entry", JSON_FIELDS, {"digest"})
        return cls(**obj)


def _check_meta(meta: Any) -> None:
    if not isinstance(meta, dict):
        raise DecodeError(f"meta must be a map of strings, got {type(meta).__name__}")
    for key, value in meta.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise DecodeError("meta keys and values must all be strings")
    size = len(encoding.pack(meta)) if meta else 1
    if size > MAX_META_BYTES:
        raise DecodeError(f"meta is {size} bytes encoded, the limit is {MAX_META_BYTES}")
