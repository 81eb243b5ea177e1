"""The consensus parameters a new genesis fixes unless told otherwise (`cunzheng genesis`,
`cunzheng devnet`)."""

from dataclasses import asdict

from cunzheng.node.consensus.state_machine import ConsensusParams

# The consensus timeouts and limits (docs/consensus.md, "Timeouts"), in milliseconds. A genesis
# fixes them for the whole chain, since every validator must time out alike.
DEFAULT_PARAMS = asdict(ConsensusParams())
