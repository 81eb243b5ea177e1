"""Replaying one ledger from genesis: every header, commit, entry and root checked again.

docs/cli.md, "cunzheng audit"; docs/domain.md, "Expert examination" (a replay tool a forensic
examiner can run). No store is needed: the Merkle tree is kept as its compact range (the
perfect subtrees along its right border, O(log n) hashes; ledger/compact.py), the entry ids
as a set (about 95 bytes of memory per entry on 64-bit CPython; bench/audit.py measures it).
A `ReplayState` lets a later audit resume; ledger/audit.py reads and writes its file. Until
governance entries exist, the genesis validator set is the one in force at every height.
"""

from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from hashlib import sha256
from typing import Any

import msgpack

from cunzheng.ledger import hashing
from cunzheng.ledger.block import ZERO_HASH, Block, Commit, Header
from cunzheng.ledger.compact import extend_compact_range, root_of_compact_range
from cunzheng.ledger.entry import MAX_ENTRY_BYTES, Entry, has_entry_shape
from cunzheng.ledger.errors import ChainBroken, DecodeError, LedgerError, SignatureError
from cunzheng.ledger.fields import check_bytes
from cunzheng.ledger.finality import verify_commit
from cunzheng.ledger.governance import KIND as GOVERNANCE_KIND
from cunzheng.ledger.governance import ValidatorHistory
from cunzheng.ledger.hashing import EMPTY_ROOT, HASH_SIZE
from cunzheng.ledger.keys import ENTRY_SIGNATURE_TAG, verify_signature
from cunzheng.ledger.validators import Genesis

_SIGNATURE_TAIL = 2 + 64  # a signed entry's encoding ends with bin8 header 0xc4 0x40, 64 bytes
_NIL = b"\xc0"
# Where the digest ends, by the first 4 bytes: fixarray of 8, version 1, bin8 of 32 or 64 bytes.
_DIGEST_END = {b"\x98\x01\xc4\x20": 4 + 32, b"\x98\x01\xc4\x40": 4 + 64}
_MAX_KNOWN_SHAPES = 1024
_GOVERNANCE = msgpack.packb(GOVERNANCE_KIND)  # the kind as it appears in an encoding


class ReplayError(LedgerError):
    """A block that does not replay. `height` names it; `check` names the failed check."""

    def __init__(self, height: int, check: str, detail: str) -> None:
        self.height, self.check, self.detail = height, check, detail
        super().__init__(f"block {height} fails the {check} check: {detail}")


def _fast_entry_fields(encodings: Sequence[bytes]) -> list[list[Any]] | None:
    """The fields of every entry when all are certainly canonical; None to check one by one.

    One packb of all entries equals the concatenated encodings exactly when each entry
    re-encodes to its own bytes: msgpack is prefix-free, and each encoding unpacked alone
    without trailing bytes.
    """
    if max(map(len, encodings), default=0) > MAX_ENTRY_BYTES:
        return None
    try:
        decoded: list[Any] = list(map(msgpack.unpackb, encodings))
    except (ValueError, TypeError, msgpack.UnpackException):
        return None
    if not all(map(has_entry_shape, decoded)):
        return None
    packer = msgpack.Packer()
    if packer.pack(decoded) != packer.pack_array_header(len(decoded)) + b"".join(encodings):
        return None
    return decoded


def submitter_signatures(
    encodings: Sequence[bytes], first_leaf_index: int = 0, known_shapes: set[bytes] | None = None
) -> list[tuple[int, bytes, bytes, bytes]]:
    """(leaf index, submitter, signed payload, signature) of each signed entry in `encodings`,
    the entries at leaf indexes first_leaf_index, first_leaf_index + 1, ….

    Raises DecodeError naming the leaf index unless every encoding is exactly what Entry.decode
    accepts. `known_shapes` (kept by the caller) holds unsigned canonical encodings with the
    digest cut out: the digest is a bin8 of fixed size at a fixed place, so an encoding of a
    known shape is canonical whatever its digest, and is not decoded. New shapes are added.
    The others are checked all at once (one unpack each, one pack for all); the first failure
    is explained by Entry.decode itself.
    """
    known = set() if known_shapes is None else known_shapes
    positions = [
        position
        for position, data in enumerate(encodings)
        if (end := _DIGEST_END.get(data[:4])) is None or data[:4] + data[end:] not in known
    ]
    unknown = [encodings[position] for position in positions]
    decoded = _fast_entry_fields(unknown)
    if decoded is None:  # Entry.decode explains the first failure (or finds none)
        pairs = zip(unknown, positions, strict=True)
        entries = [_decode(data, first_leaf_index + position) for data, position in pairs]
        signatures = [(entry.submitter, entry.signature) for entry in entries]
    else:
        signatures = [(fields[6], fields[7]) for fields in decoded]
    signed = []
    for position, data, (submitter, signature) in zip(positions, unknown, signatures, strict=True):
        if submitter is not None and signature is not None:
            # With `signature` nil (0xc0) in place of its bin8, the encoding is the signed payload.
            payload = data[:-_SIGNATURE_TAIL] + _NIL
            signed.append((first_leaf_index + position, submitter, payload, signature))
        elif len(known) < _MAX_KNOWN_SHAPES and (end := _DIGEST_END.get(data[:4])) is not None:
            known.add(data[:4] + data[end:])
    return signed


