"""The peer link over TLS (docs/http-api.md, "TLS and channel binding"): consortia commit over
it, a middlebox that terminates TLS towards both nodes cannot join their handshakes, strangers
that speak no TLS (or bad TLS) are closed without harm, and the limits on connections that
have not authenticated hold through the TLS handshake. In-process nodes on 127.0.0.x."""

import asyncio
import contextlib
import logging
import ssl
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from cunzheng.ledger.errors import KeyFileError
from cunzheng.node.addresses import host_port_text
from cunzheng.node.api.submission import with_ids
from cunzheng.node.config import ConfigError, P2PSection, load_config, peer_address, render_config
from cunzheng.node.home import write_home
from cunzheng.node.node import Node
from cunzheng.node.p2p import link
from cunzheng.node.p2p.protocol import auth_payload
from cunzheng.node.p2p.tls import PeerTls, write_certificate
from tests.support.chain_factory import notary_keys, sample_entry
from tests.support.cli_runner import run_cunzheng
from tests.support.listening import is_closed_by_the_other_end
from tests.support.loopback import free_ports
from tests.support.raw_peer import PEER_CLIENT_CONTEXT, Cluster, RawPeer, eventually

HANDSHAKE_S = 2
Streams = tuple[asyncio.StreamReader, asyncio.StreamWriter]


@pytest.fixture
async def cluster(tmp_path: Path) -> AsyncIterator[Cluster]:
    built = Cluster(tmp_path, 4)
    yield built
    await built.stop()


def connected(node: Node) -> set[str]:
    return {row["name"] for row in node.status()["peers"] if row["connected"]}


async def test_a_consortium_over_tls_commits(cluster: Cluster) -> None:
    await cluster.start()
    nodes = list(cluster.nodes.values())
    await eventually(lambda: all(len(connected(n)) == 3 for n in nodes), what="a full mesh")
    for node in nodes:
        for peer in node.network.table.links():
            assert peer.ws.get_extra_info("ssl_object").version() == "TLSv1.3", peer
    for index, node in enumerate(nodes):
        await node.intake.submit(with_ids([sample_entry(10 * index + n) for n in range(10)]))
    await eventually(lambda: all(n.store.ledger_size == 40 for n in nodes), 30, "all committed")


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError, OSError):
        while data := await reader.read(1 << 16):
            writer.write(data)
            await writer.drain()
    writer.close()


class Relay:
    """A middlebox on a free port between a dialer and `target_port`: with `terminate`, it
    ends the dialer's TLS with a certificate of its own, dials the target over TLS, and
    passes the plaintext (the websocket upgrade and every handshake frame) on unchanged;
    without, it passes the TCP bytes on, seeing only ciphertext."""

    def __init__(self, target_port: int, *, terminate: bool) -> None:
        self.port, self._target, self._terminate = free_ports(1)[0], target_port, terminate
        self.relayed = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        own = PeerTls.fresh().server_context if self._terminate else None
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port, ssl=own)

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        context = PEER_CLIENT_CONTEXT if self._terminate else None
        try:
            up_reader, up_writer = await asyncio.open_connection(
                "127.0.0.1", self._target, ssl=context
            )
        except OSError:
            writer.close()
            return
        self.relayed += 1
        for task in (_pipe(reader, up_writer), _pipe(up_reader, writer)):
            self._tasks.add(asyncio.create_task(task))

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


async def _through_relay(cluster: Cluster, *, terminate: bool) -> tuple[Node, Node, Relay]:
    """Node 0 dials node 1 through a relay only; node 1 dials nobody."""
    relay = Relay(cluster.ports[1], terminate=terminate)
    await relay.start()
    dialer = cluster.build(0, peers=[f"127.0.0.1:{relay.port}"])
    listener = cluster.build(1, peers=[])
    await cluster.start(0, 1)
    return dialer, listener, relay


async def test_a_relay_that_only_forwards_tls_bytes_lets_the_nodes_connect(
    cluster: Cluster,
) -> None:
    dialer, listener, relay = await _through_relay(cluster, terminate=False)
    try:
        await eventually(lambda: connected(dialer) == {cluster.keys[1].name}, what="linked")
        assert connected(listener) == {cluster.keys[0].name}
    finally:
        await relay.stop()


async def test_a_middlebox_terminating_tls_both_ways_cannot_splice_the_handshake(
    cluster: Cluster, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="cunzheng.node.p2p.gossip"):
        dialer, listener, relay = await _through_relay(cluster, terminate=True)
        try:
            await eventually(lambda: relay.relayed >= 2, what="the dialer retrying via the relay")
            await eventually(lambda: "failed the handshake" in caplog.text, what="a refusal")
        finally:
            await relay.stop()
    assert connected(dialer) == connected(listener) == set()
    refusals = [r.getMessage() for r in caplog.records if "failed the handshake" in r.getMessage()]
    assert "see different TLS channels" in refusals[0]


