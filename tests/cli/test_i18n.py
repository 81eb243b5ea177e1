"""The message catalog and how the language is chosen."""

import string

import pytest

from cunzheng.cli.i18n import LANGUAGES, MESSAGES, language_from_environment


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": ""}, "zh"),
    ],
)
def test_language_follows_the_locale(environ: dict[str, str], language: str) -> None:
    assert language_from_environment(environ) == language


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# English leaves out the Beijing date when it is the UTC date; Chinese always gives it.
FEWER_IN_ENGLISH = {"beijing_time_same_day": {"year", "month", "day"}}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_exists_in_both_languages_with_the_same_placeholders(key: str) -> None:
    assert set(MESSAGES[key]) == set(LANGUAGES)
    english, chinese = _placeholders(MESSAGES[key]["en"]), _placeholders(MESSAGES[key]["zh"])
    assert english | FEWER_IN_ENGLISH.get(key, set()) == chinese
