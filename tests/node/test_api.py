"""The public HTTP API of a lone notary: submissions, reads, proofs, and refused input."""

import json
import logging
from typing import Any

import msgpack
import pytest
from aiohttp import ClientPayloadError, web
from aiohttp.test_utils import TestClient
from hypothesis import given
from hypothesis import strategies as st

from cunzheng.ledger.bundle import verify_bundle
from cunzheng.ledger.checkpoint import SignedCheckpoint
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.keys import ENTRY_SIGNATURE_TAG, NodeKey
from cunzheng.ledger.merkle import verify_consistency
from cunzheng.ledger.receipt import Receipt
from cunzheng.ledger.validators import Genesis
from cunzheng.node.api.errors import ApiError, json_errors
from cunzheng.node.api.params import MAX_INT_DIGITS, parse_int
from cunzheng.node.node import Node
from tests.support.fast_node import wait_for_height

DIGEST = "ab" * 32


async def _submit(api: TestClient, body: Any) -> Any:
    response = await api.post("/v1/entries", json=body)
    assert response.status == 202, await response.text()
    return await response.json()


async def test_a_submitted_entry_is_committed_and_proven(api: TestClient, lone_node: Node) -> None:
    answer = await _submit(api, {"digest": DIGEST, "kind": "file", "meta": {"name": "聊天.zip"}})
    expected = Entry(bytes.fromhex(DIGEST), kind="file", meta={"name": "聊天.zip"})
    assert answer["id"] == expected.leaf_hash().hex()
    receipt = Receipt.decode(bytes.fromhex(answer["receipt"]["encoding"]))
    receipt.verify()
    assert receipt.ids == (expected.leaf_hash(),)
    assert receipt.node_public_key == lone_node.key.public_key
    await wait_for_height(lone_node, 1)
    state = await (await api.get(f"/v1/entries/{answer['id']}")).json()
    assert (state["status"], state["height"], state["leaf_index"]) == ("committed", 1, 0)
    bundle = await (await api.get(f"/v1/proofs/{answer['id']}")).json()
    verdict = verify_bundle(bundle, lone_node.genesis)
    assert verdict.entry == expected and verdict.trusted


async def test_resubmitting_is_idempotent(api: TestClient, lone_node: Node) -> None:
    first = await _submit(api, {"digest": DIGEST})
    await wait_for_height(lone_node, 1)
    again = await _submit(api, {"digest": DIGEST})
    assert again["id"] == first["id"] and again["status"] == "committed"
    assert lone_node.store.ledger_size == 1


async def test_a_batch_answers_in_order_with_one_receipt(api: TestClient, lone_node: Node) -> None:
    digests = [f"{n:064x}" for n in range(5)]
    answer = await _submit(api, {"entries": [{"digest": d} for d in digests]})
    ids = [r["id"] for r in answer["results"]]
    assert ids == [Entry(bytes.fromhex(d)).leaf_hash().hex() for d in digests]
    assert Receipt.decode(bytes.fromhex(answer["receipt"]["encoding"])).ids == tuple(
        bytes.fromhex(i) for i in ids
    )
    await wait_for_height(lone_node, 1)
    found = await (await api.get(f"/v1/digests/sha256/{digests[3]}")).json()
    assert [e["id"] for e in found["entries"]] == [ids[3]]


async def test_msgpack_submission(api: TestClient, lone_node: Node) -> None:
    body = msgpack.packb({"digest": bytes(32), "kind": "x"}, use_bin_type=True)
    response = await api.post(
        "/v1/entries", data=body, headers={"Content-Type": "application/msgpack"}
    )
    assert response.status == 202
    assert (await response.json())["id"] == Entry(bytes(32), kind="x").leaf_hash().hex()


async def test_signed_submission_is_accepted(api: TestClient) -> None:
    submitter = NodeKey.from_seed("litigant", bytes(range(32)))
    entry = Entry(bytes.fromhex(DIGEST))
    entry = entry.with_signature(
        submitter.public_key,
        submitter.sign(ENTRY_SIGNATURE_TAG, entry.payload_to_sign(submitter.public_key)),
    )
    answer = await _submit(api, entry.to_json())
    assert answer["id"] == entry.leaf_hash().hex()


def _signed_then_broken() -> dict[str, Any]:
    submitter = NodeKey.from_seed("litigant", bytes(range(32)))
    entry = Entry(bytes.fromhex(DIGEST))
    signature = bytearray(
        submitter.sign(ENTRY_SIGNATURE_TAG, entry.payload_to_sign(submitter.public_key))
    )
    signature[0] ^= 1
    return entry.with_signature(submitter.public_key, bytes(signature)).to_json()


