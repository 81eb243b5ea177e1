"""`cunzheng init` and `cunzheng node`: running a notary."""

import asyncio
import gc
import os
import signal
from pathlib import Path

import click
import uvloop

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.i18n import CliError, lang_option, say
from cunzheng.cli.terminal import shell_word
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.keys import NodeKey, load_key_file
from cunzheng.ledger.validators import Genesis, Validator
from cunzheng.node.config import ConfigError, load_config
from cunzheng.node.home import write_home
from cunzheng.node.logs import configure_logging
from cunzheng.node.node import Node

# The collector tuned for a long-running node. What start-up made (modules, the store, a
# restored mempool) is frozen out of every later collection, and the young generation is
# collected every 50,000 allocations instead of 700: a batch or a block makes tens of
# thousands of short-lived objects, which reference counting frees anyway. Measured with
# bench/node_http.py's batches: collection time fell from about 9 to 2 µs per entry.
GC_THRESHOLDS = (50_000, 20, 100)


def _tune_garbage_collector() -> None:
    """Freeze what start-up made and collect less often (see GC_THRESHOLDS)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


@click.command("init")
@click.option("--home", type=click.Path(path_type=Path), required=True, help="Node home to create.")
@click.option("--name", required=True, help="This notary's key name (no spaces, no '+').")
@click.option("--api-listen", default="127.0.0.1:7700", show_default=True)
@click.option("--p2p-listen", default="127.0.0.1:7704", show_default=True)
@click.option("--peer", "peers", multiple=True, help="Another node's peer URL (repeatable).")
@lang_option
def init_command(
    home: Path, name: str, api_listen: str, p2p_listen: str, peers: tuple[str, ...]
) -> None:
    """Create a node home: a commented config.toml and a new node key."""
    if (home / "config.toml").exists() or (home / "node_key.json").exists():
        raise CliError("init_exists", home=home)
    try:
        key = NodeKey.from_seed(name, os.urandom(32))
        write_home(home, key, api_listen, p2p_listen, list(peers))
    except LedgerError as err:
        raise CliError("init_failed", error=ErrorText(err)) from err
    say("init_created", home=home)
    say("init_vkey", vkey=Validator(name, key.public_key, 1).vkey())
    say("init_next", home=shell_word(home))


def _load_node(home: Path) -> Node:
    config = load_config(home / "config.toml")
    key = load_key_file(home / config.node.key_file)
    genesis_path = home / config.node.genesis_file
    if not genesis_path.exists():
        raise CliError("node_genesis_missing", path=genesis_path)
    genesis = Genesis.from_file_text(genesis_path.read_text("utf-8"))
    return Node(config=config, key=key, genesis=genesis, data_dir=home / config.node.data_dir)


async def _serve(node: Node) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await node.start()
    _tune_garbage_collector()
    try:
        await stop.wait()
    finally:
        await node.stop()


@click.command("node")
@click.option(
    "--home", type=click.Path(path_type=Path, exists=True, file_okay=False), required=True
)
@lang_option
def node_command(home: Path) -> None:
    """Run one node from its home (config.toml, key, genesis.json, data)."""
    try:
        config = load_config(home / "config.toml")
        configure_logging(config.node.log_format)
        node = _load_node(home)
    except (ConfigError, LedgerError) as err:
        raise CliError("node_cannot_start", error=ErrorText(err)) from err
    # uvloop: the same asyncio API on libuv. Single-entry POSTs cost the node about a fifth
    # less CPU than on the standard loop (bench/node_http.py's node_single_post).
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(_serve(node))
