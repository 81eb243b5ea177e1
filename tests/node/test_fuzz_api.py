"""Fuzzing a real node process: no input gets a 5xx, crashes the node, or changes the ledger
unless it was accepted (docs/http-api.md, "Errors": a bad request changes nothing).

Schemathesis generates requests for every operation of the served OpenAPI document, valid and
invalid ones, and again for the operations that read integers, with odd texts in their place
(other scripts' digits, signs, spaces, separators, huge numbers); hypothesis posts arbitrary
bytes and JSON under both accepted media types.
"""

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgpack
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from cunzheng.node.api.openapi import openapi_document
from cunzheng.node.api.params import MAX_INT_DIGITS
from tests.support.processes import http_json, start_node, stop, wait_ready, write_homes

MEDIA_TYPES = ("application/json", "application/msgpack")
SCHEMATHESIS_EXAMPLES = 40
ODD_INTEGER_EXAMPLES = 25  # per operation that reads an integer
RAW_EXAMPLES = 150
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.text(max_size=40)
    | st.sampled_from(["ab" * 32, "sha256", "sm3", "sha512", "", "00" * 64]),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(["digest", "alg", "kind", "meta", "entries", "submitter", "signature"])
            | st.text(max_size=8),
            children,
            max_size=6,
        )
    ),
    max_leaves=20,
)


@schemathesis.serializer("application/msgpack")
def _msgpack_body(context: Any, value: Any) -> bytes:
    try:
        return bytes(msgpack.packb(value, use_bin_type=True))
    except (OverflowError, TypeError, ValueError):
        return b"\xc1"  # a byte msgpack never uses: the node must refuse it with 400


