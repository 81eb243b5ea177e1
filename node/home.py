"""A node's home directory: config.toml, node key and genesis.json (`cunzheng init`, `devnet`)."""

from pathlib import Path

from cunzheng.ledger.keys import NodeKey, write_key_file
from cunzheng.ledger.validators import Genesis
from cunzheng.node.config import render_config


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
