"""A node's backup file: a consistent snapshot of its store, packed, and its checked restore.

docs/cli.md, "cunzheng backup": LevelDB admits one process, so the running node writes the snapshot
of its own store (POST /v1/admin/backup, node/api/admin.py), and `cunzheng restore` checks what it
unpacks before any node may use it. The file is a gzip-compressed tar holding, in this order:

    cunzheng-backup.json   the manifest: format, chain, tip, and each store file's size and SHA-256;
                           and, if `cunzheng backup --key-from` added it, the node key sealed
                           with a passphrase (node/sealed_key.py)
    ledger/<name>          the files of a LevelDB store holding the snapshot

gzip's CRC-32 and length trailer catch a damaged or truncated file, the manifest's SHA-256s a
changed store file. The unpacked store is then opened (which checks its tip, see
ledger/store.py), compared with the manifest, and replayed from genesis (ledger/replay.py):
every header link, every commit, every Merkle root, and every block's index records
(ledger/stored_indexes.py), which a node answers from. Nothing is unpacked beyond the free
space of the disk less RESERVED_BYTES: a small file that inflates to fill the disk is
refused before a byte is written.
"""

import contextlib
import gzip
import hashlib
import io
import json
import re
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cunzheng.ledger.errors import DecodeError, LedgerError
from cunzheng.ledger.json_files import parse_json
from cunzheng.ledger.replay import Replayer
from cunzheng.ledger.store import BlockStore
from cunzheng.node.errors import NodeError
from cunzheng.node.restore_mark import write_restore_mark
from cunzheng.node.sealed_key import SealedKey, SealedKeyError

FORMAT = "cunzheng-backup/v1"
MANIFEST_NAME = "cunzheng-backup.json"
STORE_DIR = "ledger"
MAX_MANIFEST_BYTES = 1 << 20
CHUNK_BYTES = 1 << 20
RESERVED_BYTES = 1 << 30  # left free after unpacking: the node, its logs and LevelDB need room
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")  # LevelDB's: CURRENT, 000005.ldb, …


class BackupError(NodeError):
    """A backup that cannot be written, read or trusted; nothing was restored."""


@dataclass(frozen=True, slots=True)
class StoreFile:
    """One file of the snapshot store, as the manifest lists it."""

    name: str
    size: int
    sha256: bytes


@dataclass(frozen=True, slots=True)
class BackupManifest:
    """What a backup holds: the chain, the tip of the snapshot, and its store's files."""

    chain_id: str
    genesis_hash: bytes
    height: int
    ledger_size: int
    ledger_root: bytes
    records: int
    created_ms: int
    files: tuple[StoreFile, ...]
    node_key: SealedKey | None = None

    def to_json(self) -> dict[str, Any]:
        """The manifest as written in the backup file (bytes as lowercase hex)."""
        sealed = {} if self.node_key is None else {"node_key": self.node_key.to_json()}
        return {
            "format": FORMAT,
            "chain_id": self.chain_id,
            "genesis_hash": self.genesis_hash.hex(),
            "height": self.height,
            "ledger_size": self.ledger_size,
            "ledger_root": self.ledger_root.hex(),
            "records": self.records,
            "created_ms": self.created_ms,
            "files": [
                {"name": f.name, "size": f.size, "sha256": f.sha256.hex()} for f in self.files
            ],
            **sealed,
        }

    @classmethod
    def from_json(cls, obj: Any) -> "BackupManifest":
        """The manifest in `obj`; BackupError if it is not one this version can read."""
        if not isinstance(obj, dict) or obj.get("format") != FORMAT:
            found = obj.get("format") if isinstance(obj, dict) else type(obj).__name__
            raise BackupError(f"the manifest has format {found!r}, expected {FORMAT!r}")
        try:
            files = tuple(
                StoreFile(str(f["name"]), int(f["size"]), bytes.fromhex(f["sha256"]))
                for f in obj["files"]
            )
            for stored in files:
                if not _FILE_NAME.fullmatch(stored.name) or stored.size < 0:
                    raise ValueError(f"{stored.name!r} is not a store file name and size")
            sealed = obj.get("node_key")
            return cls(
                str(obj["chain_id"]),
                bytes.fromhex(obj["genesis_hash"]),
                int(obj["height"]),
                int(obj["ledger_size"]),
                bytes.fromhex(obj["ledger_root"]),
                int(obj["records"]),
                int(obj["created_ms"]),
                files,
                None if sealed is None else SealedKey.from_json(sealed),
            )
        except SealedKeyError as err:
            raise BackupError(str(err)) from err
        except (KeyError, TypeError, ValueError) as err:
            raise BackupError(f"the manifest is malformed: {err!r}") from err


def _describe(path: Path) -> StoreFile:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK_BYTES):
            digest.update(chunk)
    return StoreFile(path.name, path.stat().st_size, digest.digest())


