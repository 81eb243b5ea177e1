"""The RFC 9162 §2.1 Merkle tree: roots, inclusion and consistency proofs, and their checks.

Pure functions, no I/O. Roots and inclusion paths are built two ways, one algorithm each:

- from a list of leaf hashes held in memory (the trees of evidence packages), and
- from a stored tree (`NodeSource`) that keeps only *perfect* subtrees: the node at `level`
  and `index` covers leaves [index·2^level, (index+1)·2^level). Any range of leaves the
  RFC's recursion asks for is a few such subtrees (its compact range, ledger/compact.py),
  so roots and proofs take O(log n) reads. Consistency paths come from a stored tree only.
"""

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from itertools import repeat
from typing import Protocol

from cunzheng.ledger.compact import appended_levels, extend_compact_range, root_of_compact_range
from cunzheng.ledger.errors import ProofError, RootMismatch
from cunzheng.ledger.hashing import EMPTY_ROOT, HASH_SIZE, node_hash

_SubtreeHash = Callable[[int, int], bytes]  # (start, end) -> MTH(D[start:end]) of one tree


class NodeSource(Protocol):
    """Read access to the perfect subtrees of a stored tree."""

    def node(self, level: int, index: int) -> bytes:
        """Hash of the perfect subtree covering leaves [index·2^level, (index+1)·2^level).

        Level 0 is the leaf hash itself. Only complete subtrees exist.
        """
        ...


