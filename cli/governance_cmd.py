"""`cunzheng governance`: propose, sign and submit a change to the consortium; show its history.

A proposal file is the governance entry itself as JSON (ledger/governance.py), so what the
notaries pass around, sign and finally submit is exactly what the ledger records. Every
command reads the validator history from a node's `GET /v1/status`, and checks with the
ledger's own rule (`ValidatorHistory.check`) before anything is sent, since a change that
breaks the rule is still recorded for good once committed, but changes nothing.
"""

from pathlib import Path

import click
from rich.console import Console

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.governance_history import ChangeText, history_table
from cunzheng.cli.governance_state import (
    ChainState,
    fetch_chain_state,
    quorum_power,
    signing_summary,
)
from cunzheng.cli.http import NodeClient, commit_timeout_option, node_option
from cunzheng.cli.i18n import (
    CliBadParameter,
    CliError,
    CliUsageError,
    Listing,
    Message,
    current_language,
    lang_option,
    say,
    show,
)
from cunzheng.cli.keys import load_key
from cunzheng.cli.proposal_file import read_proposal, refuse_existing, write_proposal
from cunzheng.cli.submission import Submission, send, status_word, wait_and_save
from cunzheng.cli.terminal import echo_json, shell_word
from cunzheng.cli.trust import read_named_vkey
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.governance import (
    ACTIONS,
    MAX_DELAY,
    Change,
    ChangeProposal,
    Epoch,
    GovernanceError,
    ValidatorHistory,
)

DEFAULT_DELAY = 20  # blocks between the chain's height and the effective height
# A change committed in block h takes effect from h + 2 at the earliest, and the next block
# is height + 1 at the earliest (ledger/governance.py).
MIN_DELAY = 3


def _action(action: str) -> Message:
    return Message(f"gov_action_{action}")


@click.group("governance")
def governance_command() -> None:
    """Change the consortium: add, remove or rotate a notary, or change its power.

    A change takes effect once validators holding more than 2/3 of the current set's power
    have signed it and it is committed; it names the height from which the new set signs.

    \b
    Example:
      cunzheng governance propose add notary-e --vkey notary-e.vkey --node URL --out e.json
      cunzheng governance sign e.json --key node_key.json --node URL    (each notary)
      cunzheng governance submit e.json --node URL --wait
      cunzheng governance show --node URL
    """


def _check_options(action: str, vkey_text: str | None, power: int | None) -> None:
    if action in ("add", "rotate") and vkey_text is None:
        raise CliUsageError("gov_needs_vkey", action=_action(action))
    if action in ("remove", "power") and vkey_text is not None:
        raise CliUsageError("gov_takes_no_vkey", action=_action(action))
    if action in ("remove", "rotate") and power is not None:
        raise CliUsageError("gov_takes_no_power", action=_action(action))
    if action == "power" and power is None:
        raise CliUsageError("gov_needs_power")


def _refuse_pending(state: ChainState) -> None:
    latest = state.history.epochs[-1]
    if latest.since > state.height + 1:
        since, ready = latest.since, latest.since - 1
        raise CliError("gov_change_pending", since=since, height=state.height, ready=ready)


def _effective_height(state: ChainState, effective_in: int | None, absolute: int | None) -> int:
    if effective_in is not None and absolute is not None:
        raise CliUsageError("gov_effective_both")
    if absolute is None:
        return state.height + (effective_in or DEFAULT_DELAY)
    earliest, latest = state.height + MIN_DELAY, state.height + 1 + MAX_DELAY
    if not earliest <= absolute <= latest:
        raise CliBadParameter(
            "gov_effective_out_of_range",
            param_hint="--effective-height",
            height=absolute,
            earliest=earliest,
            latest=latest,
            current=state.height,
        )
    return absolute


