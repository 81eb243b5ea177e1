"""A chain whose validator set governance entries change: the entries, their signatures,
and a chain grown through an addition and a key rotation."""

from hashlib import sha256
from pathlib import Path

from cunzheng.ledger.entry import Entry
from cunzheng.ledger.governance import Change, ChangeProposal
from cunzheng.ledger.keys import NodeKey
from cunzheng.ledger.validators import ValidatorSet
from tests.support.chain_factory import CHAIN_ID, Chain, build_chain, sample_entry

NEW_KEY = NodeKey.from_seed("notary-new", sha256(b"cunzheng test new notary").digest())
ROTATED_B = NodeKey.from_seed("notary-b", sha256(b"cunzheng test notary b rotated").digest())


def change_of(
    validators: ValidatorSet,
    action: str,
    name: str,
    key: bytes,
    power: int = 0,
    effective_height: int = 4,
) -> Change:
    """The change `action` of `name` with `key` (and `power`) from `effective_height`, to
    the set `validators`."""
    return Change(CHAIN_ID, effective_height, validators.hash(), action, name, key, power)


def signed(change: Change, validators: ValidatorSet, keys: list[NodeKey]) -> ChangeProposal:
    """The proposal of `change` signed by each of `keys`, members of `validators`."""
    proposal = ChangeProposal(change, {})
    for key in keys:
        proposal = proposal.signed_by(key, validators)
    return proposal


def adding_notary_new(chain: Chain) -> Entry:
    """The entry, signed by all of `chain`'s genesis notaries at height 1, that adds
    notary-new from height 4; its key joins the chain's signing pool."""
    chain.pool[NEW_KEY.public_key] = NEW_KEY
    genesis_set = chain.store.next_validators
    return signed(
        change_of(genesis_set, "add", "notary-new", NEW_KEY.public_key, 1, 4),
        genesis_set,
        list(chain.keys),
    ).entry()


def grown_chain(path: Path) -> tuple[Chain, Entry, Entry]:
    """4 notaries; block 2 adds notary-new from height 4 and rotates nothing; block 6 rotates
    notary-b's key from height 8 (signed by the five); blocks up to 9."""
    chain = build_chain(path, [[sample_entry(0)]], validators=4)
    chain.pool[ROTATED_B.public_key] = ROTATED_B
    add = adding_notary_new(chain)
    chain.commit_block([add, sample_entry(1)])
    chain.commit_block([sample_entry(2)])
    assert chain.store.next_validators.total_power == 5  # height 4 is signed by the five
    for number in (3, 4):
        chain.commit_block([sample_entry(number)])
    five = chain.store.next_validators
    b_key = next(v.public_key for v in five.validators if v.name == "notary-b")
    rotate = signed(
        change_of(five, "rotate", "notary-b", ROTATED_B.public_key, 0, 8),
        five,
        list(chain.keys_at(6)),
    ).entry()
    chain.commit_block([rotate])
    for number in (5, 6, 7):
        chain.commit_block([sample_entry(number)])
    assert chain.store.validators_at(9).index_of(b_key) is None
    return chain, add, rotate
