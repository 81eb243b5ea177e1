"""Validator sets and the genesis document
(docs/formats.md, "Validator set"; docs/formats.md, "Genesis")."""

import json
from dataclasses import dataclass, field
from typing import Any

from cunzheng.ledger import encoding
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.fields import check_bytes, check_fields, check_hex, check_int, check_str
from cunzheng.ledger.hashing import GENESIS_TAG, VALIDATORS_TAG, tagged_hash
from cunzheng.ledger.json_files import parse_json
from cunzheng.ledger.keys import is_valid_key_name, vkey

VERSION = 1
# A genesis is encoded as version 1 exactly as before publication fields existed, so that
# existing genesis hashes stay; a genesis that carries them is version 2 (docs/formats.md,
# "Genesis publication fields").
GENESIS_VERSION_WITH_PUBLICATION = 2
MAX_VALIDATORS = 100
MAX_GENESIS_BYTES = 64 * 1024
MAX_URL_LENGTH = 2048
MAX_MEMBERS = 1000
MAX_ORGANISATION_LENGTH = 200
MAX_CONTACT_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Validator:
    """A notary allowed to sign blocks: C2SP key name, Ed25519 public key, voting power."""

    name: str
    public_key: bytes
    power: int

    def __post_init__(self) -> None:
        check_str(self.name, "Validator.name", 64)
        if not is_valid_key_name(self.name):
            raise DecodeError(f"validator name {self.name!r} is not a C2SP key name (no spaces, +)")
        check_bytes(self.public_key, "Validator.public_key", 32)
        check_int(self.power, "Validator.power", 1)

    def vkey(self) -> str:
        """The C2SP verifier key of this validator."""
        return vkey(self.name, self.public_key)

    def to_json(self) -> dict[str, Any]:
        """`{"name", "public_key", "vkey", "power"}` as GET /v1/status lists them
        (docs/http-api.md, "GET /v1/status")."""
        return {
            "name": self.name,
            "public_key": self.public_key.hex(),
            "vkey": self.vkey(),
            "power": self.power,
        }


@dataclass(frozen=True, slots=True)
class ValidatorSet:
    """Validators sorted by public key; a validator's index is its position."""

    validators: tuple[Validator, ...]
    # Sum of all voting power, computed once: every quorum check needs it.
    total_power: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 1 <= len(self.validators) <= MAX_VALIDATORS:
            raise DecodeError(f"a validator set holds 1 to {MAX_VALIDATORS} validators")
        keys = [v.public_key for v in self.validators]
        if keys != sorted(set(keys)):
            raise DecodeError("validators must be sorted by public key, without repeats")
        if len({v.name for v in self.validators}) != len(self.validators):
            raise DecodeError("validator names must be unique")
        object.__setattr__(self, "total_power", sum(v.power for v in self.validators))

    @classmethod
    def of(cls, validators: list[Validator]) -> "ValidatorSet":
        """A set of these validators in canonical (public key) order."""
        return cls(tuple(sorted(validators, key=lambda v: v.public_key)))

    def is_quorum(self, power: int) -> bool:
        """True when `power` is more than 2/3 of the total."""
        return 3 * power > 2 * self.total_power

    def is_weak_quorum(self, power: int) -> bool:
        """True when `power` is more than 1/3 of the total."""
        return 3 * power > self.total_power

    def index_of(self, public_key: bytes) -> int | None:
        """Position of the validator with this key, or None."""
        for index, validator in enumerate(self.validators):
            if validator.public_key == public_key:
                return index
        return None

    def fields(self) -> list[Any]:
        """The canonical array, version first."""
        return [VERSION, [[v.name, v.public_key, v.power] for v in self.validators]]

    def encode(self) -> bytes:
        """Canonical encoding."""
        return encoding.pack(self.fields())

    def hash(self) -> bytes:
        """The validators_hash that headers name."""
        return tagged_hash(VALIDATORS_TAG, self.encode())

    @classmethod
    def from_fields(cls, value: Any) -> "ValidatorSet":
        """Build from a decoded canonical array; raises DecodeError."""
        fields = encoding.expect_array(value, name="ValidatorSet", version=VERSION, fields=2)
        if not isinstance(fields[1], list):
            raise DecodeError("ValidatorSet.validators must be an array")
        members = []
        for item in fields[1]:
            if not isinstance(item, list) or len(item) != 3:
                raise DecodeError("each validator must be [name, public_key, power]")
            members.append(Validator(*item))
        return cls(tuple(members))

    def to_json(self) -> list[dict[str, Any]]:
        """The validators as JSON objects, in index order."""
        return [v.to_json() for v in self.validators]

    @classmethod
    def from_json(cls, items: Any) -> "ValidatorSet":
        """Parse `[{"name", "public_key", "power", "vkey"?}, …]` (must already be sorted)."""
        if not isinstance(items, list):
            raise DecodeError("validators must be a JSON array")
        members = []
        for item in items:
            check_fields(
                item,
                "validator",
                {"name", "public_key", "power", "vkey"},
                {"name", "public_key", "power"},
            )
            public_key = check_hex(item["public_key"], "public_key", 32) or b""
            member = Validator(item["name"], public_key, item["power"])
            # The vkey is what people compare with a notary's published key: it must not lie.
            if "vkey" in item and item["vkey"] != member.vkey():
                raise DecodeError(
                    f"validator {member.name}: vkey {item['vkey']!r} does not match its name and "
                    f"public key, which give {member.vkey()}"
                )
            members.append(member)
        return cls(tuple(members))


