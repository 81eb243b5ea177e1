"""Receipt: a node's signed promise to include the entries of one request
(docs/formats.md, "Receipt")."""

from dataclasses import dataclass, replace
from typing import Any

from cunzheng.ledger import encoding
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.fields import check_bytes, check_int, check_str
from cunzheng.ledger.keys import RECEIPT_SIGNATURE_TAG, verify_signature

VERSION = 1
MAX_RECEIPT_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Receipt:
    """Signed by the node that accepted the entries, over all their ids."""

    chain_id: str
    node_public_key: bytes
    received_ms: int
    ids: tuple[bytes, ...]
    signature: bytes | None = None

    def __post_init__(self) -> None:
        check_str(self.chain_id, "Receipt.chain_id", 64)
        check_bytes(self.node_public_key, "Receipt.node_public_key", 32)
        check_int(self.received_ms, "Receipt.received_ms")
        for entry_id in self.ids:
            check_bytes(entry_id, "Receipt id", 32)
        check_bytes(self.signature, "Receipt.signature", 64, optional=True)

    def _fields(self, signature: bytes | None) -> list[Any]:
        return [
            VERSION,
            self.chain_id,
            self.node_public_key,
            self.received_ms,
            list(self.ids),
            signature,
        ]

    def encode(self) -> bytes:
        """Canonical encoding (the fields were checked when the receipt was made)."""
        return encoding.pack_canonical(self._fields(self.signature))

    def signed_payload(self) -> bytes:
        """What the node signs: the encoding with signature nil."""
        return encoding.pack_canonical(self._fields(None))

    def signed(self, signature: bytes) -> "Receipt":
        """This receipt with its signature filled in."""
        return replace(self, signature=signature)

    def verify(self) -> None:
        """Raise SignatureError unless the node's signature verifies."""
        if self.signature is None:
            raise DecodeError("receipt is not signed")
        verify_signature(
            self.node_public_key, RECEIPT_SIGNATURE_TAG, self.signed_payload(), self.signature
        )

    @classmethod
    def decode(cls, data: bytes) -> "Receipt":
        """Parse canonical Receipt bytes; raises DecodeError."""
        fields = encoding.expect_array(
            encoding.unpack(data, max_size=MAX_RECEIPT_BYTES),
            name="Receipt",
            version=VERSION,
            fields=6,
        )
        if not isinstance(fields[4], list):
            raise DecodeError("Receipt.ids must be an array")
        return cls(fields[1], fields[2], fields[3], tuple(fields[4]), fields[5])

    def to_json(self) -> dict[str, Any]:
        """JSON form (hex bytes), with `encoding` so clients can check the signature."""
        return {
            "chain_id": self.chain_id,
            "node_public_key": self.node_public_key.hex(),
            "received_ms": self.received_ms,
            "ids": [entry_id.hex() for entry_id in self.ids],
            "signature": None if self.signature is None else self.signature.hex(),
            "encoding": self.encode().hex(),
        }
