"""Proof bundles: what a litigant keeps, checkable offline (docs/formats.md, "Proof bundle").

A bundle carries the entry's canonical bytes, the consortium's genesis and the governance
entries since that made the validator set signing its block (ledger/governance.py), the
header and commit of the block that committed it, the RFC 9162 inclusion proof up to that
block's ledger size, and the checkpoint signed by a quorum of validators. `verify_bundle`
checks every part against a trusted genesis, or, failing that, against the genesis the
bundle carries, whose hash the verdict then gives to compare with the consortium's
published one: the signing set is replayed from that genesis, so a matching hash means the
same consortium. A version 1 bundle carries no genesis: without a trusted one, only its own
validator set can be checked, and the verdict gives no hash (Verdict.genesis_hash None).

An optional `consistency` part (added by `cunzheng refresh`, see `with_consistency`) carries a
later checkpoint and the RFC 9162 consistency proof from the bundle's tree size to it: the
ledger that includes the record has only grown since, as a quorum signed again later. That
quorum is of the newest set the bundle's governance entries make (refresh brings them up to
date); without a genesis, of the set the bundle carries.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cunzheng.ledger import merkle
from cunzheng.ledger.block import Header
from cunzheng.ledger.bundle_format import BUNDLE_VERSION, BundleParts, ConsistencyPart, parts_of
from cunzheng.ledger.checkpoint import SignedCheckpoint, checkpoint_origin, verified_signers
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import ChainBroken, LedgerError, ProofError, SignatureError
from cunzheng.ledger.existence_time import no_later_than_ms
from cunzheng.ledger.finality import checkpoint_of, signed_checkpoint, verify_commit
from cunzheng.ledger.governance import replay_changes
from cunzheng.ledger.keys import parse_vkey
from cunzheng.ledger.reasons import checking
from cunzheng.ledger.validators import Genesis, ValidatorSet

if TYPE_CHECKING:  # the store needs plyvel, which a verifier does without (pyproject extras)
    from cunzheng.ledger.store import BlockStore


def build_bundle(store: "BlockStore", entry_id: bytes) -> dict[str, Any]:
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
            "genesis": store.genesis.to_json(),
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
    # The hash of the genesis the signing set was replayed from (the trusted one, or the one
    # the bundle carries); None for a version 1 bundle checked without a trusted genesis,
    # whose named hash nothing ties to its validators.
    genesis_hash: bytes | None
    trusted: bool  # False: checked only against what the bundle carries
    # The real time by which the entry existed (ledger/existence_time.py): the block time plus
    # the margin the founding genesis's timing parameters allow for the proposer's clock.
    no_later_than_ms: int
    # The later checkpoint's tree size when a consistency part checked out, and its signers.
    consistent_tree_size: int | None = None
    consistent_signers: tuple[str, ...] = ()
    # Governance entries checked from the trusted genesis to the set signing the block.
    governance_changes: int = 0


def verify_bundle(
    bundle: Any, genesis: Genesis | None = None, trusted_vkeys: tuple[str, ...] = ()
) -> Verdict:
    """Check a proof bundle offline, in the order of docs/verdicts.md.

    With `genesis`, the bundle's chain must be that genesis's chain and validator set; with
    `trusted_vkeys`, a quorum must come from those keys; with neither, the verdict is
    marked untrusted. A `consistency` part, when present, must prove that the ledger at a
    later checkpoint, signed by a quorum (of trusted keys, if given), extends the bundle's.
    Raises a LedgerError whose `reason` names the first check that failed: DecodeError
    (malformed), ProofError (inclusion, consistency), SignatureError or ChainBroken (commit,
    checkpoint, chain), GovernanceError, each with the reason in words.
    """
    with checking("malformed_bundle"):
        parts = parts_of(bundle)
    header = parts.header
    validators, newest, changes = _chain_of(parts, genesis)
    with checking("commit_invalid"):
        verify_commit(parts.commit, header, validators)
    with checking("inclusion_invalid"):
        _verify_inclusion(parts)
    with checking("checkpoint_invalid"):
        signers = _quorum_signers(_checkpoint_note(parts.checkpoint, header), validators)
    with checking("consistency_invalid"):
        later_size, later_signers = _verify_consistency(parts.consistency, header, newest)
    quorums = [signers] if later_size is None else [signers, later_signers]
    with checking("untrusted_quorum"):
        for quorum in quorums if trusted_vkeys else []:
            _require_trusted_quorum(quorum, validators, trusted_vkeys)
    trusted = genesis is not None or bool(trusted_vkeys)
    founding = genesis or parts.genesis
    genesis_hash = None if founding is None else founding.hash()
    # A version 1 bundle checked without a genesis carries no parameters: the defaults stand.
    params = {} if founding is None else founding.params
    with checking("malformed_bundle"):
        stated = no_later_than_ms(header.time_ms, parts.commit.round, params)
    found = (parts.entry, parts.entry_id, parts.leaf_index, header, signers, validators)
    return Verdict(*found, genesis_hash, trusted, stated, later_size, later_signers, changes)


def _chain_of(
    parts: BundleParts, genesis: Genesis | None
) -> tuple[ValidatorSet, ValidatorSet, int]:
    """(the set that signs the block, the newest set, how many governance entries made it).

    Both sets are made by the bundle's governance entries, each checked, from the founding
    set of the trusted genesis, or else of the genesis the bundle carries; a version 1
    bundle without a trusted genesis has neither, and both are the set it carries, the count
    0 (nothing was replayed). Either way that set must be the one the header names.
    """
    header = parts.header
    with checking("wrong_chain"):
        _verify_chain_id(parts, genesis)
    validators, newest, changes = parts.validators, parts.validators, 0
    if genesis is not None:
        with checking("wrong_genesis"):
            if genesis.hash() != parts.genesis_hash:
                raise ChainBroken(
                    f"the bundle's genesis hash is {parts.genesis_hash.hex()}, the trusted "
                    f"genesis of chain {genesis.chain_id!r} is {genesis.hash().hex()}: another "
                    "founding of a chain of that name"
                )
    founding = genesis or parts.genesis
    if founding is not None:
        newest, changes = _replayed_from(founding, parts)
    with checking("validators_mismatch"):
        if validators.hash() != header.validators_hash:
            raise ChainBroken(
                f"the bundle's validator set hashes to {validators.hash().hex()[:16]}, block "
                f"{header.height} names set {header.validators_hash.hex()[:16]}"
            )
    return validators, newest, changes


def _replayed_from(founding: Genesis, parts: BundleParts) -> tuple[ValidatorSet, int]:
    # (the newest set, how many governance entries made the block's): the bundle's governance
    # entries replayed from the founding set, which must give the set the bundle carries.
    height = parts.header.height
    with checking("governance_invalid"):
        try:
            history = replay_changes(founding.chain_id, founding.validator_set, parts.governance)
        except LedgerError as err:  # GovernanceError, or a leaf that is no entry
            raise ChainBroken(f"a governance entry of the bundle does not check: {err}") from err
    with checking("validators_mismatch"):
        if parts.validators != history.at(height):
            raise ChainBroken(
                f"the bundle's validator set is not the one its genesis and governance "
                f"entries put in force at height {height}"
            )
    changes = sum(1 for epoch in history.epochs[1:] if epoch.since <= height)
    return history.epochs[-1].validators, changes


def _verify_chain_id(parts: BundleParts, genesis: Genesis | None) -> None:
    # The bundle's chain id (its genesis's), its header's and the trusted genesis's must be one.
    carried = "the bundle's chain" if parts.genesis is None else "the genesis it carries"
    named = {carried: parts.chain_id, "its block header": parts.header.chain_id}
    if genesis is not None:
        named["the trusted genesis"] = genesis.chain_id
    if len(set(named.values())) > 1:
        listed = ", ".join(f"{where} {chain_id!r}" for where, chain_id in named.items())
        raise ChainBroken(f"the chain ids differ: {listed}; the record is of another ledger")


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


def _verify_inclusion(parts: BundleParts) -> None:
    header, inclusion, leaf_index = parts.header, parts.inclusion, parts.leaf_index
    if not header.ledger_size - header.entries_count <= leaf_index < header.ledger_size:
        raise ProofError(f"leaf_index {leaf_index} is not in block {header.height}")
    if inclusion.tree_size != header.ledger_size:
        raise ProofError(
            f"inclusion tree_size {inclusion.tree_size} is not block {header.height}'s "
            f"ledger size {header.ledger_size}"
        )
    if inclusion.root_hash != header.ledger_root:
        raise ProofError("inclusion root_hash is not the signed header's ledger root")
    merkle.verify_inclusion(
        leaf_index, header.ledger_size, parts.entry_id, inclusion.hashes, header.ledger_root
    )


def _checkpoint_note(text: str, header: Header) -> SignedCheckpoint:
    note = SignedCheckpoint.parse(text)
    if note.checkpoint != checkpoint_of(header):
        raise ChainBroken("checkpoint body is not the signed header's ledger size and root")
    return note


def _verify_consistency(
    part: ConsistencyPart | None, header: Header, validators: ValidatorSet
) -> tuple[int | None, tuple[str, ...]]:
    # (later tree size, its signers), or (None, ()) when the bundle has no consistency part.
    if part is None:
        return None, ()
    first, second = part.tree_size_1, part.tree_size_2
    if first != header.ledger_size:
        raise ProofError(
            f"consistency tree_size_1 {first} is not the bundle's tree size {header.ledger_size}"
        )
    later = SignedCheckpoint.parse(part.checkpoint)
    origin = checkpoint_origin(header.chain_id)
    if later.checkpoint.origin != origin or later.checkpoint.tree_size != second:
        raise ChainBroken(
            f"the later checkpoint is for {later.checkpoint.origin} size "
            f"{later.checkpoint.tree_size}, expected {origin} size {second}"
        )
    try:
        signers = _quorum_signers(later, validators)
    except SignatureError as err:
        raise SignatureError(f"the later checkpoint of the consistency proof: {err}") from err
    merkle.verify_consistency(
        first, second, header.ledger_root, later.checkpoint.root_hash, part.hashes
    )
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
