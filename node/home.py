"""A node's home directory: config.toml, node key and genesis.json (`cunzheng init`, `devnet`)."""

from pathlib import Path

from cunzheng.ledger.files import write_atomically
from cunzheng.ledger.keys import NodeKey, write_key_file
from cunzheng.ledger.validators import Genesis
from cunzheng.node.config import render_config

HOME_MODE = 0o700  # the home holds the node's private key and its store
CONFIG_MODE = 0o600  # the configuration names admin clients and trusted proxies


def write_home(
    home: Path,
    key: NodeKey,
    api_listen: str,
    p2p_listen: str,
    peers: list[str],
    genesis: Genesis | None = None,
) -> None:
    """Create `home` (mode 0700 when it is new, whatever the umask) with a commented
    config.toml (mode 0600), the key file (mode 0600) and, if given, genesis.json. Raises
    KeyFileError if the home holds a key already, OSError."""
    if not home.exists():
        home.mkdir(parents=True)
        home.chmod(HOME_MODE)  # mkdir's mode is filtered by the umask; chmod's is exact
    config = render_config(api_listen, p2p_listen, peers).encode("utf-8")
    write_atomically(home / "config.toml", config, mode=CONFIG_MODE)
    write_key_file(home / "node_key.json", key)
    if genesis is not None:
        (home / "genesis.json").write_text(genesis.to_file_text(), "utf-8")
