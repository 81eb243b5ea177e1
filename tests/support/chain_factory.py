"""Real chains for tests: blocks with real commits and checkpoint signatures in a BlockStore.

Every notary key comes from a fixed seed, so genesis hashes, entry ids and bundles are the
same on every run. A test builds a chain in a temporary directory and closes it when done:

    chain = build_chain(tmp_path / "store", [[sample_entry(0), sample_entry(1)]], validators=4)
    try:
        bundle = chain.bundle(sample_entry(0))
    finally:
        chain.close()

Blocks are committed the way consensus finalizes them
(docs/consensus.md, "Checkpoint signatures in precommits"): each
signing validator's precommit carries a vote signature (`cunzheng/vote/v1`) and a C2SP
checkpoint signature over the body for the block's ledger size and root.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import Any

from cunzheng.ledger.block import ZERO_HASH, Block, Commit, CommitSignature, Header
from cunzheng.ledger.bundle import build_bundle
from cunzheng.ledger.checkpoint import sign_checkpoint
from cunzheng.ledger.chunks import decode_chunk, encode_chunk
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.finality import checkpoint_of, precommit_for
from cunzheng.ledger.keys import VOTE_SIGNATURE_TAG, NodeKey
from cunzheng.ledger.store import BlockStore
from cunzheng.ledger.validators import Genesis, Publication, Validator, ValidatorSet

CHAIN_ID = "cunzheng-test"
# 2026-11-23 15:04:05 UTC: python -c "import datetime as d; print(int(d.datetime(2026, 11, 23,
# 15, 4, 5, tzinfo=d.timezone.utc).timestamp() * 1000))"
GENESIS_TIME_MS = 1_795_446_245_000
BLOCK_INTERVAL_MS = 1_000
NOTARY_NAMES = tuple(f"notary-{letter}" for letter in "abcdefghij")


def notary_keys(count: int) -> tuple[NodeKey, ...]:
    """`count` notary keys named notary-a, notary-b, …, from fixed seeds.

    The seed of notary i is SHA-256("cunzheng test notary <i>"). Requires 1 <= count <= 10.
    """
    if not 1 <= count <= len(NOTARY_NAMES):
        raise ValueError(f"count must be 1 to {len(NOTARY_NAMES)}, got {count}")
    return tuple(
        NodeKey.from_seed(NOTARY_NAMES[i], sha256(f"cunzheng test notary {i}".encode()).digest())
        for i in range(count)
    )


def make_genesis(
    keys: Sequence[NodeKey],
    *,
    chain_id: str = CHAIN_ID,
    time_ms: int = GENESIS_TIME_MS,
    params: dict[str, int] | None = None,
    publication: Publication | None = None,
) -> Genesis:
    """A genesis whose validators are `keys`, each with power 1 (params empty by default),
    with `publication` fields when given (version 2)."""
    validators = ValidatorSet.of([Validator(key.name, key.public_key, 1) for key in keys])
    return Genesis(chain_id, time_ms, validators, dict(params or {}), publication=publication)


def sample_entry(number: int, *, kind: str = "", meta: dict[str, str] | None = None) -> Entry:
    """An unsigned SHA-256 entry whose digest is SHA-256("evidence <number>")."""
    digest = sha256(f"evidence {number}".encode()).digest()
    return Entry(digest, kind=kind, meta=dict(meta or {}))


@dataclass
class Chain:
    """A chain being built in a BlockStore; `keys` are the genesis validators' in index
    order, `pool` every key that may sign (add a new notary's before its set signs)."""

    store: BlockStore
    genesis: Genesis
    keys: tuple[NodeKey, ...]
    pool: dict[bytes, NodeKey] = field(default_factory=dict)

    def keys_at(self, height: int) -> tuple[NodeKey, ...]:
        """The keys of the set that signs block `height`, in validator index order."""
        pool = {**{key.public_key: key for key in self.keys}, **self.pool}
        return tuple(pool[v.public_key] for v in self.store.validators_at(height).validators)

    def commit_block(
        self,
        entries: Sequence[Entry],
        *,
        signers: Sequence[int] | None = None,
        time_ms: int | None = None,
        commit_round: int = 0,
    ) -> Header:
        """Append one final block holding `entries`; return its header.

        `signers` are the validator indexes that precommit (default: all); they must hold a
        quorum, or the store refuses the block with ChainBroken. The block time defaults to
        genesis time + height seconds.
        """
        header = self._next_header(entries, time_ms)
        keys = self.keys_at(header.height)
        indexes = range(len(keys)) if signers is None else sorted(signers)
        commit = Commit(
            header.height,
            commit_round,
            header.hash(),
            tuple(self._precommit(keys[index], header, commit_round, index) for index in indexes),
        )
        last_commit = None if header.height == 1 else self.store.commit(header.height - 1)
        block = Block(header, last_commit, tuple(entry.encode() for entry in entries))
        self.store.append_block(block, commit, list(entries))
        return header

    def _next_header(self, entries: Sequence[Entry], time_ms: int | None) -> Header:
        store = self.store
        height = store.height + 1
        history = store.history
        keys = self.keys_at(height)
        return Header(
            chain_id=self.genesis.chain_id,
            height=height,
            time_ms=self.genesis.genesis_time_ms + height * BLOCK_INTERVAL_MS
            if time_ms is None
            else time_ms,
            prev_hash=ZERO_HASH if store.tip is None else store.tip.hash(),
            proposer=keys[(height - 1) % len(keys)].public_key,
            entries_count=len(entries),
            ledger_size=store.ledger_size + len(entries),
            ledger_root=store.root_after([entry.leaf_hash() for entry in entries]),
            validators_hash=history.at(height).hash(),
            next_validators_hash=history.at(height + 1).hash(),
            last_commit_hash=ZERO_HASH if height == 1 else store.commit(height - 1).hash(),
        )

    @staticmethod
    def _precommit(key: NodeKey, header: Header, commit_round: int, index: int) -> CommitSignature:
        vote = precommit_for(header, commit_round, index)
        return CommitSignature(
            index,
            key.sign(VOTE_SIGNATURE_TAG, vote.signed_payload()),
            sign_checkpoint(checkpoint_of(header), key).signature,
        )

    def bundle(self, entry: Entry) -> dict[str, Any]:
        """The proof bundle of a committed entry (ledger.bundle.build_bundle)."""
        return build_bundle(self.store, entry.leaf_hash())

    def close(self) -> None:
        """Close the store."""
        self.store.close()


def build_chain(
    path: Path,
    blocks: Sequence[Sequence[Entry]],
    *,
    validators: int = 1,
    signers: Sequence[int] | None = None,
    chain_id: str = CHAIN_ID,
    publication: Publication | None = None,
    keys: Sequence[NodeKey] | None = None,
    params: dict[str, int] | None = None,
    commit_round: int = 0,
) -> Chain:
    """A new store at `path` holding one committed block per item of `blocks`.

    `validators` notaries (fixed keys, power 1 each; `keys` when given) form the genesis
    (with `publication` fields and consensus `params` when given); `signers` (validator
    indexes, default all) sign every block, in `commit_round`. The caller closes the chain.
    """
    keys = notary_keys(validators) if keys is None else keys
    genesis = make_genesis(keys, chain_id=chain_id, publication=publication, params=params)
    by_public_key = {key.public_key: key for key in keys}
    ordered = tuple(by_public_key[v.public_key] for v in genesis.validator_set.validators)
    chain = Chain(BlockStore.open(path, genesis), genesis, ordered)
    try:
        for entries in blocks:
            chain.commit_block(entries, signers=signers, commit_round=commit_round)
    except BaseException:
        chain.close()
        raise
    return chain


def edit_stored_entry(db: Any, leaf_index: int, data: bytes | None) -> None:
    """Replace (or, with None, drop) one entry inside its chunk in an open plyvel database
    of a closed store, with valid LevelDB framing: only the store's own checks can see it."""
    for key, value in db.iterator(
        start=b"E", stop=b"E" + (leaf_index + 1).to_bytes(8, "big"), reverse=True
    ):
        chunk = decode_chunk(value)
        offset = leaf_index - int.from_bytes(key[1:], "big")
        assert offset < len(chunk), f"no stored entry {leaf_index}"
        chunk[offset : offset + 1] = [] if data is None else [data]
        if chunk:
            db.put(key, encode_chunk(chunk))
        else:
            db.delete(key)
        return
    raise AssertionError(f"no stored entry {leaf_index}")
