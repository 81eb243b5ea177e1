"""How much disk the node's data uses and how much its filesystem has left, sampled in a
worker thread every `interval_s` seconds for GET /metrics (cunzheng_store_bytes,
cunzheng_disk_free_bytes, cunzheng_disk_size_bytes; docs/http-api.md, "GET /metrics").

LevelDB's own estimate (`approximate_sizes`) counts only its sorted tables, so it reads 0
until the first compaction and misses the write-ahead log; the bytes of the files in the
data directory are what fills the disk. Walking the directory and asking the filesystem are
blocking calls, hence the thread: a scrape never waits for them.
"""

import asyncio
import contextlib
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)
SAMPLE_INTERVAL_S = 15.0  # Prometheus' default scrape interval: each scrape sees a fresh sample


@dataclass(frozen=True, slots=True)
class DiskUsage:
    """One sample: the data directory's size and its filesystem's free and total bytes."""

    store_bytes: int  # the sizes of the files under the data directory
    free_bytes: int  # available to the node's (unprivileged) user, as `df` shows it
    size_bytes: int  # the filesystem's total size

    def __post_init__(self) -> None:
        if min(self.store_bytes, self.free_bytes, self.size_bytes) < 0:
            raise ValueError(f"disk usage must not be negative, got {self}")


def directory_bytes(directory: Path) -> int:
    """The sum of the sizes of the regular files under `directory`, at any depth.

    Symbolic links are not followed. A file removed while it is counted (LevelDB deletes
    tables after a compaction) counts as 0. Raises OSError if `directory` cannot be read.
    """
    total = 0
    pending = [directory]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                with contextlib.suppress(FileNotFoundError):
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(Path(entry.path))
                    elif entry.is_file(follow_symlinks=False):
                        total += entry.stat(follow_symlinks=False).st_size
    return total


def disk_usage_of(data_dir: Path) -> DiskUsage:
    """A sample of `data_dir` and its filesystem. Blocking; raises OSError."""
    filesystem = shutil.disk_usage(data_dir)
    return DiskUsage(directory_bytes(data_dir), filesystem.free, filesystem.total)


class DiskSampler:
    """Keeps `latest`, a DiskUsage of the data directory at most `interval_s` seconds old
    (None until the first sample), while started."""

    def __init__(self, data_dir: Path, interval_s: float = SAMPLE_INTERVAL_S) -> None:
        self._data_dir, self._interval_s = data_dir, interval_s
        self.latest: DiskUsage | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start sampling: the first sample at once, in a worker thread. Requires a running
        event loop."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="disk-sampler")

    async def stop(self) -> None:
        """Stop sampling; `latest` keeps the last sample."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                self.latest = await asyncio.to_thread(disk_usage_of, self._data_dir)
            except OSError as err:
                # The gauges keep the last sample; the log says why it is not fresh.
                log.warning("cannot measure the data directory %s: %s", self._data_dir, err)
            await asyncio.sleep(self._interval_s)
