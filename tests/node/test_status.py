"""GET /v1/status names the organisation behind each validator, and its contact, when the
genesis has publication fields; a genesis without them gives the rows as before."""

from pathlib import Path

from cunzheng.ledger.validators import Publication
from cunzheng.node.config import NodeConfig
from cunzheng.node.node import Node
from tests.support.chain_factory import make_genesis, notary_keys

PUBLICATION = Publication.of(
    "https://consortium.example/genesis.json",
    {"notary-a": "示例公证处", "notary-b": "Example Notary Office"},
    {"notary-a": "office@notary-a.example"},
)


def node_with(tmp_path: Path, publication: Publication | None) -> Node:
    """A node of three validators (notary-a, -b, -c) that is not started."""
    keys = notary_keys(3)
    genesis = make_genesis(keys, publication=publication)
    return Node(config=NodeConfig(), key=keys[0], genesis=genesis, data_dir=tmp_path / "data")


def test_each_validator_row_names_its_organisation(tmp_path: Path) -> None:
    node = node_with(tmp_path, PUBLICATION)
    try:
        rows = {row["name"]: row for row in node.status()["validators"]}
    finally:
        node.store.close()
    assert rows["notary-a"]["organisation"] == "示例公证处"
    assert rows["notary-b"]["organisation"] == "Example Notary Office"
    assert rows["notary-c"]["organisation"] is None  # a member the genesis does not name
    assert rows["notary-a"]["contact"] == "office@notary-a.example"
    assert rows["notary-b"]["contact"] is None and rows["notary-c"]["contact"] is None


def test_without_publication_fields_the_rows_are_as_before(tmp_path: Path) -> None:
    node = node_with(tmp_path, None)
    try:
        rows = node.status()["validators"]
    finally:
        node.store.close()
    assert [set(row) for row in rows] == [{"name", "public_key", "power", "vkey"}] * 3
