"""cunzheng.ledger.merkle: RFC 6962 known answers, JSON proof vectors, and properties against
references."""

import json
from collections.abc import Callable, Sequence
from functools import cache
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cunzheng.ledger import compact
from cunzheng.ledger.errors import ProofError, RootMismatch
from cunzheng.ledger.hashing import EMPTY_ROOT, leaf_hash, leaf_hashes, node_hash, node_hashes
from cunzheng.ledger.merkle import (
    consistency_path,
    inclusion_path,
    inclusion_path_from_leaves,
    new_perfect_nodes,
    root_at,
    root_from_inclusion_proof,
    root_from_leaves,
    verify_consistency,
    verify_inclusion,
)
from tests.support.merkle_reference import (
    naive_consistency_path,
    naive_mth,
    naive_path,
    naive_subproof,
)

h = bytes.fromhex

# The RFC 6962 test tree of certificate-transparency and transparency-dev/merkle
# (proof/verify_test.go: `leaves`, `roots`, `inclusionProofs`, `consistencyProofs`).
# Every constant below is reproduced with coreutils and xxd, where
#   leaf(X)    = (printf '\x00'; echo -n X | xxd -r -p) | sha256sum
#   node(A, B) = (printf '\x01'; echo A B | xxd -r -p) | sha256sum
CT_LEAVES = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
]
LEAF = [  # LEAF[i] = leaf(CT_LEAVES[i])
    h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
    h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
    h("0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7"),
    h("07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7"),
    h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
    h("4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658"),
    h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
    h("46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"),
]
N23 = h(
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"
)  # node(LEAF[2], LEAF[3])
N45 = h(
    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"
)  # node(LEAF[4], LEAF[5])
N67 = h(
    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"
)  # node(LEAF[6], LEAF[7])
N4567 = h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")  # node(N45, N67)
ROOTS = [  # ROOTS[n] = MTH of the first n leaves
    h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),  # printf '' | sha256sum
    h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),  # LEAF[0]
    h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),  # node(LEAF[0], LEAF[1])
    h(
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"
    ),  # node(ROOTS[2], LEAF[2])
    h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),  # node(ROOTS[2], N23)
    h(
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"
    ),  # node(ROOTS[4], LEAF[4])
    h("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),  # node(ROOTS[4], N45)
    # node(ROOTS[4], node(N45, LEAF[6]))
    h("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
    h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),  # node(ROOTS[4], N4567)
]
# tests/vectors/*.json: proofs in this tree. "valid" and "known_answers" are transparency-dev's
# vectors; "mutations" are its corruptions of "valid", each with the error it must raise.
# Written once by a throwaway script and kept by hand since.
VECTORS = Path(__file__).parent.parent / "vectors"
VECTOR_FILES = {
    kind: json.loads((VECTORS / f"{kind}.json").read_text())
    for kind in ("inclusion", "consistency")
}
ERRORS: dict[str, type[ProofError]] = {"ProofError": ProofError, "RootMismatch": RootMismatch}

MAX_LEAVES = 300
LEAVES = [leaf_hash(i.to_bytes(4, "big")) for i in range(MAX_LEAVES)]
BIT = st.integers(0, 255)


class MemoryNodes:
    """A dict-backed NodeSource that counts its reads."""

    def __init__(self) -> None:
        self.nodes: dict[tuple[int, int], bytes] = {}
        self.reads = 0

    def node(self, level: int, index: int) -> bytes:
        self.reads += 1
        return self.nodes[level, index]

    def add(self, nodes: dict[tuple[int, int], bytes]) -> None:
        assert not nodes.keys() & self.nodes.keys(), "a perfect node was computed twice"
        self.nodes.update(nodes)


def build(leaf_hashes: Sequence[bytes], chunk_sizes: Sequence[int]) -> MemoryNodes:
    """Append leaf_hashes in chunks (cycling through chunk_sizes), as the store does."""
    source, size, turn = MemoryNodes(), 0, 0
    while size < len(leaf_hashes):
        chunk = leaf_hashes[size : size + max(1, chunk_sizes[turn % len(chunk_sizes)])]
        source.reads = 0
        source.add(new_perfect_nodes(size, chunk, source))
        assert source.reads <= size.bit_length()
        size, turn = size + len(chunk), turn + 1
    source.reads = 0
    return source


