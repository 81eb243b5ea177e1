"""What `cunzheng audit` prints for a person: each source and how it replayed, the first
divergence with both signed headers, and the result (docs/cli.md, "cunzheng audit"). It is
read from the JSON report, which never depends on the language, and from the errors behind
its failures, which say themselves in either language."""

from dataclasses import dataclass
from typing import Any

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.i18n import Language, Listing, Localized, Message, text
from cunzheng.ledger.replay import ReplayError


@dataclass(frozen=True, slots=True)
class Failures:
    """Why each source failed or was unavailable, as errors that say themselves in either
    language (the JSON report holds their English)."""

    replay: dict[str, ReplayError]
    unavailable: dict[str, Localized]


_HEADER_LABELS = {"saved": "audit_saved_header", "found": "audit_found_header"}


def source_label(name: str) -> Message:
    """A source's name ("node URL", "store PATH", "package PATH", as the JSON report gives
    it) in words."""
    kind, _, where = name.partition(" ")
    return Message(f"source_{kind}", {"where": where})


def _header_lines(header: dict[str, Any], indent: str, language: Language) -> list[str]:
    fields = header["header"]
    block = {"block_hash": header["block_hash"], "height": fields["height"]}
    size = {"time_ms": fields["time_ms"], "ledger_size": fields["ledger_size"]}
    links = {"prev_hash": fields["prev_hash"], "proposer": fields["proposer"]}
    return [
        indent + text(language, "audit_header_block", **block),
        indent + text(language, "audit_header_size", root=fields["ledger_root"], **size),
        indent + text(language, "audit_header_links", **links),
    ]


def _indented(lines: str, indent: str) -> list[str]:
    return [indent + line for line in lines.splitlines()]


def _source_lines(row: dict[str, Any], failures: Failures, language: Language) -> list[str]:
    source = source_label(row["source"])
    if row["result"] == "unavailable":
        said = text(
            language,
            "audit_source_unavailable",
            source=source,
            error=failures.unavailable[row["source"]],
        )
        first, *rest = said.splitlines()
        return [first, *(" " * 9 + line for line in rest)]
    lag = text(language, "audit_lag", lag=row["lag"]) if row["lag"] else ""
    key = "audit_source_ok" if row["result"] == "ok" else "audit_source_failed_row"
    lines = [text(language, key, source=source, height=row["height"], lag=lag)]
    failure = row["failure"]
    if failure is not None:
        error = ErrorText(failures.replay[row["source"]])
        lines += _indented(error.in_language(language), " " * 9)
        for key in ("saved", "found"):
            if key in failure:
                lines.append(" " * 9 + text(language, _HEADER_LABELS[key]))
                lines += _header_lines(failure[key], " " * 11, language)
    return lines


def _divergence_lines(divergence: dict[str, Any], language: Language) -> list[str]:
    lines = [text(language, "audit_divergence", height=divergence["height"])]
    for version in divergence["versions"]:
        indices = [s["validator_index"] for s in version["commit"]["signatures"]]
        sources = Listing(tuple(source_label(name) for name in version["sources"]))
        signers = _ValidatorPositions(tuple(indices))
        lines.append(text(language, "audit_version", sources=sources, signers=signers))
        lines += _header_lines(version, "    ", language)
    return [*lines, text(language, "audit_evidence_in_json")]


@dataclass(frozen=True, slots=True)
class _ValidatorPositions:
    """The signers of a commit by their index in the validator set: English lists the
    indices as the JSON report has them; Chinese numbers them from 1 (第 1、2 位)."""

    indices: tuple[int, ...]

    def in_language(self, language: Language) -> str:
        if language == "en":
            return str(list(self.indices))
        return Listing(tuple(index + 1 for index in self.indices)).in_language(language)


def summary_lines(report: dict[str, Any], failures: Failures, language: Language) -> list[str]:
    """What a person reads: one line per source, the first divergence, the result."""
    genesis = report["genesis"]
    title = {"chain_id": report["chain_id"], "genesis_hash": genesis["hash"]}
    lines = [text(language, "audit_title", **title)]
    if genesis["taken_from"] is not None:
        source = source_label(genesis["taken_from"])
        lines.append(text(language, "audit_genesis_taken", source=source))
    if report["resumed_from"] is not None:
        lines.append(text(language, "audit_resumed", height=report["resumed_from"]))
    for row in report["sources"]:
        lines += _source_lines(row, failures, language)
    if report["divergence"] is not None:
        lines += _divergence_lines(report["divergence"], language)
    replayed, state = report["replayed"], report["state"]
    counts = {"blocks": replayed["blocks"], "entries": replayed["entries"]}
    lines.append(text(language, "audit_replayed", seconds=report["seconds"], **counts))
    if state is not None:
        if state["updated"]:
            lines.append(
                text(language, "audit_state_saved", file=state["file"], height=state["height"])
            )
        else:
            lines.append(text(language, "audit_state_unchanged", file=state["file"]))
    result = "audit_result_ok" if report["result"] == "ok" else "audit_result_failed"
    return [*lines, text(language, result)]
