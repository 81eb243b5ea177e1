"""Client addresses: parsing them, matching them against networks, and the key a client is
counted under (docs/http-api.md, "Limits").

A client is counted by its IP address; an IPv6 client by its /64 network, since one host
commonly holds a whole /64 and could otherwise count as 2^64 clients. An IPv4-mapped IPv6
address (::ffff:192.0.2.7, what a dual-stack socket reports) is its IPv4 address.
"""

import ipaddress
from collections.abc import Sequence

IPV6_CLIENT_PREFIX = 64
MAX_KEY_CHARS = 64  # of a key that is not an IP address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(texts: Sequence[str]) -> list[Network]:
    """The networks (a single address is a /32 or /128) named in a config list.

    Requires texts that node/config.py accepted; raises ValueError otherwise.
    """
    return [ipaddress.ip_network(text, strict=False) for text in texts]


def ip_of(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address, an IPv4-mapped IPv6 address as IPv4; None if `address` is not an IP."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def is_in_networks(address: str, networks: Sequence[Network]) -> bool:
    """Whether `address` is an IP address inside one of `networks` (False if not an IP)."""
    ip = ip_of(address)
    return ip is not None and any(ip in network for network in networks)


def is_loopback(address: str) -> bool:
    """Whether `address` is a loopback address (127.0.0.0/8, ::1, or ::ffff:127.x.y.z)."""
    ip = ip_of(address)
    return ip is not None and ip.is_loopback


def address_key(address: str) -> str:
    """The key a client at `address` is counted under: the IPv4 address, or the IPv6 /64.

    Something that is not an IP address (a Unix socket's name, a proxy's odd header) is its
    own key, cut to MAX_KEY_CHARS. Never raises.
    """
    ip = ip_of(address)
    if ip is None:
        return address[:MAX_KEY_CHARS]
    if isinstance(ip, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{ip}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(ip)
