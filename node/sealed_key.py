"""A node key sealed with a passphrase, as a backup carries it (docs/formats.md, "Backup file").

The passphrase is stretched with Argon2id (RFC 9106) into a 32-byte key for libsodium's
secretbox (XSalsa20-Poly1305), both through PyNaCl: nothing here is hand-written crypto. The
box holds the key's name and 32-byte seed; the public key travels in the clear beside it so
that `cunzheng restore` can tell, without the passphrase, whether a home already holds this
very key, and is checked against the seed once the box is open.
"""

from dataclasses import dataclass
from typing import Any

import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.utils

from cunzheng.ledger import encoding
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.keys import NodeKey
from cunzheng.node.errors import NodeError

FORMAT = "cunzheng-sealed-key/v1"
KDF = "argon2id"
# libsodium's "moderate" cost: about a second and 256 MiB on a server, for a key kept for years.
OPSLIMIT = nacl.pwhash.argon2id.OPSLIMIT_MODERATE
MEMLIMIT = nacl.pwhash.argon2id.MEMLIMIT_MODERATE
# A sealed key asking for more than libsodium's "sensitive" cost is refused rather than let a
# changed file make restore run for minutes or exhaust memory.
MAX_OPSLIMIT = nacl.pwhash.argon2id.OPSLIMIT_SENSITIVE
MAX_MEMLIMIT = nacl.pwhash.argon2id.MEMLIMIT_SENSITIVE
MIN_PASSPHRASE_CHARS = 12


class SealedKeyError(NodeError):
    """A passphrase or sealed key that cannot be used; nothing was written."""


@dataclass(frozen=True, slots=True)
class SealedKey:
    """A node key in a secretbox under a key stretched from a passphrase."""

    name: str
    public_key: bytes
    opslimit: int
    memlimit: int
    salt: bytes
    box: bytes  # nonce ‖ ciphertext, as SecretBox.encrypt returns it

    def to_json(self) -> dict[str, Any]:
        """The sealed key as a backup's manifest holds it (bytes as lowercase hex)."""
        return {
            "format": FORMAT,
            "name": self.name,
            "public_key": self.public_key.hex(),
            "kdf": KDF,
            "opslimit": self.opslimit,
            "memlimit": self.memlimit,
            "salt": self.salt.hex(),
            "box": self.box.hex(),
        }

    @classmethod
    def from_json(cls, obj: Any) -> "SealedKey":
        """The sealed key in `obj`; SealedKeyError if it is not one this version can open."""
        if not isinstance(obj, dict) or obj.get("format") != FORMAT or obj.get("kdf") != KDF:
            raise SealedKeyError(
                f"the sealed node key is not {FORMAT} with {KDF}; take the backup again with "
                "this version"
            )
        try:
            sealed = cls(
                str(obj["name"]),
                bytes.fromhex(obj["public_key"]),
                int(obj["opslimit"]),
                int(obj["memlimit"]),
                bytes.fromhex(obj["salt"]),
                bytes.fromhex(obj["box"]),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise SealedKeyError(f"the sealed node key is malformed: {err!r}") from err
        if not (0 < sealed.opslimit <= MAX_OPSLIMIT and 0 < sealed.memlimit <= MAX_MEMLIMIT):
            raise SealedKeyError(
                f"the sealed node key asks for Argon2id cost {sealed.opslimit}/"
                f"{sealed.memlimit}, over the {MAX_OPSLIMIT}/{MAX_MEMLIMIT} allowed"
            )
        if len(sealed.salt) != nacl.pwhash.argon2id.SALTBYTES:
            raise SealedKeyError(f"the sealed node key's salt is {len(sealed.salt)} bytes")
        return sealed

    def open(self, passphrase: str) -> NodeKey:
        """The node key, unsealed with `passphrase`.

        Raises SealedKeyError if the passphrase does not open the box (or the box was
        changed), or if what it holds is not the key named beside it.
        """
        try:
            plain = nacl.secret.SecretBox(_box_key(passphrase, self)).decrypt(self.box)
        except nacl.exceptions.CryptoError as err:
            raise SealedKeyError(
                "the passphrase does not open the node key in this backup (or the key was "
                "changed); try again, or copy the key from your offline key backup"
            ) from err
        try:
            fields = encoding.expect_array(
                encoding.unpack(plain, max_size=1024), name="sealed key", version=1, fields=3
            )
            key = NodeKey.from_seed(fields[1], fields[2])
        except (DecodeError, TypeError) as err:
            raise SealedKeyError(f"the sealed node key holds no key: {err}") from err
        if (key.name, key.public_key) != (self.name, self.public_key):
            raise SealedKeyError(
                f"the sealed node key holds key {key.name!r}, not {self.name!r} as labelled"
            )
        return key


def seal_key(key: NodeKey, passphrase: str) -> SealedKey:
    """`key` sealed under `passphrase` with a fresh random salt and nonce.

    Raises SealedKeyError for a passphrase shorter than MIN_PASSPHRASE_CHARS characters.
    """
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise SealedKeyError(
            f"the passphrase has {len(passphrase)} characters; use at least "
            f"{MIN_PASSPHRASE_CHARS} (a few words are easier to keep than symbols)"
        )
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    label = SealedKey(key.name, key.public_key, OPSLIMIT, MEMLIMIT, salt, b"")
    plain = encoding.pack([1, key.name, key.seed])
    box = nacl.secret.SecretBox(_box_key(passphrase, label)).encrypt(plain)
    return SealedKey(key.name, key.public_key, OPSLIMIT, MEMLIMIT, salt, bytes(box))


def _box_key(passphrase: str, sealed: SealedKey) -> bytes:
    return nacl.pwhash.argon2id.kdf(
        nacl.secret.SecretBox.KEY_SIZE,
        passphrase.encode("utf-8"),
        sealed.salt,
        opslimit=sealed.opslimit,
        memlimit=sealed.memlimit,
    )