def write_backup(store: BlockStore, directory: Path, created_ms: int) -> Path:
    """Write a backup file of `store` into the empty `directory`; return the file's path.

    Needs room in `directory` for a copy of the store and the packed file. Raises LedgerError
    if the snapshot cannot be written, and StoreCorrupted if it does not check.
    """
    snapshot_dir = directory / STORE_DIR
    records = store.write_snapshot(snapshot_dir)
    copy = BlockStore.open(snapshot_dir)  # checks the snapshot's tip before it leaves the node
    try:
        tip = (copy.genesis.chain_id, copy.genesis_hash, copy.height, copy.ledger_size)
        root = copy.ledger_root
    finally:
        copy.close()
    files = tuple(_describe(path) for path in sorted(snapshot_dir.iterdir()) if path.is_file())
    manifest = BackupManifest(*tip, root, records, created_ms, files)
    archive = directory / "backup.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
        _add_manifest(tar, manifest)
        for stored in files:
            tar.add(snapshot_dir / stored.name, f"{STORE_DIR}/{stored.name}", recursive=False)
    return archive


def _add_manifest(tar: tarfile.TarFile, manifest: BackupManifest) -> None:
    data = json.dumps(manifest.to_json(), indent=2).encode("utf-8")
    info = tarfile.TarInfo(MANIFEST_NAME)
    info.size, info.mtime, info.mode = len(data), manifest.created_ms // 1000, 0o644
    tar.addfile(info, io.BytesIO(data))


def add_sealed_key(archive: Path, sealed: SealedKey, out: Path) -> BackupManifest:
    """Write the new file `out`: the backup `archive` with `sealed` added to its manifest;
    return that manifest. Requires `archive` checked by read_backup (its members are copied
    as they are). Raises BackupError, and FileExistsError if `out` exists."""
    with tarfile.open(out, "x:gz", compresslevel=1) as target:

        def copy(tar: tarfile.TarFile) -> BackupManifest:
            manifest = replace(_read_manifest_member(tar), node_key=sealed)
            _add_manifest(target, manifest)
            while (member := tar.next()) is not None:
                target.addfile(member, tar.extractfile(member))
            return manifest

        return _reading(archive, copy)


def read_manifest(archive: Path) -> BackupManifest:
    """The manifest at the start of the backup file `archive`, the rest of the file unread
    (read_backup and restore_backup check it). Raises BackupError."""
    return _reading(archive, _read_manifest_member)


def read_backup(
    archive: Path, into: Path | None = None, max_unpacked_bytes: int | None = None
) -> BackupManifest:
    """Check the backup file `archive` and return its manifest; with `into` (an existing, empty
    directory), also unpack the store's files there, at most `max_unpacked_bytes` of them.

    Checks that the file reads to its end, starts with a manifest of a known format, and holds
    each store file the manifest lists, with its size and SHA-256, and nothing else. Raises
    BackupError saying what is wrong, before unpacking anything when the files the manifest
    lists would be larger than `max_unpacked_bytes`. It does not open the store:
    restore_backup does.
    """
    return _reading(archive, lambda tar: _read_members(tar, into, max_unpacked_bytes))


