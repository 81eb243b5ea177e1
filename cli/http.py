"""A small synchronous JSON client for a node's HTTP API (docs/http-api.md, "Endpoints").

Commands make a handful of requests each, one after another, so the standard library's
urllib is enough: no event loop, real timeouts, and https for nodes behind a reverse proxy.
Every failure becomes a click.ClickException (exit 1) that says which node and what to do.
"""

import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message as HeaderMessage
from typing import Any

import click

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.i18n import CliBadParameter, CliError, Localized, Message
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.json_files import parse_json

REQUEST_TIMEOUT_S = 30.0
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
# docs/http-api.md, "Limits": a full node answers 503 with Retry-After; a rate limit answers 429.
RETRY_STATUSES = frozenset({429, 503})
MAX_RETRIES = 5
MAX_RETRY_WAIT_S = 10.0


class NodeUnreachable(CliError):
    """The node did not answer: refused, timed out, unknown host, broken connection."""

    def __init__(self, url: str, reason: BaseException | str | Localized) -> None:
        self.url = url
        error = reason if isinstance(reason, Localized) else ErrorText(reason)
        super().__init__("node_unreachable", url=url, error=error)


class NodeRefused(CliError):
    """The node answered with an error status; `code` and `message` come from its JSON body."""

    def __init__(self, url: str, status: int, code: str, message: str) -> None:
        self.url, self.status, self.code, self.node_message = url, status, code, message
        super().__init__("node_refused", url=url, status=status, code=code, detail=message)


class BadNodeAnswer(CliError):
    """The node answered 2xx with a body this client cannot use."""


def node_option(function: click.decorators.FC) -> click.decorators.FC:
    """The required `--node URL` option, checked, passed as `node` without a final "/"."""
    return click.option(
        "--node",
        required=True,
        envvar="CUNZHENG_NODE",
        metavar="URL",
        callback=lambda _context, _param, value: check_node_url(value),
        help="A node's public API, e.g. http://127.0.0.1:7700 (or set CUNZHENG_NODE).",
    )(function)


def commit_timeout_option(function: click.decorators.FC) -> click.decorators.FC:
    """`--timeout SECONDS` (default 60), passed as `timeout`: how long --wait waits."""
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0),
        default=60.0,
        show_default=True,
        help="Seconds to wait for commit with --wait.",
    )(function)


def check_node_url(url: str) -> str:
    """`url` without a trailing slash, if it is an http(s) URL with a host.

    Raises click.BadParameter (a usage error, exit 2) otherwise.
    """
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise CliBadParameter("node_url_invalid", param_hint="--node", url=url)
    return url.rstrip("/")


@dataclass(frozen=True, slots=True)
class NodeClient:
    """JSON requests to the node at `base_url` (as check_node_url returns it)."""

    base_url: str
    timeout_s: float = REQUEST_TIMEOUT_S

    def get_json(self, path: str) -> Any:
        """GET `path` (starting with "/") and return the decoded JSON body.

        Raises NodeUnreachable, NodeRefused for a non-2xx answer, or BadNodeAnswer.
        """
        return self._request("GET", path, None)

    def post_json(self, path: str, body: Any) -> Any:
        """POST `body` as JSON to `path` and return the decoded JSON answer.

        A 429 or 503 answer is retried after its Retry-After (at most 10 s, 5 times), since
        a node that refused changed nothing (docs/http-api.md, "Errors"). Raises like get_json.
        """
        data = json.dumps(body, separators=(",", ":")).encode("utf-8")
        for _attempt in range(MAX_RETRIES):
            try:
                return self._request("POST", path, data)
            except _RetryLater as later:
                time.sleep(later.wait_s)
        return self._request("POST", path, data, retry=False)

    def _request(self, method: str, path: str, data: bytes | None, retry: bool = True) -> Any:
        url = self.base_url + path
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                body = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as err:
            with err:
                raise _refusal(url, err, retry and method == "POST") from err
        except urllib.error.URLError as err:
            raise NodeUnreachable(self.base_url, err.reason) from err
        except TimeoutError as err:
            waited = Message("no_answer_within", {"seconds": self.timeout_s})
            raise NodeUnreachable(self.base_url, waited) from err
        except (OSError, http.client.HTTPException) as err:
            raise NodeUnreachable(self.base_url, err) from err
        return _decode(url, body)


class _RetryLater(Exception):
    """A 429 or 503 answer to a request that may simply be sent again after `wait_s`."""

    def __init__(self, wait_s: float) -> None:
        self.wait_s = wait_s
        super().__init__(f"retry after {wait_s} s")


def _retry_after(headers: HeaderMessage) -> float:
    try:
        return min(max(float(headers.get("Retry-After", "1")), 0.0), MAX_RETRY_WAIT_S)
    except ValueError:  # an HTTP date; waiting one second is as good as parsing it
        return 1.0


def _refusal(url: str, err: urllib.error.HTTPError, retry: bool) -> Exception:
    if retry and err.code in RETRY_STATUSES:
        return _RetryLater(_retry_after(err.headers))
    code, message = "http_error", err.reason or "no reason given"
    try:
        error = parse_json(err.read(MAX_RESPONSE_BYTES), "the node's refusal")["error"]
        code, message = str(error["code"]), str(error["message"])
    except (DecodeError, KeyError, TypeError, OSError):
        pass  # not the API's error shape (a proxy's page, say): keep the HTTP reason
    return NodeRefused(url, err.code, code, str(message))


def _decode(url: str, body: bytes) -> Any:
    if len(body) > MAX_RESPONSE_BYTES:
        raise BadNodeAnswer("node_answer_too_large", url=url, limit=MAX_RESPONSE_BYTES)
    try:
        return parse_json(body, "the node's answer")
    except DecodeError as err:
        raise BadNodeAnswer("node_answer_not_json", url=url) from err
