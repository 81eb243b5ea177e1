"""cunzheng.ledger.files.write_atomically: whole files, exact modes, nothing replaced unless
asked."""

import stat
from pathlib import Path

import pytest

from cunzheng.ledger.files import write_atomically


def test_a_file_is_written_and_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    write_atomically(path, b"first")
    write_atomically(path, b"second")
    assert path.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left


def test_without_overwrite_an_existing_file_is_kept_and_named(tmp_path: Path) -> None:
    path = tmp_path / "key.json"
    path.write_bytes(b"precious")
    with pytest.raises(FileExistsError) as caught:
        write_atomically(path, b"new", overwrite=False)
    assert caught.value.filename == str(path)
    assert path.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key.json"]


def test_a_stale_temporary_file_is_replaced_or_refused(tmp_path: Path) -> None:
    path, stale = tmp_path / "state.json", tmp_path / ".state.json.tmp"
    stale.write_bytes(b"left by a crash")
    write_atomically(path, b"ok")
    assert path.read_bytes() == b"ok" and not stale.exists()
    (tmp_path / ".key.tmp").write_bytes(b"another writer at work")
    with pytest.raises(FileExistsError) as caught:
        write_atomically(tmp_path / "key", b"x", overwrite=False)
    assert caught.value.filename == str(tmp_path / ".key.tmp")
    assert not (tmp_path / "key").exists()


def test_the_mode_is_exact_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    write_atomically(path, b"s", mode=0o600)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    write_atomically(path, b"s", mode=0o644)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
