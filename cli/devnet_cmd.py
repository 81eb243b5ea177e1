"""`cunzheng devnet` (what `make run` starts): a local consortium of N notaries on 127.0.0.1,
each a `cunzheng node` child process whose output goes to its home's node.log.

The command owns its nodes. Ctrl-C, SIGTERM (`kill`, a service manager) and SIGHUP (a closed
terminal) all stop every node before the command exits, so that no node outlives it and keeps
its store locked. It says "press Ctrl-C" only once every node answers /healthz; a node that
exits before that (a store still held by another devnet, a bad config) stops the others, and
the command exits 1 with the last line that node wrote, since its log is where the cause is.
"""

import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import click

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.genesis_params import DEFAULT_PARAMS
from cunzheng.cli.i18n import CliError, Listing, lang_option, say
from cunzheng.cli.terminal import shell_word
from cunzheng.ledger.keys import NodeKey
from cunzheng.ledger.validators import Genesis, Validator, ValidatorSet
from cunzheng.node.config import ConfigError, load_config, split_host_port
from cunzheng.node.home import write_home
from cunzheng.node.node import system_clock_ms

# Four nodes on a loaded two-core machine answer /healthz within about ten seconds; six
# times that is a node that will not come up, not a slow one.
READY_TIMEOUT_S = 60.0
POLL_INTERVAL_S = 0.2
STOP_TIMEOUT_S = 10.0  # after SIGTERM, a node that has not exited is killed
HEALTH_TIMEOUT_S = 1.0


@dataclass(frozen=True, slots=True)
class DevnetNode:
    """One running node of the devnet."""

    name: str
    home: Path
    api_url: str
    process: "subprocess.Popen[bytes]"
    log_offset: int  # node.log's size before this start: what follows is this run's output

    @property
    def log_path(self) -> Path:
        """The file the node writes its output to."""
        return self.home / "node.log"

    def last_words(self) -> str:
        """The last non-empty line the node wrote since it was started ("" if none): the
        node's own error when it could not start, or the last line of a traceback."""
        with self.log_path.open("rb") as log:
            log.seek(self.log_offset)
            written = log.read().decode("utf-8", errors="replace")
        lines = [line.strip() for line in written.splitlines() if line.strip()]
        return lines[-1] if lines else ""

    def answers_health(self) -> bool:
        """Whether the node's API answers GET /healthz with 200 now."""
        try:
            with urllib.request.urlopen(
                f"{self.api_url}/healthz", timeout=HEALTH_TIMEOUT_S
            ) as response:
                return bool(response.status == 200)
        except (OSError, urllib.error.URLError):
            return False


def _create_devnet(directory: Path, nodes: int, port: int) -> None:
    keys = [NodeKey.from_seed(f"notary-{index}", os.urandom(32)) for index in range(nodes)]
    validators = ValidatorSet.of([Validator(k.name, k.public_key, 1) for k in keys])
    genesis = Genesis(f"devnet-{nodes}", system_clock_ms(), validators, dict(DEFAULT_PARAMS))
    for index, key in enumerate(keys):
        peers = [f"http://127.0.0.1:{port + nodes + i}" for i in range(nodes) if i != index]
        api, p2p = f"127.0.0.1:{port + index}", f"127.0.0.1:{port + nodes + index}"
        write_home(directory / f"node-{index}", key, api, p2p, peers, genesis)
    (directory / "genesis.json").write_text(genesis.to_file_text(), "utf-8")


def _prepare(directory: Path, nodes: int, port: int) -> None:
    """Resume the devnet in `directory`, or create one of `nodes` notaries from `port` on."""
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


def _hold_directory(directory: Path) -> None:
    """Lock `directory` for this devnet until the process exits. Raises CliError naming the
    devnet that holds it already: its nodes hold the stores and ports, and would answer
    /healthz in place of the nodes this devnet starts."""
    descriptor = os.open(directory / "devnet.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        # flock, not LevelDB's fcntl record locks: released when this process dies, however.
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(descriptor, 32).decode("ascii", errors="replace").strip()
        os.close(descriptor)
        raise CliError("devnet_in_use", directory=directory, pid=holder) from None
    os.ftruncate(descriptor, 0)
    os.write(descriptor, f"{os.getpid()}\n".encode("ascii"))


def _verify_ports_free(name: str, listens: tuple[str, ...]) -> None:
    """Raise CliError if another process listens on one of `listens` ("HOST:PORT"): a node
    left running by a devnet that was killed outright, or another program."""
    for listen in listens:
        host, port = split_host_port(listen)
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            # As aiohttp binds: a port in TIME_WAIT after the last run is free for the node.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError as err:
                raise CliError(
                    "devnet_port_in_use", name=name, listen=listen, error=err.strerror or ""
                ) from err


def _start_node(name: str, home: Path, api_listen: str) -> DevnetNode:
    log_path = home / "node.log"
    log_offset = log_path.stat().st_size if log_path.exists() else 0
    with log_path.open("ab") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "cunzheng.cli", "node", "--home", str(home)],
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    return DevnetNode(name, home, f"http://{api_listen}", process, log_offset)


