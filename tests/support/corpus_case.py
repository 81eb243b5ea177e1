"""One case of the verdict corpus (tests/support/corpus.py): the files a judge is given and
case.json, written into a case folder of tests/vectors/verdicts/."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cunzheng.ledger.existence_time import no_later_than_ms
from cunzheng.ledger.validators import Genesis

CORPUS = Path(__file__).resolve().parents[1] / "vectors" / "verdicts"
BUNDLE, GENESIS, MANIFEST, DISCLOSURE, FOLDER = (
    "proof.cunzheng.json",
    "genesis.json",
    "manifest.json",
    "disclosure.json",
    "evidence",
)
OWNER_PROFILE = "截图/我的个人信息页.png"
COUNTERPARTY_PROFILE = "截图/对方个人信息页_微信号.png"
TRANSCRIPT = "语音/语音_001_文字.txt"
RECORDING = "录屏/取证过程录屏.mp4"
CHAT_EXPORT = "聊天记录导出.html"  # the single file preserved on its own
Folder = dict[str, bytes]  # package path -> content


@dataclass
class Case:
    """One case folder: its files and what verify must say."""

    name: str
    description: str
    bundle: dict[str, Any] | bytes  # JSON, or the file's bytes as given
    expected: tuple[str, str] = ("valid", "ok")  # (verdict, reason)
    genesis: Genesis | None = None
    file: tuple[str, bytes] | None = None  # (name in the case folder, content)
    folder: Folder | None = None
    manifest: dict[str, Any] | bytes | None = None  # JSON, or bytes as given
    disclosure: dict[str, Any] | None = None
    notices: list[str] = field(default_factory=list)
    files: list[dict[str, str]] | None = None

    def write(self, root: Path) -> None:
        """Write the case folder under `root`."""
        folder = root / self.name
        folder.mkdir(parents=True)
        if isinstance(self.bundle, bytes):
            (folder / BUNDLE).write_bytes(self.bundle)
        else:
            _write_json(folder / BUNDLE, self.bundle)
        if self.genesis is not None:
            (folder / GENESIS).write_text(self.genesis.to_file_text(), encoding="utf-8")
        if self.file is not None:
            (folder / self.file[0]).write_bytes(self.file[1])
        for path, data in (self.folder or {}).items():
            (folder / FOLDER / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / FOLDER / path).write_bytes(data)
        if isinstance(self.manifest, bytes):
            (folder / MANIFEST).write_bytes(self.manifest)
        elif self.manifest is not None:
            _write_json(folder / MANIFEST, self.manifest)
        if self.disclosure is not None:
            _write_json(folder / DISCLOSURE, self.disclosure)
        _write_json(folder / "case.json", self.case_json())

    def case_json(self) -> dict[str, Any]:
        """case.json's object."""
        inputs = {
            "bundle": BUNDLE,
            "genesis": None if self.genesis is None else GENESIS,
            "file": None if self.file is None else self.file[0],
            "folder": None if self.folder is None else FOLDER,
            "manifest": None if self.manifest is None else MANIFEST,
            "disclosure": None if self.disclosure is None else DISCLOSURE,
        }
        verdict, reason = self.expected
        expected = {
            "verdict": verdict,
            "reason": reason,
            "notices": self.notices,
            "files": self.files,
            "no_later_than_ms": self._no_later_than_ms(),
        }
        return {"description": self.description, "inputs": inputs, "expected": expected}

    def _no_later_than_ms(self) -> int | None:
        # The time a passing verdict states, from the parameters of the genesis it is checked
        # against: the trusted one, else the one the bundle carries, else the defaults.
        if self.expected[0] not in ("valid", "unconfirmed") or isinstance(self.bundle, bytes):
            return None
        carried = self.bundle["chain"].get("genesis", {})
        params = carried.get("params", {}) if self.genesis is None else self.genesis.params
        header, commit = self.bundle["header"], self.bundle["commit"]
        return no_later_than_ms(header["time_ms"], commit["round"], params)


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def unchanged(folder: Folder) -> list[dict[str, str]]:
    """Every path of `folder` unchanged, in path byte order."""
    return [{"path": path, "status": "unchanged"} for path in sorted(folder, key=str.encode)]
