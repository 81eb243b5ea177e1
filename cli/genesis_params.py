"""The consensus parameters a new genesis fixes (docs/consensus.md, "Timeouts"): WAN timing
for a consortium (`cunzheng genesis`), loopback timing for the devnet (`cunzheng devnet`)."""

from dataclasses import asdict

from cunzheng.node.consensus.state_machine import ConsensusParams

# ConsensusParams' defaults, in milliseconds: nodes on one machine or one LAN. A genesis fixes
# its timing for the whole chain, since every validator must time out alike.
DEFAULT_PARAMS = asdict(ConsensusParams())

# Notaries in different cities and organisations: 20-200 ms round trips with jitter, TLS on
# the peer link (a reset costs a reconnect of about two round trips), lost packets (TCP's
# first retransmission waits about 1 s). Each value is reasoned in docs/consensus.md,
# "Timing for WAN links"; the stated time's margin in round 0 is 2000 + 1000 + 500 ms.
WAN_PARAMS = {
    **DEFAULT_PARAMS,
    "timeout_propose_ms": 4000,  # > MSGDELAY + building and sending a full block
    "timeout_prevote_ms": 1500,  # the last prevotes, a reconnect and jitter behind the first
    "timeout_precommit_ms": 1500,
    "timeout_commit_ms": 1000,  # late precommits reach last_commit; slow peers catch up
    "precision_ms": 1000,  # each honest clock within 500 ms of UTC (NTP over the internet)
    "message_delay_ms": 2000,  # one way <= 100 ms + jitter + a reconnect or a retransmission
}
