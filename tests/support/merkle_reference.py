"""RFC 9162 §2.1 written straight from the text, recursively: the reference the fast Merkle
code of ledger/merkle.py and ledger/compact.py is checked against. Slow on purpose; tests
only."""

from collections.abc import Sequence
from hashlib import sha256


def naive_k(n: int) -> int:
    """The k of RFC 9162 §2.1.1: the largest power of two smaller than n (n > 1)."""
    k = 1
    while 2 * k < n:
        k *= 2
    return k


def naive_mth(leaves: Sequence[bytes]) -> bytes:
    """RFC 9162 §2.1.1 MTH over already-hashed leaves."""
    if not leaves:
        return sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = naive_k(len(leaves))
    return sha256(b"\x01" + naive_mth(leaves[:k]) + naive_mth(leaves[k:])).digest()


def naive_path(m: int, leaves: Sequence[bytes]) -> list[bytes]:
    """RFC 9162 §2.1.3.1 PATH(m, D[n])."""
    if len(leaves) == 1:
        return []
    k = naive_k(len(leaves))
    if m < k:
        return [*naive_path(m, leaves[:k]), naive_mth(leaves[k:])]
    return [*naive_path(m - k, leaves[k:]), naive_mth(leaves[:k])]


def naive_subproof(m: int, leaves: Sequence[bytes], whole: bool) -> list[bytes]:
    """RFC 9162 §2.1.4.1 SUBPROOF(m, D[n], b), for 0 < m <= n."""
    if m == len(leaves):
        return [] if whole else [naive_mth(leaves)]
    k = naive_k(len(leaves))
    if m <= k:
        return [*naive_subproof(m, leaves[:k], whole), naive_mth(leaves[k:])]
    return [*naive_subproof(m - k, leaves[k:], False), naive_mth(leaves[:k])]


def naive_consistency_path(first: int, leaves: Sequence[bytes]) -> list[bytes]:
    """RFC 9162 §2.1.4.1 PROOF(first, D[n]); empty for first = 0, which the RFC leaves out."""
    return [] if first == 0 else naive_subproof(first, leaves, True)
