"""The public HTTP API of a node (docs/http-api.md, "Endpoints")."""

import json
from typing import Any

from aiohttp import web

from cunzheng.ledger.bundle import build_bundle
from cunzheng.ledger.keys import RECEIPT_SIGNATURE_TAG
from cunzheng.ledger.receipt import Receipt
from cunzheng.node.admission import Admission
from cunzheng.node.api.admin import add_admin_routes
from cunzheng.node.api.block_answers import add_block_routes
from cunzheng.node.api.errors import ApiError, error_response, json_errors
from cunzheng.node.api.lists import entry_state, get_digest, get_evidence
from cunzheng.node.api.openapi import openapi_document
from cunzheng.node.api.params import path_hex, path_int, query_int
from cunzheng.node.api.ratelimit import ClientLimits
from cunzheng.node.api.served_node import NODE_KEY, ServedNode
from cunzheng.node.api.submission import check_governance, parse_body, parse_entries, with_ids
from cunzheng.node.api.web import add_web_routes
from cunzheng.node.mempool import MempoolFull
from cunzheng.node.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE

ADMISSION_KEY: web.AppKey[Admission] = web.AppKey("admission")


def _json(data: Any, status: int = 200) -> web.Response:
    return web.Response(
        status=status, text=json.dumps(data, ensure_ascii=False), content_type="application/json"
    )


async def post_entries(request: web.Request) -> web.Response:
    """Accept one entry or a batch; answer 202 with ids, statuses and a signed receipt."""
    metrics = request.app[NODE_KEY].metrics
    try:
        response, accepted = await _accept_entries(request)
    except ApiError as err:
        metrics.submitted(err.code)
        raise
    metrics.submitted("accepted", accepted)
    return response


async def expect_continue(request: web.Request) -> web.StreamResponse | None:
    """Answer `Expect: 100-continue` (RFC 9110 §10.1.1) only for a body the node would read:
    one whose declared length is over [api] max_body_bytes is refused with 413 at once, so
    the client never sends it. Any other expectation is refused with 417."""
    expect = request.headers.get("Expect", "")
    if request.version < (1, 1):  # HTTP/1.0 clients do not wait for 100 Continue
        return None
    if expect.lower() != "100-continue":
        return error_response(
            417, "expectation_failed", f"unknown expectation {expect[:40]!r}; only 100-continue"
        )
    limit = request.app[NODE_KEY].config.api.max_body_bytes
    if request.content_length is not None and request.content_length > limit:
        refused = error_response(
            413,
            "body_too_large",
            f"the body would be {request.content_length} bytes; [api] max_body_bytes is "
            f"{limit}: send smaller batches",
        )
        refused.force_close()  # the client may send the body anyway: do not read it
        return refused
    await request.writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    request.writer.output_size = 0  # the answer itself has not begun
    return None


async def _accept_entries(request: web.Request) -> tuple[web.Response, int]:
    node = request.app[NODE_KEY]
    received_ms = node.clock_ms()
    limits = node.config.api
    body = await request.read()
    obj = parse_body(request.content_type, body, limits.max_body_bytes)
    entries, is_batch = parse_entries(obj, request.content_type, limits.max_batch)
    triples = with_ids(entries)
    check_governance(triples, node.store, is_batch)
    try:
        statuses = await node.intake.submit(triples)
    except MempoolFull as err:
        raise ApiError(
            503, "mempool_full", f"{err}; retry later", {"Retry-After": str(limits.retry_after_s)}
        ) from err
    ids = tuple(entry_id for entry_id, _, _ in triples)
    unsigned = Receipt(node.genesis.chain_id, node.key.public_key, received_ms, ids)
    receipt = unsigned.signed(node.key.sign(RECEIPT_SIGNATURE_TAG, unsigned.signed_payload()))
    receipt_json = receipt.to_json()
    hex_ids = receipt_json["ids"]
    if not is_batch:
        return _json({"id": hex_ids[0], "status": statuses[0], "receipt": receipt_json}, 202), 1
    results = _results_json(hex_ids, statuses)
    answer = f'{{"results":[{results}],"receipt":{json.dumps(receipt_json, ensure_ascii=False)}}}'
    return web.Response(status=202, text=answer, content_type="application/json"), len(ids)


def _results_json(hex_ids: list[str], statuses: list[str]) -> str:
    """`{"id": …, "status": …}` objects, comma-separated, written directly: ids are hex and
    statuses plain words, so nothing needs escaping, and json.dumps of a thousand small
    dicts costs more than the rest of a batch's answer."""
    return ",".join(
        [f'{{"id":"{i}","status":"{s}"}}' for i, s in zip(hex_ids, statuses, strict=True)]
    )


async def get_entry(request: web.Request) -> web.Response:
    """An entry and its state: pending, or committed with height and leaf index."""
    node = request.app[NODE_KEY]
    state = entry_state(node, path_hex(request, "id", 32))
    if state is None:
        raise ApiError(404, "not_found", "no entry with this id is known to this node")
    return _json(state)


