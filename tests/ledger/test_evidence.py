"""ledger.evidence.judge and ledger.reasons: one verdict on a bundle and the evidence given,
the first failing check's reason, the check order both verifiers share, and the notices.

tests/cli/test_verdict_corpus.py runs the whole corpus through the command line; these
tests pin what the corpus cannot show: which check wins when two fail, and the notices.
"""

import json
from collections.abc import Iterator
from dataclasses import replace
from hashlib import sha256
from pathlib import Path
from typing import Any

import pytest

from cunzheng.ledger.certificate_number import certificate_number
from cunzheng.ledger.disclosure import disclose
from cunzheng.ledger.entry import Entry
from cunzheng.ledger.errors import DecodeError, LedgerError, ProofError
from cunzheng.ledger.evidence import Anchors, EvidenceGiven, judge
from cunzheng.ledger.manifest import Manifest
from cunzheng.ledger.package import seal_directory
from cunzheng.ledger.reasons import checking, reason_of, verdict_of
from tests.support.bundle_mutations import as_version_1, with_carried_genesis
from tests.support.chain_factory import Chain, build_chain, make_genesis, notary_keys
from tests.support.corpus import evidence_folder, forged_commit, seeded_salts
from tests.support.evidence_fixture import sample_collection

EXPORT = b"chat export, 2026-11-20\n"


@pytest.fixture
def sealed(tmp_path: Path) -> tuple[Path, Manifest]:
    folder = tmp_path / "证据"
    for path, data in evidence_folder().items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    manifest = seal_directory(
        folder, alg="sha256", salt_source=seeded_salts(7), collection=sample_collection(), roles={}
    ).manifest
    return folder, manifest


@pytest.fixture
def chain(tmp_path: Path, sealed: tuple[Path, Manifest]) -> Iterator[Chain]:
    entries = [Entry(sha256(EXPORT).digest()), sealed[1].entry]
    built = build_chain(tmp_path / "store", [entries], validators=4)
    yield built
    built.close()


def encoded(bundle: dict[str, Any]) -> bytes:
    return json.dumps(bundle).encode()


def test_checking_tags_once_and_keeps_an_inner_or_class_reason() -> None:
    with (
        pytest.raises(DecodeError) as caught,
        checking("commit_invalid"),
        checking("malformed_bundle"),
    ):
        raise DecodeError("inner")
    assert reason_of(caught.value) == "malformed_bundle"
    with pytest.raises(LedgerError) as tagged, checking("malformed_bundle"):
        raise DisclosureLike("the class says")
    assert reason_of(tagged.value) == "disclosure_invalid"
    with pytest.raises(ValueError, match="carries no reason code"):
        reason_of(ProofError("untagged"))


class DisclosureLike(ProofError):
    reason_code = "disclosure_invalid"


def test_a_valid_file_and_its_certificate_number(tmp_path: Path, chain: Chain) -> None:
    (tmp_path / "export.html").write_bytes(EXPORT)
    entry = Entry(sha256(EXPORT).digest())
    given = EvidenceGiven(file=tmp_path / "export.html")
    finding = judge(encoded(chain.bundle(entry)), given, Anchors(chain.genesis))
    assert (finding.verdict, finding.reason, finding.notices) == ("valid", "ok", ())
    assert finding.matched_file == "export.html" and finding.error is None
    assert finding.proven is not None
    assert certificate_number(finding.proven.entry_id) == certificate_number(entry.leaf_hash())
    unconfirmed = judge(encoded(chain.bundle(entry)), given, Anchors())
    assert (unconfirmed.verdict, unconfirmed.reason) == ("unconfirmed", "no_trust_anchor")


def test_the_bundle_s_shape_is_judged_before_its_signatures(chain: Chain) -> None:
    entry = Entry(sha256(EXPORT).digest())
    forged = forged_commit(chain.bundle(entry))
    assert judge(encoded(forged), EvidenceGiven(), Anchors(chain.genesis)).reason == (
        "commit_invalid"
    )
    forged["extra"] = 1
    assert judge(encoded(forged), EvidenceGiven(), Anchors(chain.genesis)).reason == (
        "malformed_bundle"
    )


def test_the_chain_is_judged_before_the_commit(chain: Chain) -> None:
    forged = forged_commit(chain.bundle(Entry(sha256(EXPORT).digest())))
    other = make_genesis(notary_keys(4), chain_id="cunzheng-other")
    assert judge(encoded(forged), EvidenceGiven(), Anchors(other)).reason == "wrong_chain"
    bundle = chain.bundle(Entry(sha256(EXPORT).digest()))
    # Without a trust anchor too, the bundle's chain id (its genesis's) must be its header's.
    renamed = with_carried_genesis(bundle, other)
    assert judge(encoded(renamed), EvidenceGiven(), Anchors()).reason == "wrong_chain"
    legacy = as_version_1(bundle)
    legacy["chain"]["chain_id"] = "cunzheng-other"
    assert judge(encoded(legacy), EvidenceGiven(), Anchors()).reason == "wrong_chain"