@dataclass(frozen=True, slots=True)
class Publication:
    """Where a consortium publishes its genesis, the organisation behind each member, and
    how to reach some: `url` an https address (or None); `members` validator name →
    organisation and `contacts` member name → contact (free text for people), each sorted
    by name. Contacts are encoded only when there are some, so a publication without them
    keeps its hash. A verifier shows a signer's organisation only from a genesis the judge
    trusts, never from what a bundle says.
    """

    url: str | None
    members: tuple[tuple[str, str], ...]  # (validator name, organisation), sorted by name
    contacts: tuple[tuple[str, str], ...] = ()  # (member name, contact), sorted by name

    def __post_init__(self) -> None:
        if self.url is not None:
            check_str(self.url, "publication url", MAX_URL_LENGTH)
            if not self.url.startswith("https://") or any(c.isspace() for c in self.url):
                raise DecodeError(
                    f"publication url {self.url!r} must be an https:// address without spaces"
                )
        if not isinstance(self.members, tuple) or len(self.members) > MAX_MEMBERS:
            raise DecodeError(f"publication members must be at most {MAX_MEMBERS} pairs")
        for item in self.members:
            if not isinstance(item, tuple) or len(item) != 2:
                raise DecodeError("each publication member is [validator name, organisation]")
            name, organisation = item
            check_str(name, "member name", 64)
            if not is_valid_key_name(name):
                raise DecodeError(f"member {name!r} is not a validator name (no spaces, +)")
            check_str(organisation, f"organisation of {name}", MAX_ORGANISATION_LENGTH)
            if not organisation.strip():
                raise DecodeError(f"the organisation of member {name!r} is empty")
        names = [name for name, _ in self.members]
        if names != sorted(set(names)):
            raise DecodeError("publication members must be sorted by name, each once")
        self._check_contacts(set(names))

    def _check_contacts(self, member_names: set[str]) -> None:
        if not isinstance(self.contacts, tuple):
            raise DecodeError("publication contacts must be [member name, contact] pairs")
        for item in self.contacts:
            if not isinstance(item, tuple) or len(item) != 2:
                raise DecodeError("each publication contact is [member name, contact]")
            name, contact = item
            check_str(name, "contact's member name", 64)
            if name not in member_names:
                raise DecodeError(
                    f"contact for {name!r}, which is not a publication member; name its "
                    "organisation among the members first"
                )
            check_str(contact, f"contact of {name}", MAX_CONTACT_LENGTH)
            if not contact.strip():
                raise DecodeError(f"the contact of member {name!r} is empty")
        names = [name for name, _ in self.contacts]
        if names != sorted(set(names)):
            raise DecodeError("publication contacts must be sorted by name, each once")

    @classmethod
    def of(
        cls, url: str | None, members: dict[str, str], contacts: dict[str, str] | None = None
    ) -> "Publication":
        """The publication of `url`, `members` and `contacts` (any order); raises
        DecodeError."""
        return cls(url, tuple(sorted(members.items())), tuple(sorted((contacts or {}).items())))

    def organisation_of(self, name: str) -> str | None:
        """The organisation behind validator `name`, or None when not named."""
        return dict(self.members).get(name)

    def contact_of(self, name: str) -> str | None:
        """How to reach the organisation behind validator `name`, or None when not given."""
        return dict(self.contacts).get(name)

    def fields(self) -> list[Any]:
        """`[url, [[name, organisation], …]]`, the last field of a version 2 genesis, with
        `[[name, contact], …]` after them when there are contacts."""
        fields = [self.url, [list(item) for item in self.members]]
        if self.contacts:
            fields.append([list(item) for item in self.contacts])
        return fields

    def to_json(self) -> dict[str, Any]:
        """`{"url", "members": {name: organisation}, "contacts"?: {name: contact}}` as in
        genesis.json."""
        document: dict[str, Any] = {"url": self.url, "members": dict(self.members)}
        if self.contacts:
            document["contacts"] = dict(self.contacts)
        return document

    @classmethod
    def from_json(cls, obj: Any) -> "Publication":
        """Parse `to_json`'s form; raises DecodeError. An empty `contacts` is refused, as its
        encoding would be the same as none."""
        check_fields(obj, "publication", {"url", "members", "contacts"}, {"url", "members"})
        if not isinstance(obj["members"], dict):
            raise DecodeError("publication members must map validator names to organisations")
        contacts = obj.get("contacts")
        if "contacts" in obj and not (isinstance(contacts, dict) and contacts):
            raise DecodeError(
                "publication contacts must map member names to contacts, at least one"
            )
        return cls.of(obj["url"], obj["members"], contacts)


