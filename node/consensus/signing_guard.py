"""The signing guard: never sign two different messages for one (height, round, step).

docs/consensus.md, "The signing guard": before a signature leaves the node, the (height, round,
step) it signs and the signed bytes are recorded durably, together with the validator's LockState
(node/consensus/state_machine.py), which a restarted validator must not forget either. The guard
refuses anything lower than its record, and anything equal with other bytes; re-signing the very
same bytes (a resend after a restart) is allowed. The record also keeps what was signed earlier at
its height: after a restart the driver signs those bytes again and resends them, as peers may never
have received them (Tendermint replays its WAL for the same reason).
"""

from dataclasses import dataclass
from hashlib import sha256
from typing import Any, Protocol

from cunzheng.ledger import encoding
from cunzheng.ledger.block import MAX_BLOCK_BYTES, PRECOMMIT, PREVOTE, Block, Vote
from cunzheng.ledger.errors import DecodeError
from cunzheng.node.errors import ConsensusViolation

PROPOSAL_STEP, PREVOTE_STEP, PRECOMMIT_STEP = 0, 1, 2  # the order the guard enforces
VERSION = 1
MAX_LOCK_STATE_BYTES = 2 * MAX_BLOCK_BYTES + 64 * 1024
MAX_SIGNED_PER_HEIGHT = 3 * 64  # what the guard keeps to resend after a restart
MAX_RECORD_BYTES = MAX_LOCK_STATE_BYTES + MAX_SIGNED_PER_HEIGHT * 1024


@dataclass(frozen=True, slots=True)
class LockState:
    """What a validator must not forget across a crash: its height and round, its locked
    value and round, its valid value and round (Algorithm 1; -1 and None when unset), and
    the prevotes that made the valid value valid. Those travel with it because peers accept
    a re-proposed value only on seeing its polka (line 28); a restarted validator that could
    no longer show it might hold a lock that nothing can release."""

    height: int
    round: int
    locked_round: int = -1
    locked_block: Block | None = None
    valid_round: int = -1
    valid_block: Block | None = None
    valid_polka: tuple[Vote, ...] = ()  # signed prevotes for valid_block in valid_round

    def __post_init__(self) -> None:
        if self.height < 1 or self.round < 0:
            raise DecodeError(f"LockState height {self.height} round {self.round} is impossible")
        for round_, block in (
            (self.locked_round, self.locked_block),
            (self.valid_round, self.valid_block),
        ):
            if not -1 <= round_ <= self.round or (round_ == -1) != (block is None):
                raise DecodeError(f"LockState round {round_} does not fit its block or round")
            if block is not None and block.header.height != self.height:
                raise DecodeError(f"LockState holds a block of height {block.header.height}")
        valid_hash = None if self.valid_block is None else self.valid_block.header.hash()
        for vote in self.valid_polka:
            if (vote.type, vote.height, vote.round, vote.block_hash) != (
                PREVOTE,
                self.height,
                self.valid_round,
                valid_hash,
            ) or vote.signature is None:
                raise DecodeError("LockState.valid_polka holds a vote that is not in the polka")

    def encode(self) -> bytes:
        """[1, height, round, locked_round, locked_block, valid_round, valid_block,
        valid_polka], blocks and votes as their encodings; valid_block is nil when it is the
        locked block, as it usually is."""
        locked, valid = self.locked_block, self.valid_block
        same = valid is not None and locked is not None and valid.header == locked.header
        return encoding.pack(
            [
                VERSION,
                self.height,
                self.round,
                self.locked_round,
                None if locked is None else locked.encode(),
                self.valid_round,
                None if valid is None or same else valid.encode(),
                [vote.encode() for vote in self.valid_polka],
            ]
        )

    @classmethod
    def decode(cls, data: bytes) -> "LockState":
        """Parse LockState.encode() bytes; raises DecodeError for anything else."""
        value = encoding.unpack(data, max_size=MAX_LOCK_STATE_BYTES)
        fields = encoding.expect_array(value, name="LockState", version=VERSION, fields=8)
        _check_types(fields, "LockState", (int, int, int, bytes | None, int, bytes | None, list))
        locked, valid = (None if f is None else Block.decode(f) for f in (fields[4], fields[6]))
        if valid is None and fields[6] is None and fields[5] >= 0:
            valid = locked
        if not all(isinstance(item, bytes) for item in fields[7]):
            raise DecodeError("LockState.valid_polka must hold vote encodings")
        polka = tuple(Vote.decode(item) for item in fields[7])
        state = cls(fields[1], fields[2], fields[3], locked, fields[5], valid, polka)
        if state.encode() != data:
            raise DecodeError("LockState bytes are not the canonical encoding")
        return state