def _stop_nodes(started: list[DevnetNode]) -> None:
    # A second Ctrl-C or SIGTERM while stopping would abandon the nodes not yet reaped;
    # the stop is bounded by STOP_TIMEOUT_S anyway.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)
    for node in started:
        if node.process.poll() is None:
            node.process.terminate()
    deadline = time.monotonic() + STOP_TIMEOUT_S
    for node in started:
        try:
            node.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            node.process.kill()
            node.process.wait()


def _wait_until_ready(started: list[DevnetNode]) -> None:
    """Return once every node answers /healthz; raises CliError naming a node that exited
    first (with its last words), or the nodes still silent after READY_TIMEOUT_S."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    waiting = list(started)
    while True:
        for node in waiting:
            if node.process.poll() is not None:
                raise CliError(
                    "devnet_node_failed",
                    name=node.name,
                    code=node.process.returncode,
                    cause=node.last_words(),
                    log=node.log_path,
                )
        waiting = [node for node in waiting if not node.answers_health()]
        if not waiting:
            return
        if time.monotonic() > deadline:
            names = Listing(tuple(node.name for node in waiting))
            raise CliError("devnet_not_ready", names=names, seconds=int(READY_TIMEOUT_S))
        time.sleep(POLL_INTERVAL_S)


def _watch(started: list[DevnetNode]) -> None:
    """Report each node that exits, with its last words, until none is left; then raise
    CliError, since a devnet without nodes is no longer running."""
    reported: set[str] = set()
    while any(node.process.poll() is None for node in started):
        time.sleep(POLL_INTERVAL_S)
        for node in started:
            code = node.process.returncode
            if code is not None and node.name not in reported:
                reported.add(node.name)
                say(
                    "devnet_exited",
                    to_stderr=True,
                    name=node.name,
                    code=code,
                    cause=node.last_words(),
                    log=node.log_path,
                )
    raise CliError("devnet_all_exited")


@click.command("devnet")
@click.option("--nodes", type=click.IntRange(1, 31), default=4, show_default=True)
@click.option("--dir", "directory", type=click.Path(path_type=Path), required=True)
@click.option("--port", type=click.IntRange(1024, 65000), default=7700, show_default=True)
@lang_option
def devnet_command(nodes: int, directory: Path, port: int) -> None:
    """A local consortium of N notaries on 127.0.0.1; Ctrl-C stops all; rerun resumes."""
    _prepare(directory, nodes, port)
    _hold_directory(directory)
    # SIGTERM and SIGHUP stop the nodes as Ctrl-C does (KeyboardInterrupt), instead of
    # ending this process at once and leaving the nodes running with their stores locked.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.default_int_handler)
    homes = {f"notary-{index}": directory / f"node-{index}" for index in range(nodes)}
    # Each node's own config says where it listens: a resumed devnet keeps the ports it was
    # created with, whatever --port says now.
    try:
        configs = {name: load_config(home / "config.toml") for name, home in homes.items()}
    except ConfigError as err:
        raise CliError("node_cannot_start", error=ErrorText(err)) from err
    for name, config in configs.items():
        _verify_ports_free(name, (config.api.listen, config.p2p.listen))
    started: list[DevnetNode] = []
    try:
        for name, home in homes.items():
            started.append(_start_node(name, home, configs[name].api.listen))
        for node in started:
            say("devnet_node", name=node.name, url=node.api_url, log=node.log_path)
        _wait_until_ready(started)
        say("devnet_submit", url=shell_word(started[0].api_url))
        say("devnet_ctrl_c")
        _watch(started)
    except KeyboardInterrupt:
        say("devnet_stopping")
    finally:
        _stop_nodes(started)
