"""`cunzheng devnet` (what `make run` starts): four notaries on 127.0.0.1 commit a submission;
Ctrl-C stops them all; a rerun resumes the same chain."""

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.support.processes import REPO, http_json

NODES = 4


def free_port_range(count: int) -> int:
    """A base port such that base … base + count - 1 were all free on 127.0.0.1."""
    for base in range(27_700, 60_000, 97):
        sockets = []
        try:
            for port in range(base, base + count):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError("no free port range")


def start_devnet(directory: Path, port: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cunzheng.cli",
            "devnet",
            "--nodes",
            str(NODES),
            "--dir",
            str(directory),
            "--port",
            str(port),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if condition():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def interrupt(process: subprocess.Popen[str]) -> str:
    """Ctrl-C, as a user stops the devnet; its output."""
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=20)
    return output


def test_devnet_commits_stops_on_ctrl_c_and_resumes(tmp_path: Path) -> None:
    port = free_port_range(2 * NODES)
    urls = [f"http://127.0.0.1:{port + index}" for index in range(NODES)]
    devnet = start_devnet(tmp_path / "devnet", port)
    try:
        wait_for(lambda: all(http_json(f"{u}/readyz")[0] == 200 for u in urls), 60, "readiness")
        code, answer = http_json(f"{urls[1]}/v1/entries", {"digest": "ab" * 32})
        assert code == 202, answer
        proof = f"{urls[3]}/v1/proofs/{answer['id']}"
        wait_for(lambda: http_json(proof)[0] == 200, 30, "the entry committed")
        signers = http_json(proof)[1]["commit"]["signatures"]
        assert len(signers) >= 3
        height = http_json(f"{urls[0]}/v1/status")[1]["height"]
    finally:
        output = interrupt(devnet)
    assert devnet.returncode == 0, output
    assert "created devnet of 4 notaries" in output and "stopping all nodes" in output

    again = start_devnet(tmp_path / "devnet", port)
    try:
        wait_for(
            lambda: all(http_json(f"{u}/v1/status")[1]["height"] >= height for u in urls),
            60,
            "every node back at its height",
        )
        assert http_json(proof)[0] == 200
    finally:
        output = interrupt(again)
    assert "resuming devnet devnet-4" in output
