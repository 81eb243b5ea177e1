"""The page's known answers (tests/vectors/page.json) are what ledger/ gives now.

tests/js/ checks the page's verifier against that file; this checks the file against the
production Python code, so the two verifiers cannot drift apart unnoticed. When ledger/
changes on purpose, write the file again: `.venv/bin/python -m tests.support.page_vectors`.
"""

from tests.support.page_vectors import VECTORS, vectors_text


def test_the_committed_page_vectors_are_what_ledger_makes_now() -> None:
    assert VECTORS.read_text("utf-8") == vectors_text(), (
        "tests/vectors/page.json is stale: run `.venv/bin/python -m tests.support.page_vectors`"
    )
