"""One verdict on a proof bundle and the evidence given with it (docs/verdicts.md).

`judge` runs the checks in the order both verifiers share: the bundle (ledger/bundle.py),
the RFC 3161 token when trust anchors for it are given, then the evidence: one file, or a
package's manifest and then its folder or one file's disclosure. The first check that fails
gives the verdict's reason; a package record given only one file is `incomplete`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from cryptography import x509

from cunzheng.ledger.bundle import Verdict as Proven
from cunzheng.ledger.bundle import verify_bundle
from cunzheng.ledger.bundle_format import parse_bundle
from cunzheng.ledger.disclosure import Disclosed, verify_disclosure
from cunzheng.ledger.errors import LedgerError, ProofError
from cunzheng.ledger.folder import FolderProgress, Tally, file_digest
from cunzheng.ledger.json_files import parse_json
from cunzheng.ledger.manifest import Manifest
from cunzheng.ledger.package import FileStatus, PackageFilesDiffer, verify_folder
from cunzheng.ledger.reasons import (
    NOTICES,
    UNCONFIRMED_REASON,
    VALID_REASON,
    Notice,
    Verdict,
    checking,
    reason_of,
    verdict_of,
)
from cunzheng.ledger.timestamp import TimestampVerdict, verify_timestamp
from cunzheng.ledger.validators import Genesis


class FileMismatch(LedgerError):
    """A file whose digest (with the record's alg) is not the digest the record holds."""

    reason_code = "file_mismatch"

    def __init__(self, *, file_name: str, alg: str, actual: bytes, expected: bytes) -> None:
        self.file_name, self.alg, self.actual, self.expected = file_name, alg, actual, expected
        super().__init__(
            f"file {file_name!r} has {alg} digest {actual.hex()}, the record holds {expected.hex()}"
        )


class PackageNeedsManifest(LedgerError):
    """One file given for a record that is a sealed package: its digest is the root over
    every file of the package, so no single file has it."""

    reason_code = "package_needs_manifest"

    def __init__(self) -> None:
        super().__init__(
            "the record is a sealed evidence package, whose digest is the root over all its "
            "files: give the manifest and the folder, or the file's disclosure"
        )


class ManifestMismatch(ProofError):
    """A manifest of another record than the one the proof bundle proves."""

    reason_code = "manifest_mismatch"

    def __init__(self, manifest: Manifest, proven: Proven) -> None:
        super().__init__(
            f"the proof bundle proves entry {proven.entry_id.hex()} (kind "
            f"{proven.entry.kind!r}, digest {proven.entry.digest.hex()}), not this manifest's "
            f"package entry {manifest.entry.leaf_hash().hex()} (root "
            f"{manifest.entry.digest.hex()}); use the bundle saved when the folder was sealed"
        )


@dataclass(frozen=True, slots=True)
class EvidenceGiven:
    """What a judge was given besides the proof bundle. A folder needs a manifest, and a
    disclosure a file; a manifest may come alone, to check it and show its collection
    record. Manifest and disclosure are the files' bytes."""

    file: Path | None = None
    folder: Path | None = None
    manifest: bytes | None = None
    disclosure: bytes | None = None

    def __post_init__(self) -> None:
        if self.folder is not None and self.manifest is None:
            raise ValueError("a folder is checked against its manifest: give both")
        if self.disclosure is not None and self.file is None:
            raise ValueError("a disclosure is checked with the disclosed file: give both")
        if self.folder is not None and self.file is not None:
            raise ValueError("give a folder or a file, not both")


@dataclass(frozen=True, slots=True)
class Anchors:
    """What the judge trusts: the consortium's genesis or notaries' verifier keys (neither:
    the verdict is at best unconfirmed), and CA certificates of time-stamping authorities."""

    genesis: Genesis | None = None
    vkeys: tuple[str, ...] = ()
    tsa: Sequence[x509.Certificate] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """The verdict (docs/verdicts.md) and what the checks found on the way."""

    verdict: Verdict
    reason: str
    notices: tuple[Notice, ...]
    files: tuple[FileStatus, ...] | None = None  # each path's status, when a folder was compared
    proven: Proven | None = None  # what the bundle proves, when it checked out
    error: LedgerError | None = None  # the failing check's error
    manifest: Manifest | None = None  # a well-formed manifest given
    disclosed: Disclosed | None = None  # the file a disclosure proved
    matched_file: str | None = None  # the name of the file given, when it has the digest
    timestamp: TimestampVerdict | None = None  # the RFC 3161 token, when checked


def judge(
    bundle: bytes,
    given: EvidenceGiven,
    anchors: Anchors,
    progress: FolderProgress | None = None,
) -> Finding:
    """The verdict on the proof bundle in `bundle` (its file's bytes) and the evidence given.

    `progress(path, done, total)` hears how many bytes of evidence files are hashed. Raises
    (no verdict can be given) FolderError when the folder cannot be read, OSError when an
    evidence file cannot be read, LedgerError without a reason code if this Python lacks a
    file's hash algorithm.
    """
    found = _Found()
    manifest_error = found.read_manifest(given.manifest)
    try:
        with checking("malformed_bundle"):
            data = parse_bundle(bundle)
        found.has_token = isinstance(data, dict) and data.get("timestamp_token") is not None
        proven = found.proven = verify_bundle(data, anchors.genesis, anchors.vkeys)
        if found.has_token and anchors.tsa:
            with checking("timestamp_invalid"):
                found.timestamp = verify_timestamp(data, anchors.tsa)
        if manifest_error is not None:
            raise manifest_error
        _check_evidence(proven, given, found, progress)
    except LedgerError as error:
        if error.reason_code is None:
            raise
        if isinstance(error, PackageFilesDiffer):
            found.files = error.files
        return found.finding(verdict_of(error), reason_of(error), error)
    if proven.trusted:
        return found.finding("valid", VALID_REASON)
    return found.finding("unconfirmed", UNCONFIRMED_REASON)


@dataclass(slots=True)
class _Found:  # what the checks of one `judge` found so far
    manifest: Manifest | None = None
    has_token: bool = False
    proven: Proven | None = None
    timestamp: TimestampVerdict | None = None
    files: tuple[FileStatus, ...] | None = None
    disclosed: Disclosed | None = None
    matched_file: str | None = None

    def read_manifest(self, data: bytes | None) -> LedgerError | None:
        # The manifest is read first, as its version gives a notice whatever the verdict;
        # a malformed one fails the check of the evidence, in its turn.
        if data is None:
            return None
        try:
            with checking("malformed_manifest"):
                self.manifest = Manifest.from_json(parse_json(data, "the manifest"))
        except LedgerError as err:
            return err
        return None

    def finding(self, verdict: Verdict, reason: str, error: LedgerError | None = None) -> Finding:
        given: set[Notice] = set()
        if self.manifest is not None and not self.manifest.collection.is_sealed:
            given.add("collection_not_sealed")
        if self.has_token and self.timestamp is None and reason != "timestamp_invalid":
            given.add("timestamp_unchecked")
        if self.proven is not None and self.proven.genesis_hash is None:
            given.add("genesis_not_carried")  # a version 1 bundle, no trusted genesis
        return Finding(
            verdict,
            reason,
            tuple(notice for notice in NOTICES if notice in given),
            self.files,
            self.proven,
            error,
            self.manifest,
            self.disclosed,
            self.matched_file,
            self.timestamp,
        )


def _check_evidence(
    proven: Proven, given: EvidenceGiven, found: _Found, progress: FolderProgress | None
) -> None:
    # The manifest first (when given), then the folder, the disclosure, or the file.
    if found.manifest is not None:
        if proven.entry_id != found.manifest.entry.leaf_hash():
            raise ManifestMismatch(found.manifest, proven)
        found.manifest.verify_root()
    if given.folder is not None and found.manifest is not None:
        found.files = verify_folder(found.manifest, given.folder, progress)
    elif given.disclosure is not None and given.file is not None:
        with checking("malformed_disclosure"):
            disclosure = parse_json(given.disclosure, "the disclosure")
        found.disclosed = verify_disclosure(disclosure, proven.entry.digest, given.file)
    elif given.file is not None:
        _verify_file(given.file, proven, progress)
        found.matched_file = given.file.name


def _verify_file(path: Path, proven: Proven, progress: FolderProgress | None) -> None:
    entry = proven.entry
    if entry.kind == "package":
        raise PackageNeedsManifest()
    tally = Tally(path.stat().st_size, progress)
    # resolve(): a link the user names is followed; file_digest follows none itself.
    digest, _size = file_digest(path.resolve(), entry.alg, partial(tally.add, path.name))
    if digest != entry.digest:
        raise FileMismatch(file_name=path.name, alg=entry.alg, actual=digest, expected=entry.digest)