async def test_without_the_channel_binding_the_same_middlebox_splices_the_nodes(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The attack the binding stops, reproduced: with the binding left out of what both sides
    # sign, the middlebox above joins two authenticated sessions and reads every frame.
    def unbound_payload(**fields: Any) -> bytes:
        return auth_payload(**{**fields, "channel_binding": b""})

    monkeypatch.setattr(link, "auth_payload", unbound_payload)
    dialer, listener, relay = await _through_relay(cluster, terminate=True)
    try:
        await eventually(lambda: connected(dialer) == {cluster.keys[1].name}, what="spliced")
        assert connected(listener) == {cluster.keys[0].name}
    finally:
        await relay.stop()


async def _start_alone(cluster: Cluster, **p2p: Any) -> Node:
    node = cluster.build(0, peers=[], **p2p)
    await cluster.start(0)
    return node


async def _open(cluster: Cluster, source: str, context: ssl.SSLContext | None = None) -> Streams:
    port = cluster.ports[0]
    return await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0), ssl=context)


async def _handshake_of_a_real_peer_works(cluster: Cluster, node: Node) -> None:
    """A validator (node 2's key, never started here) authenticates to node 0."""
    peer = RawPeer(cluster.url(0), cluster.keys[2], cluster.genesis)
    try:
        await peer.handshake()
        await eventually(lambda: cluster.keys[2].name in connected(node), what="the peer in")
    finally:
        await peer.close()


@pytest.mark.parametrize(
    "hello",
    [
        b"GET /v1/p2p HTTP/1.1\r\nHost: node\r\n\r\n",  # a node or client without TLS
        b"\x16\x03\x01\x00\x05garbage" + bytes(200),  # a TLS record holding no ClientHello
        bytes(range(256)) * 16,
    ],
    ids=["plain http", "broken client hello", "noise"],
)
async def test_a_stranger_speaking_no_tls_is_closed_and_the_node_serves_on(
    cluster: Cluster, hello: bytes
) -> None:
    node = await _start_alone(cluster, max_connections_per_address=4)
    for _ in range(12):  # three times the cap: each closed connection must be uncounted
        reader, writer = await _open(cluster, "127.0.0.2")
        writer.write(hello)
        assert await is_closed_by_the_other_end((reader, writer), 2.0)
    await _handshake_of_a_real_peer_works(cluster, node)


async def test_a_client_that_offers_only_tls_1_2_is_refused(cluster: Cluster) -> None:
    node = await _start_alone(cluster)
    old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    old.check_hostname, old.verify_mode = False, ssl.CERT_NONE
    old.maximum_version = ssl.TLSVersion.TLSv1_2
    with pytest.raises((ssl.SSLError, ConnectionError)):  # reset without an alert
        await _open(cluster, "127.0.0.2", old)
    await _handshake_of_a_real_peer_works(cluster, node)


async def test_a_dialer_that_speaks_plain_to_a_tls_peer_fails_without_harm(
    cluster: Cluster,
) -> None:
    listener = cluster.build(0, peers=[])
    dialer = cluster.build(1, peers=[cluster.url(0)], tls=False)
    await cluster.start(0, 1)
    await asyncio.sleep(1.0)  # several attempts
    assert connected(dialer) == connected(listener) == set()
    await _handshake_of_a_real_peer_works(cluster, listener)


async def test_a_tls_handshake_never_finished_is_reset_at_the_deadline(cluster: Cluster) -> None:
    await _start_alone(cluster, handshake_timeout_s=HANDSHAKE_S)
    streams = await _open(cluster, "127.0.0.2")
    streams[1].write(b"\x16\x03\x01\x02\x00\x01")  # the start of a ClientHello, then silence
    assert not await is_closed_by_the_other_end(streams, 0.5)
    assert await is_closed_by_the_other_end(streams, HANDSHAKE_S + 1)


async def test_a_stranger_idle_after_tls_is_reset_at_the_same_deadline(cluster: Cluster) -> None:
    await _start_alone(cluster, handshake_timeout_s=HANDSHAKE_S)
    streams = await _open(cluster, "127.0.0.2", PEER_CLIENT_CONTEXT)  # TLS up, then nothing
    assert await is_closed_by_the_other_end(streams, HANDSHAKE_S + 1)


async def test_connections_in_their_tls_handshake_count_against_the_caps(
    cluster: Cluster,
) -> None:
    await _start_alone(cluster, max_handshakes=6, handshake_timeout_s=HANDSHAKE_S)
    waiting = [await _open(cluster, f"127.0.0.{10 + n}") for n in range(10)]
    for _, writer in waiting:
        writer.write(b"\x16\x03\x01\x02\x00\x01")  # each stuck in its TLS handshake
    closed = await asyncio.gather(*(is_closed_by_the_other_end(s, 0.5) for s in waiting))
    assert sum(not c for c in closed) == 6


