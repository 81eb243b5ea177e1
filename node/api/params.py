"""Reading the API's path and query parameters: integers and fixed-size hex.

An integer parameter is 1 to 18 ASCII digits, nothing else. Python's int() would also take
other scripts' digits ("²", "١", full-width "５"), a sign, surrounding spaces and "_"
separators; the API answers each of those with 400 naming the parameter, as it does a value
of more digits (18 digits stay below 2**63: a signed 64-bit integer, beyond any height or
size a ledger reaches). Hex parameters are exactly 2 * size lowercase hex digits:
bytes.fromhex alone would also skip spaces between the pairs.
"""

import re

from aiohttp import web

from cunzheng.node.api.errors import ApiError

MAX_INT_DIGITS = 18
_INTEGER = re.compile(rf"[0-9]{{1,{MAX_INT_DIGITS}}}")
_CURSOR = re.compile(rf"([a-z])([0-9]{{1,{MAX_INT_DIGITS}}})")
_HEX = re.compile(r"[0-9a-f]*")
SHOWN_CHARS = 40  # of a refused value, in the error message


def _shown(text: str) -> str:
    """`text` as an error message quotes it: repr, cut short."""
    return repr(text if len(text) <= SHOWN_CHARS else f"{text[:SHOWN_CHARS]}…")


def parse_int(text: str, name: str) -> int:
    """The non-negative integer that `text` writes in 1 to MAX_INT_DIGITS ASCII digits.

    `name` says where the value came from ("path parameter height"). Raises ApiError 400
    (bad_request) naming it for anything else.
    """
    if _INTEGER.fullmatch(text) is None:
        raise ApiError(
            400,
            "bad_request",
            f"{name} must be a non-negative integer of 1 to {MAX_INT_DIGITS} ASCII digits "
            f"(0-9), got {_shown(text)}",
        )
    return int(text)


def path_int(request: web.Request, name: str) -> int:
    """The integer path parameter `name` of `request`; ApiError 400 unless it is one."""
    return parse_int(request.match_info[name], f"path parameter {name}")


def query_int(request: web.Request, name: str, default: int | None = None) -> int:
    """The integer query parameter `name`, or `default` when it is absent.

    Raises ApiError 400 when it is absent without a default, or is not an integer.
    """
    text = request.query.get(name)
    if text is None:
        if default is None:
            raise ApiError(400, "bad_request", f"query parameter {name} is required")
        return default
    return parse_int(text, f"query parameter {name}")


def query_limit(request: web.Request, cap: int) -> int:
    """The query parameter `limit`: how many items a page may hold, `cap` when absent and at
    most `cap` (a larger one is cut to it). Raises ApiError 400 unless it is a positive
    integer."""
    limit = query_int(request, "limit", cap)
    if limit < 1:
        raise ApiError(400, "bad_request", "query parameter limit must be at least 1, got 0")
    return min(limit, cap)


def query_cursor(request: web.Request, kinds: str) -> tuple[str, int] | None:
    """The query parameter `cursor`, as a page's `next` gave it: one letter of `kinds` and
    1 to MAX_INT_DIGITS ASCII digits ("c42"); None when absent. Raises ApiError 400 for
    anything else."""
    text = request.query.get("cursor")
    if text is None:
        return None
    match = _CURSOR.fullmatch(text)
    if match is None or match[1] not in kinds:
        raise ApiError(
            400,
            "bad_request",
            f"query parameter cursor must be a page's next cursor, got {_shown(text)}",
        )
    return match[1], int(match[2])


def path_hex(request: web.Request, name: str, size: int) -> bytes:
    """The `size` bytes that path parameter `name` writes as 2 * size lowercase hex digits.

    Raises ApiError 400 (bad_id) naming the parameter for anything else.
    """
    text = request.match_info[name]
    if len(text) != 2 * size or _HEX.fullmatch(text) is None:
        raise ApiError(
            400,
            "bad_id",
            f"{name} must be {2 * size} lowercase hex digits, got {_shown(text)}",
        )
    return bytes.fromhex(text)
