"""The messages peers exchange over /v1/p2p websockets (docs/http-api.md, "The peer endpoint").

Every message is one binary websocket frame holding a canonical msgpack array
`[1, kind, fields…]`, decoded strictly (ledger.encoding.unpack with a size limit, exact field
counts and types). Any malformed message raises PeerError, and the peer that sent it is
dropped. The kinds, in the order a connection uses them:

    hello       [1, "hello", chain_id, genesis_hash, public_key, nonce]     first, both sides
    auth        [1, "auth", signature]              Ed25519 over auth_payload(), both sides
    status      [1, "status", height, ledger_size]  on connect, after commits, every second
    proposal    [1, "proposal", proposal, block]    encodings of a signed Proposal and its Block
    vote        [1, "vote", vote]                   encoding of a signed Vote
    entries     [1, "entries", [entry, …]]          Entry encodings, at most 10,000
    checkpoint  [1, "checkpoint", note]             the signed checkpoint note of the tip
    get_blocks  [1, "get_blocks", first, count]     committed blocks first…first+count-1, ≤ 100
    blocks      [1, "blocks", [[block, commit], …]] the answer, in height order
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from cunzheng.ledger import encoding
from cunzheng.ledger.block import MAX_CHAIN_ID_LENGTH, Block, Commit, Proposal, Vote
from cunzheng.ledger.checkpoint import SignedCheckpoint
from cunzheng.ledger.entry import MAX_ENTRY_BYTES
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.fields import check_bytes, check_int, check_str
from cunzheng.ledger.keys import PEER_AUTH_SIGNATURE_TAG, NodeKey, verify_signature
from cunzheng.node.errors import PeerError

VERSION = 1
NONCE_SIZE = 32
CHANNEL_BINDING_SIZE = 32  # SHA-256, RFC 5929 §4.1 tls-server-end-point
MAX_ENTRIES_PER_MESSAGE = 10_000
MAX_BLOCKS_PER_MESSAGE = 100
MAX_NOTE_CHARS = 64 * 1024


@dataclass(frozen=True, slots=True)
class Hello:
    """Who the sender says it is, and its fresh challenge for the other side."""

    chain_id: str
    genesis_hash: bytes
    public_key: bytes
    nonce: bytes

    def __post_init__(self) -> None:
        check_str(self.chain_id, "hello chain_id", MAX_CHAIN_ID_LENGTH)
        check_bytes(self.genesis_hash, "hello genesis_hash", 32)
        check_bytes(self.public_key, "hello public_key", 32)
        check_bytes(self.nonce, "hello nonce", NONCE_SIZE)

    def fields(self) -> list[Any]:
        """The message array."""
        return [VERSION, "hello", self.chain_id, self.genesis_hash, self.public_key, self.nonce]


@dataclass(frozen=True, slots=True)
class Auth:
    """The sender's signature over auth_payload() of this connection."""

    signature: bytes

    def __post_init__(self) -> None:
        check_bytes(self.signature, "auth signature", 64)

    def fields(self) -> list[Any]:
        """The message array."""
        return [VERSION, "auth", self.signature]


@dataclass(frozen=True, slots=True)
class Status:
    """The sender's committed height and ledger size."""

    height: int
    ledger_size: int

    def __post_init__(self) -> None:
        check_int(self.height, "status height")
        check_int(self.ledger_size, "status ledger_size")

    def fields(self) -> list[Any]:
        """The message array."""
        return [VERSION, "status", self.height, self.ledger_size]


@dataclass(frozen=True, slots=True)
class ProposalMessage:
    """A signed proposal with the block it proposes (signatures are checked by the driver)."""

    proposal: Proposal
    block: Block

    def fields(self) -> list[Any]:
        """The message array."""
        return [VERSION, "proposal", self.proposal.encode(), self.block.encode()]


@dataclass(frozen=True, slots=True)
class VoteMessage:
    """A signed prevote or precommit (the signature is checked by the driver)."""

    vote: Vote

    def fields(self) -> list[Any]:
        """The message array."""
        return [VERSION, "vote", self.vote.encode()]


