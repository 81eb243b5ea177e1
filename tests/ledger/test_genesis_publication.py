"""Genesis publication fields (docs/formats: genesis version 2): where the consortium
publishes its genesis and the organisation behind each member. A genesis without them is
version 1 byte for byte, so existing genesis hashes stay (tests/ledger/test_model.py)."""

import json
from typing import Any

import pytest

from cunzheng.ledger import encoding
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.validators import Genesis, Publication
from tests.support.chain_factory import make_genesis, notary_keys

URL = "https://consortium.example/genesis"
MEMBERS = {"notary-b": "上海市某公证处", "notary-a": "北京市某公证处"}


def published() -> Genesis:
    return make_genesis(notary_keys(2), publication=Publication.of(URL, MEMBERS))


def test_publication_fields_make_version_2_and_its_last_field() -> None:
    genesis = published()
    plain = make_genesis(notary_keys(2))
    assert (genesis.version, plain.version) == (2, 1)
    data = genesis.encode()
    # fixarray(7), version 2; the same six fields as version 1 follow it.
    assert data[:2] == b"\x97\x02"
    assert data[2 : len(plain.encode())] == plain.encode()[2:]
    # Last: fixarray(2) [url, [[name, organisation], …]], members sorted by name.
    last = b"\x92\xd9" + bytes([len(URL)]) + URL.encode() + b"\x92"
    for name in ("notary-a", "notary-b"):
        organisation = MEMBERS[name].encode()
        last += b"\x92\xa8" + name.encode() + bytes([0xA0 | len(organisation)]) + organisation
    assert data.endswith(last)
    assert Genesis.decode(data) == genesis
    assert genesis.hash() != plain.hash()


def test_genesis_json_round_trips_with_its_version() -> None:
    genesis = published()
    document = json.loads(genesis.to_file_text())
    assert document["version"] == 2
    assert document["publication"] == {"url": URL, "members": dict(sorted(MEMBERS.items()))}
    assert Genesis.from_file_text(genesis.to_file_text()) == genesis
    assert genesis.publication is not None
    assert genesis.publication.organisation_of("notary-a") == "北京市某公证处"
    assert genesis.publication.organisation_of("notary-z") is None
    without_url = Publication.of(None, MEMBERS)
    assert (
        Genesis.decode(make_genesis(notary_keys(2), publication=without_url).encode()).publication
        == without_url
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda doc: doc.update(version=1), "not supported with publication fields"),
        (lambda doc: doc.pop("publication"), "not supported without publication fields"),
        (lambda doc: doc["publication"].update(url="http://plain.example"), "https://"),
        (lambda doc: doc["publication"].update(url="https://a b"), "without spaces"),
        (lambda doc: doc["publication"]["members"].update({"a b": "x"}), "not a validator name"),
        (lambda doc: doc["publication"]["members"].update({"notary-c": " "}), "is empty"),
        (lambda doc: doc["publication"].update(members=[]), "must map validator names"),
        (lambda doc: doc["publication"].update(extra=1), "unknown fields: extra"),
    ],
)
def test_malformed_publication_fields_are_refused(edit: Any, message: str) -> None:
    document = json.loads(published().to_file_text())
    edit(document)
    with pytest.raises(DecodeError, match=message):
        Genesis.from_json(document)


def test_decode_refuses_a_version_2_genesis_without_its_field() -> None:
    data = bytearray(make_genesis(notary_keys(2)).encode())
    data[1] = 2  # version 2, but six fields
    with pytest.raises(DecodeError, match="must have 7 fields"):
        Genesis.decode(bytes(data))
    with pytest.raises(DecodeError, match="sorted by name"):
        Publication(URL, (("notary-b", "x"), ("notary-a", "y")))


CONTACTS = {"notary-a": "office@notary-a.example, +86 10 0000 0000"}


def with_contacts() -> Genesis:
    return make_genesis(notary_keys(2), publication=Publication.of(URL, MEMBERS, CONTACTS))


def test_contacts_follow_the_members_and_only_when_given() -> None:
    genesis, plain = with_contacts(), published()
    assert plain.publication is not None
    data, plain_data = genesis.encode(), plain.encode()
    # The publication field grows from fixarray(2) to fixarray(3): [url, members, contacts].
    publication_start = len(plain_data) - len(encoding.pack(plain.publication.fields()))
    assert data[:publication_start] == plain_data[:publication_start]
    assert data[publication_start] == 0x93
    assert data[publication_start + 1 :].startswith(plain_data[publication_start + 1 :])
    contact = CONTACTS["notary-a"].encode()
    assert data.endswith(b"\x91\x92\xa8notary-a" + bytes([0xD9, len(contact)]) + contact)
    assert Genesis.decode(data) == genesis and genesis.hash() != plain.hash()
    assert Publication.of(URL, MEMBERS, {}).fields() == plain.publication.fields()
    document = json.loads(genesis.to_file_text())
    assert document["publication"]["contacts"] == CONTACTS
    assert "contacts" not in json.loads(plain.to_file_text())["publication"]
    assert Genesis.from_file_text(genesis.to_file_text()) == genesis
    assert genesis.publication is not None
    assert genesis.publication.contact_of("notary-a") == CONTACTS["notary-a"]
    assert genesis.publication.contact_of("notary-b") is None


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda doc: doc["publication"].update(contacts={}), "at least one"),
        (lambda doc: doc["publication"].update(contacts=["x"]), "must map member names"),
        (lambda doc: doc["publication"]["contacts"].update({"notary-c": "x"}), "not a publica"),
        (lambda doc: doc["publication"]["contacts"].update({"notary-b": "\u3000"}), "is empty"),
        (lambda doc: doc["publication"]["contacts"].update({"notary-b": "x" * 201}), "limit"),
    ],
)
def test_malformed_contacts_are_refused(edit: Any, message: str) -> None:
    document = json.loads(with_contacts().to_file_text())
    edit(document)
    with pytest.raises(DecodeError, match=message):
        Genesis.from_json(document)


def test_decode_refuses_an_empty_or_unsorted_contacts_field() -> None:
    genesis = with_contacts()
    assert genesis.publication is not None
    fields = encoding.unpack(genesis.encode(), max_size=1 << 16)
    fields[6][2] = []  # a second encoding of the genesis without contacts
    with pytest.raises(DecodeError, match="must not be empty"):
        Genesis.decode(encoding.pack(fields))
    with pytest.raises(DecodeError, match="sorted by name"):
        Publication(URL, genesis.publication.members, (("notary-b", "x"), ("notary-a", "y")))
    fields[6][2] = [[["notary-a"], "x"]]  # a name that is no string (nor hashable)
    with pytest.raises(DecodeError, match="member name must be a string"):
        Genesis.decode(encoding.pack(fields))
