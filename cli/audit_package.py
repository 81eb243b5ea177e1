"""The audit package that `cunzheng export` writes and `cunzheng audit --package` reads.

docs/cli.md, "cunzheng export"; docs/domain.md, "Expert examination" (司法鉴定).
Layout of the package directory:

    MANIFEST.json              format, software version, chain id, height, ledger size, root
                               and tip hash, and the path, size and SHA-256 of every other file
    genesis.json               the consortium's genesis
    validators.json            the validator history: for now the genesis set from height 1
    blocks/NNNNNNNN.msgpack    up to 100 blocks from height NNNNNNNN: a msgpack array of
                               [block encoding, commit encoding] pairs
                               (docs/formats.md, "Audit package")
    checkpoints/SIZE.txt       the last block's checkpoint, signed by its commit (C2SP note)

`open_package` refuses a package whose files differ from the manifest, naming the file.
"""

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.i18n import CliError, Message
from cunzheng.cli.replay_failure import ReplayFailure
from cunzheng.cli.trust import load_genesis
from cunzheng.ledger import encoding
from cunzheng.ledger.block import MAX_BLOCK_BYTES, Block, Commit, Header
from cunzheng.ledger.checkpoint import SignedCheckpoint, verified_signers
from cunzheng.ledger.errors import DecodeError, LedgerError
from cunzheng.ledger.fields import check_fields, check_int
from cunzheng.ledger.finality import checkpoint_of
from cunzheng.ledger.governance import ValidatorHistory, replay_changes
from cunzheng.ledger.json_files import parse_json
from cunzheng.ledger.validators import Genesis

PACKAGE_FORMAT, PACKAGE_VERSION = "cunzheng-audit-package", 1
MANIFEST_NAME = "MANIFEST.json"
BLOCKS_PER_FILE = 100
MAX_JSON_BYTES = 64 * 1024 * 1024
_PACKAGE_PATH = re.compile(
    r"genesis\.json|validators\.json|blocks/[0-9]{8,19}\.msgpack|checkpoints/[0-9]{1,19}\.txt"
)
_MANIFEST_FIELDS = {
    "format",
    "version",
    "software",
    "chain_id",
    "genesis_hash",
    "height",
    "ledger_size",
    "ledger_root",
    "tip_hash",
    "source",
    "files",
}


def validators_json(history: ValidatorHistory) -> dict[str, Any]:
    """validators.json: each validator set, the height from which it signs blocks, and the
    governance entry that made it (ledger/governance.py)."""
    return {"version": 1, "history": history.to_json()}


def _history_of(directory: Path, genesis: Genesis) -> ValidatorHistory:
    """The validator history validators.json states, each change checked from genesis."""
    obj = _read_json(directory / "validators.json", "validators.json")
    try:
        changes = [(e["committed_at"], bytes.fromhex(e["entry"])) for e in obj["history"][1:]]
        history = replay_changes(genesis.chain_id, genesis.validator_set, changes)
    except (KeyError, TypeError, ValueError, LedgerError) as err:
        raise PackageRefused("package_validators_unchecked", error=ErrorText(err)) from err
    if obj != validators_json(history):
        raise PackageRefused("package_validators_mismatch")
    return history


class PackageRefused(CliError):
    """An audit package whose files are not exactly those its manifest lists."""


def _read_json(path: Path, name: str) -> Any:
    try:
        with path.open("rb") as file:
            return parse_json(file.read(MAX_JSON_BYTES + 1), name, MAX_JSON_BYTES)
    except (OSError, DecodeError) as err:
        raise PackageRefused("package_json_unreadable", name=name, error=ErrorText(err)) from err


def _manifest_files(manifest: Any) -> dict[str, dict[str, Any]]:
    try:
        check_fields(manifest, MANIFEST_NAME, _MANIFEST_FIELDS, _MANIFEST_FIELDS)
        if (manifest["format"], manifest["version"]) != (PACKAGE_FORMAT, PACKAGE_VERSION):
            raise DecodeError(f"it is not a version {PACKAGE_VERSION} {PACKAGE_FORMAT}")
        check_int(manifest["height"], "height", 1)
        check_int(manifest["ledger_size"], "ledger_size")
        files = {}
        for item in manifest["files"]:
            check_fields(
                item, "manifest file", {"path", "size", "sha256"}, {"path", "size", "sha256"}
            )
            if not isinstance(item["path"], str) or not _PACKAGE_PATH.fullmatch(item["path"]):
                raise DecodeError(f"it lists {item['path']!r}, which no package holds")
            files[item["path"]] = item
    except (DecodeError, TypeError) as err:
        raise PackageRefused(
            "package_manifest_malformed", name=MANIFEST_NAME, error=ErrorText(err)
        ) from err
    return files


