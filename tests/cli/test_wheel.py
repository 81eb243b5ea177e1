"""`pip install cunzheng` without extras: the wheel, installed into a fresh virtual
environment, seals, verifies and renders certificates without LevelDB or uvloop, and a node
command says how to add them (pip install 'cunzheng[node]').

pip resolves the dependencies from the machine's package index and cache.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.corpus import CORPUS
from tests.support.corpus_runs import case_json, expected_part, verify_arguments

REPO = Path(__file__).resolve().parents[2]
CASES = (
    "file_valid",
    "file_unconfirmed",
    "package_valid",
    "package_file_renamed",
    "package_os_files_ignored",
    "package_file_alone",
    "disclosure_valid",
    "sm3_package",
    "forged_checkpoint_signature",
)


def run(*command: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL")}
    return subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
        env=environment | {"LANG": "C.UTF-8", "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )


@pytest.fixture(scope="module")
def plain_install(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh virtual environment holding `pip install cunzheng`."""
    root = tmp_path_factory.mktemp("wheel")
    built = run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", root, REPO, timeout=300
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = root.glob("cunzheng-*.whl")
    created = run(sys.executable, "-m", "venv", root / "venv", timeout=120)
    assert created.returncode == 0, created.stderr
    bin_folder = root / "venv" / "bin"
    installed = run(bin_folder / "pip", "install", "-q", wheel, timeout=600)
    assert installed.returncode == 0, installed.stderr
    return bin_folder


def test_the_plain_install_has_neither_leveldb_nor_uvloop(plain_install: Path) -> None:
    for module in ("plyvel", "uvloop"):
        found = run(plain_install / "python", "-c", f"import {module}")
        assert found.returncode == 1 and "ModuleNotFoundError" in found.stderr, module


@pytest.mark.parametrize("name", CASES)
def test_the_plain_install_verifies_the_corpus(plain_install: Path, name: str) -> None:
    case = case_json(name)
    arguments = verify_arguments(CORPUS / name, case["inputs"])
    done = run(plain_install / "cunzheng", *arguments)
    verdict = json.loads(done.stdout)
    assert expected_part(verdict) == case["expected"], done.stderr


def test_the_plain_install_seals_and_renders_a_certificate(
    plain_install: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "证据"
    folder.mkdir()
    (folder / "聊天记录.html").write_text("<p>借款五千元</p>", encoding="utf-8")
    sealed = run(plain_install / "cunzheng", "seal", folder, "--out", tmp_path / "m.json")
    assert sealed.returncode == 0, sealed.stderr
    assert json.loads((tmp_path / "m.json").read_text("utf-8"))["format"] == "cunzheng-package/v2"
    case = CORPUS / "file_valid"
    out = tmp_path / "certificate.html"
    certificate = run(
        plain_install / "cunzheng",
        "certificate",
        case / "proof.cunzheng.json",
        "--genesis",
        case / "genesis.json",
        "--out",
        out,
    )
    assert certificate.returncode == 0, certificate.stderr
    assert "<html" in out.read_text(encoding="utf-8")
    audit = run(plain_install / "cunzheng", "audit", "--help")
    assert audit.returncode == 0 and "--package" in audit.stdout


def test_a_node_command_says_how_to_add_the_node_extra(plain_install: Path) -> None:
    done = run(plain_install / "cunzheng", "node", "--home", "anywhere")
    assert done.returncode == 1
    assert "pip install 'cunzheng[node]'" in done.stderr
