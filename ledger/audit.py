"""Auditing a ledger from several sources: replay each, compare them height by height.

docs/cli.md, "cunzheng audit": every block of every source (node, store, export
package) is replayed from genesis (ledger/replay.py), and the sources must hold the same
blocks at every height. Sources that agree share one Replayer, so a block served by every
node is replayed once; the sources' own commits (which may hold different quorums) are each
verified. The first height where sources hold different blocks that both replay, each signed
by a quorum, is a fork: the report keeps both signed headers as evidence.

This module also reads and writes the audit state file, so that a later audit checks only
what is new.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cunzheng.ledger.block import Block, Commit, Header
from cunzheng.ledger.compact import root_of_compact_range
from cunzheng.ledger.errors import DecodeError, LedgerError
from cunzheng.ledger.fields import check_fields, check_hex
from cunzheng.ledger.finality import verify_commit
from cunzheng.ledger.hashing import HASH_SIZE
from cunzheng.ledger.replay import Replayer, ReplayError, ReplayState
from cunzheng.ledger.validators import Genesis

STATE_FORMAT = "cunzheng-audit-state"
STATE_VERSION = 1
_STATE_FIELDS = {
    "format",
    "version",
    "genesis_hash",
    "height",
    "tip_hash",
    "ledger_size",
    "ledger_root",
    "last_time_ms",
    "compact_range",
    "tip_header",
    "tip_commit",
    "entry_ids_sha256",
    "validator_history",  # absent from states written before governance: no change then
}


def state_to_json(state: ReplayState) -> dict[str, Any]:
    """The audit state file's JSON object: bytes as hex, with redundant fields for a reader
    (height, tip_hash, ledger_size, ledger_root, last_time_ms) that state_from_json checks."""
    tip, commit = state.tip, state.tip_commit
    return {
        "format": STATE_FORMAT,
        "version": STATE_VERSION,
        "genesis_hash": state.genesis_hash.hex(),
        "height": state.height,
        "tip_hash": None if tip is None else tip.hash().hex(),
        "ledger_size": state.ledger_size,
        "ledger_root": root_of_compact_range(state.compact_range).hex(),
        "last_time_ms": None if tip is None else tip.time_ms,
        "compact_range": [subtree.hex() for subtree in state.compact_range],
        "tip_header": None if tip is None else tip.encode().hex(),
        "tip_commit": None if commit is None else commit.encode().hex(),
        "entry_ids_sha256": state.entry_ids_sha256.hex(),
        "validator_history": state.validator_history.hex(),
    }


def state_from_json(obj: Any) -> ReplayState:
    """Parse an audit state file's JSON.

    Raises DecodeError if it is malformed, of another format or version, or self-contradictory
    (a redundant field edited, a compact range that does not give the tip's root).
    """
    check_fields(obj, "audit state", _STATE_FIELDS, _STATE_FIELDS - {"validator_history"})
    obj = {"validator_history": "", **obj}
    if obj["format"] != STATE_FORMAT or obj["version"] != STATE_VERSION:
        raise DecodeError(
            f"not a version {STATE_VERSION} {STATE_FORMAT} file "
            f"(format {obj['format']!r}, version {obj['version']!r})"
        )
    if not isinstance(obj["compact_range"], list):
        raise DecodeError("audit state compact_range must be a list of hex hashes")
    header = check_hex(obj["tip_header"], "tip_header", optional=True)
    commit = check_hex(obj["tip_commit"], "tip_commit", optional=True)
    state = ReplayState(
        check_hex(obj["genesis_hash"], "genesis_hash", HASH_SIZE) or b"",
        None if header is None else Header.decode(header),
        None if commit is None else Commit.decode(commit),
        tuple(check_hex(h, "compact_range hash", HASH_SIZE) or b"" for h in obj["compact_range"]),
        check_hex(obj["entry_ids_sha256"], "entry_ids_sha256", HASH_SIZE) or b"",
        check_hex(obj["validator_history"], "validator_history") or b"",
    )
    if state_to_json(state) != obj:
        raise DecodeError(
            "the audit state's height, tip_hash, ledger_size, ledger_root or last_time_ms "
            "disagree with its tip header; the file was edited"
        )
    return state


class LedgerRewritten(ReplayError):
    """A source whose block at the saved state's height is not the one audited before."""

    def __init__(self, saved: Header, found: Header) -> None:
        self.saved, self.found = saved, found
        super().__init__(
            saved.height,
            "saved_state",
            f"the ledger was rewritten after your last audit: the saved state holds block "
            f"{saved.hash().hex()}, the source now holds block {found.hash().hex()}; keep both "
            "signed headers as evidence",
        )


def header_json(header: Header) -> dict[str, Any]:
    """A header as evidence: block hash, fields, and the signed bytes (hex)."""
    return {
        "block_hash": header.hash().hex(),
        "header": header.to_json(),
        "header_bytes": header.encode().hex(),
    }


def failure_json(error: ReplayError) -> dict[str, Any]:
    """A replay failure: height, check, message; both headers when the ledger was rewritten."""
    document: dict[str, Any] = {"height": error.height, "check": error.check, "message": str(error)}
    if isinstance(error, LedgerRewritten):
        document["saved"], document["found"] = header_json(error.saved), header_json(error.found)
    return document


@dataclass(frozen=True, slots=True)
class Version:
    """One of the blocks sources hold at a height of divergence, with the commit served."""

    sources: tuple[str, ...]
    header: Header
    commit: Commit

    def to_json(self) -> dict[str, Any]:
        """Sources, block hash, header and commit (fields and signed bytes, hex)."""
        return {
            "sources": list(self.sources),
            **header_json(self.header),
            "commit": self.commit.to_json(),
            "commit_bytes": self.commit.encode().hex(),
        }


@dataclass(frozen=True, slots=True)
class Divergence:
    """Sources holding different blocks at one height, each block replayed and signed by a
    quorum: a fork, which the consensus allows only if more than 1/3 of the power is faulty."""

    height: int
    versions: tuple[Version, ...]

    def to_json(self) -> dict[str, Any]:
        """Height and every version, as evidence."""
        return {"height": self.height, "versions": [v.to_json() for v in self.versions]}


@dataclass
class _Branch:
    """Sources that have agreed at every height so far, and their shared replayer."""

    replayer: Replayer
    sources: list[str] = field(default_factory=list)


Offer = tuple[str, Block, Commit]


class CrossCheck:
    """Several sources of one ledger, replayed in step and compared at every height."""

    def __init__(
        self,
        genesis: Genesis,
        sources: Sequence[str],
        state: ReplayState | None = None,
        entry_ids: bytes = b"",
    ) -> None:
        """Start every source at genesis, or after the saved `state` (see Replayer)."""
        replayer = Replayer(genesis, state, entry_ids)
        self.chain_id = genesis.chain_id
        self._branches = [_Branch(replayer, list(sources))]
        self.tips: dict[str, Header | None] = {name: replayer.tip for name in sources}
        self.failures: dict[str, ReplayError] = {}
        self.divergence: Divergence | None = None
        self.blocks_replayed = self.entries_replayed = 0  # each distinct block counted once

    def live(self) -> list[str]:
        """Sources still being replayed, in the order given."""
        return [name for name in self.tips if any(name in b.sources for b in self._branches)]

    def replayers(self) -> list[Replayer]:
        """One replayer per branch: one in all unless sources diverged."""
        return [branch.replayer for branch in self._branches]

    def fail(self, source: str, error: ReplayError) -> None:
        """Stop replaying `source`, recording why (for failures found outside a replay)."""
        self.failures[source] = error
        self.finish(source)

    def finish(self, source: str) -> None:
        """Stop replaying `source`: it holds no more blocks."""
        for branch in self._branches:
            if source in branch.sources:
                branch.sources.remove(source)

    def verify_tip(self, source: str, header: Header) -> None:
        """Check a resumed source's block at the saved height; fail the source if rewritten."""
        for branch in self._branches:
            tip = branch.replayer.tip
            if source in branch.sources and tip is not None and not branch.replayer.is_tip(header):
                self.fail(source, LedgerRewritten(tip, header))

    def step(self, blocks: Mapping[str, tuple[Block, Commit]]) -> None:
        """Replay the next block of each live source named in `blocks`, and compare them.

        Every live source must be in `blocks` or be finished before. Failures are recorded
        in `failures`, the first fork in `divergence`; nothing is raised.
        """
        branches = []
        for branch in self._branches:
            offers = [(name, *blocks[name]) for name in branch.sources if name in blocks]
            branches.extend(self._step_branch(branch, offers) if offers else [branch])
        self._branches = branches

    def _step_branch(self, branch: _Branch, offers: list[Offer]) -> list[_Branch]:
        groups: dict[tuple[bytes, tuple[bytes, ...]], list[Offer]] = {}
        for offer in offers:
            block = offer[1]
            groups.setdefault((block.header.hash(), block.entries), []).append(offer)
        pristine = branch.replayer.copy() if len(groups) > 1 else branch.replayer
        taken = False
        survivors: list[tuple[_Branch, Version]] = []
        for members in groups.values():
            # A replay that fails leaves its replayer unchanged, so the next group may use it.
            replayer = pristine.copy() if taken else branch.replayer
            agreed, applied = self._replay_group(replayer, members)
            if applied is not None:
                taken = True
                version = Version(tuple(agreed), members[0][1].header, applied)
                survivors.append((_Branch(replayer, agreed), version))
        if len(survivors) > 1 and self.divergence is None:
            height = offers[0][1].header.height
            self.divergence = Divergence(height, tuple(version for _, version in survivors))
        return [b for b, _ in survivors]

    def _replay_group(
        self, replayer: Replayer, members: list[Offer]
    ) -> tuple[list[str], Commit | None]:
        """Replay one block that these sources all hold. Returns the sources whose commit is
        good, and the commit the block was replayed with (None if the block failed)."""
        applied: Commit | None = None
        agreed: list[str] = []
        for name, block, commit in members:
            try:
                if applied is None:
                    replayer.apply(block, commit)
                    applied = commit
                    self.blocks_replayed += 1
                    self.entries_replayed += len(block.entries)
                elif commit != applied:
                    self._verify_other_commit(replayer, block.header, commit)
            except ReplayError as err:
                self.failures[name] = err
                if err.check != "commit":  # the block itself is bad, for every source
                    for other, _, _ in members:
                        self.failures.setdefault(other, err)
                    return [], None
                continue
            agreed.append(name)
            self.tips[name] = block.header
        return agreed, applied

    def report(self, names: Sequence[str], unavailable: Mapping[str, str]) -> dict[str, Any]:
        """The JSON report: result, each source (in `names` order; `unavailable` maps those
        never read to why), the first divergence, and what was replayed."""
        highest = max((tip.height for tip in self.tips.values() if tip), default=0)
        failed = bool(unavailable or self.failures or self.divergence)
        return {
            "result": "failed" if failed else "ok",
            "chain_id": self.chain_id,
            "highest": highest,
            "sources": [self._source_json(name, unavailable.get(name), highest) for name in names],
            "divergence": None if self.divergence is None else self.divergence.to_json(),
            "replayed": {"blocks": self.blocks_replayed, "entries": self.entries_replayed},
        }

    def _source_json(self, name: str, unavailable: str | None, highest: int) -> dict[str, Any]:
        tip, failure = self.tips.get(name), self.failures.get(name)
        height = 0 if tip is None else tip.height
        return {
            "source": name,
            "result": "unavailable" if unavailable else "failed" if failure else "ok",
            "height": None if unavailable else height,
            "lag": None if unavailable else highest - height,
            "ledger_size": None if tip is None else tip.ledger_size,
            "ledger_root": None if tip is None else tip.ledger_root.hex(),
            "tip_hash": None if tip is None else tip.hash().hex(),
            "failure": None if failure is None else failure_json(failure),
            "unavailable": unavailable,
        }

    @staticmethod
    def _verify_other_commit(replayer: Replayer, header: Header, commit: Commit) -> None:
        try:
            verify_commit(commit, header, replayer.history.at(header.height))
        except LedgerError as err:
            raise ReplayError(header.height, "commit", str(err)) from err
