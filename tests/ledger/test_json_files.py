"""The one strict JSON reader (ledger/json_files.py): repeated keys and deep nesting refused
with DecodeError, never RecursionError."""

import pytest

from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.json_files import MAX_JSON_DEPTH, json_depth, parse_json


def test_nesting_up_to_the_limit_is_read() -> None:
    text = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert json_depth(parse_json(text.encode(), "x")) == MAX_JSON_DEPTH
    objects = '{"a":' * MAX_JSON_DEPTH + "1" + "}" * MAX_JSON_DEPTH
    assert json_depth(parse_json(objects.encode(), "x")) == MAX_JSON_DEPTH


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 900, 50_000, 100_000])
def test_deeper_nesting_is_refused_whatever_the_depth(depth: int) -> None:
    with pytest.raises(
        DecodeError, match=f"the bundle nests arrays and objects deeper than {MAX_JSON_DEPTH}"
    ):
        parse_json(b"[" * depth + b"]" * depth, "the bundle")


@pytest.mark.parametrize("depth", [50_000, 100_000])
def test_deep_unterminated_nesting_is_refused(depth: int) -> None:
    with pytest.raises(DecodeError, match="deeper than"):
        parse_json(b"[" * depth, "the bundle")  # as an attacker sends it: never closed


def test_a_key_given_twice_in_one_object_is_refused_at_any_depth() -> None:
    with pytest.raises(DecodeError, match="key 'a' appears twice"):
        parse_json(b'{"x": [{"a": 1, "b": 2, "a": 1}]}', "x")
    assert parse_json(b'[{"a": 1}, {"a": 2}]', "x") == [{"a": 1}, {"a": 2}]


def test_constants_are_refused_when_asked() -> None:
    assert parse_json(b"[NaN]", "x")[0] != parse_json(b"[NaN]", "x")[0]
    for constant in (b"NaN", b"Infinity", b"-Infinity"):
        with pytest.raises(DecodeError, match="is not a JSON number"):
            parse_json(b"[" + constant + b"]", "the body", allow_nan=False)


def test_size_and_encoding_are_checked_first() -> None:
    with pytest.raises(DecodeError, match="the body is over 3 bytes"):
        parse_json(b"[11]", "the body", 3)
    with pytest.raises(DecodeError, match="not UTF-8 JSON"):
        parse_json(b'["\xff"]', "x")


@pytest.mark.parametrize(
    ("value", "depth"),
    [(0, 0), ("a", 0), ([], 1), ({}, 1), ([[1], {"a": [2]}], 3), ({"a": {"b": {}}}, 3)],
)
def test_depth_counts_arrays_and_objects(value: object, depth: int) -> None:
    assert json_depth(value) == depth