@dataclass(frozen=True, slots=True)
class Entries:
    """New entries' canonical encodings; the receiver decodes and verifies each one."""

    entries: tuple[bytes, ...]

    def __post_init__(self) -> None:
        if not 1 <= len(self.entries) <= MAX_ENTRIES_PER_MESSAGE:
            raise DecodeError(
                f"entries message holds {len(self.entries)} entries; 1 to "
                f"{MAX_ENTRIES_PER_MESSAGE} are allowed"
            )
        for data in self.entries:
            check_bytes(data, "entry encoding")
            if len(data) > MAX_ENTRY_BYTES:
                raise DecodeError(
                    f"an entry encoding is {len(data)} bytes; the limit is {MAX_ENTRY_BYTES}"
                )

    def fields(self) -> list[Any]:
        """The message array."""
        return [VERSION, "entries", list(self.entries)]


@dataclass(frozen=True, slots=True)
class CheckpointNote:
    """A signed checkpoint note (C2SP signed-note text), parsed; signatures not yet checked."""

    note: SignedCheckpoint

    def fields(self) -> list[Any]:
        """The message array."""
        return [VERSION, "checkpoint", self.note.text()]


@dataclass(frozen=True, slots=True)
class GetBlocks:
    """A request for `count` committed blocks from height `first` on."""

    first: int
    count: int

    def __post_init__(self) -> None:
        check_int(self.first, "get_blocks first", 1)
        check_int(self.count, "get_blocks count", 1)
        if self.count > MAX_BLOCKS_PER_MESSAGE:
            raise DecodeError(
                f"get_blocks asks for {self.count} blocks; the limit is {MAX_BLOCKS_PER_MESSAGE}"
            )

    def fields(self) -> list[Any]:
        """The message array."""
        return [VERSION, "get_blocks", self.first, self.count]


@dataclass(frozen=True, slots=True)
class Blocks:
    """Committed blocks with the commits their sender holds, in height order (maybe none)."""

    blocks: tuple[tuple[Block, Commit], ...]

    def __post_init__(self) -> None:
        if len(self.blocks) > MAX_BLOCKS_PER_MESSAGE:
            raise DecodeError(
                f"blocks message holds {len(self.blocks)} blocks; the limit is "
                f"{MAX_BLOCKS_PER_MESSAGE}"
            )
        heights = [block.header.height for block, _ in self.blocks]
        if any(later != earlier + 1 for earlier, later in pairwise(heights)):
            raise DecodeError(f"blocks message heights {heights[:5]}… are not consecutive")

    def fields(self) -> list[Any]:
        """The message array."""
        pairs = [[block.encode(), commit.encode()] for block, commit in self.blocks]
        return [VERSION, "blocks", pairs]


PeerMessage = (
    Hello
    | Auth
    | Status
    | ProposalMessage
    | VoteMessage
    | Entries
    | CheckpointNote
    | GetBlocks
    | Blocks
)


def encode_message(message: PeerMessage) -> bytes:
    """The frame that carries `message`: its canonical msgpack array."""
    return encoding.pack(message.fields())


def _bytes_list(value: Any, what: str) -> list[bytes]:
    if not isinstance(value, list) or not all(isinstance(item, bytes) for item in value):
        raise DecodeError(f"{what} must be an array of byte strings")
    return value


def _decode_blocks(value: Any) -> Blocks:
    if not isinstance(value, list) or len(value) > MAX_BLOCKS_PER_MESSAGE:
        raise DecodeError(f"blocks must be an array of at most {MAX_BLOCKS_PER_MESSAGE} pairs")
    pairs = []
    for pair in value:
        if len(_bytes_list(pair, "a [block, commit] pair")) != 2:
            raise DecodeError("each item of blocks must be a [block, commit] pair")
        block_data, commit_data = pair
        pairs.append((Block.decode(block_data), Commit.decode(commit_data)))
    return Blocks(tuple(pairs))


# kind → number of fields after version and kind
_FIELD_COUNTS = {
    "hello": 4,
    "auth": 1,
    "status": 2,
    "proposal": 2,
    "vote": 1,
    "entries": 1,
    "checkpoint": 1,
    "get_blocks": 2,
    "blocks": 1,
}


