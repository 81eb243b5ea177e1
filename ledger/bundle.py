"""Proof bundles: what a litigant keeps, checkable offline (docs/formats.md, "Proof bundle").

A bundle carries the entry's canonical bytes, the governance entries since genesis that made
the validator set signing its block (ledger/governance.py), the header and commit of the
block that committed it, the RFC 9162 inclusion proof up to that block's ledger size, and the
checkpoint signed by a quorum of validators. `verify_bundle` checks every part against a
trusted genesis (or, failing that, against the validator set the bundle carries, and says so).

An optional `consistency` part (added by `cunzheng refresh`, see `with_consistency`) carries a
later checkpoint and the RFC 9162 consistency proof from the bundle's tree size to it: the
ledger that includes the record has only grown since, as a quorum signed again later. That
quorum is of the newest set the bundle's governance entries make (refresh brings them up to
date); without a genesis, of the set the bundle carries.
"""

from dataclasses import dataclass
from typing import Any

from cunzheng.ledger import merkle
from cunzheng.ledger.block import Commit, Header
from cunzheng.ledger.checkpoint import SignedCheckpoint, checkpoint_origin, verified_signers
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import ChainBroken, DecodeError, ProofError, SignatureError
from cunzheng.ledger.fields import check_fields, check_hex, check_int
from cunzheng.ledger.finality import checkpoint_of, signed_checkpoint, verify_commit
from cunzheng.ledger.governance import GovernanceError, replay_changes
from cunzheng.ledger.hashing import leaf_hash
from cunzheng.ledger.keys import parse_vkey
from cunzheng.ledger.store import BlockStore
from cunzheng.ledger.validators import Genesis, ValidatorSet

BUNDLE_VERSION = 1
BUNDLE_FIELDS = {
    "version",
    "hash_alg",
    "chain",
    "entry",
    "id",
    "leaf",
    "leaf_index",
    "header",
    "header_bytes",
    "commit",
    "commit_bytes",
    "inclusion",
    "checkpoint",
    "consistency",
    "timestamp_token",
}
OPTIONAL_FIELDS = {"consistency", "timestamp_token"}
CONSISTENCY_FIELDS = {"tree_size_1", "tree_size_2", "hashes", "checkpoint"}


