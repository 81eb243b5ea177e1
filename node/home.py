"""A node's home directory: config.toml, node key, peer TLS certificate and genesis.json
(`cunzheng init`, `devnet`)."""

from pathlib import Path

from cunzheng.ledger.errors import KeyFileError
from cunzheng.ledger.files import write_atomically
from cunzheng.ledger.keys import NodeKey, write_key_file
from cunzheng.ledger.validators import Genesis
from cunzheng.node.config import render_config
from cunzheng.node.p2p.tls import write_certificate

PEER_TLS_FILES = ("peer_tls_cert.pem", "peer_tls_key.pem")

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
    """Create `home` (mode 0700 when it is new, whatever the umask) with the key file (mode
    0600), a self-signed peer TLS certificate and its key (mode 0600), a commented config.toml
    (mode 0600) and, if given, genesis.json.

    Raises KeyFileError if the home holds a key or certificate already, OSError.
    """
    if not home.exists():
        home.mkdir(parents=True)
        home.chmod(HOME_MODE)  # mkdir's mode is filtered by the umask; chmod's is exact
    write_key_file(home / "node_key.json", key)
    certificate_file, key_file = PEER_TLS_FILES
    try:
        write_certificate(home / certificate_file, home / key_file)
    except FileExistsError as err:
        raise KeyFileError(f"{err.filename} already exists; refusing to overwrite it") from err
    config = render_config(api_listen, p2p_listen, peers, tls_files=PEER_TLS_FILES)
    write_atomically(home / "config.toml", config.encode("utf-8"), mode=CONFIG_MODE)
    if genesis is not None:
        (home / "genesis.json").write_text(genesis.to_file_text(), "utf-8")