@pytest.mark.parametrize(
    ("listen", "peers"),
    [
        ("0.0.0.0:7704", []),
        ("127.0.0.1:7704", ["127.0.0.1:7705", "10.0.0.2:7704"]),
        ("127.0.0.1:7704", ["http://notary-b.example:7704"]),
    ],
)
def test_plain_links_beyond_loopback_are_refused_without_the_opt_in(
    tmp_path: Path, listen: str, peers: list[str]
) -> None:
    path = tmp_path / "config.toml"
    plain = render_config("127.0.0.1:7700", listen, peers).replace("tls = true", "tls = false")
    path.write_text(plain)
    with pytest.raises(ConfigError, match="tls = false runs peer links in plain text") as err:
        load_config(path, {})
    assert str(path) in str(err.value) and "plain_beyond_loopback = true" in str(err.value)
    opted_in = load_config(path, {"CUNZHENG_P2P_PLAIN_BEYOND_LOOPBACK": "true"})
    assert not opted_in.p2p.tls and opted_in.p2p.plain_beyond_loopback
    with_tls = load_config(path, {"CUNZHENG_P2P_TLS": "true"})
    assert with_tls.p2p.tls


def test_plain_links_on_loopback_need_no_opt_in() -> None:
    p2p = P2PSection(tls=False, listen="[::1]:7704", peers=["localhost:7705", "127.0.0.2:7706"])
    assert not p2p.tls


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("10.0.0.2:7704", ("10.0.0.2", 7704)),
        ("[2001:db8::2]:7704", ("2001:db8::2", 7704)),
        ("http://127.0.0.1:7704/", ("127.0.0.1", 7704)),  # as earlier configs wrote it
        ("https://notary-b.example:7704", ("notary-b.example", 7704)),
    ],
)
def test_peer_addresses_are_host_and_port(text: str, address: tuple[str, int]) -> None:
    assert peer_address(text) == address
    assert peer_address(host_port_text(*address)) == address


@pytest.mark.parametrize("text", ["10.0.0.2", "10.0.0.2:70000", "ws://10.0.0.2:7704", ":7704"])
def test_a_malformed_peer_address_is_refused(text: str) -> None:
    with pytest.raises(ConfigError, match="must be HOST:PORT"):
        P2PSection(peers=[text])


def test_a_certificate_file_without_its_key_is_refused() -> None:
    with pytest.raises(ConfigError, match="set both, or neither"):
        P2PSection(tls_cert_file="peer_tls_cert.pem")


def test_a_home_holds_a_certificate_and_a_private_key_only_its_owner_reads(
    tmp_path: Path,
) -> None:
    key = notary_keys(1)[0]
    write_home(tmp_path, key, "127.0.0.1:7700", "127.0.0.1:7704", ["127.0.0.1:7705"])
    config = load_config(tmp_path / "config.toml", {})
    certificate, private = tmp_path / config.p2p.tls_cert_file, tmp_path / config.p2p.tls_key_file
    assert private.stat().st_mode & 0o777 == 0o600
    tls = PeerTls.of_files(certificate, private)
    assert tls.certificate_der == ssl.PEM_cert_to_DER_cert(certificate.read_text())
    with pytest.raises(KeyFileError, match="already exists"):
        write_home(tmp_path, notary_keys(2)[1], "127.0.0.1:7700", "127.0.0.1:7704", [])


def test_a_key_that_is_not_the_certificates_is_refused(tmp_path: Path) -> None:
    write_certificate(tmp_path / "a.pem", tmp_path / "a.key")
    write_certificate(tmp_path / "b.pem", tmp_path / "b.key")
    with pytest.raises(ConfigError, match="are not a PEM certificate and its key"):
        PeerTls.of_files(tmp_path / "a.pem", tmp_path / "b.key")
    with pytest.raises(ConfigError, match="cannot read the peer TLS certificate"):
        PeerTls.of_files(tmp_path / "a.pem", tmp_path / "missing.key")


def test_init_writes_the_certificate_and_refuses_a_peer_it_could_not_dial(tmp_path: Path) -> None:
    home = tmp_path / "home"
    refused = run_cunzheng("init", "--home", home, "--name", "n", "--peer", "ws://10.0.0.2:7704")
    assert refused.returncode != 0 and "must be HOST:PORT" in refused.stderr
    assert not home.exists(), "a refused init writes nothing"
    made = run_cunzheng("init", "--home", home, "--name", "n", "--peer", "10.0.0.2:7704")
    assert made.returncode == 0, made.stderr
    config = load_config(home / "config.toml", {})
    assert config.p2p.tls and config.p2p.peers == ["10.0.0.2:7704"]
    assert (home / config.p2p.tls_key_file).stat().st_mode & 0o777 == 0o600


def test_a_node_configured_for_plain_links_beyond_loopback_does_not_start(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_cunzheng("init", "--home", home, "--name", "n").returncode == 0
    config = home / "config.toml"
    text = config.read_text().replace("tls = true", "tls = false")
    config.write_text(text.replace('listen = "127.0.0.1:7704"', 'listen = "0.0.0.0:7704"'))
    started = run_cunzheng("node", "--home", home)
    assert started.returncode != 0
    assert "tls = false runs peer links in plain text" in started.stderr
    assert not (home / "data").exists(), "refused before anything was opened"
