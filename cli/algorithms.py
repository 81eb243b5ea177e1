"""The ledger's digest algorithms as people write them."""

# Every digest alg of ledger/entry.py's DIGEST_SIZES.
ALGORITHM_LABELS = {"sha256": "SHA-256", "sm3": "SM3", "sha512": "SHA-512"}
