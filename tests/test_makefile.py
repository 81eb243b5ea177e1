"""`make run` and `make install` check the Python they are given before creating the venv,
and say what to install when it is too old or cannot create a venv (Debian's python3 without
python3-venv). `make wheelhouse` collects the wheels that install a node with no package
index (slow: it builds and installs them)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.processes import REPO

# A stand-in for `python3`: says it is {version}, and fails the version or venv check.
FAKE_PYTHON = """#!/bin/sh
if [ "$1" = "--version" ]; then echo "Python {version}"; exit 0; fi
case "$2" in
  *version_info*) exit {too_old} ;;
  *ensurepip*) exit {no_venv} ;;
esac
exit 0
"""


def make_install_with(tmp_path: Path, version: str, too_old: bool, no_venv: bool) -> str:
    """Run `make install` with the fake Python; return its output (it must fail)."""
    python = tmp_path / "python"
    python.write_text(
        FAKE_PYTHON.format(version=version, too_old=int(too_old), no_venv=int(no_venv))
    )
    python.chmod(0o755)
    venv = tmp_path / "venv"
    result = subprocess.run(
        ["make", "--no-print-directory", f"VENV={venv}", f"PYTHON={python}", "install"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0, result.stdout
    assert not venv.exists()
    return result.stderr


def test_a_python_older_than_3_11_is_named_with_what_to_do(tmp_path: Path) -> None:
    said = make_install_with(tmp_path, "3.9.2", too_old=True, no_venv=False)
    assert "cunzheng needs Python 3.11 or later" in said
    assert "Python 3.9.2" in said and "PYTHON=python3.12" in said


def test_a_python_without_venv_says_to_install_python3_venv(tmp_path: Path) -> None:
    said = make_install_with(tmp_path, "3.11.2", too_old=False, no_venv=True)
    assert "cannot create a virtual environment" in said
    assert "apt-get install python3-venv" in said


@pytest.mark.slow
def test_the_wheelhouse_installs_a_node_without_any_package_index(tmp_path: Path) -> None:
    wheelhouse = tmp_path / "wheelhouse"
    built = subprocess.run(
        ["make", "--no-print-directory", f"WHEELHOUSE={wheelhouse}", "wheelhouse"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    assert any(wheel.name.startswith("cunzheng-") for wheel in wheelhouse.glob("*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=120)
    # As deploy/README.md shows it; --isolated and no config file: no index, no other links.
    installed = subprocess.run(
        [
            venv / "bin" / "pip",
            "--isolated",
            "install",
            "--no-index",
            "--find-links",
            wheelhouse,
            "cunzheng[node]",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PIP_CONFIG_FILE": os.devnull},
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    node = subprocess.run(
        [venv / "bin" / "python", "-c", "import plyvel, uvloop, cunzheng.node.node"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert node.returncode == 0, node.stderr