def _too_many() -> dict[str, Any]:
    return {"entries": [{"digest": f"{n:064x}"} for n in range(1001)]}


JSON_CASES = [
    ("wrong digest length", {"digest": "ab" * 31}, 400, "bad_entry"),
    ("digest not hex", {"digest": "zz" * 32}, 400, "bad_entry"),
    ("uppercase hex", {"digest": "AB" * 32}, 400, "bad_entry"),
    ("unknown alg", {"digest": DIGEST, "alg": "md5"}, 400, "bad_entry"),
    ("meta too big", {"digest": DIGEST, "meta": {"k": "v" * 2000}}, 400, "bad_entry"),
    ("meta not strings", {"digest": DIGEST, "meta": {"k": 1}}, 400, "bad_entry"),
    ("float time", {"digest": DIGEST, "client_time_ms": 1.5}, 400, "bad_entry"),
    ("unknown field", {"digest": DIGEST, "note": "x"}, 400, "unknown_fields"),
    ("unknown batch field", {"entries": [{"digest": DIGEST}], "x": 1}, 400, "unknown_fields"),
    ("missing digest", {"kind": "x"}, 400, "bad_entry"),
    ("not an object", [1, 2], 400, "bad_entry"),
    ("empty batch", {"entries": []}, 400, "bad_batch"),
    ("bad signature", _signed_then_broken(), 400, "bad_signature"),
    ("too many entries", _too_many(), 413, "batch_too_large"),
    (
        "one bad entry in a batch",
        {"entries": [{"digest": DIGEST}, {"digest": "00"}]},
        400,
        "bad_entry",
    ),
]


@pytest.mark.parametrize(
    ("case", "body", "status", "code"), JSON_CASES, ids=[c[0] for c in JSON_CASES]
)
async def test_bad_json_submissions_change_nothing(
    api: TestClient, lone_node: Node, case: str, body: Any, status: int, code: str
) -> None:
    response = await api.post("/v1/entries", json=body)
    assert response.status == status, case
    error = (await response.json())["error"]
    assert error["code"] == code and error["message"]
    if case == "one bad entry in a batch":
        assert error["message"].startswith("entry 1:")
    assert lone_node.store.ledger_size == 0 and len(lone_node.mempool) == 0


RAW_CASES = [
    ("malformed json", b'{"digest": ', "application/json", 400, "bad_json"),
    ("json NaN", b'{"digest": NaN}', "application/json", 400, "bad_json"),
    ("malformed msgpack", b"\xc1\x00", "application/msgpack", 400, "bad_msgpack"),
    (
        "non-canonical msgpack",
        b"\x81\xa6digest\xc5\x00\x20" + bytes(32),  # bin16 for 32 bytes: bin8 is canonical
        "application/msgpack",
        400,
        "bad_msgpack",
    ),
    (
        "msgpack trailing bytes",
        msgpack.packb({"digest": bytes(32)}, use_bin_type=True) + b"\x00",
        "application/msgpack",
        400,
        "bad_msgpack",
    ),
    (
        "wrong media type",
        b"digest=ab",
        "application/x-www-form-urlencoded",
        415,
        "unsupported_media_type",
    ),
    ("body too large", b"[" + b"1," * 3_000_000 + b"1]", "application/json", 413, "body_too_large"),
]


@pytest.mark.parametrize(
    ("case", "body", "media", "status", "code"), RAW_CASES, ids=[c[0] for c in RAW_CASES]
)
async def test_bad_bodies_change_nothing(
    api: TestClient, lone_node: Node, case: str, body: bytes, media: str, status: int, code: str
) -> None:
    response = await api.post("/v1/entries", data=body, headers={"Content-Type": media})
    assert response.status == status, case
    assert (await response.json())["error"]["code"] == code
    assert lone_node.store.ledger_size == 0 and len(lone_node.mempool) == 0