def _check_files(directory: Path, files: dict[str, dict[str, Any]]) -> None:
    present = {p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file()}
    for path in sorted(present - set(files) - {MANIFEST_NAME}):
        raise PackageRefused("package_file_added", path=path, manifest=MANIFEST_NAME)
    for path in sorted(set(files) - present):
        raise PackageRefused("package_file_missing", path=path, manifest=MANIFEST_NAME)
    for path, item in sorted(files.items()):
        with (directory / path).open("rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
        size = (directory / path).stat().st_size
        if (size, digest) != (item["size"], item["sha256"]):
            listed = {"listed_size": item["size"], "listed_digest": item["sha256"]}
            raise PackageRefused(
                "package_file_altered",
                path=path,
                size=size,
                digest=digest,
                manifest=MANIFEST_NAME,
                **listed,
            )


@dataclass(frozen=True, slots=True)
class Package:
    """An audit package whose files all match its manifest."""

    directory: Path
    manifest: dict[str, Any]
    genesis: Genesis
    history: ValidatorHistory
    pages: tuple[tuple[int, Path], ...]  # (height of the first block, file), ascending

    def blocks(self, first: int) -> Iterator[tuple[Block, Commit]]:
        """The blocks from height `first`; after the last one, checks that the manifest and
        the signed checkpoint name it. Raises DecodeError or ReplayError naming the file."""
        last: tuple[Header, Commit] | None = None
        for index, (start, path) in enumerate(self.pages):
            following = self.pages[index + 1][0] if index + 1 < len(self.pages) else None
            if following is not None and following <= first:
                continue
            for block, commit in _read_page(path, start):
                if block.header.height >= first:
                    last = block.header, commit
                    yield block, commit
        if last is not None:
            self._verify_tip(*last)

    def _verify_tip(self, tip: Header, commit: Commit) -> None:
        manifest = self.manifest
        named = (manifest["height"], manifest["ledger_size"], manifest["ledger_root"])
        if named != (tip.height, tip.ledger_size, tip.ledger_root.hex()) or (
            manifest["tip_hash"] != tip.hash().hex()
        ):
            named_other = Message("package_other_tip", {"manifest": MANIFEST_NAME})
            raise ReplayFailure(tip.height, "package", named_other)
        name = f"checkpoints/{tip.ledger_size}.txt"
        if not (self.directory / name).is_file():
            missing = Message("package_checkpoint_missing", {"name": name})
            raise ReplayFailure(tip.height, "checkpoint", missing)
        note = SignedCheckpoint.parse((self.directory / name).read_bytes())
        validators = self.history.at(tip.height)
        signers = verified_signers(note, {v.name: v.public_key for v in validators.validators})
        power = sum(v.power for v in validators.validators if v.name in signers)
        if note.checkpoint != checkpoint_of(tip) or not validators.is_quorum(power):
            unsigned = Message("package_checkpoint_unsigned", {"name": name})
            raise ReplayFailure(tip.height, "checkpoint", unsigned)


def _read_page(path: Path, start: int) -> Iterator[tuple[Block, Commit]]:
    name = f"blocks/{path.name}"
    pairs = encoding.unpack(path.read_bytes(), max_size=BLOCKS_PER_FILE * MAX_BLOCK_BYTES)
    if not isinstance(pairs, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, bytes) for x in p) for p in pairs
    ):
        raise DecodeError(f"package file {name} is not an array of [block, commit] encodings")
    for position, (block_bytes, commit_bytes) in enumerate(pairs):
        block = Block.decode(block_bytes)
        if block.header.height != start + position:
            raise DecodeError(
                f"package file {name} holds block {block.header.height} at "
                f"position {position}, its name says {start + position}"
            )
        yield block, Commit.decode(commit_bytes)


def open_package(directory: Path) -> Package:
    """The audit package in `directory`, every file checked against MANIFEST.json.

    Raises PackageRefused naming the file that is added, missing, altered or malformed.
    """
    manifest = _read_json(directory / MANIFEST_NAME, MANIFEST_NAME)
    files = _manifest_files(manifest)
    _check_files(directory, files)
    try:
        genesis = load_genesis(directory / "genesis.json", "--package")
    except click.BadParameter as err:
        raise PackageRefused("package_genesis_unusable", error=ErrorText(err)) from err
    if genesis.hash().hex() != manifest["genesis_hash"]:
        raise PackageRefused("package_genesis_other", manifest=MANIFEST_NAME)
    history = _history_of(directory, genesis)
    pages = sorted(
        (int(path[len("blocks/") : -len(".msgpack")]), directory / path)
        for path in files
        if path.startswith("blocks/")
    )
    return Package(directory, manifest, genesis, history, tuple(pages))
