"""Canonical msgpack encoding of ledger objects (docs/formats.md, "Canonical encoding").

Every ledger object is a msgpack array, version first. Only ints, bytes, UTF-8 str, nil,
arrays and str-keyed maps (keys sorted) may appear; no floats, booleans or ext types.
`unpack` accepts bytes only if packing the result gives the very same bytes, so every
object has exactly one encoding and hashes and signatures are over that encoding.
"""

from typing import Any

import msgpack

from cunzheng.ledger.errors import DecodeError

MAX_DEPTH = 8
MAX_INT = 2**63 - 1
MIN_INT = -(2**63)


_SCALARS = frozenset({bytes, str, type(None)})


def _check_int(value: int) -> None:
    if not MIN_INT <= value <= MAX_INT:
        raise DecodeError(f"integer {value} is outside the signed 64-bit range")


def _check_keys(keys: list[Any]) -> None:
    # Check the key type first: sorting a mix of str and bytes keys raises TypeError.
    if not all(type(key) is str for key in keys):
        raise DecodeError("map keys must be strings")
    if keys != sorted(keys):
        raise DecodeError("map keys are not sorted")


def _canonical(value: Any, depth: int) -> Any:
    """Return `value` with maps key-sorted, rejecting types the format does not allow."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is int:
        _check_int(value)
        return value
    if depth >= MAX_DEPTH:
        raise DecodeError(f"nesting deeper than {MAX_DEPTH} levels")
    if kind is list or kind is tuple:
        return [item if type(item) in _SCALARS else _canonical(item, depth + 1) for item in value]
    if kind is dict:
        if not all(type(key) is str for key in value):
            raise DecodeError("map keys must be strings")
        return {key: _canonical(value[key], depth + 1) for key in sorted(value)}
    raise DecodeError(f"type {kind.__name__} is not part of the canonical encoding")


def _check_decoded(value: Any) -> None:
    """Reject what msgpack can hold but the canonical encoding does not: floats, booleans,
    integers beyond signed 64 bits, unsorted maps, deep nesting. (Non-minimal lengths are
    caught by re-encoding.) Iterative, as it runs on every entry a node receives."""
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        kind = type(item)
        if kind in _SCALARS:
            continue
        if kind is int:
            _check_int(item)
            continue
        if depth >= MAX_DEPTH:
            raise DecodeError(f"nesting deeper than {MAX_DEPTH} levels")
        if kind is list:
            pending.extend((child, depth + 1) for child in item if type(child) not in _SCALARS)
        elif kind is dict:
            _check_keys(list(item))
            pending.extend((child, depth + 1) for child in item.values())
        else:
            raise DecodeError(f"type {kind.__name__} is not part of the canonical encoding")


def pack(value: Any) -> bytes:
    """Canonical msgpack bytes of `value`: arrays, maps with sorted str keys, ints, bytes, str, nil.

    Raises DecodeError for floats, booleans, other types, out-of-range ints, deep nesting or
    strings that UTF-8 cannot encode.
    """
    try:
        return bytes(msgpack.packb(_canonical(value, 0), use_bin_type=True))
    except UnicodeEncodeError as err:
        raise DecodeError(f"a string is not valid Unicode text (lone surrogate): {err}") from err


def pack_canonical(value: Any) -> bytes:
    """pack(value) for a value already in canonical form, which is not checked again.

    Requires what pack would return unchanged: exact built-in types only, integers within
    signed 64 bits, maps with str keys in sorted order, at most MAX_DEPTH levels deep. Raises
    DecodeError, as pack does, for strings that UTF-8 cannot encode.
    """
    try:
        return bytes(msgpack.packb(value, use_bin_type=True))
    except UnicodeEncodeError as err:
        raise DecodeError(f"a string is not valid Unicode text (lone surrogate): {err}") from err


def _reject_ext(code: int, data: bytes) -> Any:
    raise DecodeError(f"msgpack ext type {code} is not part of the canonical encoding")


def unpack(data: bytes, *, max_size: int) -> Any:
    """Decode canonical msgpack bytes.

    Requires len(data) <= max_size. Raises DecodeError for over-long input, malformed
    msgpack, trailing bytes, invalid UTF-8, disallowed types, deep nesting, or bytes that
    are valid msgpack but not the canonical encoding of what they hold.
    """
    if len(data) > max_size:
        raise DecodeError(f"encoding is {len(data)} bytes, the limit is {max_size}")
    try:
        value = msgpack.unpackb(
            data,
            raw=False,
            use_list=True,
            strict_map_key=True,
            ext_hook=_reject_ext,
        )
    except msgpack.ExtraData as err:
        raise DecodeError("trailing bytes after the encoded object") from err
    except msgpack.StackError as err:  # the C unpacker's own depth limit, far above ours
        raise DecodeError(f"nesting deeper than {MAX_DEPTH} levels") from err
    except DecodeError:
        raise
    except (ValueError, TypeError, msgpack.UnpackException) as err:
        raise DecodeError(f"malformed msgpack ({type(err).__name__}: {err})") from err
    _check_decoded(value)
    if msgpack.packb(value, use_bin_type=True) != data:
        raise DecodeError(
            "bytes are not the canonical encoding (non-minimal integers or lengths, unsorted "
            "map keys, str used for binary, or a float)"
        )
    return value


def expect_array(value: Any, *, name: str, version: int, fields: int) -> list[Any]:
    """Check that `value` is `[version, …]` with `fields` items in all; return it.

    Raises DecodeError naming the object when the shape or version is wrong.
    """
    if not isinstance(value, list):
        raise DecodeError(f"{name} must be a msgpack array, got {type(value).__name__}")
    if len(value) != fields:
        raise DecodeError(f"{name} must have {fields} fields, got {len(value)}")
    if value[0] != version:
        raise DecodeError(f"{name} version {value[0]!r} is not supported (expected {version})")
    return value
