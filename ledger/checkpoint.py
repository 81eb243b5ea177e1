"""Checkpoints of the ledger as C2SP signed notes (docs/formats.md, "Checkpoints").

Formats: https://c2sp.org/tlog-checkpoint (the body) and https://c2sp.org/signed-note (the
signature lines). A cunzheng checkpoint body has exactly three lines and no extension lines:

    cunzheng/<chain_id>
    <ledger_size>
    <base64 ledger_root>
"""

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass

from cunzheng.ledger.errors import DecodeError, SignatureError
from cunzheng.ledger.fields import check_bytes, check_int
from cunzheng.ledger.hashing import HASH_SIZE
from cunzheng.ledger.keys import (
    KEY_HASH_SIZE,
    NodeKey,
    decode_base64,
    is_valid_key_name,
    key_hash,
    verify_message_signature,
)

ORIGIN_PREFIX = "cunzheng/"
MAX_NOTE_BYTES = 64 * 1024
# golang.org/x/mod/sumdb/note caps a note at 100 signatures; C2SP asks verifiers for some cap.
MAX_SIGNATURE_LINES = 100
SIGNATURE_LINE_PREFIX = "\u2014 "  # em dash, space (C2SP signed-note, "Format")

# tlog-checkpoint: ASCII decimal, no leading zeroes unless the tree is empty. 19 digits hold
# every size up to 2^63 - 1, the largest ledger integer (ledger/fields.py).
_TREE_SIZE = re.compile(r"0|[1-9][0-9]{0,18}")


def checkpoint_origin(chain_id: str) -> str:
    """The origin line of chain `chain_id`'s checkpoints: "cunzheng/<chain_id>".

    Requires `chain_id` to be a C2SP key name, as Genesis does; raises DecodeError otherwise.
    """
    if not is_valid_key_name(chain_id):
        raise DecodeError(f'chain id {chain_id!r} must be non-empty, without spaces or "+"')
    return ORIGIN_PREFIX + chain_id


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The C2SP checkpoint body: origin, tree size and RFC 9162 root hash of the ledger."""

    origin: str
    tree_size: int
    root_hash: bytes

    def __post_init__(self) -> None:
        if not isinstance(self.origin, str) or not self.origin or not self.origin.isprintable():
            raise DecodeError(
                f"checkpoint origin must be a non-empty line of printable text, got {self.origin!r}"
            )
        check_int(self.tree_size, "Checkpoint.tree_size")
        check_bytes(self.root_hash, "Checkpoint.root_hash", HASH_SIZE)

    def body(self) -> str:
        """The note text that validators sign: "origin\\nsize\\nbase64(root)\\n"."""
        return f"{self.origin}\n{self.tree_size}\n{_b64(self.root_hash)}\n"

    @classmethod
    def parse_body(cls, text: str) -> "Checkpoint":
        """The checkpoint whose body() is exactly `text`.

        Raises DecodeError for a missing final newline, other than three lines (extension
        lines included), a size that is not canonical decimal, or a root that is not canonical
        base64 of 32 bytes.
        """
        if not text.endswith("\n"):
            raise DecodeError("checkpoint body must end with a newline")
        lines = text[:-1].split("\n")
        if len(lines) > 3:
            raise DecodeError(
                f"checkpoint body has {len(lines)} lines; cunzheng checkpoints have exactly 3 "
                "(origin, size, root) and no extension lines"
            )
        if len(lines) < 3:
            raise DecodeError(
                f"checkpoint body has {len(lines)} lines, expected origin, size, root"
            )
        origin, size, root = lines
        if not _TREE_SIZE.fullmatch(size):
            raise DecodeError(
                f"checkpoint tree size {size!r} is not a decimal number below 2^63 without "
                "leading zeroes"
            )
        root_hash = decode_base64(root, "checkpoint root hash")
        if len(root_hash) != HASH_SIZE:
            raise DecodeError(
                f"checkpoint root hash must be {HASH_SIZE} bytes, got {len(root_hash)}"
            )
        return cls(origin, int(size), root_hash)


@dataclass(frozen=True, slots=True)
class NoteSignature:
    """One C2SP signature line: key name, 4-byte key hash and signature.

    cunzheng's validators write 64-byte Ed25519 signatures; lines of other C2SP signature types
    (such as 72-byte witness cosignatures) parse too, so that verifiers can skip them.
    """

    name: str
    key_hash: bytes
    signature: bytes

    def __post_init__(self) -> None:
        if not is_valid_key_name(self.name):
            raise DecodeError(f"signature line name {self.name!r} is not a C2SP key name")
        check_bytes(self.key_hash, "NoteSignature.key_hash", KEY_HASH_SIZE)
        check_bytes(self.signature, "NoteSignature.signature")
        if not self.signature:
            raise DecodeError("NoteSignature.signature must not be empty")

    def line(self) -> str:
        """The signature line: "— <name> <base64(key_hash ‖ signature)>\\n"."""
        return f"{SIGNATURE_LINE_PREFIX}{self.name} {_b64(self.key_hash + self.signature)}\n"

    @classmethod
    def parse(cls, line: str) -> "NoteSignature":
        """The signature whose line() is exactly `line` (final newline included).

        Raises DecodeError for a missing em dash prefix or newline, a bad key name, or a
        signature that is not canonical base64 of at least 5 bytes.
        """
        if not line.startswith(SIGNATURE_LINE_PREFIX) or not line.endswith("\n"):
            raise DecodeError(f"malformed signature line {line!r}: expected '— <name> <base64>'")
        name, space, encoded = line[len(SIGNATURE_LINE_PREFIX) : -1].partition(" ")
        if not space or not is_valid_key_name(name):
            raise DecodeError(f"malformed signature line {line!r}: bad or missing key name")
        raw = decode_base64(encoded, f"signature of {name!r}")
        if len(raw) <= KEY_HASH_SIZE:
            raise DecodeError(f"signature of {name!r} holds {len(raw)} bytes, expected over 4")
        return cls(name, raw[:KEY_HASH_SIZE], raw[KEY_HASH_SIZE:])


def sign_checkpoint(checkpoint: Checkpoint, key: NodeKey) -> NoteSignature:
    """`key`'s C2SP signature line for `checkpoint`: Ed25519 over the UTF-8 body."""
    return NoteSignature(
        key.name,
        key_hash(key.name, key.public_key),
        key.sign_message(checkpoint.body().encode("utf-8")),
    )