@cache
def stored() -> MemoryNodes:
    return build(LEAVES, [7, 1, 30, 2])


@cache
def reference_root(tree_size: int) -> bytes:
    return root_from_leaves(LEAVES[:tree_size])


def flip_bit(path: Sequence[bytes], position: int, bit: int) -> list[bytes]:
    changed = bytearray(path[position])
    changed[bit // 8] ^= 1 << (bit % 8)
    return [bytes(changed) if i == position else value for i, value in enumerate(path)]


def test_rfc6962_empty_tree_leaf_and_node_constants() -> None:
    # printf '' | sha256sum  /  printf '\x00' | sha256sum
    assert root_from_leaves([]) == EMPTY_ROOT == ROOTS[0]
    assert leaf_hash(b"") == LEAF[0]
    assert [leaf_hash(h(data)) for data in CT_LEAVES] == LEAF
    assert node_hash(LEAF[2], LEAF[3]) == N23
    assert node_hash(LEAF[4], LEAF[5]) == N45
    assert node_hash(LEAF[6], LEAF[7]) == N67
    assert node_hash(N45, N67) == N4567


@pytest.mark.parametrize("tree_size", range(9))
def test_ct_roots(tree_size: int) -> None:
    assert root_from_leaves(LEAF[:tree_size]) == ROOTS[tree_size]
    assert root_at(tree_size, build(LEAF, [3])) == ROOTS[tree_size]


def decoded(case: dict[str, Any]) -> dict[str, Any]:
    """A vector case as keyword arguments: its field names are the verifiers' parameters."""
    arguments = {name: value for name, value in case.items() if name not in ("name", "error")}
    for name, value in arguments.items():
        if isinstance(value, str | list):
            arguments[name] = h(value) if isinstance(value, str) else [h(item) for item in value]
    return arguments


VERIFIERS: dict[str, Callable[..., None]] = {
    "inclusion": verify_inclusion,
    "consistency": verify_consistency,
}
VALID = [(kind, file["valid"]) for kind, file in VECTOR_FILES.items()]
VALID += [(kind, case) for kind, file in VECTOR_FILES.items() for case in file["known_answers"]]
MUTATIONS = [(kind, case) for kind, file in VECTOR_FILES.items() for case in file["mutations"]]


@pytest.mark.parametrize("case", [c for k, c in VALID if k == "inclusion"])
def test_inclusion_vectors_verify_and_are_rebuilt(case: dict[str, Any]) -> None:
    arguments = decoded(case)
    verify_inclusion(**arguments)
    leaf_index, tree_size = case["leaf_index"], case["tree_size"]
    assert inclusion_path_from_leaves(LEAF[:tree_size], leaf_index) == arguments["inclusion_path"]
    assert inclusion_path(leaf_index, tree_size, build(LEAF, [3])) == arguments["inclusion_path"]


@pytest.mark.parametrize("case", [c for k, c in VALID if k == "consistency"])
def test_consistency_vectors_verify_and_are_rebuilt(case: dict[str, Any]) -> None:
    arguments = decoded(case)
    verify_consistency(**arguments)
    first, second = case["first"], case["second"]
    assert naive_consistency_path(first, LEAF[:second]) == arguments["consistency_path"]
    assert consistency_path(first, second, build(LEAF, [3])) == arguments["consistency_path"]


@pytest.mark.parametrize(("kind", "case"), VALID)
def test_every_bit_flip_in_a_valid_vector_fails(kind: str, case: dict[str, Any]) -> None:
    arguments, path_name = decoded(case), f"{kind}_path"
    for position, bit in product(range(len(arguments[path_name])), range(256)):
        corrupted = flip_bit(arguments[path_name], position, bit)
        with pytest.raises(RootMismatch):
            VERIFIERS[kind](**{**arguments, path_name: corrupted})


@pytest.mark.parametrize(
    ("kind", "case"), MUTATIONS, ids=[f"{k}:{c['name']}" for k, c in MUTATIONS]
)
def test_vector_mutation_raises_its_error(kind: str, case: dict[str, Any]) -> None:
    with pytest.raises(ProofError) as caught:
        VERIFIERS[kind](**decoded(case))
    assert type(caught.value) is ERRORS[case["error"]], str(caught.value)


@pytest.mark.parametrize("tree_size", range(1, 25))
def test_proofs_equal_the_rfc_recursion(tree_size: int) -> None:
    leaves = LEAVES[:tree_size]
    source = stored()
    for leaf_index in range(tree_size):
        expected = naive_path(leaf_index, leaves)
        assert inclusion_path_from_leaves(leaves, leaf_index) == expected
        assert inclusion_path(leaf_index, tree_size, source) == expected
    for first in range(1, tree_size + 1):
        expected = naive_subproof(first, leaves, True)
        assert consistency_path(first, tree_size, source) == expected


@given(st.lists(st.binary(min_size=32, max_size=32), max_size=70))
def test_root_from_leaves_equals_naive_mth(leaf_hashes: list[bytes]) -> None:
    assert root_from_leaves(leaf_hashes) == naive_mth(leaf_hashes)


@settings(max_examples=40, deadline=None)
@given(
    tree_size=st.integers(0, MAX_LEAVES),
    chunk_sizes=st.lists(st.integers(0, 70), min_size=1, max_size=8),
)
def test_stored_tree_equals_reference(tree_size: int, chunk_sizes: list[int]) -> None:
    source = build(LEAVES[:tree_size], chunk_sizes)
    assert source.nodes.keys() == {
        (level, index)
        for level in range(tree_size.bit_length())
        for index in range(tree_size >> level)
    }
    for size in range(tree_size + 1):
        source.reads = 0
        assert root_at(size, source) == reference_root(size)
        assert source.reads <= size.bit_count()


@settings(deadline=None)
@given(st.data())
def test_every_inclusion_proof_verifies_and_any_bit_flip_fails(data: st.DataObject) -> None:
    tree_size = data.draw(st.integers(1, MAX_LEAVES), label="tree_size")
    source, root = stored(), reference_root(tree_size)
    for leaf_index in range(tree_size):
        source.reads = 0
        path = inclusion_path(leaf_index, tree_size, source)
        assert source.reads <= 2 * tree_size.bit_length()
        verify_inclusion(leaf_index, tree_size, LEAVES[leaf_index], path, root)
    leaf_index = data.draw(st.integers(0, tree_size - 1), label="leaf_index")
    path = inclusion_path(leaf_index, tree_size, source)
    assert path == inclusion_path_from_leaves(LEAVES[:tree_size], leaf_index)
    if path:
        corrupted = flip_bit(path, data.draw(st.integers(0, len(path) - 1)), data.draw(BIT))
        with pytest.raises(RootMismatch):
            verify_inclusion(leaf_index, tree_size, LEAVES[leaf_index], corrupted, root)


@settings(deadline=None)
@given(st.data())
def test_every_consistency_proof_verifies_and_any_bit_flip_fails(data: st.DataObject) -> None:
    second = data.draw(st.integers(0, MAX_LEAVES), label="second")
    source, second_root = stored(), reference_root(second)
    for first in range(second + 1):
        source.reads = 0
        path = consistency_path(first, second, source)
        assert source.reads <= 2 * second.bit_length() + 1
        verify_consistency(first, second, reference_root(first), second_root, path)
    first = data.draw(st.integers(0, second), label="first")
    path = consistency_path(first, second, source)
    assert path == naive_consistency_path(first, LEAVES[:second])
    if path:
        corrupted = flip_bit(path, data.draw(st.integers(0, len(path) - 1)), data.draw(BIT))
        with pytest.raises(RootMismatch):
            verify_consistency(first, second, reference_root(first), second_root, corrupted)


def test_appending_1000_leaves_costs_one_hash_per_new_node(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    leaves = [leaf_hash(i.to_bytes(4, "big")) for i in range(6000)]
    source = build(leaves[:5000], [1000])
    calls = 0

    def counting_node_hashes(lefts: Sequence[bytes], rights: Sequence[bytes]) -> list[bytes]:
        nonlocal calls
        calls += len(lefts)
        return node_hashes(lefts, rights)

    monkeypatch.setattr(compact, "node_hashes", counting_node_hashes)
    nodes = new_perfect_nodes(5000, leaves[5000:], source)
    assert calls == len(nodes) - 1000 <= 1000
    assert source.reads <= (5000).bit_length()


@given(st.lists(st.binary(max_size=40), max_size=9), st.lists(st.binary(max_size=40), max_size=9))
def test_the_bulk_hashes_are_the_single_ones(first: list[bytes], second: list[bytes]) -> None:
    assert leaf_hashes(first) == [leaf_hash(data) for data in first]
    pairs = min(len(first), len(second))
    assert node_hashes(first[:pairs], second[:pairs]) == list(
        map(node_hash, first[:pairs], second[:pairs])
    )
    if len(first) != len(second):
        with pytest.raises(ValueError, match="zip"):
            node_hashes(first, second)


def test_misuse_of_the_builders_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="old_size"):
        new_perfect_nodes(-1, LEAVES[:1], MemoryNodes())
    with pytest.raises(ValueError, match=r"leaf_hashes\[1\] must be 32 bytes, got 31"):
        new_perfect_nodes(0, [LEAVES[0], LEAVES[1][:31]], MemoryNodes())
    with pytest.raises(ValueError, match="leaf_hashes"):
        root_from_leaves([b"short"])
    with pytest.raises(ValueError, match="tree_size"):
        root_at(-1, MemoryNodes())


def test_error_messages_name_expected_and_got() -> None:
    path = [LEAF[4], N67, ROOTS[4]]
    with pytest.raises(ProofError, match="expected 4 hashes, got 3"):
        root_from_inclusion_proof(5, 16, LEAF[5], path)
    with pytest.raises(ProofError, match="expected 2 hashes, got 3"):
        verify_consistency(2, 5, ROOTS[2], ROOTS[5], path)
    with pytest.raises(ProofError, match=r"inclusion_path\[1\] must be 32 bytes, got 5"):
        root_from_inclusion_proof(5, 8, LEAF[5], [LEAF[4], b"short", ROOTS[4]])
    with pytest.raises(ProofError, match="0 <= leaf_index < tree_size"):
        root_from_inclusion_proof(8, 8, LEAF[5], path)
    with pytest.raises(ProofError, match="first=5, second=4"):
        verify_consistency(5, 4, ROOTS[5], ROOTS[4], [])
    # The builders check their sizes the same way.
    with pytest.raises(ProofError, match="leaf_index 5 is outside a tree of tree_size 5"):
        inclusion_path(5, 5, stored())
    with pytest.raises(ProofError, match="leaf_index -1 is outside"):
        inclusion_path_from_leaves(LEAVES[:5], -1)
    with pytest.raises(ProofError, match="first=6, second=5"):
        consistency_path(6, 5, stored())
    with pytest.raises(ProofError, match="first=-1, second=5"):
        consistency_path(-1, 5, stored())


def test_consistency_edge_cases() -> None:
    verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    verify_consistency(0, 8, EMPTY_ROOT, ROOTS[8], [])
    verify_consistency(8, 8, ROOTS[8], ROOTS[8], [])
    with pytest.raises(RootMismatch) as caught:  # an empty tree has only one root
        verify_consistency(0, 8, ROOTS[1], ROOTS[8], [])
    assert caught.value.tree_size == 0
    with pytest.raises(RootMismatch) as caught:
        verify_consistency(8, 8, ROOTS[8], ROOTS[7], [])
    assert caught.value.tree_size == 8
    with pytest.raises(ProofError, match="expected 0 hashes, got 1"):
        verify_consistency(0, 8, EMPTY_ROOT, ROOTS[8], [ROOTS[8]])
    with pytest.raises(ProofError, match="expected 0 hashes, got 1"):
        verify_consistency(8, 8, ROOTS[8], ROOTS[8], [ROOTS[8]])
    path = [N45, N67, ROOTS[4]]
    with pytest.raises(RootMismatch) as caught:
        verify_consistency(6, 8, ROOTS[5], ROOTS[8], path)
    assert (caught.value.tree_size, caught.value.expected) == (6, ROOTS[5])
    with pytest.raises(RootMismatch) as caught:
        verify_consistency(6, 8, ROOTS[6], ROOTS[7], path)
    assert (caught.value.tree_size, caught.value.computed) == (8, ROOTS[8])
