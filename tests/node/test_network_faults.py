"""Four real node processes with a faulty network between them: WAN delay, isolation, a 2|2
split, a paused proposer, skewed clocks, connection resets and SIGKILL under delay
(docs/network-test-bed.md).

Each scenario checks safety (one block per height on every node; every acknowledged entry in
every ledger exactly once) and liveness (blocks during the fault while a quorum can talk, none
without one, and a new block on every node within a bound computed from the consensus
timeouts after the heal). `pytest -s` shows each run's figures and a summary at the end.
"""

import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.netbed import FAKETIME_LIBRARIES, NetBed, faketime_environment
from tests.support.netbed_proxy import LOOPBACK, Delay, ProxyMesh
from tests.support.netbed_run import Pace, ScenarioReport, run_scenario
from tests.support.netbed_scenarios import ClockSkew, ConnectionCuts, Fault, every_fault

SHORT_SEED = 1
SHORT = Pace(settle_s=0.5, fault_s=2.5, after_s=0.5, batch=5, interval_s=0.1, limit=4_000)
LONG_SEEDS = (2, 3, 4)
LONG = Pace(settle_s=3.0, fault_s=10.0, after_s=5.0, batch=5, interval_s=0.1, limit=40_000)


@pytest.fixture(scope="module")
def summary() -> Iterator[list[str]]:
    lines: list[str] = []
    yield lines
    print("\nnetwork fault scenarios:\n  " + "\n  ".join(lines))


@pytest.fixture(scope="module")
def shared_bed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NetBed]:
    """One bed for the short runs: starting four nodes costs more than a short scenario."""
    bed = NetBed(tmp_path_factory.mktemp("netbed"), SHORT_SEED)
    try:
        bed.start()
        yield bed
    finally:
        bed.close()


def needs_faketime(fault: Fault) -> None:
    if isinstance(fault, ClockSkew) and not FAKETIME_LIBRARIES:
        pytest.skip("libfaketime is not installed; `make system-deps` installs it")


class Echo(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        while data := self.request.recv(4096):
            self.request.sendall(data)


@pytest.fixture
def mesh() -> Iterator[ProxyMesh]:
    """Two nodes' proxies, node 1 an echo server: a byte sent on link (0, 1) comes back."""
    server = socketserver.ThreadingTCPServer((LOOPBACK, 0), Echo)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    proxies = ProxyMesh(2, seed=7)
    proxies.start()
    proxies.forward(1, server.server_address[1])
    try:
        yield proxies
    finally:
        proxies.stop()
        server.shutdown()
        server.server_close()


def echo_seconds(proxies: ProxyMesh, payload: bytes, timeout: float = 2.0) -> float:
    """Seconds until `payload`, sent from node 0 to node 1, echoes back through the proxy."""
    with socket.create_connection((LOOPBACK, proxies.port(0, 1)), timeout=timeout) as sock:
        started = time.monotonic()
        sock.sendall(payload)
        received = b""
        while len(received) < len(payload):
            received += sock.recv(4096) or b"?"
        assert received == payload
        return time.monotonic() - started


def test_the_proxy_delays_each_direction_in_order(mesh: ProxyMesh) -> None:
    assert echo_seconds(mesh, b"fast") < 0.1
    mesh.set_delay(0, 1, Delay(150, 50))
    mesh.set_delay(1, 0, Delay(100))
    assert 0.25 <= echo_seconds(mesh, bytes(range(256)) * 64) < 1.0
    mesh.heal()
    assert echo_seconds(mesh, b"fast again") < 0.1


def test_a_partition_holds_bytes_until_the_heal(mesh: ProxyMesh) -> None:
    with socket.create_connection((LOOPBACK, mesh.port(0, 1)), timeout=2) as sock:
        mesh.partition([{0}, {1}])
        sock.sendall(b"held")
        sock.settimeout(0.3)
        with pytest.raises(TimeoutError):
            sock.recv(4)
        mesh.heal()
        sock.settimeout(2)
        assert sock.recv(4) == b"held"  # the same connection carries on, as TCP would


def test_cuts_reset_open_connections(mesh: ProxyMesh) -> None:
    with socket.create_connection((LOOPBACK, mesh.port(0, 1)), timeout=2) as sock:
        sock.sendall(b"up")
        assert sock.recv(2) == b"up"
        mesh.start_cuts(mean_interval_s=0.05)
        with pytest.raises(ConnectionResetError):
            time.sleep(0.5)
            sock.sendall(b"gone")
            sock.recv(4)
        mesh.stop_cuts()
    assert mesh.resets >= 1
    assert echo_seconds(mesh, b"new connection") < 0.1


def test_faketime_moves_the_wall_clock_but_not_the_monotonic_one() -> None:
    if not FAKETIME_LIBRARIES:
        pytest.skip("libfaketime is not installed; `make system-deps` installs it")
    script = "import time; print(time.time(), time.monotonic())"
    before = time.time(), time.monotonic()
    answer = subprocess.run(
        [sys.executable, "-c", script],
        env=faketime_environment(-3.0),
        capture_output=True,
        check=True,
        text=True,
    )
    wall, monotonic = map(float, answer.stdout.split())
    assert -3.5 < wall - before[0] < -2.5
    assert 0 <= monotonic - before[1] < 5


def check(fault: Fault, report: ScenarioReport, summary: list[str]) -> None:
    print(report.line())
    summary.append(report.line())
    assert report.acknowledged > 0, "no entry was acknowledged; the run proves nothing"
    assert report.lost == 0, f"{report.lost} acknowledged entries missing from a ledger"
    assert report.duplicated == 0, f"{report.duplicated} entries twice in a ledger"
    if isinstance(fault, ConnectionCuts):
        assert report.resets > 0, "no connection was cut; the run proves nothing"
    if fault.keeps_quorum:
        assert report.blocks_during > 0, "a quorum could talk, yet nothing committed"
    else:
        # Only a block whose precommits were all cast before the split may still land.
        assert report.blocks_during <= 1, "blocks committed without a quorum"
    assert report.recovery_s is not None, "no new block on every node after the heal"
    assert report.recovery_s <= report.bound_s, "recovery took longer than the timeouts allow"
    assert report.blocks_after > 0


@pytest.mark.parametrize("fault", every_fault(SHORT_SEED), ids=lambda fault: fault.name)
def test_short_scenario(shared_bed: NetBed, fault: Fault, summary: list[str]) -> None:
    needs_faketime(fault)
    check(fault, run_scenario(shared_bed, fault, SHORT_SEED, SHORT), summary)


@pytest.mark.slow
@pytest.mark.parametrize("seed", LONG_SEEDS)
@pytest.mark.parametrize("position", range(len(every_fault(0))))
def test_long_scenario(tmp_path: Path, seed: int, position: int, summary: list[str]) -> None:
    fault = every_fault(seed)[position]
    needs_faketime(fault)
    bed = NetBed(tmp_path, seed)
    try:
        bed.start()
        check(fault, run_scenario(bed, fault, seed, LONG), summary)
    finally:
        bed.close()
