"""JSON files read strictly and written atomically: manifests, disclosures, rule tables."""

import json
from pathlib import Path
from typing import Any

from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.files import write_atomically

MAX_JSON_BYTES = 512 * 1024 * 1024  # a manifest of about a million files


def read_json_file(path: Path) -> Any:
    """The JSON value in the UTF-8 file at `path`, read strictly.

    Raises DecodeError for a file over MAX_JSON_BYTES, invalid UTF-8 or JSON, or a key
    repeated in one object; OSError when the file cannot be read.
    """
    with path.open("rb") as file:
        data = file.read(MAX_JSON_BYTES + 1)
    return parse_json(data, str(path))


def parse_json(data: bytes, name: str) -> Any:
    """The JSON value of `data`, read as strictly as read_json_file reads a file; `name`
    says in errors what the bytes are. Raises DecodeError."""
    if len(data) > MAX_JSON_BYTES:
        raise DecodeError(f"{name} is over {MAX_JSON_BYTES} bytes")
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=_object)
    except ValueError as err:  # includes UnicodeDecodeError and json.JSONDecodeError
        raise DecodeError(f"{name} is not UTF-8 JSON: {err}") from err


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Parsers disagree on which of two values for one key counts: refuse the ambiguity.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"key {key!r} appears twice in one object")
        result[key] = value
    return result


def write_json_file(path: Path, value: Any) -> None:
    """Write `value` as indented UTF-8 JSON to `path` atomically (ledger.files), replacing any
    file there; raises OSError."""
    write_atomically(path, (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode())
