"""Verdict sentences: times rounded up to the second, Beijing dates, and every reason code."""

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cunzheng.cli.i18n import text
from cunzheng.cli.proofs import check_bundle
from cunzheng.cli.verdict import Outcome, invalid_sentence, verdict_sentence
from cunzheng.ledger.errors import DecodeError
from cunzheng.ledger.existence_time import existence_margin_ms
from cunzheng.ledger.reasons import REASONS
from cunzheng.ledger.timestamp import TimestampVerdict
from tests.support.chain_factory import Chain, build_chain, sample_entry

# 2026-11-23 20:00:00.001 UTC is 2026-11-24 04:00:00.001 in Beijing.
LATE_EVENING_MS = 1_795_464_000_001


@pytest.fixture
def chain(tmp_path: Path) -> Iterator[Chain]:
    built = build_chain(tmp_path / "store", [])
    yield built
    built.close()


def _block_time_stating(stated_ms: int, chain: Chain) -> int:
    # The block time of a round-0 block whose verdict states `stated_ms` (docs/time.md).
    return stated_ms - existence_margin_ms(chain.genesis.params, 0)


def test_time_rounds_up_and_shows_the_beijing_date_when_it_differs(chain: Chain) -> None:
    entry = sample_entry(0)
    chain.commit_block([entry], time_ms=_block_time_stating(LATE_EVENING_MS, chain))
    outcome = check_bundle(chain.bundle(entry), chain.genesis)
    english = verdict_sentence(outcome, "en")
    assert "no later than 2026-11-23 20:00:01 UTC (Beijing time 2026-11-24 04:00:01)," in english
    chinese = verdict_sentence(outcome, "zh")
    assert "最迟于 2026年11月24日 04:00:01（北京时间；协调世界时 2026-11-23 20:00:01）" in chinese
    assert "由 1 个公证节点中的 1 个签名：notary-a。" in chinese


def test_a_whole_second_is_not_rounded(chain: Chain) -> None:
    entry = sample_entry(1)
    chain.commit_block([entry], time_ms=_block_time_stating(LATE_EVENING_MS - 1, chain))
    outcome = Outcome(check_bundle(chain.bundle(entry), None).verdict, "chat.zip", ())
    sentence = verdict_sentence(outcome, "en")
    assert sentence.startswith("VALID, BUT THE NOTARIES ARE UNCONFIRMED: the record with SHA-256 ")
    assert '(file "chat.zip") existed unaltered no later than 2026-11-23 20:00:00 UTC ' in sentence
    assert "(Beijing time 2026-11-24 04:00:00)" in sentence


def test_the_time_stamping_authority_s_time_rounds_up_too(chain: Chain) -> None:
    entry = sample_entry(2)
    chain.commit_block([entry], time_ms=LATE_EVENING_MS)
    gen_time = datetime(2026, 11, 23, 20, 0, 5, 1000, tzinfo=UTC)  # 20:00:05.001
    stamped = TimestampVerdict("CN=TSA", gen_time, 1, "1.2.3", "CN=Root")
    outcome = replace(check_bundle(chain.bundle(entry), chain.genesis), timestamp=stamped)
    english = verdict_sentence(outcome, "en")
    assert english.endswith(
        " The time-stamping authority CN=TSA also attests that the checkpoint of 1 entries "
        "existed no later than 2026-11-23 20:00:06 UTC (Beijing time 2026-11-24 04:00:06)."
    )
    assert verdict_sentence(outcome, "zh").endswith(
        "时间戳机构 CN=TSA 另行证明：账本共 1 条时的检查点最迟于 2026年11月24日 04:00:06"
        "（北京时间；协调世界时 2026-11-23 20:00:06）已存在。"
    )


@pytest.mark.parametrize("reason", [r for r in REASONS if r != "file_mismatch"])
def test_every_reason_code_has_words_in_both_languages(reason: str) -> None:
    error = DecodeError("what the check found")
    error.reason_code = reason
    english, chinese = invalid_sentence(error, "en"), invalid_sentence(error, "zh")
    assert english.splitlines()[1] == "Detail: what the check found"
    assert chinese.splitlines()[1] == "技术细节（英文）：what the check found"
    assert english.startswith(f"INVALID: {text('en', f'reason_{reason}')}")
    assert chinese.startswith(f"无效：{text('zh', f'reason_{reason}')}")
    assert not re.search(r"[A-Za-z]{3,}", text("zh", f"reason_{reason}").replace("RFC", ""))


def test_an_error_no_check_tagged_has_no_verdict() -> None:
    with pytest.raises(ValueError, match="carries no reason code"):
        invalid_sentence(DecodeError("raised outside the checks"), "en")