@dataclass(frozen=True, slots=True)
class GuardRecord:
    """The last signed (height, round, step), its signed bytes, the LockState bytes, and the
    (round, step, signed bytes) of what was signed before at the same height."""

    height: int
    round: int
    step: int
    signed_bytes: bytes
    lock_state: bytes
    earlier: tuple[tuple[int, int, bytes], ...] = ()

    def signed(self) -> tuple[tuple[int, int, bytes], ...]:
        """(round, step, signed bytes) of all this validator signed at `height`, oldest first
        (the last MAX_SIGNED_PER_HEIGHT). After a restart the driver signs these very bytes
        again, which cannot equivocate, and resends them: peers may never have got them, and
        a round cannot end without its votes."""
        return (*self.earlier, (self.round, self.step, self.signed_bytes))

    def encode(self) -> bytes:
        """[1, height, round, step, signed_bytes, lock_state, earlier, sha256 of the rest]:
        the hash catches a flipped bit that could otherwise lower the record."""
        fields = [
            VERSION,
            self.height,
            self.round,
            self.step,
            self.signed_bytes,
            self.lock_state,
            [list(item) for item in self.earlier],
        ]
        return encoding.pack([*fields, sha256(encoding.pack(fields)).digest()])

    @classmethod
    def decode(cls, data: bytes) -> "GuardRecord":
        """Parse GuardRecord.encode() bytes; raises DecodeError for anything else."""
        value = encoding.unpack(data, max_size=MAX_RECORD_BYTES)
        fields = encoding.expect_array(value, name="GuardRecord", version=VERSION, fields=8)
        _check_types(fields, "GuardRecord", (int, int, int, bytes, bytes, list, bytes))
        if sha256(encoding.pack(fields[:7])).digest() != fields[7]:
            raise DecodeError("GuardRecord checksum does not match its contents")
        earlier = []
        for item in fields[6]:
            if not isinstance(item, list) or len(item) != 3:
                raise DecodeError("GuardRecord.earlier items must be [round, step, bytes]")
            _check_types([None, *item], "GuardRecord.earlier item", (int, int, bytes))
            earlier.append((item[0], item[1], item[2]))
        return cls(fields[1], fields[2], fields[3], fields[4], fields[5], tuple(earlier))


def votes_to_resend(
    record: GuardRecord | None, state: LockState
) -> list[tuple[Vote, Block | None]]:
    """The votes `record` says were signed at `state.height`, unsigned and oldest first, each
    with the block a precommit for a block needs for its checkpoint signature.

    Left out: proposals (a restarted validator does not propose again in the round it goes
    on in, and earlier rounds are over), and a precommit for a block that is neither the
    locked nor the valid block of `state`, as peers refuse a precommit for a block without
    its checkpoint signature. Raises DecodeError if a recorded vote does not decode; the record is
    checksummed, so only a bug could cause that.
    """
    if record is None or record.height != state.height:
        return []
    blocks = {b.header.hash(): b for b in (state.locked_block, state.valid_block) if b}
    resend: list[tuple[Vote, Block | None]] = []
    for _, step, payload in record.signed():
        if step == PROPOSAL_STEP:
            continue
        vote = Vote.decode(payload)
        if vote.type == PRECOMMIT and vote.block_hash is not None:
            block = blocks.get(vote.block_hash)
            if block is not None:
                resend.append((vote, block))
        else:
            resend.append((vote, None))
    return resend


