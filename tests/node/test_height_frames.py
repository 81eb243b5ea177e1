"""node/p2p/height_frames.py: the frames of the height being decided, and their file."""

from pathlib import Path

import pytest

from cunzheng.node.p2p import height_frames
from cunzheng.node.p2p.height_frames import MAX_PEER_FRAMES, HeightFrames


def test_own_frames_by_round_and_peer_frames_first_come() -> None:
    frames = HeightFrames()
    frames.add_own(5, 0, b"own-0")
    frames.add_own(5, 1, b"own-1a")
    frames.add_own(5, 1, b"own-1b")
    frames.add_peer(5, (0, 1, 2), b"peer")
    frames.add_peer(5, (0, 1, 2), b"equivocation")  # the first of a key is kept
    assert frames.own(5, latest_round_only=True) == [b"own-1a", b"own-1b"]
    assert frames.own(5, latest_round_only=False) == [b"own-0", b"own-1a", b"own-1b"]
    assert frames.peers(5) == [b"peer"]
    assert frames.own(6, latest_round_only=False) == [] and frames.peers(4) == []
    frames.add_peer(6, (0, 1, 2), b"next height")  # a later height forgets the earlier
    assert frames.peers(6) == [b"next height"] and frames.own(6, latest_round_only=False) == []


def test_peer_frames_are_bounded() -> None:
    frames = HeightFrames()
    for n in range(MAX_PEER_FRAMES + 10):
        frames.add_peer(1, (n, 1, 0), bytes([n % 256]))
    assert len(frames.peers(1)) == MAX_PEER_FRAMES


def test_a_restart_reads_back_the_frames_of_the_same_height(tmp_path: Path) -> None:
    path = tmp_path / "height_frames"
    first = HeightFrames(path)
    first.add_own(3, 0, b"a prevote of ours")
    first.add_peer(3, (0, 1, 1), b"a peer's prevote")
    first.add_peer(3, (0, 1, 1), b"a second one, not kept")
    first.close()

    second = HeightFrames(path)
    assert second.saved(3) == [b"a prevote of ours", b"a peer's prevote"]
    assert second.saved(4) == []
    # Deciding the same height again keeps what was saved, and adds to it.
    second.add_own(3, 1, b"a precommit of ours")
    second.add_peer(3, (0, 1, 1), b"a peer's prevote", saved=True)  # already in the file
    second.close()
    assert HeightFrames(path).saved(3) == [
        b"a prevote of ours",
        b"a peer's prevote",
        b"a precommit of ours",
    ]


def test_a_new_height_starts_the_file_again(tmp_path: Path) -> None:
    path = tmp_path / "height_frames"
    frames = HeightFrames(path)
    frames.add_peer(3, (0, 1, 1), b"old")
    frames.add_peer(4, (0, 1, 1), b"new")
    frames.close()
    reread = HeightFrames(path)
    assert reread.saved(3) == [] and reread.saved(4) == [b"new"]


def test_a_write_cut_short_and_a_foreign_file_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "height_frames"
    frames = HeightFrames(path)
    frames.add_peer(7, (0, 1, 1), b"whole")
    frames.add_peer(7, (0, 2, 1), b"cut short by a crash")
    frames.close()
    path.write_bytes(path.read_bytes()[:-3])
    assert HeightFrames(path).saved(7) == [b"whole"]
    path.write_bytes(b"not a frames file at all")
    assert HeightFrames(path).saved(7) == []
    assert HeightFrames(tmp_path / "missing").saved(0) == []


def test_a_file_that_cannot_be_written_only_stops_the_saving(tmp_path: Path) -> None:
    frames = HeightFrames(tmp_path)  # a directory: opening it for writing fails
    frames.add_peer(2, (0, 1, 1), b"kept in memory")
    assert frames.peers(2) == [b"kept in memory"]


def test_the_file_stops_growing_at_its_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(height_frames, "MAX_FILE_BYTES", 12 + 2 * (4 + 100))
    path = tmp_path / "height_frames"
    frames = HeightFrames(path)
    for n in range(4):
        frames.add_own(1, n, bytes([n]) * 100)
    frames.close()
    assert HeightFrames(path).saved(1) == [bytes([0]) * 100, bytes([1]) * 100]
    assert len(frames.own(1, latest_round_only=False)) == 4  # memory keeps them all
