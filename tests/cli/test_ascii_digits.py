"""Integers are read from ASCII digits only: Python's int() also reads other scripts' digits
("٣" is 3) and fails on others ("²"), which would crash a command or mean what nobody wrote."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from cunzheng.cli.main import main
from cunzheng.ledger.keys import vkey
from cunzheng.node.config import ConfigError, load_config, render_config, split_host_port
from tests.support.chain_factory import notary_keys


@pytest.mark.parametrize("power", ["٣", "３", "²"])
def test_a_validator_power_in_other_digits_is_refused(tmp_path: Path, power: str) -> None:
    key = notary_keys(1)[0]
    spec = f"{key.name}={vkey(key.name, key.public_key)}:{power}"
    arguments = ["genesis", "--chain-id", "c", "--out", str(tmp_path / "g.json"), "--validator"]
    result = CliRunner().invoke(main, [*arguments, spec, "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "g.json").exists()


@pytest.mark.parametrize("port", ["²", "٧٧٠٠", "７７００"])
def test_a_listen_port_in_other_digits_is_a_config_error(port: str) -> None:
    with pytest.raises(ConfigError, match="must be HOST:PORT"):
        split_host_port(f"127.0.0.1:{port}")


@pytest.mark.parametrize("value", ["²", "٣"])
def test_an_integer_from_the_environment_in_other_digits_is_a_config_error(
    tmp_path: Path, value: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(render_config("127.0.0.1:7700", "127.0.0.1:7704", []), "utf-8")
    with pytest.raises(ConfigError, match="expected an integer"):
        load_config(path, {"CUNZHENG_API_MAX_BATCH": value})
