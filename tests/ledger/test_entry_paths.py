"""The fast paths of ledger/entry.py agree with its general paths on random inputs.

Each fast path may only step aside (None) or return exactly what the general path returns;
the general path alone words refusals. Inputs are drawn around the common shape the fast
paths take, with every field sometimes of a wrong type, size or range, and as bytes also
mutated, re-packed non-canonically or random.
"""

import contextlib
import copy
import json
from typing import Any

import msgpack
from hypothesis import given, settings
from hypothesis import strategies as st

from cunzheng.ledger import encoding
from cunzheng.ledger.entry import DIGEST_SIZES, JSON_FIELDS, Entry, _from_hex, has_entry_shape
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.fields import MAX_UINT, check_fields, check_hex

FIELD_NAMES = ("digest", "alg", "kind", "meta", "client_time_ms", "submitter", "signature")
CASES = settings(max_examples=400, deadline=None)

GOOD_ALGS = st.sampled_from(sorted(DIGEST_SIZES))
BAD_ALGS = st.sampled_from(["md5", "SHA256", "", None, ["sha256"], 1])
GOOD_KINDS = st.sampled_from(["", "x", "photo", "k" * 64]) | st.text(max_size=64)
BAD_KINDS = st.sampled_from(["k" * 65, "\ud800", "a\udc80", b"k", None, 1])
GOOD_METAS: st.SearchStrategy[Any] = st.just({}) | st.dictionaries(
    st.text(max_size=6), st.text(max_size=8), max_size=4
)
BAD_METAS: st.SearchStrategy[Any] = (
    st.sampled_from([{"k": "\udfff"}, {"\ud800": "v"}, {"k": "x" * 1100}, [], None, {"k": 1}])
    | st.dictionaries(st.integers(0, 3) | st.binary(max_size=2), st.text(max_size=2), max_size=2)
    | st.dictionaries(st.text(max_size=2), st.integers(0, 3) | st.none(), min_size=1, max_size=2)
)
GOOD_TIMES = st.none() | st.integers(0, MAX_UINT) | st.sampled_from([0, MAX_UINT])
BAD_TIMES = st.sampled_from([-1, MAX_UINT + 1, 2**64 - 1, -(2**63), True, False, 1.5, "1"])
BAD_BYTES = st.sampled_from([b"", bytes(31), bytes(33), bytes(63), "00" * 32, bytearray(32)])


def sized(size: int) -> st.SearchStrategy[bytes]:
    return st.binary(min_size=size, max_size=size)


