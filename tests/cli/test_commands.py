"""The command modules of cli/ and the import-linter contract that keeps them independent."""

import tomllib
from pathlib import Path

import cunzheng.cli

REPO = Path(__file__).resolve().parents[2]
CONTRACT = "cli command modules are independent of each other"


def test_every_command_module_is_in_the_independence_contract() -> None:
    with (REPO / "pyproject.toml").open("rb") as file:
        contracts = tomllib.load(file)["tool"]["importlinter"]["contracts"]
    (contract,) = [c for c in contracts if c["name"] == CONTRACT]
    folder = Path(cunzheng.cli.__file__).parent
    present = {f"cunzheng.cli.{path.stem}" for path in folder.glob("*_cmd.py")}
    assert len(present) >= 13
    assert set(contract["modules"]) == present, "add each new cli/*_cmd.py to the contract"
