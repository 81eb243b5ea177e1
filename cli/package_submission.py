"""Submitting a sealed package's entry: by `cunzheng seal --node` right after sealing, or by
`cunzheng submit --manifest` later (docs/evidence-packages.md, "Commands").

The entry, so its id, is fixed by the manifest, so submitting again is idempotent.
"""

from pathlib import Path

import click

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.http import NodeClient
from cunzheng.cli.i18n import CliBadParameter, CliError, Message, say, show
from cunzheng.cli.submission import Submission, send, status_word, wait_and_save
from cunzheng.cli.terminal import shell_word
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.manifest import Manifest, read_manifest
from cunzheng.ledger.validators import Genesis


def submit_package(
    node: str,
    manifest: Manifest,
    manifest_path: Path,
    wait: bool,
    timeout: float,
    genesis: Genesis | None,
) -> None:
    """Submit the package entry of `manifest` (saved at `manifest_path`) to `node`; with
    `wait`, save its checked proof bundle beside the manifest as <stem>.bundle.json.

    Submitting again is idempotent (the entry, so its id, is fixed by the manifest). Raises
    click.ClickException, saying how to submit later, when the node cannot be reached or
    refuses, or the proof cannot be fetched, checked or saved.
    """
    entry_id = manifest.entry.leaf_hash()
    bundle = manifest_path.with_name(f"{manifest_path.stem}.bundle.json")
    item = Submission(manifest.entry, entry_id, [str(manifest_path)], [bundle])
    client = NodeClient(node)
    try:
        receipts = send(client, [item])
    except click.ClickException as err:
        later = Message("submit_later", {"out": shell_word(manifest_path)})
        raise CliError("submit_failed_later", error=ErrorText(err), later=later) from err
    say("submitted", entry_id=entry_id.hex(), status=status_word(item.status))
    show(receipts[0])
    if not wait:
        say(
            "fetch_later", node=shell_word(node), entry_id=entry_id.hex(), bundle=shell_word(bundle)
        )
        return
    wait_and_save(client, [item], timeout, genesis)
    if item.error is not None:  # accepted, so submitting again later is idempotent
        raise CliError("failed", error=item.error)
    say("bundle_saved", height=item.height, bundle=bundle)


def load_manifest(path: Path, param_hint: str) -> Manifest:
    """The manifest in the file at `path`; raises CliBadParameter (for `param_hint`) when it
    cannot be read or is not a well-formed manifest."""
    try:
        return read_manifest(path)
    except OSError as err:
        raise CliBadParameter(
            "cannot_read", param_hint=param_hint, path=path, error=ErrorText(err)
        ) from err
    except DecodeError as err:
        raise CliBadParameter(
            "manifest_unusable", param_hint=param_hint, path=path, error=ErrorText(err)
        ) from err
