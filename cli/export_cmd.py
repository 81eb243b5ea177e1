"""`cunzheng export`: a self-contained audit package that an examiner replays offline.

docs/cli.md, "cunzheng export"; docs/domain.md, "Expert examination" (司法鉴定);
cli/audit_package.py describes the
package's files. Every block is replayed (ledger/replay.py) while it is fetched, so a package
is written only from a ledger that checks out; it appears under its name only when complete.
`cunzheng audit --package DIR` refuses a package whose files differ from the manifest, naming
the file.
"""

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import click

from cunzheng.cli.audit_package import (
    BLOCKS_PER_FILE,
    MANIFEST_NAME,
    PACKAGE_FORMAT,
    PACKAGE_VERSION,
    validators_json,
)
from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.http import NodeClient, node_option
from cunzheng.cli.i18n import CliError, Message, lang_option, say
from cunzheng.cli.node_blocks import fetch_blocks, node_status
from cunzheng.cli.progress import block_progress
from cunzheng.cli.replay_failure import ReplayFailure
from cunzheng.cli.trust import load_genesis
from cunzheng.ledger import encoding
from cunzheng.ledger.block import Block, Commit, Header
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.finality import signed_checkpoint
from cunzheng.ledger.governance import ValidatorHistory
from cunzheng.ledger.replay import Replayer
from cunzheng.ledger.validators import Genesis


def _write(path: Path, data: bytes) -> dict[str, Any]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _json_bytes(obj: Any) -> bytes:
    return (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@dataclass
class _Writer:
    """Files written so far into the package being built, for the manifest."""

    directory: Path
    files: dict[str, dict[str, Any]]

    def write(self, relative: str, data: bytes) -> None:
        self.files[relative] = {"path": relative, **_write(self.directory / relative, data)}

    def write_page(self, page: list[tuple[Block, Commit]]) -> None:
        pairs = [[block.encode(), commit.encode()] for block, commit in page]
        self.write(f"blocks/{page[0][0].header.height:08d}.msgpack", encoding.pack(pairs))


def _export_blocks(
    client: NodeClient, genesis: Genesis, height: int, writer: _Writer
) -> tuple[Header, Commit, ValidatorHistory]:
    replayer = Replayer(genesis)
    page: list[tuple[Block, Commit]] = []
    last: tuple[Header, Commit] | None = None
    with block_progress("progress_exporting", height) as progress:
        for block, commit in fetch_blocks(client, 1, height):
            replayer.apply(block, commit)
            page.append((block, commit))
            last = block.header, commit
            if len(page) == BLOCKS_PER_FILE:
                writer.write_page(page)
                page = []
            progress.advance(progress.task_ids[0])
    if page:
        writer.write_page(page)
    if last is None or last[0].height != height:
        short = Message("export_node_short", {"height": height, "last": replayer.height})
        raise ReplayFailure(replayer.height + 1, "height", short)
    return (*last, replayer.history)


def _write_package(
    client: NodeClient, genesis: Genesis, height: int, directory: Path
) -> dict[str, Any]:
    writer = _Writer(directory, {})
    tip, commit, history = _export_blocks(client, genesis, height, writer)
    note = signed_checkpoint(tip, commit, history.at(tip.height))
    writer.write(f"checkpoints/{tip.ledger_size}.txt", note.text().encode("utf-8"))
    writer.write("genesis.json", genesis.to_file_text().encode("utf-8"))
    writer.write("validators.json", _json_bytes(validators_json(history)))
    manifest = {
        "format": PACKAGE_FORMAT,
        "version": PACKAGE_VERSION,
        "software": f"cunzheng {version('cunzheng')}",
        "chain_id": genesis.chain_id,
        "genesis_hash": genesis.hash().hex(),
        "height": tip.height,
        "ledger_size": tip.ledger_size,
        "ledger_root": tip.ledger_root.hex(),
        "tip_hash": tip.hash().hex(),
        "source": client.base_url,
        "files": [writer.files[path] for path in sorted(writer.files)],
    }
    _write(directory / MANIFEST_NAME, _json_bytes(manifest))
    return manifest


@click.command("export")
@node_option
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="A new directory for the package (it must not exist).",
)
@click.option(
    "--genesis",
    "genesis_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The consortium's genesis.json (a node does not serve it); its hash must be the node's.",
)
@lang_option
def export_command(node: str, out: Path, genesis_path: Path) -> None:
    """Write a self-contained audit package of the node's ledger to --out.

    Every block is replayed as it arrives; the package holds the blocks up to the node's
    height when the export started. Check it offline with `cunzheng audit --package DIR`.
    """
    genesis = load_genesis(genesis_path)
    client = NodeClient(node)
    genesis_hash, height = node_status(client)
    if genesis_hash != genesis.hash():
        chains = {"held": genesis_hash.hex(), "expected": genesis.hash().hex()}
        raise CliError("export_other_chain", node=node, **chains)
    if height < 1:
        raise CliError("export_no_block", node=node)
    if out.exists():
        raise CliError("export_out_exists", out=out)
    partial = out.with_name(f".{out.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        manifest = _write_package(client, genesis, height, partial)
        os.replace(partial, out)
    except LedgerError as err:
        raise CliError("export_ledger_invalid", node=node, error=ErrorText(err)) from err
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    manifest_hash = hashlib.sha256((out / MANIFEST_NAME).read_bytes()).hexdigest()
    say(
        "exported",
        height=manifest["height"],
        size=manifest["ledger_size"],
        root=manifest["ledger_root"],
        chain_id=genesis.chain_id,
        out=out,
        manifest=MANIFEST_NAME,
        digest=manifest_hash,
    )
