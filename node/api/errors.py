"""API errors: JSON `{"error": {"code", "message"}}` with the right HTTP status
(docs/http-api.md, "Errors").

Every error the API answers has that shape: a refused request (ApiError, 4xx or 503), one of
aiohttp's own HTTP errors (404 no such route, 405, 413 body too large, ...), and a failure of
the node itself: 500 with code "internal", whose traceback goes to the node's log, not to the
client.
"""

import json
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from cunzheng.node.errors import NodeError

log = logging.getLogger(__name__)

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


INTERNAL_MESSAGE = (
    "the node failed while answering this request; its log holds the details. Tell the "
    "node's operator; sending the same request again later is safe"
)


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn ApiError, aiohttp's own HTTP errors and any other exception into JSON error
    bodies; redirects (HTTP errors under 400) pass through as aiohttp raised them."""
    try:
        return await handler(request)
    except ApiError as err:
        return error_response(err.status, err.code, err.message, err.headers)
    except web.HTTPException as err:
        if err.status < 400:
            raise
        code = _HTTP_CODES.get(err.status, "http_error")
        return error_response(err.status, code, err.reason)
    except Exception:
        if request.writer.output_size > 0:
            # A streamed answer has begun, so no error answer can follow it: aiohttp logs
            # the exception and drops the connection, and the client sees the answer cut.
            raise
        log.exception("internal error answering %s %s", request.method, request.path)
        return error_response(500, "internal", INTERNAL_MESSAGE)
