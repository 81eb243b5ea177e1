"""`cunzheng keygen` and `cunzheng genesis`."""

import json
import stat
from pathlib import Path

from click.testing import CliRunner

from cunzheng.cli.genesis_params import DEFAULT_PARAMS, WAN_PARAMS
from cunzheng.cli.main import main
from cunzheng.ledger.keys import load_key_file, parse_vkey
from cunzheng.ledger.validators import Genesis


def keygen(directory: Path, name: str) -> Path:
    """Run keygen; return the key file's path."""
    path = directory / f"{name}.key"
    result = CliRunner().invoke(main, ["keygen", "--name", name, "--out", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_keygen_writes_a_private_key_file_and_prints_the_vkey(tmp_path: Path) -> None:
    path = keygen(tmp_path, "notary-a")
    key = load_key_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    vkey_text = (tmp_path / "notary-a.vkey").read_text(encoding="utf-8").strip()
    assert parse_vkey(vkey_text) == ("notary-a", key.public_key)
    again = CliRunner().invoke(main, ["keygen", "--name", "notary-a", "--out", str(path)])
    assert again.exit_code == 1
    assert "refusing to overwrite" in again.stderr
    assert load_key_file(path) == key
    other = keygen(tmp_path, "notary-b")
    assert load_key_file(other).public_key != key.public_key  # fresh randomness each time


def test_keygen_rejects_a_name_with_a_space(tmp_path: Path) -> None:
    out = tmp_path / "k.key"
    result = CliRunner().invoke(main, ["keygen", "--name", "notary a", "--out", str(out)])
    assert result.exit_code == 2
    assert "is not a key name" in result.stderr
    assert not out.exists()


def test_wan_params_are_slower_than_the_loopback_ones_and_nothing_else() -> None:
    assert set(WAN_PARAMS) == set(DEFAULT_PARAMS)
    assert all(WAN_PARAMS[name] >= DEFAULT_PARAMS[name] for name in DEFAULT_PARAMS)
    assert WAN_PARAMS["timeout_propose_ms"] > WAN_PARAMS["message_delay_ms"]


def test_default_params_are_the_consensus_defaults() -> None:
    assert DEFAULT_PARAMS == {
        "timeout_propose_ms": 3000,
        "timeout_propose_delta_ms": 500,
        "timeout_prevote_ms": 1000,
        "timeout_prevote_delta_ms": 500,
        "timeout_precommit_ms": 1000,
        "timeout_precommit_delta_ms": 500,
        "timeout_commit_ms": 200,
        "empty_block_interval_ms": 10000,
        "precision_ms": 500,
        "message_delay_ms": 2000,
    }


def test_genesis_from_vkeys_and_vkey_files(tmp_path: Path) -> None:
    a, b = keygen(tmp_path, "notary-a"), keygen(tmp_path, "notary-b")
    b_vkey = (tmp_path / "notary-b.vkey").read_text(encoding="utf-8").strip()
    out = tmp_path / "genesis.json"
    args = [
        "genesis",
        "--chain-id",
        "court-2026",
        "--out",
        str(out),
        "--time-ms",
        "1000",
        "--validator",
        f"notary-a={tmp_path / 'notary-a.vkey'}",
        "--validator",
        f"notary-b={b_vkey}:3",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    genesis = Genesis.from_file_text(out.read_text(encoding="utf-8"))
    assert f"genesis hash: {genesis.hash().hex()}" in result.stdout
    assert (genesis.chain_id, genesis.genesis_time_ms, genesis.params) == (
        "court-2026",
        1000,
        WAN_PARAMS,
    )
    powers = {v.name: (v.public_key, v.power) for v in genesis.validator_set.validators}
    assert powers == {
        "notary-a": (load_key_file(a).public_key, 1),
        "notary-b": (load_key_file(b).public_key, 3),
    }
    written = json.loads(out.read_text(encoding="utf-8"))["params"]
    assert (written["precision_ms"], written["timeout_commit_ms"]) == (1000, 1000)
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 1
    assert "refusing to overwrite" in again.stderr


def test_genesis_usage_errors(tmp_path: Path) -> None:
    keygen(tmp_path, "notary-a")
    vkey = (tmp_path / "notary-a.vkey").read_text(encoding="utf-8").strip()
    out = str(tmp_path / "genesis.json")
    cases = [
        (f"notary-x={vkey}", "the key is named 'notary-a', not 'notary-x'"),
        ("notary-a", "must be NAME=VKEY[:POWER]"),
        ("notary-a=notary-a+00000000+AAAA", "nor is it a .vkey file"),
        (f"notary-a={vkey}:0", "Validator.power must be between 1"),
    ]
    for spec, message in cases:
        result = CliRunner().invoke(
            main, ["genesis", "--chain-id", "c", "--out", out, "--validator", spec]
        )
        assert result.exit_code == 2, (spec, result.output)
        assert message in result.stderr, spec
    twice = ["--validator", f"notary-a={vkey}"] * 2
    result = CliRunner().invoke(main, ["genesis", "--chain-id", "c", "--out", out, *twice])
    assert result.exit_code == 2
    assert not Path(out).exists()


def test_genesis_with_publication_fields_is_version_2(tmp_path: Path) -> None:
    keygen(tmp_path, "notary-a")
    keygen(tmp_path, "notary-b")
    out = tmp_path / "genesis.json"
    validators = [f"--validator=notary-{n}={tmp_path / f'notary-{n}.vkey'}" for n in "ab"]
    args = ["genesis", "--chain-id", "court-2026", "--out", str(out), *validators]
    published = [
        "--publication-url",
        "https://consortium.example/genesis.json",
        "--member",
        "notary-a=北京市某公证处",
        "--member",
        "notary-b=上海市某公证处",
        "--contact",
        "notary-a=office@notary-a.example",
    ]
    result = CliRunner().invoke(main, [*args, *published])
    assert result.exit_code == 0, result.output
    genesis = Genesis.from_file_text(out.read_text(encoding="utf-8"))
    assert genesis.version == 2 and genesis.publication is not None
    assert genesis.publication.url == "https://consortium.example/genesis.json"
    assert genesis.publication.organisation_of("notary-b") == "上海市某公证处"
    assert genesis.publication.contact_of("notary-a") == "office@notary-a.example"
    assert genesis.publication.contact_of("notary-b") is None
    for extra, message in [
        (["--member", "notary-c=某公证处"], "NAME one of the --validator names"),
        (["--member", "notary-a"], "give NAME=ORGANISATION"),
        (["--member", "notary-a=x", "--member", "notary-a=y"], "each once"),
        (["--publication-url", "ftp://consortium.example"], "must be an https:// address"),
        (["--member", "notary-a=x", "--contact", "notary-b=y"], "NAME one of the --member names"),
        (["--member", "notary-a=x", "--contact", "notary-a"], "give NAME=CONTACT"),
        (["--member", "notary-a=x", "--contact", "notary-a= "], "is empty"),
    ]:
        refused = CliRunner().invoke(
            main, [*args[:4], str(tmp_path / "x.json"), *validators, *extra]
        )
        assert refused.exit_code == 2, (extra, refused.output)
        assert message in refused.stderr, extra
    assert not (tmp_path / "x.json").exists()
