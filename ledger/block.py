"""Headers, blocks, proposals, votes and commits (docs/formats.md, "Ledger objects")."""

from dataclasses import dataclass, replace
from typing import Any

from cunzheng.ledger import encoding
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.fields import check_bytes, check_int, check_str
from cunzheng.ledger.hashing import COMMIT_TAG, HEADER_TAG, tagged_hash

VERSION = 1
ZERO_HASH = bytes(32)
MAX_CHAIN_ID_LENGTH = 64
MAX_BLOCK_BYTES = 64 * 1024 * 1024
MAX_MESSAGE_BYTES = 64 * 1024
PREVOTE, PRECOMMIT = 1, 2


@dataclass(frozen=True, slots=True)
class Header:
    """A block header; its tagged hash is the block hash that validators vote for."""

    chain_id: str
    height: int
    time_ms: int
    prev_hash: bytes  # all zero at height 1
    proposer: bytes  # Ed25519 public key
    entries_count: int
    ledger_size: int  # entries in the whole ledger after this block
    ledger_root: bytes  # RFC 9162 root over all entries at ledger_size
    validators_hash: bytes  # the set that signs this block
    next_validators_hash: bytes
    last_commit_hash: bytes  # all zero at height 1
    app_version: int = 1

    def __post_init__(self) -> None:
        check_str(self.chain_id, "Header.chain_id", MAX_CHAIN_ID_LENGTH)
        check_int(self.height, "Header.height", 1)
        check_int(self.time_ms, "Header.time_ms")
        for name in ("prev_hash", "proposer", "ledger_root", "validators_hash"):
            check_bytes(getattr(self, name), f"Header.{name}", 32)
        check_bytes(self.next_validators_hash, "Header.next_validators_hash", 32)
        check_bytes(self.last_commit_hash, "Header.last_commit_hash", 32)
        check_int(self.entries_count, "Header.entries_count")
        check_int(self.ledger_size, "Header.ledger_size")
        check_int(self.app_version, "Header.app_version", 1)
        if self.entries_count > self.ledger_size:
            raise DecodeError(
                f"Header.entries_count {self.entries_count} exceeds ledger_size {self.ledger_size}"
            )

    def fields(self) -> list[Any]:
        """The canonical array, version first."""
        return [
            VERSION,
            self.chain_id,
            self.height,
            self.time_ms,
            self.prev_hash,
            self.proposer,
            self.entries_count,
            self.ledger_size,
            self.ledger_root,
            self.validators_hash,
            self.next_validators_hash,
            self.last_commit_hash,
            self.app_version,
        ]

    def encode(self) -> bytes:
        """Canonical encoding."""
        return encoding.pack(self.fields())

    def hash(self) -> bytes:
        """The block hash: tagged hash of the header encoding."""
        return tagged_hash(HEADER_TAG, self.encode())

    @classmethod
    def from_fields(cls, value: Any) -> "Header":
        """Build from an already-decoded canonical array; raises DecodeError."""
        fields = encoding.expect_array(value, name="Header", version=VERSION, fields=13)
        return cls(*fields[1:])

    @classmethod
    def decode(cls, data: bytes) -> "Header":
        """Parse canonical Header bytes; raises DecodeError."""
        return cls.from_fields(encoding.unpack(data, max_size=MAX_MESSAGE_BYTES))

    def to_json(self) -> dict[str, Any]:
        """Fields by name, bytes as hex, for bundles and the HTTP API."""
        names = Header.__dataclass_fields__
        return {
            name: value.hex() if isinstance(value, bytes) else value
            for name, value in zip(names, self.fields()[1:], strict=True)
        }


@dataclass(frozen=True, slots=True)
class CommitSignature:
    """One validator's precommit inside a commit: vote signature and checkpoint signature."""

    validator_index: int
    vote_signature: bytes
    checkpoint_signature: bytes

    def __post_init__(self) -> None:
        check_int(self.validator_index, "CommitSignature.validator_index")
        check_bytes(self.vote_signature, "CommitSignature.vote_signature", 64)
        check_bytes(self.checkpoint_signature, "CommitSignature.checkpoint_signature", 64)


