"""Consortium changes: governance entries and the validator history they make.

A governance entry is an Entry of kind "governance" whose meta states one change to the
validator set (add a notary, remove one, change a power, rotate a key), the set it changes
(by validators_hash), the height from which the new set signs blocks, and signatures with
`cunzheng/governance/v1` by members of that set. Its digest is SHA-256 of the signed
payload, so the entry names exactly one change. The meta holds only strings
(docs/formats.md, "Governance entry"):

    change  add | remove | power | rotate      chain   chain id
    height  effective height (decimal)         from    validators_hash changed (hex)
    name    the notary's key name              key     its public key (hex; rotate: the new key)
    power   its power (decimal; add and power)
    signatures  base64 of (index in the changed set: 1 byte ‖ Ed25519 signature) per signer

The rule, applied to each governance entry of block h in ledger order, is deterministic
from the ledger alone (see docs/governance.md):

    no earlier change is still waiting to take effect (every scheduled set signs by h);
    `from` names the set that signs block h; h + 2 <= height <= h + MAX_DELAY;
    signers in that set hold more than 2/3 of its power; the change applies to it.

An entry that breaks the rule is kept in the ledger like any entry and changes nothing:
a receipted entry is never dropped, and the record shows what was tried. Block h + 1 then
names the new set as next_validators_hash when it is the set of height h + 2, and so on.
"""

import base64
import binascii
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from hashlib import sha256
from typing import Any

from cunzheng.ledger import encoding
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import DecodeError, LedgerError
from cunzheng.ledger.fields import check_bytes, check_int, check_str
from cunzheng.ledger.keys import GOVERNANCE_SIGNATURE_TAG, NodeKey, is_valid_signature
from cunzheng.ledger.validators import Validator, ValidatorSet

KIND = "governance"
ACTIONS = ("add", "remove", "power", "rotate")
MAX_DELAY = 1_000_000  # heights between the block that commits a change and its effect
VERSION = 1
_SIGNATURE_ITEM = 1 + 64  # validator index, signature
_META_KEYS = {"change", "chain", "height", "from", "name", "key", "power", "signatures"}


class GovernanceError(LedgerError):
    """A governance entry that is malformed, or that cannot change the set it names."""


@dataclass(frozen=True, slots=True)
class Change:
    """One change to a validator set; what the validators sign."""

    chain_id: str
    effective_height: int
    validators_hash: bytes  # the set this changes
    action: str
    name: str
    public_key: bytes  # add, rotate: the new key; remove, power: the notary's key
    power: int  # add, power: the new power; 0 otherwise

    def __post_init__(self) -> None:
        check_str(self.chain_id, "chain", 64)
        check_int(self.effective_height, "height", 2)
        check_bytes(self.validators_hash, "from", 32)
        if self.action not in ACTIONS:
            raise DecodeError(f"change {self.action!r} is not one of {', '.join(ACTIONS)}")
        check_str(self.name, "name", 64)
        check_bytes(self.public_key, "key", 32)
        check_int(self.power, "power", 1 if self.action in ("add", "power") else 0)
        if self.action in ("remove", "rotate") and self.power != 0:
            raise DecodeError(f"a {self.action} change carries no power")

    def payload(self) -> bytes:
        """What each validator signs (with the governance tag)."""
        return encoding.pack(
            [
                VERSION,
                self.chain_id,
                self.effective_height,
                self.validators_hash,
                self.action,
                self.name,
                self.public_key,
                self.power,
            ]
        )

    def apply(self, validators: ValidatorSet) -> ValidatorSet:
        """The set after this change; raises GovernanceError if it cannot apply to it."""
        members = {v.name: v for v in validators.validators}
        current = members.get(self.name)
        if self.action == "add":
            if current is not None:
                raise GovernanceError(f"notary {self.name} is already a validator")
            members[self.name] = Validator(self.name, self.public_key, self.power)
        elif current is None:
            raise GovernanceError(f"notary {self.name} is not a validator")
        elif self.action == "rotate":
            members[self.name] = Validator(self.name, self.public_key, current.power)
        elif current.public_key != self.public_key:
            raise GovernanceError(f"notary {self.name} has another key than the change names")
        elif self.action == "remove":
            del members[self.name]
        else:
            members[self.name] = Validator(self.name, current.public_key, self.power)
        try:
            return ValidatorSet.of(list(members.values()))
        except DecodeError as err:  # no validators left, a key used twice
            raise GovernanceError(f"the change leaves no valid validator set: {err}") from err


