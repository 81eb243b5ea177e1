"""A node's home directory — config.toml, node key, genesis.json — and a consortium of them on
127.0.0.1 (`cunzheng init` and `devnet`, the multi-process tests, the benchmarks)."""

import socket
from collections.abc import Sequence
from pathlib import Path

from cunzheng.ledger.keys import NodeKey, write_key_file
from cunzheng.ledger.validators import Genesis
from cunzheng.node.config import render_config

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


def write_home(
    home: Path,
    key: NodeKey,
    api_listen: str,
    p2p_listen: str,
    peers: list[str],
    genesis: Genesis | None = None,
) -> None:
    """Create `home` with a commented config.toml, the key file (mode 0600) and, if given,
    genesis.json. Raises KeyFileError if the home holds a key already, OSError."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(render_config(api_listen, p2p_listen, peers), "utf-8")
    write_key_file(home / "node_key.json", key)
    if genesis is not None:
        (home / "genesis.json").write_text(genesis.to_file_text(), "utf-8")


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
        peers = [f"http://127.0.0.1:{ports[count + i]}" for i in range(count) if i != index]
        write_home(root / key.name, key, api, p2p, peers, genesis)
        homes.append(root / key.name)
        urls.append(f"http://{api}")
    return homes, urls