def _proposed_change(
    state: ChainState, action: str, name: str, vkey_text: str | None, power: int, effective: int
) -> Change:
    current = state.history.epochs[-1].validators
    members = {validator.name: validator.public_key for validator in current.validators}
    if vkey_text is None:
        if name not in members:
            raise CliError("gov_not_a_validator", name=name, members=Listing(tuple(members)))
        public_key = members[name]
    else:
        public_key = read_named_vkey(vkey_text, name, "--vkey")
    try:
        change = Change(state.chain_id, effective, current.hash(), action, name, public_key, power)
        changed = change.apply(current)
    except GovernanceError as err:
        error = ErrorText(err)
        raise CliError("gov_cannot_apply", action=_action(action), name=name, error=error) from err
    except DecodeError as err:
        raise CliUsageError("gov_change_invalid", error=ErrorText(err)) from err
    if changed == current:
        raise CliError("gov_change_no_effect", name=name)
    return change


@governance_command.command("propose")
@click.argument("action", type=click.Choice(ACTIONS), metavar="ACTION")
@click.argument("name")
@node_option
@click.option("--vkey", "vkey_text", metavar="VKEY", help="add, rotate: the new key (or .vkey).")
@click.option("--power", type=click.IntRange(min=1), help="add (default 1), power: voting power.")
@click.option(
    "--effective-in",
    type=click.IntRange(min=MIN_DELAY, max=MAX_DELAY),
    metavar="N",
    help=f"The new set signs from N blocks after the current height (default {DEFAULT_DELAY}).",
)
@click.option(
    "--effective-height", type=click.IntRange(min=1), metavar="H", help="…or from height H."
)
@click.option(
    "--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Proposal file."
)
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@lang_option
def propose_command(
    action: str,
    name: str,
    node: str,
    vkey_text: str | None,
    power: int | None,
    effective_in: int | None,
    effective_height: int | None,
    out: Path,
    force: bool,
) -> None:
    """Write an unsigned proposal to change the validator set.

    ACTION is add (needs --vkey, the new notary's key; --power, default 1), remove, power
    (needs --power) or rotate (needs --vkey, the notary's new key). NAME is the notary.

    \b
    Example:
      cunzheng governance propose add notary-e --vkey notary-e.vkey --power 1 \\
          --node http://127.0.0.1:7700 --out add-notary-e.json
    """
    _check_options(action, vkey_text, power)
    if out.exists() and not force:
        raise refuse_existing(out)
    state = fetch_chain_state(NodeClient(node))
    _refuse_pending(state)
    effective = _effective_height(state, effective_in, effective_height)
    if action == "add" and power is None:
        power = 1
    change = _proposed_change(state, action, name, vkey_text, power or 0, effective)
    current = state.history.epochs[-1].validators
    write_proposal(out, ChangeProposal(change, {}), overwrite=force)
    say("gov_proposal_written", path=out, change=ChangeText(change))
    quorum, total = quorum_power(current), current.total_power
    say("gov_next_signers", quorum=quorum, total=total, out=shell_word(out), node=shell_word(node))
    say("gov_then_submit", block=effective - 2, out=shell_word(out), node=shell_word(node))


@governance_command.command("sign")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--key",
    "key_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Your notary key file (node_key.json in your node's home).",
)
@node_option
@lang_option
def sign_command(file: Path, key_path: Path, node: str) -> None:
    """Sign the proposal in FILE with your notary key.

    FILE is rewritten in place with your signature added; pass it on to the next notary.

    \b
    Example:
      cunzheng governance sign add-notary-e.json --key node_key.json --node http://127.0.0.1:7700
    """
    proposal = read_proposal(file)
    key = load_key(key_path)
    state = fetch_chain_state(NodeClient(node))
    validators = state.set_named(proposal.change)
    index = validators.index_of(key.public_key)
    if index is None:
        names = Listing(tuple(validator.name for validator in validators.validators))
        raise CliError("gov_key_not_member", key_name=key.name, path=key_path, names=names)
    try:
        signed = proposal.signed_by(key, validators)
        power = signed.signing_power(validators)
    except GovernanceError as err:
        raise CliError("gov_proposal_stale", file=file, error=ErrorText(err)) from err
    write_proposal(file, signed, overwrite=True)
    again = "gov_signed_again" if index in proposal.signatures else "gov_signed"
    say(again, name=key.name, summary=signing_summary(power, validators))
    if validators.is_quorum(power):
        say("gov_enough", file=shell_word(file), node=shell_word(node))
        try:
            state.history.check(signed, state.height + 1)
        except GovernanceError as err:
            say("gov_no_effect_warning", to_stderr=True, error=ErrorText(err))
    else:
        say("gov_next_notary", file=shell_word(file), node=shell_word(node))


