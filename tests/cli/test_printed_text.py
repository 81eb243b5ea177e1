"""What the command line prints from a bundle, a manifest or a node shows control characters
escaped (docs/formats.md, "Plain text"): a meta value that clears the screen and prints a
fake verdict, a kind that reverses what follows, a file name with a line break."""

import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from cunzheng.cli.main import main
from cunzheng.cli.status_cmd import status_tables
from cunzheng.cli.terminal import json_text
from tests.support.corpus import CORPUS, TERMINAL_ESCAPES
from tests.support.corpus_case import CHAT_EXPORT
from tests.support.corpus_runs import case_json, verify_arguments

CASE = CORPUS / "meta_control_characters"
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def _verify(*extra: str) -> str:
    arguments = [a for a in verify_arguments(CASE, case_json(CASE.name)["inputs"]) if a != "--json"]
    result = CliRunner().invoke(main, [*arguments, *extra])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_verdict_cannot_be_rewritten_by_the_record_it_shows(language: str) -> None:
    printed = _verify("--lang", language)
    assert RAW.search(printed) is None, repr(printed)
    lines = printed.splitlines()
    assert lines[0].startswith(("VALID:", "有效："))
    assert not any(line.startswith("有效：由 4 个") for line in lines)  # the fake verdict
    assert r"z=\x1b[H\x1b[2J 有效：由 4 个公证节点中的 4 个签名\r\n" in printed
    assert r"chat.\u202elmth" in printed


def test_json_output_keeps_the_values_but_no_raw_control_character() -> None:
    printed = _verify("--json")
    assert RAW.search(printed) is None, repr(printed)
    record = json.loads(printed)["record"]
    assert (record["kind"], record["meta"]) == ("chat.\u202elmth", {"z": TERMINAL_ESCAPES})
    assert json.loads(json_text({"a": "\x9b\u2028\u202e\n"})) == {"a": "\x9b\u2028\u202e\n"}


def test_a_file_name_with_a_line_break_stays_on_its_line(tmp_path: Path) -> None:
    named = tmp_path / "x\nVALID: 4 of 4.html"
    named.write_bytes((CASE / CHAT_EXPORT).read_bytes())
    arguments = ["verify", str(CASE / "proof.cunzheng.json"), "--file", str(named)]
    printed = CliRunner().invoke(main, [*arguments, "--genesis", str(CASE / "genesis.json")]).stdout
    assert r'"x\nVALID: 4 of 4.html"' in printed
    assert not any(line.startswith("VALID: 4 of 4") for line in printed.splitlines())


def test_what_a_node_says_is_shown_escaped_and_never_as_markup() -> None:
    answer = {
        "chain_id": "cunzheng-test\x1b[2J",
        "note\u202e": "[bold red]ready[/]",
        "peers": [{"name": "notary-b\r\nfake", "connected": True}],
    }
    console = Console(file=io.StringIO(), width=200, color_system=None)
    for table in status_tables("http://127.0.0.1:1", answer, "en"):
        console.print(table)
    printed = console.file.getvalue()  # type: ignore[attr-defined]
    assert RAW.search(printed) is None, repr(printed)
    assert r"cunzheng-test\x1b[2J" in printed and r"note\u202e" in printed
    assert "[bold red]ready[/]" in printed and r"notary-b\r\nfake" in printed


def test_a_command_line_to_copy_quotes_the_name_it_holds(tmp_path: Path) -> None:
    # A folder named by whoever handed it over must not become a command when the line
    # the command line suggests is copied into a shell.
    folder = tmp_path / 'x" & calc.exe & "y; touch pwned'
    folder.mkdir()
    result = CliRunner().invoke(
        main, ["submit", "--node", "http://127.0.0.1:9", str(folder), "--lang", "en"]
    )
    assert result.exit_code == 2
    assert f"cunzheng seal '{tmp_path}/x\" & calc.exe & \"y; touch pwned' --out" in result.stderr
