"""Verdicts and reason codes: one vocabulary for `cunzheng verify` and the page's verifier.

docs/verdicts.md lists each code with the check that gives it and the order the checks run
in. A verifier's check tags what it raises: an error class only one check raises carries
its code as a class attribute (`reason_code`), and `checking` tags every LedgerError raised
inside a check. So a verdict reads the code from the error, never from its message.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal, get_args

from cunzheng.ledger.errors import LedgerError

Verdict = Literal["valid", "unconfirmed", "invalid", "incomplete"]
# The codes of failing checks, in the order the checks run (docs/verdicts.md, "Check order").
Reason = Literal[
    "malformed_bundle",
    "wrong_chain",
    "wrong_genesis",
    "governance_invalid",
    "validators_mismatch",
    "commit_invalid",
    "inclusion_invalid",
    "checkpoint_invalid",
    "consistency_invalid",
    "untrusted_quorum",
    "timestamp_invalid",
    "file_mismatch",
    "package_needs_manifest",
    "malformed_manifest",
    "manifest_mismatch",
    "manifest_edited",
    "package_files_differ",
    "malformed_disclosure",
    "disclosure_invalid",
]
REASONS: tuple[Reason, ...] = get_args(Reason)
# The reasons of the verdicts no check failed for.
VALID_REASON = "ok"
UNCONFIRMED_REASON = "no_trust_anchor"
# Notices a verdict may carry, in the order they are listed.
Notice = Literal["collection_not_sealed", "timestamp_unchecked", "genesis_not_carried"]
NOTICES: tuple[Notice, ...] = get_args(Notice)


@contextmanager
def checking(reason: Reason) -> Iterator[None]:
    """Tag each LedgerError raised inside the block with `reason`, unless a check nested in
    it, or the error's class, already gave it one; the error is raised on unchanged."""
    try:
        yield
    except LedgerError as err:
        if err.reason_code is None:
            err.reason_code = reason
        raise


def reason_of(error: LedgerError) -> Reason:
    """The reason code a verifier's check gave `error`.

    Raises ValueError for an error no check tagged: a verifier raised it outside its checks.
    """
    for reason in REASONS:
        if error.reason_code == reason:
            return reason
    raise ValueError(f"{type(error).__name__} carries no reason code: {error}")


def verdict_of(error: LedgerError) -> Verdict:
    """ "incomplete" when the evidence given cannot be checked yet, "invalid" otherwise."""
    return "incomplete" if reason_of(error) == "package_needs_manifest" else "invalid"