@dataclass(frozen=True, slots=True)
class Genesis:
    """A consortium's founding document; its tagged hash names the chain."""

    chain_id: str
    genesis_time_ms: int
    validator_set: ValidatorSet
    params: dict[str, int]
    previous_chain: str | None = None  # last checkpoint note of the chain this one continues
    publication: Publication | None = None  # where it is published, who the members are

    def __post_init__(self) -> None:
        check_str(self.chain_id, "Genesis.chain_id", 64)
        if not self.chain_id or not is_valid_key_name(self.chain_id):
            raise DecodeError(f"chain id {self.chain_id!r} must be non-empty, no spaces or '+'")
        check_int(self.genesis_time_ms, "Genesis.genesis_time_ms")
        if not isinstance(self.params, dict) or not all(
            isinstance(k, str)
            and isinstance(v, int)
            and not isinstance(v, bool)
            and encoding.MIN_INT <= v <= encoding.MAX_INT
            for k, v in self.params.items()
        ):
            raise DecodeError("Genesis.params must map names to signed 64-bit integers")
        if self.previous_chain is not None:
            check_str(self.previous_chain, "Genesis.previous_chain", 16 * 1024)
        if self.publication is not None and not isinstance(self.publication, Publication):
            raise DecodeError("Genesis.publication must be a Publication")

    @property
    def version(self) -> int:
        """2 when the genesis carries publication fields, 1 otherwise."""
        return VERSION if self.publication is None else GENESIS_VERSION_WITH_PUBLICATION

    def encode(self) -> bytes:
        """Canonical encoding: `[1, chain_id, genesis_time_ms, validator_set, params,
        previous_chain]`, or with publication fields `[2, …, [url, [[name, organisation],
        …]]]`."""
        fields = [
            self.version,
            self.chain_id,
            self.genesis_time_ms,
            self.validator_set.fields(),
            self.params,
            self.previous_chain,
        ]
        if self.publication is not None:
            fields.append(self.publication.fields())
        return encoding.pack(fields)

    def hash(self) -> bytes:
        """The genesis hash that names the chain."""
        return tagged_hash(GENESIS_TAG, self.encode())

    @classmethod
    def decode(cls, data: bytes) -> "Genesis":
        """Parse the canonical encoding (version 1 or 2); raises DecodeError."""
        value = encoding.unpack(data, max_size=MAX_GENESIS_BYTES)
        with_publication = isinstance(value, list) and value[:1] == [
            GENESIS_VERSION_WITH_PUBLICATION
        ]
        fields = encoding.expect_array(
            value,
            name="Genesis",
            version=GENESIS_VERSION_WITH_PUBLICATION if with_publication else VERSION,
            fields=7 if with_publication else 6,
        )
        publication = _publication_of(fields[6]) if with_publication else None
        validator_set = ValidatorSet.from_fields(fields[3])
        return cls(fields[1], fields[2], validator_set, fields[4], fields[5], publication)

    def to_json(self) -> dict[str, Any]:
        """The genesis.json form: the same fields, bytes as hex."""
        document = {
            "version": self.version,
            "chain_id": self.chain_id,
            "genesis_time_ms": self.genesis_time_ms,
            "validators": self.validator_set.to_json(),
            "params": dict(sorted(self.params.items())),
            "previous_chain": self.previous_chain,
        }
        if self.publication is not None:
            document["publication"] = self.publication.to_json()
        return document

    @classmethod
    def from_json(cls, obj: Any) -> "Genesis":
        """Parse genesis.json; unknown fields and wrong versions are refused. Version 2
        requires `publication`, version 1 refuses it."""
        fields = {
            "version",
            "chain_id",
            "genesis_time_ms",
            "validators",
            "params",
            "previous_chain",
            "publication",
        }
        check_fields(obj, "genesis", fields, fields - {"previous_chain", "publication"})
        version = obj["version"]
        expected = VERSION if obj.get("publication") is None else GENESIS_VERSION_WITH_PUBLICATION
        if type(version) is not int or version != expected:  # not true, not 1.0
            raise DecodeError(
                f"genesis version {version!r} is not supported with"
                f"{'' if expected == GENESIS_VERSION_WITH_PUBLICATION else 'out'} publication "
                f"fields (expected {expected})"
            )
        publication = obj.get("publication")
        return cls(
            chain_id=obj["chain_id"],
            genesis_time_ms=obj["genesis_time_ms"],
            validator_set=ValidatorSet.from_json(obj["validators"]),
            params=obj["params"],
            previous_chain=obj.get("previous_chain"),
            publication=None if publication is None else Publication.from_json(publication),
        )

    def to_file_text(self) -> str:
        """genesis.json text, stable and readable."""
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_file_text(cls, text: str) -> "Genesis":
        """Parse genesis.json text; raises DecodeError with the reason."""
        if len(text) > MAX_GENESIS_BYTES:
            raise DecodeError(f"genesis is {len(text)} bytes, the limit is {MAX_GENESIS_BYTES}")
        return cls.from_json(parse_json(text.encode("utf-8", "surrogatepass"), "genesis"))


def _publication_of(value: Any) -> Publication:
    # The last field of a version 2 genesis: [url, [[name, organisation], …]], then
    # [[name, contact], …] only when there is a contact (an empty list would be a second
    # encoding of the same genesis).
    if not (
        isinstance(value, list)
        and len(value) in (2, 3)
        and all(isinstance(pairs, list) for pairs in value[1:])
    ):
        raise DecodeError(
            "Genesis publication must be [url, [[name, organisation], …], [[name, contact], …]?]"
        )
    if len(value) == 3 and not value[2]:
        raise DecodeError("Genesis publication contacts, when present, must not be empty")
    if not all(isinstance(item, list) for pairs in value[1:] for item in pairs):
        raise DecodeError("each publication member or contact is a [name, text] pair")
    members = tuple(tuple(item) for item in value[1])
    contacts = tuple(tuple(item) for item in value[2]) if len(value) == 3 else ()
    return Publication(value[0], members, contacts)
