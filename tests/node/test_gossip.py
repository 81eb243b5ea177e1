"""Gossip between in-process nodes on loopback: handshake, routing, dropping, sync, alarms.

Every node runs in the test's event loop on a free 127.0.0.1 port (tests/support/raw_peer.py);
misbehaving peers are played by RawPeer, which does the protocol by hand.
"""

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from cunzheng.ledger.block import PRECOMMIT, PREVOTE, Commit, Vote
from cunzheng.ledger.checkpoint import SignedCheckpoint
from cunzheng.ledger.finality import signed_checkpoint
from cunzheng.ledger.governance import ValidatorHistory
from cunzheng.ledger.keys import PEER_AUTH_SIGNATURE_TAG, VOTE_SIGNATURE_TAG, NodeKey
from cunzheng.ledger.store import BlockStore
from cunzheng.ledger.validators import Validator
from cunzheng.node.api.submission import with_ids
from cunzheng.node.config import ConfigError, NodeConfig, P2PSection, load_config, render_config
from cunzheng.node.evidence import EvidenceLog
from cunzheng.node.mempool import PendingEntry
from cunzheng.node.node import Node
from cunzheng.node.p2p import gossip
from cunzheng.node.p2p.peer_table import accepted_peers
from cunzheng.node.p2p.protocol import (
    Auth,
    Blocks,
    CheckpointNote,
    Entries,
    GetBlocks,
    Hello,
    PeerMessage,
    Status,
    VoteMessage,
    encode_message,
)
from cunzheng.node.p2p.relay import ConsensusOutbox
from cunzheng.node.p2p.split_view import SplitViewMonitor
from tests.support.chain_factory import Chain, make_genesis, notary_keys, sample_entry
from tests.support.loopback import LOOPBACK_PARAMS, free_ports
from tests.support.raw_peer import Cluster, RawPeer, eventually, ordered, prefill


@pytest.fixture
async def cluster(tmp_path: Path) -> AsyncIterator[Cluster]:
    """Four validators, none started yet; all stopped at the end."""
    built = Cluster(tmp_path, 4)
    yield built
    await built.stop()


@pytest.fixture
async def lone(cluster: Cluster) -> Node:
    """Node 0 of the four, running alone and dialing nobody: the others are raw peers."""
    node = cluster.build(0, peers=[])
    await cluster.start(0)
    return node


@pytest.fixture
async def raw(cluster: Cluster, lone: Node) -> AsyncIterator[RawPeer]:
    """Validator 1, authenticated to the lone node by hand."""
    peer = RawPeer(cluster.url(0), cluster.keys[1], cluster.genesis)
    await peer.handshake()
    await eventually(lambda: connected(lone) == {cluster.keys[1].name}, what="the raw peer in")
    yield peer
    await peer.close()


def connected(node: Node) -> set[str]:
    return {row["name"] for row in node.status()["peers"] if row["connected"]}


def fingerprint(node: Node) -> tuple[Any, ...]:
    """What a refused message must leave unchanged."""
    consensus, evidence = node.consensus, node.evidence_log
    return (
        node.store.height,
        node.store.ledger_size,
        len(node.mempool),
        (consensus.height, consensus.round, consensus.current_step),
        (evidence.equivocations, evidence.split_views),
    )


def ledger_size_is(node: Node, size: int) -> Callable[[], bool]:
    return lambda: node.store.ledger_size == size


async def submit(node: Node, first: int, count: int) -> list[bytes]:
    triples = with_ids([sample_entry(n) for n in range(first, first + count)])
    await node.intake.submit(triples)
    return [entry_id for entry_id, _, _ in triples]


# A consortium at work ----------------------------------------------------------------------


