"""What `cunzheng verify` prints for a verdict (ledger.evidence.Finding): the verdict and its
reason, notices, each file that differs, the collection record marked as the litigant's own
statement, and the details; or the same as JSON, which never depends on the language."""

from dataclasses import dataclass
from typing import Any

from cunzheng.cli.algorithms import ALGORITHM_LABELS
from cunzheng.cli.i18n import Language, text
from cunzheng.cli.verdict import (
    EXIT_CODES,
    Outcome,
    aligned,
    details,
    invalid_sentence,
    record_json,
    unconfirmed_advice,
    verdict_sentence,
)
from cunzheng.ledger.collection import TEXT_FIELDS
from cunzheng.ledger.evidence import Finding
from cunzheng.ledger.manifest import Manifest
from cunzheng.ledger.package import FileStatus
from cunzheng.ledger.validators import Genesis

# A manifest that failed these checks is not shown: its collection record is not the one
# the package sealed.
_MANIFEST_FAILURES = ("malformed_manifest", "manifest_mismatch", "manifest_edited")


@dataclass(frozen=True, slots=True)
class ReportContext:
    """How the verdict came about, for what to advise: the trusted genesis (None: none was
    given), whether RFC 3161 trust anchors were given, and whether the bundle came in a
    存证包 (whose own genesis.json is no trust anchor)."""

    genesis: Genesis | None
    tsa_anchors_given: bool
    from_zip: bool


def outcome_of(finding: Finding) -> Outcome | None:
    """The checked bundle behind `finding` as verdict_sentence and details take it, or None
    when the bundle did not check out."""
    if finding.proven is None:
        return None
    unchecked = ("timestamp_token",) if "timestamp_unchecked" in finding.notices else ()
    return Outcome(finding.proven, finding.matched_file, unchecked, finding.timestamp)


def shown_manifest(finding: Finding) -> Manifest | None:
    """The manifest whose collection record is shown: a well-formed one of this record."""
    if finding.manifest is None or finding.proven is None:
        return None
    return None if finding.reason in _MANIFEST_FAILURES else finding.manifest


def finding_json(finding: Finding, context: ReportContext) -> dict[str, Any]:
    """The verdict JSON (docs/verdicts.md): verdict, reason, notices and files as the page
    gives them, then exit_code, message (the failing check's own words), record (what the
    bundle proves, when it checked out), collection and disclosed."""
    outcome = outcome_of(finding)
    manifest = shown_manifest(finding)
    disclosed = finding.disclosed
    return {
        "verdict": finding.verdict,
        "reason": finding.reason,
        "notices": list(finding.notices),
        "files": None if finding.files is None else [item.to_json() for item in finding.files],
        "exit_code": EXIT_CODES[finding.verdict],
        "message": None if finding.error is None else str(finding.error),
        "record": None if outcome is None else record_json(outcome, context.genesis),
        "collection": None
        if manifest is None
        else {"sealed": manifest.collection.is_sealed} | manifest.collection.statement(),
        "disclosed": None
        if disclosed is None
        else disclosed.package_file.to_json()
        | {"leaf_index": disclosed.leaf_index, "tree_size": disclosed.tree_size},
    }


def finding_lines(
    finding: Finding, context: ReportContext, language: Language, quiet: bool
) -> list[str]:
    """What a person reads: the verdict, then (unless `quiet`) what was checked in detail."""
    outcome = outcome_of(finding)
    lines = _verdict_lines(finding, outcome, context, language)
    lines += [text(language, f"notice_{notice}") for notice in finding.notices]
    # Trust anchors for a token were given, for a bundle that checked out without one.
    checked = finding.timestamp is not None or finding.reason == "timestamp_invalid"
    if context.tsa_anchors_given and outcome is not None and not checked:
        lines.append(text(language, "timestamp_absent"))
    lines += _evidence_lines(finding, language)
    if quiet:
        return lines
    if outcome is not None and finding.verdict in ("valid", "unconfirmed"):
        lines += ["", *details(outcome, language, context.genesis)]
    manifest = shown_manifest(finding)
    if manifest is not None:
        lines += ["", *collection_lines(manifest, language)]
    return lines


def _verdict_lines(
    finding: Finding, outcome: Outcome | None, context: ReportContext, language: Language
) -> list[str]:
    if finding.verdict == "incomplete":
        return [text(language, "incomplete")]
    if finding.files is not None and finding.error is not None:  # the folder differs
        reason = text(language, f"reason_{finding.reason}")
        return [text(language, "invalid", reason=reason), *_status_lines(finding.files, language)]
    if finding.error is not None:
        return [invalid_sentence(finding.error, language)]
    if outcome is None:  # a verdict other than invalid or incomplete has a checked bundle
        raise ValueError(f"a {finding.verdict} verdict without a checked bundle")
    lines = [verdict_sentence(outcome, language)]
    if finding.verdict == "unconfirmed":
        lines.append(unconfirmed_advice(outcome.verdict, language, from_zip=context.from_zip))
    return lines


def _status_lines(files: tuple[FileStatus, ...], language: Language) -> list[str]:
    lines = []
    for status in files:
        if status.state == "unchanged":
            continue
        key = f"file_status_{status.state}" + (f"_{status.change}" if status.change else "")
        found = status.found
        if status.change == "kind" and found is not None:
            found = text(language, f"kind_{found}")
        alg = ALGORITHM_LABELS.get(status.alg or "", status.alg)
        values = {"path": status.path, "to": status.to, "sealed": status.sealed}
        lines.append("  " + text(language, key, found=found, alg=alg, **values))
    return lines


def _evidence_lines(finding: Finding, language: Language) -> list[str]:
    if finding.error is not None or finding.proven is None:
        return []
    entry = finding.proven.entry
    if finding.files is not None:
        return [text(language, "package_matches", count=len(finding.files))]
    if finding.disclosed is not None:
        disclosed = finding.disclosed.package_file
        return [
            text(
                language,
                "disclosure_valid",
                path=disclosed.path,
                size=disclosed.size,
                alg=ALGORITHM_LABELS[disclosed.alg],
                file_hash=disclosed.file_hash.hex(),
                position=finding.disclosed.leaf_index + 1,
                count=entry.meta.get("files", "?"),
                root=entry.digest.hex(),
            )
        ]
    return []


def collection_lines(manifest: Manifest, language: Language) -> list[str]:
    """The collection record, marked as the litigant's own statement (sealed or not)."""
    record = manifest.collection
    title = text(language, "collection_sealed" if record.is_sealed else "collection_unsealed")
    none = text(language, "collection_not_stated")
    rows = [(f"collection_{name}", getattr(record, name) or none) for name in TEXT_FIELDS]
    steps = [f"{number}. {step}" for number, step in enumerate(record.steps, start=1)]
    rows += [("collection_steps", step) for step in steps or [none]]
    return aligned(title, rows, language, label_prefix="")
