"""Ed25519 node keys, purpose-tagged signatures, key files and C2SP verifier keys.

docs/formats.md, "Hashes and signatures": every signature covers tag ‖ 0x00 ‖ payload, with one
tag per purpose, so a signature made for one purpose never verifies as another (a peer's
challenge cannot make a node sign a vote). The one exception is the checkpoint, signed as
C2SP signed-note text (https://c2sp.org/signed-note) with `NodeKey.sign_message`.
"""

import base64
import binascii
import json
import os
import re
import stat
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from cunzheng.ledger.errors import DecodeError, KeyFileError, SignatureError
from cunzheng.ledger.fields import check_bytes
from cunzheng.ledger.files import write_atomically

ENTRY_SIGNATURE_TAG = b"cunzheng/entry/v1"
PROPOSAL_SIGNATURE_TAG = b"cunzheng/proposal/v1"
VOTE_SIGNATURE_TAG = b"cunzheng/vote/v1"
RECEIPT_SIGNATURE_TAG = b"cunzheng/receipt/v1"
PEER_AUTH_SIGNATURE_TAG = b"cunzheng/peer-auth/v1"
GOVERNANCE_SIGNATURE_TAG = b"cunzheng/governance/v1"
SIGNATURE_TAGS = frozenset(
    {
        ENTRY_SIGNATURE_TAG,
        PROPOSAL_SIGNATURE_TAG,
        VOTE_SIGNATURE_TAG,
        RECEIPT_SIGNATURE_TAG,
        PEER_AUTH_SIGNATURE_TAG,
        GOVERNANCE_SIGNATURE_TAG,
    }
)

SEED_SIZE = 32
PUBLIC_KEY_SIZE = 32
SIGNATURE_SIZE = 64
KEY_HASH_SIZE = 4
MAX_KEY_NAME_LENGTH = 64
# C2SP signed-note, "Signature types": 0x01 is Ed25519 over the note text.
ED25519_SIGNATURE_TYPE = 0x01
KEY_FILE_FIELDS = ("name", "public_key", "private_key")
MAX_KEY_FILE_BYTES = 4096

_KEY_HEX = re.compile(r"[0-9a-f]{64}")
_KEY_HASH_HEX = re.compile(r"[0-9a-f]{8}")


def is_valid_key_name(name: str) -> bool:
    """True if `name` is a C2SP key name cunzheng accepts; never raises.

    C2SP signed-note: non-empty, no Unicode spaces, no "+". cunzheng also requires printable
    characters only and at most MAX_KEY_NAME_LENGTH of them.
    """
    return (
        isinstance(name, str)
        and 0 < len(name) <= MAX_KEY_NAME_LENGTH
        and name.isprintable()
        and "+" not in name
        and not any(char.isspace() for char in name)
    )


def decode_base64(text: str, what: str) -> bytes:
    """Decode standard, padded base64 (RFC 4648 §4) as C2SP writes it.

    Accepts only the canonical encoding, so that re-encoding gives back `text` exactly.
    Raises DecodeError naming `what` for any other input.
    """
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as err:
        raise DecodeError(f"{what} is not padded base64 (RFC 4648 §4): {text[:64]!r}") from err
    if base64.b64encode(raw).decode("ascii") != text:
        raise DecodeError(f"{what} is not canonical base64: {text[:64]!r}")
    return raw


def _check_name(name: str) -> None:
    if not is_valid_key_name(name):
        raise DecodeError(
            f"key name {name!r} is not a C2SP key name: expected 1 to {MAX_KEY_NAME_LENGTH} "
            'printable characters without spaces or "+"'
        )


def _check_tag(tag: bytes) -> None:
    if tag not in SIGNATURE_TAGS:
        known = ", ".join(sorted(t.decode() for t in SIGNATURE_TAGS))
        raise SignatureError(f"unknown signature purpose tag {tag!r}; expected one of {known}")


