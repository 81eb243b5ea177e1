"""The errors node/ raises, all under NodeError (docs/style.md, "Errors").

Where a class lives follows the rule of ledger/errors.py. A failure of the rules every room
of the node applies, the consensus rules (ConsensusViolation) and what a peer may send
(PeerError), is defined here. The failure of one service is defined beside what raises it
and derives from NodeError: ConfigError (node/config.py), MempoolFull (node/mempool.py),
BackupError (node/backup.py), LinkClosed (node/p2p/link.py) and ApiError
(node/api/errors.py). A ledger failure the node meets keeps its own class from
cunzheng.ledger.errors.
"""


class NodeError(Exception):
    """Root of every error node/ defines."""


class ConsensusViolation(NodeError):
    """A transition the consensus rules
    (docs/consensus.md, "The rules of Algorithm 1") forbid: signing a message that could
    equivocate, or feeding the state machine an input that breaks its contract."""


class PeerError(NodeError):
    """A message from a peer that is well formed but not acceptable: wrong chain, unknown
    validator index, a block that does not match its proposal."""
