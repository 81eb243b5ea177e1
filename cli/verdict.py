"""Putting a checked proof bundle into words a judge can read, and into JSON for scripts.

docs/cli.md, "cunzheng verify": the verdict says in one sentence which record, which time, which
block and which notaries; exit codes 0 valid, 1 invalid, 2 usage error, 3 valid only against
the validator set the bundle itself carries.
"""

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from cunzheng.cli.filehash import ALGORITHM_LABELS
from cunzheng.cli.i18n import Language, text
from cunzheng.cli.times import iso_utc, whole_second_after
from cunzheng.ledger.bundle import Verdict
from cunzheng.ledger.errors import ChainBroken, DecodeError, LedgerError, ProofError, SignatureError
from cunzheng.ledger.keys import key_hash
from cunzheng.ledger.timestamp import TimestampError, TimestampVerdict

EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_UNCONFIRMED = 3
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# What a bundle may carry that verify_bundle does not check, in the order shown. The RFC 3161
# token is checked by ledger.timestamp when the user gives the TSA's trust anchor.
OPTIONAL_PARTS = ("timestamp_token",)
# Said after the verdict when the bundle's consistency part checked out
# (docs/formats.md, "Proof bundle"); kept here with the one sentence that uses it.
CONSISTENT_SENTENCE: dict[Language, str] = {
    "en": " It is also consistent with the later checkpoint of {size} entries signed by "
    "{signed} of {total} notaries ({signers}): the ledger has only grown since.",
    "zh": "此外，该记录与此后由 {total} 个公证节点中的 {signed} 个签名（{signers}）的检查点"
    "（账本共 {size} 条）一致：账本此后只增未改。",
}
# Said after the verdict when the bundle's RFC 3161 token checked out
# (docs/time.md, "RFC 3161 time-stamp tokens").
TIMESTAMP_SENTENCE: dict[Language, str] = {
    "en": " Trusted time from TSA {tsa}: {tsa_time} UTC (consensus time {consensus_time} UTC), "
    "stamped on the checkpoint of {size} entries.",
    "zh": "时间戳机构 {tsa} 对账本 {size} 条记录的检查点给出的可信时间：{tsa_time}"
    "（协调世界时；共识时间 {consensus_time}）。",
}
TIMESTAMP_UNCHECKED: dict[Language, str] = {
    "en": "The bundle also carries an RFC 3161 time-stamp token, which was not checked: give "
    "the time-stamping authority's CA certificate with --tsa-anchor CA.pem to check it.",
    "zh": "证明文件还带有 RFC 3161 时间戳，但未经检查：请用 --tsa-anchor CA.pem 提供时间戳"
    "机构的 CA 证书以检查它。",
}
TIMESTAMP_ABSENT: dict[Language, str] = {
    "en": "The bundle carries no RFC 3161 time-stamp token, so --tsa-anchor was not used.",
    "zh": "证明文件不带 RFC 3161 时间戳，因此未使用 --tsa-anchor。",
}
TIMESTAMP_REASON: dict[Language, str] = {
    "en": "the RFC 3161 time-stamp token does not check out",
    "zh": "RFC 3161 时间戳验证失败",
}
# The ledger's error classes a reader is told apart; LedgerError, their root, comes last.
ERROR_CATEGORIES: tuple[type[Exception], ...] = (
    DecodeError,
    ProofError,
    SignatureError,
    ChainBroken,
    TimestampError,
    LedgerError,
)


class FileMismatch(Exception):
    """A file given with --file whose digest is not the one the record holds."""

    def __init__(self, *, file_name: str, alg: str, actual: bytes, expected: bytes) -> None:
        self.file_name, self.alg, self.actual, self.expected = file_name, alg, actual, expected
        super().__init__(
            f"file {file_name!r} has {alg} digest {actual.hex()}, the record holds {expected.hex()}"
        )


