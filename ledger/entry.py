"""Entry: one evidence digest as a submitter sends it (docs/formats.md, "Entry").

The entry id is the hex RFC 9162 leaf hash of the canonical encoding, so it is fixed by
exactly what the submitter sent: the node fills in nothing.

A node parses, checks, encodes and decodes every entry it is sent, so each of these has a
fast path for the common shape (exact built-in types, string metadata). A fast path only
ever returns what the general path would; for anything else it steps aside and the general
path accepts or refuses as it always has. tests/ledger/test_entry_paths.py checks that the
two agree on random and mutated inputs.
"""

from dataclasses import dataclass, field, replace
from typing import Any

import msgpack

from cunzheng.ledger import encoding
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.fields import (
    MAX_UINT,
    check_bytes,
    check_fields,
    check_hex,
    check_int,
    check_str,
)
from cunzheng.ledger.hashing import leaf_hash
from cunzheng.ledger.keys import ENTRY_SIGNATURE_TAG, verify_signature
from cunzheng.ledger.plain_text import escaped, has_control_characters

VERSION = 1
DIGEST_SIZES = {"sha256": 32, "sm3": 32, "sha512": 64}
MAX_KIND_LENGTH = 64
MAX_META_BYTES = 1024
MAX_ENTRY_BYTES = 2048
JSON_FIELDS = {"digest", "alg", "kind", "meta", "client_time_ms", "submitter", "signature"}
_BYTES_OR_NONE = (bytes, type(None))  # exact types of the optional byte fields


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
        if _is_plain(
            self.digest, self.alg, self.kind, self.client_time_ms, self.submitter, self.signature
        ):
            # Every check but meta's passes, so meta's is the first that can fail.
            if type(self.meta) is not dict or self.meta:
                _check_meta(self.meta)
            return
        self._check_fields()

    def _check_fields(self) -> None:
        """Every field's check, in order; raises DecodeError naming the first that fails."""
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

    @classmethod
    def _of_plain(
        cls,
        digest: Any,
        alg: Any,
        kind: Any,
        meta: Any,
        client_time_ms: Any,
        submitter: Any,
        signature: Any,
    ) -> "Entry | None":
        """Entry(…) of these fields when they are of the plain shape and every check passes,
        built without running the checks a second time; None otherwise, when only the
        constructor may judge them. Raises what the constructor raises for a bad meta."""
        if type(meta) is not dict or not _is_plain(
            digest, alg, kind, client_time_ms, submitter, signature
        ):
            return None
        if meta:
            _check_meta(meta)  # the first check that can fail, as in __post_init__
        return cls._of_checked(digest, alg, kind, meta, client_time_ms, submitter, signature)

    @classmethod
    def _of_checked(
        cls,
        digest: bytes,
        alg: str,
        kind: str,
        meta: dict[str, str],
        client_time_ms: int | None,
        submitter: bytes | None,
        signature: bytes | None,
    ) -> "Entry":
        """Entry(…) of fields known to pass every check, built without running them again."""
        entry = _new_object(cls)
        _set_field(entry, "digest", digest)
        _set_field(entry, "alg", alg)
        _set_field(entry, "kind", kind)
        _set_field(entry, "meta", meta)
        _set_field(entry, "client_time_ms", client_time_ms)
        _set_field(entry, "submitter", submitter)
        _set_field(entry, "signature", signature)
        return entry

    def _pack(self, submitter: bytes | None, signature: bytes | None) -> bytes:
        """encoding.pack of the fields with this submitter and signature."""
        meta, time_ms = self.meta, self.client_time_ms
        if (
            type(self.digest) is bytes
            and type(self.alg) is str
            and type(self.kind) is str
            and type(meta) is dict
            and (time_ms is None or type(time_ms) is int)
            and type(submitter) in _BYTES_OR_NONE
            and type(signature) in _BYTES_OR_NONE
            and (not meta or _is_str_map(meta))
        ):
            # Only the map's key order differs from the canonical form: __post_init__
            # checked the ranges, and meta holds str only (it is mutable: checked again).
            canonical = meta if len(meta) < 2 else {key: meta[key] for key in sorted(meta)}
            fields = [VERSION, self.digest, self.alg, self.kind, canonical, time_ms, submitter]
            return encoding.pack_canonical([*fields, signature])
        return encoding.pack(self._fields(submitter, signature))

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
        return self._pack(self.submitter, self.signature)

    def signed_payload(self) -> bytes:
        """What the submitter signed: the encoding with `signature` = nil."""
        return self._pack(self.submitter, None)

    def payload_to_sign(self, submitter: bytes) -> bytes:
        """What `submitter` signs to sign this entry: the encoding with `submitter` set and
        `signature` nil (an unsigned entry's own signed_payload() lacks the submitter).

        Raises DecodeError unless `submitter` is a 32-byte public key.
        """
        check_bytes(submitter, "submitter", 32)
        return self._pack(submitter, None)

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

    def verify_plain_text(self) -> None:
        """Raise DecodeError, naming the field, if the kind or a meta key or value holds a
        control character (ledger/plain_text.py).

        A node checks this of the entries it accepts from clients: printed, such text could
        rewrite a terminal's screen or reorder what a reader sees. It is no part of decoding,
        so that entries committed before the rule stay valid and verifiable.
        """
        named = [("kind", self.kind)]
        for key, value in self.meta.items():
            named += [("meta key", key), (f"meta value of {key!r}", value)]
        for name, text in named:
            if has_control_characters(text):
                raise DecodeError(
                    f'{name} "{escaped(text)}" holds a control character (shown escaped); '
                    "kind and meta must be plain text: no control characters, line breaks "
                    "or bidirectional overrides"
                )

    @classmethod
    def decode(cls, data: bytes) -> "Entry":
        """Parse canonical Entry bytes; raises DecodeError for anything else."""
        entry = cls._decode_plain(data)
        return entry if entry is not None else cls._decode_general(data)

    @classmethod
    def _decode_plain(cls, data: bytes) -> "Entry | None":
        """The entry of canonical bytes of the common shape (has_entry_shape), or None for
        anything else, valid or not: _decode_general judges that."""
        if type(data) is not bytes or len(data) > MAX_ENTRY_BYTES:
            return None
        try:
            value = msgpack.unpackb(data, raw=False, strict_map_key=True, ext_hook=_no_ext)
        except Exception:  # any refusal is for _decode_general to word
            return None
        # Of this shape, only non-minimal lengths or integers can make it non-canonical.
        if not has_entry_shape(value) or msgpack.packb(value, use_bin_type=True) != data:
            return None
        return cls._of_checked(*value[1:])

    @classmethod
    def _decode_general(cls, data: bytes) -> "Entry":
        """Entry.decode for any input: every check, in order."""
        fields = encoding.expect_array(
            encoding.unpack(data, max_size=MAX_ENTRY_BYTES),
            name="Entry",
            version=VERSION,
            fields=8,
        )
        return cls(*fields[1:])

    def to_json(self) -> dict[str, Any]:
        """The JSON form (docs/formats.md, "JSON forms"): hex for bytes, every field present."""
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
        if type(obj) is not dict or "digest" not in obj or not JSON_FIELDS.issuperset(obj):
            check_fields(obj, "entry", JSON_FIELDS, {"digest"})
        alg = obj.get("alg", "sha256")
        if not isinstance(alg, str) or alg not in DIGEST_SIZES:
            raise DecodeError(
                f"unknown digest alg {alg!r}; supported: {', '.join(sorted(DIGEST_SIZES))}"
            )
        digest = _from_hex(obj["digest"], "digest", DIGEST_SIZES[alg])
        kind, meta, time_ms = obj.get("kind", ""), obj.get("meta", {}), obj.get("client_time_ms")
        submitter, signature = obj.get("submitter"), obj.get("signature")
        if submitter is not None:
            submitter = _from_hex(submitter, "submitter", 32)
        if signature is not None:
            signature = _from_hex(signature, "signature", 64)
        entry = cls._of_plain(digest, alg, kind, meta, time_ms, submitter, signature)
        if entry is not None:
            return entry
        return cls(
            digest=digest,
            alg=alg,
            kind=kind,
            meta=meta,
            client_time_ms=time_ms,
            submitter=submitter,
            signature=signature,
        )

    @classmethod
    def from_msgpack_map(cls, obj: Any) -> "Entry":
        """Parse a msgpack API submission (a map like the JSON form, byte strings as bin)."""
        check_fields(obj, "entry", JSON_FIELDS, {"digest"})
        return cls(**obj)


