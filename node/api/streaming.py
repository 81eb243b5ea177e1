"""JSON answers written a piece at a time, with backpressure (docs/http-api.md, "Lists").

A list answer is never built whole: its handler yields it as pieces of JSON text, each small
(an item, or a slice of a block's hex), and `stream_json` writes them in slices of at most
WRITE_BYTES. aiohttp's write waits while the connection's buffer holds more than 64 KiB, so
an answer held for a client that does not read costs that buffer, not the answer; and the
loop turns between pieces, so other requests and consensus run while a long answer goes out.
A client that stops reading altogether is closed by the kernel (TCP_USER_TIMEOUT,
node/admission.py), which ends the write here.

Once the first piece is out the status is sent, so no error answer can follow: a failure
after it cuts the answer, which the client sees as a body that is not JSON.
"""

import asyncio
import logging
from collections.abc import AsyncGenerator
from contextlib import aclosing

from aiohttp import web

log = logging.getLogger(__name__)

WRITE_BYTES = 32 * 1024


async def stream_json(
    request: web.Request, pieces: AsyncGenerator[str, None]
) -> web.StreamResponse:
    """Answer `request` 200 with the concatenation of `pieces`, which must be JSON.

    Returns the response, written to its end or cut short when the client went away.
    Exceptions of `pieces` propagate (the answer is cut then). `pieces` is closed either way,
    so that what it holds (a block, a place among the block answers) is let go at once.
    """
    response = web.StreamResponse(headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        await response.prepare(request)
        async with aclosing(pieces):
            async for piece in pieces:
                data = piece.encode("utf-8")
                for start in range(0, len(data), WRITE_BYTES):
                    await response.write(data[start : start + WRITE_BYTES])
                await asyncio.sleep(0)  # a piece takes bounded time; let others have the loop
        await response.write_eof()
    except ConnectionError as err:  # the client went away, or was closed for not reading
        log.debug("answer to %s %s cut: %s", request.method, request.path, err)
    return response