def _decode(data: bytes, leaf_index: int) -> Entry:
    try:
        return Entry.decode(data)
    except DecodeError as err:
        raise DecodeError(f"the entry at leaf index {leaf_index} is not canonical: {err}") from err


@dataclass(frozen=True, slots=True)
class ReplayState:
    """Where a replay stopped: the signed tip and the compact range, O(log n) hashes.

    `entry_ids_sha256` binds the file of entry ids kept beside the state (their concatenation,
    in no particular order), which a resumed replay needs to refuse an entry committed twice.
    """

    genesis_hash: bytes
    tip: Header | None
    tip_commit: Commit | None  # the commit the source served with the tip
    compact_range: tuple[bytes, ...]
    entry_ids_sha256: bytes
    validator_history: bytes = b""  # ValidatorHistory.encode(); empty: no change so far

    def __post_init__(self) -> None:
        check_bytes(self.genesis_hash, "ReplayState.genesis_hash", HASH_SIZE)
        check_bytes(self.entry_ids_sha256, "ReplayState.entry_ids_sha256", HASH_SIZE)
        if (self.tip is None) != (self.tip_commit is None):
            raise DecodeError("an audit state holds both the tip header and its commit, or neither")
        tip, commit = self.tip, self.tip_commit
        if tip is not None and commit is not None and commit.block_hash != tip.hash():
            raise DecodeError("the audit state's tip commit is not for its tip header")
        if len(self.compact_range) != self.ledger_size.bit_count():
            raise DecodeError(
                f"a compact range of a ledger of {self.ledger_size} entries holds "
                f"{self.ledger_size.bit_count()} hashes, the state has {len(self.compact_range)}"
            )
        expected = EMPTY_ROOT if self.tip is None else self.tip.ledger_root
        if root_of_compact_range(self.compact_range) != expected:
            raise DecodeError("the audit state's compact range does not give its tip's ledger root")

    @property
    def height(self) -> int:
        """Height of the last block replayed (0 before the first)."""
        return 0 if self.tip is None else self.tip.height

    @property
    def ledger_size(self) -> int:
        """Entries in the ledger after the last block replayed."""
        return 0 if self.tip is None else self.tip.ledger_size


