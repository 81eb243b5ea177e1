"""Tampered proof bundles, each self-consistent but for one thing only a check can see.

The verdict corpus (tests/support/corpus.py) and the tests of ledger.evidence use them.
"""

import json
from dataclasses import replace
from typing import Any

from cunzheng.ledger.block import Commit
from cunzheng.ledger.checkpoint import SignedCheckpoint
from cunzheng.ledger.validators import Genesis


def copied(bundle: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of `bundle`, through JSON as a file would carry it."""
    copy: dict[str, Any] = json.loads(json.dumps(bundle))
    return copy


def forged_commit(bundle: dict[str, Any]) -> dict[str, Any]:
    """A copy of `bundle` whose first precommit's vote signature has a bit flipped, its
    reading copy kept in step: only the commit check can object."""
    forged = copied(bundle)
    commit = Commit.decode(bytes.fromhex(forged["commit_bytes"]))
    first = commit.signatures[0]
    signature = bytes([first.vote_signature[0] ^ 1]) + first.vote_signature[1:]
    signatures = (replace(first, vote_signature=signature), *commit.signatures[1:])
    changed = replace(commit, signatures=signatures)
    forged["commit"], forged["commit_bytes"] = changed.to_json(), changed.encode().hex()
    return forged


def forged_checkpoint(bundle: dict[str, Any]) -> dict[str, Any]:
    """A copy of `bundle` whose first checkpoint signature line has a bit flipped in its
    signature, still a well-formed line."""
    forged = copied(bundle)
    note = SignedCheckpoint.parse(forged["checkpoint"])
    first = note.signatures[0]
    signature = bytes([first.signature[0] ^ 1]) + first.signature[1:]
    lines = (replace(first, signature=signature), *note.signatures[1:])
    forged["checkpoint"] = replace(note, signatures=lines).text()
    return forged


def flipped_hash(bundle: dict[str, Any], part: str) -> dict[str, Any]:
    """A copy of `bundle` whose `part` ("inclusion" or "consistency") has its first hash's
    last bit flipped."""
    forged = copied(bundle)
    first = bytearray.fromhex(forged[part]["hashes"][0])
    first[-1] ^= 1
    forged[part]["hashes"][0] = first.hex()
    return forged


def as_version_1(bundle: dict[str, Any], genesis_hash: bytes | None = None) -> dict[str, Any]:
    """A copy of `bundle` in the form of version 1 bundles, which named the chain id and
    genesis hash (`genesis_hash` when given, else the carried genesis's) but carried no
    genesis (docs/formats.md, "Proof bundle")."""
    legacy = copied(bundle)
    genesis = Genesis.from_json(legacy["chain"].pop("genesis"))
    named = genesis.hash() if genesis_hash is None else genesis_hash
    legacy["version"] = 1
    legacy["chain"] = {"chain_id": genesis.chain_id, "genesis_hash": named.hex(), **legacy["chain"]}
    return legacy


def with_carried_genesis(bundle: dict[str, Any], genesis: Genesis) -> dict[str, Any]:
    """A copy of `bundle` carrying `genesis` in place of its own."""
    swapped = copied(bundle)
    swapped["chain"]["genesis"] = genesis.to_json()
    return swapped


def with_repeated_key(bundle: dict[str, Any], key: str, first: Any) -> bytes:
    """The bundle file's bytes with top-level `key` given twice: `first`, then its own
    value. A reader that keeps the last value sees the bundle unchanged."""
    text = json.dumps(bundle, indent=2, ensure_ascii=False)
    own = f'\n  "{key}": '
    if text.count(own) != 1:
        raise ValueError(f"the bundle has no top-level {key!r}")
    return text.replace(own, f"{own}{json.dumps(first)},{own}", 1).encode() + b"\n"
