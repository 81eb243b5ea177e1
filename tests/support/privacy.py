"""The privacy check of the page's 存证 side (docs/web-page.md, "存证 mode", "Privacy"): of
every request the browser made, none carries a secret (a file's bytes or name, a word of the
collection record) in its URL or body, and the only one with a body is the POST of the
package entry to v1/entries, holding exactly that entry."""

import json
from collections.abc import Iterable
from typing import Any

from playwright.async_api import Request


def assert_only_the_entry_left(
    requests: Iterable[Request], entry: dict[str, Any], secrets: Iterable[bytes]
) -> None:
    """Raise AssertionError naming the first request that carries a secret, has a body other
    than the entry's POST, or posts anything but `entry`."""
    secrets = [secret for secret in secrets if secret]
    posts = 0
    for request in requests:
        body = request.post_data_buffer or b""
        url = request.url.encode()
        leaked = [secret for secret in secrets if secret in body or secret in url]
        assert not leaked, f"{request.method} {request.url} carries {leaked[0]!r}"
        if request.method != "GET":
            assert request.method == "POST" and request.url.endswith("/v1/entries"), request.url
            assert json.loads(body) == entry, body
            posts += 1
    assert posts >= 1, "the entry was never sent"
