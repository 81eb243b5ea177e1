"""Why something failed, said in the reader's language (cli/messages/errors.py).

The ledger library explains its errors in English. English output quotes that message as
it is. Chinese output says the reason in Chinese from what the error carries (its class,
its reason code, its fields), on a line starting with 原因：, and gives the English message
only where Chinese cannot say all of it, on a line of its own labelled 技术细节（英文）, never
inside a Chinese sentence (docs/glossary.md, "Errors").
"""

import errno
import socket
from dataclasses import dataclass

from cunzheng.cli.algorithms import ALGORITHM_LABELS
from cunzheng.cli.i18n import Language, Localized, Message, text
from cunzheng.cli.messages import MESSAGES
from cunzheng.ledger.audit import LedgerRewritten
from cunzheng.ledger.disclosure import DisclosureMismatch
from cunzheng.ledger.errors import (
    ChainBroken,
    DecodeError,
    LedgerError,
    ProofError,
    RootMismatch,
    SignatureError,
    StoreCorrupted,
)
from cunzheng.ledger.evidence import FileMismatch
from cunzheng.ledger.folder import FolderError
from cunzheng.ledger.governance import GovernanceError
from cunzheng.ledger.manifest import ManifestEdited
from cunzheng.ledger.package import PackageFilesDiffer, SealError
from cunzheng.ledger.plain_text import escaped
from cunzheng.ledger.replay import ReplayError
from cunzheng.ledger.timestamp import TimestampError

# A prefix of a digest is enough to tell two apart in a sentence; the full values are in
# the English detail and in JSON output.
_SHORT_HEX = 16
# Base classes last: the first class an error is an instance of gives its reason.
_CLASS_REASONS: tuple[tuple[type[LedgerError], str], ...] = (
    (GovernanceError, "because_governance"),
    (SignatureError, "because_signature"),
    (ProofError, "because_proof"),
    (ChainBroken, "because_chain_broken"),
    (StoreCorrupted, "because_store_corrupted"),
    (DecodeError, "because_malformed"),
)


@dataclass(frozen=True, slots=True)
class ErrorText:
    """An error (or an English-only reason) as a message value: in English its own words,
    in Chinese one or two lines of their own (原因：… and/or 技术细节（英文）：…).

    `after_verdict`: the verdict has said the reason code's words already, so Chinese adds
    only what the error's fields say beyond them, else the English.
    """

    error: BaseException | str
    after_verdict: bool = False

    def in_language(self, language: Language) -> str:
        """The error in `language` (see the module's docstring)."""
        error = self.error
        if isinstance(error, Localized):
            return error.in_language(language)
        if language == "en":
            return english(error)
        if self.after_verdict:
            complete = _complete_reason(error) if isinstance(error, LedgerError) else None
            reason, said_all = complete, complete is not None
        else:
            reason, said_all = _reason(error)
        lines = [] if reason is None else [text("zh", "because", reason=reason)]
        if not said_all:
            lines.append(text("zh", "technical_detail", detail=english(error)))
        return "\n".join(lines)


def english(error: BaseException | str) -> str:
    """The error's own English words (for an OSError, the system's reason alone), one line
    with any control character escaped: they may quote a bundle, a manifest or a node."""
    if isinstance(error, OSError) and error.strerror:
        return escaped(error.strerror)
    return escaped(str(error))


def _reason(error: BaseException | str) -> tuple[Message | None, bool]:
    """The reason Chinese gives for `error`, and whether it says all the English says."""
    if isinstance(error, str):
        return None, False
    if isinstance(error, LedgerError):
        return _ledger_reason(error)
    if isinstance(error, socket.gaierror):
        return Message("unknown_host"), False
    if isinstance(error, OSError):
        name = errno.errorcode.get(error.errno or 0, "")
        known = f"errno_{name}" in MESSAGES
        return (Message(f"errno_{name}"), True) if known else (None, False)
    if isinstance(error, UnicodeDecodeError):
        return Message("because_not_utf8"), True
    if isinstance(error, ValueError) and type(error).__name__ == "JSONDecodeError":
        return Message("because_not_json"), False
    return None, False


def _ledger_reason(error: LedgerError) -> tuple[Message | None, bool]:
    """Complete reasons from the classes whose fields say it all; partial ones (with the
    English detail) from the others, then from the reason code, then from the base class."""
    complete = _complete_reason(error)
    if complete is not None:
        return complete, True
    partial = _partial_reason(error)
    if partial is not None:
        return partial, False
    if error.reason_code is not None and f"reason_{error.reason_code}" in MESSAGES:
        return Message(f"reason_{error.reason_code}"), False
    for cls, key in _CLASS_REASONS:
        if isinstance(error, cls):
            return Message(key), False
    return None, False


def _complete_reason(error: LedgerError) -> Message | None:
    if isinstance(error, FileMismatch):
        values: dict[str, object] = {"file": error.file_name}
        values["alg"] = ALGORITHM_LABELS.get(error.alg, error.alg)
        values |= {"actual": error.actual.hex(), "expected": error.expected.hex()}
        return Message("reason_file_mismatch", values)
    if isinstance(error, RootMismatch):
        computed, expected = error.computed.hex()[:_SHORT_HEX], error.expected.hex()[:_SHORT_HEX]
        values = {"computed": computed, "expected": expected, "tree_size": error.tree_size}
        return Message("because_root_mismatch", values)
    if isinstance(error, ManifestEdited):
        values = {"computed": error.computed.hex(), "recorded": error.recorded.hex()}
        return Message("because_manifest_edited", values)
    if isinstance(error, PackageFilesDiffer):
        count = sum(1 for status in error.files if status.state != "unchanged")
        return Message("because_files_differ", {"count": count})
    if isinstance(error, LedgerRewritten):
        saved, found = error.saved.hash().hex(), error.found.hash().hex()
        return Message("because_ledger_rewritten", {"saved": saved, "found": found})
    return None


def _partial_reason(error: LedgerError) -> Message | None:
    if isinstance(error, ReplayError):
        return Message("because_block_check", {"height": error.height, "check": check_name(error)})
    if isinstance(error, FolderError):
        return Message("because_folder_unreadable", {"path": error.path})
    if isinstance(error, SealError):
        return Message("because_cannot_seal", {"path": error.path})
    if isinstance(error, DisclosureMismatch):
        return Message("because_disclosure_of", {"path": error.path})
    if isinstance(error, TimestampError):
        return Message("because_timestamp_check", {"check": _named_check("token_check_", error)})
    return None


def check_name(error: ReplayError) -> Message:
    """The name of the replay check that `error` failed (its code, in English)."""
    return _named_check("check_", error)


def _named_check(prefix: str, error: ReplayError | TimestampError) -> Message:
    key = f"{prefix}{error.check}"
    return Message(key) if key in MESSAGES else Message("check_unnamed", {"check": error.check})
