"""`cunzheng status` shows the organisation and contact a node's status gives for each
validator as columns of the validators' table, under their names in the command's language."""

from rich.console import Console

from cunzheng.cli.i18n import Language
from cunzheng.cli.status_cmd import status_tables

ANSWER = {
    "chain_id": "consortium-2026",
    "validators": [
        {"name": "notary-a", "power": 1, "organisation": "示例公证处", "contact": "a@x.example"},
        {"name": "notary-b", "power": 1, "organisation": "Example Notary Office", "contact": None},
        {"name": "notary-c", "power": 1, "organisation": None, "contact": None},
    ],
}


def shown(language: Language) -> list[str]:
    console = Console(width=200, record=True, color_system=None)
    for table in status_tables("http://127.0.0.1:7700", ANSWER, language):
        console.print(table)
    return console.export_text().splitlines()


def test_organisation_and_contact_are_columns_in_chinese_and_english() -> None:
    headings: tuple[tuple[Language, str, str], ...] = (
        ("zh", "所属机构", "联系方式"),
        ("en", "organisation", "contact"),
    )
    for language, organisation, contact in headings:
        lines = shown(language)
        assert any(organisation in line and contact in line for line in lines), lines
        assert any("a@x.example" in line for line in lines)
        row_c = next(line for line in lines if "notary-c" in line)
        assert "-" in row_c.replace("notary-c", "")  # no organisation named: a dash
        assert any("示例公证处" in line for line in lines)
        assert any("Example Notary Office" in line for line in lines)