def _build(kind: str, fields: list[Any]) -> PeerMessage:
    match kind:
        case "hello":
            return Hello(*fields)
        case "auth":
            return Auth(*fields)
        case "status":
            return Status(*fields)
        case "proposal":
            return ProposalMessage(Proposal.decode(fields[0]), Block.decode(fields[1]))
        case "vote":
            return VoteMessage(Vote.decode(fields[0]))
        case "entries":
            return Entries(tuple(_bytes_list(fields[0], "entries")))
        case "checkpoint":
            check_str(fields[0], "checkpoint note", MAX_NOTE_CHARS)
            return CheckpointNote(SignedCheckpoint.parse(fields[0]))
        case "get_blocks":
            return GetBlocks(*fields)
        case _:
            return _decode_blocks(fields[0])


def decode_message(data: bytes, max_size: int) -> PeerMessage:
    """The message a frame carries.

    Requires len(data) <= max_size. Raises PeerError for anything that is not the canonical
    encoding of a known message with fields of the right types and sizes.
    """
    try:
        value = encoding.unpack(data, max_size=max_size)
        if not isinstance(value, list) or len(value) < 2:
            raise DecodeError("a peer message must be an array [version, kind, …]")
        version, kind = value[0], value[1]
        if version != VERSION:
            raise DecodeError(f"peer message version {version!r} is not supported (expected 1)")
        if not isinstance(kind, str) or kind not in _FIELD_COUNTS:
            raise DecodeError(f"unknown peer message kind {kind!r}")
        count = _FIELD_COUNTS[kind]
        if len(value) != count + 2:
            raise DecodeError(f"{kind} message must have {count + 2} fields, got {len(value)}")
        return _build(kind, value[2:])
    except DecodeError as err:
        raise PeerError(f"malformed peer message: {err}") from err


def auth_payload(
    *,
    chain_id: str,
    genesis_hash: bytes,
    dialer_key: bytes,
    listener_key: bytes,
    dialer_nonce: bytes,
    listener_nonce: bytes,
    channel_binding: bytes,
) -> bytes:
    """What both sides of one connection sign: the chain, both keys, both fresh nonces and
    the TLS channel they were exchanged over.

    Binding both keys and both nonces makes a signature good for this connection only: one a
    peer obtained in its own handshake with a third node never verifies here (a relayed
    handshake fails). `channel_binding` (node/p2p/tls.py; empty on a plain link) makes it
    good on this TLS channel only: a middlebox that terminates TLS towards both nodes and
    passes their handshakes on joins two channels whose bindings differ, and fails.
    Requires channel_binding of 0 or CHANNEL_BINDING_SIZE bytes.
    """
    if len(channel_binding) not in (0, CHANNEL_BINDING_SIZE):
        raise ValueError(
            f"channel_binding must be 0 or {CHANNEL_BINDING_SIZE} bytes, got {len(channel_binding)}"
        )
    fields = [
        VERSION,
        chain_id,
        genesis_hash,
        dialer_key,
        listener_key,
        dialer_nonce,
        listener_nonce,
    ]
    # A plain link signs what the release before peer TLS signed, so that nodes of both
    # releases can run side by side during an upgrade (deploy/README.md, "Upgrades"); the
    # arrays of 7 and of 8 fields never encode alike.
    return encoding.pack([*fields, channel_binding] if channel_binding else fields)


def sign_auth(key: NodeKey, payload: bytes) -> Auth:
    """Our auth message for `payload` (tag cunzheng/peer-auth/v1)."""
    return Auth(key.sign(PEER_AUTH_SIGNATURE_TAG, payload))


def verify_auth(public_key: bytes, payload: bytes, auth: Auth) -> None:
    """Check the peer's auth signature; raises ledger.errors.SignatureError if it fails."""
    verify_signature(public_key, PEER_AUTH_SIGNATURE_TAG, payload, auth.signature)


def entry_frames(encodings: Sequence[bytes], max_bytes: int) -> Iterator[bytes]:
    """Frames of entries messages carrying `encodings` in order: each holds at most
    MAX_ENTRIES_PER_MESSAGE of them and, unless one alone is larger, at most `max_bytes`."""
    chunk: list[bytes] = []
    size = 0
    for data in encodings:
        if chunk and (len(chunk) == MAX_ENTRIES_PER_MESSAGE or size + len(data) > max_bytes):
            yield encode_message(Entries(tuple(chunk)))
            chunk, size = [], 0
        chunk.append(data)
        size += len(data)
    if chunk:
        yield encode_message(Entries(tuple(chunk)))
