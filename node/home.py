"""A node's home directory: config.toml, node key, peer TLS certificate and genesis.json
(`cunzheng init`, `devnet`)."""

from pathlib import Path

from cunzheng.ledger.errors import KeyFileError
from cunzheng.ledger.keys import NodeKey, write_key_file
from cunzheng.ledger.validators import Genesis
from cunzheng.node.config import render_config
from cunzheng.node.p2p.tls import write_certificate

PEER_TLS_FILES = ("peer_tls_cert.pem", "peer_tls_key.pem")


def write_home(
    home: Path,
    key: NodeKey,
    api_listen: str,
    p2p_listen: str,
    peers: list[str],
    genesis: Genesis | None = None,
) -> None:
    """Create `home` with a commented config.toml, the key file (mode 0600), a self-signed
    peer TLS certificate and its key (mode 0600) and, if given, genesis.json.

    Raises KeyFileError if the home holds a key or certificate already, OSError.
    """
    home.mkdir(parents=True, exist_ok=True)
    write_key_file(home / "node_key.json", key)
    certificate_file, key_file = PEER_TLS_FILES
    try:
        write_certificate(home / certificate_file, home / key_file)
    except FileExistsError as err:
        raise KeyFileError(f"{err.filename} already exists; refusing to overwrite it") from err
    config = render_config(api_listen, p2p_listen, peers, tls_files=PEER_TLS_FILES)
    (home / "config.toml").write_text(config, "utf-8")
    if genesis is not None:
        (home / "genesis.json").write_text(genesis.to_file_text(), "utf-8")
