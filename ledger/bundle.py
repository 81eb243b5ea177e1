"""Proof bundles: what a litigant keeps, checkable offline (DESIGN.md, "Proof bundle").

A bundle carries the entry's canonical bytes, the header and commit of the block that
committed it, the RFC 9162 inclusion proof up to that block's ledger size, and the
checkpoint signed by a quorum of validators. `verify_bundle` checks every part against a
trusted genesis (or, failing that, against the validator set the bundle carries, and says so).
"""

from dataclasses import dataclass
from typing import Any

from ledger import merkle
from ledger.block import Commit, Header
from ledger.checkpoint import SignedCheckpoint, verified_signers
from ledger.entry import Entry
from ledger.errors import ChainBroken, DecodeError, ProofError, SignatureError
from ledger.fields import check_fields, check_hex, check_int
from ledger.finality import checkpoint_of, signed_checkpoint, verify_commit
from ledger.hashing import leaf_hash
from ledger.keys import parse_vkey
from ledger.store import BlockStore
from ledger.validators import Genesis, ValidatorSet

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


def build_bundle(store: BlockStore, entry_id: bytes) -> dict[str, Any]:
    """The proof bundle of a committed entry, as a JSON object.

    Raises KeyError if the entry is not committed in this store.
    """
    leaf_index = store.leaf_index_of(entry_id)
    if leaf_index is None:
        raise KeyError(entry_id.hex())
    height = store.height_of_leaf(leaf_index)
    header, commit = store.header(height), store.commit(height)
    leaf = store.entry_bytes(leaf_index)
    validators = store.validators
    return {
        "version": BUNDLE_VERSION,
        "hash_alg": "sha256",
        "chain": {
            "chain_id": store.genesis.chain_id,
            "genesis_hash": store.genesis_hash.hex(),
            "validators": validators.to_json(),
            "governance": [],
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


def verify_bundle(
    bundle: Any, genesis: Genesis | None = None, trusted_vkeys: tuple[str, ...] = ()
) -> Verdict:
    """Check a proof bundle offline.

    With `genesis`, the bundle's chain must be that genesis's chain and validator set; with
    `trusted_vkeys`, a quorum must come from those keys; with neither, the verdict is
    marked untrusted. Raises DecodeError (malformed), ProofError (inclusion), SignatureError
    or ChainBroken (commit, checkpoint, chain) with the reason.
    """
    check_fields(bundle, "bundle", BUNDLE_FIELDS, BUNDLE_FIELDS - OPTIONAL_FIELDS)
    if bundle["version"] != BUNDLE_VERSION or bundle["hash_alg"] != "sha256":
        raise DecodeError(
            f"bundle version {bundle['version']!r} with hash_alg {bundle['hash_alg']!r} is not "
            "supported by this verifier; upgrade cunzheng"
        )
    validators, genesis_hash = _chain_of(bundle["chain"], genesis)
    leaf = check_hex(bundle["leaf"], "leaf") or b""
    entry = Entry.decode(leaf)
    entry_id = leaf_hash(leaf)
    _check_reading_copy(bundle, entry, entry_id)
    header = Header.decode(check_hex(bundle["header_bytes"], "header_bytes") or b"")
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
    trusted = genesis is not None
    if trusted_vkeys:
        _require_trusted_quorum(signers, validators, trusted_vkeys)
        trusted = True
    return Verdict(entry, entry_id, leaf_index, header, signers, validators, genesis_hash, trusted)


def _chain_of(chain: Any, genesis: Genesis | None) -> tuple[ValidatorSet, bytes]:
    check_fields(
        chain,
        "chain",
        {"chain_id", "genesis_hash", "validators", "governance"},
        {"chain_id", "genesis_hash", "validators", "governance"},
    )
    validators = ValidatorSet.from_json(chain["validators"])
    genesis_hash = check_hex(chain["genesis_hash"], "genesis_hash", 32) or b""
    if chain["governance"] != []:
        raise DecodeError("governance entries are not supported by this verifier; upgrade cunzheng")
    if genesis is not None:
        if genesis.hash() != genesis_hash:
            raise ChainBroken(
                f"bundle is from chain {genesis_hash.hex()[:16]}, the trusted genesis is "
                f"{genesis.hash().hex()[:16]}"
            )
        if validators != genesis.validator_set:
            raise ChainBroken("bundle's validator set is not the one in force by the genesis")
    return validators, genesis_hash


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
