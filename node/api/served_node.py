"""The node as the public API uses it: the members its handlers read and call.

cunzheng.node.node.Node has every one of them and is what `make_app` serves in production;
the handlers name this Protocol rather than that class, so node/api/ does not import the node
that assembles it, and what a request can reach of a node is listed in one place.
"""

from collections.abc import Callable
from typing import Any, Protocol

from aiohttp import web

from cunzheng.ledger.keys import NodeKey
from cunzheng.ledger.store import BlockStore
from cunzheng.ledger.validators import Genesis
from cunzheng.node.config import NodeConfig
from cunzheng.node.intake import Intake
from cunzheng.node.mempool import Mempool
from cunzheng.node.metrics import NodeMetrics


class ServedNode(Protocol):
    """What the API's handlers use of a node (Node satisfies it structurally)."""

    @property
    def config(self) -> NodeConfig:
        """Limits of the API ([api], [limits])."""

    @property
    def key(self) -> NodeKey:
        """The key that signs receipts."""

    @property
    def genesis(self) -> Genesis:
        """The chain, whose id receipts carry."""

    @property
    def store(self) -> BlockStore:
        """The committed ledger."""

    @property
    def mempool(self) -> Mempool:
        """Acknowledged entries not yet committed."""

    @property
    def intake(self) -> Intake:
        """Where submissions are made durable and acknowledged."""

    @property
    def metrics(self) -> NodeMetrics:
        """Counters of submissions, and the text GET /metrics serves."""

    @property
    def clock_ms(self) -> Callable[[], int]:
        """Wall-clock milliseconds since the epoch: a receipt's time."""

    def checkpoint_text(self) -> str | None:
        """The latest signed checkpoint note, or None before the first block."""

    def status(self) -> dict[str, Any]:
        """What GET /v1/status answers."""

    def evidence(self) -> list[dict[str, Any]]:
        """Equivocation and split-view evidence records seen so far."""

    def readiness(self) -> tuple[bool, str]:
        """(ready, why not) for GET /readyz."""


NODE_KEY: web.AppKey[ServedNode] = web.AppKey("node")  # the node an application serves
