"""The message catalog (cli/messages/), how the language is chosen, and the detector of
English words in Chinese output that the tests of every command use."""

import ast
import re
import string
from pathlib import Path

import click
import pytest

from cunzheng.cli.error_text import ErrorText
from cunzheng.cli.i18n import (
    LANGUAGES,
    CliError,
    Message,
    language_from_environment,
    language_option_in,
    text,
)
from cunzheng.cli.messages import MESSAGES
from cunzheng.cli.usage_errors import click_said
from cunzheng.ledger.errors import DecodeError, RootMismatch
from cunzheng.ledger.reasons import NOTICES, REASONS
from cunzheng.ledger.replay import ReplayError
from tests.support.untranslated import english_words, untranslated_lines

CLI = Path(__file__).resolve().parents[2] / "cli"


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": ""}, "zh"),
    ],
)
def test_language_follows_the_locale(environ: dict[str, str], language: str) -> None:
    assert language_from_environment(environ) == language


@pytest.mark.parametrize(
    ("arguments", "found"),
    [
        (["verify", "b.json", "--lang", "zh"], "zh"),
        (["--lang=en", "verify"], "en"),
        (["--lang", "zh", "verify", "--lang", "en"], "en"),
        (["verify", "--", "--lang", "zh"], None),
        (["verify", "--lang"], None),
    ],
)
def test_lang_is_found_on_the_raw_command_line(arguments: list[str], found: str | None) -> None:
    assert language_option_in(arguments) == found


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# English leaves out the Beijing date when it is the UTC date; Chinese always gives it.
FEWER_IN_ENGLISH = {"beijing_time_same_day": {"year", "month", "day"}}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_exists_in_both_languages_with_the_same_placeholders(key: str) -> None:
    assert set(MESSAGES[key]) == set(LANGUAGES)
    english, chinese = _placeholders(MESSAGES[key]["en"]), _placeholders(MESSAGES[key]["zh"])
    assert english | FEWER_IN_ENGLISH.get(key, set()) == chinese


def _lines_holding(template: str, name: str) -> list[str]:
    return [line for line in template.split("\n") if "{" + name in line]


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_english_in_a_chinese_message_stands_on_a_line_of_its_own(key: str) -> None:
    # {error} is an ErrorText or a reason: its own line(s). {detail} is English only:
    # after the label, at the start of a line.
    chinese = MESSAGES[key]["zh"]
    for line in _lines_holding(chinese, "error"):
        assert line == "{error}", f"{key}: {line!r}"
    for line in _lines_holding(chinese, "detail"):
        assert line == "技术细节（英文）：{detail}", f"{key}: {line!r}"


def _without_placeholders(template: str) -> str:
    # A placeholder becomes a code, which the detector allows, as the values it stands for.
    return "".join(
        literal + ("" if name is None else "X_1")
        for literal, name, _, _ in string.Formatter().parse(template)
    )


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_chinese_messages_hold_no_english_words(key: str) -> None:
    assert untranslated_lines(_without_placeholders(MESSAGES[key]["zh"])) == [], key


# Outside command lines, URLs and codes (paths, NAME=VALUE forms), Chinese text uses
# full-width punctuation.
_COMMAND_OR_URL = re.compile(r"(?:cunzheng|pip install|https?://)[^\u2e80-\uffff“”]*")
_CODE = re.compile(r"[^\s\u2e80-\uffff“”]*[=/][^\s\u2e80-\uffff“”]*")
_ASCII_PUNCTUATION = re.compile(r"[,;:()!?\"]")


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_chinese_messages_use_full_width_punctuation(key: str) -> None:
    chinese = _CODE.sub("", _COMMAND_OR_URL.sub("", _without_placeholders(MESSAGES[key]["zh"])))
    if not re.search(r"[\u4e00-\u9fff]", chinese):
        return  # a code or a format, not a Chinese sentence ("{utc}", "{year:04d}-…")
    assert _ASCII_PUNCTUATION.findall(chinese) == [], f"{key}: {MESSAGES[key]['zh']!r}"


# docs/glossary.md: one word for each thing.
NOT_THE_WORD = {
    "权重": "投票权",
    "链标识": "账本标识",
    "入账": "上链",
    "区块时间": "共识时间",
    "申请人": "当事人",
    "披露文件": "单文件披露",
    "创世哈希": "创世文件摘要",
}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_chinese_messages_keep_to_the_glossary(key: str) -> None:
    chinese = MESSAGES[key]["zh"]
    for wrong, right in NOT_THE_WORD.items():
        assert wrong not in chinese, f"{key}: {right}, not {wrong}"
    # 哈希值 only in apposition to 摘要, where a layperson first reads a digest.
    assert "哈希" not in chinese.replace("摘要（哈希值）", ""), key
    # One 中 for one relation: not "名单中 4 个公证节点中的 3 个".
    assert not re.search(r"中 \{\w+\} 个[^，。；：]*中的", chinese), key