@dataclass(frozen=True, slots=True)
class ChangeProposal:
    """A change with the signatures gathered so far (validator index → signature)."""

    change: Change
    signatures: Mapping[int, bytes]

    def entry(self) -> Entry:
        """The governance entry stating this change and carrying these signatures."""
        packed = b"".join(
            bytes([index]) + self.signatures[index] for index in sorted(self.signatures)
        )
        change = self.change
        meta = {
            "change": change.action,
            "chain": change.chain_id,
            "height": str(change.effective_height),
            "from": change.validators_hash.hex(),
            "name": change.name,
            "key": change.public_key.hex(),
            "signatures": base64.b64encode(packed).decode(),
        }
        if change.power:
            meta["power"] = str(change.power)
        return Entry(sha256(change.payload()).digest(), "sha256", KIND, meta)

    @classmethod
    def of_entry(cls, entry: Entry) -> "ChangeProposal":
        """Parse a governance entry; raises GovernanceError naming what is wrong."""
        if entry.kind != KIND:
            raise GovernanceError(f"entry kind is {entry.kind!r}, not {KIND!r}")
        meta = entry.meta
        missing, unknown = _META_KEYS - {"power"} - meta.keys(), meta.keys() - _META_KEYS
        if missing or unknown:
            raise GovernanceError(
                f"governance meta lacks {sorted(missing)} or has unknown keys {sorted(unknown)}"
            )
        try:
            change = Change(
                meta["chain"],
                _decimal(meta["height"], "height"),
                bytes.fromhex(meta["from"]),
                meta["change"],
                meta["name"],
                bytes.fromhex(meta["key"]),
                _decimal(meta.get("power", "0"), "power"),
            )
            packed = base64.b64decode(meta["signatures"], validate=True)
        except (DecodeError, ValueError, binascii.Error) as err:
            raise GovernanceError(f"governance meta is malformed: {err}") from err
        if entry.alg != "sha256" or entry.digest != sha256(change.payload()).digest():
            raise GovernanceError("the entry digest is not SHA-256 of the change it states")
        if len(packed) % _SIGNATURE_ITEM:
            raise GovernanceError("governance signatures are not (index, signature) pairs")
        signatures: dict[int, bytes] = {}
        for at in range(0, len(packed), _SIGNATURE_ITEM):
            index = packed[at]
            if signatures and index <= max(signatures):
                raise GovernanceError("governance signatures must be sorted by index, once each")
            signatures[index] = packed[at + 1 : at + _SIGNATURE_ITEM]
        return cls(change, signatures)

    def signed_by(self, key: NodeKey, validators: ValidatorSet) -> "ChangeProposal":
        """This proposal with `key`'s signature added; raises GovernanceError if `key` is not
        in the set the change names."""
        if validators.hash() != self.change.validators_hash:
            raise GovernanceError("the change names another validator set than the one given")
        index = validators.index_of(key.public_key)
        if index is None:
            raise GovernanceError(f"key {key.name} is not a validator of the set being changed")
        signature = key.sign(GOVERNANCE_SIGNATURE_TAG, self.change.payload())
        return ChangeProposal(self.change, {**self.signatures, index: signature})

    def signing_power(self, validators: ValidatorSet) -> int:
        """Power of the members of `validators` whose signatures verify; raises
        GovernanceError for a signature by no member or one that does not verify."""
        payload, power = self.change.payload(), 0
        for index, signature in self.signatures.items():
            if index >= len(validators.validators):
                raise GovernanceError(f"signature of validator index {index}, not in the set")
            member = validators.validators[index]
            if not is_valid_signature(
                member.public_key, GOVERNANCE_SIGNATURE_TAG, payload, signature
            ):
                raise GovernanceError(f"the signature of notary {member.name} does not verify")
            power += member.power
        return power


def _decimal(text: str, name: str) -> int:
    if not text.isascii() or not text.isdigit() or text != str(int(text)):
        raise DecodeError(f"{name} must be a decimal number without leading zeros")
    return int(text)


@dataclass(frozen=True, slots=True)
class Epoch:
    """A validator set and the height from which it signs blocks; for a set made by a
    governance entry, also the height of the block that committed it and its encoding."""

    since: int
    validators: ValidatorSet
    committed_at: int = 0
    entry: bytes = b""


