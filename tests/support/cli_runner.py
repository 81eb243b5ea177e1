"""The installed `cunzheng` executable, run as a user runs it."""

import os
import subprocess
import sys
from pathlib import Path

CUNZHENG = Path(sys.executable).parent / "cunzheng"


def run_cunzheng(*args: str | Path, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    """Run the installed `cunzheng` executable with LANG=`lang` (no LC_* overrides)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k != "LANG"}
    env["LANG"] = lang
    return subprocess.run(
        [str(CUNZHENG), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )
