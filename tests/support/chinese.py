"""Running `cunzheng` in Chinese in click's runner, and checking that what it says is Chinese
(tests/support/untranslated.py)."""

from pathlib import Path

from click.testing import CliRunner, Result

from cunzheng.cli.main import main
from tests.support.untranslated import has_chinese, untranslated_lines

# Wide enough that rich's tables (status, governance show) fold no name in two.
ENGLISH = {"LANG": "C.UTF-8", "LC_ALL": None, "LC_MESSAGES": None, "COLUMNS": "200"}
CHINESE = {"LANG": "zh_CN.UTF-8", "LC_ALL": None, "LC_MESSAGES": None, "COLUMNS": "200"}


def in_chinese(*args: str | Path, exit_code: int = 0, by_locale: bool = False) -> Result:
    """Run `cunzheng ARGS` with `--lang zh` (in an English locale), or in a Chinese locale;
    check its exit code and that every line it printed is Chinese."""
    arguments = [str(arg) for arg in args]
    if by_locale:
        result = CliRunner().invoke(main, arguments, env=CHINESE, prog_name="cunzheng")
    else:
        arguments += ["--lang", "zh"]
        result = CliRunner().invoke(main, arguments, env=ENGLISH, prog_name="cunzheng")
    assert result.exit_code == exit_code, result.output
    if not isinstance(result.exception, SystemExit | None):
        raise result.exception
    assert_chinese(result.output)
    return result


def in_english(*args: str | Path) -> Result:
    """Run `cunzheng ARGS` in an English locale."""
    return CliRunner().invoke(main, [str(arg) for arg in args], env=ENGLISH, prog_name="cunzheng")


def assert_chinese(output: str) -> None:
    """`output` says something, in Chinese, with no English words but labelled details."""
    assert has_chinese(output), output
    assert untranslated_lines(output) == [], output
