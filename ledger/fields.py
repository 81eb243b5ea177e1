"""Checks on single fields of ledger objects, shared by every object's __post_init__."""

import re
from typing import Any

from cunzheng.ledger.errors import DecodeError

MAX_UINT = 2**63 - 1
_LOWER_HEX = re.compile(r"(?:[0-9a-f]{2})*")


def check_bytes(value: Any, name: str, size: int | None = None, *, optional: bool = False) -> None:
    """Raise DecodeError unless `value` is bytes (of `size` bytes if given), or None if optional."""
    if value is None and optional:
        return
    if not isinstance(value, bytes):
        raise DecodeError(f"{name} must be bytes, got {type(value).__name__}")
    if size is not None and len(value) != size:
        raise DecodeError(f"{name} must be {size} bytes, got {len(value)}")


def check_int(value: Any, name: str, minimum: int = 0, *, optional: bool = False) -> None:
    """Raise DecodeError unless `value` is an int in [minimum, 2^63), or None if optional."""
    if value is None and optional:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise DecodeError(f"{name} must be an integer, got {type(value).__name__}")
    if not minimum <= value <= MAX_UINT:
        raise DecodeError(f"{name} must be between {minimum} and {MAX_UINT}, got {value}")


def check_str(value: Any, name: str, max_length: int) -> None:
    """Raise DecodeError unless `value` is a str of at most `max_length` characters."""
    if not isinstance(value, str):
        raise DecodeError(f"{name} must be a string, got {type(value).__name__}")
    if len(value) > max_length:
        raise DecodeError(f"{name} is {len(value)} characters, the limit is {max_length}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:  # a lone surrogate, e.g. from JSON "\ud800"
        raise DecodeError(f"{name} is not valid Unicode text: {err}") from err


def check_hex(
    value: Any, name: str, size: int | None = None, *, optional: bool = False
) -> bytes | None:
    """Parse a lowercase-hex JSON field into bytes, checking its length.

    Returns None if `optional` and `value` is None; raises DecodeError otherwise.
    """
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise DecodeError(f"{name} must be a hex string, got {type(value).__name__}")
    if value != value.lower():
        raise DecodeError(f"{name} must be lowercase hex")
    # bytes.fromhex alone would also accept whitespace between and around the digits.
    if not _LOWER_HEX.fullmatch(value):
        raise DecodeError(f"{name} is not valid hex: expected pairs of digits 0-9, a-f only")
    raw = bytes.fromhex(value)
    if size is not None and len(raw) != size:
        raise DecodeError(f"{name} must be {size} bytes ({2 * size} hex digits), got {len(raw)}")
    return raw


def check_fields(obj: Any, name: str, allowed: set[str], required: set[str]) -> None:
    """Raise DecodeError unless `obj` is a JSON object with only `allowed` keys, all `required`."""
    if not isinstance(obj, dict):
        raise DecodeError(f"{name} must be a JSON object, got {type(obj).__name__}")
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise DecodeError(f"{name} has unknown fields: {', '.join(unknown)}")
    missing = sorted(required - set(obj))
    if missing:
        raise DecodeError(f"{name} is missing fields: {', '.join(missing)}")