def _keys_in_code() -> set[str]:
    """Every string literal in cli/ outside the catalog, and the literal start of each
    f-string (as "prefix*")."""
    keys = set()
    for path in CLI.rglob("*.py"):
        if "messages" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                keys.add(node.value)
            if isinstance(node, ast.JoinedStr):  # f"reason_{code}": its literal prefix
                first = node.values[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    keys.add(first.value + "*")
    return keys


def test_every_message_is_used() -> None:
    # A key is used by name, or as one of a family (f"reason_{code}", "check_" + code).
    in_code = _keys_in_code()
    prefixes = tuple(
        found.group(1)
        for key in in_code
        if (found := re.fullmatch(r"([a-z]+(?:_[a-z]+)*_)\*?", key)) is not None
    )
    unused = [key for key in MESSAGES if key not in in_code and not key.startswith(prefixes)]
    assert unused == []


def test_every_reason_code_and_notice_has_words() -> None:
    assert all(f"reason_{reason}" in MESSAGES for reason in REASONS)
    assert all(f"notice_{notice}" in MESSAGES for notice in NOTICES)


def test_an_exception_must_be_wrapped_to_be_said() -> None:
    with pytest.raises(TypeError, match="ErrorText"):
        text("zh", "cannot_read", path="x", error=OSError(2, "No such file or directory"))


def test_a_ledger_error_is_said_in_chinese_from_its_fields() -> None:
    error = RootMismatch(tree_size=5, expected=bytes(32), computed=bytes([1]) * 32)
    said = ErrorText(error).in_language("zh")
    assert said == (
        "原因：按证明推算，账本共 5 条时的根摘要为 0101010101010101，而签名的根摘要为 "
        "0000000000000000；请从其他公证节点重新获取证明后再作判断。"
    )
    assert ErrorText(error).in_language("en") == str(error)


def test_english_only_a_ledger_error_carries_follows_on_its_own_labelled_line() -> None:
    said = ErrorText(ReplayError(7, "proposer", "proposer ab is no validator")).in_language("zh")
    assert said.splitlines() == [
        "原因：第 7 号区块未通过提议者检查。",
        "技术细节（英文）：block 7 fails the proposer check: proposer ab is no validator",
    ]
    tagged = DecodeError("unknown field 'x'")
    tagged.reason_code = "malformed_bundle"
    assert ErrorText(tagged).in_language("zh").splitlines()[0] == (
        "原因：证明文件格式错误，或其各部分内容互相矛盾。"
    )


def test_a_system_error_is_said_from_its_errno() -> None:
    missing = FileNotFoundError(2, "No such file or directory", "/tmp/x")
    assert ErrorText(missing).in_language("zh") == "原因：文件或文件夹不存在。"
    assert ErrorText(missing).in_language("en") == "No such file or directory"


def test_an_error_keeps_its_english_for_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    error = CliError("proof_not_committed", entry_id="ab")
    assert error.message == "记录 ab 尚未上链，请几秒后重试。"
    assert error.in_language("en") == "entry ab is not committed yet; try again in a few seconds"


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Option '--out' requires an argument.", "选项 '--out' 后面需要一个值。"),
        ("Got unexpected extra arguments (a b)", "多出了参数（a b）。"),
        (
            "'md5' is not one of 'sha256', 'sm3'.",
            "'md5' 不是可选值之一，可选值为 'sha256', 'sm3'。",
        ),
        ("File 'x.json' does not exist.", "文件 'x.json' 不存在。"),
        ("0 is not in the range x>=1.", "0 不在允许的范围 x>=1 内。"),
    ],
)
def test_click_s_own_messages_are_said_in_chinese(english: str, chinese: str) -> None:
    assert click_said(english, "zh", "usage_untranslated") == chinese
    assert click_said(english, "en", "usage_untranslated") == english


def test_a_click_message_no_template_knows_keeps_its_english_on_a_labelled_line() -> None:
    said = click_said("Something new went wrong.", "zh", "usage_untranslated")
    assert said.splitlines() == ["命令用法有误。", "技术细节（英文）：Something new went wrong."]
    assert untranslated_lines(said) == []


def test_the_click_texts_are_click_s_own() -> None:
    # Each click_said_* English is the template click 8 uses; one found by the running
    # click proves the patterns are current.
    command = click.Command("c", params=[click.Option(["--n"], type=click.IntRange(min=1))])
    with pytest.raises(click.BadParameter) as raised:
        command.make_context("c", ["--n", "0"])
    assert click_said(raised.value.message, "zh", "usage_value_untranslated") == (
        "0 不在允许的范围 x>=1 内。"
    )


@pytest.mark.parametrize(
    "line",
    [
        "已提交记录 ab12：pending。",
        "bundle is from chain other-chain",
        "名单：validator、observer",
        "错误：Missing option '--out'.",
    ],
)
def test_the_detector_finds_english_in_chinese_lines(line: str) -> None:
    assert english_words(line) != []


@pytest.mark.parametrize(
    "line",
    [
        "技术细节（英文）：the chain ids differ: the bundle's chain 'a'",
        "无法读取 /tmp/pytest-0/evidence/chat.zip。",
        "核验网页 https://notary.example/verify#cunzheng:ab 载入证明文件",
        "请用 cunzheng seal 证据 --out MANIFEST 封存，再提交。",
        "SHA-256 摘要（哈希值）为 96fae88b97d61d0a3bf8779903e40002b1f4f140e91eb147959ce3f59ae542be",
        "RFC 3161 时间戳；C2SP 检查点；SM3；LevelDB 和 uvloop",
        "选项 '--alg' 的值无效：'md5' 不是可选值之一（FILE…、URL）。",
        "账本“cunzheng-test”由 notary-a、notary-b 签名；kind=chat-export",
        "回执：节点 deadbeefcafebabe 于 2026-11-23T15:04:06.000Z（协调世界时）接收了 1 条记录。",
    ],
)
def test_the_detector_allows_codes_paths_names_and_labelled_details(line: str) -> None:
    assert english_words(line) == []


def test_a_message_renders_its_values_in_its_language() -> None:
    status = Message("entry_status_pending")
    assert text("zh", "submitted", entry_id="ab", status=status) == "已提交记录 ab，状态：待上链。"
    assert text("en", "submitted", entry_id="ab", status=status) == "Submitted entry ab: pending."
