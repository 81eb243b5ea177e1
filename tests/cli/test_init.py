"""`cunzheng init` makes a home only its owner can read, whatever the umask: it holds the
node's private key, and config.toml names admin clients and trusted proxies."""

import os
import stat
from pathlib import Path

from click.testing import CliRunner

from cunzheng.cli.main import main


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_init_under_umask_000_makes_a_private_home(tmp_path: Path) -> None:
    home = tmp_path / "notary-a"
    previous = os.umask(0)
    try:
        result = CliRunner().invoke(main, ["init", "--home", str(home), "--name", "notary-a"])
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    assert _mode(home) == 0o700
    assert _mode(home / "config.toml") == 0o600
    assert _mode(home / "node_key.json") == 0o600
    assert _mode(home / "node_key.vkey") == 0o644  # the public key, to send to the consortium
