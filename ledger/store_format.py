"""Store format versions: which layout of records a LevelDB block store holds, and the
migrations from one to the next (docs/storage-and-proofs.md, "Store format versions").

A store records its format under the key `f` (ledger/store_keys.py) when it is created. A
store without that key is format 0, as every release before format versions wrote it. A
release opens stores of its own format only: an older store is brought up to date by
`cunzheng migrate`, never behind the operator's back, so that a node upgraded by mistake does
not rewrite a store its old release could still have used; a newer store is refused, since
nothing here knows what that release changed.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from cunzheng.ledger import store_keys
from cunzheng.ledger.errors import LedgerError

CURRENT = 1
UNVERSIONED = 0  # what a store without the format key is


class StoreFormatError(LedgerError):
    """A store of another format than this release's; the message says what to do."""

    def __init__(self, message: str, *, path: Path, found: int) -> None:
        super().__init__(message)
        self.path, self.found = path, found


def _stamp_only(batch: Any) -> None:
    """0 → 1: the records are laid out as before; the store only gains its format key."""


# MIGRATIONS[n] turns a format-n store into a format-(n + 1) one, writing into one batch that
# also records the new format, so that a crash leaves the store at n or at n + 1.
MIGRATIONS: dict[int, Callable[[Any], None]] = {0: _stamp_only}


def format_of(db: Any) -> int:
    """The format of the open LevelDB store `db`."""
    stored = db.get(store_keys.FORMAT)
    return UNVERSIONED if stored is None else store_keys.read_u64(stored)


def format_record() -> tuple[bytes, bytes]:
    """The (key, value) a new store is created with."""
    return store_keys.FORMAT, store_keys.u64(CURRENT)


def verify_format(db: Any, path: Path) -> None:
    """Raise StoreFormatError unless the store `db` at `path` is of this release's format,
    saying whether to migrate it or to run a newer release."""
    found = format_of(db)
    if found > CURRENT:
        raise StoreFormatError(
            f"store {path} has format {found}, written by a newer release; this release "
            f"reads format {CURRENT}: run that release or a newer one (a store is never "
            "migrated back)",
            path=path,
            found=found,
        )
    if found < CURRENT:
        raise StoreFormatError(
            f"store {path} has format {found}, from an earlier release; this release reads "
            f"format {CURRENT}: stop the node, take a backup, and run "
            "`cunzheng migrate --home DIR` on its home",
            path=path,
            found=found,
        )


def migrate(db: Any, path: Path) -> tuple[int, int]:
    """Bring the open LevelDB store `db` (at `path`) to format CURRENT, one migration (one
    synced batch) at a time; return (format before, format after). Running it again changes
    nothing. BlockStore.migrate opens the store for it.

    Raises StoreFormatError for a store of a newer format, which is left as it is.
    """
    before = format_of(db)
    if before > CURRENT:
        verify_format(db, path)
    for version in range(before, CURRENT):
        with db.write_batch(sync=True) as batch:
            MIGRATIONS[version](batch)
            batch.put(store_keys.FORMAT, store_keys.u64(version + 1))
    return before, format_of(db)
