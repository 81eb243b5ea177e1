"""Checking evidence against a sealed package whose proof bundle checked out: the whole folder
(`cunzheng verify --package`) or one disclosed file (`--disclosure`), and reading a manifest.
"""

from pathlib import Path

import click

from cunzheng.cli.filehash import ALGORITHM_LABELS
from cunzheng.cli.i18n import Language
from cunzheng.cli.package_texts import package_text, problem_text
from cunzheng.cli.progress import hashing_progress
from cunzheng.ledger.bundle import Verdict
from cunzheng.ledger.manifest import Manifest, read_json_file, read_manifest
from cunzheng.ledger.package import (
    package_problems,
    verify_disclosure,
    verify_manifest_against_verdict,
)


def load_manifest(path: Path) -> Manifest:
    """The manifest at `path`; raises DecodeError if malformed, click.ClickException if it
    cannot be read."""
    try:
        return read_manifest(path)
    except OSError as err:
        raise click.ClickException(f"cannot read {path}: {err.strerror or err}") from err


def check_package(
    verdict: Verdict, manifest_path: Path, directory: Path, language: Language = "en"
) -> list[str]:
    """How the folder `directory` differs from the package of the manifest at
    `manifest_path`, which the checked bundle behind `verdict` must prove; [] if it is
    exactly what was sealed. Hashes every file (a progress bar shows on a terminal).

    Raises DecodeError for a malformed manifest, ProofError if the bundle proves another
    record, click.ClickException if the manifest cannot be read.
    """
    manifest = load_manifest(manifest_path)
    verify_manifest_against_verdict(manifest, verdict)
    with hashing_progress() as report:
        problems = package_problems(manifest, directory, report)
    return [problem_text(problem, language) for problem in problems]


def check_disclosure(
    verdict: Verdict, disclosure_path: Path, file_path: Path, language: Language = "en"
) -> str:
    """One line saying which file of which sealed package the file at `file_path` is,
    proven by the disclosure at `disclosure_path` and the checked bundle behind `verdict`.

    Raises click.UsageError if the bundle is not a package's; DecodeError for a malformed
    disclosure; ledger.package.DisclosureMismatch (a ProofError) naming the file when it is
    another file, another package's, or altered; click.ClickException for unreadable files.
    """
    if verdict.entry.kind != "package":
        raise click.UsageError(
            f"this record is not a sealed package (kind {verdict.entry.kind!r}): check the file "
            "with --file alone"
        )
    try:
        disclosure = read_json_file(disclosure_path)
        disclosed = verify_disclosure(disclosure, verdict.entry.digest, file_path)
    except OSError as err:
        where = err.filename or file_path
        raise click.ClickException(f"cannot read {where}: {err.strerror or err}") from err
    position, count = disclosure["leaf_index"] + 1, disclosure["inclusion"]["tree_size"]
    values = disclosed.to_json() | {"alg": ALGORITHM_LABELS[disclosed.alg]}
    root = verdict.entry.digest.hex()
    return package_text(
        language, "disclosure_valid", position=position, count=count, root=root, **values
    )