@dataclass(frozen=True, slots=True)
class NodeKey:
    """A notary's Ed25519 signing key under its C2SP key name.

    `seed` is the 32-byte RFC 8032 private key; it never appears in repr().
    """

    name: str
    seed: bytes = field(repr=False)
    # Derived once: signing is on hot paths (votes, receipts), so keep libsodium's key ready.
    _signing_key: SigningKey = field(init=False, repr=False, compare=False)
    _public_key: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _check_name(self.name)
        check_bytes(self.seed, "NodeKey.seed", SEED_SIZE)
        signing_key = SigningKey(self.seed)
        object.__setattr__(self, "_signing_key", signing_key)
        object.__setattr__(self, "_public_key", bytes(signing_key.verify_key))

    @classmethod
    def from_seed(cls, name: str, seed: bytes) -> "NodeKey":
        """The key with this name and 32-byte seed (callers bring their own randomness).

        Raises DecodeError for a name that is not a C2SP key name or a seed of the wrong size.
        """
        return cls(name, seed)

    @property
    def public_key(self) -> bytes:
        """The 32-byte Ed25519 public key."""
        return self._public_key

    def sign(self, tag: bytes, payload: bytes) -> bytes:
        """The 64-byte Ed25519 signature over tag ‖ 0x00 ‖ payload.

        Requires `tag` to be one of SIGNATURE_TAGS; raises SignatureError otherwise.
        """
        _check_tag(tag)
        return self._signing_key.sign(tag + b"\x00" + payload).signature

    def sign_message(self, message: bytes) -> bytes:
        """The 64-byte Ed25519 signature over `message` itself, with no purpose tag.

        Only for C2SP signed notes (ledger/checkpoint.py), whose text never contains 0x00 and
        so can never equal a tagged payload. Everything else uses `sign`.
        """
        return self._signing_key.sign(message).signature


def _verify(public_key: bytes, message: bytes, signature: bytes, what: str) -> None:
    try:
        check_bytes(public_key, "the Ed25519 public key", PUBLIC_KEY_SIZE)
        check_bytes(signature, f"the {what}", SIGNATURE_SIZE)
    except DecodeError as err:
        raise SignatureError(str(err)) from err
    try:
        VerifyKey(public_key).verify(message, signature)
    except BadSignatureError as err:
        raise SignatureError(
            f"{what} does not verify under public key {public_key.hex()[:16]}: the signed "
            "bytes were altered or signed by another key; do not trust them"
        ) from err


def verify_signature(public_key: bytes, tag: bytes, payload: bytes, signature: bytes) -> None:
    """Check an Ed25519 signature over tag ‖ 0x00 ‖ payload by `public_key`.

    Raises SignatureError for an unknown tag, a key that is not 32 bytes, a signature that is
    not 64 bytes, or a signature that does not verify.
    """
    _check_tag(tag)
    _verify(public_key, tag + b"\x00" + payload, signature, f"{tag.decode()} signature")


def is_valid_signature(public_key: bytes, tag: bytes, payload: bytes, signature: bytes) -> bool:
    """True if verify_signature would accept these arguments; never raises."""
    try:
        verify_signature(public_key, tag, payload, signature)
    except SignatureError:
        return False
    return True


def verify_message_signature(public_key: bytes, message: bytes, signature: bytes) -> None:
    """Check a raw (untagged) Ed25519 signature over `message`, as on C2SP signed notes.

    Raises SignatureError for a key that is not 32 bytes, a signature that is not 64 bytes, or
    a signature that does not verify.
    """
    _verify(public_key, message, signature, "note signature")


def key_hash(name: str, public_key: bytes) -> bytes:
    """The 4-byte C2SP key ID: SHA-256(name ‖ "\\n" ‖ 0x01 ‖ public_key)[:4].

    Raises DecodeError unless `name` is a key name and `public_key` is 32 bytes.
    """
    _check_name(name)
    check_bytes(public_key, "the Ed25519 public key", PUBLIC_KEY_SIZE)
    data = name.encode("utf-8") + b"\n" + bytes([ED25519_SIGNATURE_TYPE]) + public_key
    return sha256(data).digest()[:KEY_HASH_SIZE]