async def get_proof(request: web.Request) -> web.Response:
    """The proof bundle of a committed entry (404 unknown, 409 still pending)."""
    node = request.app[NODE_KEY]
    entry_id = path_hex(request, "id", 32)
    if node.store.leaf_index_of(entry_id) is None:
        if node.mempool.get(entry_id) is not None:
            raise ApiError(409, "pending", "the entry is not committed yet; retry shortly")
        raise ApiError(404, "not_found", "no entry with this id is known to this node")
    return _json(build_bundle(node.store, entry_id))


async def get_checkpoint(request: web.Request) -> web.Response:
    """The latest signed checkpoint as C2SP note text."""
    node = request.app[NODE_KEY]
    text = node.checkpoint_text()
    if text is None:
        raise ApiError(404, "not_found", "no block has been committed yet")
    return web.Response(text=text, content_type="text/plain", charset="utf-8")


async def get_consistency(request: web.Request) -> web.Response:
    """RFC 9162 consistency proof between two ledger sizes."""
    node = request.app[NODE_KEY]
    first, second = query_int(request, "from"), query_int(request, "to")
    if not 0 < first <= second <= node.store.ledger_size:
        raise ApiError(
            400,
            "bad_request",
            f"need 0 < from <= to <= ledger size {node.store.ledger_size}, got {first}, {second}",
        )
    path = node.store.consistency_path(first, second)
    return _json({"first": first, "second": second, "hashes": [h.hex() for h in path]})


async def get_timestamps(request: web.Request) -> web.Response:
    """The RFC 3161 tokens this node holds over its checkpoint at a ledger size."""
    node = request.app[NODE_KEY]
    ledger_size = path_int(request, "ledger_size")
    tokens = node.store.timestamps(ledger_size)
    if not tokens:
        raise ApiError(404, "not_found", f"no time-stamp token for ledger size {ledger_size}")
    return _json({"ledger_size": ledger_size, "tokens": [token.hex() for token in tokens]})


async def get_status(request: web.Request) -> web.Response:
    """What this node says about itself."""
    return _json(request.app[NODE_KEY].status())


async def get_genesis(request: web.Request) -> web.Response:
    """The consortium's genesis this node runs, as genesis.json holds it."""
    text = request.app[NODE_KEY].genesis.to_file_text()
    return web.Response(text=text, content_type="application/json")


async def get_openapi(request: web.Request) -> web.Response:
    """The OpenAPI description of this API."""
    return _json(openapi_document())


async def get_metrics(request: web.Request) -> web.Response:
    """Prometheus metrics in the text exposition format."""
    body = request.app[NODE_KEY].metrics.exposition()
    return web.Response(body=body, headers={"Content-Type": METRICS_CONTENT_TYPE})


async def get_healthz(request: web.Request) -> web.Response:
    """Liveness: the process answers."""
    return _json({"status": "ok"})


async def get_readyz(request: web.Request) -> web.Response:
    """Readiness: synced and a quorum of validators reachable."""
    node = request.app[NODE_KEY]
    ready, reason = node.readiness()
    return _json({"ready": ready, "reason": reason}, 200 if ready else 503)


def make_app(node: ServedNode) -> web.Application:
    """The aiohttp application serving the public API of `node`; `app[ADMISSION_KEY]` is
    what a GatedListener serving it must judge connections by."""
    limits = ClientLimits(node.config.limits)
    app = web.Application(
        # json_errors first, so that it also answers for a failure in the limits' middleware
        middlewares=[json_errors, limits.middleware()],
        client_max_size=node.config.api.max_body_bytes,
    )
    app[NODE_KEY] = node
    app[ADMISSION_KEY] = limits.admission
    app.router.add_post("/v1/entries", post_entries, expect_handler=expect_continue)
    app.router.add_get("/v1/entries/{id}", get_entry)
    app.router.add_get("/v1/digests/{alg}/{digest}", get_digest)
    app.router.add_get("/v1/proofs/{id}", get_proof)
    add_block_routes(app, node.store, node.config.api.block_answers)
    app.router.add_get("/v1/checkpoint", get_checkpoint)
    app.router.add_get("/v1/consistency", get_consistency)
    app.router.add_get("/v1/timestamps/{ledger_size}", get_timestamps)
    app.router.add_get("/v1/status", get_status)
    app.router.add_get("/v1/genesis", get_genesis)
    app.router.add_get("/v1/evidence", get_evidence)
    app.router.add_get("/v1/openapi.json", get_openapi)
    app.router.add_get("/metrics", get_metrics)
    app.router.add_get("/healthz", get_healthz)
    app.router.add_get("/readyz", get_readyz)
    add_web_routes(app, node.genesis)
    add_admin_routes(app, node.store, node.config.limits, node.clock_ms)
    return app
