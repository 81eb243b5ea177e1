"""Tests for ledger/encoding.py: canonical msgpack, strict decoding, and fuzzing of `unpack`.

Byte strings below are written by hand from the msgpack spec
(https://github.com/msgpack/msgpack/blob/master/spec.md), not produced by our encoder.
"""

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cunzheng.ledger import encoding
from cunzheng.ledger.encoding import MAX_DEPTH, MAX_INT, MIN_INT, expect_array, pack, unpack
from cunzheng.ledger.errors import DecodeError

LIMIT = 1 << 20


def decode(hex_bytes: str, max_size: int = LIMIT) -> Any:
    return unpack(bytes.fromhex(hex_bytes), max_size=max_size)


# ---------------------------------------------------------------------------- known answers


@pytest.mark.parametrize(
    ("value", "hex_bytes"),
    [
        (0, "00"),  # positive fixint
        (127, "7f"),
        (128, "cc80"),  # uint8
        (256, "cd0100"),  # uint16
        (65536, "ce00010000"),  # uint32
        (2**32, "cf0000000100000000"),  # uint64
        (MAX_INT, "cf7fffffffffffffff"),
        (-1, "ff"),  # negative fixint
        (-32, "e0"),
        (-33, "d0df"),  # int8
        (-129, "d1ff7f"),  # int16
        (MIN_INT, "d38000000000000000"),  # int64
        (None, "c0"),
        ("", "a0"),  # fixstr
        ("a" * 31, "bf" + "61" * 31),
        ("a" * 32, "d920" + "61" * 32),  # str8 from 32 bytes on
        ("存", "a3e5ad98"),  # UTF-8 of U+5B58
        (b"", "c400"),  # bin8, even when empty: bin has no fix form
        (b"\x00" * 256, "c50100" + "00" * 256),  # bin16
        ([], "90"),
        ([1, [2]], "92019102"),
        ({}, "80"),
        ({"b": 1, "a": 2}, "82a16102a16201"),  # keys sorted on the way out
        ((1, 2), "920102"),  # tuples pack as arrays
    ],
)
def test_pack_known_answers(value: Any, hex_bytes: str) -> None:
    assert pack(value).hex() == hex_bytes
    assert decode(hex_bytes) == encoding_canonical(value)


# ---------------------------------------------------------------------- non-canonical input


NON_CANONICAL = [
    # (name, hand-written bytes, expected message fragment)
    ("uint8 for 1", "cc01", "not the canonical encoding"),
    ("uint16 for 1", "cd0001", "not the canonical encoding"),
    ("uint32 for 256", "ce00000100", "not the canonical encoding"),
    ("uint64 for 1", "cf0000000000000001", "not the canonical encoding"),
    ("int8 for 1", "d001", "not the canonical encoding"),
    ("int8 for -1", "d0ff", "not the canonical encoding"),
    ("int64 for -1", "d3ffffffffffffffff", "not the canonical encoding"),
    ("str8 for a short str", "d90161", "not the canonical encoding"),
    ("str16 for a short str", "da000161", "not the canonical encoding"),
    ("str32 for a short str", "db0000000161", "not the canonical encoding"),
    ("bin16 for short bytes", "c5000100", "not the canonical encoding"),
    ("bin32 for short bytes", "c60000000100", "not the canonical encoding"),
    ("array16 for [1]", "dc000101", "not the canonical encoding"),
    ("map16 for {a: 1}", "de0001a16101", "not the canonical encoding"),
    ("unsorted map keys", "82a16201a16102", "map keys are not sorted"),
    ("repeated map key", "82a16101a16102", "not the canonical encoding"),
    ("float32", "ca3f800000", "float"),
    ("float64", "cb3ff0000000000000", "float"),
    ("float inside an array", "9201ca3f800000", "float"),
    ("false", "c2", "bool"),
    ("true", "c3", "bool"),
    ("fixext1", "d40500", "ext type 5"),
    ("ext8", "c7010500", "ext type 5"),
    ("timestamp ext -1", "d6ff00000001", "Timestamp"),
    ("bytes map key", "81c4016101", "map keys must be strings"),
    ("int map key", "810101", "malformed msgpack"),
    ("str and bytes keys", "82a16101c4016202", "map keys must be strings"),
    ("uint64 above 2^63 - 1", "cf8000000000000000", "signed 64-bit"),
    ("uint64 max", "cfffffffffffffffff", "signed 64-bit"),
    ("reserved byte 0xc1", "c1", "malformed msgpack"),
]


