"""Node configuration: one TOML file per node home (`DIR/config.toml`).

Every option has a default; unknown sections or keys and values of the wrong type are
refused at start with the file, the key and the reason. Environment variables named
CUNZHENG_<SECTION>_<KEY> (e.g. CUNZHENG_API_LISTEN) override the file.
"""

import dataclasses
import ipaddress
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cunzheng.node.addresses import is_loopback_host
from cunzheng.node.errors import NodeError


class ConfigError(NodeError):
    """A configuration file or override that cannot be used."""


@dataclass(frozen=True, slots=True)
class NodeSection:
    """Who this node is and where its files are (paths relative to the home)."""

    key_file: str = "node_key.json"
    genesis_file: str = "genesis.json"
    data_dir: str = "data"
    log_format: str = "plain"  # plain or json


@dataclass(frozen=True, slots=True)
class ApiSection:
    """The public HTTP API."""

    listen: str = "127.0.0.1:7700"
    max_body_bytes: int = 4 * 1024 * 1024
    max_batch: int = 1000
    retry_after_s: int = 1
    page_items: int = 100
    page_bytes: int = 4 * 1024 * 1024
    block_answers: int = 8

    def __post_init__(self) -> None:
        for name in ("page_items", "page_bytes", "block_answers"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1, got {getattr(self, name)}")


@dataclass(frozen=True, slots=True)
class P2PSection:
    """The peer endpoint, the peers to dial (HOST:PORT, see peer_address), the C2SP vkeys
    of observers (non-validator nodes) allowed to connect besides the validators, and what
    one peer may cost (docs/http-api.md, "The peer endpoint"). A zero rate or connection
    count means no limit of that kind.

    Peer links run over TLS (node/p2p/tls.py) with the certificate in `tls_cert_file` and
    `tls_key_file`, or, both empty, one made afresh at every start. With `tls = false` they
    run in plain text, which is refused unless every address is a loopback one or
    `plain_beyond_loopback` says the network is protected otherwise (a VPN)."""

    listen: str = "127.0.0.1:7704"
    peers: list[str] = field(default_factory=list)
    observers: list[str] = field(default_factory=list)
    max_message_bytes: int = 64 * 1024 * 1024
    queue_length: int = 1000
    send_queue_bytes: int = 128 * 1024 * 1024
    send_timeout_s: int = 30
    sync_answer_bytes: int = 16 * 1024 * 1024
    get_blocks_per_s: int = 10
    entries_per_s: int = 1_000
    max_connections_per_address: int = 8
    max_handshakes: int = 64
    handshake_timeout_s: int = 5
    max_handshake_bytes: int = 8192
    tls: bool = True
    tls_cert_file: str = ""
    tls_key_file: str = ""
    plain_beyond_loopback: bool = False

    def __post_init__(self) -> None:
        self._check_limits()
        self._check_addresses()

    def _check_limits(self) -> None:
        if self.send_queue_bytes < self.max_message_bytes:
            raise ConfigError(
                f"send_queue_bytes must hold one message of max_message_bytes "
                f"({self.max_message_bytes}), got {self.send_queue_bytes}"
            )
        for name in (
            "send_timeout_s",
            "sync_answer_bytes",
            "handshake_timeout_s",
            "max_handshake_bytes",
        ):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1, got {getattr(self, name)}")

    def _check_addresses(self) -> None:
        if bool(self.tls_cert_file) != bool(self.tls_key_file):
            raise ConfigError(
                "tls_cert_file and tls_key_file name a certificate and its key: set both, "
                f"or neither; got {self.tls_cert_file!r} and {self.tls_key_file!r}"
            )
        hosts = [("listen", split_host_port(self.listen)[0])]
        hosts += [(f"peer {text!r}", peer_address(text)[0]) for text in self.peers]
        if self.tls or self.plain_beyond_loopback:
            return
        for what, host in hosts:
            if not is_loopback_host(host):
                raise ConfigError(
                    f"tls = false runs peer links in plain text, allowed on loopback "
                    f"addresses only, and {what} is at {host}: remove tls = false (peer links "
                    "are TLS by default), or set plain_beyond_loopback = true if the network "
                    "between the notaries is encrypted already (a VPN)"
                )


@dataclass(frozen=True, slots=True)
class MempoolSection:
    """How many acknowledged, uncommitted entries a node holds before answering 503, and up to
    how many it takes entries that peers relay: the rest is kept for its own clients."""

    capacity: int = 200_000
    gossip_capacity: int = 100_000


@dataclass(frozen=True, slots=True)
class BlockSection:
    """Block size caps."""

    max_entries: int = 10_000
    max_bytes: int = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class LimitsSection:
    """Limits on the public API's clients, and who may ask for a backup (node/api/ratelimit.py).

    A client is its address (an IPv6 client by its /64 network), or, for a request that came
    through one of `trusted_proxies`, the last address that proxy wrote in X-Forwarded-For.
    `admin_allow` and `trusted_proxies` hold addresses or networks ("10.0.0.0/24"). A zero
    rate, connection count or timeout means no limit of that kind, except `idle_timeout_s`,
    which is at least 1: an idle connection is always closed in the end (node/admission.py).
    """

    rate_per_s: int = 50
    burst: int = 100
    max_connections: int = 1000
    max_connections_per_client: int = 64
    probe_connections: int = 8
    idle_timeout_s: int = 5
    send_timeout_s: int = 15
    request_timeout_s: int = 30
    admin_allow: list[str] = field(default_factory=list)
    trusted_proxies: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.rate_per_s and not self.burst:
            raise ConfigError("burst must be at least 1 when rate_per_s is set")
        if self.idle_timeout_s < 1:
            raise ConfigError(f"idle_timeout_s must be at least 1, got {self.idle_timeout_s}")
        for name in ("admin_allow", "trusted_proxies"):
            for text in getattr(self, name):
                try:
                    if not isinstance(text, str):
                        raise ValueError(text)
                    ipaddress.ip_network(text, strict=False)
                except ValueError as err:
                    raise ConfigError(f"{name}: {text!r} is not an IP address or network") from err


@dataclass(frozen=True, slots=True)
class TimeSection:
    """RFC 3161 trusted time (node/timestamper.py): the TSAs that stamp this node's checkpoints.

    The latest checkpoint is stamped once `every_blocks` blocks passed since the last one
    stamped, and at most once every `min_interval_s` seconds; each TSA has `timeout_s` to answer.
    """

    tsa_urls: list[str] = field(default_factory=list)
    every_blocks: int = 1
    min_interval_s: int = 60
    timeout_s: int = 10

    def __post_init__(self) -> None:
        if self.every_blocks < 1:
            raise ConfigError(f"every_blocks must be at least 1, got {self.every_blocks}")
        if self.timeout_s < 1:
            raise ConfigError(f"timeout_s must be at least 1, got {self.timeout_s}")
        for url in self.tsa_urls:
            if not isinstance(url, str) or not url.startswith(("http://", "https://")):
                raise ConfigError(f"tsa_urls: {url!r} is not an http:// or https:// URL")


@dataclass(frozen=True, slots=True)
class NodeConfig:
    """A node's whole configuration."""

    node: NodeSection = field(default_factory=NodeSection)
    api: ApiSection = field(default_factory=ApiSection)
    p2p: P2PSection = field(default_factory=P2PSection)
    mempool: MempoolSection = field(default_factory=MempoolSection)
    block: BlockSection = field(default_factory=BlockSection)
    limits: LimitsSection = field(default_factory=LimitsSection)
    time: TimeSection = field(default_factory=TimeSection)


def _section(cls: type[Any], values: Mapping[str, Any], where: str) -> Any:
    known = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")
    defaults = cls()
    for name, value in values.items():
        expected = type(getattr(defaults, name))
        if type(value) is not expected:
            got = f"{type(value).__name__} {value!r}"
            raise ConfigError(f"{where}.{name}: expected {expected.__name__}, got {got}")
        if expected is int and value < 0:
            raise ConfigError(f"{where}.{name}: must not be negative, got {value}")
    try:
        return cls(**values)
    except ConfigError as err:
        raise ConfigError(f"{where}.{err}") from err


def _env_overrides(env: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    overrides: dict[str, dict[str, Any]] = {}
    sections = {f.name: f.type for f in dataclasses.fields(NodeConfig)}
    for name, text in env.items():
        if not name.startswith("CUNZHENG_"):
            continue
        section, _, key = name[len("CUNZHENG_") :].lower().partition("_")
        if section not in sections:
            continue
        default = getattr(NodeConfig(), section)
        if not hasattr(default, key):
            raise ConfigError(f"environment {name}: {section} has no key {key!r}")
        current = getattr(default, key)
        value: Any = text
        if isinstance(current, bool):
            if text not in ("true", "false"):
                raise ConfigError(f"environment {name}: expected true or false, got {text!r}")
            value = text == "true"
        elif isinstance(current, int):
            if not (text.isascii() and text.isdigit()):  # int() also reads "²" and "٣"
                raise ConfigError(f"environment {name}: expected an integer, got {text!r}")
            value = int(text)
        elif isinstance(current, list):
            value = [item for item in text.split(",") if item]
        overrides.setdefault(section, {})[key] = value
    return overrides


def load_config(path: Path, env: Mapping[str, str] | None = None) -> NodeConfig:
    """Read `path` (missing file: all defaults) and apply environment overrides.

    Raises ConfigError naming the file, key and reason.
    """
    values: dict[str, Any] = {}
    if path.exists():
        try:
            values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise ConfigError(f"{path}: not valid TOML: {err}") from err
    for section, items in _env_overrides(os.environ if env is None else env).items():
        values.setdefault(section, {}).update(items)
    known = {f.name: f for f in dataclasses.fields(NodeConfig)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ConfigError(f"{path}: unknown section(s) {', '.join(unknown)}")
    sections = {}
    for name in known:
        items = values.get(name, {})
        if not isinstance(items, dict):
            raise ConfigError(f"{path}: [{name}] must be a table")
        sections[name] = _section(type(getattr(NodeConfig(), name)), items, f"{path} [{name}]")
    return NodeConfig(**sections)


def split_host_port(listen: str, what: str = "listen address") -> tuple[str, int]:
    """("127.0.0.1", 7700) from "127.0.0.1:7700" (IPv6 as "[::1]:7700").

    Raises ConfigError, naming the address as `what`, if it is not HOST:PORT.
    """
    host, _, port = listen.rpartition(":")
    if not host or not (port.isascii() and port.isdigit()) or not 0 < int(port) < 65536:
        raise ConfigError(f"{what} {listen!r} must be HOST:PORT")
    return host.strip("[]"), int(port)


def peer_address(text: str) -> tuple[str, int]:
    """The host and port of a `[p2p] peers` item: "10.0.0.2:7704" or "[2001:db8::2]:7704".

    The URL forms earlier configurations wrote ("http://127.0.0.1:7704") are read as the same
    address: whether a link runs TLS is `[p2p] tls`, the same for every peer, never the
    scheme. Raises ConfigError if `text` is neither.
    """
    address = text.removeprefix("http://").removeprefix("https://").rstrip("/")
    if "/" in address:  # another scheme, or a path
        raise ConfigError(f"peer address {text!r} must be HOST:PORT, e.g. 10.0.0.2:7704")
    return split_host_port(address, "peer address")


DEFAULT_CONFIG_TEXT = """\
# cunzheng node configuration. Every key is shown with its default.
# Environment variables CUNZHENG_<SECTION>_<KEY> override these (e.g. CUNZHENG_API_LISTEN).

[node]
key_file = "node_key.json"      # this node's Ed25519 key (mode 0600), relative to the home
genesis_file = "genesis.json"   # the consortium's genesis, as published by its members
data_dir = "data"               # the LevelDB store and the signing guard
log_format = "plain"            # plain or json

[api]
listen = "127.0.0.1:7700"       # public HTTP API and the verification page
max_body_bytes = 4194304        # larger requests get 413
max_batch = 1000                # entries per POST /v1/entries
retry_after_s = 1               # Retry-After when the mempool is full (503)
page_items = 100                # items (entries, blocks, evidence) a list answer holds at most
page_bytes = 4194304            # a page of blocks ends once its blocks reach this many bytes
block_answers = 8               # blocks held by answers at once; further answers wait their turn

[p2p]
listen = "127.0.0.1:7704"       # peer endpoint (/v1/p2p websockets, over TLS unless tls = false)
peers = []                      # other nodes' peer endpoints as HOST:PORT, e.g. ["10.0.0.2:7704"]
observers = []                  # vkeys of observer nodes allowed to connect (validators always are)
max_message_bytes = 67108864    # a larger peer message drops the peer
queue_length = 1000             # messages queued per peer before it is dropped as too slow
send_queue_bytes = 134217728    # bytes queued per peer before it is dropped as too slow
send_timeout_s = 30             # a peer taking no message in this time is dropped (stopped reading)
sync_answer_bytes = 16777216    # bytes of blocks per get_blocks answer (at most half a message)
get_blocks_per_s = 10           # get_blocks answered per peer a second; more ignored (0: no limit)
entries_per_s = 1000            # entries taken per peer a second; more ignored (0: no limit)
max_connections_per_address = 8 # not yet authenticated, from one address; more reset (0: none)
max_handshakes = 64             # connections not yet authenticated; more are reset (0: no limit)
handshake_timeout_s = 5         # a connection not authenticated in this time is reset
max_handshake_bytes = 8192      # a connection sending more before it authenticates is reset
tls = true                      # peer links over TLS; false: plain text, on loopback only
tls_cert_file = ""              # this node's self-signed TLS certificate (PEM) and its key
tls_key_file = ""               # (mode 0600), relative to the home; empty: new at every start
plain_beyond_loopback = false   # with tls = false, allow plain links beyond loopback (VPN only)

[mempool]
capacity = 200000               # acknowledged, uncommitted entries held before 503
gossip_capacity = 100000        # peers' entries are taken while fewer than this many are held

[block]
max_entries = 10000             # entries per block
max_bytes = 16777216            # encoded entries per block

[limits]
rate_per_s = 50                 # requests per second each client may make on average (0: no limit)
burst = 100                     # requests a client may make at once; beyond: 429 with Retry-After
max_connections = 1000          # open client connections; more are reset (0: no limit)
max_connections_per_client = 64 # open connections of one client; more are reset (0: no limit)
probe_connections = 8           # loopback connections beyond those, for /healthz and /readyz only
idle_timeout_s = 5              # an idle connection (keep-alive, or no request yet) is closed
send_timeout_s = 15             # a client taking none of its answer this long is closed (0: never)
request_timeout_s = 30          # a request not answered in time gets 503 (0: no limit)
admin_allow = []                # addresses besides loopback allowed POST /v1/admin/backup
trusted_proxies = []            # reverse proxies whose X-Forwarded-For names the client

[time]
# This host's clock must read within half the genesis's precision_ms of UTC (500 ms for a
# consortium's genesis): keep NTP running. Verdicts' stated times rely on it, and a node
# further off cannot vote; its log, /readyz and cunzheng_clock_offset_seconds say so.
tsa_urls = []                   # RFC 3161 TSAs that stamp checkpoints, e.g. ["https://tsa.example/"];
                                # list two or more, each asked at once (docs/time.md, "Choosing
                                # and configuring TSAs"); verifiers need each one's CA certificate
every_blocks = 1                # stamp the latest checkpoint when this many blocks passed since the
min_interval_s = 60             # last one stamped, at most once this many seconds (0: every block)
timeout_s = 10                  # seconds each TSA has to answer; failures are logged and retried
"""


def render_config(
    api_listen: str,
    p2p_listen: str,
    peers: list[str],
    observers: list[str] | None = None,
    tls_files: tuple[str, str] = ("", ""),
) -> str:
    """The commented default configuration with these addresses, observer vkeys and peer TLS
    certificate and key files filled in."""
    peer_list = ", ".join(f'"{peer}"' for peer in peers)
    observer_list = ", ".join(f'"{vkey}"' for vkey in observers or [])
    certificate_file, key_file = tls_files
    return (
        DEFAULT_CONFIG_TEXT.replace('listen = "127.0.0.1:7700"', f'listen = "{api_listen}"')
        .replace('listen = "127.0.0.1:7704"', f'listen = "{p2p_listen}"')
        .replace("peers = []", f"peers = [{peer_list}]")
        .replace("observers = []", f"observers = [{observer_list}]")
        .replace('tls_cert_file = ""', f'tls_cert_file = "{certificate_file}"')
        .replace('tls_key_file = ""', f'tls_key_file = "{key_file}"')
    )
