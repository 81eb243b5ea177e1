"""Running a case of the verdict corpus (tests/vectors/verdicts/, docs/verdicts.md, "The
corpus"): its case.json, the `cunzheng verify` arguments that give it the case's inputs, and
the part of `cunzheng verify --json`'s answer that case.json's "expected" states."""

import json
from pathlib import Path
from typing import Any

from tests.support.corpus import CORPUS


def verify_arguments(folder: Path, inputs: dict[str, Any]) -> list[str]:
    """The `cunzheng verify` arguments that give it a case's inputs."""
    arguments = ["verify", str(folder / inputs["bundle"]), "--json"]
    options = {
        "genesis": "--genesis",
        "file": "--file",
        "folder": "--package",
        "manifest": "--manifest",
        "disclosure": "--disclosure",
    }
    for name, option in options.items():
        if inputs[name] is not None:
            arguments += [option, str(folder / inputs[name])]
    return arguments


def case_json(name: str) -> dict[str, Any]:
    """The case.json of the corpus case `name`."""
    loaded: dict[str, Any] = json.loads((CORPUS / name / "case.json").read_text("utf-8"))
    return loaded


def expected_part(verdict: dict[str, Any]) -> dict[str, Any]:
    """What case.json's "expected" states, from a `cunzheng verify --json` answer: the verdict,
    its reason, notices and files, and the time a passing verdict states (None otherwise)."""
    part = {key: verdict[key] for key in ("verdict", "reason", "notices", "files")}
    passed = verdict["verdict"] in ("valid", "unconfirmed")
    part["no_later_than_ms"] = verdict["record"]["no_later_than_ms"] if passed else None
    return part