async def test_reads_of_blocks_checkpoints_and_consistency(
    api: TestClient, lone_node: Node
) -> None:
    await _submit(api, {"entries": [{"digest": f"{n:064x}"} for n in range(3)]})
    await wait_for_height(lone_node, 1)
    await _submit(api, {"entries": [{"digest": f"{n:064x}"} for n in range(3, 8)]})
    await wait_for_height(lone_node, 2)
    blocks = (await (await api.get("/v1/blocks?from=1&limit=5")).json())["blocks"]
    assert [b["height"] for b in blocks] == [1, 2]
    note = SignedCheckpoint.parse(await (await api.get("/v1/checkpoint")).text())
    assert note.checkpoint.tree_size == 8
    proof = await (await api.get("/v1/consistency?from=3&to=8")).json()
    verify_consistency(
        3,
        8,
        bytes.fromhex(blocks[0]["header"]["ledger_root"]),
        note.checkpoint.root_hash,
        [bytes.fromhex(h) for h in proof["hashes"]],
    )
    status = await (await api.get("/v1/status")).json()
    assert status["height"] == 2 and status["ledger_size"] == 8
    assert status["validators"][0]["vkey"].startswith("notary-a+")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/v1/entries/" + "00" * 32, 404),
        ("/v1/entries/xyz", 400),
        ("/v1/proofs/" + "00" * 32, 404),
        ("/v1/blocks/7", 404),
        ("/v1/blocks/abc", 400),
        ("/v1/blocks/0", 404),
        ("/v1/consistency?from=5&to=2", 400),
        ("/v1/consistency?from=a&to=2", 400),
        ("/v1/digests/md5/00", 400),
        ("/v1/nothing", 404),
    ],
)
async def test_bad_reads_are_json_errors(api: TestClient, path: str, status: int) -> None:
    response = await api.get(path)
    assert response.status == status
    assert (await response.json())["error"]["code"]


# Each is an integer to Python's int() or to a careless reader, and none is 1 to 18 ASCII digits.
ODD_INTEGERS = [
    ("superscript two", "%C2%B2"),
    ("full-width digits", "%EF%BC%91%EF%BC%92"),
    ("Arabic-Indic one", "%D9%A1"),
    ("plus sign", "%2B1"),
    ("minus sign", "-1"),
    ("leading space", "%201"),
    ("trailing space", "1%20"),
    ("underscore separator", "1_000"),
    ("nineteen digits", "1" * 19),
    ("huge", "9" * 400),
    ("not a number", "abc"),
    ("hex", "0x10"),
    ("exponent", "1e3"),
]
INTEGER_PARAMETERS = [
    ("/v1/blocks/{}", "path parameter height"),
    ("/v1/timestamps/{}", "path parameter ledger_size"),
    ("/v1/blocks?from={}", "query parameter from"),
    ("/v1/blocks?limit={}", "query parameter limit"),
    ("/v1/consistency?from=1&to={}", "query parameter to"),
    ("/v1/consistency?from={}&to=1", "query parameter from"),
]


@pytest.mark.parametrize(("odd", "text"), ODD_INTEGERS, ids=[odd for odd, _ in ODD_INTEGERS])
@pytest.mark.parametrize(("template", "named"), INTEGER_PARAMETERS)
async def test_odd_integers_are_refused_with_400_naming_the_parameter(
    api: TestClient, odd: str, text: str, template: str, named: str
) -> None:
    response = await api.get(template.format(text))
    assert response.status == 400, await response.text()
    assert response.content_type == "application/json"
    error = (await response.json())["error"]
    assert error["code"] == "bad_request" and error["message"].startswith(f"{named} must be")


async def test_superscript_two_as_a_height_is_a_json_400(api: TestClient) -> None:
    response = await api.get("/v1/blocks/²")
    assert response.status == 400 and response.content_type == "application/json"
    message = (await response.json())["error"]["message"]
    assert message == (
        "path parameter height must be a non-negative integer of 1 to 18 ASCII digits (0-9), "
        "got '²'"
    )


@given(st.integers(min_value=0, max_value=10**MAX_INT_DIGITS - 1))
def test_every_integer_of_up_to_18_digits_is_read(value: int) -> None:
    assert parse_int(str(value), "n") == value
    assert parse_int(f"{value:0{MAX_INT_DIGITS}d}", "n") == value


@given(st.text(min_size=1, max_size=MAX_INT_DIGITS).filter(lambda t: not t.isascii()))
def test_no_text_with_a_character_outside_ascii_is_read(text: str) -> None:
    with pytest.raises(ApiError) as refused:
        parse_int(text, "n")
    assert refused.value.status == 400


async def test_an_id_with_spaces_between_its_hex_pairs_is_refused(api: TestClient) -> None:
    response = await api.get("/v1/entries/" + "%20".join(["ab"] * 32))
    assert response.status == 400
    assert (await response.json())["error"]["code"] == "bad_id"


