"""The node's committed chain as the driver's core sees it (node/consensus/core.py's Chain):
the block store, with the application that decodes a block's entries and the mempool they
leave once committed."""

from collections.abc import Callable

from cunzheng.ledger.block import Block, Commit, Header
from cunzheng.ledger.hashing import leaf_hash
from cunzheng.ledger.store import BlockStore
from cunzheng.ledger.validators import ValidatorSet
from cunzheng.node.application import LedgerApplication
from cunzheng.node.mempool import Mempool


class StoreChain:
    """Chain over a BlockStore; `on_commit` runs after each block consensus appends."""

    def __init__(
        self,
        store: BlockStore,
        app: LedgerApplication,
        mempool: Mempool,
        on_commit: Callable[[Block, Commit], None],
    ) -> None:
        self._store, self._app, self._mempool, self._on_commit = store, app, mempool, on_commit

    @property
    def chain_id(self) -> str:
        """The genesis chain id."""
        return self._store.genesis.chain_id

    def validators_at(self, height: int) -> ValidatorSet:
        """The set that decides `height`."""
        return self._store.validators_at(height)

    def last_committed(self) -> tuple[Header, Commit] | None:
        """The tip and its commit; None before the first block."""
        tip = self._store.tip
        return None if tip is None else (tip, self._store.commit(tip.height))

    def append(self, block: Block, commit: Commit) -> None:
        """Write the block, its commit and its entries in one batch, take its entries out of
        the mempool, then run `on_commit`."""
        self._store.append_block(block, commit, self._app.entries_of(block))
        self._mempool.remove([leaf_hash(data) for data in block.entries])
        self._on_commit(block, commit)