def _check_submittable(state: ChainState, proposal: ChangeProposal, file: Path) -> None:
    validators = state.set_named(proposal.change)
    try:
        power = proposal.signing_power(validators)
    except GovernanceError as err:
        raise CliError("gov_proposal_unusable", file=file, error=ErrorText(err)) from err
    if not validators.is_quorum(power):
        summary = signing_summary(power, validators)
        raise CliError(
            "gov_not_signed_enough",
            file=shell_word(file),
            summary=summary,
            node=shell_word(state.node),
        )
    try:
        state.history.check(proposal, state.height + 1)
    except GovernanceError as err:
        raise CliError("gov_would_not_take_effect", file=file, error=ErrorText(err)) from err


def _made_epoch(state: ChainState, proposal: ChangeProposal) -> Epoch | None:
    """The epoch that the proposal's entry made, if it took effect."""
    encoding = proposal.entry().encode()
    return next((epoch for epoch in state.history.epochs if epoch.entry == encoding), None)


def _report_outcome(state: ChainState, proposal: ChangeProposal, height: int) -> None:
    if _made_epoch(state, proposal) is not None:
        say("gov_scheduled", change=ChangeText(proposal.change), height=height)
        return
    earlier = [epoch for epoch in state.history.epochs if epoch.committed_at <= height]
    reason: Message | ErrorText
    try:
        ValidatorHistory(state.chain_id, tuple(earlier)).check(proposal, height)
        reason = Message("gov_history_lacks")
    except GovernanceError as err:
        reason = ErrorText(err)
    raise CliError("gov_took_no_effect", height=height, error=reason)


@governance_command.command("submit")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@node_option
@click.option(
    "--wait", is_flag=True, help="Wait for commit, then say whether the change was scheduled."
)
@commit_timeout_option
@lang_option
def submit_command(file: Path, node: str, wait: bool, timeout: float) -> None:
    """Submit a proposal signed by more than 2/3 of the power.

    With --wait, wait until it is committed and say whether the change was scheduled; exit 1
    if it took no effect (e.g. its effective height passed, or another change came first).

    \b
    Example:
      cunzheng governance submit add-notary-e.json --node http://127.0.0.1:7700 --wait
    """
    proposal = read_proposal(file)
    client = NodeClient(node)
    state = fetch_chain_state(client)
    made = _made_epoch(state, proposal)
    if made is not None:
        say("gov_already_scheduled", change=ChangeText(proposal.change), height=made.committed_at)
        return
    _check_submittable(state, proposal, file)
    entry = proposal.entry()
    submission = Submission(entry, entry.leaf_hash())
    (receipt,) = send(client, [submission])
    status = status_word(submission.status)
    say("submit_sent", entry_id=submission.entry_id.hex(), status=status, source=file)
    show(receipt)
    if not wait:
        say("gov_show_hint", node=shell_word(node))
        return
    wait_and_save(client, [submission], timeout, None)
    if submission.status != "committed":
        raise CliError("gov_not_committed_within", seconds=timeout)
    if submission.height is None:  # committed, but its proof could not be fetched or checked
        raise CliError("gov_committed_unfetched", error=submission.error)
    _report_outcome(fetch_chain_state(client), proposal, submission.height)


@governance_command.command("show")
@node_option
@click.option("--json", "as_json", is_flag=True, help="Print the history as JSON.")
@lang_option
def show_command(node: str, as_json: bool) -> None:
    """Show the validator history: each set and the change that made it.

    Each set signs blocks from its "since" height on; a pending set is scheduled but not yet
    in force. --json adds each set's validators_hash and governance entry.

    \b
    Example:
      cunzheng governance show --node http://127.0.0.1:7700
    """
    state = fetch_chain_state(NodeClient(node))
    if as_json:
        result = {
            "node": node,
            "chain_id": state.chain_id,
            "height": state.height,
            "validator_history": state.history.to_json(),
        }
        echo_json(result)
        return
    Console().print(history_table(state, current_language()))
