"""Everything cunzheng prints goes through here, so that no text from a bundle, a manifest or a
node can take over the reader's terminal or reorder what it shows (docs/formats.md, "Plain
text"): meta `{"z": "\\x1b[H\\x1b[2J VALID: …"}` once erased a real verdict and showed a fake.

Two layers: a value put into a message (cli/i18n.py `text`) or a table cell is shown with
every control character escaped, line breaks included, since it is one value; and every
line printed has any control character left escaped but for its own line breaks. JSON
output keeps its value: a control character in a string is written as a JSON `\\u` escape.
A path or URL put into a command line for a person to copy is quoted for the shell
(`shell_word`).
"""

import json
import re
import shlex
from pathlib import PurePath
from typing import Any

import click

from cunzheng.ledger.plain_text import CONTROL_CHARACTERS, escaped


def shell_word(value: str | PurePath) -> str:
    """`value` (a path, a node's URL) as one word of a command line a person may copy into a
    POSIX shell: quoted when it holds anything the shell reads (`'x; rm -rf ~'`), as it is
    otherwise. A name from a folder or a node must never run as a command."""
    return shlex.quote(str(value))


def echo(message: str, *, err: bool = False) -> None:
    """Print `message` (to standard error with `err`), its line breaks kept and any other
    control character escaped."""
    click.echo(escaped(message, keep_newlines=True), err=err)


def json_text(value: Any) -> str:
    """`value` as JSON (UTF-8 characters kept) in which no control character appears raw:
    json.dumps escapes those below U+0020 in strings; the rest (DEL, C1 controls,
    bidirectional formatting characters) become `\\u` escapes here, which read back to the
    same value. Outside strings the text holds only the line breaks of its indentation."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return CONTROL_CHARACTERS.sub(_json_escape, text)


def echo_json(value: Any) -> None:
    """Print `value` as indented JSON (json_text)."""
    click.echo(json_text(value))


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    return char if char == "\n" else f"\\u{ord(char):04x}"
