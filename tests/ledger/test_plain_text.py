"""Control characters (ledger/plain_text.py): which they are, how they are shown, and the
rule a node applies to the kind and meta of a new entry."""

import pytest

from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.plain_text import escaped, has_control_characters

SHOWN = [
    ("\x1b[H\x1b[2J VALID", r"\x1b[H\x1b[2J VALID"),
    ("a\nb\rc\td", r"a\nb\rc\td"),
    ("\x00\x7f\x85\x9b", r"\x00\x7f\x85\x9b"),
    ("txt.\u202eexe", r"txt.\u202eexe"),
    (
        "\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069",
        r"\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069",
    ),
    ("聊天记录（张三）— Zoë 😀 \u200d", "聊天记录（张三）— Zoë 😀 \u200d"),
]


@pytest.mark.parametrize(("text", "shown"), SHOWN)
def test_control_characters_are_shown_escaped(text: str, shown: str) -> None:
    assert escaped(text) == shown
    assert has_control_characters(text) == (text != shown)


def test_newlines_kept_when_asked() -> None:
    assert escaped("line 1\nline\x1b 2\r\n", keep_newlines=True) == "line 1\nline\\x1b 2\\r\n"


def test_a_new_entry_must_be_plain_text_but_old_ones_still_decode() -> None:
    entry = Entry(bytes(32), kind="note", meta={"z": "\x1b[2J VALID: 4 of 4"})
    with pytest.raises(
        DecodeError, match=r'meta value of \'z\' "\\x1b\[2J VALID: 4 of 4" holds a control'
    ):
        entry.verify_plain_text()
    assert Entry.decode(entry.encode()) == entry  # committed before the rule: still an entry
    with pytest.raises(DecodeError, match=r'kind "a\\u202eb"'):
        Entry(bytes(32), kind="a\u202eb").verify_plain_text()
    with pytest.raises(DecodeError, match=r'meta key "k\\n"'):
        Entry(bytes(32), meta={"k\n": "v"}).verify_plain_text()
    Entry(bytes(32), kind="聊天", meta={"案号": "（2026）京0105民初12345号"}).verify_plain_text()
