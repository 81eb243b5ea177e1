"""Tampered proof bundles, each self-consistent but for one thing only a check can see.

The verdict corpus (tests/support/corpus.py) and the tests of ledger.evidence use them.
"""

import json
from dataclasses import replace
from typing import Any

from cunzheng.ledger.block import Commit
from cunzheng.ledger.checkpoint import SignedCheckpoint


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
