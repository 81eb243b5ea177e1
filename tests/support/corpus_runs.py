"""Running a case of the verdict corpus (tests/vectors/verdicts/, docs/verdicts.md, "The
corpus"): its case.json, and the `cunzheng verify` arguments that give it the case's inputs."""

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
