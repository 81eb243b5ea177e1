"""`cunzheng keygen` and `cunzheng genesis`: a notary's key, and a consortium's founding text."""

import os
import time
from pathlib import Path

import click

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.genesis_params import WAN_PARAMS
from cunzheng.cli.i18n import CliBadParameter, CliError, CliUsageError, lang_option, say
from cunzheng.cli.output_file import write_output
from cunzheng.cli.terminal import echo
from cunzheng.cli.trust import read_named_vkey
from cunzheng.ledger.errors import DecodeError, KeyFileError
from cunzheng.ledger.keys import SEED_SIZE, NodeKey, is_valid_key_name, vkey, write_key_file
from cunzheng.ledger.validators import Genesis, Publication, Validator, ValidatorSet


@click.command("keygen")
@click.option("--name", required=True, help='The notary\'s key name (no spaces, no "+").')
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Key file to create (mode 0600); the public NAME.vkey is written beside it.",
)
@lang_option
def keygen(name: str, out: Path) -> None:
    """Create a new Ed25519 notary key; never overwrites an existing key."""
    if not is_valid_key_name(name):
        raise CliBadParameter("keygen_name_invalid", param_hint="--name", name=name)
    key = NodeKey.from_seed(name, os.urandom(SEED_SIZE))
    try:
        vkey_path = write_key_file(out, key)
    except KeyFileError as err:
        raise CliError("keygen_failed", error=ErrorText(err)) from err
    say("keygen_private", path=out)
    say("keygen_public", path=vkey_path)
    echo(vkey(key.name, key.public_key))


def parse_validator(spec: str) -> Validator:
    """The validator in `NAME=VKEY[:POWER]`, VKEY being a verifier key or a .vkey file.

    Raises CliBadParameter for a malformed spec, a bad key, or a NAME that is not the key's
    own name.
    """
    name, equals, rest = spec.partition("=")
    if not equals or not name or not rest:
        raise CliBadParameter("validator_spec_malformed", param_hint="--validator", spec=spec)
    key_text, colon, power_text = rest.rpartition(":")
    if not colon or not (power_text.isascii() and power_text.isdecimal()):  # not "٣"
        key_text, power_text = rest, "1"
    public_key = read_named_vkey(key_text, name, "--validator", spec)
    try:
        return Validator(name, public_key, int(power_text))
    except DecodeError as err:
        raise CliBadParameter(
            "validator_invalid", param_hint="--validator", spec=spec, error=ErrorText(err)
        ) from err


def _named_texts(values: tuple[str, ...], names: set[str], option: str, key: str) -> dict[str, str]:
    """NAME → TEXT of an option's NAME=TEXT values; raises CliBadParameter (message `key`)
    for a value without "=", a NAME not in `names`, or one given twice."""
    texts: dict[str, str] = {}
    for value in values:
        name, equals, text = value.partition("=")
        if not equals or name not in names or name in texts:
            raise CliBadParameter(key, param_hint=option, value=value)
        texts[name] = text
    return texts


def _publication(
    url: str | None,
    member_values: tuple[str, ...],
    contact_values: tuple[str, ...],
    validator_set: ValidatorSet,
) -> Publication | None:
    """The publication fields of --publication-url, --member NAME=ORGANISATION and --contact
    NAME=CONTACT, or None when none is given. Raises CliBadParameter for a malformed value, a
    NAME that is not a --validator (a --member's, for --contact) or is given twice, and
    DecodeError for a bad url, organisation or contact."""
    if url is None and not member_values and not contact_values:
        return None
    names = {validator.name for validator in validator_set.validators}
    organisations = _named_texts(member_values, names, "--member", "member_invalid")
    contacts = _named_texts(contact_values, set(organisations), "--contact", "contact_invalid")
    return Publication.of(url, organisations, contacts)


@click.command("genesis")
@click.option("--chain-id", required=True, help='Name of the chain (no spaces, no "+").')
@click.option(
    "--validator",
    "validators",
    multiple=True,
    required=True,
    metavar="NAME=VKEY[:POWER]",
    help="A founding notary: its key name, verifier key (or .vkey file) and voting power "
    "(default 1). Repeat for each.",
)
@click.option(
    "--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="genesis.json"
)
@click.option("--time-ms", type=click.IntRange(min=0), help="Genesis time (default: now).")
@click.option(
    "--publication-url",
    metavar="URL",
    help="The https:// address where the consortium publishes this genesis; certificates "
    "name it (the genesis becomes version 2).",
)
@click.option(
    "--member",
    "member_values",
    multiple=True,
    metavar="NAME=ORGANISATION",
    help="The organisation behind validator NAME, e.g. notary-a=北京市某公证处; repeat for "
    "each. Verifiers show it beside the notary's signature (version 2).",
)
@click.option(
    "--contact",
    "contact_values",
    multiple=True,
    metavar="NAME=CONTACT",
    help="How to reach the organisation behind --member NAME (a mailbox, a telephone "
    "number); repeat for each. cunzheng status and the node's page show it (version 2).",
)
@lang_option
def genesis(
    chain_id: str,
    validators: tuple[str, ...],
    out: Path,
    time_ms: int | None,
    publication_url: str | None,
    member_values: tuple[str, ...],
    contact_values: tuple[str, ...],
) -> None:
    """Write a consortium's genesis from its members' public keys; print its hash."""
    members = [parse_validator(spec) for spec in validators]
    try:
        validator_set = ValidatorSet.of(members)
        document = Genesis(
            chain_id,
            int(time.time() * 1000) if time_ms is None else time_ms,
            validator_set,
            dict(WAN_PARAMS),
            publication=_publication(publication_url, member_values, contact_values, validator_set),
        )
    except DecodeError as err:
        raise CliUsageError("genesis_not_made", error=ErrorText(err)) from err
    write_output(out, document.to_file_text().encode("utf-8"), overwrite=False)
    say("genesis_written", path=out)
    say("genesis_hash", hash=document.hash().hex())
    say("genesis_publish")
