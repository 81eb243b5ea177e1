"""cunzheng.ledger.compact: compact ranges against the RFC 9162 recursion, and their misuse."""

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cunzheng.ledger import compact
from cunzheng.ledger.compact import appended_levels, extend_compact_range, root_of_compact_range
from cunzheng.ledger.hashing import EMPTY_ROOT, leaf_hash, node_hashes
from tests.support.merkle_reference import naive_mth

LEAVES = [leaf_hash(n.to_bytes(4, "big")) for n in range(400)]


def reference_compact_range(tree_size: int) -> list[bytes]:
    """One MTH per set bit of tree_size, largest first, each over its own leaves."""
    subtrees, start = [], 0
    for level in reversed(range(tree_size.bit_length())):
        if tree_size >> level & 1:
            subtrees.append(naive_mth(LEAVES[start : start + (1 << level)]))
            start += 1 << level
    return subtrees


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8))
def test_the_compact_range_gives_the_rfc_9162_root(block_sizes: list[int]) -> None:
    compact_range: list[bytes] = []
    size = 0
    for count in block_sizes:
        compact_range = extend_compact_range(compact_range, size, LEAVES[size : size + count])
        size += count
        assert compact_range == reference_compact_range(size)
        assert root_of_compact_range(compact_range) == naive_mth(LEAVES[:size])


def test_an_empty_range_is_the_empty_tree() -> None:
    # printf '' | sha256sum
    assert root_of_compact_range([]) == EMPTY_ROOT
    assert extend_compact_range([], 0, []) == []
    assert extend_compact_range([LEAVES[0]], 1, []) == [LEAVES[0]]


@pytest.mark.parametrize(("old_size", "count"), [(0, 16), (5, 11), (7, 1), (255, 2), (300, 77)])
def test_appending_reads_only_the_old_range_and_hashes_each_new_node_once(
    old_size: int, count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_range = reference_compact_range(old_size)
    reads: list[int] = []

    def old_node(level: int, index: int) -> bytes:
        # The left sibling of the first new node: a subtree of the old range.
        assert index == (old_size >> level) - 1
        reads.append(level)
        return old_range[(old_size >> (level + 1)).bit_count()]

    hashes = 0

    def counting_node_hashes(lefts: Sequence[bytes], rights: Sequence[bytes]) -> list[bytes]:
        nonlocal hashes
        hashes += len(lefts)
        return node_hashes(lefts, rights)

    monkeypatch.setattr(compact, "node_hashes", counting_node_hashes)
    levels = list(appended_levels(old_size, LEAVES[old_size : old_size + count], old_node))
    new_size = old_size + count
    expected_new = sum((new_size >> lv) - (old_size >> lv) for lv in range(new_size.bit_length()))
    assert sum(len(new) for _, _, new in levels) == expected_new
    assert hashes == expected_new - count
    assert len(reads) == len(set(reads)) <= old_size.bit_count()
    for level, first_index, new in levels:
        assert first_index == old_size >> level
        for offset, value in enumerate(new):
            start = (first_index + offset) << level
            assert value == naive_mth(LEAVES[start : start + (1 << level)])


def test_a_range_of_the_wrong_length_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="tree of 3 leaves holds 2 hashes, got 1"):
        extend_compact_range([LEAVES[0]], 3, LEAVES[3:4])
    with pytest.raises(ValueError, match="tree_size must be >= 0, got -1"):
        extend_compact_range([], -1, LEAVES[:1])
