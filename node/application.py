"""The ledger as consensus sees it: building a block to propose, and judging a proposal.

`check_block` is valid(v) (docs/consensus.md, "Valid blocks"): the block extends the last committed
block, its entries decode canonically, carry valid submitter signatures and are new, and its ledger
size and root are what appending them gives.

Entries in the mempool were decoded, verified and found uncommitted on the way in, and the
mempool never holds a committed entry (node/mempool.py), so neither proposing nor checking
looks them up in the store again. A block this node proposed was built from such entries on
the same tip, so once its header checks, its entries are known to check too.
"""

from dataclasses import dataclass

from cunzheng.ledger.block import ZERO_HASH, Block, Commit, Header
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.finality import verify_commit
from cunzheng.ledger.hashing import leaf_hash
from cunzheng.ledger.store import BlockStore
from cunzheng.ledger.validators import ValidatorSet
from cunzheng.node.mempool import Mempool

APP_VERSION = 1


@dataclass(frozen=True, slots=True)
class BlockLimits:
    """How much one block may hold."""

    max_entries: int = 10_000
    max_bytes: int = 16 * 1024 * 1024


class LedgerApplication:
    """Implements consensus.Application over the store and the mempool."""

    def __init__(self, store: BlockStore, mempool: Mempool, limits: BlockLimits) -> None:
        self._store, self._mempool, self._limits = store, mempool, limits
        self._decoded: dict[bytes, list[Entry]] = {}  # block hash → its entries, until commit
        self._proposed: dict[bytes, tuple[bytes, ...]] = {}  # ours: block hash → its entries

    def validators_for(self, height: int) -> tuple[int, ValidatorSet]:
        """The set that decides `height`, and the height from which it does."""
        epoch = self._store.history.epoch_at(height)
        return epoch.since, epoch.validators

    def has_entries(self) -> bool:
        """True when the mempool holds entries to propose."""
        return len(self._mempool) > 0

    def propose_block(
        self, height: int, time_ms: int, last_commit: Commit | None, proposer: bytes
    ) -> Block:
        """A new block of the oldest pending entries on top of the store's tip."""
        store = self._store
        chosen = self._mempool.select(self._limits.max_entries, self._limits.max_bytes)
        history = store.history
        header = Header(
            chain_id=store.genesis.chain_id,
            height=height,
            time_ms=time_ms,
            prev_hash=ZERO_HASH if store.tip is None else store.tip.hash(),
            proposer=proposer,
            entries_count=len(chosen),
            ledger_size=store.ledger_size + len(chosen),
            ledger_root=store.root_after([p.entry_id for p in chosen]),
            validators_hash=history.at(height).hash(),
            next_validators_hash=history.at(height + 1).hash(),
            last_commit_hash=ZERO_HASH if last_commit is None else last_commit.hash(),
            app_version=APP_VERSION,
        )
        block = Block(header, last_commit, tuple(p.data for p in chosen))
        block_hash = header.hash()
        self._decoded[block_hash] = [p.entry for p in chosen]
        self._proposed[block_hash] = block.entries
        return block

    def check_block(self, block: Block) -> str | None:
        """None if `block` may follow the tip; otherwise why not."""
        block_hash = block.header.hash()
        try:
            self._check_header(block)
            proposed = self._proposed.get(block_hash)
            if proposed is not None and (block.entries is proposed or block.entries == proposed):
                return None  # ours, on this very tip (the header says so): its entries check
            entries = self._check_entries(block)
        except LedgerError as err:
            return str(err)
        self._decoded[block_hash] = entries
        return None

    def entries_of(self, block: Block) -> list[Entry]:
        """The decoded entries of a block that passed check_block or was proposed here."""
        found = self._decoded.pop(block.header.hash(), None)
        self._decoded.clear()  # the other proposals of this height will never commit
        self._proposed.clear()
        return found if found is not None else [Entry.decode(data) for data in block.entries]

    def _check_header(self, block: Block) -> None:
        store, header = self._store, block.header
        tip, height, history = store.tip, store.height + 1, store.history
        validators = history.at(height)
        expected = {
            "chain_id": store.genesis.chain_id,
            "height": height,
            "prev_hash": ZERO_HASH if tip is None else tip.hash(),
            "validators_hash": validators.hash(),
            "next_validators_hash": history.at(height + 1).hash(),
            "ledger_size": store.ledger_size + len(block.entries),
            "app_version": APP_VERSION,
        }
        for name, value in expected.items():
            if getattr(header, name) != value:
                raise LedgerError(f"header {name} is {getattr(header, name)!r}, expected {value!r}")
        if tip is not None and header.time_ms <= tip.time_ms:
            raise LedgerError("block time does not increase")
        if validators.index_of(header.proposer) is None:
            raise LedgerError("proposer is not a validator")
        if block.last_commit is not None and tip is not None:
            verify_commit(block.last_commit, tip, store.validators_at(tip.height))
            if header.last_commit_hash != block.last_commit.hash():
                raise LedgerError("last_commit_hash does not match the last commit")
        elif header.last_commit_hash != ZERO_HASH:
            raise LedgerError("last_commit_hash must be zero at height 1")
        if len(block.entries) > self._limits.max_entries:
            raise LedgerError(f"block holds more than {self._limits.max_entries} entries")

    def _check_entries(self, block: Block) -> list[Entry]:
        store, pending_entry = self._store, self._mempool.get
        entries, ids = [], []
        for data in block.entries:
            entry_id = leaf_hash(data)
            pending = pending_entry(entry_id)
            if pending is not None:  # decoded, verified and uncommitted (node/mempool.py)
                entries.append(pending.entry)
                ids.append(entry_id)
                continue
            entry = Entry.decode(data)
            entry.verify_submitter_signature()
            if store.leaf_index_of(entry_id) is not None:
                raise LedgerError(f"entry {entry_id.hex()[:16]} is already in the ledger")
            entries.append(entry)
            ids.append(entry_id)
        if len(set(ids)) != len(ids):
            raise LedgerError("block holds the same entry twice")
        root = store.root_after(ids)
        if root != block.header.ledger_root:
            raise LedgerError(
                f"ledger root {block.header.ledger_root.hex()[:16]} is not what the entries "
                f"give ({root.hex()[:16]})"
            )
        return entries
