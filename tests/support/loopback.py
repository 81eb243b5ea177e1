"""A consortium of node homes on 127.0.0.1 with free ports, for the multi-process tests and
the benchmarks (bench/ imports this module, and nothing else of tests/)."""

import socket
from collections.abc import Sequence
from pathlib import Path

from cunzheng.ledger.keys import NodeKey
from cunzheng.ledger.validators import Genesis
from cunzheng.node.home import write_home

# Consensus parameters for a consortium on one machine's loopback: short timeouts, a block
# soon after entries arrive, an empty block every 2 s.
LOOPBACK_PARAMS = {
    "timeout_propose_ms": 1000,
    "timeout_propose_delta_ms": 200,
    "timeout_prevote_ms": 500,
    "timeout_prevote_delta_ms": 200,
    "timeout_precommit_ms": 500,
    "timeout_precommit_delta_ms": 200,
    "timeout_commit_ms": 50,
    "empty_block_interval_ms": 2000,
    "precision_ms": 500,
    "message_delay_ms": 2000,
}


def free_ports(count: int) -> list[int]:
    """`count` distinct TCP ports that were free on 127.0.0.1 a moment ago."""
    sockets = []
    for _ in range(count):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sockets.append(sock)
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def loopback_consortium(
    root: Path, keys: Sequence[NodeKey], genesis: Genesis
) -> tuple[list[Path], list[str]]:
    """A home under `root` for each key (named by the key's name), every node a peer of every
    other on free 127.0.0.1 ports; returns the homes and their API URLs."""
    count = len(keys)
    ports = free_ports(2 * count)
    homes, urls = [], []
    for index, key in enumerate(keys):
        api, p2p = f"127.0.0.1:{ports[index]}", f"127.0.0.1:{ports[count + index]}"
        peers = [f"127.0.0.1:{ports[count + i]}" for i in range(count) if i != index]
        write_home(root / key.name, key, api, p2p, peers, genesis)
        homes.append(root / key.name)
        urls.append(f"http://{api}")
    return homes, urls