def has_entry_shape(fields: Any) -> bool:
    """Whether `fields`, a value as msgpack.unpackb gives it, are those of an entry that
    Entry.decode accepts: an array of 8 holding version 1, a digest of its alg's size, a kind
    within MAX_KIND_LENGTH, str metadata with sorted keys within MAX_META_BYTES, a time in
    range, and a submitter and a signature of their sizes, or neither.

    Bytes that unpack to such fields are an entry's encoding exactly when packing the fields
    again gives the same bytes (canonical lengths and integers): the caller checks that.
    It checks exact types, so it never raises for what msgpack.unpackb gives.
    """
    if type(fields) is not list or len(fields) != 8:
        return False
    version, digest, alg, kind, meta, client_time_ms, submitter, signature = fields
    return (
        type(version) is int
        and version == VERSION
        and _is_plain(digest, alg, kind, client_time_ms, submitter, signature)
        and type(meta) is dict
        and (not meta or _is_canonical_meta(meta))
    )


def _is_canonical_meta(meta: dict[Any, Any]) -> bool:
    """Whether a non-empty unpacked map is valid entry metadata in canonical order."""
    keys = list(meta)
    return (
        _is_str_map(meta)
        and keys == sorted(keys)
        and len(encoding.pack_canonical(meta)) <= MAX_META_BYTES
    )


