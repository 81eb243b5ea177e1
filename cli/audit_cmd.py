"""`cunzheng audit`: replay the ledger from every source given, and compare the sources.

docs/cli.md, "cunzheng audit"; docs/domain.md, "Expert examination" (a replay tool
a forensic examiner can run).
Sources: running nodes (--node: GET /v1/blocks, 100 blocks a page), a node's LevelDB store
(--store: LevelDB admits one process, so read a store only while its node is stopped, or a
copy) and export packages (--package, written by `cunzheng export`). ledger/audit.py replays
each from genesis, or from the state a previous audit saved (--state), and compares them at
every height. Exit codes: 0 every source replayed and all agree; 1 a source failed or is
unavailable, sources diverge, or the ledger was rewritten since the saved state; 2 usage.
"""

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from cunzheng.cli.audit_package import open_package
from cunzheng.cli.audit_report import Failures, source_label, summary_lines
from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.http import NodeClient, check_node_url
from cunzheng.cli.i18n import (
    CliBadParameter,
    CliError,
    CliUsageError,
    Language,
    Localized,
    Message,
    current_language,
    lang_option,
    text,
)
from cunzheng.cli.node_blocks import fetch_blocks, node_status
from cunzheng.cli.node_extra import is_node_extra, node_extra_missing
from cunzheng.cli.output_file import write_output
from cunzheng.cli.progress import block_progress
from cunzheng.cli.replay_failure import ReplayFailure
from cunzheng.cli.terminal import echo
from cunzheng.cli.trust import load_genesis
from cunzheng.ledger.audit import CrossCheck, state_from_json, state_to_json
from cunzheng.ledger.block import Block, Commit
from cunzheng.ledger.errors import DecodeError, LedgerError
from cunzheng.ledger.json_files import read_json_file
from cunzheng.ledger.replay import ReplayError, ReplayState
from cunzheng.ledger.validators import Genesis

Blocks = Iterator[tuple[Block, Commit]]


@dataclass
class Source:
    """One copy of the ledger: what it announced when opened, and how to read its blocks."""

    name: str
    height: int
    genesis: Genesis | None  # the genesis the source carries (a store or package)
    genesis_hash: bytes
    blocks: Callable[[int], Blocks]  # from a height on
    close: Callable[[], None] = lambda: None


def _node_source(url: str) -> Source:
    client = NodeClient(check_node_url(url))
    genesis_hash, height = node_status(client)

    def blocks(first: int) -> Blocks:
        last = first - 1
        for block, commit in fetch_blocks(client, first, height):
            last = block.header.height
            yield block, commit
        if last < height:
            short = {"height": height, "last": last, "missing": last + 1}
            raise ReplayFailure(last + 1, "height", Message("audit_node_short", short))

    return Source(f"node {client.base_url}", height, None, genesis_hash, blocks)


def _store_source(path: Path) -> Source:
    # LevelDB comes with the cunzheng[node] extra; export packages and nodes need none.
    try:
        import plyvel

        from cunzheng.ledger.store import BlockStore
    except ModuleNotFoundError as err:
        if not is_node_extra(err):
            raise
        raise node_extra_missing("cunzheng audit --store") from err
    try:
        store = BlockStore.open(path)
    except LedgerError as err:
        raise CliError("audit_store_in_use", error=ErrorText(err)) from err

    def blocks(first: int) -> Blocks:
        for height in range(first, store.height + 1):
            try:
                block, commit = store.block(height), store.commit(height)
            except KeyError as err:
                raise ReplayError(height, "store", f"{err.args[0]} is missing") from err
            except plyvel.Error as err:
                raise ReplayError(height, "store", f"LevelDB reports damage: {err}") from err
            yield block, commit

    name = f"store {path}"
    return Source(name, store.height, store.genesis, store.genesis_hash, blocks, store.close)


def _package_source(path: Path) -> Source:
    package = open_package(path)
    height = package.manifest["height"]
    genesis = package.genesis
    return Source(f"package {path}", height, genesis, genesis.hash(), package.blocks)