def _check_types(fields: list[Any], name: str, types: tuple[Any, ...]) -> None:
    for position, (value, expected) in enumerate(zip(fields[1:], types, strict=True), 1):
        if not isinstance(value, expected):
            raise DecodeError(f"{name} field {position} has type {type(value).__name__}")


def vote_step(vote_type: int) -> int:
    """The signing step of a vote of `vote_type` (PREVOTE or PRECOMMIT)."""
    return PRECOMMIT_STEP if vote_type == PRECOMMIT else PREVOTE_STEP


class GuardStorage(Protocol):
    """Where the guard keeps its one record: a file (node/guard_file.py), or memory in the
    simulation."""

    def read(self) -> bytes | None:
        """The bytes last written, or None if nothing ever was."""
        ...

    def write(self, data: bytes) -> None:
        """Replace the record atomically and durably before returning."""
        ...


class SigningGuard:
    """Refuses to sign what could equivocate; see the module docstring."""

    def __init__(self, storage: GuardStorage) -> None:
        """Load the record; raises ConsensusViolation if it is corrupt (see `load`)."""
        self._storage = storage
        self._last = self.load()

    def load(self) -> GuardRecord | None:
        """The last record (None on a validator that never signed).

        Raises ConsensusViolation if the record is corrupt: starting over without it could
        make the validator equivocate, so the node must not run until it is repaired.
        """
        data = self._storage.read()
        if data is None:
            return None
        try:
            return GuardRecord.decode(data)
        except DecodeError as err:
            raise ConsensusViolation(
                f"the signing guard record in {self._storage!r} is corrupt ({err}); refusing "
                "to sign. Restore it from a backup; move it aside only if this validator has "
                "surely signed nothing at the chain's current height"
            ) from err

    def restored_lock_state(self) -> LockState | None:
        """The LockState recorded with the last signature, or None if there is none."""
        if self._last is None:
            return None
        try:
            return LockState.decode(self._last.lock_state)
        except DecodeError as err:
            raise ConsensusViolation(
                f"the lock state in signing guard {self._storage!r} is corrupt ({err})"
            ) from err

    def check_and_record(
        self, height: int, round_: int, step: int, signed_bytes: bytes, lock_state: bytes
    ) -> None:
        """Record that (height, round_, step) is about to be signed as `signed_bytes`.

        Requires step in (PROPOSAL_STEP, PREVOTE_STEP, PRECOMMIT_STEP). Raises
        ConsensusViolation, recording nothing, if that is lower than the last record, or
        equal with different bytes; otherwise returns once the record is durable.
        """
        if step not in (PROPOSAL_STEP, PREVOTE_STEP, PRECOMMIT_STEP):
            raise ConsensusViolation(f"unknown signing step {step}")
        last = self._last
        if last is not None:
            asked, recorded = (height, round_, step), (last.height, last.round, last.step)
            if asked < recorded:
                raise ConsensusViolation(
                    f"refusing to sign height {height} round {round_} step {step}: this "
                    f"validator already signed height {last.height} round {last.round} step "
                    f"{last.step}; signing lower could equivocate"
                )
            if asked == recorded and signed_bytes != last.signed_bytes:
                raise ConsensusViolation(
                    f"refusing to sign height {height} round {round_} step {step}: this "
                    "validator already signed other bytes for it; that would be equivocation"
                )
        earlier: tuple[tuple[int, int, bytes], ...] = ()
        if last is not None and last.height == height:
            same = (round_, step) == (last.round, last.step)
            earlier = last.earlier if same else last.signed()[1 - MAX_SIGNED_PER_HEIGHT :]
        record = GuardRecord(height, round_, step, signed_bytes, lock_state, earlier)
        if record != last:
            self._storage.write(record.encode())
            self._last = record
