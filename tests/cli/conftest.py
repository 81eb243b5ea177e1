"""Fixtures for the command-line tests."""

import pytest

from tests.support.verify_evidence import Evidence, write_evidence


@pytest.fixture(scope="session")
def evidence(tmp_path_factory: pytest.TempPathFactory) -> Evidence:
    """Evidence files and bundles, built once per test session."""
    return write_evidence(tmp_path_factory.mktemp("evidence"))
