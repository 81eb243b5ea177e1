"""The data directory's size and its filesystem's room (node/disk_usage.py), sampled in a
worker thread: exact sizes, symbolic links not followed, growth seen by the next sample."""

import asyncio
import logging
import os
import shutil
from pathlib import Path

import pytest

from cunzheng.node.disk_usage import DiskSampler, DiskUsage, directory_bytes, disk_usage_of


def test_directory_bytes_adds_the_files_at_every_depth_and_follows_no_link(
    tmp_path: Path,
) -> None:
    (tmp_path / "ledger" / "deeper").mkdir(parents=True)
    (tmp_path / "signing_guard").write_bytes(b"g" * 100)
    (tmp_path / "ledger" / "000005.ldb").write_bytes(b"t" * 3000)
    (tmp_path / "ledger" / "deeper" / "LOG").write_bytes(b"l" * 7)
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "big").write_bytes(b"x" * 50_000)
    os.symlink(outside, tmp_path / "link-to-dir")
    os.symlink(outside / "big", tmp_path / "link-to-file")
    assert directory_bytes(tmp_path) == 3107


def test_a_sample_names_the_filesystem_of_the_directory(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"1234")
    usage = disk_usage_of(tmp_path)
    filesystem = shutil.disk_usage(tmp_path)
    assert usage.store_bytes == 4
    assert usage.size_bytes == filesystem.total
    assert 0 < usage.free_bytes <= usage.size_bytes


def test_a_missing_directory_raises_and_a_negative_sample_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        disk_usage_of(tmp_path / "absent")
    with pytest.raises(ValueError, match="must not be negative"):
        DiskUsage(store_bytes=-1, free_bytes=0, size_bytes=0)


async def _until(what: str, sampler: DiskSampler, expected: int) -> None:
    for _ in range(200):
        if sampler.latest is not None and sampler.latest.store_bytes == expected:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{what}: latest is {sampler.latest}, expected {expected}")


async def test_the_sampler_sees_the_directory_grow_and_keeps_its_last_sample(
    tmp_path: Path,
) -> None:
    sampler = DiskSampler(tmp_path, interval_s=0.02)
    assert sampler.latest is None
    sampler.start()
    try:
        await _until("the first sample", sampler, 0)
        (tmp_path / "table").write_bytes(b"t" * 4096)
        await _until("a sample after the write", sampler, 4096)
    finally:
        await sampler.stop()
    last = sampler.latest
    (tmp_path / "after").write_bytes(b"a")
    await asyncio.sleep(0.1)
    assert sampler.latest is last and last is not None and last.store_bytes == 4096


async def test_a_failing_sample_is_logged_and_sampling_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="cunzheng.node.disk_usage")
    data = tmp_path / "data"
    sampler = DiskSampler(data, interval_s=0.02)
    sampler.start()
    try:
        for _ in range(200):
            if caplog.records:
                break
            await asyncio.sleep(0.01)
        assert sampler.latest is None
        assert f"cannot measure the data directory {data}" in caplog.records[0].getMessage()
        data.mkdir()
        await _until("a sample once the directory exists", sampler, 0)
    finally:
        await sampler.stop()