def _reading(archive: Path, read: Callable[[tarfile.TarFile], BackupManifest]) -> BackupManifest:
    """`read` the opened backup file `archive`; its errors say which file and what to do."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            return read(tar)
    except BackupError as err:
        raise BackupError(f"{archive}: {err}") from err
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as err:
        raise BackupError(
            f"{archive} is damaged or truncated ({err}); use another backup or take a new one"
        ) from err
    except OSError as err:
        raise BackupError(f"cannot read {archive} or unpack it: {err}") from err


def _read_manifest_member(tar: tarfile.TarFile) -> BackupManifest:
    first = tar.next()
    if first is None or first.name != MANIFEST_NAME or not first.isreg():
        raise BackupError(f"does not start with {MANIFEST_NAME}: not a cunzheng backup file")
    if first.size > MAX_MANIFEST_BYTES:
        raise BackupError(f"the manifest is {first.size} bytes, over {MAX_MANIFEST_BYTES}")
    source = tar.extractfile(first)
    if source is None:
        raise BackupError(f"{MANIFEST_NAME} cannot be read")
    try:
        return BackupManifest.from_json(parse_json(source.read(), MANIFEST_NAME))
    except DecodeError as err:
        raise BackupError(str(err)) from err


def _read_members(
    tar: tarfile.TarFile, into: Path | None, max_unpacked_bytes: int | None
) -> BackupManifest:
    manifest = _read_manifest_member(tar)
    total = sum(stored.size for stored in manifest.files)
    if into is not None and max_unpacked_bytes is not None and total > max_unpacked_bytes:
        raise BackupError(
            f"its store files would take {total} bytes unpacked; {max_unpacked_bytes} can be "
            "written here and leave room for the node: free space on this disk first"
        )
    expected = {stored.name: stored for stored in manifest.files}
    seen: set[str] = set()
    while (member := tar.next()) is not None:
        name = member.name.removeprefix(f"{STORE_DIR}/")
        stored = expected.get(name)
        if stored is None or name in seen or not member.isreg() or member.name == name:
            raise BackupError(f"holds {member.name!r}, which the manifest does not list")
        _copy_member(tar, member, stored, into)
        seen.add(name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"store file(s) {', '.join(missing)} are missing: the file is incomplete")
    return manifest


def _copy_member(
    tar: tarfile.TarFile, member: tarfile.TarInfo, stored: StoreFile, into: Path | None
) -> None:
    source = tar.extractfile(member)
    if source is None or member.size != stored.size:
        raise BackupError(f"store file {stored.name} has the wrong size: the file was changed")
    digest = hashlib.sha256()
    with contextlib.ExitStack() as stack:
        target = None if into is None else stack.enter_context((into / stored.name).open("xb"))
        while chunk := source.read(CHUNK_BYTES):
            digest.update(chunk)
            if target is not None:
                target.write(chunk)
    if digest.digest() != stored.sha256:
        raise BackupError(
            f"store file {stored.name} does not match the SHA-256 in the manifest: the file was "
            "changed or damaged; use another backup"
        )


def restore_backup(
    archive: Path, target: Path, genesis_hash: bytes | None = None
) -> BackupManifest:
    """Unpack and check the backup `archive` as a new store directory `target`.

    The store is unpacked beside `target` (only if its files fit on the disk with
    RESERVED_BYTES to spare), compared with the manifest (and with `genesis_hash`, the chain
    the node home belongs to, if given), migrated to this release's store format, opened
    (which checks its tip) and replayed from
    genesis, its indexes checked with every block; only then is the restore mark
    (node/restore_mark.py) written beside it and the store moved to `target`. Raises
    BackupError if `target` exists or if the backup does not check, and then leaves nothing
    behind, not even the folders it made for `target`.
    """
    if target.exists():
        raise BackupError(
            f"{target} already exists; restore into a home without a store, or move the old "
            "store away first"
        )
    made = [folder for folder in (target.parent, *target.parent.parents) if not folder.exists()]
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-restoring-", dir=target.parent))
    try:
        room = shutil.disk_usage(staging).free - RESERVED_BYTES
        manifest = read_backup(archive, staging, max(room, 0))
        if genesis_hash is not None and manifest.genesis_hash != genesis_hash:
            raise BackupError(
                f"the backup is of chain {manifest.chain_id!r} with genesis hash "
                f"{manifest.genesis_hash.hex()[:16]}…, the home's genesis hash is "
                f"{genesis_hash.hex()[:16]}…: it belongs to another chain"
            )
        try:
            BlockStore.migrate(staging)  # a backup an earlier release took
        except LedgerError as err:
            raise BackupError(f"the store in the backup cannot be used: {err}") from err
        verify_restored_store(staging, manifest)
        write_restore_mark(target.parent)  # first: a restored store in place has its mark
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for folder in made:  # innermost first; only what this call made, and only if empty
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return manifest


def verify_restored_store(path: Path, manifest: BackupManifest) -> None:
    """Open the store at `path`, check it holds what `manifest` says, and replay every block,
    checking its index records, then that the indexes hold no others.

    Raises BackupError naming the first thing that does not check.
    """
    try:
        store = BlockStore.open(path)
    except LedgerError as err:
        raise BackupError(f"the store in the backup does not open: {err}") from err
    try:
        found = (store.genesis_hash, store.height, store.ledger_size, store.ledger_root)
        said = (manifest.genesis_hash, manifest.height, manifest.ledger_size, manifest.ledger_root)
        if found != said:
            raise BackupError(
                f"the store in the backup is at height {store.height} with {store.ledger_size} "
                f"entries, its manifest says height {manifest.height} with "
                f"{manifest.ledger_size} entries (or another chain or root)"
            )
        _replay(store)
    finally:
        store.close()


def _replay(store: BlockStore) -> None:
    # Every block replayed from genesis with its index records, then the index counts.
    replayer, blocks_with_entries = Replayer(store.genesis), 0
    for height in range(1, store.height + 1):
        try:
            block = store.block(height)
            replayer.apply(block, store.commit(height))
            store.indexes.verify_block(block.header, block.entries)
        except (LedgerError, KeyError) as err:
            raise BackupError(f"the store in the backup fails replay: {err}") from err
        blocks_with_entries += 1 if block.entries else 0
    try:
        store.indexes.verify_counts(store.ledger_size, blocks_with_entries)
    except LedgerError as err:
        raise BackupError(f"the store in the backup fails replay: {err}") from err
