"""The collection record: how the evidence of a package was collected, as the person sealing
it states it (人民法院在线诉讼规则 Art. 18: the data's source, how it was generated and kept).

It is the litigant's own statement (当事人自述), never something the notaries attest. A
version 2 manifest seals it: with a random salt it becomes the last leaf of the package
tree (docs/evidence-packages.md), so editing any word of it after sealing changes the root.
Its leaf `[1, "collection", salt, …]` has a str second element, a PackageFile's a bin one
(its salt), so the two kinds of leaf can never be taken for each other.
"""

from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from cunzheng.ledger import encoding
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.fields import check_bytes, check_fields, check_hex, check_str
from cunzheng.ledger.hashing import leaf_hash

COLLECTION_LEAF_VERSION = 1
COLLECTION_LEAF_KIND = "collection"
SALT_SIZE = 32
MAX_TEXT_LENGTH = 4096
MAX_STEPS = 200
TEXT_FIELDS = ("operator", "device", "app", "app_version", "started", "ended", "method")


@dataclass(frozen=True, slots=True)
class CollectionRecord:
    """What the person sealing states about the collection; times are ISO 8601 text.

    `salt` is None in a version 1 manifest, whose record is not sealed, and 32 random bytes
    in a version 2 manifest, whose package tree holds the record as its last leaf.
    """

    salt: bytes | None = None
    operator: str | None = None
    device: str | None = None
    app: str | None = None
    app_version: str | None = None
    started: str | None = None
    ended: str | None = None
    method: str | None = None
    steps: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_bytes(self.salt, "collection salt", SALT_SIZE, optional=True)
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

    @property
    def is_sealed(self) -> bool:
        """True when the record has its salt, so a package tree can hold it as a leaf."""
        return self.salt is not None

    def sealed_with(self, salt: bytes) -> "CollectionRecord":
        """This statement with `salt` (32 unpredictable bytes); raises DecodeError otherwise."""
        return replace(self, salt=salt)

    def statement(self) -> dict[str, Any]:
        """What was stated, without the salt: each text field (null when not stated) and the
        list of steps."""
        return {name: getattr(self, name) for name in TEXT_FIELDS} | {"steps": list(self.steps)}

    def encode(self) -> bytes:
        """The canonical leaf `[1, "collection", salt, operator, device, app, app_version,
        started, ended, method, [step, …]]`. Raises DecodeError for an unsealed record."""
        if self.salt is None:
            raise DecodeError("an unsealed collection record (no salt) is not a package leaf")
        texts = [getattr(self, name) for name in TEXT_FIELDS]
        return encoding.pack(
            [COLLECTION_LEAF_VERSION, COLLECTION_LEAF_KIND, self.salt, *texts, list(self.steps)]
        )

    def leaf_hash(self) -> bytes:
        """RFC 9162 leaf hash of the encoding; raises DecodeError for an unsealed record."""
        return leaf_hash(self.encode())

    def to_json(self) -> dict[str, Any]:
        """The manifest's `collection` object: the salt first when sealed, then the statement."""
        salt = {} if self.salt is None else {"salt": self.salt.hex()}
        return salt | self.statement()

    @classmethod
    def from_json(cls, obj: Any, *, sealed: bool) -> "CollectionRecord":
        """Parse `to_json`'s form: with `salt` when `sealed` (version 2), without otherwise.
        Raises DecodeError for unknown, missing or bad fields."""
        names = {field.name for field in fields(cls)} - ({"salt"} if not sealed else set())
        check_fields(obj, "collection", names, names)
        if not isinstance(obj["steps"], list):
            raise DecodeError("collection steps must be a list of texts")
        salt = check_hex(obj["salt"], "collection salt", SALT_SIZE) if sealed else None
        stated = {name: obj[name] for name in TEXT_FIELDS}
        return cls(salt, **stated, steps=tuple(obj["steps"]))


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
