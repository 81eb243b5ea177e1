"""Verdict sentences: times rounded up to the second, Beijing dates, and every kind of reason."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from cunzheng.cli.proofs import check_bundle
from cunzheng.cli.verdict import Outcome, error_category, invalid_sentence, verdict_sentence
from cunzheng.ledger.errors import (
    ChainBroken,
    DecodeError,
    RootMismatch,
    SignatureError,
    StoreCorrupted,
)
from tests.support.chain_factory import Chain, build_chain, sample_entry

# 2026-11-23 20:00:00.001 UTC is 2026-11-24 04:00:00.001 in Beijing.
LATE_EVENING_MS = 1_795_464_000_001


@pytest.fixture
def chain(tmp_path: Path) -> Iterator[Chain]:
    built = build_chain(tmp_path / "store", [])
    yield built
    built.close()


def test_time_rounds_up_and_shows_the_beijing_date_when_it_differs(chain: Chain) -> None:
    entry = sample_entry(0)
    chain.commit_block([entry], time_ms=LATE_EVENING_MS)
    outcome = check_bundle(chain.bundle(entry), chain.genesis)
    english = verdict_sentence(outcome, "en")
    assert "no later than 2026-11-23 20:00:01 UTC (Beijing time 2026-11-24 04:00:01)," in english
    chinese = verdict_sentence(outcome, "zh")
    assert "最迟于 2026年11月24日 04:00:01（北京时间；协调世界时 2026-11-23 20:00:01）" in chinese
    assert "由 1 个公证节点中的 1 个签名：notary-a。" in chinese


def test_a_whole_second_is_not_rounded(chain: Chain) -> None:
    entry = sample_entry(1)
    chain.commit_block([entry], time_ms=LATE_EVENING_MS - 1)
    outcome = Outcome(check_bundle(chain.bundle(entry), None).verdict, "chat.zip", ())
    sentence = verdict_sentence(outcome, "en")
    assert sentence.startswith("VALID, BUT THE NOTARIES ARE UNCONFIRMED: the record with SHA-256 ")
    assert '(file "chat.zip") existed unaltered no later than 2026-11-23 20:00:00 UTC ' in sentence
    assert "(Beijing time 2026-11-24 04:00:00)" in sentence


@pytest.mark.parametrize(
    ("error", "kind", "opening"),
    [
        (DecodeError("x"), "DecodeError", "INVALID: the proof bundle is malformed"),
        (
            RootMismatch(tree_size=1, expected=bytes(32), computed=bytes(32)),
            "ProofError",
            "INVALID: the inclusion proof does not lead",
        ),
        (SignatureError("x"), "SignatureError", "INVALID: the notaries' signatures"),
        (ChainBroken("x"), "ChainBroken", "INVALID: the block, its commit or its ledger"),
        (StoreCorrupted("x"), "LedgerError", "INVALID: the proof does not check out: x"),
    ],
)
def test_every_ledger_error_has_a_reason(error: Exception, kind: str, opening: str) -> None:
    assert error_category(error) == kind
    assert invalid_sentence(error, "en").startswith(opening)
    assert invalid_sentence(error, "zh").startswith("无效：")
