"""The rule table the page reads (node/api/static/rules.json) is ledger/manifest.py's."""

import json

from cunzheng.ledger.manifest import (
    MISSING_ROLE_WARNINGS,
    OS_FILE_NAMES,
    ROLE_PATTERNS,
    ROLES,
    infer_role,
    is_os_file,
    package_rules,
)
from tests.support.rules_file import RULES_FILE, rules_text


def test_the_committed_rules_file_is_what_the_ledger_gives() -> None:
    assert RULES_FILE.read_text(encoding="utf-8") == rules_text(), (
        "run: .venv/bin/python -m tests.support.rules_file"
    )


def test_the_rules_say_what_the_ledger_does() -> None:
    rules = json.loads(rules_text())
    assert [row["role"] for row in rules["roles"]] + [rules["default_role"]] == list(ROLES)
    assert rules["missing_role_warnings"] == MISSING_ROLE_WARNINGS
    assert rules == package_rules()
    voice = rules["roles"][[role for role, _, _ in ROLE_PATTERNS].index("voice")]
    assert voice["word_groups"] == [] and ".amr" in voice["extensions"]
    # A reader of the table infers what infer_role infers: any word of every group, and an
    # extension from the list when there is one.
    for path in ("语音/语音_001_文字.txt", "截图/对方个人信息页.png", "录屏/录屏.mp4", "a.bin"):
        lowered = path.lower()
        expected = next(
            (
                row["role"]
                for row in rules["roles"]
                if (not row["extensions"] or any(lowered.endswith(e) for e in row["extensions"]))
                and all(any(word in lowered for word in group) for group in row["word_groups"])
            ),
            rules["default_role"],
        )
        assert infer_role(path) == expected


def test_operating_system_files_by_the_table() -> None:
    rules = json.loads(rules_text())["os_files"]
    assert rules == {"names": list(OS_FILE_NAMES), "names_ignore_case": True, "prefixes": ["._"]}
    for name in (".DS_Store", "thumbs.DB", "a/b/Desktop.ini", "x/._IMG_0001.heic"):
        assert is_os_file(name)
    for name in ("DS_Store", "Thumbs.db.txt", "a._b", "截图/.hidden"):
        assert not is_os_file(name)
