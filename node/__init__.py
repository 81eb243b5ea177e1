"""A running node: one notary's (or an observer's) part of the consortium.

Three rooms and the services that join them (docs/architecture.md):

- node/consensus/: Tendermint as a synchronous core (the state machine and the driver's
  core) and the asyncio shell that runs it;
- node/p2p/: the peers: authenticated websocket links, gossip, relaying, catching up, the
  split-view alarm;
- node/api/: the public HTTP API, its limits and the web page.

Here: node.py assembles a node; application.py builds and checks blocks; intake.py and
mempool.py make submissions durable and keep them until committed; evidence.py keeps
equivocation and split-view evidence; timestamper.py fetches RFC 3161 tokens; metrics.py,
backup.py, config.py, home.py, logs.py, guard_file.py (the signing guard's file) and
errors.py (NodeError and its subclasses). Layers: node.node above node.api and node.p2p,
both above node.consensus (import-linter contracts in pyproject.toml).
"""
