"""Tests for node/consensus/signing_guard.py and its file (node/guard_file.py):
docs/consensus.md, "The signing guard"."""

from pathlib import Path

import pytest

from cunzheng.node.consensus.signing_guard import (
    MAX_SIGNED_PER_HEIGHT,
    PRECOMMIT_STEP,
    PREVOTE_STEP,
    PROPOSAL_STEP,
    GuardRecord,
    LockState,
    SigningGuard,
)
from cunzheng.node.errors import ConsensusViolation
from cunzheng.node.guard_file import FileGuardStorage
from tests.node.sim_app import START_MS, FakeApp, MemoryGuardStorage, ordered_keys

LOCK = LockState(5, 2).encode()


def test_refuses_anything_lower_and_equal_with_other_bytes() -> None:
    guard = SigningGuard(MemoryGuardStorage())
    guard.check_and_record(5, 2, PREVOTE_STEP, b"prevote", LOCK)
    for height, round_, step in [(4, 9, PRECOMMIT_STEP), (5, 1, PRECOMMIT_STEP), (5, 2, 0)]:
        with pytest.raises(ConsensusViolation, match="already signed height 5 round 2"):
            guard.check_and_record(height, round_, step, b"x", LOCK)
    with pytest.raises(ConsensusViolation, match="other bytes"):
        guard.check_and_record(5, 2, PREVOTE_STEP, b"another prevote", LOCK)
    guard.check_and_record(5, 2, PREVOTE_STEP, b"prevote", LOCK)  # the same bytes again: fine
    guard.check_and_record(5, 2, PRECOMMIT_STEP, b"precommit", LOCK)
    guard.check_and_record(5, 3, PROPOSAL_STEP, b"proposal", LOCK)
    guard.check_and_record(6, 0, PREVOTE_STEP, b"next height", LOCK)
    with pytest.raises(ConsensusViolation, match="unknown signing step"):
        guard.check_and_record(7, 0, 3, b"x", LOCK)


def test_a_refusal_records_nothing() -> None:
    storage = MemoryGuardStorage()
    guard = SigningGuard(storage)
    guard.check_and_record(5, 2, PREVOTE_STEP, b"prevote", LOCK)
    before = storage.data
    with pytest.raises(ConsensusViolation):
        guard.check_and_record(5, 2, PREVOTE_STEP, b"equivocation", LOCK)
    assert storage.data == before


def test_the_record_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "signing_guard"
    app = FakeApp(ordered_keys(4)[0])
    block = app.propose_block(1, START_MS, None, bytes(32))
    lock = LockState(1, 3, 2, block, 3, block)
    SigningGuard(FileGuardStorage(path)).check_and_record(
        1, 3, PRECOMMIT_STEP, b"precommit", lock.encode()
    )
    assert not list(tmp_path.glob(".*.tmp"))  # written through a temporary file, renamed
    reopened = SigningGuard(FileGuardStorage(path))
    assert reopened.load() == GuardRecord(1, 3, PRECOMMIT_STEP, b"precommit", lock.encode())
    assert reopened.restored_lock_state() == lock
    with pytest.raises(ConsensusViolation):
        reopened.check_and_record(1, 3, PREVOTE_STEP, b"prevote", lock.encode())
    reopened.check_and_record(1, 3, PRECOMMIT_STEP, b"precommit", lock.encode())


def test_a_new_guard_has_no_record(tmp_path: Path) -> None:
    guard = SigningGuard(FileGuardStorage(tmp_path / "signing_guard"))
    assert guard.load() is None and guard.restored_lock_state() is None
    guard.check_and_record(1, 0, PROPOSAL_STEP, b"first", LOCK)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-1],  # truncated
        lambda data: data[:20] + bytes([data[20] ^ 1]) + data[21:],  # one bit flipped
        lambda data: b"",
        lambda data: b"\xc1garbage",
    ],
)
def test_a_corrupt_guard_file_is_a_clear_error(tmp_path: Path, damage: object) -> None:
    path = tmp_path / "signing_guard"
    SigningGuard(FileGuardStorage(path)).check_and_record(5, 2, PREVOTE_STEP, b"vote", LOCK)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    with pytest.raises(ConsensusViolation, match=r"corrupt.*refusing to sign.*backup"):
        SigningGuard(FileGuardStorage(path))


def test_a_corrupt_lock_state_is_a_clear_error() -> None:
    guard = SigningGuard(MemoryGuardStorage())
    guard.check_and_record(5, 2, PREVOTE_STEP, b"vote", b"not a lock state")
    with pytest.raises(ConsensusViolation, match=r"lock state .* corrupt"):
        guard.restored_lock_state()


def test_an_unwritable_guard_refuses_to_sign(tmp_path: Path) -> None:
    guard = SigningGuard(FileGuardStorage(tmp_path / "missing" / "signing_guard"))
    with pytest.raises(ConsensusViolation, match="refusing to sign"):
        guard.check_and_record(1, 0, PREVOTE_STEP, b"vote", LOCK)
    assert guard.load() is None


def test_the_record_keeps_what_was_signed_at_its_height() -> None:
    """After a restart the driver resends these: peers may never have received them."""
    guard = SigningGuard(MemoryGuardStorage())
    signed = [(0, PROPOSAL_STEP, b"p0"), (0, PREVOTE_STEP, b"v0"), (1, PRECOMMIT_STEP, b"c1")]
    for round_, step, payload in signed:
        guard.check_and_record(5, round_, step, payload, LOCK)
        guard.check_and_record(5, round_, step, payload, LOCK)  # a resend adds nothing
    record = guard.load()
    assert record is not None and record.signed() == tuple(signed)
    guard.check_and_record(6, 0, PREVOTE_STEP, b"next", LOCK)
    assert guard.load() == GuardRecord(6, 0, PREVOTE_STEP, b"next", LOCK)


def test_the_record_of_a_height_is_bounded() -> None:
    guard = SigningGuard(MemoryGuardStorage())
    for round_ in range(MAX_SIGNED_PER_HEIGHT + 10):
        guard.check_and_record(1, round_, PREVOTE_STEP, round_.to_bytes(2, "big"), LOCK)
    record = guard.load()
    assert record is not None and len(record.signed()) == MAX_SIGNED_PER_HEIGHT
    assert record.signed()[-1][0] == MAX_SIGNED_PER_HEIGHT + 9