@dataclass(frozen=True, slots=True)
class Commit:
    """Precommits for one block from validators holding more than 2/3 of the power."""

    height: int
    round: int
    block_hash: bytes
    signatures: tuple[CommitSignature, ...]

    def __post_init__(self) -> None:
        check_int(self.height, "Commit.height", 1)
        check_int(self.round, "Commit.round")
        check_bytes(self.block_hash, "Commit.block_hash", 32)
        indices = [signature.validator_index for signature in self.signatures]
        if not indices or indices != sorted(set(indices)):
            raise DecodeError("Commit.signatures must be non-empty, sorted by index, no repeats")

    def fields(self) -> list[Any]:
        """The canonical array, version first."""
        return [
            VERSION,
            self.height,
            self.round,
            self.block_hash,
            [
                [s.validator_index, s.vote_signature, s.checkpoint_signature]
                for s in self.signatures
            ],
        ]

    def encode(self) -> bytes:
        """Canonical encoding."""
        return encoding.pack(self.fields())

    def hash(self) -> bytes:
        """Tagged hash; the next header's last_commit_hash."""
        return tagged_hash(COMMIT_TAG, self.encode())

    @classmethod
    def from_fields(cls, value: Any) -> "Commit":
        """Build from an already-decoded canonical array; raises DecodeError."""
        fields = encoding.expect_array(value, name="Commit", version=VERSION, fields=5)
        if not isinstance(fields[4], list):
            raise DecodeError("Commit.signatures must be an array")
        signatures = []
        for item in fields[4]:
            if not isinstance(item, list) or len(item) != 3:
                raise DecodeError("each commit signature must be [index, vote_sig, checkpoint_sig]")
            signatures.append(CommitSignature(*item))
        return cls(fields[1], fields[2], fields[3], tuple(signatures))

    @classmethod
    def decode(cls, data: bytes) -> "Commit":
        """Parse canonical Commit bytes; raises DecodeError."""
        return cls.from_fields(encoding.unpack(data, max_size=MAX_MESSAGE_BYTES))

    def to_json(self) -> dict[str, Any]:
        """Fields by name, bytes as hex."""
        return {
            "height": self.height,
            "round": self.round,
            "block_hash": self.block_hash.hex(),
            "signatures": [
                {
                    "validator_index": s.validator_index,
                    "vote_signature": s.vote_signature.hex(),
                    "checkpoint_signature": s.checkpoint_signature.hex(),
                }
                for s in self.signatures
            ],
        }


@dataclass(frozen=True, slots=True)
class Block:
    """A header, the commit of the previous height, and the entries' canonical encodings."""

    header: Header
    last_commit: Commit | None
    entries: tuple[bytes, ...]

    def __post_init__(self) -> None:
        if (self.last_commit is None) != (self.header.height == 1):
            raise DecodeError("Block.last_commit must be nil at height 1 and present after")
        if len(self.entries) != self.header.entries_count:
            raise DecodeError(
                f"Block holds {len(self.entries)} entries, header says {self.header.entries_count}"
            )

    def encode(self) -> bytes:
        """Canonical encoding."""
        commit = None if self.last_commit is None else self.last_commit.fields()
        return encoding.pack([VERSION, self.header.fields(), commit, list(self.entries)])

    @classmethod
    def decode(cls, data: bytes, max_size: int = MAX_BLOCK_BYTES) -> "Block":
        """Parse canonical Block bytes (entries are checked later, by the validator)."""
        fields = encoding.expect_array(
            encoding.unpack(data, max_size=max_size), name="Block", version=VERSION, fields=4
        )
        commit = None if fields[2] is None else Commit.from_fields(fields[2])
        if not isinstance(fields[3], list) or not all(isinstance(e, bytes) for e in fields[3]):
            raise DecodeError("Block.entries must be an array of entry encodings")
        return cls(Header.from_fields(fields[1]), commit, tuple(fields[3]))