@pytest.mark.parametrize(
    ("hex_bytes", "message"),
    [(hex_bytes, message) for _, hex_bytes, message in NON_CANONICAL],
    ids=[name for name, _, _ in NON_CANONICAL],
)
def test_decode_rejects_non_canonical_bytes(hex_bytes: str, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        decode(hex_bytes)


@pytest.mark.parametrize(
    "hex_bytes",
    [
        "0101",  # 1, then another 1
        "c000",  # nil, then 0
        "9101c0",  # [1], then nil
        "a16100",  # "a", then 0
    ],
)
def test_decode_rejects_trailing_bytes(hex_bytes: str) -> None:
    with pytest.raises(DecodeError, match="trailing bytes"):
        decode(hex_bytes)


@pytest.mark.parametrize(
    "hex_bytes",
    [
        "",  # nothing at all
        "cd01",  # uint16 missing a byte
        "cf00000000",  # uint64 missing 4 bytes
        "c420" + "00" * 31,  # bin8 of 32 with 31 bytes
        "a36162",  # fixstr of 3 with 2 bytes
        "9201",  # array of 2 with 1 item
        "82a16101a162",  # map of 2 missing the last value
        "dc00",  # array16 header cut short
        "dd0000ffff",  # array32 of 65535 items, none there
    ],
)
def test_decode_rejects_truncated_input(hex_bytes: str) -> None:
    with pytest.raises(DecodeError, match="malformed msgpack"):
        decode(hex_bytes)


def test_decode_rejects_over_long_input_before_parsing() -> None:
    data = pack(b"\x00" * 100)  # c4 64 then 100 zeros: 102 bytes
    assert unpack(data, max_size=102) == b"\x00" * 100
    with pytest.raises(DecodeError, match="102 bytes, the limit is 101"):
        unpack(data, max_size=101)
    # Even garbage is refused for its size before msgpack sees it.
    with pytest.raises(DecodeError, match="the limit is 1"):
        unpack(b"\xc1\xc1", max_size=1)


def nested_arrays(levels: int) -> bytes:
    """`levels` fixarrays of one item each around a nil: 0x91 … 0x91 0xc0."""
    return b"\x91" * levels + b"\xc0"


def test_decode_nesting_limit() -> None:
    assert unpack(nested_arrays(MAX_DEPTH), max_size=LIMIT) is not None
    with pytest.raises(DecodeError, match=f"nesting deeper than {MAX_DEPTH} levels"):
        unpack(nested_arrays(MAX_DEPTH + 1), max_size=LIMIT)
    # Far past msgpack's own stack limit: still a DecodeError, never a crash.
    with pytest.raises(DecodeError, match="nesting deeper"):
        unpack(nested_arrays(100_000), max_size=LIMIT)
    # Maps count as levels too: {"a": {"a": … nil}}.
    with pytest.raises(DecodeError, match="nesting deeper"):
        unpack(b"\x81\xa1a" * (MAX_DEPTH + 1) + b"\xc0", max_size=LIMIT)


def test_pack_nesting_limit_matches_decode() -> None:
    value: Any = None
    for _ in range(MAX_DEPTH):
        value = [value]
    assert pack(value) == nested_arrays(MAX_DEPTH)
    with pytest.raises(DecodeError, match="nesting deeper"):
        pack([value])


@pytest.mark.parametrize(
    "hex_bytes",
    [
        "a1ff",  # 0xff is never UTF-8
        "a2c328",  # lead byte without its continuation
        "a2c080",  # overlong encoding of U+0000
        "a3eda080",  # UTF-8 of the surrogate U+D800
        "a4f4908080",  # beyond U+10FFFF
        "81a1ff01",  # invalid UTF-8 as a map key
    ],
)
def test_decode_rejects_invalid_utf8(hex_bytes: str) -> None:
    with pytest.raises(DecodeError, match="malformed msgpack"):
        decode(hex_bytes)


# -------------------------------------------------------------------- what pack refuses


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1.0, "float"),
        (True, "bool"),
        ([False], "bool"),
        (bytearray(b"x"), "bytearray"),
        ({1: "a"}, "map keys must be strings"),
        ({b"a": "a"}, "map keys must be strings"),
        (MAX_INT + 1, "signed 64-bit"),
        (MIN_INT - 1, "signed 64-bit"),
        ("\ud800", "not valid Unicode"),  # a lone surrogate, as json.loads('"\\ud800"') gives
        ({"\udfff": ""}, "not valid Unicode"),
        ({1, 2}, "set"),
    ],
)
def test_pack_rejects_what_the_format_does_not_hold(value: Any, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        pack(value)


# --------------------------------------------------------------------------- expect_array


def test_expect_array() -> None:
    assert expect_array([1, "x"], name="Thing", version=1, fields=2) == [1, "x"]
    with pytest.raises(DecodeError, match="Thing must be a msgpack array, got dict"):
        expect_array({}, name="Thing", version=1, fields=2)
    with pytest.raises(DecodeError, match="Thing must have 2 fields, got 3"):
        expect_array([1, "x", "y"], name="Thing", version=1, fields=2)
    with pytest.raises(DecodeError, match="Thing must have 2 fields, got 0"):
        expect_array([], name="Thing", version=1, fields=2)
    with pytest.raises(DecodeError, match="Thing version 2 is not supported"):
        expect_array([2, "x"], name="Thing", version=1, fields=2)
    with pytest.raises(DecodeError, match="version None is not supported"):
        expect_array([None, "x"], name="Thing", version=1, fields=2)


# ----------------------------------------------------------------------------- properties


def encoding_canonical(value: Any) -> Any:
    """What unpack returns for pack(value): tuples become lists, maps come back key-sorted."""
    if isinstance(value, list | tuple):
        return [encoding_canonical(item) for item in value]
    if isinstance(value, dict):
        return {key: encoding_canonical(value[key]) for key in sorted(value)}
    return value


LEAVES = (
    st.none()
    | st.integers(min_value=MIN_INT, max_value=MAX_INT)
    | st.binary(max_size=40)
    | st.text(max_size=40)
)


def nested(depth: int) -> st.SearchStrategy[Any]:
    """Values of the canonical types, at most `depth` containers deep."""
    if depth == 0:
        return LEAVES
    inner = nested(depth - 1)
    return (
        LEAVES
        | st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    )


VALUES = nested(6)


def assert_keys_sorted(value: Any) -> None:
    if isinstance(value, dict):
        assert list(value) == sorted(value)
        for item in value.values():
            assert_keys_sorted(item)
    elif isinstance(value, list):
        for item in value:
            assert_keys_sorted(item)


@settings(max_examples=300)
@given(VALUES)
def test_unpack_of_pack_is_the_canonical_form(value: Any) -> None:
    data = pack(value)
    decoded = unpack(data, max_size=len(data))
    assert decoded == encoding_canonical(value)
    assert_keys_sorted(decoded)
    assert pack(decoded) == data  # and pack(unpack(b)) == b


def unpack_or_decode_error(data: bytes) -> None:
    """unpack either returns a value that packs back to `data`, or raises DecodeError."""
    try:
        value = unpack(data, max_size=LIMIT)
    except DecodeError as err:
        assert str(err), "a DecodeError must say what was wrong"
        return
    assert pack(value) == data


@settings(max_examples=1000)
@given(st.binary(max_size=64))
def test_fuzz_random_bytes_only_raise_decode_error(data: bytes) -> None:
    unpack_or_decode_error(data)


@settings(max_examples=500)
@given(VALUES, st.data())
def test_fuzz_mutated_encodings_only_raise_decode_error(value: Any, data: st.DataObject) -> None:
    # Mutating valid encodings reaches deeper into the parser than random bytes do.
    encoded = bytearray(pack(value))
    mutation = data.draw(st.sampled_from(["flip", "truncate", "insert", "replace"]))
    position = data.draw(st.integers(min_value=0, max_value=len(encoded) - 1))
    if mutation == "flip":
        encoded[position] ^= 1 << data.draw(st.integers(min_value=0, max_value=7))
    elif mutation == "truncate":
        del encoded[position:]
    elif mutation == "insert":
        encoded.insert(position, data.draw(st.integers(min_value=0, max_value=255)))
    else:
        encoded[position] = data.draw(st.integers(min_value=0, max_value=255))
    unpack_or_decode_error(bytes(encoded))


def test_module_constants() -> None:
    # docs/formats.md, "Canonical encoding": signed 64-bit ints;
    # MAX_DEPTH bounds the recursion in _check_decoded.
    assert (encoding.MIN_INT, encoding.MAX_INT) == (-(2**63), 2**63 - 1)
    assert MAX_DEPTH >= 6
