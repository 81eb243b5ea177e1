"""Who may connect, who is connected: one authenticated connection per peer key.

Both sides of a pair of nodes may dial each other at once; the table keeps exactly one of the
two connections, the same one on both sides (see PeerTable.add), so that every message has
one path and nothing is delivered twice.
"""

import logging
from collections.abc import Iterator
from typing import Any

from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.governance import ValidatorHistory
from cunzheng.ledger.keys import parse_vkey
from cunzheng.node.config import ConfigError
from cunzheng.node.p2p.link import PeerIdentity, PeerLink

log = logging.getLogger(__name__)


def accepted_peers(
    history: ValidatorHistory, height: int, observer_vkeys: list[str]
) -> dict[bytes, PeerIdentity]:
    """Who may connect while `height` is decided: its validators; the validators of sets
    scheduled for later heights, without power until then (a new notary syncs and joins);
    and the observers `[p2p] observers` names by vkey.

    Raises ConfigError for a vkey that does not parse.
    """
    accepted = {
        v.public_key: PeerIdentity(v.name, v.public_key, v.power)
        for v in history.at(height).validators
    }
    for epoch in history.epochs:
        if epoch.since > height:
            for v in epoch.validators.validators:
                accepted.setdefault(v.public_key, PeerIdentity(v.name, v.public_key, 0))
    for text in observer_vkeys:
        try:
            name, public_key = parse_vkey(text)
        except LedgerError as err:
            raise ConfigError(f"[p2p] observers: {err}") from err
        accepted.setdefault(public_key, PeerIdentity(name, public_key, 0))
    return accepted


class PeerTable:
    """The accepted identities and the live connection (if any) to each."""

    def __init__(self, own_key: bytes, accepted: dict[bytes, PeerIdentity]) -> None:
        self._own_key, self.accepted = own_key, accepted
        me = accepted.get(own_key)
        self._own_power = me.power if me is not None else 0
        self._links: dict[bytes, PeerLink] = {}
        self._dialed: dict[str, bytes] = {}  # dialed address → the key that answered there

    def update(self, accepted: dict[bytes, PeerIdentity]) -> None:
        """Accept these identities from now on (the validator set changed): a connected peer
        takes its new power, one no longer accepted is dropped."""
        self.accepted = accepted
        me = accepted.get(self._own_key)
        self._own_power = me.power if me is not None else 0
        for key, link in list(self._links.items()):
            identity = accepted.get(key)
            if identity is None:
                link.drop("no longer a validator or an observer of this chain", misbehaved=False)
                del self._links[key]
            else:
                link.identity = identity

    def links(self, *, validators_only: bool = False) -> Iterator[PeerLink]:
        """The connections not being dropped (a snapshot: sending may drop one)."""
        for link in list(self._links.values()):
            if link.drop_reason is None and (link.identity.power > 0 or not validators_only):
                yield link

    def link_at(self, address: str) -> PeerLink | None:
        """The live connection to the node that answered when we dialed `address`."""
        key = self._dialed.get(address)
        return None if key is None else self._links.get(key)

    def add(self, link: PeerLink) -> bool:
        """Make `link` the connection to its peer, unless the one we have is to stay; False
        (and `link` dropped) then.

        Of two connections between the same two nodes, both keep the one that the node with
        the lower public key dialed, so that dialing each other at once leaves exactly one; of
        two dialed the same way (the peer restarted), the newer.
        """
        key = link.identity.public_key
        if link.dialed:
            self._dialed[link.address] = key
        current = self._links.get(key)
        if current is not None and current.drop_reason is None:
            we_are_lower = self._own_key < key
            if current.dialed != link.dialed and current.dialed == we_are_lower:
                link.drop("a connection to this peer exists already", misbehaved=False)
                return False
            current.drop("replaced by a newer connection", misbehaved=False)
        self._links[key] = link
        log.info("peer %s (%s, %s) connected", link.identity.name, link.identity.role, link.address)
        return True

    def remove(self, link: PeerLink) -> None:
        """Forget `link` if it is still the connection to its peer."""
        if self._links.get(link.identity.public_key) is link:
            del self._links[link.identity.public_key]

    def connected_power(self) -> int:
        """Voting power of this node plus that of the validators connected to it."""
        return self._own_power + sum(link.identity.power for link in self.links())

    def rows(self) -> list[dict[str, Any]]:
        """For GET /v1/status: every accepted node but this one, whether it is connected,
        where, and the height and ledger size its last status reported."""
        addresses = {key: address for address, key in self._dialed.items()}
        rows: list[dict[str, Any]] = []
        for identity in sorted(self.accepted.values(), key=lambda i: i.name):
            if identity.public_key == self._own_key:
                continue
            link = self._links.get(identity.public_key)
            live = link if link is not None and link.drop_reason is None else None
            reported = live is not None and live.height >= 0
            rows.append(
                {
                    "name": identity.name,
                    "public_key": identity.public_key.hex(),
                    "role": identity.role,
                    "connected": live is not None,
                    "address": link.address if link else addresses.get(identity.public_key),
                    "height": live.height if live and reported else None,
                    "ledger_size": live.ledger_size if live and reported else None,
                }
            )
        return rows
