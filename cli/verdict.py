"""Putting a checked proof bundle into words a judge can read, and into JSON for scripts.

docs/cli.md, "cunzheng verify": the verdict says in one sentence which record, which time, which
block and which notaries. docs/verdicts.md: the verdicts and their exit codes, 0 valid,
1 invalid, 2 incomplete (or a usage error), 3 valid only against the validator set the
bundle itself carries. "No later than" times are rounded up to the whole second
(cli/times.py), in Beijing time and UTC.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cunzheng.cli.algorithms import ALGORITHM_LABELS
from cunzheng.cli.columns import display_width
from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.i18n import Language, Listing, Message, text
from cunzheng.cli.messages import MESSAGES
from cunzheng.cli.times import iso_utc, no_later_than
from cunzheng.ledger.bundle import Verdict
from cunzheng.ledger.certificate_number import certificate_number
from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.evidence import FileMismatch
from cunzheng.ledger.keys import key_hash
from cunzheng.ledger.plain_text import escaped
from cunzheng.ledger.reasons import reason_of
from cunzheng.ledger.timestamp import TimestampVerdict
from cunzheng.ledger.validators import Genesis

EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_INCOMPLETE = 2
EXIT_UNCONFIRMED = 3
EXIT_CODES = {
    "valid": EXIT_VALID,
    "invalid": EXIT_INVALID,
    "incomplete": EXIT_INCOMPLETE,
    "unconfirmed": EXIT_UNCONFIRMED,
}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# What a bundle may carry that verify_bundle does not check, in the order shown. The RFC 3161
# token is checked by ledger.timestamp when the user gives the TSA's trust anchor.
OPTIONAL_PARTS = ("timestamp_token",)


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


def unchecked_parts(bundle: dict[str, Any]) -> tuple[str, ...]:
    """The optional parts present in `bundle` that verify_bundle does not check."""
    return tuple(part for part in OPTIONAL_PARTS if bundle.get(part) is not None)


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
    time_utc, time_beijing = no_later_than(verdict.no_later_than_ms, language)
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
        signers=Listing(verdict.signers),
    )
    if verdict.consistent_tree_size is not None:
        sentence += text(
            language,
            "consistent_with",
            size=verdict.consistent_tree_size,
            signed=len(verdict.consistent_signers),
            total=len(verdict.validators.validators),
            signers=Listing(verdict.consistent_signers),
        )
    if outcome.timestamp is not None:
        tsa_utc, tsa_beijing = no_later_than(tsa_time_ms(outcome.timestamp), language)
        sentence += text(
            language,
            "timestamp_attested",
            tsa=outcome.timestamp.tsa_name,
            time_utc=tsa_utc,
            time_beijing=tsa_beijing,
            size=header.ledger_size,
        )
    return sentence


def unconfirmed_advice(verdict: Verdict, language: Language, *, from_zip: bool = False) -> str:
    """What to do when no trusted genesis was given: compare the hash of the genesis the
    bundle carries with the consortium's published one (`from_zip`: the bundle came in a
    存证包, whose genesis.json is no trust anchor either); for a version 1 bundle, which
    carries none, get the consortium's genesis."""
    if verdict.genesis_hash is None:
        return text(language, "unconfirmed_advice_no_genesis")
    key = "zip_genesis_advice" if from_zip else "unconfirmed_advice"
    return text(language, key, genesis_hash=verdict.genesis_hash.hex())


def invalid_sentence(error: LedgerError, language: Language) -> str:
    """The verdict on a bundle or evidence that does not check out: "INVALID: " and the
    failing check's reason in `language`, then a line with the error's own (English) words.

    Requires an error a verifier's check tagged (ledger.reasons); raises ValueError else.
    """
    if isinstance(error, FileMismatch):
        reason = text(
            language,
            "reason_file_mismatch",
            file=error.file_name,
            alg=ALGORITHM_LABELS[error.alg],
            actual=error.actual.hex(),
            expected=error.expected.hex(),
        )
        return text(language, "invalid", reason=reason)
    reason = text(language, f"reason_{reason_of(error)}")
    sentence = text(language, "invalid", reason=reason)
    detail = text(language, "invalid_detail", error=ErrorText(error, after_verdict=True))
    return f"{sentence}\n{detail}"


def kind_text(kind: str, language: Language) -> str:
    """An entry's kind as people read it: the kinds cunzheng writes in words, any other as
    it is written."""
    key = f"entry_kind_{kind}"
    return text(language, key) if key in MESSAGES else kind


def details(outcome: Outcome, language: Language, genesis: Genesis | None = None) -> list[str]:
    """The lines of the details block that follows a valid verdict, labels aligned. A
    trusted `genesis` that names its members' organisations names each signer's."""
    rows = [
        *_entry_rows(outcome.verdict, language),
        *_proof_rows(outcome.verdict, language, genesis),
        *_check_rows(outcome, language),
    ]
    return aligned(text(language, "details_title"), rows, language)


def aligned(
    title: str, rows: list[tuple[str, str]], language: Language, label_prefix: str = "label_"
) -> list[str]:
    """`title`, then each (key, value) row indented with its label (message `label_prefix`
    + key) in `language`, labels padded to one width; a row whose key repeats the one above
    shows no label. A value is one line: its control characters, line breaks included, are
    shown escaped (it may come from a bundle or a manifest: cli/terminal.py)."""
    labels = [text(language, f"{label_prefix}{key}") for key, _ in rows]
    width = max(display_width(label) for label in labels)
    lines = [title]
    previous = None
    for label, (key, value) in zip(labels, rows, strict=True):
        shown = "" if key == previous else label  # several signers share one label
        lines.append(f"  {shown}{' ' * (width - display_width(shown))}  {escaped(value)}")
        previous = key
    return lines


