"""Streaming file hashes: known answers, chunk boundaries, and the progress bar path."""

import hashlib
import io
from pathlib import Path

import click
import pytest
from rich.console import Console

from cunzheng.cli import filehash
from cunzheng.cli.algorithms import ALGORITHM_LABELS
from cunzheng.cli.filehash import CHUNK_SIZE, hash_file
from cunzheng.ledger.entry import DIGEST_SIZES

# "abc": FIPS 180-2 appendix B.1 / C.1 and GB/T 32905-2016 appendix A.1.
ABC = {
    "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    "sm3": "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
    "sha512": "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
}


def test_every_ledger_alg_has_a_label() -> None:
    assert set(ALGORITHM_LABELS) == set(DIGEST_SIZES)


@pytest.mark.parametrize("alg", sorted(ABC))
def test_known_answers(tmp_path: Path, alg: str) -> None:
    path = tmp_path / "abc.txt"
    path.write_bytes(b"abc")
    assert hash_file(path, alg).hex() == ABC[alg]


def test_files_across_chunk_boundaries_hash_like_one_shot(tmp_path: Path) -> None:
    data = bytes(range(256)) * (CHUNK_SIZE // 256) + b"tail"
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    assert hash_file(path, "sm3") == hashlib.new("sm3", data).digest()


def test_progress_bar_on_a_terminal_gives_the_same_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filehash, "PROGRESS_THRESHOLD", 10)
    data = b"x" * (2 * CHUNK_SIZE + 5)
    path = tmp_path / "recording.mp4"
    path.write_bytes(data)
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    assert hash_file(path, "sha256", console) == hashlib.sha256(data).digest()
    assert "recording.mp4" in screen.getvalue()


def test_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(click.ClickException, match=r"cannot read .*missing\.bin"):
        hash_file(tmp_path / "missing.bin", "sha256")
