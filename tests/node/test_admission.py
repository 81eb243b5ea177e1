"""Connections judged where they are accepted (node/admission.py): caps per client and in all,
places kept for local probes, idle connections closed, handshake limits; and the attack of one
address holding a thousand keep-alive connections (docs/http-api.md, "Limits")."""

import asyncio
import contextlib
import logging
import resource
import socket
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from cunzheng.node.addresses import parse_networks
from cunzheng.node.admission import (
    Admission,
    AdmissionLimits,
    GatedConnection,
    Verdict,
    raise_open_files_limit,
)
from cunzheng.node.config import LimitsSection, NodeConfig
from tests.support.listening import connect_from, get, is_closed_by_the_other_end, listening_node

PUBLIC_A, PUBLIC_B, PROXY = "198.51.100.1", "198.51.100.2", "192.0.2.10"  # RFC 5737


class Recorder:
    """The inner protocol: what reached it."""

    def __init__(self) -> None:
        self.made = self.lost = False
        self.data = b""

    def connection_made(self, transport: Any) -> None:
        self.made = True

    def data_received(self, data: bytes) -> None:
        self.data += data

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True


def _accept(admission: Admission, address: str) -> tuple[GatedConnection, Any, list[Recorder]]:
    """A connection from `address` as the event loop would make it."""
    made: list[Recorder] = []

    def factory() -> Any:
        made.append(Recorder())
        return made[-1]

    transport = mock.Mock()
    transport.get_extra_info.side_effect = lambda name: (
        (address, 40000) if name == "peername" else None
    )
    connection = GatedConnection(admission, factory)
    connection.connection_made(transport)
    return connection, transport, made


def test_one_client_is_capped_and_another_is_not_held_up_by_it() -> None:
    admission = Admission(AdmissionLimits(max_connections=10, max_per_address=2), "test")
    first, _, _ = _accept(admission, PUBLIC_A)
    _accept(admission, PUBLIC_A)
    third, transport, made = _accept(admission, PUBLIC_A)
    assert third.verdict is Verdict.REFUSED and transport.abort.called and not made, (
        "refused before anything is read, and no protocol is made for it"
    )
    assert _accept(admission, PUBLIC_B)[0].verdict is Verdict.ADMITTED
    first.connection_lost(None)
    assert _accept(admission, PUBLIC_A)[0].verdict is Verdict.ADMITTED, "a place came back"


def test_a_trusted_proxy_is_not_capped_per_client_but_counts_in_all() -> None:
    limits = AdmissionLimits(
        max_connections=3, max_per_address=1, uncapped=tuple(parse_networks([PROXY]))
    )
    admission = Admission(limits, "test")
    verdicts = [_accept(admission, PROXY)[0].verdict for _ in range(4)]
    assert verdicts == [Verdict.ADMITTED] * 3 + [Verdict.REFUSED]


def test_local_probes_keep_their_places_when_the_public_takes_every_other() -> None:
    limits = AdmissionLimits(max_connections=2, max_per_address=0, probe_connections=1)
    admission = Admission(limits, "test")
    _accept(admission, PUBLIC_A)
    _accept(admission, PUBLIC_B)
    assert _accept(admission, "203.0.113.9")[0].verdict is Verdict.REFUSED
    probe, transport, _ = _accept(admission, "127.0.0.1")
    assert probe.verdict is Verdict.PROBES_ONLY and admission.is_probes_only(transport)
    assert _accept(admission, "::1")[0].verdict is Verdict.REFUSED, "the reserve is used up"


def test_an_unauthenticated_connection_has_a_byte_budget_until_it_authenticates() -> None:
    limits = AdmissionLimits(handshake_timeout_s=5, max_handshake_bytes=100, max_handshakes=2)
    admission = Admission(limits, "test")
    with mock.patch("asyncio.get_running_loop"):
        greedy, greedy_transport, (inner,) = _accept(admission, PUBLIC_A)
        greedy.data_received(b"x" * 60)
        greedy.data_received(b"x" * 60)
        assert greedy_transport.abort.called and inner.data == b"x" * 60
        honest, honest_transport, (honest_inner,) = _accept(admission, PUBLIC_B)
        assert _accept(admission, PUBLIC_B)[0].verdict is Verdict.REFUSED, "two handshakes"
        admission.authenticated(honest_transport)
        honest.data_received(b"y" * 1000)
        assert honest_inner.data == b"y" * 1000 and not honest_transport.abort.called
        assert _accept(admission, PUBLIC_B)[0].verdict is Verdict.ADMITTED, "one handshake"


def test_where_peers_authenticate_only_those_waiting_count_per_address() -> None:
    admission = Admission(AdmissionLimits(handshake_timeout_s=5, max_per_address=1), "test")
    with mock.patch("asyncio.get_running_loop"):
        _, first, _ = _accept(admission, "127.0.0.1")
        assert _accept(admission, "127.0.0.1")[0].verdict is Verdict.REFUSED
        admission.authenticated(first)  # a known peer now: others on its host may connect
        assert _accept(admission, "127.0.0.1")[0].verdict is Verdict.ADMITTED


