"""The proof bundle's JSON form (docs/formats.md, "Proof bundle"): its fields, and reading them
into typed parts that ledger/bundle.py then checks, part by part, in the order of
docs/verdicts.md. What is checked here is only the bundle's shape (reason code
malformed_bundle): fields, types and hex, the entry, header and commit encodings, and that
their reading copies are what those bytes say.

Version 2 carries the genesis document itself (`chain.genesis`), so that the genesis hash a
verifier shows is computed from what the bundle carries, and the validator set that signed
is replayed from that genesis's founding set: a matching hash means the same consortium.
Version 1 named a `genesis_hash` it did not carry; such bundles are still read, and their
hash is tied to nothing unless the judge brings the genesis (docs/verdicts.md, "Notices").
"""

from dataclasses import dataclass
from typing import Any

from cunzheng.ledger.block import Commit, Header
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.fields import check_fields, check_hex, check_int, check_str
from cunzheng.ledger.hashing import leaf_hash
from cunzheng.ledger.json_files import parse_json
from cunzheng.ledger.validators import Genesis, ValidatorSet

BUNDLE_VERSION = 2  # what build_bundle writes
LEGACY_BUNDLE_VERSION = 1  # read, never written: names a genesis hash, carries no genesis
CHAIN_FIELDS = {
    BUNDLE_VERSION: {"genesis", "validators", "governance"},
    LEGACY_BUNDLE_VERSION: {"chain_id", "genesis_hash", "validators", "governance"},
}
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
MAX_BUNDLE_BYTES = 64 * 1024 * 1024


def parse_bundle(data: bytes) -> Any:
    """The JSON value of a bundle file's bytes, read as ledger/json_files.py reads every
    file (verify_bundle then checks the value). Raises DecodeError for bytes over
    MAX_BUNDLE_BYTES, not UTF-8 JSON, with a key repeated in one object or nested too deep."""
    return parse_json(data, "the proof bundle", MAX_BUNDLE_BYTES)


@dataclass(frozen=True, slots=True)
class InclusionPart:
    """The RFC 9162 inclusion proof of the bundle's entry."""

    tree_size: int
    root_hash: bytes
    hashes: list[bytes]


@dataclass(frozen=True, slots=True)
class ConsistencyPart:
    """The optional RFC 9162 consistency proof to a later checkpoint (`cunzheng refresh`)."""

    tree_size_1: int
    tree_size_2: int
    hashes: list[bytes]
    checkpoint: str  # signed note text


@dataclass(frozen=True, slots=True)
class BundleParts:
    """A bundle read into its parts, each of the right type; nothing is checked yet."""

    version: int
    entry: Entry
    entry_id: bytes
    leaf_index: int
    header: Header
    commit: Commit
    chain_id: str  # the carried genesis's, or (version 1) the one the bundle names
    genesis_hash: bytes  # the carried genesis's hash, or (version 1) the hash the bundle names
    genesis: Genesis | None  # the genesis the bundle carries; None in version 1
    validators: ValidatorSet
    governance: list[tuple[int, bytes]]
    inclusion: InclusionPart
    checkpoint: str  # signed note text
    consistency: ConsistencyPart | None


