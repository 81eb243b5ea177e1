"""JSON read strictly and written atomically: bundles, manifests, disclosures, genesis files,
rule tables, and the bodies the node's API receives.

One reader for all of them (docs/formats.md, "JSON forms"): a key repeated in one object is
refused, since parsers disagree on which value counts, and so is nesting deeper than
MAX_JSON_DEPTH, since a recursive parser given `[` × 100,000 runs out of stack. The page's
reader (node/api/static/core/json.js) has the same two rules.
"""

import json
from pathlib import Path
from typing import Any

from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.files import write_atomically

MAX_JSON_BYTES = 512 * 1024 * 1024  # a manifest of about a million files
# No cunzheng document nests deeper than 6 (a certificate record: record, bundle, chain,
# genesis, validators, validator); 64 leaves room and stays far below Python's recursion limit.
MAX_JSON_DEPTH = 64


def read_json_file(path: Path) -> Any:
    """The JSON value in the UTF-8 file at `path`, read strictly (parse_json).

    Raises DecodeError for a file over MAX_JSON_BYTES or one parse_json refuses; OSError when
    the file cannot be read.
    """
    with path.open("rb") as file:
        data = file.read(MAX_JSON_BYTES + 1)
    return parse_json(data, str(path))


def parse_json(
    data: bytes, name: str, max_size: int = MAX_JSON_BYTES, *, allow_nan: bool = True
) -> Any:
    """The JSON value of `data`; `name` says in errors what the bytes are.

    Refuses (DecodeError) bytes over `max_size`, that are not UTF-8 JSON, that repeat a key
    in one object or nest arrays and objects deeper than MAX_JSON_DEPTH, and, without
    `allow_nan`, the constants NaN, Infinity and -Infinity (which json.loads accepts, as the
    page's reader does, though RFC 8259 has no such values).
    """
    if len(data) > max_size:
        raise DecodeError(f"{name} is over {max_size} bytes")
    parse_constant = None if allow_nan else _refuse_constant
    try:
        value = json.loads(
            data.decode("utf-8"), object_pairs_hook=_object, parse_constant=parse_constant
        )
    except RecursionError as err:  # the C scanner's recursion guard, hundreds of levels down
        raise DecodeError(_too_deep(name)) from err
    except ValueError as err:  # includes UnicodeDecodeError and json.JSONDecodeError
        raise DecodeError(f"{name} is not UTF-8 JSON: {err}") from err
    if json_depth(value) > MAX_JSON_DEPTH:
        raise DecodeError(_too_deep(name))
    return value


def json_depth(value: Any) -> int:
    """How deep arrays and objects nest in the JSON `value` (a scalar: 0, `[]`: 1, `[[]]`: 2).
    Iterative, so that no value is too deep to measure."""
    deepest, pending = 0, [(value, 1)] if isinstance(value, (dict, list)) else []
    while pending:
        item, depth = pending.pop()
        deepest = max(deepest, depth)
        children = item.values() if isinstance(item, dict) else item
        pending.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def _too_deep(name: str) -> str:
    return f"{name} nests arrays and objects deeper than {MAX_JSON_DEPTH} levels"


def _refuse_constant(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON number")


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
