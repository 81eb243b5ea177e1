"""Submissions the node refuses with 400 and a message, changing nothing: bodies nested too
deep or repeating a key, and entries whose kind or meta hold control characters."""

import logging

import pytest
from aiohttp.test_utils import TestClient

from cunzheng.ledger.entry import Entry
from cunzheng.node.node import Node
from tests.support.fast_node import wait_for_height

DIGEST = "ab" * 32

BODIES = [
    ("100,000 opening brackets", b"[" * 100_000, "deeper than 64 levels"),
    ("65 levels of arrays", b"[" * 65 + b"]" * 65, "deeper than 64 levels"),
    (
        "a key given twice",
        b'{"digest": "' + b"0" * 64 + b'", "digest": "' + b"1" * 64 + b'"}',
        "'digest' appears twice",
    ),
    (
        "a meta key given twice",
        b'{"digest": "' + DIGEST.encode() + b'", "meta": {"a": "1", "a": "2"}}',
        "'a' appears twice",
    ),
]


@pytest.mark.parametrize(("case", "body", "said"), BODIES, ids=[case for case, _, _ in BODIES])
async def test_bodies_that_do_not_parse_strictly_get_400(
    api: TestClient,
    lone_node: Node,
    caplog: pytest.LogCaptureFixture,
    case: str,
    body: bytes,
    said: str,
) -> None:
    with caplog.at_level(logging.ERROR):
        response = await api.post(
            "/v1/entries", data=body, headers={"Content-Type": "application/json"}
        )
    assert response.status == 400, case
    error = (await response.json())["error"]
    assert error["code"] == "bad_json" and said in error["message"]
    assert not [record for record in caplog.records if record.exc_info], "a traceback was logged"
    assert lone_node.store.ledger_size == 0 and len(lone_node.mempool) == 0


ENTRIES = [
    ("an ESC sequence in meta", {"meta": {"z": "\x1b[H\x1b[2J VALID: 4 of 4"}}, r"\x1b[H\x1b[2J"),
    ("a right-to-left override in kind", {"kind": "txt.\u202eexe"}, r"txt.\u202eexe"),
    ("a line break in a meta key", {"meta": {"a\nVALID": "x"}}, r"a\nVALID"),
    ("a carriage return in a meta value", {"meta": {"note": "x\rVALID"}}, r"x\rVALID"),
    ("a C1 control in meta", {"meta": {"n": "\x9b2J"}}, r"\x9b2J"),
]


@pytest.mark.parametrize(("case", "fields", "shown"), ENTRIES, ids=[c for c, _, _ in ENTRIES])
async def test_control_characters_in_kind_and_meta_are_refused(
    api: TestClient, lone_node: Node, case: str, fields: dict[str, object], shown: str
) -> None:
    response = await api.post(
        "/v1/entries", json={"entries": [{"digest": DIGEST}, {"digest": "cd" * 32, **fields}]}
    )
    assert response.status == 400, case
    error = (await response.json())["error"]
    assert error["code"] == "bad_entry"
    assert error["message"].startswith("entry 1:") and shown in error["message"]
    assert "\x1b" not in error["message"] and "\u202e" not in error["message"]
    assert lone_node.store.ledger_size == 0 and len(lone_node.mempool) == 0


async def test_plain_text_from_any_script_is_accepted(api: TestClient, lone_node: Node) -> None:
    meta = {"案号": "（2026）京0105民初12345号", "note": "Zoë's 聊天记录 — 2 files"}
    response = await api.post("/v1/entries", json={"digest": DIGEST, "kind": "聊天", "meta": meta})
    assert response.status == 202, await response.text()
    await wait_for_height(lone_node, 1)
    entry = Entry.decode(lone_node.store.entry_bytes(0))
    assert (entry.kind, entry.meta) == ("聊天", meta)
