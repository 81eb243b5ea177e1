"""What a first visit to the node's page transfers, as Chromium's network layer counts it
(docs/web-page.md, "Keeping the page light"), for the page's tests and `python -m bench page`.

Counted through the DevTools protocol from a fresh browser context (an empty cache): each
response's encoded length (headers and body as they came over the wire, compressed or not)
and its decoded body length, for every response finished by the time the page is usable,
that is when `ready` (a CSS selector) is visible. Requests the page makes later (the hashing
workers, the chain's status refreshed) are not part of the load.
"""

from dataclasses import dataclass
from typing import Any

from playwright.async_api import BrowserContext


@dataclass(frozen=True)
class PageLoad:
    """The bytes of one page load: over the wire, decoded, and the requests finished."""

    encoded_bytes: int
    decoded_bytes: int
    requests: int


async def page_load(context: BrowserContext, url: str, ready: str) -> PageLoad:
    """Open `url` in a new page of `context` (which should be fresh: nothing cached) and
    count what was transferred until `ready` is visible. Raises playwright's TimeoutError
    when it is not visible within 30 s."""
    page = await context.new_page()
    session = await context.new_cdp_session(page)
    decoded: dict[str, int] = {}
    encoded: dict[str, int] = {}

    def on_data(event: dict[str, Any]) -> None:
        decoded[event["requestId"]] = decoded.get(event["requestId"], 0) + event["dataLength"]

    def on_finished(event: dict[str, Any]) -> None:
        encoded[event["requestId"]] = int(event["encodedDataLength"])

    session.on("Network.dataReceived", on_data)
    session.on("Network.loadingFinished", on_finished)
    await session.send("Network.enable")
    await page.goto(url)
    await page.wait_for_selector(ready, state="visible", timeout=30_000)
    finished = dict(encoded)
    await session.detach()
    await page.close()
    return PageLoad(
        encoded_bytes=sum(finished.values()),
        decoded_bytes=sum(decoded.get(request, 0) for request in finished),
        requests=len(finished),
    )
