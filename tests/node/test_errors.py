"""Every error class node/ defines is a NodeError, never a LedgerError."""

import cunzheng.node
from cunzheng.ledger.errors import LedgerError
from cunzheng.node.errors import NodeError
from tests.support.error_classes import defined_errors


def test_every_node_error_derives_from_node_error() -> None:
    errors = defined_errors(cunzheng.node)
    assert "cunzheng.node.p2p.link.LinkClosed" in errors  # the walk reaches every room
    assert not [name for name, cls in errors.items() if not issubclass(cls, NodeError)]
    assert not [name for name, cls in errors.items() if issubclass(cls, LedgerError)]