def vkey(name: str, public_key: bytes) -> str:
    """The C2SP verifier key `<name>+<8 hex key hash>+<base64(0x01 ‖ public_key)>`.

    Raises DecodeError unless `name` is a key name and `public_key` is 32 bytes.
    """
    hash_hex = key_hash(name, public_key).hex()
    encoded = base64.b64encode(bytes([ED25519_SIGNATURE_TYPE]) + public_key).decode("ascii")
    return f"{name}+{hash_hex}+{encoded}"


def parse_vkey(text: str) -> tuple[str, bytes]:
    """The (name, 32-byte public key) of a C2SP Ed25519 verifier key, as `vkey` writes it.

    Strict: no surrounding whitespace, lowercase hex key hash, canonical base64. Raises
    DecodeError for the wrong number of parts, a bad name, bad base64, a signature type other
    than Ed25519 (0x01), or a key hash that does not match the name and key.
    """
    name, plus, rest = text.partition("+")
    key_hash_hex, plus_again, key_base64 = rest.partition("+")
    if not plus or not plus_again or not key_base64:
        raise DecodeError(
            f"verifier key {text!r} must be <name>+<8 hex digits>+<base64 key>; copy the whole "
            "line from the notary's .vkey file"
        )
    _check_name(name)
    if not _KEY_HASH_HEX.fullmatch(key_hash_hex):
        raise DecodeError(
            f"verifier key {text!r}: key hash must be 8 lowercase hex digits, got {key_hash_hex!r}"
        )
    typed_key = decode_base64(key_base64, f"verifier key {text!r}")
    if len(typed_key) != 1 + PUBLIC_KEY_SIZE or typed_key[0] != ED25519_SIGNATURE_TYPE:
        kind = f"type 0x{typed_key[0]:02x}" if typed_key else "no type byte"
        raise DecodeError(
            f"verifier key {text!r} holds {len(typed_key)} bytes with {kind}; expected 33 bytes "
            "starting 0x01 (Ed25519), the only kind cunzheng verifies"
        )
    public_key = typed_key[1:]
    computed = key_hash(name, public_key).hex()
    if computed != key_hash_hex:
        raise DecodeError(
            f"verifier key {text!r} says key hash {key_hash_hex}, but its name and key give "
            f"{computed}; the key was mistyped or altered, copy it again from the notary"
        )
    return name, public_key


def _write_atomically(path: Path, data: bytes, mode: int, overwrite: bool) -> None:
    try:
        write_atomically(path, data, mode=mode, overwrite=overwrite)
    except FileExistsError as err:
        if err.filename != str(path):
            raise KeyFileError(
                f"{err.filename} exists, left by an interrupted write; make sure no other "
                "keygen is running, delete it and try again"
            ) from err
        raise KeyFileError(f"{path} already exists; refusing to overwrite it") from err
    except OSError as err:
        raise KeyFileError(f"cannot write {path}: {err.strerror}") from err


def write_key_file(path: Path, key: NodeKey, *, overwrite: bool = False) -> Path:
    """Write `key` as a key file (mode 0600) and its vkey beside it; return the vkey's path.

    The key file is JSON {"name", "public_key", "private_key"} in lowercase hex
    (docs/formats.md, "Key files and verifier keys");
    the vkey file `<stem>.vkey` holds `vkey(...)` and a newline (mode 0644).
    Each is written to a temporary file, fsynced and moved into place, so a crash never leaves
    half a key. Raises KeyFileError if either file exists and `overwrite` is False, or if
    writing fails.
    """
    vkey_path = path.with_name(path.stem + ".vkey")
    if vkey_path == path:
        raise KeyFileError(f"{path} would be overwritten by its own vkey; name it {path.stem}.key")
    if not overwrite:
        for target in (path, vkey_path):
            if target.exists():
                raise KeyFileError(
                    f"{target} already exists; refusing to overwrite a key: choose another "
                    "path, or move the old key away first if you mean to replace it"
                )
    document = {
        "name": key.name,
        "public_key": key.public_key.hex(),
        "private_key": key.seed.hex(),
    }
    _write_atomically(path, (json.dumps(document, indent=2) + "\n").encode(), 0o600, overwrite)
    _write_atomically(vkey_path, (vkey(key.name, key.public_key) + "\n").encode(), 0o644, overwrite)
    return vkey_path