def _entry_rows(verdict: Verdict, language: Language) -> list[tuple[str, str]]:
    entry = verdict.entry
    none = text(language, "value_none")
    rows = [
        ("certificate_number", certificate_number(verdict.entry_id)),
        ("entry_id", verdict.entry_id.hex()),
        ("digest", f"{ALGORITHM_LABELS[entry.alg]} {entry.digest.hex()}"),
        ("kind", kind_text(entry.kind, language) if entry.kind else none),
        ("meta", _meta(entry.meta, language) or none),
    ]
    if entry.submitter is not None:
        submitter = text(language, "value_submitter", submitter=entry.submitter.hex())
        rows.append(("submitter", submitter))
    return rows


def _proof_rows(
    verdict: Verdict, language: Language, genesis: Genesis | None
) -> list[tuple[str, str]]:
    header = verdict.header
    position = text(
        language,
        "value_position",
        position=verdict.leaf_index + 1,
        leaf_index=verdict.leaf_index,
        tree_size=header.ledger_size,
    )
    block = text(language, "value_block", height=header.height, block_hash=header.hash().hex())
    time = text(language, "value_block_time", utc=iso_utc(header.time_ms), time_ms=header.time_ms)
    stated = verdict.no_later_than_ms
    bound = text(
        language,
        "value_no_later_than",
        utc=iso_utc(stated),
        time_ms=stated,
        margin_ms=stated - header.time_ms,
    )
    genesis_key = "value_genesis_trusted" if verdict.trusted else "value_genesis_unconfirmed"
    if verdict.genesis_hash is None:
        genesis_key = "value_genesis_not_carried"
    signers = []
    for signer in _signers(verdict, genesis):
        key = "value_signer_member" if "organisation" in signer else "value_signer"
        signers.append(("signers", text(language, key, **signer)))
    rows = [
        ("position", position),
        ("root", header.ledger_root.hex()),
        ("block", block),
        ("no_later_than", bound),
        ("block_time", time),
        *signers,
        ("genesis", text(language, genesis_key, genesis_hash=_hex(verdict.genesis_hash))),
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
    # An unchecked RFC 3161 token gets its own notice.
    unchecked = [part for part in outcome.unchecked if part != "timestamp_token"]
    if unchecked:
        parts = Listing(tuple(Message(f"part_{part}") for part in unchecked))
        rows.append(("unchecked", text(language, "value_unchecked", parts=parts)))
    return rows


def outcome_json(outcome: Outcome, genesis: Genesis | None = None) -> dict[str, Any]:
    """The language-independent JSON of a bundle that checked out (docs/verdicts.md)."""
    verdict = outcome.verdict
    notices = ["timestamp_unchecked"] if "timestamp_token" in outcome.unchecked else []
    return {
        "verdict": "valid" if verdict.trusted else "unconfirmed",
        "reason": "ok" if verdict.trusted else "no_trust_anchor",
        "notices": notices,
        "files": None,
        "exit_code": outcome.exit_code,
        "message": None,
        "record": record_json(outcome, genesis),
        "collection": None,
    }


def record_json(outcome: Outcome, genesis: Genesis | None = None) -> dict[str, Any]:
    """What the checked bundle proves, as JSON (the `record` of the verdict JSON)."""
    verdict = outcome.verdict
    entry, header = verdict.entry, verdict.header
    return {
        "certificate_number": certificate_number(verdict.entry_id),
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
        "genesis_hash": _hex(verdict.genesis_hash),
        "trusted": verdict.trusted,
        "governance_changes": verdict.governance_changes,
        "height": header.height,
        "block_hash": header.hash().hex(),
        "no_later_than_ms": verdict.no_later_than_ms,
        "no_later_than_utc": iso_utc(verdict.no_later_than_ms),
        "time_ms": header.time_ms,
        "time_utc": iso_utc(header.time_ms),
        "signers": _signers(verdict, genesis),
        "notaries": len(verdict.validators.validators),
        "file": None if outcome.file_name is None else {"name": outcome.file_name, "matches": True},
        "unchecked": list(outcome.unchecked),
        "timestamp": _timestamp_json(outcome),
        "consistent_with": None
        if verdict.consistent_tree_size is None
        else {
            "tree_size": verdict.consistent_tree_size,
            "signers": list(verdict.consistent_signers),
        },
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


def _signers(verdict: Verdict, genesis: Genesis | None) -> list[dict[str, str]]:
    # A member's organisation comes only from a genesis the judge trusts (ledger.validators
    # Publication), never from the bundle.
    keys = {v.name: v.public_key for v in verdict.validators.validators}
    publication = None if genesis is None else genesis.publication
    signers = []
    for name in verdict.signers:
        signer = {
            "name": name,
            "key_hash": key_hash(name, keys[name]).hex(),
            "public_key": keys[name].hex(),
        }
        organisation = None if publication is None else publication.organisation_of(name)
        if organisation is not None:
            signer["organisation"] = organisation
        signers.append(signer)
    return signers


def _hex(data: bytes | None) -> str | None:
    return None if data is None else data.hex()


def _meta(meta: Mapping[str, str], language: Language) -> str:
    pairs = tuple(f"{key}={value}" for key, value in sorted(meta.items()))
    return Listing(pairs).in_language(language)