@pytest.fixture(scope="module")
def node_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A lone notary process with a few committed entries and rate limits out of the way."""
    _, (home,), (url,) = write_homes(tmp_path_factory.mktemp("fuzz"), 1)
    config = home / "config.toml"
    text = config.read_text("utf-8")
    assert "\nrate_per_s = 50 " in text
    config.write_text(text.replace("\nrate_per_s = 50 ", "\nrate_per_s = 0  "), "utf-8")
    process = start_node(home)
    try:
        wait_ready(url, process)
        entries = [{"digest": f"{n:064x}"} for n in range(20)]
        assert http_json(f"{url}/v1/entries", {"entries": entries})[0] == 202
        deadline = time.monotonic() + 20
        while _entries_known(url)[0] < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
        yield url
        assert process.poll() is None, "the node crashed"
        assert http_json(f"{url}/healthz")[0] == 200
    finally:
        stop(process)


def _entries_known(url: str) -> tuple[int, int]:
    """(committed, committed + pending): refused requests leave the second unchanged, even
    while blocks move entries from pending to committed."""
    status = http_json(f"{url}/v1/status")[1]
    return status["ledger_size"], status["ledger_size"] + status["mempool_size"]


# The document the node serves; test_the_served_document_is_the_one_fuzzed checks that it is.
schema = schemathesis.openapi.from_dict(openapi_document())
schema.config.generation.update(
    modes=list(schemathesis.GenerationMode), max_examples=SCHEMATHESIS_EXAMPLES
)


def test_the_served_document_is_the_one_fuzzed(node_url: str) -> None:
    assert http_json(f"{node_url}/v1/openapi.json")[1] == openapi_document()


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_no_operation_fails_or_changes_the_ledger_when_refused(case: Any, node_url: str) -> None:
    before = _entries_known(node_url)[1]
    response = case.call(base_url=node_url)
    case.validate_response(response, checks=[not_a_server_error])
    if response.status_code >= 400:
        assert _entries_known(node_url)[1] == before, f"{response.status_code} changed the ledger"


def test_the_document_is_valid_openapi_3_1() -> None:
    schemathesis.openapi.from_dict(openapi_document()).validate()


INTEGER_PARAMETERS = frozenset({"height", "ledger_size", "from", "to", "limit"})
ODD_INTEGER_TEXTS = st.one_of(
    st.text(st.characters(categories=["Nd", "No", "Zs"]), min_size=1, max_size=6),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.from_regex(r"[ +-]?[0-9]{1,3}(_[0-9]{3}){0,3} ?", fullmatch=True),
    st.sampled_from(["²", "１２", "١", "٣٤", "+1", " 1", "1 ", "1_000", "0x10", "1e3", "1.0"]),
    st.just("9" * (MAX_INT_DIGITS + 1)),
)
_READABLE_INTEGER = re.compile(rf"[0-9]{{1,{MAX_INT_DIGITS}}}")


def _odd_integers(context: Any, values: dict[str, Any] | None) -> Any:
    """Each integer parameter of `values` replaced by an odd text (a schemathesis flatmap)."""
    values = values or {}
    return st.fixed_dictionaries(
        {
            name: ODD_INTEGER_TEXTS if name in INTEGER_PARAMETERS else st.just(value)
            for name, value in values.items()
        }
    )


odd_schema = schemathesis.openapi.from_dict(openapi_document()).include(
    path=["/v1/blocks/{height}", "/v1/blocks", "/v1/consistency", "/v1/timestamps/{ledger_size}"]
)
odd_schema.config.generation.update(max_examples=ODD_INTEGER_EXAMPLES)


@odd_schema.hooks.apply(_odd_integers, name="flatmap_path_parameters")
@odd_schema.hooks.apply(_odd_integers, name="flatmap_query")
@odd_schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_odd_integers_are_refused_with_400(case: Any, node_url: str) -> None:
    response = case.call(base_url=node_url)
    case.validate_response(response, checks=[not_a_server_error])
    texts = {**(case.path_parameters or {}), **(case.query or {})}
    odd = [str(v) for k, v in texts.items() if k in INTEGER_PARAMETERS]
    if any(_READABLE_INTEGER.fullmatch(text) is None for text in odd):
        assert response.status_code == 400, (texts, response.text)
        assert response.json()["error"]["code"] == "bad_request"


def _post(url: str, body: bytes, media_type: str) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"{url}/v1/entries", data=body, method="POST", headers={"Content-Type": media_type}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        with err:
            return err.code, json.loads(err.read())


def _encoded(value: Any, media_type: str) -> bytes:
    if media_type == "application/json":
        return json.dumps(value).encode("utf-8")
    return bytes(msgpack.packb(value, use_bin_type=True))


@settings(max_examples=RAW_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    body=st.binary(max_size=300) | JSON_VALUES.map(lambda value: ("value", value)),
    media_type=st.sampled_from(MEDIA_TYPES),
)
def test_arbitrary_bodies_are_refused_cleanly(
    node_url: str, body: bytes | tuple[str, Any], media_type: str
) -> None:
    data = body if isinstance(body, bytes) else _encoded(body[1], media_type)
    before = _entries_known(node_url)[1]
    status, answer = _post(node_url, data, media_type)
    assert status in (202, 400, 413, 415), (status, answer)
    if status == 202:
        return
    assert set(answer) == {"error"} and answer["error"]["code"] and answer["error"]["message"]
    assert _entries_known(node_url)[1] == before, f"a refused body changed the ledger: {answer}"


def test_an_oversized_body_is_refused_with_413(node_url: str) -> None:
    before = _entries_known(node_url)[1]
    status, answer = _post(node_url, b"[" * (5 * 1024 * 1024), "application/json")
    assert status == 413 and answer["error"]["code"] == "body_too_large"
    assert _entries_known(node_url)[1] == before


def test_the_fuzzed_node_still_serves_proofs(node_url: str, tmp_path: Path) -> None:
    committed, _ = _entries_known(node_url)
    assert committed >= 20
    status, block = http_json(f"{node_url}/v1/blocks/1")
    assert status == 200 and block["ids"]
    assert http_json(f"{node_url}/v1/proofs/{block['ids'][0]}")[0] == 200