class PackageMismatch(Exception):
    """A folder given with --package that differs from the sealed package."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True, slots=True)
class Outcome:
    """A checked bundle: its verdict, the file compared with it, and the parts not checked."""

    verdict: Verdict
    file_name: str | None  # the file whose digest matched, if one was given
    unchecked: tuple[str, ...]
    timestamp: TimestampVerdict | None = None  # the RFC 3161 token, when it was checked

    @property
    def exit_code(self) -> int:
        """0 when the notaries were confirmed by a trusted genesis or keys, 3 otherwise."""
        return EXIT_VALID if self.verdict.trusted else EXIT_UNCONFIRMED


def with_timestamp(outcome: Outcome, timestamp: TimestampVerdict) -> Outcome:
    """`outcome` with its RFC 3161 token checked: no longer among the unchecked parts."""
    unchecked = tuple(part for part in outcome.unchecked if part != "timestamp_token")
    return replace(outcome, unchecked=unchecked, timestamp=timestamp)


def timestamp_notice(outcome: Outcome, language: Language, anchors_given: bool) -> str | None:
    """What to add about the RFC 3161 token when it was not checked, or None.

    Either the bundle has a token and no trust anchor was given, or anchors were given for a
    bundle without a token.
    """
    if "timestamp_token" in outcome.unchecked:
        return TIMESTAMP_UNCHECKED[language]
    if anchors_given and outcome.timestamp is None:
        return TIMESTAMP_ABSENT[language]
    return None


def unchecked_parts(bundle: dict[str, Any]) -> tuple[str, ...]:
    """The optional parts present in `bundle` that verify_bundle does not check."""
    return tuple(part for part in OPTIONAL_PARTS if bundle.get(part) is not None)


def error_category(error: Exception) -> str:
    """The kind of failure a reader is told: a ledger error class name, or "FileMismatch"."""
    for category in ERROR_CATEGORIES:
        if isinstance(error, category):
            return category.__name__
    if isinstance(error, FileMismatch):
        return "FileMismatch"
    if isinstance(error, PackageMismatch):
        return "PackageMismatch"
    raise TypeError(f"{type(error).__name__} is not a verification failure")


def verdict_sentence(outcome: Outcome, language: Language) -> str:
    """The one-sentence verdict on a bundle that checked out (VALID, or VALID BUT UNCONFIRMED)."""
    verdict = outcome.verdict
    entry, header = verdict.entry, verdict.header
    if entry.kind == "package":
        record = text(language, "record_package", digest=entry.digest.hex())
    else:
        record = text(
            language, "record", alg=ALGORITHM_LABELS[entry.alg], digest=entry.digest.hex()
        )
    if outcome.file_name is not None:
        record += text(language, "record_file", file=outcome.file_name)
    time_utc, time_beijing = _no_later_than(header.time_ms, language)
    sentence = text(
        language,
        "valid" if verdict.trusted else "unconfirmed",
        record=record,
        time_utc=time_utc,
        time_beijing=time_beijing,
        height=header.height,
        chain_id=header.chain_id,
        position=verdict.leaf_index + 1,
        ledger_size=header.ledger_size,
        signed=len(verdict.signers),
        total=len(verdict.validators.validators),
        signers=text(language, "list_separator").join(verdict.signers),
    )
    if verdict.consistent_tree_size is not None:
        sentence += CONSISTENT_SENTENCE[language].format(
            size=verdict.consistent_tree_size,
            signed=len(verdict.consistent_signers),
            total=len(verdict.validators.validators),
            signers=text(language, "list_separator").join(verdict.consistent_signers),
        )
    if outcome.timestamp is not None:
        sentence += TIMESTAMP_SENTENCE[language].format(
            tsa=outcome.timestamp.tsa_name,
            tsa_time=_utc_text(tsa_time_ms(outcome.timestamp)),
            consensus_time=_utc_text(header.time_ms),
            size=header.ledger_size,
        )
    return sentence


def unconfirmed_advice(verdict: Verdict, language: Language) -> str:
    """What to do when no trusted genesis was given: compare the genesis hash."""
    return text(language, "unconfirmed_advice", genesis_hash=verdict.genesis_hash.hex())


def invalid_sentence(error: Exception, language: Language) -> str:
    """The one-sentence verdict on a bundle or file that does not check out."""
    if isinstance(error, FileMismatch):
        reason = text(
            language,
            "reason_file_mismatch",
            file=error.file_name,
            alg=ALGORITHM_LABELS[error.alg],
            actual=error.actual.hex(),
            expected=error.expected.hex(),
        )
    elif isinstance(error, PackageMismatch):
        problems = "; ".join(error.problems)
        reason = text(language, "reason_package_mismatch", problems=problems)
    elif isinstance(error, TimestampError):
        category = TIMESTAMP_REASON[language]
        reason = text(language, "reason_with_detail", category=category, detail=error)
    else:
        category = text(language, f"reason_{error_category(error)}")
        reason = text(language, "reason_with_detail", category=category, detail=error)
    return text(language, "invalid", reason=reason)


def details(outcome: Outcome, language: Language) -> list[str]:
    """The lines of the details block that follows a valid verdict, labels aligned."""
    rows = [
        *_entry_rows(outcome.verdict, language),
        *_proof_rows(outcome.verdict, language),
        *_check_rows(outcome, language),
    ]
    labels = [text(language, f"label_{key}") for key, _ in rows]
    width = max(_display_width(label) for label in labels)
    lines = [text(language, "details_title")]
    previous = None
    for label, (key, value) in zip(labels, rows, strict=True):
        shown = "" if key == previous else label  # several signers share one label
        lines.append(f"  {shown}{' ' * (width - _display_width(shown))}  {value}")
        previous = key
    return lines


def _entry_rows(verdict: Verdict, language: Language) -> list[tuple[str, str]]:
    entry = verdict.entry
    none = text(language, "value_none")
    rows = [
        ("entry_id", verdict.entry_id.hex()),
        ("digest", f"{ALGORITHM_LABELS[entry.alg]} {entry.digest.hex()}"),
        ("kind", entry.kind or none),
        ("meta", ", ".join(f"{key}={value}" for key, value in sorted(entry.meta.items())) or none),
    ]
    if entry.submitter is not None:
        submitter = text(language, "value_submitter", submitter=entry.submitter.hex())
        rows.append(("submitter", submitter))
    return rows


def _proof_rows(verdict: Verdict, language: Language) -> list[tuple[str, str]]:
    header = verdict.header
    position = text(
        language, "value_position", leaf_index=verdict.leaf_index, tree_size=header.ledger_size
    )
    block = text(language, "value_block", height=header.height, block_hash=header.hash().hex())
    genesis_key = "value_genesis_trusted" if verdict.trusted else "value_genesis_unconfirmed"
    rows = [
        ("position", position),
        ("root", header.ledger_root.hex()),
        ("block", block),
        ("block_time", f"{iso_utc(header.time_ms)} (time_ms {header.time_ms})"),
        *[("signers", text(language, "value_signer", **signer)) for signer in _signers(verdict)],
        ("genesis", text(language, genesis_key, genesis_hash=verdict.genesis_hash.hex())),
    ]
    if verdict.governance_changes:
        count, changes = len(verdict.validators.validators), verdict.governance_changes
        rows.append(
            ("validator_set", text(language, "value_validator_set", count=count, changes=changes))
        )
    return rows


def _check_rows(outcome: Outcome, language: Language) -> list[tuple[str, str]]:
    if outcome.file_name is None:
        rows = [("file", text(language, "value_file_not_compared"))]
    else:
        alg = ALGORITHM_LABELS[outcome.verdict.entry.alg]
        rows = [("file", text(language, "value_file_matches", file=outcome.file_name, alg=alg))]
    # An unchecked RFC 3161 token gets its own notice (timestamp_notice).
    unchecked = [part for part in outcome.unchecked if part != "timestamp_token"]
    if unchecked:
        parts = text(language, "list_separator").join(
            text(language, f"part_{part}") for part in unchecked
        )
        rows.append(("unchecked", text(language, "value_unchecked", parts=parts)))
    return rows


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    """The language-independent JSON of a bundle that checked out."""
    verdict = outcome.verdict
    entry, header = verdict.entry, verdict.header
    return {
        "result": "valid" if verdict.trusted else "unconfirmed",
        "exit_code": outcome.exit_code,
        "reason": None,
        "record": {
            "entry_id": verdict.entry_id.hex(),
            "alg": entry.alg,
            "digest": entry.digest.hex(),
            "kind": entry.kind,
            "meta": dict(entry.meta),
            "submitter": None if entry.submitter is None else entry.submitter.hex(),
            "leaf_index": verdict.leaf_index,
            "tree_size": header.ledger_size,
            "root_hash": header.ledger_root.hex(),
            "chain_id": header.chain_id,
            "genesis_hash": verdict.genesis_hash.hex(),
            "trusted": verdict.trusted,
            "governance_changes": verdict.governance_changes,
            "height": header.height,
            "block_hash": header.hash().hex(),
            "time_ms": header.time_ms,
            "time_utc": iso_utc(header.time_ms),
            "signers": _signers(verdict),
            "notaries": len(verdict.validators.validators),
            "file": None
            if outcome.file_name is None
            else {"name": outcome.file_name, "matches": True},
            "unchecked": list(outcome.unchecked),
            "timestamp": _timestamp_json(outcome),
            "consistent_with": None
            if verdict.consistent_tree_size is None
            else {
                "tree_size": verdict.consistent_tree_size,
                "signers": list(verdict.consistent_signers),
            },
        },
    }


def invalid_json(error: Exception) -> dict[str, Any]:
    """The language-independent JSON of a bundle or file that does not check out."""
    return {
        "result": "invalid",
        "exit_code": EXIT_INVALID,
        "reason": {"kind": error_category(error), "message": str(error)},
        "record": None,
    }


def tsa_time_ms(timestamp: TimestampVerdict) -> int:
    """The TSA's genTime in milliseconds since the epoch, rounded up ("no later than")."""
    return -((_EPOCH - timestamp.gen_time) // timedelta(milliseconds=1))


def _timestamp_json(outcome: Outcome) -> dict[str, Any] | None:
    timestamp = outcome.timestamp
    if timestamp is None:
        return None
    time_ms = tsa_time_ms(timestamp)
    return {
        "tsa": timestamp.tsa_name,
        "trust_anchor": timestamp.anchor_name,
        "time_ms": time_ms,
        "time_utc": iso_utc(time_ms),
        "serial_number": timestamp.serial_number,
        "policy": timestamp.policy,
        "consensus_time_ms": outcome.verdict.header.time_ms,
        "tree_size": outcome.verdict.header.ledger_size,
    }


def _utc_text(time_ms: int) -> str:
    seconds, millis = divmod(time_ms, 1000)
    moment = datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S")
    return f"{moment}.{millis:03d}" if millis else moment


def _signers(verdict: Verdict) -> list[dict[str, str]]:
    keys = {v.name: v.public_key for v in verdict.validators.validators}
    return [
        {"name": name, "key_hash": key_hash(name, keys[name]).hex(), "public_key": keys[name].hex()}
        for name in verdict.signers
    ]


def _no_later_than(time_ms: int, language: Language) -> tuple[str, str]:
    utc, beijing = whole_second_after(time_ms)
    key = "beijing_time_same_day" if beijing.date() == utc.date() else "beijing_time_other_day"
    local = text(
        language,
        key,
        year=beijing.year,
        month=beijing.month,
        day=beijing.day,
        time=beijing.strftime("%H:%M:%S"),
    )
    return utc.strftime("%Y-%m-%d %H:%M:%S"), local


def _display_width(label: str) -> int:
    # CJK characters take two columns in a terminal; labels are ASCII or CJK only.
    return sum(2 if ord(char) > 0x2E80 else 1 for char in label)
