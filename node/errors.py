"""Errors raised by node/ on top of ledger.errors (docs/style.md, "Errors")."""


class ConsensusViolation(Exception):
    """A transition the consensus rules
    (docs/consensus.md, "The rules of Algorithm 1") forbid: signing a message that could
    equivocate, or feeding the state machine an input that breaks its contract."""


class PeerError(Exception):
    """A message from a peer that is well formed but not acceptable: wrong chain, unknown
    validator index, a block that does not match its proposal."""
