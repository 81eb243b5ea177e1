"""Every error class ledger/ defines is a LedgerError, and no name is defined twice."""

import cunzheng.ledger
from cunzheng.ledger.errors import LedgerError
from tests.support.error_classes import defined_errors


def test_every_ledger_error_derives_from_ledger_error() -> None:
    errors = defined_errors(cunzheng.ledger)
    assert "cunzheng.ledger.replay.ReplayError" in errors  # the walk reaches every module
    assert not [name for name, cls in errors.items() if not issubclass(cls, LedgerError)]
    names = [name.rsplit(".", 1)[1] for name in errors]
    assert len(names) == len(set(names)), "an error class name is defined twice"
