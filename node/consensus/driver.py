"""The consensus driver of a running node: the core (node/consensus/core.py) in the node's
asyncio event loop.

This shell is the only part of node/consensus that knows about asyncio or threads. It gives
the core its timers (loop.call_later) and writes the signing guard's records on a thread of
its own, in the order asked, so that their fsyncs do not stall the loop three times a block;
once a record is durable, the core signs and sends on the loop
(docs/consensus.md, "The signing guard"). `stop` cancels both: nothing is signed or sent after it.
"""

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from cunzheng.ledger.keys import NodeKey
from cunzheng.node.consensus.core import (
    Chain,
    ConsensusCore,
    EvidenceSink,
    ProposalClock,
    Sender,
    Signer,
)
from cunzheng.node.consensus.signing_guard import SigningGuard
from cunzheng.node.consensus.signing_hold import SigningHold
from cunzheng.node.consensus.state_machine import Consensus
from cunzheng.node.errors import ConsensusViolation


class ConsensusDriver:
    """Runs a ConsensusCore in the running event loop; its GuardWrites and Timers."""

    def __init__(
        self,
        *,
        consensus: Consensus,
        chain: Chain,
        key: NodeKey | None,
        guard: SigningGuard | None,
        network: Sender,
        evidence: EvidenceSink,
        clock_ms: Callable[[], int],
        proposal_clock: ProposalClock,
        hold: SigningHold | None = None,
    ) -> None:
        """Without `key` or `guard` the node observes and never signs; with `hold` (after a
        restore) it signs only once the hold permits."""
        # Once consensus runs, the guard is used from this one thread only.
        self._guard_thread = ThreadPoolExecutor(1, thread_name_prefix="signing-guard")
        self._timers: list[asyncio.TimerHandle] = []
        self._stopped = False
        signer = None if key is None or guard is None else Signer(key, guard, self, hold)
        self.core = ConsensusCore(
            consensus=consensus,
            chain=chain,
            signer=signer,
            sender=network,
            timers=self,
            evidence=evidence,
            clock_ms=clock_ms,
            proposal_clock=proposal_clock,
        )

    def write(
        self, record: Callable[[], None], then: Callable[[ConsensusViolation | None], None]
    ) -> None:
        """GuardWrites: `record` on the guard's thread, then `then` on the loop (not after
        `stop`). Requires a running loop."""
        recorded = asyncio.get_running_loop().run_in_executor(self._guard_thread, record)

        def done(future: asyncio.Future[None]) -> None:
            if self._stopped:
                return
            try:
                future.result()
            except ConsensusViolation as refusal:
                then(refusal)
                return
            then(None)

        recorded.add_done_callback(done)

    def call_later(self, delay_ms: int, callback: Callable[[], None]) -> None:
        """Timers: `callback` on the loop after `delay_ms`, unless `stop` comes first.
        Requires a running loop."""
        loop = asyncio.get_running_loop()
        self._timers = [t for t in self._timers if not t.cancelled() and t.when() > loop.time()]
        self._timers.append(loop.call_later(delay_ms / 1000, callback))

    def stop(self) -> None:
        """Cancel pending timers and wait for the signing guard's writes; nothing is signed
        or sent after this."""
        self._stopped = True
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()
        self._guard_thread.shutdown()