def test_a_bad_bundle_is_judged_before_the_evidence(
    tmp_path: Path, chain: Chain, sealed: tuple[Path, Manifest]
) -> None:
    folder, manifest = sealed
    (folder / "补充.txt").write_bytes(b"added")
    bundle = forged_commit(chain.bundle(manifest.entry))
    given = EvidenceGiven(folder=folder, manifest=json.dumps(manifest.to_json()).encode())
    finding = judge(encoded(bundle), given, Anchors(chain.genesis))
    assert (finding.reason, finding.files) == ("commit_invalid", None)


def test_the_manifest_is_judged_before_the_folder(
    chain: Chain, sealed: tuple[Path, Manifest]
) -> None:
    folder, manifest = sealed
    (folder / "补充.txt").write_bytes(b"added")
    edited = manifest.to_json()
    edited["collection"]["steps"].append("后来补写的一步")
    given = EvidenceGiven(folder=folder, manifest=json.dumps(edited).encode())
    finding = judge(encoded(chain.bundle(manifest.entry)), given, Anchors(chain.genesis))
    assert (finding.verdict, finding.reason, finding.files) == ("invalid", "manifest_edited", None)
    assert finding.manifest is not None  # well formed, so its version gives notices


def test_a_version_1_manifest_gives_its_notice_on_any_verdict(
    chain: Chain, sealed: tuple[Path, Manifest]
) -> None:
    folder, manifest = sealed
    old = Manifest.of(list(manifest.files), replace(manifest.collection, salt=None))
    given = EvidenceGiven(folder=folder, manifest=json.dumps(old.to_json()).encode())
    forged = forged_commit(chain.bundle(manifest.entry))
    finding = judge(encoded(forged), given, Anchors(chain.genesis))
    assert (finding.reason, finding.notices) == ("commit_invalid", ("collection_not_sealed",))


def test_an_unchecked_time_stamp_token_is_a_notice(chain: Chain) -> None:
    bundle = chain.bundle(Entry(sha256(EXPORT).digest()))
    bundle["timestamp_token"] = "3000"
    finding = judge(encoded(bundle), EvidenceGiven(), Anchors(chain.genesis))
    assert (finding.verdict, finding.notices) == ("valid", ("timestamp_unchecked",))
    bundle["timestamp_token"] = "not hex"
    malformed = judge(encoded(bundle), EvidenceGiven(), Anchors(chain.genesis))
    assert malformed.reason == "malformed_bundle"


def test_a_package_file_alone_is_incomplete_and_a_disclosure_completes_it(
    chain: Chain, sealed: tuple[Path, Manifest]
) -> None:
    folder, manifest = sealed
    screenshot = folder / "截图" / "我的个人信息页.png"
    bundle = encoded(chain.bundle(manifest.entry))
    alone = judge(bundle, EvidenceGiven(file=screenshot), Anchors(chain.genesis))
    assert (alone.verdict, alone.reason) == ("incomplete", "package_needs_manifest")
    assert alone.error is not None and verdict_of(alone.error) == "incomplete"
    disclosure = json.dumps(disclose(manifest, "截图/我的个人信息页.png")).encode()
    given = EvidenceGiven(file=screenshot, disclosure=disclosure)
    disclosed = judge(bundle, given, Anchors(chain.genesis))
    assert (disclosed.verdict, disclosed.reason) == ("valid", "ok")
    assert disclosed.disclosed is not None and disclosed.disclosed.tree_size == 8


def test_evidence_that_cannot_be_read_gives_no_verdict(
    tmp_path: Path, chain: Chain, sealed: tuple[Path, Manifest]
) -> None:
    _folder, manifest = sealed
    given = EvidenceGiven(
        folder=tmp_path / "gone", manifest=json.dumps(manifest.to_json()).encode()
    )
    with pytest.raises(LedgerError, match="cannot open it"):
        judge(encoded(chain.bundle(manifest.entry)), given, Anchors(chain.genesis))


def test_evidence_given_must_fit_together(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="folder is checked against its manifest"):
        EvidenceGiven(folder=tmp_path)
    with pytest.raises(ValueError, match="disclosure is checked with the disclosed file"):
        EvidenceGiven(disclosure=b"{}")


@pytest.mark.parametrize(
    ("entry_id", "number"),
    [
        # python -c "print(int.from_bytes(bytes(range(8)), 'big') % 10**16)": 283686952306183
        (bytes(range(32)), "0283 6869 5230 6183"),
        # (2**64 - 1) % 10**16 == 6744073709551615
        (b"\xff" * 32, "6744 0737 0955 1615"),
        (bytes(32), "0000 0000 0000 0000"),
    ],
)
def test_certificate_number_known_answers(entry_id: bytes, number: str) -> None:
    assert certificate_number(entry_id) == number


def test_certificate_number_needs_an_entry_id() -> None:
    with pytest.raises(DecodeError, match="32 bytes"):
        certificate_number(bytes(31))