def parts_of(bundle: Any) -> BundleParts:
    """The parts of `bundle`: its fields known and present, hex and types right, the entry,
    header and commit decoded, their reading copies equal to them, and the entry's submitter
    signature (when it has one) valid, since no node accepts an entry without.

    Raises DecodeError (SignatureError for the submitter's signature) naming what is wrong.
    """
    check_fields(bundle, "bundle", BUNDLE_FIELDS, BUNDLE_FIELDS - OPTIONAL_FIELDS)
    version = bundle["version"]
    if type(version) is not int or version not in CHAIN_FIELDS or bundle["hash_alg"] != "sha256":
        raise DecodeError(
            f"bundle version {bundle['version']!r} with hash_alg {bundle['hash_alg']!r} is not "
            "supported by this verifier; upgrade cunzheng"
        )
    leaf = check_hex(bundle["leaf"], "leaf") or b""
    entry, entry_id = Entry.decode(leaf), leaf_hash(leaf)
    if bundle["entry"] != entry.to_json():
        raise DecodeError("the bundle's entry fields differ from its leaf bytes")
    if bundle["id"] != entry_id.hex():
        raise DecodeError(f"bundle id {bundle['id']!r} is not the leaf hash {entry_id.hex()}")
    entry.verify_submitter_signature()
    header = Header.decode(check_hex(bundle["header_bytes"], "header_bytes") or b"")
    commit = Commit.decode(check_hex(bundle["commit_bytes"], "commit_bytes") or b"")
    if bundle["header"] != header.to_json() or bundle["commit"] != commit.to_json():
        raise DecodeError("the header or commit fields differ from the signed bytes")
    check_int(bundle["leaf_index"], "leaf_index")
    if not isinstance(bundle["checkpoint"], str):
        raise DecodeError("checkpoint must be the signed note text")
    check_hex(bundle.get("timestamp_token"), "timestamp_token", optional=True)
    chain = bundle["chain"]
    check_fields(chain, "chain", CHAIN_FIELDS[version], CHAIN_FIELDS[version])
    genesis, chain_id, genesis_hash = _genesis_of(chain)
    return BundleParts(
        version,
        entry,
        entry_id,
        bundle["leaf_index"],
        header,
        commit,
        chain_id,
        genesis_hash,
        genesis,
        ValidatorSet.from_json(chain["validators"]),
        _governance_of(chain["governance"]),
        _inclusion_of(bundle["inclusion"]),
        bundle["checkpoint"],
        _consistency_of(bundle.get("consistency")),
    )


def _genesis_of(chain: dict[str, Any]) -> tuple[Genesis | None, str, bytes]:
    # (the carried genesis, its chain id, its hash); version 1: (None, the named chain id and
    # genesis hash), which nothing ties to the genesis they name.
    if "genesis" in chain:
        genesis = Genesis.from_json(chain["genesis"])
        return genesis, genesis.chain_id, genesis.hash()
    check_str(chain["chain_id"], "chain_id", 64)
    return None, chain["chain_id"], check_hex(chain["genesis_hash"], "genesis_hash", 32) or b""


def _inclusion_of(inclusion: Any) -> InclusionPart:
    fields = {"tree_size", "root_hash", "hashes"}
    check_fields(inclusion, "inclusion", fields, fields)
    check_int(inclusion["tree_size"], "inclusion tree_size")
    root_hash = check_hex(inclusion["root_hash"], "root_hash", 32) or b""
    return InclusionPart(
        inclusion["tree_size"], root_hash, _hashes(inclusion["hashes"], "inclusion")
    )


def _consistency_of(part: Any) -> ConsistencyPart | None:
    if part is None:
        return None
    check_fields(part, "consistency", CONSISTENCY_FIELDS, CONSISTENCY_FIELDS)
    check_int(part["tree_size_1"], "consistency tree_size_1")
    check_int(part["tree_size_2"], "consistency tree_size_2")
    if not isinstance(part["checkpoint"], str):
        raise DecodeError("consistency checkpoint must be the signed note text")
    hashes = _hashes(part["hashes"], "consistency")
    return ConsistencyPart(part["tree_size_1"], part["tree_size_2"], hashes, part["checkpoint"])


def _hashes(items: Any, name: str) -> list[bytes]:
    if not isinstance(items, list):
        raise DecodeError(f"{name} hashes must be a list of hex strings")
    return [check_hex(item, f"{name} hash", 32) or b"" for item in items]


def _governance_of(items: Any) -> list[tuple[int, bytes]]:
    if not isinstance(items, list):
        raise DecodeError("chain governance must be a list")
    changes = []
    for item in items:
        check_fields(item, "governance entry", {"height", "leaf"}, {"height", "leaf"})
        check_int(item["height"], "governance height", 1)
        changes.append((item["height"], check_hex(item["leaf"], "governance leaf") or b""))
    return changes