class Replayer:
    """Checks the blocks of one ledger, in order, from genesis or from a saved state."""

    def __init__(
        self, genesis: Genesis, state: ReplayState | None = None, entry_ids: bytes = b""
    ) -> None:
        """Start at genesis, or after the state's tip.

        `entry_ids` is the file the state binds. Raises ChainBroken if the state is for another
        chain or its tip commit does not verify, DecodeError if `entry_ids` is not the state's.
        """
        self.genesis_hash = genesis.hash()
        self.chain_id = genesis.chain_id
        state = state or ReplayState(self.genesis_hash, None, None, (), sha256(b"").digest())
        if state.genesis_hash != self.genesis_hash:
            raise ChainBroken(
                f"the audit state is for chain {state.genesis_hash.hex()[:16]}, the genesis "
                f"given is {self.genesis_hash.hex()[:16]}"
            )
        if len(entry_ids) != HASH_SIZE * state.ledger_size or (
            sha256(entry_ids).digest() != state.entry_ids_sha256
        ):
            raise DecodeError("the entry ids file is not the one the audit state names")
        self.history = ValidatorHistory.starting(genesis.chain_id, genesis.validator_set)
        if state.validator_history:
            self.history = ValidatorHistory.decode(
                state.validator_history, genesis.chain_id, genesis.validator_set
            )
        if state.tip is not None and state.tip_commit is not None:
            verify_commit(state.tip_commit, state.tip, self.history.at(state.tip.height))
        self.tip, self._tip_commit = state.tip, state.tip_commit
        self._tip_hash = ZERO_HASH if state.tip is None else state.tip.hash()
        self._range = list(state.compact_range)
        self._seen = {entry_ids[i : i + HASH_SIZE] for i in range(0, len(entry_ids), HASH_SIZE)}
        self._known_shapes: set[bytes] = set()  # see submitter_signatures

    @property
    def height(self) -> int:
        """Height of the last block replayed (0 before the first)."""
        return 0 if self.tip is None else self.tip.height

    @property
    def ledger_size(self) -> int:
        """Entries replayed so far, from genesis."""
        return 0 if self.tip is None else self.tip.ledger_size

    def copy(self) -> "Replayer":
        """An independent replayer in the same state (to follow a fork separately)."""
        twin = copy(self)
        twin._range, twin._seen = list(self._range), set(self._seen)
        return twin

    def snapshot(self) -> tuple[ReplayState, bytes]:
        """The state to save, and the entry ids file it binds."""
        ids = b"".join(self._seen)
        compact_range = tuple(self._range)
        history = self.history.encode() if len(self.history.epochs) > 1 else b""
        return ReplayState(
            self.genesis_hash,
            self.tip,
            self._tip_commit,
            compact_range,
            sha256(ids).digest(),
            history,
        ), ids

    def is_tip(self, header: Header) -> bool:
        """True if `header` is the last block replayed, or the one the saved state ends with."""
        return self.tip is not None and header.hash() == self._tip_hash

    def apply(self, block: Block, commit: Commit) -> None:
        """Check `block`, finalized by `commit`, as the next block; then take it.

        Raises ReplayError naming the height and the failed check; the replayer is unchanged.
        """
        header = block.header
        self._check_header(header)
        self._check_commits(block, commit)
        leaf_hashes = self._check_entries(block)
        compact_range = extend_compact_range(self._range, self.ledger_size, leaf_hashes)
        root = root_of_compact_range(compact_range)
        if root != header.ledger_root:
            raise ReplayError(
                header.height,
                "ledger_root",
                f"the ledger's {header.ledger_size} entries give root {root.hex()}, the signed "
                f"header says {header.ledger_root.hex()}: an entry of this block was altered, "
                "added or removed",
            )
        self._seen.update(leaf_hashes)
        self._range = compact_range
        self.tip, self._tip_hash, self._tip_commit = header, header.hash(), commit
        # Only an encoding holding the kind string can be a governance entry: decode just those.
        governance = [Entry.decode(data) for data in block.entries if _GOVERNANCE in data]
        if governance:
            self.history = self.history.after_block(header.height, governance)

    def _check_header(self, header: Header) -> None:
        height = self.height + 1
        if header.height != height:
            detail = (
                f"block {height} is missing: the source went on with block {header.height}"
                if header.height > height
                else f"the source sent block {header.height} again after block {self.height}"
            )
            raise ReplayError(height, "height", detail)
        validators = self.history.at(height)
        expected = {
            "chain_id": self.chain_id,
            "prev_hash": self._tip_hash,
            # The sets governance entries scheduled (ledger/governance.py).
            "validators_hash": validators.hash(),
            "next_validators_hash": self.history.at(height + 1).hash(),
            "ledger_size": self.ledger_size + header.entries_count,
        }
        for name, value in expected.items():
            found = getattr(header, name)
            if found != value:
                shown = [v.hex() if isinstance(v, bytes) else repr(v) for v in (found, value)]
                raise ReplayError(height, name, f"header {name} is {shown[0]}, expected {shown[1]}")
        if validators.index_of(header.proposer) is None:
            raise ReplayError(
                height, "proposer", f"proposer {header.proposer.hex()} is no validator"
            )
        if self.tip is not None and header.time_ms <= self.tip.time_ms:
            raise ReplayError(
                height,
                "time",
                f"block time {header.time_ms} ms is not after block {self.tip.height}'s "
                f"{self.tip.time_ms} ms: time went backwards",
            )

    def _check_commits(self, block: Block, commit: Commit) -> None:
        header, last = block.header, block.last_commit
        expected = ZERO_HASH if last is None else last.hash()
        if header.last_commit_hash != expected:
            raise ReplayError(
                header.height,
                "last_commit_hash",
                f"header last_commit_hash is {header.last_commit_hash.hex()}, the commit the "
                f"block carries hashes to {expected.hex()}",
            )
        # The carried commit is often the one already checked with the previous block.
        if last is not None and self.tip is not None and last != self._tip_commit:
            self._verify_commit(header.height, "last_commit", last, self.tip)
        self._verify_commit(header.height, "commit", commit, header)

    def _verify_commit(self, height: int, check: str, commit: Commit, header: Header) -> None:
        try:
            verify_commit(commit, header, self.history.at(header.height))
        except LedgerError as err:
            raise ReplayError(height, check, str(err)) from err

    def _check_entries(self, block: Block) -> list[bytes]:
        header = block.header
        first = header.ledger_size - header.entries_count
        try:
            signed = submitter_signatures(block.entries, first, self._known_shapes)
        except DecodeError as err:
            raise ReplayError(header.height, "entry_encoding", str(err)) from err
        for leaf_index, submitter, payload, signature in signed:
            try:
                verify_signature(submitter, ENTRY_SIGNATURE_TAG, payload, signature)
            except SignatureError as err:
                raise ReplayError(
                    header.height, "entry_signature", f"the entry at leaf index {leaf_index}: {err}"
                ) from err
        leaf_hashes = hashing.leaf_hashes(block.entries)
        if len(set(leaf_hashes)) != len(leaf_hashes) or not self._seen.isdisjoint(leaf_hashes):
            raise ReplayError(header.height, "duplicate_entry", self._duplicate(leaf_hashes, first))
        return leaf_hashes

    def _duplicate(self, leaf_hashes: list[bytes], first: int) -> str:
        in_block: set[bytes] = set()
        for offset, entry_id in enumerate(leaf_hashes):
            where = "in an earlier block" if entry_id in self._seen else "earlier in this block"
            if entry_id in self._seen or entry_id in in_block:
                return f"entry {entry_id.hex()} at leaf index {first + offset} is also {where}"
            in_block.add(entry_id)
        raise ValueError("no entry id repeats")  # unreachable: called only on a repeat
