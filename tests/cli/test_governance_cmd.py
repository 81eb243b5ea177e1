"""`cunzheng governance` against real one-notary nodes on 127.0.0.1.

With one validator of power 1, its signature alone is more than 2/3 of the power, so a whole
propose, sign, submit, show round runs on one process. Tests that change nothing share a
node; the round gets its own, since a scheduled change makes the node refuse the next one.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cunzheng.cli.main import main
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.keys import write_key_file
from tests.support.chain_factory import notary_keys
from tests.support.cli_runner import run_cunzheng
from tests.support.processes import http_json, start_node, stop, wait_ready, write_homes

ENGLISH = {"LANG": "C.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}


@dataclass(frozen=True)
class Notary:
    """A running one-notary chain: its API, its validator's key file, and a newcomer's key."""

    url: str
    key_file: Path  # notary-a, the only validator
    newcomer_key_file: Path  # notary-b, not a validator
    newcomer_vkey: Path
    directory: Path  # for proposal files


def _running_notary(root: Path) -> Iterator[Notary]:
    _, (home,), (url,) = write_homes(root, 1)
    newcomer_key_file = root / "notary-b.json"
    newcomer_vkey = write_key_file(newcomer_key_file, notary_keys(2)[1])
    process = start_node(home)
    try:
        wait_ready(url, process)
        yield Notary(url, home / "node_key.json", newcomer_key_file, newcomer_vkey, root)
    finally:
        stop(process)


@pytest.fixture(scope="module")
def shared_notary(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Notary]:
    """A node for tests that submit nothing that takes effect."""
    yield from _running_notary(tmp_path_factory.mktemp("governance"))


@pytest.fixture
def own_notary(tmp_path: Path) -> Iterator[Notary]:
    """A node of the test's own, for a change that takes effect."""
    yield from _running_notary(tmp_path)


def cunzheng(*args: str | Path) -> Result:
    """Run `cunzheng governance ARGS…` in this process, in English."""
    return CliRunner().invoke(main, ["governance", *map(str, args)], env=ENGLISH)


def propose_add_newcomer(notary: Notary, out: Path, *extra: str) -> Result:
    """Propose adding notary-b with power 1 to the notary's chain, written to `out`."""
    options: list[str | Path] = [
        "--vkey",
        notary.newcomer_vkey,
        "--node",
        notary.url,
        "--out",
        out,
        *extra,
    ]
    return cunzheng("propose", "add", "notary-b", *options)


def test_a_change_is_proposed_signed_submitted_and_shown(own_notary: Notary) -> None:
    proposal = own_notary.directory / "add-notary-b.json"
    proposed = propose_add_newcomer(own_notary, proposal)
    assert proposed.exit_code == 0, proposed.output
    match = re.search(
        r"add notary notary-b \(key [0-9a-f]{16}…\) with power 1, from height (\d+)",
        proposed.stdout,
    )
    assert match, proposed.stdout
    since_height = int(match[1])
    assert f"cunzheng governance sign {proposal} --key KEYFILE" in proposed.stdout

    signed = cunzheng("sign", proposal, "--key", own_notary.key_file, "--node", own_notary.url)
    assert signed.exit_code == 0, signed.output
    assert "signed by notary-a; 1 of 1 power signed, more than 2/3 (at least 1) needed" in (
        signed.stdout
    )
    entry = Entry.from_json(json.loads(proposal.read_text("utf-8")))

    submitted = cunzheng("submit", proposal, "--node", own_notary.url, "--wait", "--timeout", "30")
    assert submitted.exit_code == 0, submitted.output
    assert submitted.stderr == ""
    assert f"{entry.leaf_hash().hex()}  pending  {proposal}" in submitted.stdout
    assert f"scheduled: add notary notary-b (key {entry.meta['key'][:16]}…)" in submitted.stdout

    shown = cunzheng("show", "--node", own_notary.url, "--json")
    assert shown.exit_code == 0, shown.output
    history = json.loads(shown.stdout)["validator_history"]
    assert len(history) == 2
    assert history[1]["since_height"] == since_height
    assert history[1]["entry"] == entry.encode().hex()
    assert {v["name"]: v["power"] for v in history[1]["validators"]} == {
        "notary-a": 1,
        "notary-b": 1,
    }
    table = cunzheng("show", "--node", own_notary.url)
    assert table.exit_code == 0, table.output
    row = next(line for line in table.stdout.splitlines() if "pending" in line)
    assert f"│ {since_height} " in row and "notary-a (1)," in row

    again = propose_add_newcomer(own_notary, own_notary.directory / "again.json", "--force")
    assert again.exit_code == 1
    assert f"a change is pending: a new validator set signs from height {since_height}" in (
        again.stderr
    )


