"""What a sealed evidence package records (docs/evidence-packages.md).

Each sealed file is a PackageFile `[1, salt, path, size, alg, file_hash]`. Their encodings,
in path byte (UTF-8) order, then (version 2) the sealed collection record
(ledger/collection.py), are the leaves of an RFC 9162 tree whose root is the digest of the
package Entry (kind "package"), the only thing put on the ledger. The manifest, kept by the
litigant, lists every file with its salt and role, the Entry, and how the evidence was
collected. The salts exist only there: without the manifest no file can be disclosed.

This module also holds the rules a package is read by, which the page reads too
(`package_rules`, node/api/static/rules.json): the roles a file's name suggests, the roles
courts expect, the voice/transcript pairing and the files an operating system adds.
"""

import unicodedata
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path, PurePosixPath
from typing import Any

from cunzheng.ledger import encoding, merkle
from cunzheng.ledger.collection import SALT_SIZE, CollectionRecord
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import DecodeError, ProofError
from cunzheng.ledger.fields import check_bytes, check_fields, check_hex, check_int, check_str
from cunzheng.ledger.hashing import HASH_SIZE, leaf_hash
from cunzheng.ledger.json_files import read_json_file, write_json_file

# The manifest format of each version: 1 leaves the collection record out of the package
# tree, 2 seals it as the last leaf.
MANIFEST_FORMATS = {1: "cunzheng-package/v1", 2: "cunzheng-package/v2"}
PACKAGE_FILE_VERSION = 1
FILE_ALGS = ("sha256", "sm3")  # both give 32-byte digests
MAX_PATH_LENGTH = 4096  # characters; Linux's PATH_MAX is 4096 bytes
MAX_PACKAGE_FILE_BYTES = 128 + 4 * MAX_PATH_LENGTH
# Files Finder (macOS) and Explorer (Windows) add to a folder by themselves: a name among
# OS_FILE_NAMES (any case) or starting with an OS_FILE_PREFIXES item (macOS "AppleDouble"
# files holding another file's metadata). Left out when sealing, ignored in a folder checked.
OS_FILE_NAMES = (".DS_Store", "Thumbs.db", "desktop.ini")
OS_FILE_PREFIXES = ("._",)
_VIDEO = ".mp4 .mov .m4v .3gp .mkv .avi .webm"
_PROFILE = "个人信息 资料 名片 主页 profile"
# infer_role's table, first match wins: (role, word groups: the lower-cased path must hold
# one word of each, extensions: the path must end in one of them; "" for any).
ROLE_PATTERNS = (
    ("voice_transcript", ("文字 转写 transcript",), ".txt .doc .docx .pdf .rtf .md"),
    ("counterparty_profile", ("对方 counterparty", _PROFILE), ""),
    ("owner_profile", ("我的 本人 owner my_ my-", _PROFILE), ""),
    ("screen_recording", ("录屏 录像 screen_recording screen-recording screenrecording",), _VIDEO),
    ("transfer_record", ("转账 红包 transfer payment",), ""),
    ("voice", (), ".amr .silk .slk .mp3 .m4a .aac .wav .ogg .opus"),
    ("conversation", ("聊天 chat conversation 对话",), ""),
    ("image", (), ".png .jpg .jpeg .gif .webp .heic .bmp"),
)
ROLES = (*(role for role, _, _ in ROLE_PATTERNS), "other")


def is_os_file(path: str) -> bool:
    """True when the last segment of `path` names a file an operating system adds by itself
    (OS_FILE_NAMES compared without regard to case, or an OS_FILE_PREFIXES prefix)."""
    name = path.rsplit("/", 1)[-1]
    lowered = {known.lower() for known in OS_FILE_NAMES}
    return name.lower() in lowered or name.startswith(OS_FILE_PREFIXES)


def infer_role(path: str) -> str:
    """The role ROLE_PATTERNS give a package path (folder names count too), or "other"."""
    lowered = path.lower()
    suffix = PurePosixPath(lowered).suffix
    for role, word_groups, extensions in ROLE_PATTERNS:
        if extensions and suffix not in extensions.split():
            continue
        if all(any(word in lowered for word in group.split()) for group in word_groups):
            return role
    return "other"


