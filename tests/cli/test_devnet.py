"""`cunzheng devnet` (what `make run` starts): four notaries on 127.0.0.1 commit a submission;
Ctrl-C stops them all; a rerun resumes the same chain. SIGTERM stops every node too; a devnet
whose node cannot start, or whose directory or ports are taken, exits 1 at once and says why."""

import os
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


def node_pids(devnet: subprocess.Popen[str]) -> list[int]:
    """The devnet's child processes (its nodes), from Linux's /proc."""
    children = Path(f"/proc/{devnet.pid}/task/{devnet.pid}/children").read_text()
    return [int(pid) for pid in children.split()]


def is_running(pid: int) -> bool:
    """Whether process `pid` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def http_json_answers(url: str) -> bool:
    """Whether anything answers /healthz at `url`."""
    try:
        http_json(f"{url}/healthz", timeout=1.0)
    except OSError:
        return False
    return True


def test_sigterm_stops_every_node_and_a_node_that_cannot_start_stops_the_rest(
    tmp_path: Path,
) -> None:
    port = free_port_range(2 * NODES)
    urls = [f"http://127.0.0.1:{port + index}" for index in range(NODES)]
    devnet = start_devnet(tmp_path / "devnet", port)
    try:
        wait_for(lambda: all(http_json(f"{u}/healthz")[0] == 200 for u in urls), 60, "health")
        pids = node_pids(devnet)
        assert len(pids) == NODES
    finally:
        devnet.send_signal(signal.SIGTERM)
        output, _ = devnet.communicate(timeout=20)
    assert devnet.returncode == 0, output
    assert "stopping all nodes" in output
    orphans = [pid for pid in pids if is_running(pid)]
    for pid in orphans:  # so that a failure here leaves no node behind
        os.kill(pid, signal.SIGKILL)
    assert not orphans

    # A node that exits while starting (here its key file is gone) stops the others, and
    # the command fails with that node's own last words.
    (tmp_path / "devnet" / "node-2" / "node_key.json").unlink()
    started = time.monotonic()
    broken = start_devnet(tmp_path / "devnet", port)
    output, _ = broken.communicate(timeout=60)
    assert broken.returncode == 1, output
    assert "notary-2 could not start (exit code 1)" in output
    assert "node_key.json" in output.rsplit("could not start", 1)[1]
    assert "press Ctrl-C" not in output
    assert time.monotonic() - started < 30
    assert not any(http_json_answers(url) for url in urls)


def test_a_second_devnet_on_the_same_directory_fails_at_once(tmp_path: Path) -> None:
    port = free_port_range(2 * NODES)
    urls = [f"http://127.0.0.1:{port + index}" for index in range(NODES)]
    first = start_devnet(tmp_path / "devnet", port)
    try:
        wait_for(lambda: all(http_json(f"{u}/healthz")[0] == 200 for u in urls), 60, "health")
        started = time.monotonic()
        second = start_devnet(tmp_path / "devnet", port)
        output, _ = second.communicate(timeout=30)
        assert time.monotonic() - started < 10
        assert second.returncode == 1, output
        assert f"is in use by another devnet (process {first.pid})" in output
        assert "press Ctrl-C" not in output
        assert first.poll() is None
        assert all(http_json(f"{u}/healthz")[0] == 200 for u in urls)
    finally:
        interrupt(first)


def test_a_port_taken_by_another_program_fails_before_any_node_starts(tmp_path: Path) -> None:
    port = free_port_range(2 * NODES)
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", port + 1))
        squatter.listen()
        devnet = start_devnet(tmp_path / "devnet", port)
        output, _ = devnet.communicate(timeout=30)
    assert devnet.returncode == 1, output
    assert f"notary-1 cannot listen on 127.0.0.1:{port + 1}" in output
    assert not (tmp_path / "devnet" / "node-0" / "node.log").exists()
