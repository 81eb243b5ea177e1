"""Compact ranges: a Merkle tree as the perfect subtrees along its right border.

A tree of tree_size leaves is, by RFC 9162 §2.1.1, one perfect subtree per set bit of
tree_size, largest first: for each set bit `level`, the subtree of 2^level leaves at index
(tree_size >> level) - 1. The list of their hashes, largest first, is the tree's compact
range (the name transparency-dev/merkle's compact package gives it). It is enough to give the
root and to append leaves, so a replay of the ledger keeps only it (ledger/replay.py), and the
stored tree folds its ranges with the same code (ledger/merkle.py).

Pure functions, no I/O.
"""

from collections.abc import Callable, Iterator, Sequence

from cunzheng.ledger.hashing import EMPTY_ROOT, node_hash, node_hashes

NodeRead = Callable[[int, int], bytes]  # (level, index) -> hash of that perfect subtree


def root_of_compact_range(compact_range: Sequence[bytes]) -> bytes:
    """MTH of the tree whose perfect subtrees, largest first, are `compact_range`
    (RFC 9162 §2.1.1: they fold from the right); EMPTY_ROOT when there are none.

    The same fold gives the hash of any range of leaves [start, end) from its own perfect
    subtrees when start is a multiple of the largest power of two <= end - start.
    """
    if not compact_range:
        return EMPTY_ROOT
    root = compact_range[-1]
    for subtree in reversed(compact_range[:-1]):
        root = node_hash(subtree, root)
    return root


def appended_levels(
    old_size: int, new_leaf_hashes: Sequence[bytes], old_node: NodeRead
) -> Iterator[tuple[int, int, Sequence[bytes]]]:
    """The perfect nodes that appending `new_leaf_hashes` to a tree of `old_size` leaves
    completes, level by level from the leaves up: (level, index of the first, their hashes).

    Node (level, index) is new exactly when old_size < (index + 1)·2^level <= new_size.
    `old_node` is asked at most once per level, only for a node of the old tree's compact
    range (the left sibling of the first new node). One hash per new node above level 0.
    Requires old_size >= 0; the caller checks the leaf hashes.
    """
    new_size = old_size + len(new_leaf_hashes)
    below = new_leaf_hashes
    yield 0, old_size, below
    level = 1
    while (old_size >> level) < (new_size >> level):
        first_index = old_size >> level
        children_count = 2 * ((new_size >> level) - first_index)
        children: Sequence[bytes] = below
        if old_size >> (level - 1) & 1:  # the first new node's left child is an old one
            children = [old_node(level - 1, 2 * first_index), *below[: children_count - 1]]
        elif len(below) > children_count:  # the last one waits for its right sibling
            children = below[:children_count]
        below = node_hashes(children[0::2], children[1::2])
        yield level, first_index, below
        level += 1


def extend_compact_range(
    compact_range: Sequence[bytes], tree_size: int, leaf_hashes: Sequence[bytes]
) -> list[bytes]:
    """The compact range of the tree once `leaf_hashes` are appended to the tree of
    `tree_size` leaves whose compact range is `compact_range`.

    Computes one node hash per perfect subtree the new leaves complete. Requires
    tree_size >= 0 and len(compact_range) == tree_size.bit_count(); raises ValueError
    otherwise.
    """
    if tree_size < 0:
        raise ValueError(f"tree_size must be >= 0, got {tree_size}")
    if len(compact_range) != tree_size.bit_count():
        raise ValueError(
            f"a compact range of a tree of {tree_size} leaves holds {tree_size.bit_count()} "
            f"hashes, got {len(compact_range)}"
        )

    def old_node(level: int, _index: int) -> bytes:
        # The old tree's subtree at `level` comes after one per set bit of tree_size above it.
        return compact_range[(tree_size >> (level + 1)).bit_count()]

    # The last new node of a level is the new tree's subtree at that level, if its bit is set.
    last_new = {
        level: hashes[-1]
        for level, _, hashes in appended_levels(tree_size, leaf_hashes, old_node)
        if hashes
    }
    new_size = tree_size + len(leaf_hashes)
    return [
        last_new[level] if level in last_new else old_node(level, 0)
        for level in reversed(range(new_size.bit_length()))
        if new_size >> level & 1
    ]