def _read_private_file(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError as err:
        raise KeyFileError(
            f"key file {path} does not exist; create one with "
            f"`cunzheng keygen --name NAME --out {path}`"
        ) from err
    except OSError as err:
        raise KeyFileError(f"cannot open key file {path}: {err.strerror}") from err
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise KeyFileError(f"key file {path} is not a regular file")
        if mode & 0o077:
            raise KeyFileError(
                f"key file {path} has mode {stat.S_IMODE(mode):04o}: group or others can reach "
                f"the private key; run `chmod 600 {path}` (and rotate the key if anyone else "
                "could have read it)"
            )
        with os.fdopen(fd, "rb", closefd=False) as file:
            return file.read(MAX_KEY_FILE_BYTES + 1)
    finally:
        os.close(fd)


def _key_file_bytes(document: dict[str, object], name: str, path: Path) -> bytes:
    value = document[name]
    if not isinstance(value, str) or not _KEY_HEX.fullmatch(value):
        # Never echo the value: it may be most of a private key.
        got = f"{len(value)} characters" if isinstance(value, str) else type(value).__name__
        raise KeyFileError(
            f"key file {path}: {name} must be 64 lowercase hex digits (32 bytes), got {got}"
        )
    return bytes.fromhex(value)


def load_key_file(path: Path) -> NodeKey:
    """The NodeKey stored in the key file at `path`, as written by `write_key_file`.

    Raises KeyFileError if the file is missing, not a regular file, accessible by group or
    others (mode & 0o077), not JSON, lacks or adds fields, holds bad hex or lengths, or if its
    public key does not match its private key.
    """
    data = _read_private_file(path)
    if len(data) > MAX_KEY_FILE_BYTES:
        raise KeyFileError(f"key file {path} is over {MAX_KEY_FILE_BYTES} bytes; not a key file")
    try:
        document = json.loads(data.decode("utf-8"))
    except ValueError as err:  # also UnicodeDecodeError; its text is not echoed (secret bytes)
        raise KeyFileError(
            f"key file {path} is not UTF-8 JSON; expected the "
            '{"name", "public_key", "private_key"} object `cunzheng keygen` writes'
        ) from err
    if not isinstance(document, dict):
        raise KeyFileError(
            f"key file {path} must hold a JSON object, got {type(document).__name__}"
        )
    missing = [name for name in KEY_FILE_FIELDS if name not in document]
    unknown = sorted(set(document) - set(KEY_FILE_FIELDS))
    if missing or unknown:
        raise KeyFileError(
            f"key file {path} must have exactly the fields {', '.join(KEY_FILE_FIELDS)}; "
            f"missing: {missing or 'none'}, unknown: {unknown or 'none'}"
        )
    name = document["name"]
    if not isinstance(name, str) or not is_valid_key_name(name):
        raise KeyFileError(
            f"key file {path}: name {name!r} is not a C2SP key name (1 to "
            f'{MAX_KEY_NAME_LENGTH} printable characters, no spaces or "+")'
        )
    public_key = _key_file_bytes(document, "public_key", path)
    key = NodeKey(name, _key_file_bytes(document, "private_key", path))
    if key.public_key != public_key:
        raise KeyFileError(
            f"key file {path} is corrupt: public key does not match private key; restore it "
            "from a backup"
        )
    return key
