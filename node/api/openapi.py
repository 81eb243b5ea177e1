"""The OpenAPI 3.1 description of the public API, served at /v1/openapi.json."""

from typing import Any

from cunzheng.node.api.params import MAX_INT_DIGITS

HEX32 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
# node/api/params.py: 1 to MAX_INT_DIGITS ASCII digits
INTEGER = {"type": "integer", "minimum": 0, "maximum": 10**MAX_INT_DIGITS - 1}
ERROR_CONTENT = {
    "application/json": {
        "schema": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                }
            },
        }
    }
}
ERROR = {"description": "refused; nothing changed", "content": ERROR_CONTENT}
INTERNAL = {
    "description": 'the node failed (code "internal"); its log holds the details',
    "content": ERROR_CONTENT,
}
ENTRY = {
    "type": "object",
    "required": ["digest"],
    "additionalProperties": False,
    "properties": {
        "digest": {"type": "string", "pattern": "^([0-9a-f]{64}|[0-9a-f]{128})$"},
        "alg": {"type": "string", "enum": ["sha256", "sm3", "sha512"], "default": "sha256"},
        "kind": {"type": "string", "maxLength": 64, "default": ""},
        "meta": {"type": "object", "additionalProperties": {"type": "string"}},
        "client_time_ms": {"type": ["integer", "null"], "minimum": 0},
        "submitter": {"type": ["string", "null"], "pattern": "^[0-9a-f]{64}$"},
        "signature": {"type": ["string", "null"], "pattern": "^[0-9a-f]{128}$"},
    },
}

TIMESTAMPS = {
    "type": "object",
    "required": ["ledger_size", "tokens"],
    "properties": {
        "ledger_size": {"type": "integer", "minimum": 0},
        "tokens": {"type": "array", "items": {"type": "string", "pattern": "^([0-9a-f]{2})+$"}},
    },
}


def _json_ok(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": schema or {"type": "object"}}},
    }


def _get(
    summary: str, params: list[dict[str, Any]], ok: dict[str, Any], *codes: int
) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": ok}
    responses.update({str(code): ERROR for code in codes})
    responses["500"] = INTERNAL
    return {"get": {"summary": summary, "parameters": params, "responses": responses}}


def _path_param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _query_param(name: str, required: bool, schema: dict[str, Any] = INTEGER) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": schema}


# docs/http-api.md, "Lists": at most [api] page_items per page; a larger limit is cut to it
LIMIT = _query_param("limit", False, {**INTEGER, "minimum": 1})
CURSOR = _query_param("cursor", False, {"type": "string", "pattern": "^[cp][0-9]{1,18}$"})


def openapi_document() -> dict[str, Any]:
    """The whole document."""
    submit = {
        "post": {
            "summary": "Submit one entry or a batch; answered with ids and a signed receipt",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "oneOf": [
                                ENTRY,
                                {
                                    "type": "object",
                                    "required": ["entries"],
                                    "additionalProperties": False,
                                    "properties": {
                                        "entries": {"type": "array", "items": ENTRY, "minItems": 1}
                                    },
                                },
                            ]
                        }
                    },
                    "application/msgpack": {"schema": {}},
                },
            },
            "responses": {
                "202": _json_ok("accepted: ids, statuses and the node's signed receipt"),
                "400": ERROR,
                "413": ERROR,
                "415": ERROR,
                "417": ERROR,
                "500": INTERNAL,
                "503": ERROR,
            },
        }
    }
    text_ok = {
        "description": "C2SP signed note",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "cunzheng node API", "version": "1"},
        "paths": {
            "/v1/entries": submit,
            "/v1/entries/{id}": _get(
                "An entry and its state", [_path_param("id", HEX32)], _json_ok("state"), 400, 404
            ),
            "/v1/digests/{alg}/{digest}": _get(
                "A page of the entries with this digest; `next` is the next page's cursor",
                [
                    _path_param("alg", {"type": "string", "enum": ["sha256", "sm3", "sha512"]}),
                    _path_param("digest", {"type": "string", "pattern": "^[0-9a-f]+$"}),
                    LIMIT,
                    CURSOR,
                ],
                _json_ok("entries"),
                400,
            ),
            "/v1/proofs/{id}": _get(
                "Proof bundle", [_path_param("id", HEX32)], _json_ok("bundle"), 400, 404, 409
            ),
            "/v1/blocks/{height}": _get(
                "A committed block and its commit",
                [_path_param("height", {**INTEGER, "minimum": 1})],
                _json_ok("block"),
                400,
                404,
            ),
            "/v1/blocks": _get(
                "A page of committed blocks; `next` is the height the next page starts at",
                [_query_param("from", False), LIMIT],
                _json_ok("blocks"),
                400,
            ),
            "/v1/checkpoint": _get("Latest signed checkpoint", [], text_ok, 404),
            "/v1/consistency": _get(
                "RFC 9162 consistency proof",
                [_query_param("from", True), _query_param("to", True)],
                _json_ok("proof"),
                400,
            ),
            "/v1/timestamps/{ledger_size}": _get(
                "RFC 3161 time-stamp tokens (hex DER) over the checkpoint at this ledger size",
                [_path_param("ledger_size", INTEGER)],
                _json_ok("tokens", TIMESTAMPS),
                400,
                404,
            ),
            "/v1/status": _get("Node status", [], _json_ok("status")),
            "/v1/genesis": _get(
                "The consortium's genesis this node runs (genesis.json)", [], _json_ok("genesis")
            ),
            "/v1/evidence": _get(
                "A page of the misbehaviour evidence; `next` is the next page's `from`",
                [_query_param("from", False), LIMIT],
                _json_ok("evidence"),
                400,
            ),
            "/v1/openapi.json": _get("This document", [], _json_ok("OpenAPI")),
            "/healthz": _get("Liveness", [], _json_ok("alive")),
            "/readyz": _get("Readiness", [], _json_ok("ready"), 503),
        },
    }