_new_object = object.__new__
_set_field = object.__setattr__  # what the frozen dataclass's own __init__ uses


def _is_plain(
    digest: Any, alg: Any, kind: Any, client_time_ms: Any, submitter: Any, signature: Any
) -> bool:
    """Whether these Entry fields are of the common shape and pass their checks: exact
    types, a known alg with a digest of its size, a kind within the limit that UTF-8 can
    encode, a time within range, and a submitter and a signature of their sizes, or
    neither."""
    return (
        type(digest) is bytes
        and type(alg) is str
        and DIGEST_SIZES.get(alg) == len(digest)
        and type(kind) is str
        and len(kind) <= MAX_KIND_LENGTH
        and (kind.isascii() or _is_encodable(kind))
        and (
            client_time_ms is None
            or (type(client_time_ms) is int and 0 <= client_time_ms <= MAX_UINT)
        )
        and (
            (submitter is None and signature is None)
            or (
                type(submitter) is bytes
                and len(submitter) == 32
                and type(signature) is bytes
                and len(signature) == 64
            )
        )
    )


def _is_encodable(text: str) -> bool:
    """Whether UTF-8 can encode `text` (it cannot when it holds a lone surrogate)."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _no_ext(code: int, data: bytes) -> Any:
    raise DecodeError(f"msgpack ext type {code} is not part of the canonical encoding")


def _is_str_map(meta: dict[Any, Any]) -> bool:
    """Whether every key and value of `meta` is exactly a str."""
    return all(type(key) is str and type(value) is str for key, value in meta.items())


def _from_hex(value: Any, name: str, size: int) -> bytes:
    """check_hex(value, name, size), its result or its error, without the regular
    expression for the common case: bytes.hex() gives back exactly the lowercase digits."""
    if type(value) is str and len(value) == 2 * size:
        try:
            raw = bytes.fromhex(value)
        except ValueError:
            raw = b""
        if raw.hex() == value:
            return raw
    return check_hex(value, name, size) or b""


def _check_meta(meta: Any) -> None:
    if not isinstance(meta, dict):
        raise DecodeError(f"meta must be a map of strings, got {type(meta).__name__}")
    for key, value in meta.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise DecodeError("meta keys and values must all be strings")
    size = len(encoding.pack(meta)) if meta else 1
    if size > MAX_META_BYTES:
        raise DecodeError(f"meta is {size} bytes encoded, the limit is {MAX_META_BYTES}")
