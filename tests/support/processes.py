"""Real node processes on 127.0.0.1 for multi-process tests: start, wait, kill."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from cunzheng.ledger.validators import Genesis
from tests.support.chain_factory import make_genesis, notary_keys
from tests.support.loopback import LOOPBACK_PARAMS, loopback_consortium

REPO = Path(__file__).resolve().parents[2]


def write_homes(root: Path, count: int) -> tuple[Genesis, list[Path], list[str]]:
    """Homes for `count` validators with fixed test keys; returns genesis, homes, API URLs."""
    keys = notary_keys(count)
    genesis = make_genesis(keys, params=LOOPBACK_PARAMS)
    homes, urls = loopback_consortium(root, keys, genesis)
    return genesis, homes, urls


def start_node(
    home: Path, release: Path = REPO, environment: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """`cunzheng node --home HOME` as a child process, its output in HOME/node.log, with
    `environment` added to ours; run from the source tree `release` (another release's,
    unpacked, for upgrade tests)."""
    log = (home / "node.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "cunzheng.cli", "node", "--home", str(home)],
        cwd=release,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(environment or {})},
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


def eventually(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Return once `condition()` holds; AssertionError naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


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