def checkpoint_signature_for(checkpoint: Checkpoint, public_key: bytes, signature: bytes) -> None:
    """Check a validator's raw 64-byte checkpoint signature (carried on its precommit).

    Raises SignatureError if `public_key` is not 32 bytes, `signature` is not 64 bytes, or the
    signature is not over `checkpoint`'s body by that key.
    """
    verify_message_signature(public_key, checkpoint.body().encode("utf-8"), signature)


@dataclass(frozen=True, slots=True)
class SignedCheckpoint:
    """A checkpoint with one or more signature lines, in the order given (validator index)."""

    checkpoint: Checkpoint
    signatures: tuple[NoteSignature, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.checkpoint, Checkpoint):
            raise DecodeError(f"expected a Checkpoint, got {type(self.checkpoint).__name__}")
        if not isinstance(self.signatures, tuple) or not all(
            isinstance(s, NoteSignature) for s in self.signatures
        ):
            raise DecodeError("SignedCheckpoint.signatures must be a tuple of NoteSignature")
        if not 1 <= len(self.signatures) <= MAX_SIGNATURE_LINES:
            raise DecodeError(
                f"a signed note holds 1 to {MAX_SIGNATURE_LINES} signature lines "
                f"(C2SP signed-note), got {len(self.signatures)}"
            )

    def text(self) -> str:
        """The signed note: body, a blank line, then the signature lines."""
        return self.checkpoint.body() + "\n" + "".join(s.line() for s in self.signatures)

    @classmethod
    def parse(cls, text: str | bytes) -> "SignedCheckpoint":
        """The signed checkpoint whose text() is exactly `text` (str, or UTF-8 bytes).

        Signatures are not checked here; see `verified_signers`. Raises DecodeError for a note
        over MAX_NOTE_BYTES, text that is not UTF-8 or holds control characters other than
        newline, no blank line before the signatures, no or over MAX_SIGNATURE_LINES signature
        lines, a malformed signature line, or a body that Checkpoint.parse_body rejects.
        """
        if len(text) > MAX_NOTE_BYTES:
            raise DecodeError(f"signed note is over {MAX_NOTE_BYTES} bytes, got {len(text)}")
        try:
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            note = data.decode("utf-8")
        except UnicodeError as err:
            raise DecodeError(f"signed note is not valid UTF-8: {err}") from err
        if len(data) > MAX_NOTE_BYTES:
            raise DecodeError(f"signed note is over {MAX_NOTE_BYTES} bytes, got {len(data)}")
        # C2SP signed-note, "Format": no ASCII control characters except newline.
        if any(char < " " and char != "\n" for char in note):
            raise DecodeError("signed note holds a control character other than newline")
        split = note.rfind("\n\n")
        if split < 0:
            raise DecodeError("signed note has no blank line between body and signature lines")
        body, signature_block = note[: split + 1], note[split + 2 :]
        if not signature_block:
            raise DecodeError("signed note has no signature lines after the blank line")
        if not signature_block.endswith("\n"):
            raise DecodeError("signed note must end with a newline after the last signature line")
        count = signature_block.count("\n")
        if count > MAX_SIGNATURE_LINES:
            raise DecodeError(
                f"signed note has {count} signature lines, the limit is {MAX_SIGNATURE_LINES}"
            )
        lines = signature_block[:-1].split("\n")
        return cls(Checkpoint.parse_body(body), tuple(NoteSignature.parse(f"{s}\n") for s in lines))


def verified_signers(note: SignedCheckpoint, known_keys: Mapping[str, bytes]) -> list[str]:
    """Names of the known keys whose signature lines verify, in order of first appearance.

    `known_keys` maps a validator's key name to its 32-byte Ed25519 public key. A line counts
    only if its name and key hash both match a known key (C2SP signed-note, "Signatures");
    other lines are ignored, as C2SP requires. A name signing twice counts once. Raises
    SignatureError if any line from a known key fails to verify: a forged line from a known
    notary is an attack, not noise. Raises DecodeError for a malformed known key.
    """
    known_hashes = {name: key_hash(name, public_key) for name, public_key in known_keys.items()}
    message = note.checkpoint.body().encode("utf-8")
    signers: list[str] = []
    for line in note.signatures:
        if known_hashes.get(line.name) != line.key_hash:
            continue
        try:
            verify_message_signature(known_keys[line.name], message, line.signature)
        except SignatureError as err:
            raise SignatureError(
                f"checkpoint {note.checkpoint.origin} size {note.checkpoint.tree_size}: the line "
                f"of known key {line.name} ({line.key_hash.hex()}) does not verify; reject this "
                f"note and fetch the checkpoint from another notary ({err})"
            ) from err
        if line.name not in signers:
            signers.append(line.name)
    return signers