async def test_entries_submitted_to_any_node_are_committed_on_all(cluster: Cluster) -> None:
    await cluster.start()
    nodes = list(cluster.nodes.values())
    await eventually(lambda: all(len(connected(n)) == 3 for n in nodes), what="a full mesh")
    ids = await submit(nodes[2], 0, 200) + await submit(nodes[3], 200, 50)
    await eventually(lambda: all(n.store.ledger_size == 250 for n in nodes), what="commits")
    assert len({n.store.tip for n in nodes}) == 1
    assert len({SignedCheckpoint.parse(n.checkpoint_text() or "").checkpoint for n in nodes}) == 1
    assert all(nodes[0].store.leaf_index_of(entry_id) is not None for entry_id in ids)
    assert all(n.readiness() == (True, "ok") and len(n.mempool) == 0 for n in nodes)


async def test_both_sides_keep_the_same_single_connection(cluster: Cluster) -> None:
    await cluster.start()

    def settled() -> bool:
        for node in cluster.nodes.values():
            links = list(node.network.table.links())
            # The node with the lower public key dialed the connection that both sides keep.
            lower_dialed = [
                link.dialed == (node.key.public_key < link.identity.public_key) for link in links
            ]
            if len(links) != 3 or not all(lower_dialed):
                return False
        return True

    await eventually(settled, what="one connection per pair, dialed by the lower key")


async def test_a_late_node_catches_up_by_sync_then_takes_part(cluster: Cluster) -> None:
    await cluster.start(0, 1, 2)
    nodes = cluster.nodes
    for batch in range(5):
        await submit(nodes[batch % 3], 10 * batch, 10)
        await eventually(ledger_size_is(nodes[0], 10 * (batch + 1)), what="a commit")
    await cluster.start(3)
    await eventually(lambda: nodes[3].store.height >= nodes[0].store.height, what="sync")
    height = nodes[0].store.height
    assert nodes[3].store.header(height) == nodes[0].store.header(height)
    await cluster.stop(0)  # from now on, no block commits without the late node's votes
    await submit(nodes[3], 100, 10)
    await eventually(lambda: all(nodes[i].store.ledger_size == 60 for i in (1, 2, 3)))


async def test_an_observer_follows_the_chain_and_forwards_entries(tmp_path: Path) -> None:
    keys = notary_keys(1)
    observer_key = NodeKey.from_seed("auditor", bytes([9] * 32))
    genesis = make_genesis(keys, params=LOOPBACK_PARAMS)
    ports = free_ports(2)
    vkey = Validator(observer_key.name, observer_key.public_key, 1).vkey()
    validator_p2p = P2PSection(listen=f"127.0.0.1:{ports[0]}", observers=[vkey])
    observer_p2p = P2PSection(listen=f"127.0.0.1:{ports[1]}", peers=[f"127.0.0.1:{ports[0]}"])
    validator = Node(
        config=NodeConfig(p2p=validator_p2p), key=keys[0], genesis=genesis, data_dir=tmp_path / "v"
    )
    observer = Node(
        config=NodeConfig(p2p=observer_p2p),
        key=observer_key,
        genesis=genesis,
        data_dir=tmp_path / "o",
    )
    for node in (validator, observer):
        await node.start_consensus()
        await node.network.start()
    try:
        await eventually(lambda: connected(observer) == {"notary-a"}, what="the observer in")
        await submit(observer, 0, 20)  # only the validator can commit them
        await eventually(lambda: observer.store.ledger_size == 20, what="the observer following")
        assert observer.store.tip == validator.store.tip
        assert observer.status()["node"]["role"] == "observer"
        assert observer.readiness() == (True, "ok")
    finally:
        await observer.stop()
        await validator.stop()


# The handshake -----------------------------------------------------------------------------

STRANGER = NodeKey.from_seed("stranger", bytes(32))
HANDSHAKE_FAULTS = ["unknown key", "another chain", "another genesis", "its own key"]
HANDSHAKE_FAULTS += ["bad signature", "relayed signature"]


