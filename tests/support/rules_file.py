"""node/api/static/rules.json: the package rules of ledger/manifest.py, for the page.

The page reads its warnings and its operating-system file rule from that file, never from a
copy of its own; tests/ledger/test_rules_file.py fails when the committed file differs from
what `package_rules()` gives now. To write it after a change of the rules:

    .venv/bin/python -m tests.support.rules_file
"""

import json
from pathlib import Path

from cunzheng.ledger.manifest import package_rules

RULES_FILE = Path(__file__).resolve().parents[2] / "node" / "api" / "static" / "rules.json"


def rules_text() -> str:
    """The text rules.json must hold: package_rules() as indented UTF-8 JSON."""
    return json.dumps(package_rules(), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    """Write node/api/static/rules.json."""
    RULES_FILE.write_text(rules_text(), encoding="utf-8")
    print(f"wrote {RULES_FILE}")


if __name__ == "__main__":
    main()
