"""`cunzheng refresh`: add to a proof bundle a consistency proof to the node's newest checkpoint.

docs/formats.md, "Proof bundle": the optional `consistency` part holds a later checkpoint, signed by
a quorum, and the RFC 9162 consistency proof from the bundle's tree size to it. It shows that
the ledger which included the record later only grew, so the record is still in it, as the
consortium signed again later. Everything is checked before the bundle is written.
"""

import http.client
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import click

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.governance_state import fetch_chain_state
from cunzheng.cli.http import BadNodeAnswer, NodeClient, NodeRefused, NodeUnreachable, node_option
from cunzheng.cli.i18n import CliError, Message, lang_option, say
from cunzheng.cli.proofs import check_bundle, read_bundle, save_bundle
from cunzheng.cli.trust import load_genesis
from cunzheng.ledger.bundle import with_consistency
from cunzheng.ledger.checkpoint import MAX_NOTE_BYTES, SignedCheckpoint
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.fields import check_hex
from cunzheng.ledger.validators import Genesis


def fetch_checkpoint(client: NodeClient) -> SignedCheckpoint:
    """The node's latest signed checkpoint (GET /v1/checkpoint, note text), parsed.

    Its signatures are not checked here. Raises NodeUnreachable, NodeRefused, BadNodeAnswer.
    """
    url = client.base_url + "/v1/checkpoint"
    try:
        with urllib.request.urlopen(url, timeout=client.timeout_s) as response:
            data = response.read(MAX_NOTE_BYTES + 1)
    except urllib.error.HTTPError as err:
        with err:
            raise NodeRefused(url, err.code, "http_error", str(err.reason)) from err
    except (urllib.error.URLError, OSError, http.client.HTTPException) as err:
        raise NodeUnreachable(client.base_url, getattr(err, "reason", err)) from err
    try:
        return SignedCheckpoint.parse(data)
    except LedgerError as err:
        raise BadNodeAnswer("refresh_no_checkpoint", url=url, error=ErrorText(err)) from err


def fetch_consistency(client: NodeClient, first: int, second: int) -> list[bytes]:
    """The RFC 9162 consistency path between two ledger sizes (GET /v1/consistency), unchecked.

    Raises BadNodeAnswer for an answer of another shape, NodeUnreachable and NodeRefused.
    """
    answer = client.get_json(f"/v1/consistency?from={first}&to={second}")
    sizes = {"url": client.base_url, "first": first, "second": second}
    try:
        answered = (answer["first"], answer["second"])
        path = [check_hex(h, "consistency hash", 32) or b"" for h in answer["hashes"]]
    except (TypeError, KeyError, ValueError, LedgerError) as err:
        raise BadNodeAnswer("refresh_no_consistency", error=ErrorText(err), **sizes) from err
    if answered != (first, second):
        other = Message("refresh_other_sizes", {"first": answered[0], "second": answered[1]})
        raise BadNodeAnswer("refresh_no_consistency", error=other, **sizes)
    return path


def refreshed(bundle: Any, client: NodeClient, genesis: Genesis | None) -> dict[str, Any]:
    """`bundle` with a consistency proof to the node's latest checkpoint, fully checked.

    A consistency part the bundle already holds is replaced, not checked. Raises
    CliError when the bundle itself, or what the node served, does not verify
    (nothing is written then), and the node errors of fetch_checkpoint.
    """
    if isinstance(bundle, dict):
        bundle = {key: value for key, value in bundle.items() if key != "consistency"}
    try:
        outcome = check_bundle(bundle, genesis)
    except LedgerError as err:
        raise CliError("refresh_bundle_invalid", error=ErrorText(err)) from err
    first = outcome.verdict.header.ledger_size
    checkpoint = fetch_checkpoint(client)
    second = checkpoint.checkpoint.tree_size
    if second < first:
        raise CliError("refresh_node_behind", url=client.base_url, first=first, second=second)
    path = fetch_consistency(client, first, second)
    result = with_consistency(bundle, path, checkpoint)
    # The governance entries whose sets sign the node's blocks so far, unchecked here:
    # check_bundle checks each from genesis, and the later checkpoint against the newest set.
    state = fetch_chain_state(client)
    result["chain"] = {**bundle["chain"], "governance": state.history.changes_until(state.height)}
    try:
        check_bundle(result, genesis)
    except LedgerError as err:
        raise CliError(
            "refresh_node_served_bad", url=client.base_url, error=ErrorText(err)
        ) from err
    return result


@click.command("refresh")
@click.argument(
    "bundle_path", metavar="BUNDLE", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@node_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the refreshed bundle here (default: replace BUNDLE, atomically).",
)
@click.option(
    "--genesis",
    "genesis_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Check against this trusted genesis.json (default: the validators the bundle names).",
)
@lang_option
def refresh_command(
    bundle_path: Path, node: str, out: Path | None, genesis_path: Path | None
) -> None:
    """Add to BUNDLE a consistency proof to the node's newest signed checkpoint.

    The new checkpoint must be signed by more than 2/3 of the validators in force, and the
    RFC 9162 proof must show that the ledger at that checkpoint extends the bundle's; both
    are checked before anything is written. `cunzheng verify` then says so.
    """
    genesis = None if genesis_path is None else load_genesis(genesis_path)
    try:
        bundle = read_bundle(bundle_path)
    except LedgerError as err:
        raise CliError("refresh_not_a_bundle", path=bundle_path, error=ErrorText(err)) from err
    result = refreshed(bundle, NodeClient(node), genesis)
    target = out or bundle_path
    save_bundle(target, result)
    consistency = result["consistency"]
    first, second = consistency["tree_size_1"], consistency["tree_size_2"]
    say("refreshed", first=first, second=second, path=target)
