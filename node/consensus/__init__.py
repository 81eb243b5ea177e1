"""Consensus among notaries: Tendermint's Algorithm 1 with proposer-based timestamps and a
signing guard (docs/consensus.md).

- state_machine.py: the pure state machine, events in, actions out; events.py holds both;
  params.py its timeouts and limits; proposer.py the weighted round robin; vote_book.py and
  proposal_book.py what it has received; catch_up.py following a weak quorum ahead (rule 9);
- signing_guard.py: never sign two different messages for one (height, round, step);
- messages.py: the checks every peer's message passes, and signing our own;
- core.py: the driver's synchronous core, which the node and the simulation both drive;
  store_chain.py: the chain it commits to, over the block store;
- driver.py: the asyncio shell, the only module here that knows about the event loop or
  threads (an import-linter contract forbids the others any I/O, clock or randomness).
"""
