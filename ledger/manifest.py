"""What a sealed evidence package records
(docs/evidence-packages.md, "The manifest"; docs/formats.md, "Package file").

Each sealed file is a PackageFile `[1, salt, path, size, alg, file_hash]`; their encodings,
in path byte (UTF-8) order, are the leaves of an RFC 9162 tree whose root is the digest of
the package Entry (kind "package"), the only thing put on the ledger. The manifest, kept by
the litigant, lists every file with its salt and role, the Entry, and how the evidence was
collected. The salts exist only there: without the manifest no file can be disclosed.
"""

import json
import unicodedata
from dataclasses import dataclass, fields
from datetime import datetime
from itertools import pairwise
from pathlib import Path, PurePosixPath
from typing import Any

from cunzheng.ledger import encoding, merkle
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.fields import check_bytes, check_fields, check_hex, check_int, check_str
from cunzheng.ledger.files import write_atomically
from cunzheng.ledger.hashing import HASH_SIZE, leaf_hash

MANIFEST_FORMAT = "cunzheng-package/v1"
PACKAGE_FILE_VERSION = 1
FILE_ALGS = ("sha256", "sm3")  # both give 32-byte digests
SALT_SIZE = 32
MAX_PATH_LENGTH = 4096  # characters; Linux's PATH_MAX is 4096 bytes
MAX_PACKAGE_FILE_BYTES = 128 + 4 * MAX_PATH_LENGTH
MAX_TEXT_LENGTH = 4096
MAX_STEPS = 200
MAX_JSON_BYTES = 512 * 1024 * 1024  # a manifest of about a million files
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
class CollectionRecord:
    """How the evidence was collected, as the person sealing states it (人民法院在线诉讼规则
    Art. 18: the data's source, how it was generated and kept). Times are ISO 8601 text."""

    operator: str | None = None
    device: str | None = None
    app: str | None = None
    app_version: str | None = None
    started: str | None = None
    ended: str | None = None
    method: str | None = None
    steps: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("operator", "device", "app", "app_version", "method"):
            if getattr(self, name) is not None:
                check_str(getattr(self, name), f"collection {name}", MAX_TEXT_LENGTH)
        if not isinstance(self.steps, tuple) or len(self.steps) > MAX_STEPS:
            raise DecodeError(f"collection steps must be a list of at most {MAX_STEPS} texts")
        for number, step in enumerate(self.steps, start=1):
            check_str(step, f"collection step {number}", MAX_TEXT_LENGTH)
        started, ended = _time(self.started, "started"), _time(self.ended, "ended")
        # A time with an offset and one without cannot be ordered; both are kept as given.
        if started and ended and _orderable(started, ended) and ended < started:
            raise DecodeError(f"collection ended {self.ended} before it started {self.started}")

    def to_json(self) -> dict[str, Any]:
        """Every field, null (or an empty list of steps) when not stated."""
        return {f.name: getattr(self, f.name) for f in fields(self)} | {"steps": list(self.steps)}

    @classmethod
    def from_json(cls, obj: Any) -> "CollectionRecord":
        """Parse `to_json`'s form; raises DecodeError for unknown, missing or bad fields."""
        names = {field.name for field in fields(cls)}
        check_fields(obj, "collection", names, names)
        if not isinstance(obj["steps"], list):
            raise DecodeError("collection steps must be a list of texts")
        return cls(**{name: obj[name] for name in names} | {"steps": tuple(obj["steps"])})


def _orderable(first: datetime, second: datetime) -> bool:
    return (first.tzinfo is None) == (second.tzinfo is None)


def _time(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    check_str(value, f"collection {name}", 64)
    try:
        return datetime.fromisoformat(value)
    except ValueError as err:
        raise DecodeError(
            f"collection {name} {value!r} is not an ISO 8601 time like 2026-11-20T14:30:00+08:00"
        ) from err


@dataclass(frozen=True, slots=True)
class Manifest:
    """A sealed package: its files in path byte order, its Entry, how it was collected. That
    the files give the Entry's digest is checked by `package.package_problems`, not here, so
    that a tampered manifest can still be examined."""

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

    @classmethod
    def of(cls, files: list[ManifestFile], collection: CollectionRecord) -> "Manifest":
        """The manifest of `files` (any order, distinct paths) with their package Entry:
        digest the root, alg "sha256", kind "package", meta {"files": count}."""
        ordered = tuple(sorted(files, key=lambda item: path_order(item.package_file.path)))
        root = merkle.root_from_leaves([item.package_file.leaf_hash() for item in ordered])
        entry = Entry(root, "sha256", "package", {"files": str(len(ordered))})
        return cls(ordered, entry, collection)

    def computed_root(self) -> bytes:
        """The package root recomputed from the files listed."""
        return merkle.root_from_leaves([item.package_file.leaf_hash() for item in self.files])

    def to_json(self) -> dict[str, Any]:
        """The manifest file's JSON object."""
        return {
            "format": MANIFEST_FORMAT,
            "package_root": self.entry.digest.hex(),
            "id": self.entry.leaf_hash().hex(),
            "entry": self.entry.to_json(),
            "collection": self.collection.to_json(),
            "files": [item.package_file.to_json() | {"role": item.role} for item in self.files],
        }

    @classmethod
    def from_json(cls, obj: Any) -> "Manifest":
        """Parse a manifest's JSON object strictly.

        Raises DecodeError for another format or version, unknown or missing fields, bad hex,
        or a package_root or id that is not its Entry's digest or id.
        """
        if not isinstance(obj, dict) or obj.get("format") != MANIFEST_FORMAT:
            found = obj.get("format") if isinstance(obj, dict) else type(obj).__name__
            raise DecodeError(f"not a {MANIFEST_FORMAT} manifest (format: {found!r})")
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
        return cls(files, entry, CollectionRecord.from_json(obj["collection"]))


def _manifest_file(obj: Any) -> ManifestFile:
    names = {"path", "size", "alg", "file_hash", "salt", "role"}
    check_fields(obj, "manifest file", names, names)
    return ManifestFile(PackageFile.from_json(obj), obj["role"])


def read_json_file(path: Path) -> Any:
    """The JSON value in the UTF-8 file at `path`, read strictly.

    Raises DecodeError for a file over MAX_JSON_BYTES, invalid UTF-8 or JSON, or a key
    repeated in one object; OSError when the file cannot be read.
    """
    with path.open("rb") as file:
        data = file.read(MAX_JSON_BYTES + 1)
    if len(data) > MAX_JSON_BYTES:
        raise DecodeError(f"{path} is over {MAX_JSON_BYTES} bytes")
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=_object)
    except ValueError as err:  # includes UnicodeDecodeError and json.JSONDecodeError
        raise DecodeError(f"{path} is not UTF-8 JSON: {err}") from err


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Parsers disagree on which of two values for one key counts: refuse the ambiguity.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"key {key!r} appears twice in one object")
        result[key] = value
    return result


def write_json_file(path: Path, value: Any) -> None:
    """Write `value` as indented UTF-8 JSON to `path` atomically (ledger.files), replacing any
    file there; raises OSError."""
    write_atomically(path, (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode())


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
