"""The proof-bundle parser under fuzzing: any mutation of a valid bundle is either still
valid (a no-op change) or refused with a LedgerError carrying a reason code; nothing else
ever escapes."""

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cunzheng.ledger.bundle import verify_bundle
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.reasons import REASONS
from tests.support.chain_factory import build_chain, sample_entry

JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.text(max_size=80),
    st.text(alphabet="0123456789abcdef", min_size=0, max_size=140),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def valid_bundle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path: Path = tmp_path_factory.mktemp("bundle") / "store"
    chain = build_chain(path, [[sample_entry(n) for n in range(5)]], validators=4)
    try:
        return chain.bundle(sample_entry(3))
    finally:
        chain.close()


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _replace(bundle: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    mutated = copy.deepcopy(bundle)
    target = mutated
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return mutated


def _check(bundle: Any) -> None:
    try:
        verify_bundle(json.loads(json.dumps(bundle)))
    except LedgerError as err:  # every refusal names the check that refused (docs/verdicts.md)
        assert err.reason_code in REASONS, repr(err)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_replacing_any_part_never_escapes_ledger_errors(
    valid_bundle: dict[str, Any], data: st.DataObject
) -> None:
    paths = _paths(valid_bundle)
    path = data.draw(st.sampled_from(paths))
    _check(_replace(valid_bundle, path, data.draw(JSON_VALUES)))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_flipping_hex_digits_is_refused(valid_bundle: dict[str, Any], data: st.DataObject) -> None:
    hex_fields = [
        path
        for path in _paths(valid_bundle)
        if path
        and isinstance(_value(valid_bundle, path), str)
        and _is_hex(_value(valid_bundle, path))
        and path[0] in {"leaf", "header_bytes", "commit_bytes", "inclusion"}
    ]
    path = data.draw(st.sampled_from(hex_fields))
    text = _value(valid_bundle, path)
    position = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    digit = "0123456789abcdef"[(int(text[position], 16) + data.draw(st.integers(1, 15))) % 16]
    with pytest.raises(LedgerError) as caught:
        verify_bundle(_replace(valid_bundle, path, text[:position] + digit + text[position + 1 :]))
    assert caught.value.reason_code in REASONS


def _value(bundle: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        bundle = bundle[step]
    return bundle


def _is_hex(text: str) -> bool:
    return len(text) >= 2 and all(c in "0123456789abcdef" for c in text)
