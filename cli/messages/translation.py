"""One message of the catalog: the same thing said in English and in Chinese."""

from typing import TypedDict


class Translation(TypedDict):
    """A message template in each language, with the same {placeholders} in both
    (tests/cli/test_i18n.py checks it). Chinese follows docs/glossary.md."""

    en: str
    zh: str