@dataclass(frozen=True, slots=True)
class ValidatorHistory:
    """Every validator set of a chain, from genesis, with the heights they sign from."""

    chain_id: str
    epochs: tuple[Epoch, ...]

    @classmethod
    def starting(cls, chain_id: str, genesis_set: ValidatorSet) -> "ValidatorHistory":
        """The history of a chain before any change: the genesis set signs from height 1."""
        return cls(chain_id, (Epoch(1, genesis_set),))

    def at(self, height: int) -> ValidatorSet:
        """The set that signs the block at `height` (as scheduled so far)."""
        return self.epoch_at(height).validators

    def epoch_at(self, height: int) -> Epoch:
        """The epoch whose set signs the block at `height` (as scheduled so far)."""
        for epoch in reversed(self.epochs):
            if epoch.since <= height:
                return epoch
        return self.epochs[0]

    def check(self, proposal: ChangeProposal, height: int) -> ValidatorSet:
        """The new set if `proposal` committed in block `height` takes effect; raises
        GovernanceError saying why it would not."""
        change, latest = proposal.change, self.epochs[-1]
        if change.chain_id != self.chain_id:
            raise GovernanceError(f"the change is for chain {change.chain_id!r}")
        if latest.since > height:
            raise GovernanceError(f"a change taking effect at height {latest.since} is pending")
        current = latest.validators
        if change.validators_hash != current.hash():
            raise GovernanceError("the change names another validator set than the one in force")
        if not height + 2 <= change.effective_height <= height + MAX_DELAY:
            raise GovernanceError(
                f"effective height {change.effective_height} is not between {height + 2} and "
                f"{height + MAX_DELAY} for a change committed at height {height}"
            )
        power = proposal.signing_power(current)
        if not current.is_quorum(power):
            raise GovernanceError(
                f"the change is signed by power {power} of {current.total_power}; "
                "more than 2/3 is needed"
            )
        return change.apply(current)

    def after_block(self, height: int, entries: Iterable[Entry]) -> "ValidatorHistory":
        """The history once block `height` with these entries is committed (self when the
        block holds no governance entry that takes effect)."""
        history = self
        for entry in entries:
            if entry.kind == KIND:
                with suppress(GovernanceError):  # if not, kept in the ledger, changes nothing
                    history = history.with_change(height, entry)
        return history

    def with_change(self, height: int, entry: Entry) -> "ValidatorHistory":
        """The history once governance `entry`, committed in block `height`, takes effect;
        raises GovernanceError saying why it does not."""
        proposal = ChangeProposal.of_entry(entry)
        new_set = self.check(proposal, height)
        epoch = Epoch(proposal.change.effective_height, new_set, height, entry.encode())
        return ValidatorHistory(self.chain_id, (*self.epochs, epoch))

    def changes_until(self, height: int) -> list[dict[str, Any]]:
        """The governance entries whose sets sign blocks at or before `height`, as a proof
        bundle carries them: `{"height": committed at, "leaf": entry encoding (hex)}`."""
        return [
            {"height": epoch.committed_at, "leaf": epoch.entry.hex()}
            for epoch in self.epochs[1:]
            if epoch.since <= height
        ]

    def encode(self) -> bytes:
        """Canonical encoding of the changes (the genesis set comes from genesis)."""
        return encoding.pack(
            [[e.since, e.validators.fields(), e.committed_at, e.entry] for e in self.epochs[1:]]
        )

    @classmethod
    def decode(cls, data: bytes, chain_id: str, genesis_set: ValidatorSet) -> "ValidatorHistory":
        """Parse what encode() wrote; raises DecodeError."""
        items = encoding.unpack(data, max_size=16 * 1024 * 1024)
        if not isinstance(items, list) or not all(
            isinstance(item, list) and len(item) == 4 for item in items
        ):
            raise DecodeError("validator history must be [since, set, committed_at, entry]s")
        epochs = [Epoch(1, genesis_set)]
        for since, fields, committed_at, entry in items:
            check_int(since, "since", 2)
            check_int(committed_at, "committed_at", 1)
            check_bytes(entry, "entry")
            epochs.append(Epoch(since, ValidatorSet.from_fields(fields), committed_at, entry))
        return cls(chain_id, tuple(epochs))

    def to_json(self) -> list[dict[str, Any]]:
        """Each set with the heights it signs from (and the entry that made it)."""
        return [
            {
                "since_height": epoch.since,
                "committed_at": epoch.committed_at or None,
                "entry": epoch.entry.hex() or None,
                "validators": epoch.validators.to_json(),
                "validators_hash": epoch.validators.hash().hex(),
            }
            for epoch in self.epochs
        ]

    @classmethod
    def from_json(cls, chain_id: str, items: Any) -> "ValidatorHistory":
        """Parse what to_json gives (as a node's status serves it). Each set must hash to its
        validators_hash; the changes are not replayed (replay_changes checks them). Raises
        DecodeError, and KeyError, TypeError or ValueError for a missing or mistyped field."""
        epochs = []
        for item in items:
            validators = ValidatorSet.from_json(item["validators"])
            if validators.hash().hex() != item["validators_hash"]:
                raise DecodeError(
                    f"validators_hash {item['validators_hash']} is not its set's hash"
                )
            check_int(item["since_height"], "since_height", 1)
            committed_at, entry = item["committed_at"] or 0, item["entry"] or ""
            check_int(committed_at, "committed_at")
            epochs.append(
                Epoch(item["since_height"], validators, committed_at, bytes.fromhex(entry))
            )
        if not epochs:
            raise DecodeError("a validator history holds at least the genesis set")
        return cls(chain_id, tuple(epochs))


def replay_changes(
    chain_id: str, genesis_set: ValidatorSet, changes: Iterable[tuple[int, bytes]]
) -> ValidatorHistory:
    """The history that these governance entries (height committed, encoding), in ledger
    order, make from genesis. Each must take effect (a proof bundle carries only those that
    did); raises GovernanceError or DecodeError otherwise."""
    history = ValidatorHistory.starting(chain_id, genesis_set)
    for height, data in changes:
        history = history.with_change(height, Entry.decode(data))
    return history