@dataclass(frozen=True, slots=True)
class Vote:
    """A prevote or precommit; block_hash None is a vote for nil."""

    type: int
    chain_id: str
    height: int
    round: int
    block_hash: bytes | None
    validator_index: int
    signature: bytes | None = None
    checkpoint_signature: bytes | None = None

    def __post_init__(self) -> None:
        if self.type not in (PREVOTE, PRECOMMIT):
            raise DecodeError(f"Vote.type must be 1 (prevote) or 2 (precommit), got {self.type}")
        check_str(self.chain_id, "Vote.chain_id", MAX_CHAIN_ID_LENGTH)
        check_int(self.height, "Vote.height", 1)
        check_int(self.round, "Vote.round")
        check_bytes(self.block_hash, "Vote.block_hash", 32, optional=True)
        check_int(self.validator_index, "Vote.validator_index")
        check_bytes(self.signature, "Vote.signature", 64, optional=True)
        check_bytes(self.checkpoint_signature, "Vote.checkpoint_signature", 64, optional=True)
        if self.checkpoint_signature is not None and (
            self.type != PRECOMMIT or self.block_hash is None
        ):
            raise DecodeError("only a precommit for a block carries a checkpoint signature")

    def _fields(self, signature: bytes | None, checkpoint_signature: bytes | None) -> list[Any]:
        return [
            VERSION,
            self.type,
            self.chain_id,
            self.height,
            self.round,
            self.block_hash,
            self.validator_index,
            signature,
            checkpoint_signature,
        ]

    def encode(self) -> bytes:
        """Canonical encoding."""
        return encoding.pack(self._fields(self.signature, self.checkpoint_signature))

    def signed_payload(self) -> bytes:
        """What the validator signs: the encoding with both signatures nil."""
        return encoding.pack(self._fields(None, None))

    def signed(self, signature: bytes, checkpoint_signature: bytes | None) -> "Vote":
        """This vote with its signatures filled in."""
        return replace(self, signature=signature, checkpoint_signature=checkpoint_signature)

    @classmethod
    def decode(cls, data: bytes) -> "Vote":
        """Parse canonical Vote bytes; raises DecodeError."""
        fields = encoding.expect_array(
            encoding.unpack(data, max_size=MAX_MESSAGE_BYTES),
            name="Vote",
            version=VERSION,
            fields=9,
        )
        return cls(*fields[1:])


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposer's signed proposal of a block for (height, round); sent with the Block."""

    chain_id: str
    height: int
    round: int
    valid_round: int  # -1 for a fresh proposal
    block_hash: bytes
    time_ms: int
    proposer_index: int
    signature: bytes | None = None

    def __post_init__(self) -> None:
        check_str(self.chain_id, "Proposal.chain_id", MAX_CHAIN_ID_LENGTH)
        check_int(self.height, "Proposal.height", 1)
        check_int(self.round, "Proposal.round")
        check_int(self.valid_round, "Proposal.valid_round", -1)
        if self.valid_round >= self.round:
            raise DecodeError("Proposal.valid_round must be below its round")
        check_bytes(self.block_hash, "Proposal.block_hash", 32)
        check_int(self.time_ms, "Proposal.time_ms")
        check_int(self.proposer_index, "Proposal.proposer_index")
        check_bytes(self.signature, "Proposal.signature", 64, optional=True)

    def _fields(self, signature: bytes | None) -> list[Any]:
        return [
            VERSION,
            self.chain_id,
            self.height,
            self.round,
            self.valid_round,
            self.block_hash,
            self.time_ms,
            self.proposer_index,
            signature,
        ]

    def encode(self) -> bytes:
        """Canonical encoding."""
        return encoding.pack(self._fields(self.signature))

    def signed_payload(self) -> bytes:
        """What the proposer signs: the encoding with signature nil."""
        return encoding.pack(self._fields(None))

    def signed(self, signature: bytes) -> "Proposal":
        """This proposal with its signature filled in."""
        return replace(self, signature=signature)

    @classmethod
    def decode(cls, data: bytes) -> "Proposal":
        """Parse canonical Proposal bytes; raises DecodeError."""
        fields = encoding.expect_array(
            encoding.unpack(data, max_size=MAX_MESSAGE_BYTES),
            name="Proposal",
            version=VERSION,
            fields=9,
        )
        return cls(*fields[1:])