async def test_a_connection_that_does_not_authenticate_in_time_is_reset(caplog: Any) -> None:
    limits = AdmissionLimits(handshake_timeout_s=1)
    admission = Admission(limits, "test")
    _, slow_transport, _ = _accept(admission, PUBLIC_A)
    _, quick_transport, _ = _accept(admission, PUBLIC_B)
    admission.authenticated(quick_transport)
    with caplog.at_level(logging.WARNING, logger="cunzheng.node.admission"):
        await asyncio.sleep(1.2)
    assert slow_transport.abort.called and not quick_transport.abort.called
    assert "not authenticated within 1 s" in caplog.text


def test_the_send_timeout_becomes_the_sockets_user_timeout() -> None:
    sock = mock.Mock()
    transport = mock.Mock()
    transport.get_extra_info.side_effect = lambda name: {
        "peername": (PUBLIC_A, 1),
        "socket": sock,
    }[name]
    connection = GatedConnection(Admission(AdmissionLimits(send_timeout_s=7), "test"), Recorder)
    connection.connection_made(transport)
    sock.setsockopt.assert_called_once_with(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, 7000)


LIMITS = LimitsSection(
    max_connections=40, max_connections_per_client=16, probe_connections=4, idle_timeout_s=2
)
ATTACK_CONNECTIONS = 200


async def test_one_address_holding_many_keep_alive_connections_locks_nobody_out(
    tmp_path: Path,
) -> None:
    async with listening_node(tmp_path, NodeConfig(limits=LIMITS)) as (_, url):
        attack = await asyncio.gather(
            *(connect_from(url, "127.0.0.2") for _ in range(ATTACK_CONNECTIONS))
        )
        answered = 0
        for streams in attack:
            # one reset when it was accepted (over the address's cap) raises
            with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
                answered += (await get(streams, "/healthz"))[0] == 200
        # 127.0.0.2 is a loopback address, so it also takes the places kept for probes
        assert answered == LIMITS.max_connections_per_client + LIMITS.probe_connections
        other = await connect_from(url, "127.0.0.1")
        assert (await get(other, "/v1/status"))[0] == 200, "another client is served"
        assert (await get(other, "/healthz"))[0] == 200
        for _, writer in attack:
            writer.close()


async def test_probes_are_answered_when_every_public_place_is_taken(tmp_path: Path) -> None:
    async with listening_node(tmp_path, NodeConfig(limits=LIMITS)) as (_, url):
        taken = []
        for number in range(LIMITS.max_connections):  # every place, none of the reserve
            source = f"127.0.0.{3 + number // LIMITS.max_connections_per_client}"
            taken.append(await connect_from(url, source))
            assert (await get(taken[-1], "/v1/status"))[0] == 200
        probe = await connect_from(url, "127.0.0.1")
        assert (await get(probe, "/healthz"))[0] == 200
        assert (await get(probe, "/readyz"))[0] in (200, 503)
        status, body = await get(probe, "/v1/status")
        assert status == 503 and b"too_many_connections" in body
        for _, writer in taken:
            writer.close()


async def test_an_idle_keep_alive_connection_is_closed_after_seconds(tmp_path: Path) -> None:
    async with listening_node(tmp_path, NodeConfig(limits=LIMITS)) as (_, url):
        used = await connect_from(url, "127.0.0.6")
        assert (await get(used, "/healthz"))[0] == 200
        silent = await connect_from(url, "127.0.0.6")  # never sends a request
        assert await is_closed_by_the_other_end(used, LIMITS.idle_timeout_s + 1.5)
        assert await is_closed_by_the_other_end(silent, 0.5)


@pytest.mark.parametrize("seconds", [0, -1])
def test_an_idle_timeout_must_be_at_least_a_second(seconds: int) -> None:
    from cunzheng.node.config import ConfigError

    with pytest.raises(ConfigError, match="idle_timeout_s"):
        LimitsSection(idle_timeout_s=seconds)


@pytest.mark.parametrize(
    ("needed", "set_to", "warned"), [(900, None, False), (2000, 2000, False), (5000, 4096, True)]
)
def test_the_open_files_limit_is_raised_for_the_connection_caps(
    needed: int, set_to: int | None, warned: bool, caplog: Any
) -> None:
    with (
        mock.patch("resource.getrlimit", return_value=(1024, 4096)),
        mock.patch("resource.setrlimit") as setrlimit,
        caplog.at_level(logging.WARNING, logger="cunzheng.node.admission"),
    ):
        raise_open_files_limit(needed)
    if set_to is None:
        setrlimit.assert_not_called()
    else:
        setrlimit.assert_called_once_with(resource.RLIMIT_NOFILE, (set_to, 4096))
    assert ("open files are limited to 4096" in caplog.text) is warned
