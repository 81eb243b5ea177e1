"""Evidence of misbehaviour seen by this node: equivocating votes and split views.

Kept in memory (bounded) and served at GET /v1/evidence; every record holds the signed
messages themselves, so anyone can check it without trusting this node.
"""

import logging
from typing import Any

from cunzheng.ledger.block import Vote

log = logging.getLogger(__name__)
MAX_RECORDS = 1000


class EvidenceLog:
    """Equivocation and split-view records, oldest first."""

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []
        self.equivocations = 0
        self.split_views = 0

    def _keep(self, record: dict[str, Any]) -> None:
        if len(self.records) < MAX_RECORDS:
            self.records.append(record)

    def record_equivocation(self, first: Vote, second: Vote) -> None:
        """Two different signed votes by one validator for one (height, round, type)."""
        self.equivocations += 1
        log.warning(
            "equivocation validator=%d height=%d round=%d type=%d",
            first.validator_index,
            first.height,
            first.round,
            first.type,
        )
        self._keep(
            {
                "kind": "equivocation",
                "validator_index": first.validator_index,
                "height": first.height,
                "round": first.round,
                "type": first.type,
                "first": first.encode().hex(),
                "second": second.encode().hex(),
            }
        )

    def record_split_view(self, tree_size: int, first_note: str, second_note: str) -> None:
        """Two validly signed checkpoints with different roots for one ledger size."""
        self.split_views += 1
        log.error("split view: two signed checkpoints for tree_size=%d differ", tree_size)
        self._keep(
            {
                "kind": "split_view",
                "tree_size": tree_size,
                "first": first_note,
                "second": second_note,
            }
        )