def root_from_leaves(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH over already-hashed leaves (RFC 9162 §2.1.1); EMPTY_ROOT when there are none.

    Requires every leaf hash to be HASH_SIZE bytes; raises ValueError otherwise.
    """
    _check_leaf_hashes(leaf_hashes)
    # RFC 9162 §2.1.1 splits at the largest power of two below n, so the tree is its compact
    # range folded: n - 1 hashes in all.
    return root_of_compact_range(extend_compact_range((), 0, leaf_hashes))


def inclusion_path_from_leaves(leaf_hashes: Sequence[bytes], leaf_index: int) -> list[bytes]:
    """PATH(leaf_index, D[n]) of RFC 9162 §2.1.3.1, with n = len(leaf_hashes).

    Requires 0 <= leaf_index < n (else ProofError) and HASH_SIZE-byte leaf hashes (else
    ValueError).
    """
    _check_leaf_hashes(leaf_hashes)
    _check_leaf_index(leaf_index, len(leaf_hashes))
    return _inclusion_path(leaf_index, len(leaf_hashes), partial(_slice_root, leaf_hashes))


def new_perfect_nodes(
    old_size: int, new_leaf_hashes: Sequence[bytes], source: NodeSource
) -> dict[tuple[int, int], bytes]:
    """The nodes that appending `new_leaf_hashes` to a tree of `old_size` leaves completes.

    Returns {(level, index): hash} for the new leaves (level 0) and for every perfect subtree
    they complete (ledger/compact.py, appended_levels). Reads at most one existing node per
    level from `source`, and computes one hash per new node above level 0.

    Requires old_size >= 0 and HASH_SIZE-byte leaf hashes; raises ValueError otherwise.
    `source` must hold every perfect node of the tree of old_size leaves.
    """
    if old_size < 0:
        raise ValueError(f"old_size must be >= 0, got {old_size}")
    _check_leaf_hashes(new_leaf_hashes)
    nodes: dict[tuple[int, int], bytes] = {}
    for level, first_index, hashes in appended_levels(old_size, new_leaf_hashes, source.node):
        nodes.update(_keyed(level, first_index, hashes))
    return nodes


def root_at(tree_size: int, source: NodeSource) -> bytes:
    """MTH of the first `tree_size` leaves of a stored tree, from O(log tree_size) node reads.

    Requires tree_size >= 0 (else ValueError) and `source` to hold that many leaves.
    """
    if tree_size < 0:
        raise ValueError(f"tree_size must be >= 0, got {tree_size}")
    if tree_size == 0:
        return EMPTY_ROOT
    return _stored_subtree_hash(source, 0, tree_size)


def inclusion_path(leaf_index: int, tree_size: int, source: NodeSource) -> list[bytes]:
    """PATH(leaf_index, D[tree_size]) of RFC 9162 §2.1.3.1, from O(log tree_size) node reads.

    Requires 0 <= leaf_index < tree_size (else ProofError) and `source` to hold that many leaves.
    """
    _check_leaf_index(leaf_index, tree_size)
    # The RFC's recursion in closed form, as transparency-dev/merkle proof.Inclusion: perfect
    # siblings below level inner - 1, one at that level that tree_size may cut short, then the
    # perfect left siblings of the right border (_inner_and_border). One read per node.
    inner = _inner_and_border(leaf_index, tree_size)[0]
    path = [source.node(level, leaf_index >> level ^ 1) for level in range(inner - 1)]
    if inner:
        start = (leaf_index >> (inner - 1) | 1) << (inner - 1)
        path.append(_stored_subtree_hash(source, start, tree_size))
    return path + [
        source.node(level, (leaf_index >> level) - 1)
        for level in range(inner, leaf_index.bit_length())
        if leaf_index >> level & 1
    ]


def consistency_path(first: int, second: int, source: NodeSource) -> list[bytes]:
    """PROOF(first, D[second]) of RFC 9162 §2.1.4.1, from O(log second) node reads.

    Empty when first is 0 or second. Requires 0 <= first <= second (else ProofError) and
    `source` to hold `second` leaves.
    """
    _check_sizes(first, second)
    return _consistency_path(first, second, partial(_stored_subtree_hash, source))


def root_from_inclusion_proof(
    leaf_index: int, tree_size: int, leaf_hash: bytes, inclusion_path: Sequence[bytes]
) -> bytes:
    """The root that `inclusion_path` leads to from `leaf_hash` (RFC 9162 §2.1.3.2).

    Requires 0 <= leaf_index < tree_size, HASH_SIZE-byte hashes, and a path of exactly the
    length PATH has for this leaf_index and tree_size; raises ProofError otherwise.
    """
    _check_leaf_index(leaf_index, tree_size)
    _check_hash("leaf_hash", leaf_hash)
    _check_path("inclusion_path", inclusion_path)
    inner, border = _inner_and_border(leaf_index, tree_size)
    if len(inclusion_path) != inner + border:
        raise ProofError(
            f"inclusion_path for leaf_index={leaf_index}, tree_size={tree_size}: expected "
            f"{inner + border} hashes, got {len(inclusion_path)}"
        )
    # The closed form of RFC 9162 §2.1.3.2 step 3: below `inner`, bit i of leaf_index says
    # which side the sibling is on; above it the leaf is on the right border (step 3.b.ii).
    root = _chain_inner(leaf_hash, inclusion_path[:inner], leaf_index)
    return _chain_border(root, inclusion_path[inner:])


def verify_inclusion(
    leaf_index: int,
    tree_size: int,
    leaf_hash: bytes,
    inclusion_path: Sequence[bytes],
    root_hash: bytes,
) -> None:
    """Check that `leaf_hash` is leaf `leaf_index` of the tree of `tree_size` with `root_hash`.

    Raises ProofError for a malformed proof (see root_from_inclusion_proof) and RootMismatch
    when a well-formed proof leads to a different root (RFC 9162 §2.1.3.2 step 4).
    """
    _check_hash("root_hash", root_hash)
    computed = root_from_inclusion_proof(leaf_index, tree_size, leaf_hash, inclusion_path)
    if computed != root_hash:
        raise RootMismatch(tree_size=tree_size, expected=root_hash, computed=computed)


def verify_consistency(
    first: int,
    second: int,
    first_root: bytes,
    second_root: bytes,
    consistency_path: Sequence[bytes],
) -> None:
    """Check that the tree of `second` leaves with `second_root` extends `first` (§2.1.4.2).

    When first == second the path must be empty and the roots equal. When first == 0 the path
    must be empty and `first_root` must be EMPTY_ROOT, the only root an empty tree has.
    Raises ProofError when first > second, a hash is not HASH_SIZE bytes or the path has the
    wrong length; RootMismatch (with tree_size = first or second, naming the root that
    disagrees) when a well-formed proof leads to other roots.
    """
    _check_sizes(first, second)
    _check_hash("first_root", first_root)
    _check_hash("second_root", second_root)
    _check_path("consistency_path", consistency_path)
    if first == 0 or first == second:
        _verify_trivial_consistency(first, second, first_root, second_root, consistency_path)
        return
    computed_first, computed_second = _roots_from_consistency_proof(
        first, second, first_root, consistency_path
    )
    if computed_first != first_root:
        raise RootMismatch(tree_size=first, expected=first_root, computed=computed_first)
    if computed_second != second_root:
        raise RootMismatch(tree_size=second, expected=second_root, computed=computed_second)


def _inclusion_path(leaf_index: int, tree_size: int, subtree_hash: _SubtreeHash) -> list[bytes]:
    # RFC 9162 §2.1.3.1: PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) for m < k, and
    # PATH(m - k, D[k:n]) : MTH(D[0:k]) otherwise. Walked top-down, so the list is reversed.
    start, end = 0, tree_size
    reversed_path: list[bytes] = []
    while end - start > 1:
        middle = start + _largest_power_of_two_below(end - start)
        if leaf_index < middle:
            reversed_path.append(subtree_hash(middle, end))
            end = middle
        else:
            reversed_path.append(subtree_hash(start, middle))
            start = middle
    return reversed_path[::-1]


def _consistency_path(first: int, second: int, subtree_hash: _SubtreeHash) -> list[bytes]:
    # RFC 9162 §2.1.4.1: SUBPROOF(m, D[n], b) = SUBPROOF(m, D[0:k], b) : MTH(D[k:n]) for
    # m <= k, and SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]) otherwise; it ends with {} for
    # SUBPROOF(m, D[m], true) and {MTH(D[m])} for SUBPROOF(m, D[m], false).
    if first in (0, second):
        return []
    start, end = 0, second
    whole_first_tree = True
    reversed_path: list[bytes] = []
    while end != first:
        middle = start + _largest_power_of_two_below(end - start)
        if first <= middle:
            reversed_path.append(subtree_hash(middle, end))
            end = middle
        else:
            reversed_path.append(subtree_hash(start, middle))
            start = middle
            whole_first_tree = False
    if not whole_first_tree:
        reversed_path.append(subtree_hash(start, end))
    return reversed_path[::-1]


def _roots_from_consistency_proof(
    first: int, second: int, first_root: bytes, consistency_path: Sequence[bytes]
) -> tuple[bytes, bytes]:
    # Requires 0 < first < second. PROOF(first, D[second]) is the inclusion path of leaf
    # first - 1 in D[second], starting from the largest perfect subtree that ends at first
    # (2^shift leaves): the proof's first hash, or first_root itself when first is a power
    # of two (RFC 9162 §2.1.4.2 step 2).
    inner, border = _inner_and_border(first - 1, second)
    shift = (first & -first).bit_length() - 1
    inner -= shift
    seeded = first == 1 << shift
    expected_length = inner + border + (0 if seeded else 1)
    if len(consistency_path) != expected_length:
        raise ProofError(
            f"consistency_path from first={first} to second={second}: expected "
            f"{expected_length} hashes, got {len(consistency_path)}"
        )
    if seeded:
        seed, path = first_root, consistency_path
    else:
        seed, path = consistency_path[0], consistency_path[1:]
    # §2.1.4.2 step 6: fr takes only the siblings on the left, sr every sibling.
    mask = (first - 1) >> shift
    computed_first = _chain_border(_chain_inner_left(seed, path[:inner], mask), path[inner:])
    computed_second = _chain_border(_chain_inner(seed, path[:inner], mask), path[inner:])
    return computed_first, computed_second


def _keyed(
    level: int, first_index: int, hashes: Sequence[bytes]
) -> Iterator[tuple[tuple[int, int], bytes]]:
    keys = zip(repeat(level), range(first_index, first_index + len(hashes)), strict=False)
    return zip(keys, hashes, strict=True)


def _slice_root(leaf_hashes: Sequence[bytes], start: int, end: int) -> bytes:
    return root_from_leaves(leaf_hashes[start:end])


def _stored_subtree_hash(source: NodeSource, start: int, end: int) -> bytes:
    # Requires end > start, and start a multiple of the largest power of two <= end - start,
    # which holds for every range the RFC's recursion visits. By RFC 9162 §2.1.1 such a
    # range hashes as its compact range does: its perfect subtrees, largest first.
    size = end - start
    if size & (size - 1) == 0:  # a whole perfect subtree: one stored node
        level = size.bit_length() - 1
        return source.node(level, start >> level)
    perfect: list[bytes] = []
    for level in reversed(range(size.bit_length())):
        if size >> level & 1:
            perfect.append(source.node(level, start >> level))
            start += 1 << level
    return root_of_compact_range(perfect)


def _largest_power_of_two_below(n: int) -> int:
    # The k of RFC 9162 §2.1.1: the largest power of two smaller than n, for n > 1.
    return 1 << ((n - 1).bit_length() - 1)


def _inner_and_border(leaf_index: int, tree_size: int) -> tuple[int, int]:
    # The path of leaf_index splits into `inner` levels, below the one where leaf_index and
    # tree_size - 1 part ways (siblings on either side), and `border` levels above it, where
    # the leaf's ancestor is the last node of its level: it has a left sibling iff it is odd.
    # The same split as transparency-dev/merkle proof/verify.go; equivalent to RFC 9162 §2.1.3.2.
    inner = (leaf_index ^ (tree_size - 1)).bit_length()
    return inner, (leaf_index >> inner).bit_count()


def _chain_inner(seed: bytes, path: Sequence[bytes], index: int) -> bytes:
    for level, sibling in enumerate(path):
        seed = node_hash(sibling, seed) if index >> level & 1 else node_hash(seed, sibling)
    return seed


def _chain_inner_left(seed: bytes, path: Sequence[bytes], index: int) -> bytes:
    for level, sibling in enumerate(path):
        if index >> level & 1:
            seed = node_hash(sibling, seed)
    return seed


def _chain_border(seed: bytes, path: Sequence[bytes]) -> bytes:
    for sibling in path:
        seed = node_hash(sibling, seed)
    return seed


def _verify_trivial_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, path: Sequence[bytes]
) -> None:
    # RFC 9162 §2.1.4.1 defines no proof for these; the roots alone must agree.
    if path:
        raise ProofError(
            f"consistency_path from first={first} to second={second}: expected 0 hashes, "
            f"got {len(path)}"
        )
    if first == 0 and first_root != EMPTY_ROOT:
        raise RootMismatch(tree_size=0, expected=first_root, computed=EMPTY_ROOT)
    if first == second and second_root != first_root:
        raise RootMismatch(tree_size=second, expected=second_root, computed=first_root)


def _check_leaf_index(leaf_index: int, tree_size: int) -> None:
    if not 0 <= leaf_index < tree_size:
        raise ProofError(
            f"leaf_index {leaf_index} is outside a tree of tree_size {tree_size}; "
            "it must satisfy 0 <= leaf_index < tree_size"
        )


def _check_sizes(first: int, second: int) -> None:
    if not 0 <= first <= second:
        raise ProofError(
            f"consistency needs 0 <= first <= second, got first={first}, second={second}; "
            "a tree cannot shrink"
        )


def _check_hash(name: str, value: bytes) -> None:
    if len(value) != HASH_SIZE:
        raise ProofError(f"{name} must be {HASH_SIZE} bytes, got {len(value)}")


def _check_path(name: str, path: Sequence[bytes]) -> None:
    # The message is built only on failure: this runs for every proof verified.
    for position, value in enumerate(path):
        if len(value) != HASH_SIZE:
            _check_hash(f"{name}[{position}]", value)


def _check_leaf_hashes(leaf_hashes: Sequence[bytes]) -> None:
    if any(map(HASH_SIZE.__ne__, map(len, leaf_hashes))):
        position = next(i for i, value in enumerate(leaf_hashes) if len(value) != HASH_SIZE)
        raise ValueError(
            f"leaf_hashes[{position}] must be {HASH_SIZE} bytes, got {len(leaf_hashes[position])}"
        )
