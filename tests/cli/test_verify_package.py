"""`cunzheng verify --package` and `--disclosure` on a sealed chat-record folder, offline."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cunzheng.ledger.manifest import write_manifest
from cunzheng.ledger.package import disclose, seal_directory
from tests.support.chain_factory import build_chain
from tests.support.evidence_fixture import counting_salts, sample_collection, write_chat_record

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def sealed(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "证据"
    files = write_chat_record(folder)
    manifest = seal_directory(
        folder, alg="sha256", salt_source=counting_salts(), collection=sample_collection(), roles={}
    )
    write_manifest(tmp_path / "case.json", manifest)
    chain = build_chain(tmp_path / "store", [[manifest.entry]])
    try:
        bundle = chain.bundle(manifest.entry)
        (tmp_path / "genesis.json").write_text(chain.genesis.to_file_text(), "utf-8")
    finally:
        chain.close()
    (tmp_path / "case.bundle.json").write_text(json.dumps(bundle), "utf-8")
    some_file = sorted(files.values())[0]
    relative = some_file.relative_to(folder).as_posix()
    disclosure = disclose(manifest, relative)
    (tmp_path / "one.disclosure.json").write_text(json.dumps(disclosure), "utf-8")
    return {"dir": folder, "root": tmp_path, "file": some_file, "other": sorted(files.values())[1]}


def _verify(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "cunzheng.cli", "verify", str(root / "case.bundle.json")]
    command += ["--genesis", str(root / "genesis.json"), "--lang", "en", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=60)


def test_the_sealed_folder_verifies(sealed: dict[str, Path]) -> None:
    result = _verify(sealed["root"], "--package", str(sealed["dir"]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "exactly as sealed" in result.stdout


def test_an_edited_file_is_named(sealed: dict[str, Path]) -> None:
    with sealed["file"].open("ab") as handle:
        handle.write(b"!")
    result = _verify(sealed["root"], "--package", str(sealed["dir"]))
    assert result.returncode == 1
    assert result.stdout.startswith("INVALID") and sealed["file"].name in result.stdout


def test_an_added_file_is_named(sealed: dict[str, Path]) -> None:
    (sealed["dir"] / "补充.txt").write_text("later", "utf-8")
    result = _verify(sealed["root"], "--package", str(sealed["dir"]))
    assert result.returncode == 1 and "补充.txt" in result.stdout


def test_a_disclosed_file_verifies_alone(sealed: dict[str, Path]) -> None:
    disclosure = str(sealed["root"] / "one.disclosure.json")
    result = _verify(sealed["root"], "--disclosure", disclosure, "--file", str(sealed["file"]))
    assert result.returncode == 0, result.stdout + result.stderr
    other = _verify(sealed["root"], "--disclosure", disclosure, "--file", str(sealed["other"]))
    assert other.returncode == 1 and "INVALID" in other.stdout


def test_a_disclosure_needs_the_file(sealed: dict[str, Path]) -> None:
    result = _verify(sealed["root"], "--disclosure", str(sealed["root"] / "one.disclosure.json"))
    assert result.returncode == 2 and "--file" in result.stderr
