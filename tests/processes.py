"""Real node processes on 127.0.0.1 for multi-process tests: start, wait, kill."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from ledger.validators import Genesis
from tests.chain_factory import make_genesis, notary_keys

REPO = Path(__file__).resolve().parent.parent
FAST_PARAMS = {
    "timeout_propose_ms": 1000,
    "timeout_propose_delta_ms": 200,
    "timeout_prevote_ms": 500,
    "timeout_prevote_delta_ms": 200,
    "timeout_precommit_ms": 500,
    "timeout_precommit_delta_ms": 200,
    "timeout_commit_ms": 50,
    "empty_block_interval_ms": 2000,
    "precision_ms": 500,
    "message_delay_ms": 2000,
}


def free_ports(count: int) -> list[int]:
    """`count` distinct TCP ports that were free on 127.0.0.1 a moment ago."""
    sockets = []
    for _ in range(count):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sockets.append(sock)
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def write_homes(root: Path, count: int) -> tuple[Genesis, list[Path], list[str]]:
    """Homes for `count` validators with fixed test keys; returns genesis, homes, API URLs."""
    from ledger.keys import write_key_file
    from node.config import render_config

    keys = notary_keys(count)
    genesis = make_genesis(keys, params=FAST_PARAMS)
    ports = free_ports(2 * count)
    homes, urls = [], []
    for index, key in enumerate(keys):
        home = root / key.name
        home.mkdir(parents=True)
        peers = [
            f"http://127.0.0.1:{ports[count + other]}" for other in range(count) if other != index
        ]
        api, p2p = f"127.0.0.1:{ports[index]}", f"127.0.0.1:{ports[count + index]}"
        (home / "config.toml").write_text(render_config(api, p2p, peers), "utf-8")
        write_key_file(home / "node_key.json", key)
        (home / "genesis.json").write_text(genesis.to_file_text(), "utf-8")
        homes.append(home)
        urls.append(f"http://{api}")
    return genesis, homes, urls


def start_node(home: Path) -> subprocess.Popen[bytes]:
    """`cunzheng node --home HOME` as a child process, its output in HOME/node.log."""
    log = (home / "node.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "cli", "node", "--home", str(home)],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def http_json(url: str, body: Any = None, timeout: float = 5.0) -> tuple[int, Any]:
    """(status, decoded JSON) of a GET, or of a POST when `body` is given."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="GET" if body is None else "POST")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    """Return once the node answers /healthz; raise if it exits or the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"node exited with {process.returncode} before it was ready")
        try:
            if http_json(f"{url}/healthz", timeout=1.0)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not become ready in {timeout} s")


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL and reap."""
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if it does not exit within 10 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            kill(process)
