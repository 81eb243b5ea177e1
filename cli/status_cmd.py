"""`cunzheng status`: what a node says about itself (`GET /v1/status`), as readable tables.

The node's answer is shown field by field as it comes, so a field a newer node adds shows up
without a change here (under its name in the answer): scalars in one table, each list of
objects (validators, peers) in its own. Known fields, and the words the node uses for a role
or a consensus step, are said in the command's language (cli/messages/node.py). What the
node says is shown as plain text: its control characters escaped (cli/terminal.py), and
never read as rich's markup.
"""

from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cunzheng.cli.http import BadNodeAnswer, NodeClient, node_option
from cunzheng.cli.i18n import Language, current_language, lang_option, text
from cunzheng.cli.messages import MESSAGES
from cunzheng.cli.terminal import echo_json
from cunzheng.cli.times import iso_utc
from cunzheng.ledger.plain_text import escaped

# Fields whose values are words of the node's vocabulary, not names or numbers.
_WORD_FIELDS = frozenset({"role", "step"})


def _field(key: str, language: Language) -> str:
    """A field's name: its words in Chinese; in English its name in the answer."""
    known = f"status_field_{key}"
    return text(language, known) if known in MESSAGES else escaped(key)


def _heading(key: str, language: Language) -> str:
    return _field(key, language).replace("_", " ")


def _cell(value: Any, language: Language, key: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return text(language, "yes" if value else "no")
    if isinstance(value, dict):
        pairs = [_pair(name, item, language) for name, item in value.items()]
        return text(language, "status_pair_separator").join(pairs)
    if isinstance(value, list):
        return text(language, "list_separator").join(_cell(item, language) for item in value) or "-"
    word = f"status_value_{value}"
    if key in _WORD_FIELDS and word in MESSAGES:
        return text(language, word)
    return escaped(str(value))


def _pair(key: str, value: Any, language: Language) -> str:
    shown = _cell(value, language, key)
    return text(language, "status_pair", key=_field(key, language), value=shown)


def _is_table(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(row, dict) for row in value)


def status_tables(node: str, answer: dict[str, Any], language: Language) -> list[Table]:
    """The tables showing a status answer: an overview, then one per list of objects."""
    overview = Table(
        title=Text(text(language, "status_title", node=node)),
        show_header=False,
        title_justify="left",
    )
    overview.add_column("field", style="bold")
    overview.add_column("value", overflow="fold")
    tables = [overview]
    for key, value in answer.items():
        if not _is_table(value):
            shown = _cell(value, language, key)
            if key.endswith("_time_ms") and isinstance(value, int):
                shown = text(language, "status_time", utc=iso_utc(value), time_ms=value)
            overview.add_row(Text(_heading(key, language)), Text(shown))
            continue
        columns = list(dict.fromkeys(column for row in value for column in row))
        title = text(
            language, "status_table_title", label=_heading(key, language), count=len(value)
        )
        table = Table(title=Text(title), title_justify="left")
        for column in columns:
            table.add_column(Text(_heading(column, language)), overflow="fold")
        for row in value:
            table.add_row(*(Text(_cell(row.get(column), language, column)) for column in columns))
        tables.append(table)
    return tables


@click.command("status")
@node_option
@click.option("--json", "as_json", is_flag=True, help="Print the node's answer as JSON.")
@lang_option
def status(node: str, as_json: bool) -> None:
    """Show what a node says about itself: chain, height, ledger size, validators, peers."""
    answer = NodeClient(node).get_json("/v1/status")
    if not isinstance(answer, dict):
        raise BadNodeAnswer("node_status_not_object", url=node)
    if as_json:
        echo_json(answer)
        return
    console = Console()
    for table in status_tables(node, answer, current_language()):
        console.print(table)
