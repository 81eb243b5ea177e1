"""The verdict corpus (tests/vectors/verdicts/, docs/verdicts.md): `cunzheng verify --json`
gives each case's expected verdict exactly, and the committed corpus is what
tests/support/corpus.py makes now. The page's verifier runs the same cases."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cunzheng.cli.main import main
from cunzheng.cli.verdict import EXIT_CODES
from cunzheng.ledger.reasons import REASONS
from tests.support.corpus import CORPUS, generate
from tests.support.corpus_runs import case_json, expected_part, verify_arguments

CASES = sorted(path.name for path in CORPUS.iterdir() if (path / "case.json").is_file())
# Checked by the command line only: a token needs --tsa-anchor, trusted keys need --trust.
NOT_IN_CORPUS = {"timestamp_invalid", "untrusted_quorum"}


@pytest.mark.parametrize("name", CASES)
def test_verify_gives_the_expected_verdict(name: str) -> None:
    case = case_json(name)
    result = CliRunner().invoke(main, verify_arguments(CORPUS / name, case["inputs"]))
    verdict = json.loads(result.stdout)
    assert expected_part(verdict) == case["expected"], verdict["message"]
    assert result.exit_code == EXIT_CODES[case["expected"]["verdict"]]


def test_the_corpus_names_every_reason_the_page_checks() -> None:
    reasons = {case_json(name)["expected"]["reason"] for name in CASES}
    assert reasons == set(REASONS) - NOT_IN_CORPUS | {"ok", "no_trust_anchor"}


def test_the_committed_corpus_is_what_the_generator_makes(tmp_path: Path) -> None:
    names = generate(tmp_path)
    assert sorted(names) == CASES, "run: .venv/bin/python -m tests.support.corpus"
    made = {path.relative_to(tmp_path): path.read_bytes() for path in _files(tmp_path)}
    committed = {path.relative_to(CORPUS): path.read_bytes() for path in _files(CORPUS)}
    assert sorted(made) == sorted(committed)
    stale = [str(path) for path, data in made.items() if committed[path] != data]
    assert stale == [], "run: .venv/bin/python -m tests.support.corpus"


def test_the_corpus_stays_small() -> None:
    assert sum(len(path.read_bytes()) for path in _files(CORPUS)) < 1024 * 1024


def _files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file() and path.parent != root]
