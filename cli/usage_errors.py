"""Errors as a person reads them in Chinese, click's own included: a missing or unknown
option, a bad value, an extra argument, with the usage line and where to find help.

English output is click's own, word for word. In Chinese, the errors the commands raise
(cli/i18n.py's CliError and its kin) say themselves; click's are recognised by their
English template (cli/messages/click_texts.py, `click_said_*`), whose values the Chinese
reuses, or rebuilt from the exception's fields. An error no template matches is still
said, with click's English on a line of its own (docs/glossary.md, "Errors").
"""

import re
import string
from functools import cache

import click
from click.exceptions import NoArgsIsHelpError, NoSuchCommand

from cunzheng.cli.i18n import Language, Listing, Localized, text
from cunzheng.cli.messages import MESSAGES
from cunzheng.cli.terminal import echo

_SAID_PREFIX = "click_said_"
_QUOTE_GROUP = "quote_"


def show_error(error: click.ClickException, language: Language) -> None:
    """Write `error` to standard error in `language`, as click's `show` does in English:
    for a usage error, the usage line and where to find help first."""
    if isinstance(error, NoArgsIsHelpError):  # a group run alone prints its help
        error.show()
        return
    if isinstance(error, click.UsageError) and error.ctx is not None:
        echo(f"{_usage(error.ctx, language)}\n", err=True)
    echo(text(language, "error_prefix", message=message_of(error, language)), err=True)


def message_of(error: click.ClickException, language: Language) -> str:
    """What went wrong, in `language`, without the usage line or the "Error:" prefix."""
    if isinstance(error, click.BadParameter):
        return _bad_parameter(error, language)
    if isinstance(error, Localized):
        return error.in_language(language)
    if isinstance(error, click.NoSuchOption | NoSuchCommand):
        return _no_such(error, language)
    return click_said(error.format_message(), language, "usage_untranslated")


def click_said(message: str, language: Language, fallback: str) -> str:
    """`message`, one of click's English messages, in `language`: by the click_said_*
    template it matches, else by message `fallback` with the English as its detail."""
    for key, pattern in _said_patterns():
        found = pattern.fullmatch(message)
        if found is not None:
            values = {
                name: _word(value, language)
                for name, value in found.groupdict().items()
                if not name.startswith(_QUOTE_GROUP)
            }
            return text(language, key, **values)
    return text(language, fallback, detail=message)


@cache
def _said_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    # Each click_said_* template's English as a regular expression: its literal text, and a
    # group for each placeholder (inside the quotes of a {name!r}). The templates with the
    # most literal text are tried first, so "is not one of" wins over "is not".
    patterns = []
    for key, translation in MESSAGES.items():
        if key.startswith(_SAID_PREFIX):
            parts, literals = [], 0
            for literal, name, _spec, conversion in string.Formatter().parse(translation["en"]):
                parts.append(re.escape(literal))
                literals += len(literal)
                if name is not None and conversion == "r":
                    quote = f"{_QUOTE_GROUP}{name}"
                    parts.append(f"(?P<{quote}>['\"])(?P<{name}>.*?)(?P={quote})")
                elif name is not None:
                    parts.append(f"(?P<{name}>.+?)")
            patterns.append((literals, key, re.compile("".join(parts), re.DOTALL)))
    ordered = sorted(patterns, key=lambda pattern: -pattern[0])
    return tuple((key, pattern) for _, key, pattern in ordered)


def _word(value: str, language: Language) -> str:
    # A word click puts into its own templates (File, Directory, Path) is translated too.
    key = f"click_word_{value}"
    return text(language, key) if key in MESSAGES else value


def _bad_parameter(error: click.BadParameter, language: Language) -> str:
    hint = _hint(error)
    if isinstance(error, click.MissingParameter):
        return _missing(error, hint, language)
    if isinstance(error, Localized):
        said = error.in_language(language)
    else:
        said = click_said(error.message, language, "usage_value_untranslated")
    if hint is None:
        return text(language, "usage_invalid_value_without_hint", message=said)
    return text(language, "usage_invalid_value", hint=hint, message=said)


def _hint(error: click.BadParameter) -> str | None:
    # As click's BadParameter.format_message names the parameter.
    if isinstance(error.param_hint, str):
        return error.param_hint
    if error.param_hint is not None:
        return " / ".join(repr(hint) for hint in error.param_hint)
    return None if error.param is None else error.param.get_error_hint(error.ctx)


def _missing(error: click.MissingParameter, hint: str | None, language: Language) -> str:
    kind = error.param_type or (None if error.param is None else error.param.param_type_name)
    key = f"usage_missing_{kind}" if kind in ("option", "argument") else "usage_missing_parameter"
    said = text(language, key, hint=hint or "")
    choices = None if error.param is None else getattr(error.param.type, "choices", None)
    if choices:
        separator = text(language, "usage_choices_separator")
        listed = separator.join(str(choice) for choice in choices)
        said += text(language, "usage_choose_from", choices=listed)
    return said


def _no_such(error: click.NoSuchOption | NoSuchCommand, language: Language) -> str:
    if isinstance(error, click.NoSuchOption):
        said = text(language, "usage_no_such_option", name=error.option_name)
    else:
        said = text(language, "usage_no_such_command", name=error.command_name)
    possibilities = sorted(error.possibilities or ())
    if not possibilities:
        return said
    key = "usage_did_you_mean_one" if len(possibilities) == 1 else "usage_did_you_mean_several"
    listed = Listing(tuple(repr(possibility) for possibility in possibilities))
    return f"{said}{text(language, key, possibilities=listed)}"


def _usage(context: click.Context, language: Language) -> str:
    """The usage line, and where to find help, as click's UsageError.show prints them."""
    formatter = context.make_formatter()
    pieces = context.command.collect_usage_pieces(context)
    prefix = text(language, "usage_prefix")
    formatter.write_usage(context.command_path, " ".join(pieces), prefix=prefix)
    usage = formatter.getvalue().rstrip("\n")
    if context.command.get_help_option(context) is None:
        return usage
    option = max(context.command.get_help_option_names(context), key=len)
    hint = text(language, "usage_help_hint", command=context.command_path, option=option)
    return f"{usage}\n{hint}"