async def test_a_failing_handler_answers_500_json_and_logs_the_traceback(
    api: TestClient, lone_node: Node, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    def broken_status() -> dict[str, Any]:
        raise RuntimeError("status is broken: secret detail")

    monkeypatch.setattr(lone_node, "status", broken_status)
    with caplog.at_level(logging.ERROR, logger="cunzheng.node.api.errors"):
        response = await api.get("/v1/status")
    assert response.status == 500 and response.content_type == "application/json"
    error = (await response.json())["error"]
    assert error["code"] == "internal" and "log" in error["message"]
    assert "secret detail" not in error["message"]
    (record,) = [r for r in caplog.records if r.name == "cunzheng.node.api.errors"]
    assert record.getMessage() == "internal error answering GET /v1/status"
    assert record.exc_info is not None and "status is broken" in caplog.text
    assert (await api.get("/healthz")).status == 200


async def test_a_failure_after_the_answer_began_cuts_the_answer(
    aiohttp_client: Any, caplog: Any
) -> None:
    async def half_sent(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        response.content_length = 10
        await response.prepare(request)
        await response.write(b"12345")
        raise RuntimeError("the disk went away")

    app = web.Application(middlewares=[json_errors])
    app.router.add_get("/half", half_sent)
    client = await aiohttp_client(app)
    response = await client.get("/half")
    assert response.status == 200
    with pytest.raises(ClientPayloadError):
        await response.read()
    assert not [r for r in caplog.records if r.name == "cunzheng.node.api.errors"]


async def test_a_pending_entry_has_no_proof_yet(lone_node: Node, aiohttp_client: Any) -> None:
    from cunzheng.node.api.routes import make_app

    client = await aiohttp_client(make_app(lone_node))  # consensus not started: stays pending
    answer = await _submit(client, {"digest": DIGEST})
    response = await client.get(f"/v1/proofs/{answer['id']}")
    assert response.status == 409
    state = await (await client.get(f"/v1/entries/{answer['id']}")).json()
    assert state["status"] == "pending"


async def test_a_full_mempool_answers_503_with_retry_after(
    tmp_path: Any, aiohttp_client: Any
) -> None:
    from cunzheng.node.api.routes import make_app
    from cunzheng.node.config import MempoolSection, NodeConfig
    from tests.support.chain_factory import make_genesis, notary_keys

    keys = notary_keys(1)
    node = Node(
        config=NodeConfig(mempool=MempoolSection(capacity=2)),
        key=keys[0],
        genesis=make_genesis(keys),
        data_dir=tmp_path / "data",
    )
    client = await aiohttp_client(make_app(node))
    await _submit(client, {"entries": [{"digest": f"{n:064x}"} for n in range(2)]})
    response = await client.post("/v1/entries", json={"digest": DIGEST})
    assert response.status == 503 and response.headers["Retry-After"] == "1"
    assert len(node.mempool) == 2


async def test_the_genesis_is_served_as_its_file_holds_it(api: TestClient, lone_node: Node) -> None:
    response = await api.get("/v1/genesis")
    assert response.status == 200 and response.content_type == "application/json"
    text = await response.text()
    assert text == lone_node.genesis.to_file_text()
    assert Genesis.from_file_text(text).hash() == lone_node.genesis.hash()
    status = await (await api.get("/v1/status")).json()
    assert status["genesis_hash"] == lone_node.genesis.hash().hex()


async def test_openapi_lists_every_route(api: TestClient) -> None:
    document = await (await api.get("/v1/openapi.json")).json()
    assert {"/v1/entries", "/v1/proofs/{id}", "/v1/checkpoint", "/v1/genesis", "/healthz"} <= set(
        document["paths"]
    )
    assert json.dumps(document)


async def test_metrics_count_submissions_and_commits(api: TestClient, lone_node: Node) -> None:
    await _submit(api, {"entries": [{"digest": f"{n:064x}"} for n in range(3)]})
    await api.post("/v1/entries", json={"digest": "00"})
    await wait_for_height(lone_node, 1)
    response = await api.get("/metrics")
    assert response.status == 200 and response.content_type == "text/plain"
    text = await response.text()
    lines = {
        line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line and not line.startswith("#")
    }
    assert lines['cunzheng_submissions_total{outcome="accepted"}'] == 1
    assert lines['cunzheng_submissions_total{outcome="bad_entry"}'] == 1
    assert lines["cunzheng_entries_accepted_total"] == 3
    assert lines["cunzheng_height"] >= 1 and lines["cunzheng_ledger_size"] == 3
    assert lines["cunzheng_commit_latency_seconds_count"] == 3
    assert lines['cunzheng_commit_latency_seconds_bucket{le="+Inf"}'] == 3
    assert lines['cunzheng_commit_latency_seconds_bucket{le="30.0"}'] == 3
    assert lines["cunzheng_rounds_per_height_count"] >= 1
    assert lines["cunzheng_equivocations_total"] == 0
