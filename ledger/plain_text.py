"""Control characters: the characters that make text take over a terminal or reorder what a
reader sees, and how they are shown when text from outside is printed.

docs/formats.md, "Plain text". They are the C0 and C1 control characters and DEL (a
terminal obeys ESC sequences: `\\x1b[2J` clears the screen, and a verdict printed after it can
be faked), the line and paragraph separators, and the bidirectional formatting characters of
Unicode's UAX #9 (U+202E RIGHT-TO-LEFT OVERRIDE shows `exe.txt` for `txt.exe`). A node
refuses them in the kind and meta of a new entry (`Entry.verify_plain_text`), and whoever
prints text from a bundle, a manifest or a node shows each one escaped (`escaped`); the page
does the same (node/api/static/core/plain-text.js).
"""

import re

# C0 controls, DEL and C1 controls; U+061C ARABIC LETTER MARK; U+200E/F LRM, RLM; U+2028/9
# line and paragraph separators; U+202A-E embeddings and overrides; U+2066-9 isolates.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def has_control_characters(text: str) -> bool:
    """Whether `text` holds a character of CONTROL_CHARACTERS."""
    return CONTROL_CHARACTERS.search(text) is not None


def escaped(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with each control character written as an escape a person can read: `\\n`,
    `\\r`, `\\t`, `\\x1b` below U+0100, `\\u202e` above. With `keep_newlines`, "\\n" stays a
    line break (for text the program itself laid out in lines)."""

    def shown(match: re.Match[str]) -> str:
        char = match.group()
        if keep_newlines and char == "\n":
            return char
        code = ord(char)
        return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")

    return CONTROL_CHARACTERS.sub(shown, text)