def _open_sources(
    nodes: tuple[str, ...], stores: tuple[Path, ...], packages: tuple[Path, ...]
) -> tuple[list[str], list[Source], dict[str, Localized]]:
    """Every source's name, in the order given; those that opened; why the others did not."""
    openers: list[tuple[str, Callable[[], Source]]] = [
        *((f"node {url.rstrip('/')}", lambda url=url: _node_source(url)) for url in nodes),
        *((f"store {path}", lambda path=path: _store_source(path)) for path in stores),
        *((f"package {path}", lambda path=path: _package_source(path)) for path in packages),
    ]
    sources: list[Source] = []
    unavailable: dict[str, Localized] = {}
    for name, opener in openers:
        try:
            sources.append(opener())
        except (click.ClickException, LedgerError) as err:
            unavailable[name] = ErrorText(err)
    return [name for name, _ in openers], sources, unavailable


def _genesis(
    genesis_path: Path | None, sources: list[Source], unavailable: dict[str, Localized]
) -> tuple[Genesis, str | None]:
    """The genesis to replay from, and the source it was taken from (None: --genesis).

    Raises CliError when no store or package could be read to take it from.
    """
    if genesis_path is not None:
        return load_genesis(genesis_path), None
    for source in sources:
        if source.genesis is not None:
            return source.genesis, source.name
    raise CliError("audit_no_genesis_source", reasons=_Reasons(unavailable))


@dataclass(frozen=True, slots=True)
class _Reasons:
    """Why each source is unavailable, as one text."""

    unavailable: dict[str, Localized]

    def in_language(self, language: Language) -> str:
        items = [
            text(language, "audit_reason_item", source=source_label(name), error=why)
            for name, why in self.unavailable.items()
        ]
        return text(language, "audit_reason_separator").join(items)


def _load_state(path: Path | None) -> tuple[ReplayState | None, bytes]:
    if path is None or not path.exists():
        return None, b""
    try:
        state = state_from_json(read_json_file(path))
        return state, Path(f"{path}.ids").read_bytes()
    except (OSError, ValueError, DecodeError) as err:
        raise CliBadParameter(
            "audit_state_unusable", param_hint="--state", path=path, error=ErrorText(err)
        ) from err


def _save_state(path: Path, state: ReplayState, entry_ids: bytes) -> None:
    write_output(Path(f"{path}.ids"), entry_ids)
    write_output(path, (json.dumps(state_to_json(state), indent=2) + "\n").encode())


def _next_block(check: CrossCheck, name: str, stream: Blocks) -> tuple[Block, Commit] | None:
    try:
        return next(stream)
    except StopIteration:
        check.finish(name)
    except ReplayError as err:
        check.fail(name, err)
    except (LedgerError, click.ClickException, KeyError) as err:
        tip = check.tips[name]
        check.fail(
            name, ReplayFailure(1 if tip is None else tip.height + 1, "source", ErrorText(err))
        )
    return None


def _check_saved_tip(check: CrossCheck, streams: dict[str, Blocks], height: int) -> None:
    for name in check.live():
        item = _next_block(check, name, streams[name])
        if item is not None and item[0].header.height == height:
            check.verify_tip(name, item[0].header)
        elif name not in check.failures:
            check.fail(name, ReplayFailure(height, "saved_state", Message("audit_not_held")))


def _replay(check: CrossCheck, sources: list[Source], start: int) -> None:
    """Feed every live source's blocks to `check`, in step, from height `start` + 1."""
    streams = {s.name: s.blocks(max(start, 1)) for s in sources if s.name in check.live()}
    if start > 0:
        _check_saved_tip(check, streams, start)
    total = max([s.height - start for s in sources], default=0)
    with block_progress("progress_auditing", max(total, 0)) as progress:
        while check.live():
            offered = {}
            for name in check.live():
                item = _next_block(check, name, streams[name])
                if item is not None:
                    offered[name] = item
            check.step(offered)
            done = max((tip.height for tip in check.tips.values() if tip), default=start)
            progress.update(progress.task_ids[0], completed=done - start)


def _state_note(state_path: Path | None, check: CrossCheck, failed: bool) -> dict[str, Any] | None:
    if state_path is None:
        return None
    if failed or len(check.replayers()) != 1:
        return {"file": str(state_path), "updated": False, "height": None}
    state, entry_ids = check.replayers()[0].snapshot()
    _save_state(state_path, state, entry_ids)
    return {"file": str(state_path), "updated": True, "height": state.height}