def test_an_unknown_action_is_a_usage_error(shared_notary: Notary) -> None:
    out = shared_notary.directory / "promote.json"
    result = run_cunzheng(
        "governance", "propose", "promote", "notary-b", "--node", shared_notary.url, "--out", out
    )
    assert result.returncode == 2
    assert "'promote' is not one of 'add', 'remove', 'power', 'rotate'" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "notary-b"], "add needs --vkey"),
        (["power", "notary-a"], "power needs --power"),
        (["remove", "notary-a", "--power", "2"], "remove takes no --power"),
        (["add", "notary-b", "--vkey", "VKEY", "--effective-height", "2"], "is not between"),
        (["add", "notary-c", "--vkey", "VKEY"], "the key is named 'notary-b', not 'notary-c'"),
    ],
)
def test_options_that_do_not_fit_the_action_are_usage_errors(
    shared_notary: Notary, args: list[str], message: str
) -> None:
    out = shared_notary.directory / "usage.json"
    args = [str(shared_notary.newcomer_vkey) if arg == "VKEY" else arg for arg in args]
    result = cunzheng("propose", *args, "--node", shared_notary.url, "--out", out)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "notary-a", "--vkey", "OWN"], "notary notary-a is already a validator"),
        (["remove", "notary-z"], "notary notary-z is not a validator; the validators are"),
        (["remove", "notary-a"], "the change leaves no valid validator set"),
        (["power", "notary-a", "--power", "1"], "would leave the validator set as it is"),
    ],
)
def test_changes_the_set_does_not_allow_are_refused(
    shared_notary: Notary, args: list[str], message: str
) -> None:
    out = shared_notary.directory / "refused.json"
    own_vkey = str(shared_notary.key_file.with_suffix(".vkey"))
    args = [own_vkey if arg == "OWN" else arg for arg in args]
    result = cunzheng("propose", *args, "--node", shared_notary.url, "--out", out)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert not out.exists()


def test_propose_refuses_to_overwrite_without_force(shared_notary: Notary, tmp_path: Path) -> None:
    out = tmp_path / "proposal.json"
    out.write_text("someone else's file\n", "utf-8")
    refused = propose_add_newcomer(shared_notary, out)
    assert refused.exit_code == 1
    assert f"{out} already exists; refusing to overwrite it (add --force" in refused.stderr
    assert out.read_text("utf-8") == "someone else's file\n"
    forced = propose_add_newcomer(shared_notary, out, "--force")
    assert forced.exit_code == 0, forced.output
    assert Entry.from_json(json.loads(out.read_text("utf-8"))).kind == "governance"


def test_sign_refuses_a_key_outside_the_set(shared_notary: Notary, tmp_path: Path) -> None:
    proposal = tmp_path / "proposal.json"
    assert propose_add_newcomer(shared_notary, proposal).exit_code == 0
    before = proposal.read_bytes()
    result = cunzheng(
        "sign", proposal, "--key", shared_notary.newcomer_key_file, "--node", shared_notary.url
    )
    assert result.exit_code == 1
    assert "key notary-b" in result.stderr
    assert "is not a validator of the set this change names (notary-a)" in result.stderr
    assert proposal.read_bytes() == before


def test_submit_refuses_too_little_power(shared_notary: Notary, tmp_path: Path) -> None:
    proposal = tmp_path / "proposal.json"
    assert propose_add_newcomer(shared_notary, proposal).exit_code == 0
    result = cunzheng("submit", proposal, "--node", shared_notary.url, "--wait")
    assert result.exit_code == 1
    assert "0 of 1 power signed, more than 2/3 (at least 1) needed" in result.stderr
    assert "nothing was submitted" in result.stderr
    entry_id = Entry.from_json(json.loads(proposal.read_text("utf-8"))).leaf_hash().hex()
    assert http_json(f"{shared_notary.url}/v1/entries/{entry_id}")[0] == 404
