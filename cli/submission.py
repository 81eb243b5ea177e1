"""A submitted entry's way to a saved proof: accepted, committed, proof fetched, checked, saved.

`send` posts the entries and checks the node's signed receipts. `wait_and_save` polls the
node (`GET /v1/entries/{id}`) until each entry is committed, then fetches its bundle
(`GET /v1/proofs/{id}`), checks it and saves it. A failure on one entry is recorded on that
entry and the others go on, so one bad answer does not cost the rest.
"""

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.http import BadNodeAnswer, NodeClient, NodeRefused
from cunzheng.cli.i18n import Localized, Message
from cunzheng.cli.messages import MESSAGES
from cunzheng.cli.proofs import fetch_checked_bundle, save_bundle
from cunzheng.cli.receipts import ReceiptCheck, check_receipt
from cunzheng.cli.terminal import shell_word
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.validators import Genesis

MAX_BATCH_ENTRIES = 1000
FIRST_POLL_DELAY_S = 0.2
MAX_POLL_DELAY_S = 2.0


def status_word(status: str) -> Message:
    """An entry's status as people read it (pending: 待上链 in Chinese); a status this
    version does not know, as the node wrote it."""
    key = f"entry_status_{status}"
    return Message(key) if key in MESSAGES else Message("entry_status_unknown", {"status": status})


@dataclass
class Submission:
    """One entry, the files (or bare digest) it stands for, and what became of it."""

    entry: Entry
    entry_id: bytes
    sources: list[str] = field(default_factory=list)  # file paths as given, or "--digest"
    bundle_paths: list[Path] = field(default_factory=list)  # one per source
    status: str = "unsent"
    height: int | None = None
    leaf_index: int | None = None
    saved: list[Path] = field(default_factory=list)
    error: Localized | None = None

    def to_json(self) -> dict[str, Any]:
        """The language-independent JSON of this submission (its error in English)."""
        return {
            "id": self.entry_id.hex(),
            "alg": self.entry.alg,
            "digest": self.entry.digest.hex(),
            "sources": self.sources,
            "status": self.status,
            "height": self.height,
            "leaf_index": self.leaf_index,
            "bundles": [str(path) for path in self.saved],
            "error": None if self.error is None else self.error.in_language("en"),
        }


def send(client: NodeClient, submissions: Sequence[Submission]) -> list[ReceiptCheck]:
    """POST the entries in batches of up to 1,000; check and return each batch's receipt."""
    receipts = []
    for start in range(0, len(submissions), MAX_BATCH_ENTRIES):
        batch = submissions[start : start + MAX_BATCH_ENTRIES]
        body = {"entries": [_entry_body(item.entry) for item in batch]}
        answer = client.post_json("/v1/entries", body)
        checked = check_receipt(client.base_url, answer, [item.entry_id for item in batch])
        for item, status in zip(batch, checked.statuses, strict=True):
            item.status = status
        receipts.append(checked)
    return receipts


def _entry_body(entry: Entry) -> dict[str, Any]:
    # Absent optional fields are left out rather than sent as null
    # (docs/http-api.md, "POST /v1/entries").
    return {name: value for name, value in entry.to_json().items() if value is not None}


def wait_and_save(
    client: NodeClient,
    submissions: Sequence[Submission],
    timeout_s: float,
    genesis: Genesis | None,
) -> None:
    """Poll until every submission is committed and its proof saved, or `timeout_s` passes.

    Polls back off from 0.2 s to 2 s. Each bundle is checked (against `genesis` if given)
    before it is saved. Submissions not done in time get an `error` saying how to fetch
    their proof later; so do those whose proof could not be fetched, checked or saved.
    """
    deadline = time.monotonic() + timeout_s
    delay = FIRST_POLL_DELAY_S
    waiting = list(submissions)
    while True:
        waiting = [item for item in waiting if not _is_finished(client, item, genesis)]
        remaining = deadline - time.monotonic()
        if not waiting or remaining <= 0:
            break
        time.sleep(min(delay, remaining))
        delay = min(delay * 1.5, MAX_POLL_DELAY_S)
    for item in waiting:
        node = shell_word(client.base_url)
        values = {"seconds": timeout_s, "node": node, "entry_id": item.entry_id.hex()}
        item.error = Message("not_committed_within", values)


def _is_finished(client: NodeClient, item: Submission, genesis: Genesis | None) -> bool:
    try:
        if item.status != "committed":
            _poll_state(client, item)
        if item.status != "committed":
            return False
        bundle, outcome = fetch_checked_bundle(client, item.entry_id, genesis)
    except NodeRefused as err:
        if err.status == 409:  # committed, but the node cannot serve the proof yet
            return False
        item.error = err
        return True
    except click.ClickException as err:
        item.error = ErrorText(err)
        return True
    item.height, item.leaf_index = outcome.verdict.header.height, outcome.verdict.leaf_index
    for path in item.bundle_paths:
        try:
            save_bundle(path, bundle)
        except click.ClickException as err:
            item.error = ErrorText(err)
        else:
            item.saved.append(path)
    return True


def _poll_state(client: NodeClient, item: Submission) -> None:
    state = client.get_json(f"/v1/entries/{item.entry_id.hex()}")
    if not isinstance(state, dict) or state.get("id") != item.entry_id.hex():
        raise BadNodeAnswer(
            "entry_state_unusable", url=client.base_url, entry_id=item.entry_id.hex()
        )
    item.status = str(state.get("status"))
