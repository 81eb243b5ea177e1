"""The signed proposals and votes of the height being decided, kept as frames to send again.

A node sends its own messages once, to every connected peer, and again to a peer that may
have missed them (node/p2p/gossip.py). It also keeps the peers' votes it verified and counted:
the liveness argument of arXiv 1807.04938 (§2) assumes that a message one correct validator
received reaches every correct validator. Without relaying, one Byzantine validator can stall
a consortium of four: it sends its precommit to one honest validator only, which sees a quorum
of precommits and moves to the next round, while the two others wait in the round before,
one precommit short, and one validator in the next round is too few to pull them forward. So
while a height makes no progress, the peers' votes are sent on too.

A restart must not lose them either: the validator that alone saw the Byzantine precommit may
crash and come back in the next round, and then nobody holds it. So every frame kept is also
appended to a file, which holds the frames of one height (up to MAX_FILE_BYTES); the next
run reads it back (`saved`) and counts them again. The file is not fsynced: these frames only
help liveness, and a write cut short by a crash is dropped when the file is read.
"""

import logging
import struct
from collections.abc import Hashable
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

MAX_OWN_FRAMES = 64  # our own messages of one height (three a round)
MAX_PEER_FRAMES = 512  # the peers' votes of one height, first come
MAX_FILE_BYTES = 64 << 20  # our proposals may be as large as a block
_MAGIC = b"CZHF"
_HEADER = struct.Struct(">4sQ")  # magic, height
_LENGTH = struct.Struct(">I")


def _read_saved(path: Path) -> tuple[int, list[bytes]]:
    """(height, frames) of the file at `path`; (0, []) if there is none or it is not one."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return 0, []
    except OSError as err:
        log.warning("cannot read the saved consensus messages %s: %s", path, err)
        return 0, []
    if len(data) < _HEADER.size or data[:4] != _MAGIC:
        return 0, []
    _, height = _HEADER.unpack_from(data)
    frames, offset = [], _HEADER.size
    while offset + _LENGTH.size <= len(data):
        (size,) = _LENGTH.unpack_from(data, offset)
        start = offset + _LENGTH.size
        if start + size > len(data):
            break  # a write cut short
        frames.append(data[start : start + size])
        offset = start + size
    return height, frames


class HeightFrames:
    """Frames of one height: ours by round, the peers' by (round, kind, author); appended to
    the file at `path`, if given."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._saved_height, self._saved = (0, []) if path is None else _read_saved(path)
        self._file: BinaryIO | None = None
        self._file_bytes = 0
        self._height = 0
        self._own: list[tuple[int, bytes]] = []
        self._peers: dict[Hashable, bytes] = {}

    def saved(self, height: int) -> list[bytes]:
        """The frames an earlier run kept for `height` (none if it kept another height)."""
        return list(self._saved) if height == self._saved_height else []

    def add_own(self, height: int, round_: int, frame: bytes) -> None:
        """A message we signed for `height` in `round_`; a later height forgets the earlier."""
        self._at(height)
        self._own.append((round_, frame))
        del self._own[:-MAX_OWN_FRAMES]
        self._append(frame)

    def add_peer(self, height: int, key: Hashable, frame: bytes, *, saved: bool = False) -> None:
        """A peer's message for `height`, verified and counted; `key` names it (round, kind and
        author), and only the first frame of a key is kept (another would be equivocation,
        which the evidence log records). `saved`: it comes from the file, already in it."""
        self._at(height)
        if len(self._peers) < MAX_PEER_FRAMES and key not in self._peers:
            self._peers[key] = frame
            if not saved:
                self._append(frame)

    def own(self, height: int, *, latest_round_only: bool) -> list[bytes]:
        """Our frames for `height` (of its latest round only, if asked)."""
        if height != self._height or not self._own:
            return []
        latest = self._own[-1][0]
        return [frame for round_, frame in self._own if round_ == latest or not latest_round_only]

    def peers(self, height: int) -> list[bytes]:
        """The peers' frames kept for `height`."""
        return list(self._peers.values()) if height == self._height else []

    def close(self) -> None:
        """Close the file."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def _at(self, height: int) -> None:
        if height == self._height:
            return
        self._height, self._own, self._peers = height, [], {}
        if self._path is None:
            return
        self.close()
        try:
            if height == self._saved_height:  # keep what the earlier run saved for it
                self._file = self._path.open("ab", buffering=0)
                self._file_bytes = self._path.stat().st_size
            else:
                self._file = self._path.open("wb", buffering=0)
                self._file_bytes = self._file.write(_HEADER.pack(_MAGIC, height))
                self._saved_height, self._saved = height, []
        except OSError as err:
            self._give_up(err)

    def _append(self, frame: bytes) -> None:
        size = _LENGTH.size + len(frame)
        if self._file is not None and self._file_bytes + size <= MAX_FILE_BYTES:
            try:
                self._file_bytes += self._file.write(_LENGTH.pack(len(frame)) + frame)
            except OSError as err:
                self._give_up(err)

    def _give_up(self, err: OSError) -> None:
        log.warning(
            "cannot save consensus messages to %s (%s); a restart will not count them again",
            self._path,
            err,
        )
        self.close()
        self._path = None
