"""API errors: JSON `{"error": {"code", "message"}}` with the right HTTP status (DESIGN.md)."""

import json
from collections.abc import Awaitable, Callable

from aiohttp import web

from cunzheng.node.errors import NodeError

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ApiError(NodeError):
    """A refused request: nothing in the ledger changed."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> web.Response:
    """The JSON error body with its status."""
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False)
    return web.Response(
        status=status, text=body, content_type="application/json", headers=headers or {}
    )


_HTTP_CODES = {
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
}


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn ApiError and aiohttp's own HTTP errors into JSON error bodies."""
    try:
        return await handler(request)
    except ApiError as err:
        return error_response(err.status, err.code, err.message, err.headers)
    except web.HTTPException as err:
        if err.status < 400:
            raise
        code = _HTTP_CODES.get(err.status, "http_error")
        return error_response(err.status, code, err.reason)
