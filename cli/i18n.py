"""What a person reads, in Chinese or English: the language a command runs in, the one lookup
into the message catalog (cli/messages/), and the errors commands raise in that language.

docs/cli.md, "Languages"; the words are fixed by docs/glossary.md. The language follows the
locale (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them; zh_* means Chinese) and
`--lang zh|en` overrides it. Exit codes and `--json` output never depend on the language, so
scripts behave the same everywhere: an error keeps its message key and values, and says
itself in either language (`in_language`).
"""

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Literal, Protocol, runtime_checkable

import click

from cunzheng.cli.messages import MESSAGES
from cunzheng.cli.terminal import echo
from cunzheng.ledger.plain_text import escaped

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = ("en", "zh")
# Where a command's context keeps the language it runs in (click shares `meta` with every
# context nested in it, so a group's choice reaches its subcommands).
_CONTEXT_KEY = "cunzheng.language"


@runtime_checkable
class Localized(Protocol):
    """Something that says itself in either language: a Message, a CliError, an ErrorText."""

    def in_language(self, language: Language) -> str:
        """The text in `language`."""


def language_from_environment(environ: Mapping[str, str]) -> Language:
    """The language the locale asks for: "zh" for a zh_* locale, otherwise "en".

    POSIX order: the first non-empty of LC_ALL, LC_MESSAGES and LANG decides.
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def resolve_language(option: str | None) -> Language:
    """The `--lang` option if it names a language ("en" or "zh"), else the locale's."""
    if option == "zh":
        return "zh"
    if option == "en":
        return "en"
    return language_from_environment(os.environ)


def language_option_in(arguments: Sequence[str]) -> str | None:
    """The value of the last `--lang` in raw command-line `arguments` (before any "--"), or
    None. Click reports some usage errors before it reads any option, and these are still
    said in the language asked for."""
    found = None
    for index, argument in enumerate(arguments):
        if argument == "--":
            break
        if argument == "--lang" and index + 1 < len(arguments):
            found = arguments[index + 1]
        elif argument.startswith("--lang="):
            found = argument.removeprefix("--lang=")
    return found


def choose_language(context: click.Context, option: str | None) -> None:
    """Make `option` ("zh" or "en"; anything else is ignored) the language of `context`
    and of every context nested in it."""
    if option in LANGUAGES:
        context.meta[_CONTEXT_KEY] = option


def current_language() -> Language:
    """The language of the command running now: its `--lang`, else the locale's."""
    context = click.get_current_context(silent=True)
    chosen = None if context is None else context.meta.get(_CONTEXT_KEY)
    return resolve_language(chosen)


class Said(str):
    """Text `text` returned: what the catalog says with its values shown safely. Put into
    another message, its own line breaks stand."""

    __slots__ = ()


def text(language: Language, key: str, /, **values: object) -> str:
    """The message `key` in `language`, its placeholders filled from `values`.

    A Localized value is said in `language` too, and text this function returned is put in
    as it is; any other text or a path, which may come from a bundle, a manifest or a node,
    is shown with its control characters escaped, line breaks included (cli/terminal.py).
    Raises KeyError for an unknown key or a missing value, and TypeError
    for an exception given as a value (give ErrorText(error), cli/error_text.py, so that its
    English never lands inside a Chinese sentence): both are programming errors.
    """
    return Said(
        MESSAGES[key][language].format(
            **{name: _shown(value, language) for name, value in values.items()}
        )
    )


def _shown(value: object, language: Language) -> object:
    if isinstance(value, Localized):
        return value.in_language(language)
    if isinstance(value, BaseException):
        raise TypeError(f"wrap {type(value).__name__} in ErrorText before putting it in a message")
    if isinstance(value, Said):
        return value
    if isinstance(value, (str, PurePath)):
        return escaped(str(value))
    return value


def say(key: str, /, *, to_stderr: bool = False, **values: object) -> None:
    """Print message `key` in the current command's language."""
    echo(text(current_language(), key, **values), err=to_stderr)


def show(said: "Localized", *, to_stderr: bool = False) -> None:
    """Print `said` (a Message, an error) in the current command's language."""
    echo(said.in_language(current_language()), err=to_stderr)


@dataclass(frozen=True, slots=True)
class Message:
    """A message not yet put into words: its key and values, said in either language."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    def in_language(self, language: Language) -> str:
        """The message in `language`."""
        return text(language, self.key, **self.values)


@dataclass(frozen=True, slots=True)
class Listing:
    """Items said as one list, with the language's separator ("a, b" or "a、b")."""

    items: tuple[object, ...]

    def in_language(self, language: Language) -> str:
        """The items in `language`, each said in it too if it is Localized."""
        separator = text(language, "list_separator")
        return separator.join(str(_shown(item, language)) for item in self.items)


class CliError(click.ClickException):
    """A command's failure (exit 1), said in the command's language and kept as key and
    values so that JSON output can say it in English whatever the language."""

    def __init__(self, key: str, /, **values: object) -> None:
        self.said = Message(key, values)
        super().__init__(self.said.in_language(current_language()))

    def in_language(self, language: Language) -> str:
        """The message in `language`."""
        return self.said.in_language(language)


class CliUsageError(CliError, click.UsageError):
    """A usage error (exit 2) in the command's language."""


class CliBadParameter(CliError, click.BadParameter):
    """A bad value of one parameter (exit 2), named by `param_hint` ("--genesis"), in the
    command's language; `in_language` says it without the parameter's name."""

    def __init__(self, key: str, /, *, param_hint: str | None = None, **values: object) -> None:
        super().__init__(key, **values)
        self.param_hint = param_hint


def _remember_language(context: click.Context, _parameter: click.Parameter, value: Any) -> Any:
    choose_language(context, value)
    return value


def lang_option(function: click.decorators.FC) -> click.decorators.FC:
    """The `--lang zh|en` option. It is read before every other option (eager), so that even
    an error in another option is said in the language asked for; commands read the language
    with current_language()."""
    return click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default=None,
        is_eager=True,
        expose_value=False,
        callback=_remember_language,
        help="Language of what is printed: zh (Chinese) or en. Default: from "
        "LC_ALL/LC_MESSAGES/LANG.",
    )(function)