@st.composite
def field_values(draw: st.DrawFn) -> dict[str, Any]:
    """Entry fields: each valid nine times out of ten, else off in type, size or range."""

    def pick(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> Any:
        return draw(bad) if draw(st.integers(0, 9)) == 0 else draw(good)

    alg = pick(GOOD_ALGS, BAD_ALGS)
    size = DIGEST_SIZES.get(alg, 32) if isinstance(alg, str) else 32
    submitter: Any = None
    signature: Any = None
    if draw(st.booleans()):
        submitter = pick(sized(32), BAD_BYTES | st.none())
        signature = pick(sized(64), BAD_BYTES | st.none())
    return {
        "digest": pick(sized(size), BAD_BYTES | sized(64) | st.none()),
        "alg": alg,
        "kind": pick(GOOD_KINDS, BAD_KINDS),
        "meta": pick(GOOD_METAS, BAD_METAS),
        "client_time_ms": pick(GOOD_TIMES, BAD_TIMES),
        "submitter": submitter,
        "signature": signature,
    }


def outcome(make: Any) -> Any:
    """What `make()` returns, or the type and message of what it raises."""
    try:
        return make()
    except (DecodeError, TypeError, ValueError) as err:
        return (type(err), str(err))


def unchecked(fields: dict[str, Any]) -> Entry:
    """An Entry holding `fields` as they are, without any check."""
    entry = object.__new__(Entry)
    for name in FIELD_NAMES:
        object.__setattr__(entry, name, fields[name])
    return entry


def test_the_fast_paths_know_every_field() -> None:
    assert tuple(Entry.__dataclass_fields__) == FIELD_NAMES


@CASES
@given(field_values())
def test_constructor_refuses_as_every_check_in_order(fields: dict[str, Any]) -> None:
    def general() -> Entry:
        entry = unchecked(fields)
        entry._check_fields()
        return entry

    assert outcome(lambda: Entry(**fields)) == outcome(general)
    plain = outcome(lambda: Entry._of_plain(*(fields[name] for name in FIELD_NAMES)))
    assert plain is None or plain == outcome(general)


def general_encoding(entry: Entry) -> Any:
    return outcome(lambda: encoding.pack(entry._fields(entry.submitter, entry.signature)))


@CASES
@given(field_values(), st.data())
def test_encode_is_the_general_packing(fields: dict[str, Any], data: st.DataObject) -> None:
    # A copy: the meta changed below must not be one hypothesis may hand out again.
    fields = copy.deepcopy(fields)
    entry = outcome(lambda: Entry(**fields))
    if not isinstance(entry, Entry):
        return
    assert outcome(entry.encode) == general_encoding(entry)
    payload = outcome(lambda: encoding.pack(entry._fields(entry.submitter, None)))
    assert outcome(entry.signed_payload) == payload
    if isinstance(entry.meta, dict) and data.draw(st.booleans()):
        # meta is a mutable dict: a change after construction is packed as before too
        key = data.draw(st.text(max_size=3))
        value: Any = data.draw(st.text(max_size=3) | st.integers(0, 3) | st.just("\ud800"))
        entry.meta[key] = value
        assert outcome(entry.encode) == general_encoding(entry)


def decode_outcomes(data: bytes) -> None:
    general = outcome(lambda: Entry._decode_general(data))
    assert outcome(lambda: Entry.decode(data)) == general
    plain = outcome(lambda: Entry._decode_plain(data))
    assert plain is None or plain == general
    # The shape predicate, with the canonical re-packing it leaves to its caller, accepts
    # exactly the bytes that decode.
    try:
        fields = msgpack.unpackb(data)
    except Exception:  # msgpack refuses it in one of many ways: no fields to judge
        fields = None
    shaped = has_entry_shape(fields) and msgpack.packb(fields) == data
    assert shaped == isinstance(general, Entry)


def repacked(fields: dict[str, Any], data: st.DataObject) -> bytes:
    """The Entry array of `fields` packed by msgpack as it is: maybe unsorted, maybe not
    canonical, with a version that is sometimes off."""
    version = data.draw(st.sampled_from([1, 1, 1, 2, 0, True, None]))
    values = [version, *(fields[name] for name in FIELD_NAMES)]
    if data.draw(st.integers(0, 5)) == 0:
        values = values[: data.draw(st.integers(0, 8))] + [None] * data.draw(st.integers(0, 1))
    try:
        return bytes(msgpack.packb(values, use_bin_type=data.draw(st.booleans())))
    except (TypeError, ValueError, OverflowError, UnicodeEncodeError):
        return b"\x98\x01"


@CASES
@given(field_values(), st.data())
def test_decode_agrees_with_the_general_path(fields: dict[str, Any], data: st.DataObject) -> None:
    entry = outcome(lambda: Entry(**fields))
    if isinstance(entry, Entry) and data.draw(st.booleans()):
        encoded = bytearray(entry.encode())
        decode_outcomes(bytes(encoded))
        position = data.draw(st.integers(0, len(encoded) - 1))
        mutation = data.draw(st.sampled_from(["flip", "truncate", "insert", "replace", "append"]))
        if mutation == "flip":
            encoded[position] ^= 1 << data.draw(st.integers(0, 7))
        elif mutation == "truncate":
            del encoded[position:]
        elif mutation == "insert":
            encoded.insert(position, data.draw(st.integers(0, 255)))
        elif mutation == "replace":
            encoded[position] = data.draw(st.integers(0, 255))
        else:
            encoded += data.draw(st.binary(min_size=1, max_size=3))
        decode_outcomes(bytes(encoded))
    else:
        decode_outcomes(repacked(fields, data))


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=80))
def test_decode_of_random_bytes_agrees(data: bytes) -> None:
    decode_outcomes(data)


