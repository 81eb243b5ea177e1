"""What a user trusts, read from the command line: a genesis file, or notaries' verifier keys.

A bad trusted input is the user's mistake, not a fact about the evidence, so these raise
click.BadParameter (exit 2) rather than reporting the evidence invalid.
"""

from pathlib import Path

import click

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.i18n import CliBadParameter, Message
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.keys import parse_vkey
from cunzheng.ledger.validators import MAX_GENESIS_BYTES, Genesis

MAX_VKEY_FILE_BYTES = 1024


def load_genesis(path: Path, param_hint: str = "--genesis") -> Genesis:
    """The genesis in the genesis.json file at `path`.

    Raises CliBadParameter when the file cannot be read or is not a genesis document.
    """
    try:
        with path.open("rb") as file:
            data = file.read(MAX_GENESIS_BYTES + 1)
        return Genesis.from_file_text(data.decode("utf-8"))
    except OSError as err:
        raise CliBadParameter(
            "cannot_read", param_hint=param_hint, path=path, error=ErrorText(err)
        ) from err
    except (UnicodeDecodeError, DecodeError) as err:
        raise CliBadParameter(
            "genesis_invalid", param_hint=param_hint, path=path, error=ErrorText(err)
        ) from err


def read_vkey(value: str, param_hint: str) -> tuple[str, bytes, str]:
    """(name, public key, vkey text) of a C2SP verifier key given inline or as a .vkey file.

    `value` is either the vkey itself (`<name>+<hash>+<base64>`) or the path of a file holding
    it on its first line, as `cunzheng keygen` writes it. Raises CliBadParameter otherwise.
    """
    try:
        name, public_key = parse_vkey(value)
        return name, public_key, value
    except DecodeError as inline_error:
        path = Path(value)
        if not path.is_file():
            raise CliBadParameter(
                "vkey_inline_invalid", param_hint=param_hint, error=ErrorText(inline_error)
            ) from inline_error
    try:
        with path.open("rb") as file:
            text = file.read(MAX_VKEY_FILE_BYTES).decode("utf-8").strip()
        name, public_key = parse_vkey(text)
    except OSError as err:
        raise CliBadParameter(
            "cannot_read", param_hint=param_hint, path=path, error=ErrorText(err)
        ) from err
    except (UnicodeDecodeError, DecodeError) as err:
        raise CliBadParameter(
            "vkey_file_invalid", param_hint=param_hint, path=path, error=ErrorText(err)
        ) from err
    return name, public_key, text


def read_named_vkey(value: str, name: str, param_hint: str, spec: str | None = None) -> bytes:
    """The public key of read_vkey(value), which must be named `name`: a notary is listed
    under its key's own name. Raises CliBadParameter (naming `spec`, the option's value that
    held the key, when given) otherwise."""
    key_name, public_key, _text = read_vkey(value, param_hint)
    if key_name != name:
        said = Message("vkey_other_name", {"key_name": key_name, "name": name})
        if spec is None:
            raise CliBadParameter("vkey_other_name", param_hint=param_hint, **said.values)
        raise CliBadParameter("in_spec", param_hint=param_hint, spec=spec, message=said)
    return public_key


genesis_option = click.option(
    "--genesis",
    "genesis_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The consortium's genesis.json, obtained from the consortium itself, not the litigant.",
)
trust_option = click.option(
    "--trust",
    multiple=True,
    metavar="VKEY",
    help="A notary verifier key (or .vkey file) you trust; repeat it. Keys you trust must hold "
    "more than 2/3 of the consortium's voting power.",
)