def check_package_path(path: Any) -> None:
    """Raise DecodeError unless `path` is relative, "/"-separated and in Unicode NFC, with no
    empty, "." or ".." segment, no backslash or NUL, and at most MAX_PATH_LENGTH characters."""
    check_str(path, "package path", MAX_PATH_LENGTH)
    segments = path.split("/")
    faults = (
        (not path, "is empty"),
        ("\x00" in path, "contains a NUL character"),
        ("\\" in path, "contains a backslash; package paths are separated by '/'"),
        (path.startswith("/"), "is absolute; package paths are relative to the sealed folder"),
        ("" in segments, "has an empty segment ('//' or a trailing '/')"),
        ("." in segments or ".." in segments, "has a '.' or '..' segment"),
        (unicodedata.normalize("NFC", path) != path, "is not in Unicode NFC form"),
    )
    for fault, reason in faults:
        if fault:
            raise DecodeError(f"package path {path!r} {reason}")


def path_order(path: str) -> bytes:
    """The sort key of the package tree's leaves: the path's UTF-8 bytes."""
    return path.encode("utf-8")


@dataclass(frozen=True, slots=True)
class PackageFile:
    """One sealed file: a random salt, its package path, size, hash algorithm and hash."""

    salt: bytes
    path: str
    size: int
    alg: str
    file_hash: bytes

    def __post_init__(self) -> None:
        check_bytes(self.salt, "salt", SALT_SIZE)
        check_package_path(self.path)
        check_int(self.size, "size")
        if not isinstance(self.alg, str) or self.alg not in FILE_ALGS:
            raise DecodeError(f"file {self.path!r}: alg {self.alg!r} is not sha256 or sm3")
        check_bytes(self.file_hash, "file_hash", HASH_SIZE)

    def encode(self) -> bytes:
        """The canonical encoding: a leaf of the package tree."""
        fields = [PACKAGE_FILE_VERSION, self.salt, self.path, self.size, self.alg, self.file_hash]
        return encoding.pack(fields)

    def leaf_hash(self) -> bytes:
        """RFC 9162 leaf hash of the encoding."""
        return leaf_hash(self.encode())

    @classmethod
    def decode(cls, data: bytes) -> "PackageFile":
        """Parse canonical PackageFile bytes; raises DecodeError for anything else."""
        fields = encoding.expect_array(
            encoding.unpack(data, max_size=MAX_PACKAGE_FILE_BYTES),
            name="PackageFile",
            version=PACKAGE_FILE_VERSION,
            fields=6,
        )
        return cls(*fields[1:])

    def to_json(self) -> dict[str, Any]:
        """The file's fields as JSON (hex for bytes)."""
        return {
            "path": self.path,
            "size": self.size,
            "alg": self.alg,
            "file_hash": self.file_hash.hex(),
            "salt": self.salt.hex(),
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> "PackageFile":
        """Parse `to_json`'s fields (the caller checks for unknown ones); raises DecodeError."""
        salt = check_hex(obj["salt"], "salt", SALT_SIZE) or b""
        file_hash = check_hex(obj["file_hash"], "file_hash", HASH_SIZE) or b""
        return cls(salt, obj["path"], obj["size"], obj["alg"], file_hash)


@dataclass(frozen=True, slots=True)
class ManifestFile:
    """A sealed file and the role declared for it (the role is not part of the leaf)."""

    package_file: PackageFile
    role: str

    def __post_init__(self) -> None:
        if not isinstance(self.role, str) or self.role not in ROLES:
            raise DecodeError(
                f"file {self.package_file.path!r}: role {self.role!r} is not one of "
                f"{', '.join(ROLES)}"
            )


@dataclass(frozen=True, slots=True)
class Manifest:
    """A sealed package: its files in path byte order, its Entry, how it was collected.

    The manifest's version follows from its collection record: 2 when the record is sealed
    (salted) and is the package tree's last leaf, 1 when not. That the leaves give the
    Entry's digest is checked by `verify_root`, not here, so that a tampered manifest can
    still be examined.
    """

    files: tuple[ManifestFile, ...]
    entry: Entry
    collection: CollectionRecord

    def __post_init__(self) -> None:
        if not self.files:
            raise DecodeError("a package manifest must list at least one file")
        keys = [path_order(item.package_file.path) for item in self.files]
        for first, second in pairwise(keys):
            if first >= second:
                raise DecodeError(
                    f"manifest files must be in path byte order, each once: {second.decode()!r} "
                    f"comes after {first.decode()!r}"
                )
        if self.entry.kind != "package" or self.entry.alg != "sha256":
            raise DecodeError(
                f'a package entry has kind "package" and alg "sha256", not kind '
                f"{self.entry.kind!r} and alg {self.entry.alg!r}"
            )

    @property
    def version(self) -> int:
        """2 when the collection record is sealed in the package tree, 1 otherwise."""
        return 2 if self.collection.is_sealed else 1

    @classmethod
    def of(cls, files: list[ManifestFile], collection: CollectionRecord) -> "Manifest":
        """The manifest of `files` (any order, distinct paths) with their package Entry:
        digest the root over the files' leaves and, when `collection` is sealed, its leaf;
        alg "sha256", kind "package", meta {"files": number of files}."""
        ordered = tuple(sorted(files, key=lambda item: path_order(item.package_file.path)))
        root = merkle.root_from_leaves(_leaf_hashes(ordered, collection))
        entry = Entry(root, "sha256", "package", {"files": str(len(ordered))})
        return cls(ordered, entry, collection)

    def leaf_hashes(self) -> list[bytes]:
        """The package tree's leaf hashes: the files' in path order, then (version 2) the
        collection record's."""
        return _leaf_hashes(self.files, self.collection)

    def computed_root(self) -> bytes:
        """The package root recomputed from the leaves listed."""
        return merkle.root_from_leaves(self.leaf_hashes())

    def verify_root(self) -> None:
        """Raise ManifestEdited unless the leaves listed give the root the Entry records."""
        computed = self.computed_root()
        if computed != self.entry.digest:
            raise ManifestEdited(recorded=self.entry.digest, computed=computed)

    def to_json(self) -> dict[str, Any]:
        """The manifest file's JSON object."""
        return {
            "format": MANIFEST_FORMATS[self.version],
            "package_root": self.entry.digest.hex(),
            "id": self.entry.leaf_hash().hex(),
            "entry": self.entry.to_json(),
            "collection": self.collection.to_json(),
            "files": [item.package_file.to_json() | {"role": item.role} for item in self.files],
        }

    @classmethod
    def from_json(cls, obj: Any) -> "Manifest":
        """Parse a manifest's JSON object (version 1 or 2) strictly.

        Raises DecodeError for another format or version, unknown or missing fields, bad hex,
        or a package_root or id that is not its Entry's digest or id.
        """
        found = obj.get("format") if isinstance(obj, dict) else type(obj).__name__
        version = next((v for v, name in MANIFEST_FORMATS.items() if name == found), None)
        if version is None:
            known = " or ".join(MANIFEST_FORMATS.values())
            raise DecodeError(f"not a {known} manifest (format: {found!r})")
        names = {"format", "package_root", "id", "entry", "collection", "files"}
        check_fields(obj, "manifest", names, names)
        entry = Entry.from_json(obj["entry"])
        if check_hex(obj["package_root"], "package_root", HASH_SIZE) != entry.digest:
            raise DecodeError("the manifest's package_root is not its entry's digest")
        if check_hex(obj["id"], "id", HASH_SIZE) != entry.leaf_hash():
            raise DecodeError("the manifest's id is not the leaf hash of its entry")
        if not isinstance(obj["files"], list):
            raise DecodeError("manifest files must be a list")
        files = tuple(_manifest_file(item) for item in obj["files"])
        collection = CollectionRecord.from_json(obj["collection"], sealed=version == 2)
        return cls(files, entry, collection)


class ManifestEdited(ProofError):
    """A manifest whose files (and sealed collection record) do not give its recorded root:
    a salt, path, size, alg, hash, the order, or a word of the record changed after sealing."""

    reason_code = "manifest_edited"

    def __init__(self, *, recorded: bytes, computed: bytes) -> None:
        self.recorded, self.computed = recorded, computed
        super().__init__(
            f"the manifest was edited after sealing: its files and collection record give "
            f"package root {computed.hex()}, it records {recorded.hex()}; use the manifest "
            "as it was sealed"
        )


def _leaf_hashes(files: tuple[ManifestFile, ...], collection: CollectionRecord) -> list[bytes]:
    record = [collection.leaf_hash()] if collection.is_sealed else []
    return [item.package_file.leaf_hash() for item in files] + record


def _manifest_file(obj: Any) -> ManifestFile:
    names = {"path", "size", "alg", "file_hash", "salt", "role"}
    check_fields(obj, "manifest file", names, names)
    return ManifestFile(PackageFile.from_json(obj), obj["role"])


def write_manifest(path: Path, manifest: Manifest) -> None:
    """Write `manifest` to `path` atomically (see write_json_file); raises OSError."""
    write_json_file(path, manifest.to_json())


def read_manifest(path: Path) -> Manifest:
    """The manifest in the file at `path`. Raises DecodeError, with the reason, for anything
    but a well-formed manifest of this format; OSError when the file cannot be read."""
    return Manifest.from_json(read_json_file(path))


@dataclass(frozen=True, slots=True)
class CourtWarning:
    """An item courts ask of chat-record evidence that the package seems to lack: `code` is a
    value of MISSING_ROLE_WARNINGS, or "voice_without_transcript" with the voice file's `path`
    (cli/seal_cmd.py words each in Chinese and English)."""

    code: str
    path: str | None = None


# docs/domain.md, "What courts examine": the owner's
# and the counterparty's profile pages fix who holds each account; the
# continuous conversation answers "the record was cut"; filming the collection answers "the
# copy is not faithful"; voice messages need a transcript.
MISSING_ROLE_WARNINGS = {
    "owner_profile": "missing_owner_profile",
    "counterparty_profile": "missing_counterparty_profile",
    "conversation": "missing_conversation",
    "screen_recording": "missing_screen_recording",
}


def court_warnings(manifest: Manifest) -> list[CourtWarning]:
    """What a court usually expects of WeChat chat-record evidence and the package lacks.

    One warning per role of MISSING_ROLE_WARNINGS no file has, then one per voice file
    without a voice_transcript whose name starts with the voice file's (语音_001.amr and
    语音_001_文字.txt). Warnings, not errors: the package is sealed all the same.
    """
    roles = {item.role for item in manifest.files}
    warnings = [
        CourtWarning(code) for role, code in MISSING_ROLE_WARNINGS.items() if role not in roles
    ]
    transcripts = [_stem(item) for item in manifest.files if item.role == "voice_transcript"]
    for item in manifest.files:
        if item.role == "voice" and not any(_transcribes(t, _stem(item)) for t in transcripts):
            warnings.append(CourtWarning("voice_without_transcript", item.package_file.path))
    return warnings


def _stem(item: ManifestFile) -> str:
    return PurePosixPath(item.package_file.path).stem.lower()


def _transcribes(transcript: str, voice: str) -> bool:
    # "语音_001_文字" and "语音_001" transcribe "语音_001"; "语音_0012" does not.
    rest = transcript.removeprefix(voice)
    return rest != transcript and not (rest[:1].isascii() and rest[:1].isalnum())


RULES_FORMAT = "cunzheng-package-rules/v1"


def package_rules() -> dict[str, Any]:
    """The rules above as one JSON object, for the page (node/api/static/rules.json;
    docs/evidence-packages.md describes each field)."""
    return {
        "format": RULES_FORMAT,
        "roles": [
            {
                "role": role,
                "word_groups": [group.split() for group in word_groups],
                "extensions": extensions.split(),
            }
            for role, word_groups, extensions in ROLE_PATTERNS
        ],
        "default_role": ROLES[-1],
        "missing_role_warnings": dict(MISSING_ROLE_WARNINGS),
        "voice_transcript": {
            "voice_role": "voice",
            "transcript_role": "voice_transcript",
            "warning": "voice_without_transcript",
            # A transcript's lower-cased stem is the voice file's, then nothing or a
            # character that is not an ASCII letter or digit.
            "stem_continues_with_not": "[0-9A-Za-z]",
        },
        "os_files": {
            "names": list(OS_FILE_NAMES),
            "names_ignore_case": True,
            "prefixes": list(OS_FILE_PREFIXES),
        },
    }
