"""The admin endpoint: `POST /v1/admin/backup` (docs/http-api.md, "POST /v1/admin/backup").

The node writes a consistent snapshot of its own store (node/backup.py) and sends it as the
answer; `cunzheng backup` saves it. Only loopback clients may ask, and the addresses or
networks in `[limits] admin_allow`. A request that a proxy forwarded is refused whatever its
address: a reverse proxy on the same host connects from loopback, and the public must not
reach this endpoint through it.
"""

import asyncio
import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from cunzheng.ledger.errors import LedgerError
from cunzheng.ledger.store import BlockStore
from cunzheng.node.addresses import Network, is_in_networks, is_loopback, parse_networks
from cunzheng.node.api.errors import ApiError
from cunzheng.node.backup import CHUNK_BYTES, write_backup
from cunzheng.node.config import LimitsSection

log = logging.getLogger(__name__)

BACKUP_PATH = "/v1/admin/backup"
FORWARDING_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Real-IP")
BACKUP_MEDIA_TYPE = "application/gzip"


class _Admin:
    """What the admin handlers need: the store, who may call, the clock, one backup at a time."""

    def __init__(
        self, store: BlockStore, allowed: list[Network], clock_ms: Callable[[], int]
    ) -> None:
        self.store, self.allowed, self.clock_ms = store, allowed, clock_ms
        self.busy = asyncio.Lock()


ADMIN_KEY: web.AppKey[_Admin] = web.AppKey("admin")


def add_admin_routes(
    app: web.Application,
    store: BlockStore,
    limits: LimitsSection,
    clock_ms: Callable[[], int],
) -> None:
    """Add `POST /v1/admin/backup` to `app`, serving snapshots of `store`.

    `limits.admin_allow` names who may call besides loopback clients; `clock_ms` dates backups.
    """
    app[ADMIN_KEY] = _Admin(store, parse_networks(limits.admin_allow), clock_ms)
    app.router.add_post(BACKUP_PATH, post_backup)


def verify_admin_client(request: web.Request, allowed: list[Network]) -> None:
    """Raise ApiError 403 unless `request` came straight from loopback or an allowed address."""
    address = request.remote or ""
    forwarded = [name for name in FORWARDING_HEADERS if name in request.headers]
    if forwarded:
        raise ApiError(
            403,
            "admin_forbidden",
            f"admin requests are not taken through a proxy (the request carries {forwarded[0]}); "
            "run the command on the node's own host",
        )
    if not (is_loopback(address) or is_in_networks(address, allowed)):
        raise ApiError(
            403,
            "admin_forbidden",
            f"admin requests are taken from loopback only, not from {address or 'this client'}; "
            "run the command on the node's own host, or add the address to [limits] admin_allow",
        )


async def post_backup(request: web.Request) -> web.StreamResponse:
    """Answer with a backup file of the node's store: a consistent snapshot, checked."""
    admin = request.app[ADMIN_KEY]
    verify_admin_client(request, admin.allowed)
    if admin.busy.locked():
        raise ApiError(409, "backup_running", "a backup is being written; retry when it is done")
    async with admin.busy:
        directory = Path(tempfile.mkdtemp(prefix="cunzheng-backup-"))
        try:
            try:
                archive = await asyncio.to_thread(
                    write_backup, admin.store, directory, admin.clock_ms()
                )
            except LedgerError as err:
                log.error("backup failed: %s", err)
                raise ApiError(500, "backup_failed", f"the backup was not written: {err}") from err
            return await _send(request, archive)
        finally:
            await asyncio.to_thread(shutil.rmtree, directory, True)


async def _send(request: web.Request, archive: Path) -> web.StreamResponse:
    size = archive.stat().st_size
    response = web.StreamResponse(
        headers={
            "Content-Type": BACKUP_MEDIA_TYPE,
            "Content-Disposition": 'attachment; filename="cunzheng-backup.tar.gz"',
        }
    )
    response.content_length = size
    await response.prepare(request)
    with archive.open("rb") as file:
        while chunk := await asyncio.to_thread(file.read, CHUNK_BYTES):
            await response.write(chunk)
    await response.write_eof()
    log.info("backup of %d bytes sent to %s", size, request.remote)
    return response
