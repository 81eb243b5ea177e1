"""The restore mark: a file in a node's data folder saying its store came from a backup, so
that the node holds its signatures until it has caught up (node/consensus/signing_hold.py).

`cunzheng restore` writes it before the restored store is moved into place; the node removes
it once the hold has ended, so a later restart signs at once. An operator removes it by hand
only when sure that this validator signed nothing since the backup was taken
(docs/consensus.md, "After a restore").
"""

import os
from pathlib import Path

from cunzheng.ledger.files import write_atomically

MARK_NAME = "restored"
MARK_TEXT = (
    "This node's store was restored from a backup. Until it holds a block above the height\n"
    "the network had committed and above its signing guard's record, it signs nothing; then\n"
    "the node deletes this file. See docs/consensus.md, 'After a restore'.\n"
)


def write_restore_mark(data_dir: Path) -> None:
    """Write the mark into `data_dir` (created if missing), durably; raises OSError."""
    data_dir.mkdir(parents=True, exist_ok=True)
    write_atomically(data_dir / MARK_NAME, MARK_TEXT.encode("utf-8"), mode=0o600)


def restore_marked(data_dir: Path) -> bool:
    """Whether `data_dir` holds the mark."""
    return (data_dir / MARK_NAME).exists()


def remove_restore_mark(data_dir: Path) -> None:
    """Delete the mark, durably (the folder is synced); raises OSError."""
    (data_dir / MARK_NAME).unlink(missing_ok=True)
    folder = os.open(data_dir, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
