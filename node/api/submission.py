"""Parsing submissions: JSON or canonical msgpack, one entry or a bounded batch.

A batch is checked whole before anything is accepted: one bad entry refuses the batch with
400, naming its index (docs/http-api.md, "POST /v1/entries"). A JSON body is read as every
cunzheng file is (ledger/json_files.py: no key twice in one object, bounded nesting), and an
entry's kind and meta must be plain text (Entry.verify_plain_text).
"""

from typing import Any

from cunzheng.ledger import encoding
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import DecodeError, SignatureError
from cunzheng.ledger.governance import KIND as GOVERNANCE_KIND
from cunzheng.ledger.governance import ChangeProposal, GovernanceError
from cunzheng.ledger.hashing import leaf_hash
from cunzheng.ledger.json_files import parse_json
from cunzheng.ledger.store import BlockStore
from cunzheng.node.api.errors import ApiError

JSON_TYPE, MSGPACK_TYPE = "application/json", "application/msgpack"


def parse_body(content_type: str, body: bytes, max_size: int) -> Any:
    """The decoded request body; ApiError 415 for other media types, 400 when malformed."""
    if content_type == JSON_TYPE:
        try:
            return parse_json(body, "request body", max_size, allow_nan=False)
        except DecodeError as err:
            raise ApiError(400, "bad_json", str(err)) from err
    if content_type == MSGPACK_TYPE:
        try:
            return encoding.unpack(body, max_size=max_size)
        except DecodeError as err:
            raise ApiError(
                400, "bad_msgpack", f"request body is not canonical msgpack: {err}"
            ) from err
    raise ApiError(
        415,
        "unsupported_media_type",
        f"Content-Type must be {JSON_TYPE} or {MSGPACK_TYPE}, got {content_type or 'none'}",
    )


def parse_entries(obj: Any, content_type: str, max_batch: int) -> tuple[list[Entry], bool]:
    """Entries of a submission and whether it was a batch; ApiError on any bad entry."""
    is_batch = isinstance(obj, dict) and "entries" in obj
    if is_batch:
        if set(obj) != {"entries"}:
            unknown = ", ".join(sorted(set(obj) - {"entries"}))
            raise ApiError(400, "unknown_fields", f"batch has unknown fields: {unknown}")
        items = obj["entries"]
        if not isinstance(items, list) or not items:
            raise ApiError(400, "bad_batch", "entries must be a non-empty array")
        if len(items) > max_batch:
            raise ApiError(
                413,
                "batch_too_large",
                f"batch holds {len(items)} entries, the limit is {max_batch}",
            )
    else:
        items = [obj]
    parse = Entry.from_json if content_type == JSON_TYPE else Entry.from_msgpack_map
    entries = []
    for index, item in enumerate(items):
        try:
            entry = parse(item)
            entry.verify_plain_text()
            if entry.submitter is not None:
                entry.verify_submitter_signature()
        except SignatureError as err:
            raise ApiError(400, "bad_signature", f"{_where(index, is_batch)}{err}") from err
        except (DecodeError, TypeError) as err:
            code = "unknown_fields" if "unknown fields" in str(err) else "bad_entry"
            raise ApiError(400, code, f"{_where(index, is_batch)}{err}") from err
        entries.append(entry)
    return entries, is_batch


def check_governance(
    triples: list[tuple[bytes, Entry, bytes]], store: BlockStore, is_batch: bool
) -> None:
    """Refuse (400 bad_governance) a governance entry that would not take effect if the next
    block committed it: a receipt is for entries that count (ledger/governance.py). One
    committed already is a resubmission, answered as such."""
    for index, (entry_id, entry, _) in enumerate(triples):
        if entry.kind != GOVERNANCE_KIND or store.leaf_index_of(entry_id) is not None:
            continue
        try:
            store.history.check(ChangeProposal.of_entry(entry), store.height + 1)
        except GovernanceError as err:
            raise ApiError(
                400,
                "bad_governance",
                f"{_where(index, is_batch)}this governance entry cannot take effect: {err}",
            ) from err


def _where(index: int, is_batch: bool) -> str:
    """How an error message names the entry it is about."""
    return f"entry {index}: " if is_batch else ""


def with_ids(entries: list[Entry]) -> list[tuple[bytes, Entry, bytes]]:
    """(entry id, entry, canonical encoding) for each entry, encoding each once."""
    encodings = [entry.encode() for entry in entries]
    return list(zip(map(leaf_hash, encodings), entries, encodings, strict=True))
