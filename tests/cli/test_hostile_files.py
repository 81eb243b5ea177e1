"""Files nested 50,000 levels deep, or giving a key twice, get a clear answer from every
command that reads them, never a RecursionError (docs/formats.md, "JSON forms"). A bundle,
manifest or disclosure that is no JSON cunzheng reads gets an invalid verdict (exit 1: the
page says the same); a trusted genesis that is none is a usage error (exit 2)."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from cunzheng.cli.main import main
from tests.support.corpus import CORPUS

PACKAGE = CORPUS / "package_valid"
DISCLOSED = CORPUS / "disclosure_valid"


@pytest.fixture(params=["deep", "repeated"])
def hostile(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """(a file no strict reader accepts, what the error says of it)."""
    path = tmp_path / f"{request.param}.json"
    if request.param == "deep":
        path.write_text("[" * 50_000)
        return path, "nests arrays and objects deeper than 64 levels"
    path.write_text('{"format": "cunzheng-package/v2", "format": "cunzheng-disclosure/v1"}')
    return path, "key 'format' appears twice in one object"


def _run(*arguments: object) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*map(str, arguments), "--lang", "en"])
    assert not isinstance(result.exception, RecursionError)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_verify_gives_each_its_malformed_verdict(hostile: tuple[Path, str]) -> None:
    path, said = hostile
    bundle = PACKAGE / "proof.cunzheng.json"
    cases = [
        ((path,), "the proof bundle is malformed"),
        ((bundle, "--manifest", path, "--package", PACKAGE / "evidence"), "the manifest is not"),
        (
            (
                DISCLOSED / "proof.cunzheng.json",
                "--disclosure",
                path,
                "--file",
                DISCLOSED / "我的个人信息页.png",
            ),
            "the disclosure is not",
        ),
    ]
    for arguments, verdict in cases:
        code, output = _run("verify", *arguments)
        assert code == 1 and output.startswith(f"INVALID: {verdict}") and said in output, output


def test_a_trusted_genesis_that_is_none_is_a_usage_error(hostile: tuple[Path, str]) -> None:
    path, said = hostile
    code, output = _run("verify", PACKAGE / "proof.cunzheng.json", "--genesis", path)
    assert code == 2 and "is not a genesis.json file" in output and said in output


def test_other_commands_refuse_them_with_a_message(
    hostile: tuple[Path, str], tmp_path: Path
) -> None:
    path, said = hostile
    assert _run("disclose", path, "a.png", "--out", tmp_path / "d.json")[0] == 2
    code, output = _run("certificate", path, "--out", tmp_path / "c.html")
    assert code == 1 and said in output and not (tmp_path / "c.html").exists()
    code, output = _run("refresh", path, "--node", "http://127.0.0.1:9")
    assert code == 1 and said in output