@pytest.mark.parametrize("fault", HANDSHAKE_FAULTS)
async def test_the_handshake_refuses(cluster: Cluster, lone: Node, fault: str) -> None:
    key = {"unknown key": STRANGER, "its own key": cluster.keys[0]}.get(fault, cluster.keys[1])
    peer = RawPeer(cluster.url(0), key, cluster.genesis)
    try:
        theirs = await peer.connect()
        chain_id = "cunzheng-other" if fault == "another chain" else cluster.genesis.chain_id
        genesis_hash = bytes(32) if fault == "another genesis" else cluster.genesis.hash()
        await peer.send(Hello(chain_id, genesis_hash, key.public_key, peer.nonce))
        if fault == "relayed signature":  # what it signed in a handshake with another node
            peer.theirs = replace(theirs, public_key=cluster.keys[2].public_key)
        signature = key.sign(PEER_AUTH_SIGNATURE_TAG, peer.payload())
        await peer.send(Auth(bytes(64) if fault == "bad signature" else signature))
        await peer.received()  # ends when the node closes the connection
        assert connected(lone) == set()
    finally:
        await peer.close()


async def test_a_valid_handshake_is_accepted_and_greeted(raw: RawPeer, lone: Node) -> None:
    status = await raw.next_of(Status)
    assert status == Status(0, 0)
    assert lone.readiness()[0] is False  # 2 of 4 validators: no quorum


def authors_prevote(cluster: Cluster) -> tuple[NodeKey, NodeKey, NodeKey, Vote]:
    """Three validators other than node 0 (a sender, a listener, an author) and the author's
    prevote for nil at height 1, round 0."""
    keys = ordered(cluster.keys, cluster.genesis)
    sender, listener, author = (k for k in keys if k != cluster.keys[0])
    vote = Vote(PREVOTE, cluster.genesis.chain_id, 1, 0, None, keys.index(author))
    return (
        sender,
        listener,
        author,
        vote.signed(author.sign(VOTE_SIGNATURE_TAG, vote.signed_payload()), None),
    )


async def at_height_zero(cluster: Cluster, node: Node, *keys: NodeKey) -> list[RawPeer]:
    """Raw peers of `keys`, authenticated to node 0 and saying they decide height 1."""
    peers = [RawPeer(cluster.url(0), key, cluster.genesis) for key in keys]
    for peer in peers:
        await peer.handshake()
        await peer.send(Status(0, 0))
    names = {key.name for key in keys}
    await eventually(lambda: connected(node) >= names, what="the raw peers in")
    return peers


async def votes_relayed(peer: RawPeer, validator_index: int, count: int) -> list[Vote]:
    """The next `count` votes of `validator_index` that `peer` receives (within 10 s)."""
    seen: list[Vote] = []
    async with asyncio.timeout(10):
        while len(seen) < count:
            message = await peer.next_of(VoteMessage)
            if message.vote.validator_index == validator_index:
                seen.append(message.vote)
    return seen