def build_bundle(store: BlockStore, entry_id: bytes) -> dict[str, Any]:
    """The proof bundle of a committed entry, as a JSON object, with an RFC 3161 token over
    its checkpoint when the store holds one (node/timestamper.py).

    Raises KeyError if the entry is not committed in this store.
    """
    leaf_index = store.leaf_index_of(entry_id)
    if leaf_index is None:
        raise KeyError(entry_id.hex())
    height = store.height_of_leaf(leaf_index)
    header, commit = store.header(height), store.commit(height)
    leaf = store.entry_bytes(leaf_index)
    validators = store.validators_at(height)
    tokens = store.timestamps(header.ledger_size)
    bundle: dict[str, Any] = {
        "version": BUNDLE_VERSION,
        "hash_alg": "sha256",
        "chain": {
            "chain_id": store.genesis.chain_id,
            "genesis_hash": store.genesis_hash.hex(),
            "validators": validators.to_json(),
            "governance": store.history.changes_until(height),
        },
        "id": entry_id.hex(),
        "entry": Entry.decode(leaf).to_json(),
        "leaf": leaf.hex(),
        "leaf_index": leaf_index,
        "header": header.to_json(),
        "header_bytes": header.encode().hex(),
        "commit": commit.to_json(),
        "commit_bytes": commit.encode().hex(),
        "inclusion": {
            "tree_size": header.ledger_size,
            "root_hash": header.ledger_root.hex(),
            "hashes": [h.hex() for h in store.inclusion_path(leaf_index, header.ledger_size)],
        },
        "checkpoint": signed_checkpoint(header, commit, validators).text(),
    }
    if tokens:  # RFC 3161 over the checkpoint body; checked by ledger.timestamp, given anchors
        bundle["timestamp_token"] = tokens[0].hex()
    return bundle


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a valid bundle proves."""

    entry: Entry
    entry_id: bytes
    leaf_index: int
    header: Header
    signers: tuple[str, ...]
    validators: ValidatorSet
    genesis_hash: bytes
    trusted: bool  # False: checked only against the validator set the bundle carries
    # The later checkpoint's tree size when a consistency part checked out, and its signers.
    consistent_tree_size: int | None = None
    consistent_signers: tuple[str, ...] = ()
    # Governance entries checked from the trusted genesis to the set signing the block.
    governance_changes: int = 0


def verify_bundle(
    bundle: Any, genesis: Genesis | None = None, trusted_vkeys: tuple[str, ...] = ()
) -> Verdict:
    """Check a proof bundle offline.

    With `genesis`, the bundle's chain must be that genesis's chain and validator set; with
    `trusted_vkeys`, a quorum must come from those keys; with neither, the verdict is
    marked untrusted. A `consistency` part, when present, must prove that the ledger at a
    later checkpoint, signed by a quorum (of trusted keys, if given), extends the bundle's.
    Raises DecodeError (malformed), ProofError (inclusion, consistency), SignatureError or
    ChainBroken (commit, checkpoint, chain) with the reason.
    """
    _check_version(bundle)
    leaf = check_hex(bundle["leaf"], "leaf") or b""
    entry = Entry.decode(leaf)
    entry_id = leaf_hash(leaf)
    _check_reading_copy(bundle, entry, entry_id)
    header = Header.decode(check_hex(bundle["header_bytes"], "header_bytes") or b"")
    validators, newest, genesis_hash, changes = _chain_of(bundle["chain"], genesis, header.height)
    commit = Commit.decode(check_hex(bundle["commit_bytes"], "commit_bytes") or b"")
    if bundle["header"] != header.to_json() or bundle["commit"] != commit.to_json():
        raise DecodeError("the header or commit fields differ from the signed bytes")
    verify_commit(commit, header, validators)
    leaf_index = bundle["leaf_index"]
    check_int(leaf_index, "leaf_index")
    if not header.ledger_size - header.entries_count <= leaf_index < header.ledger_size:
        raise ProofError(f"leaf_index {leaf_index} is not in block {header.height}")
    _verify_inclusion(bundle["inclusion"], header, leaf_index, entry_id)
    signers = _checkpoint_signers(bundle["checkpoint"], header, validators)
    later_size, later_signers = _verify_consistency(bundle.get("consistency"), header, newest)
    quorums = [signers] if later_size is None else [signers, later_signers]
    trusted = _is_trusted(genesis, trusted_vkeys, validators, quorums)
    found = (entry, entry_id, leaf_index, header, signers, validators, genesis_hash, trusted)
    return Verdict(*found, later_size, later_signers, changes)


def _check_version(bundle: Any) -> None:
    check_fields(bundle, "bundle", BUNDLE_FIELDS, BUNDLE_FIELDS - OPTIONAL_FIELDS)
    if bundle["version"] != BUNDLE_VERSION or bundle["hash_alg"] != "sha256":
        raise DecodeError(
            f"bundle version {bundle['version']!r} with hash_alg {bundle['hash_alg']!r} is not "
            "supported by this verifier; upgrade cunzheng"
        )


def _is_trusted(
    genesis: Genesis | None,
    trusted_vkeys: tuple[str, ...],
    validators: ValidatorSet,
    quorums: list[tuple[str, ...]],
) -> bool:
    # With trusted keys, every signed checkpoint must hold a quorum of them.
    for signers in quorums if trusted_vkeys else []:
        _require_trusted_quorum(signers, validators, trusted_vkeys)
    return genesis is not None or bool(trusted_vkeys)


def with_consistency(
    bundle: dict[str, Any], consistency_path: list[bytes], checkpoint: SignedCheckpoint
) -> dict[str, Any]:
    """A copy of `bundle` whose consistency part proves its ledger grew into `checkpoint`.

    `consistency_path` is the RFC 9162 proof from the bundle's inclusion tree size to the
    checkpoint's. Nothing is checked here: run verify_bundle on the result.
    """
    consistency = {
        "tree_size_1": bundle["inclusion"]["tree_size"],
        "tree_size_2": checkpoint.checkpoint.tree_size,
        "hashes": [h.hex() for h in consistency_path],
        "checkpoint": checkpoint.text(),
    }
    return {**bundle, "consistency": consistency}


def _chain_of(
    chain: Any, genesis: Genesis | None, height: int
) -> tuple[ValidatorSet, ValidatorSet, bytes, int]:
    """(the set that signs block `height`, the newest set, the genesis hash, how many
    governance entries made it). With a genesis, both sets are made from it by the bundle's
    governance entries, each checked; without, the count is 0 (nothing was checked)."""
    fields = {"chain_id", "genesis_hash", "validators", "governance"}
    check_fields(chain, "chain", fields, fields)
    validators = ValidatorSet.from_json(chain["validators"])
    genesis_hash = check_hex(chain["genesis_hash"], "genesis_hash", 32) or b""
    changes = _governance_of(chain["governance"])
    if genesis is None:
        return validators, validators, genesis_hash, 0
    if genesis.hash() != genesis_hash:
        raise ChainBroken(
            f"bundle is from chain {genesis_hash.hex()[:16]}, the trusted genesis is "
            f"{genesis.hash().hex()[:16]}"
        )
    try:
        history = replay_changes(genesis.chain_id, genesis.validator_set, changes)
    except GovernanceError as err:
        raise ChainBroken(f"a governance entry of the bundle does not check: {err}") from err
    if validators != history.at(height):
        raise ChainBroken(
            f"the bundle's validator set is not the one its genesis and governance entries "
            f"put in force at height {height}"
        )
    changed = sum(1 for epoch in history.epochs[1:] if epoch.since <= height)
    return validators, history.epochs[-1].validators, genesis_hash, changed


def _governance_of(items: Any) -> list[tuple[int, bytes]]:
    if not isinstance(items, list):
        raise DecodeError("chain governance must be a list")
    changes = []
    for item in items:
        check_fields(item, "governance entry", {"height", "leaf"}, {"height", "leaf"})
        check_int(item["height"], "governance height", 1)
        changes.append((item["height"], check_hex(item["leaf"], "governance leaf") or b""))
    return changes


def _check_reading_copy(bundle: dict[str, Any], entry: Entry, entry_id: bytes) -> None:
    if bundle["entry"] != entry.to_json():
        raise DecodeError("the bundle's entry fields differ from its leaf bytes")
    if bundle["id"] != entry_id.hex():
        raise DecodeError(f"bundle id {bundle['id']!r} is not the leaf hash {entry_id.hex()}")


def _verify_inclusion(inclusion: Any, header: Header, leaf_index: int, entry_id: bytes) -> None:
    fields = {"tree_size", "root_hash", "hashes"}
    check_fields(inclusion, "inclusion", fields, fields)
    if inclusion["tree_size"] != header.ledger_size:
        raise ProofError(
            f"inclusion tree_size {inclusion['tree_size']} is not block {header.height}'s "
            f"ledger size {header.ledger_size}"
        )
    if check_hex(inclusion["root_hash"], "root_hash", 32) != header.ledger_root:
        raise ProofError("inclusion root_hash is not the signed header's ledger root")
    if not isinstance(inclusion["hashes"], list):
        raise DecodeError("inclusion hashes must be a list of hex strings")
    path = [check_hex(h, "inclusion hash", 32) or b"" for h in inclusion["hashes"]]
    merkle.verify_inclusion(leaf_index, header.ledger_size, entry_id, path, header.ledger_root)


def _checkpoint_signers(text: Any, header: Header, validators: ValidatorSet) -> tuple[str, ...]:
    if not isinstance(text, str):
        raise DecodeError("checkpoint must be the signed note text")
    note = SignedCheckpoint.parse(text)
    if note.checkpoint != checkpoint_of(header):
        raise ChainBroken("checkpoint body is not the signed header's ledger size and root")
    return _quorum_signers(note, validators)


def _verify_consistency(
    part: Any, header: Header, validators: ValidatorSet
) -> tuple[int | None, tuple[str, ...]]:
    # (later tree size, its signers), or (None, ()) when the bundle has no consistency part.
    if part is None:
        return None, ()
    check_fields(part, "consistency", CONSISTENCY_FIELDS, CONSISTENCY_FIELDS)
    first, second = part["tree_size_1"], part["tree_size_2"]
    check_int(first, "consistency tree_size_1")
    check_int(second, "consistency tree_size_2")
    if first != header.ledger_size:
        raise ProofError(
            f"consistency tree_size_1 {first} is not the bundle's tree size {header.ledger_size}"
        )
    if not isinstance(part["checkpoint"], str) or not isinstance(part["hashes"], list):
        raise DecodeError("consistency needs checkpoint note text and a list of hex hashes")
    note = SignedCheckpoint.parse(part["checkpoint"])
    later = note.checkpoint
    if later.origin != checkpoint_origin(header.chain_id) or later.tree_size != second:
        raise ChainBroken(
            f"the later checkpoint is for {later.origin} size {later.tree_size}, expected "
            f"{checkpoint_origin(header.chain_id)} size {second}"
        )
    try:
        signers = _quorum_signers(note, validators)
    except SignatureError as err:
        raise SignatureError(f"the later checkpoint of the consistency proof: {err}") from err
    path = [check_hex(h, "consistency hash", 32) or b"" for h in part["hashes"]]
    merkle.verify_consistency(first, second, header.ledger_root, later.root_hash, path)
    return second, signers


def _quorum_signers(note: SignedCheckpoint, validators: ValidatorSet) -> tuple[str, ...]:
    known = {v.name: v.public_key for v in validators.validators}
    signers = verified_signers(note, known)
    power = sum(v.power for v in validators.validators if v.name in signers)
    if not validators.is_quorum(power):
        raise SignatureError(
            f"checkpoint is signed by {len(signers)} validators with power {power} of "
            f"{validators.total_power}; more than 2/3 is needed"
        )
    return tuple(v.name for v in validators.validators if v.name in signers)


def _require_trusted_quorum(
    signers: tuple[str, ...], validators: ValidatorSet, trusted_vkeys: tuple[str, ...]
) -> None:
    trusted = {parse_vkey(text) for text in trusted_vkeys}
    power = sum(
        v.power
        for v in validators.validators
        if v.name in signers and (v.name, v.public_key) in trusted
    )
    if not validators.is_quorum(power):
        raise SignatureError(
            f"trusted keys signed with power {power} of {validators.total_power}; more than 2/3 "
            "of the consortium's power must come from keys you trust"
        )
