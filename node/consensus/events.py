"""What goes into the consensus state machine (events) and what comes out (actions).

node/consensus/state_machine.py turns each event into a list of actions; the driver's core
(node/consensus/core.py) carries the actions out and feeds what follows back in as events
(docs/consensus.md, "The driver"). Every event carries the core's clock reading,
so the state machine never reads a clock itself.
"""

from dataclasses import dataclass
from enum import IntEnum

from cunzheng.ledger.block import Block, Commit, Header, Proposal, Vote


class Step(IntEnum):
    """Where a height stands; NEW_HEIGHT is the wait before round 0 (commit, then entries)."""

    NEW_HEIGHT = 0
    PROPOSE = 1
    PREVOTE = 2
    PRECOMMIT = 3


@dataclass(frozen=True, slots=True)
class StartHeight:
    """The first event: start (or, for a restarted validator, resume) the current height."""

    now_ms: int


@dataclass(frozen=True, slots=True)
class ProposalReceived:
    """A proposal with its block, from a peer or our own once signed."""

    proposal: Proposal  # signature and block hash verified by the driver
    block: Block
    now_ms: int


@dataclass(frozen=True, slots=True)
class VoteReceived:
    """A prevote or precommit, from a peer or our own once signed."""

    vote: Vote  # signature verified; a checkpoint signature, if any, too
    now_ms: int


@dataclass(frozen=True, slots=True)
class TimeoutFired:
    """A timer set by SetTimer has expired."""

    height: int
    round: int
    step: Step
    now_ms: int


@dataclass(frozen=True, slots=True)
class EntriesAvailable:
    """The mempool has entries to propose."""

    now_ms: int


@dataclass(frozen=True, slots=True)
class SyncedTo:
    """The driver applied committed blocks fetched from peers."""

    header: Header  # the driver applied committed blocks up to this one
    commit: Commit
    now_ms: int


Event = StartHeight | ProposalReceived | VoteReceived | TimeoutFired | EntriesAvailable | SyncedTo


@dataclass(frozen=True, slots=True)
class SendProposal:
    """Sign (through the signing guard) and broadcast a proposal."""

    proposal: Proposal  # unsigned
    block: Block


@dataclass(frozen=True, slots=True)
class SendVote:
    """Sign (through the signing guard) and broadcast a vote."""

    vote: Vote  # unsigned
    block: Block | None  # the block of a precommit for a block, for its checkpoint signature


@dataclass(frozen=True, slots=True)
class SetTimer:
    """Deliver TimeoutFired(height, round, step) after delay_ms."""

    height: int
    round: int
    step: Step
    delay_ms: int


@dataclass(frozen=True, slots=True)
class CommitBlock:
    """Write the decided block and its commit before any later action."""

    block: Block
    commit: Commit


@dataclass(frozen=True, slots=True)
class RequestSync:
    """Fetch committed blocks from peers."""

    height: int  # validators holding over 1/3 of the power are at this height or above


@dataclass(frozen=True, slots=True)
class RecordEvidence:
    """Two different signed votes of one validator for one (height, round, type)."""

    first: Vote
    second: Vote


Action = SendProposal | SendVote | SetTimer | CommitBlock | RequestSync | RecordEvidence
