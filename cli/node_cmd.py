"""`cunzheng init`, `cunzheng node` and `cunzheng devnet`: running notaries."""

import asyncio
import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import uvloop

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.genesis_params import DEFAULT_PARAMS
from cunzheng.cli.i18n import CliError, lang_option, say
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.keys import NodeKey, load_key_file
from cunzheng.ledger.validators import Genesis, Validator, ValidatorSet
from cunzheng.node.config import ConfigError, P2PSection, load_config
from cunzheng.node.home import write_home
from cunzheng.node.logs import configure_logging
from cunzheng.node.node import Node, system_clock_ms
from cunzheng.node.p2p.tls import PeerTls

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
@click.option(
    "--peer", "peers", multiple=True, help="Another node's peer address, HOST:PORT (repeatable)."
)
@lang_option
def init_command(
    home: Path, name: str, api_listen: str, p2p_listen: str, peers: tuple[str, ...]
) -> None:
    """Create a node home: a commented config.toml, a new node key and a self-signed peer TLS
    certificate."""
    if (home / "config.toml").exists() or (home / "node_key.json").exists():
        raise CliError("init_exists", home=home)
    try:
        P2PSection(listen=p2p_listen, peers=list(peers))  # what `node` would refuse at start
        key = NodeKey.from_seed(name, os.urandom(32))
        write_home(home, key, api_listen, p2p_listen, list(peers))
    except (ConfigError, LedgerError) as err:
        raise CliError("init_failed", error=ErrorText(err)) from err
    say("init_created", home=home)
    say("init_vkey", vkey=Validator(name, key.public_key, 1).vkey())
    say("init_next", home=home)


def _load_node(home: Path) -> Node:
    config = load_config(home / "config.toml")
    key = load_key_file(home / config.node.key_file)
    genesis_path = home / config.node.genesis_file
    if not genesis_path.exists():
        raise CliError("node_genesis_missing", path=genesis_path)
    genesis = Genesis.from_file_text(genesis_path.read_text("utf-8"))
    p2p = config.p2p
    peer_tls = None
    if p2p.tls and p2p.tls_cert_file:
        peer_tls = PeerTls.of_files(home / p2p.tls_cert_file, home / p2p.tls_key_file)
    return Node(
        config=config,
        key=key,
        genesis=genesis,
        data_dir=home / config.node.data_dir,
        peer_tls=peer_tls,
    )


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


def _create_devnet(directory: Path, nodes: int, port: int) -> None:
    keys = [NodeKey.from_seed(f"notary-{index}", os.urandom(32)) for index in range(nodes)]
    validators = ValidatorSet.of([Validator(k.name, k.public_key, 1) for k in keys])
    genesis = Genesis(f"devnet-{nodes}", system_clock_ms(), validators, dict(DEFAULT_PARAMS))
    for index, key in enumerate(keys):
        peers = [f"127.0.0.1:{port + nodes + i}" for i in range(nodes) if i != index]
        api, p2p = f"127.0.0.1:{port + index}", f"127.0.0.1:{port + nodes + index}"
        write_home(directory / f"node-{index}", key, api, p2p, peers, genesis)
    (directory / "genesis.json").write_text(genesis.to_file_text(), "utf-8")


def _start_nodes(directory: Path, nodes: int) -> list[subprocess.Popen[bytes]]:
    processes = []
    for index in range(nodes):
        home = directory / f"node-{index}"
        log_file = (home / "node.log").open("ab")
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "cunzheng.cli", "node", "--home", str(home)],
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        )
    return processes


def _stop_nodes(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 10
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


def _api_url(port: int) -> str:
    return f"http://127.0.0.1:{port}"


@click.command("devnet")
@click.option("--nodes", type=click.IntRange(1, 31), default=4, show_default=True)
@click.option("--dir", "directory", type=click.Path(path_type=Path), required=True)
@click.option("--port", type=click.IntRange(1024, 65000), default=7700, show_default=True)
@lang_option
def devnet_command(nodes: int, directory: Path, port: int) -> None:
    """A local consortium of N notaries on 127.0.0.1; Ctrl-C stops all; rerun resumes."""
    genesis_path = directory / "genesis.json"
    if genesis_path.exists():
        genesis = Genesis.from_file_text(genesis_path.read_text("utf-8"))
        existing = len(genesis.validator_set.validators)
        if existing != nodes:
            raise CliError("devnet_other_size", directory=directory, existing=existing, nodes=nodes)
        say("devnet_resuming", chain_id=genesis.chain_id, directory=directory)
    else:
        _create_devnet(directory, nodes, port)
        say("devnet_created", nodes=nodes, directory=directory)
    processes = _start_nodes(directory, nodes)
    for index in range(nodes):
        log_path = directory / f"node-{index}" / "node.log"
        say("devnet_node", name=f"notary-{index}", url=_api_url(port + index), log=log_path)
    say("devnet_submit", url=_api_url(port))
    say("devnet_ctrl_c")
    try:
        while any(p.poll() is None for p in processes):
            time.sleep(0.5)
            for index, process in enumerate(processes):
                if process.returncode is not None and process.returncode != 0:
                    code = process.returncode
                    say("devnet_exited", to_stderr=True, name=f"notary-{index}", code=code)
                    process.returncode = 0
    except KeyboardInterrupt:
        say("devnet_stopping")
    finally:
        _stop_nodes(processes)
