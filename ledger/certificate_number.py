"""The certificate number: a short number a person can read out for a record.

It is the first 8 bytes of the entry id (a big-endian unsigned integer) modulo 10^16, as 16
decimal digits with leading zeros, in four groups of four ("0123 4567 8901 2345"). The page,
the certificate and `cunzheng verify` all show it; it names the record for people, while
the entry id (64 hex digits) is what every check uses.
"""

from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.hashing import HASH_SIZE

DIGITS = 16
GROUP = 4


def certificate_number(entry_id: bytes) -> str:
    """The certificate number of the record with this entry id (32 bytes).

    Raises DecodeError for an id of another length.
    """
    if not isinstance(entry_id, bytes) or len(entry_id) != HASH_SIZE:
        raise DecodeError(f"an entry id is {HASH_SIZE} bytes, got {entry_id!r:.80}")
    digits = f"{int.from_bytes(entry_id[:8], 'big') % 10**DIGITS:0{DIGITS}d}"
    return " ".join(digits[start : start + GROUP] for start in range(0, DIGITS, GROUP))