def test_decode_of_other_byte_types_takes_the_general_path() -> None:
    data = Entry(bytes(32), kind="x").encode()
    assert Entry._decode_plain(bytearray(data)) is None  # type: ignore[arg-type]
    assert Entry.decode(bytearray(data)) == Entry.decode(data)  # type: ignore[arg-type]


def reference_from_json(obj: Any) -> Entry:
    """Entry.from_json as it was before its fast path."""
    check_fields(obj, "entry", JSON_FIELDS, {"digest"})
    alg = obj.get("alg", "sha256")
    if not isinstance(alg, str) or alg not in DIGEST_SIZES:
        raise DecodeError(
            f"unknown digest alg {alg!r}; supported: {', '.join(sorted(DIGEST_SIZES))}"
        )
    return Entry(
        digest=check_hex(obj["digest"], "digest", DIGEST_SIZES[alg]) or b"",
        alg=alg,
        kind=obj.get("kind", ""),
        meta=obj.get("meta", {}),
        client_time_ms=obj.get("client_time_ms"),
        submitter=check_hex(obj.get("submitter"), "submitter", 32, optional=True),
        signature=check_hex(obj.get("signature"), "signature", 64, optional=True),
    )


HEX_TEXT = (
    st.binary(max_size=65).map(bytes.hex)
    | st.binary(min_size=32, max_size=32).map(lambda b: b.hex().upper())
    | st.text(alphabet="0123456789abcdefABCDEF \n\t-xg", max_size=130)
    | st.sampled_from(["ab" * 31 + "a b", " " + "ab" * 32, "ab" * 32 + "\n", "٠" * 64])
)


@CASES
@given(field_values(), st.data())
def test_from_json_agrees_with_the_reference(fields: dict[str, Any], data: st.DataObject) -> None:
    obj: dict[str, Any] = {}
    for name, value in fields.items():
        if data.draw(st.integers(0, 4)) == 0 and name != "digest":
            continue  # absent: its default
        if isinstance(value, bytes | bytearray):
            value = value.hex()
        if name in ("digest", "submitter", "signature") and data.draw(st.integers(0, 4)) == 0:
            value = data.draw(HEX_TEXT)
        obj[name] = value
    if data.draw(st.integers(0, 9)) == 0:
        obj[data.draw(st.sampled_from(["id", "Digest", "extra"]))] = 1
    if data.draw(st.integers(0, 9)) == 0:
        del obj["digest"]
    if data.draw(st.booleans()):
        with contextlib.suppress(TypeError, ValueError):  # as the API hands it over
            obj = json.loads(json.dumps(obj))
    assert outcome(lambda: Entry.from_json(obj)) == outcome(lambda: reference_from_json(obj))


@settings(max_examples=500, deadline=None)
@given(HEX_TEXT | st.none() | st.integers(), st.sampled_from([1, 32, 64]))
def test_from_hex_is_check_hex(value: Any, size: int) -> None:
    expected = outcome(lambda: check_hex(value, "digest", size) or b"")
    assert outcome(lambda: _from_hex(value, "digest", size)) == expected


@settings(max_examples=300, deadline=None)
@given(field_values())
def test_pack_canonical_of_a_canonical_value_is_pack(fields: dict[str, Any]) -> None:
    entry = outcome(lambda: Entry(**fields))
    if isinstance(entry, Entry):
        value = encoding.unpack(entry.encode(), max_size=4096)
        assert encoding.pack_canonical(value) == encoding.pack(value) == entry.encode()


def test_the_fast_paths_take_the_common_shape() -> None:
    entry = Entry(bytes(32), kind="x", meta={"b": "2", "a": "1"}, client_time_ms=7)
    assert Entry._decode_plain(entry.encode()) == entry
    assert Entry._of_plain(bytes(32), "sha256", "x", {}, None, None, None) == Entry(
        bytes(32), kind="x"
    )
    signed = Entry(bytes(64), alg="sha512", submitter=bytes(32), signature=bytes(64))
    assert Entry._decode_plain(signed.encode()) == signed
    assert Entry.from_json(signed.to_json()) == signed
