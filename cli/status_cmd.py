"""`cunzheng status`: what a node says about itself (`GET /v1/status`), as readable tables.

The node's answer is shown field by field as it comes, so a field a newer node adds shows up
without a change here: scalars in one table, each list of objects (validators, peers) in its own.
"""

import json
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from cunzheng.cli.http import BadNodeAnswer, NodeClient, node_option
from cunzheng.cli.times import iso_utc


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{key}={_cell(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(_cell(item) for item in value) or "-"
    return str(value)


def _is_table(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(row, dict) for row in value)


def status_tables(node: str, answer: dict[str, Any]) -> list[Table]:
    """The tables showing a status answer: an overview, then one per list of objects."""
    overview = Table(title=f"node {node}", show_header=False, title_justify="left")
    overview.add_column("field", style="bold")
    overview.add_column("value", overflow="fold")
    tables = [overview]
    for key, value in answer.items():
        if not _is_table(value):
            shown = _cell(value)
            if key.endswith("_time_ms") and isinstance(value, int):
                shown = f"{iso_utc(value)} ({value})"
            overview.add_row(key.replace("_", " "), shown)
            continue
        columns = list(dict.fromkeys(column for row in value for column in row))
        table = Table(title=f"{key.replace('_', ' ')} ({len(value)})", title_justify="left")
        for column in columns:
            table.add_column(column.replace("_", " "), overflow="fold")
        for row in value:
            table.add_row(*(_cell(row.get(column)) for column in columns))
        tables.append(table)
    return tables


@click.command("status")
@node_option
@click.option("--json", "as_json", is_flag=True, help="Print the node's answer as JSON.")
def status(node: str, as_json: bool) -> None:
    """Show what a node says about itself: chain, height, ledger size, validators, peers."""
    answer = NodeClient(node).get_json("/v1/status")
    if not isinstance(answer, dict):
        raise BadNodeAnswer(f"node at {node} answered /v1/status with a non-object")
    if as_json:
        click.echo(json.dumps(answer, indent=2, ensure_ascii=False))
        return
    console = Console()
    for table in status_tables(node, answer):
        console.print(table)