_DIRECTORY = click.Path(exists=True, file_okay=False, path_type=Path)


@click.command("audit")
@click.option(
    "--node", "nodes", multiple=True, metavar="URL", help="A node's public API; repeat it."
)
@click.option(
    "--store",
    "stores",
    multiple=True,
    type=_DIRECTORY,
    help="A node's LevelDB store directory, read only while that node is stopped (LevelDB admits "
    "one process), or a copy of it.",
)
@click.option("--package", "packages", multiple=True, type=_DIRECTORY, help="An export package.")
@click.option(
    "--genesis",
    "genesis_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The consortium's genesis.json. Required with only --node; without it, the genesis a "
    "store or package carries is used, and is only as trustworthy as that source.",
)
@click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Resume after the audit saved in this file (and FILE.ids), then save the new state "
    "there if every source checked out.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the JSON report instead of a summary.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the JSON report to this file.",
)
@lang_option
def audit_command(
    nodes: tuple[str, ...],
    stores: tuple[Path, ...],
    packages: tuple[Path, ...],
    genesis_path: Path | None,
    state_path: Path | None,
    as_json: bool,
    report_path: Path | None,
) -> None:
    """Replay the whole ledger from each source, check every hash and signature, and compare.

    \b
    Exit codes: 0 every source checked out and all agree; 1 a source failed or could not be
    read, sources diverge (the first divergence is reported with both signed headers), or
    the ledger was rewritten since the saved --state; 2 usage error.
    """
    _check_usage(nodes, bool(stores or packages), genesis_path)
    started = time.monotonic()
    names, sources, unavailable = _open_sources(nodes, stores, packages)
    try:
        check, genesis, taken_from, state = _run(sources, unavailable, genesis_path, state_path)
    finally:
        for source in sources:
            source.close()
    report = check.report(names, {name: why.in_language("en") for name, why in unavailable.items()})
    report["exit_code"] = 0 if report["result"] == "ok" else 1
    report["genesis"] = {"hash": genesis.hash().hex(), "taken_from": taken_from}
    report["resumed_from"] = None if state is None else state.height
    report["state"] = _state_note(state_path, check, report["result"] != "ok")
    report["seconds"] = round(time.monotonic() - started, 3)
    document = json.dumps(report, indent=2, ensure_ascii=False)
    if report_path is not None:
        write_output(report_path, (document + "\n").encode("utf-8"))
    if as_json:
        echo(document)
    else:
        failures = Failures(check.failures, unavailable)
        echo("\n".join(summary_lines(report, failures, current_language())))
    click.get_current_context().exit(report["exit_code"])


def _check_usage(nodes: tuple[str, ...], carried: bool, genesis_path: Path | None) -> None:
    for url in nodes:
        check_node_url(url)
    if not (nodes or carried):
        raise CliUsageError("audit_needs_source")
    if not (carried or genesis_path):
        raise CliUsageError("audit_needs_genesis")


def _run(
    sources: list[Source],
    unavailable: dict[str, Localized],
    genesis_path: Path | None,
    state_path: Path | None,
) -> tuple[CrossCheck, Genesis, str | None, ReplayState | None]:
    """Replay the sources that opened and hold the genesis' chain (the others are marked
    unavailable); return the cross-check, the genesis, where it came from, the saved state."""
    genesis, taken_from = _genesis(genesis_path, sources, unavailable)
    for source in sources:
        if source.genesis_hash != genesis.hash():
            chains = {"held": source.genesis_hash.hex(), "expected": genesis.hash().hex()}
            unavailable[source.name] = Message("audit_other_chain", chains)
    state, entry_ids = _load_state(state_path)
    live = [s for s in sources if s.name not in unavailable]
    try:
        check = CrossCheck(genesis, [s.name for s in live], state, entry_ids)
    except LedgerError as err:
        raise CliBadParameter(
            "audit_state_mismatch", param_hint="--state", path=state_path, error=ErrorText(err)
        ) from err
    _replay(check, live, 0 if state is None else state.height)
    return check, genesis, taken_from, state
