"""Finding English words in Chinese output (docs/glossary.md).

A Chinese line may hold codes and names that are the same in every language: hex, paths and
file names, URLs, command lines and option names, snake_case codes, placeholders in capitals
(FILE, URL), numbers, proper names (SHA-256, SM3, RFC 3161, C2SP, LevelDB…), and values
quoted as values are ('verfy' as the user typed it, “image” as a code to type). It may not
hold an English word: a status left as "pending", or a sentence fragment such as "bundle is
from chain". A line labelled 技术细节（英文）： is English on purpose and is skipped.
"""

import re

DETAIL_LABEL = "技术细节（英文）："
# Proper names Chinese text writes as they are (names in capitals, such as SHA, RFC, UTC and
# JSON, and those with digits, such as SM3 and C2SP, pass as codes).
NAMES = frozenset(
    {
        "cunzheng",
        "uvloop",
        "LevelDB",
        "OpenSSL",
        "Python",
        "Linux",
        "macOS",
        "Windows",
        "vkey",
        "iPhone",  # in the tests' collection records: what the litigant states, as stated
    }
)
# Characters of Chinese text and its full-width punctuation (CJK, full-width forms, “”).
_CHINESE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u201c\u201d\u2018\u2019"
_URL = re.compile(r"https?://[^\s" + _CHINESE + r"]+")
_QUOTED = re.compile(r"“[^”]*”|'[^'\s]*'")
# A command line runs from the program's name to the next Chinese character.
_COMMAND = re.compile(
    r"\b(?:cunzheng|pip install|certutil|sha256sum|sha512sum)\b[^" + _CHINESE + "]*"
)
_TOKEN = re.compile(r"[^\s" + _CHINESE + r"]+")
# Inside a token, these make it a code, a path, a file name, an option or a key=value pair.
_CODE_MARKS = re.compile(r"[0-9_./\\\-+=@:#%~<>|]")
_EDGES = "\"'()[]{},;!?`*"
_HEX = re.compile(r"[0-9a-f]{8,}…?")


def english_words(line: str) -> list[str]:
    """The English words in a line of Chinese output (none for a labelled detail line)."""
    if line.strip().startswith(DETAIL_LABEL):
        return []
    line = _QUOTED.sub(" ", _COMMAND.sub(" ", _URL.sub(" ", line)))
    words = []
    for token in _TOKEN.findall(line):
        word = token.strip(_EDGES)
        if not word or _CODE_MARKS.search(word) or _HEX.fullmatch(word) or word in NAMES:
            continue
        if word.isupper() or not any(char.isalpha() for char in word):
            continue
        words.append(word)
    return words


def untranslated_lines(output: str) -> list[str]:
    """The lines of `output` that hold English words."""
    return [line for line in output.splitlines() if english_words(line)]


def has_chinese(text: str) -> bool:
    """True when `text` holds a Chinese character."""
    return re.search(r"[\u4e00-\u9fff]", text) is not None
