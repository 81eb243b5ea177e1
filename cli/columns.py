"""Lining text up in a terminal, where a Chinese character takes two columns."""

import unicodedata


def display_width(text: str) -> int:
    """The number of terminal columns `text` takes (wide and full-width characters: two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def padded(text: str, width: int) -> str:
    """`text` with spaces after it up to `width` columns (as str.ljust, by display width)."""
    return text + " " * max(width - display_width(text), 0)
