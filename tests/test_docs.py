"""The design documents in docs/ and the references to them.

Code and documents cite the design as `docs/<file>.md, "<Section heading>"` (docs/style.md,
"Comments and docstrings"). These tests fail when a cited document or heading does not exist,
when a link between documents leads nowhere, when a document is missing from the index, and
when anything still cites the design notes that lived outside the repository.
"""

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FOLDERS = ("ledger", "node", "cli", "tests", "bench", "deploy", "docs")
FILES = ("README.md", "pyproject.toml", "cunzheng/__init__.py")
SUFFIXES = {".py", ".md", ".js", ".html", ".toml"}
SKIPPED_PARTS = {"vendor", ".venv", "__pycache__", "artifacts"}

# A space in a reference, or a line break inside a comment or docstring, with the comment
# marker that starts the next line.
_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*(?:#|//|\*)?[ \t]*)"
_BROKEN_SECTION = r"[^\"\n]*(?:\n[ \t]*(?:#|//|\*)?[ \t]*[^\"\n]*)?"
REFERENCE = re.compile(
    rf"(?<![\w/.-])docs/(?P<name>[A-Za-z0-9_.-]+?)\.md"
    rf"(?:,{_GAP}\"(?P<section>{_BROKEN_SECTION})\")?"
)
# The retired notes, spelled in parts so that this file does not cite them itself.
_RETIRED_NAMES = ["DES" + "IGN", "CONSEN" + "SUS", "DOM" + "AIN", "STY" + "LE"]
RETIRED = re.compile(r"\b(?:" + "|".join(_RETIRED_NAMES) + r")\.md\b")
LINK = re.compile(r"\[[^\]]*\]\((?P<target>[^)\s]+)\)")
FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(?P<text>.+?)\s*#*\s*$")


@dataclass(frozen=True)
class Document:
    """A markdown document: its headings, and the anchors GitHub makes of them."""

    headings: frozenset[str]
    anchors: frozenset[str]


def headings_of(text: str) -> list[str]:
    """The headings of markdown `text`, outside fenced code blocks."""
    headings, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := HEADING.match(line)):
            headings.append(match["text"])
    return headings


def anchor_of(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as '-'."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def document_of(text: str) -> Document:
    """The headings and anchors of markdown `text`."""
    headings = headings_of(text)
    return Document(frozenset(headings), frozenset(anchor_of(h) for h in headings))


def load_documents(folder: Path) -> dict[str, Document]:
    """Every markdown document of `folder`, by file name."""
    return {path.name: document_of(path.read_text("utf-8")) for path in folder.glob("*.md")}


def scanned_files() -> list[Path]:
    """The repository's files that may cite the design."""
    found = [ROOT / name for name in FILES if (ROOT / name).is_file()]
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            parts = set(path.relative_to(ROOT).parts)
            if path.suffix in SUFFIXES and path.is_file() and not parts & SKIPPED_PARTS:
                found.append(path)
    return found


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def reference_problems(text: str, where: str, documents: dict[str, Document]) -> list[str]:
    """Each reference in `text` to a document or heading of `documents` that does not exist,
    and each mention of a retired design note, as "where:line: what"."""
    problems = []
    for match in REFERENCE.finditer(text):
        name, section = f"{match['name']}.md", match["section"]
        place = f"{where}:{_line(text, match.start())}"
        if name not in documents:
            problems.append(f"{place}: docs/{name} does not exist")
        elif section is not None:
            heading = re.sub(r"\s*\n\s*(?:#|//|\*)?\s*", " ", section).strip()
            if heading not in documents[name].headings:
                problems.append(f'{place}: docs/{name} has no heading "{heading}"')
    for match in RETIRED.finditer(text):
        place = f"{where}:{_line(text, match.start())}"
        problems.append(f"{place}: {match.group()} is not in the repository; cite docs/ instead")
    return problems


def link_problems(text: str, where: Path, documents: dict[Path, Document]) -> list[str]:
    """Each relative markdown link in the document at `where` whose file, or whose anchor in
    a markdown file of `documents` (by resolved path), does not exist."""
    problems = []
    for match in LINK.finditer(text):
        target = match["target"]
        if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        path = (where.parent / file_part).resolve() if file_part else where.resolve()
        place = f"{where.name}:{_line(text, match.start())}"
        if not path.exists():
            problems.append(f"{place}: link to {target}: no such file")
        elif anchor and path in documents and anchor not in documents[path].anchors:
            problems.append(f"{place}: link to {target}: no such heading")
    return problems


def test_every_reference_names_an_existing_document_and_heading() -> None:
    documents = load_documents(DOCS)
    problems = []
    for path in scanned_files():
        where = path.relative_to(ROOT).as_posix()
        problems += reference_problems(path.read_text("utf-8"), where, documents)
    assert not problems, "\n".join(problems)


def test_every_link_of_the_documents_resolves() -> None:
    pages = [*DOCS.glob("*.md"), ROOT / "README.md"]
    documents = {path.resolve(): document_of(path.read_text("utf-8")) for path in pages}
    problems = []
    for path in pages:
        problems += link_problems(path.read_text("utf-8"), path, documents)
    assert not problems, "\n".join(problems)


def test_the_index_lists_every_document() -> None:
    index = (DOCS / "README.md").read_text("utf-8")
    listed = {match["target"] for match in LINK.finditer(index)}
    missing = sorted(
        p.name for p in DOCS.glob("*.md") if p.name != "README.md" and p.name not in listed
    )
    assert not missing, f"docs/README.md does not list {', '.join(missing)}"


def test_broken_references_and_links_are_found(tmp_path: Path) -> None:
    documents = {"formats.md": document_of("# Formats\n\n## Proof bundle\n\n### Entry\n")}
    good = '''"""Bundles (docs/formats.md, "Proof bundle").'''
    broken_over_two_lines = '# a comment citing (docs/formats.md,\n# "Proof\n# bundle").'
    assert reference_problems(good, "good.py", documents) == []
    assert reference_problems(broken_over_two_lines, "wrapped.py", documents) == []
    assert reference_problems("see docs/formats.md", "bare.py", documents) == []
    # Written in parts, so that the repository-wide test does not find them in this file.
    folder = "docs" + "/"
    text = f'x\n# ({folder}formats.md, "Proof bundles") and {folder}missing.md, "Entry"\n'
    assert reference_problems(text, "bad.py", documents) == [
        'bad.py:2: docs/formats.md has no heading "Proof bundles"',
        f"bad.py:2: {folder}missing.md does not exist",
    ]
    retired = "D" + "ESIGN.md"
    assert reference_problems(f'# ({retired}, "Entry")', "old.py", documents) == [
        f"old.py:1: {retired} is not in the repository; cite docs/ instead"
    ]
    page = tmp_path / "page.md"
    page.write_text("# Formats\n", "utf-8")
    target = tmp_path / "formats.md"
    target.write_text("# Formats\n\n## Proof bundle\n", "utf-8")
    text = "[a](formats.md#proof-bundle) [b](formats.md#entry) [c](gone.md) [d](#formats)"
    linked = {target.resolve(): document_of(target.read_text("utf-8"))}
    linked[page.resolve()] = document_of(page.read_text("utf-8"))
    assert link_problems(text, page, linked) == [
        "page.md:1: link to formats.md#entry: no such heading",
        "page.md:1: link to gone.md: no such file",
    ]