async def test_a_stalled_height_relays_the_peers_votes_it_counted(
    cluster: Cluster, lone: Node, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A vote one validator sent to us only reaches the others through us while the height
    stalls (node/p2p/height_frames.py); a precommit we only hold, its block unknown and its
    checkpoint signature unchecked, is not passed on."""
    monkeypatch.setattr(gossip, "TICK_S", 0.05)
    sender, listener, author, prevote = authors_prevote(cluster)
    held = Vote(PRECOMMIT, prevote.chain_id, 1, 0, bytes(range(32)), prevote.validator_index)
    held = held.signed(author.sign(VOTE_SIGNATURE_TAG, held.signed_payload()), bytes(64))
    peers = await at_height_zero(cluster, lone, sender, listener)
    try:
        await peers[0].send(VoteMessage(held))
        await peers[0].send(VoteMessage(prevote))
        # A few ticks after the first relay.
        relayed = await votes_relayed(peers[1], prevote.validator_index, 6 * gossip.STALL_TICKS)
        assert set(relayed) == {prevote}
        assert lone.store.height == 0  # stalled all along: nobody else voted
    finally:
        for peer in peers:
            await peer.close()


async def test_a_restarted_node_counts_and_relays_the_votes_it_kept(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one validator that saw a vote may crash; what it kept is in its height_frames file,
    and after the restart it counts the vote again (only a vote consensus took is relayed)
    and relays it."""
    monkeypatch.setattr(gossip, "TICK_S", 0.05)
    sender, listener, _, prevote = authors_prevote(cluster)
    node = cluster.build(0, peers=[])
    await cluster.start(0)
    (peer,) = await at_height_zero(cluster, node, sender)
    await peer.send(VoteMessage(prevote))
    saved = cluster.data_dir(0) / "height_frames"
    frame = encode_message(VoteMessage(prevote))
    await eventually(lambda: saved.exists() and frame in saved.read_bytes(), what="the vote saved")
    await peer.close()
    await cluster.stop(0)

    node = cluster.build(0, peers=[])
    await cluster.start(0)
    (peer,) = await at_height_zero(cluster, node, listener)
    try:
        assert await votes_relayed(peer, prevote.validator_index, 1) == [prevote]
    finally:
        await peer.close()


def test_the_outbox_hands_each_frame_over_once_and_keeps_it_to_send_again() -> None:
    """What consensus sends waits in the outbox until the network takes it, once; the frame
    stays among the frames of the height, to send again, and of several requests for blocks
    the highest is asked."""
    keys = notary_keys(1)
    vote = Vote(PREVOTE, "cunzheng-test", 1, 0, None, 0)
    vote = vote.signed(keys[0].sign(VOTE_SIGNATURE_TAG, vote.signed_payload()), None)
    outbox = ConsensusOutbox(None)
    assert not outbox.ready.is_set()
    outbox.broadcast_vote(vote)
    outbox.request_sync(5)
    outbox.request_sync(3)
    assert outbox.ready.is_set()
    frame = encode_message(VoteMessage(vote))
    assert outbox.take() == ([frame], 5)
    assert not outbox.ready.is_set() and outbox.take() == ([], None)
    assert outbox.frames.own(1, latest_round_only=False) == [frame]


# Misbehaving peers -------------------------------------------------------------------------


def bad_message(cluster: Cluster, name: str) -> PeerMessage | bytes | str:
    keys = ordered(cluster.keys, cluster.genesis)
    vote = Vote(PREVOTE, cluster.genesis.chain_id, 1, 0, None, 2)
    other_chain = replace(vote, chain_id="cunzheng-other")
    good = sample_entry(1)
    signed_badly = sample_entry(2).with_signature(keys[1].public_key, bytes(64))
    messages: dict[str, PeerMessage | bytes | str] = {
        "garbage": b"\x00\x01 not msgpack",
        "a text frame": "hello",
        "a forged vote": VoteMessage(
            vote.signed(keys[1].sign(VOTE_SIGNATURE_TAG, vote.signed_payload()), None)
        ),
        "a vote of another chain": VoteMessage(
            other_chain.signed(keys[2].sign(VOTE_SIGNATURE_TAG, other_chain.signed_payload()), None)
        ),
        "an entry with a bad signature": Entries((good.encode(), signed_badly.encode())),
        "a non-canonical entry": Entries((good.encode(), b"\xdc\x00\x08" + good.encode()[1:])),
        "a second hello": Hello(cluster.genesis.chain_id, bytes(32), bytes(32), bytes(32)),
    }
    return messages[name]


MISBEHAVIOUR = ["garbage", "a text frame", "a forged vote", "a vote of another chain"]
MISBEHAVIOUR += ["an entry with a bad signature", "a non-canonical entry", "a second hello"]


@pytest.mark.parametrize("name", MISBEHAVIOUR)
async def test_a_misbehaving_peer_is_dropped_and_nothing_changes(
    cluster: Cluster, lone: Node, raw: RawPeer, name: str
) -> None:
    before = fingerprint(lone)
    await raw.send(bad_message(cluster, name))
    await raw.received()
    await eventually(lambda: connected(lone) == set(), what="the peer dropped")
    await asyncio.sleep(0.05)  # nothing was left running that could still change the node
    assert fingerprint(lone) == before


async def test_a_peer_sending_an_oversized_message_is_dropped(
    cluster: Cluster, caplog: pytest.LogCaptureFixture
) -> None:
    node = cluster.build(0, peers=[], max_message_bytes=64 * 1024)
    await cluster.start(0)
    peer = RawPeer(cluster.url(0), cluster.keys[1], cluster.genesis)
    try:
        await peer.handshake()
        await eventually(lambda: connected(node) == {cluster.keys[1].name})
        with caplog.at_level(logging.WARNING, logger="cunzheng.node.p2p.link"):
            await peer.send(Entries(tuple(sample_entry(n).encode() for n in range(2000))))
            await peer.received()
        assert "over [p2p] max_message_bytes" in caplog.text and connected(node) == set()
    finally:
        await peer.close()


async def test_a_slow_peer_is_dropped_when_its_queue_fills(
    cluster: Cluster, caplog: pytest.LogCaptureFixture
) -> None:
    node = cluster.build(0, peers=[], queue_length=4)
    await cluster.start(0)
    peer = RawPeer(cluster.url(0), cluster.keys[1], cluster.genesis)
    batch = [
        PendingEntry(e.leaf_hash(), e, e.encode(), n)
        for n, e in enumerate(sample_entry(n) for n in range(10_000))
    ]
    try:
        await peer.handshake()  # and then it never reads
        await eventually(lambda: connected(node) == {cluster.keys[1].name})
        with caplog.at_level(logging.WARNING, logger="cunzheng.node.p2p.link"):
            for _ in range(200):  # up to ~100 MB, far beyond what socket buffers hold
                if not connected(node):
                    break
                node.network.broadcast_entries(batch)
                await asyncio.sleep(0.01)
            await eventually(lambda: connected(node) == set(), what="the slow peer dropped")
        assert "too slow: 4 messages queued" in caplog.text
    finally:
        await peer.close()


# Sync from a peer --------------------------------------------------------------------------


@pytest.fixture
def source(cluster: Cluster, tmp_path: Path) -> Iterator[BlockStore]:
    """Another copy of the chain: three committed blocks of the cluster's genesis."""
    path = tmp_path / "source"
    prefill(
        path,
        cluster.genesis,
        cluster.keys,
        [[sample_entry(0), sample_entry(1)], [], [sample_entry(2)]],
    )
    store = BlockStore.open(path)
    yield store
    store.close()


async def test_blocks_from_a_peer_are_verified_and_applied(
    lone: Node, raw: RawPeer, source: BlockStore
) -> None:
    await raw.send(Status(3, 3))
    request = await raw.next_of(GetBlocks)
    assert request == GetBlocks(1, 3)
    await raw.send(Blocks(tuple((source.block(h), source.commit(h)) for h in (1, 2, 3))))
    await eventually(lambda: lone.store.height == 3, what="the blocks applied")
    assert lone.store.tip == source.tip and lone.consensus.height == 4
    assert lone.checkpoint_text() is not None


async def test_a_block_without_a_quorum_drops_the_peer(
    lone: Node, raw: RawPeer, source: BlockStore
) -> None:
    before = fingerprint(lone)
    await raw.send(Status(3, 3))
    await raw.next_of(GetBlocks)
    commit = source.commit(1)
    weak = Commit(commit.height, commit.round, commit.block_hash, commit.signatures[:2])
    await raw.send(Blocks(((source.block(1), weak),)))
    await raw.received()
    assert connected(lone) == set() and fingerprint(lone) == before


# The split-view alarm ----------------------------------------------------------------------


def other_history(cluster: Cluster, path: Path) -> list[SignedCheckpoint]:
    """Checkpoints, signed by every validator, of a chain with other entries than `source`."""
    prefill(
        path, cluster.genesis, cluster.keys, [[sample_entry(5), sample_entry(6)], [sample_entry(7)]]
    )
    store = BlockStore.open(path)
    try:
        return [
            signed_checkpoint(store.header(h), store.commit(h), store.next_validators)
            for h in (1, 2)
        ]
    finally:
        store.close()


async def test_a_quorum_signed_other_root_raises_the_alarm(
    cluster: Cluster, tmp_path: Path, source: BlockStore
) -> None:
    notes = other_history(cluster, tmp_path / "other")
    prefill(
        cluster.data_dir(0) / "ledger",
        cluster.genesis,
        cluster.keys,
        [[sample_entry(0), sample_entry(1)]],
    )
    node = cluster.build(0, peers=[])
    await cluster.start(0)
    peer = RawPeer(cluster.url(0), cluster.keys[1], cluster.genesis)
    try:
        await peer.handshake()
        await peer.send(CheckpointNote(notes[1]))  # size 3: beyond our ledger, kept
        await peer.send(CheckpointNote(notes[0]))  # size 2: compared at once
        await peer.send(CheckpointNote(notes[0]))  # the same pair is recorded once
        await eventually(lambda: node.evidence_log.split_views == 1, what="the alarm")
        assert connected(node) == {cluster.keys[1].name}  # raising an alarm is no misbehaviour
        record = node.evidence()[0]
        assert record["kind"] == "split_view" and record["tree_size"] == 2
        assert record["second"] == notes[0].text() and record["first"] == node.checkpoint_text()
        ready, reason = node.readiness()
        assert not ready and "split view" in reason
        assert node.status()["evidence"]["split_views"] == 1
    finally:
        await peer.close()


async def test_an_unproven_other_root_drops_the_peer_without_an_alarm(
    cluster: Cluster, tmp_path: Path
) -> None:
    notes = other_history(cluster, tmp_path / "other")
    prefill(
        cluster.data_dir(0) / "ledger",
        cluster.genesis,
        cluster.keys,
        [[sample_entry(0), sample_entry(1)]],
    )
    node = cluster.build(0, peers=[])
    await cluster.start(0)
    weak = SignedCheckpoint(notes[0].checkpoint, notes[0].signatures[:2])
    for note in (
        weak,
        replace(
            notes[0],
            signatures=(
                replace(notes[0].signatures[0], signature=bytes(64)),
                *notes[0].signatures[1:],
            ),
        ),
    ):
        peer = RawPeer(cluster.url(0), cluster.keys[1], cluster.genesis)
        try:
            await peer.handshake()
            await peer.send(CheckpointNote(note))
            await peer.received()
        finally:
            await peer.close()
    assert node.evidence_log.split_views == 0


def test_a_note_beyond_our_ledger_is_compared_once_we_reach_its_size(
    cluster: Cluster, tmp_path: Path
) -> None:
    notes = other_history(cluster, tmp_path / "other")
    store = BlockStore.open(tmp_path / "ours", cluster.genesis)
    chain = Chain(store, cluster.genesis, ordered(cluster.keys, cluster.genesis))
    evidence = EvidenceLog()
    monitor = SplitViewMonitor(store, evidence)
    try:
        monitor.check(b"peer", notes[1])  # size 3; we hold nothing yet
        monitor.recheck()
        assert evidence.split_views == 0
        chain.commit_block([sample_entry(0), sample_entry(1), sample_entry(2)])
        monitor.recheck()
        assert evidence.split_views == 1 and evidence.records[0]["tree_size"] == 3
    finally:
        chain.close()


# Configuration -----------------------------------------------------------------------------


def test_observers_are_configured_by_vkey(tmp_path: Path) -> None:
    keys = notary_keys(2)
    genesis = make_genesis(keys)
    auditor = NodeKey.from_seed("auditor", bytes([9] * 32))
    vkey = Validator(auditor.name, auditor.public_key, 1).vkey()
    path = tmp_path / "config.toml"
    path.write_text(render_config("127.0.0.1:1", "127.0.0.1:2", [], [vkey]), "utf-8")
    assert load_config(path, env={}).p2p.observers == [vkey]
    history = ValidatorHistory.starting(genesis.chain_id, genesis.validator_set)
    accepted = accepted_peers(history, 1, [vkey])
    assert accepted[auditor.public_key].role == "observer"
    assert {accepted[k.public_key].role for k in keys} == {"validator"}
    with pytest.raises(ConfigError, match="observers"):
        accepted_peers(history, 1, [vkey[:-2] + "xx"])
