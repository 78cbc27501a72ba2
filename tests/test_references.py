"""The project is self-contained: every reference in code and docs leads somewhere in it.

- a section reference, ``concept.md §7`` or ``ODD.md §7.11``, names a heading of the file it names
  (in a Markdown file a bare section sign refers to that file's own headings; code must name the
  file);
- a slide of the seed is cited with its section of ``docs/seed.md``;
- every ``*.md`` file named, every path under one of the project's folders, and every relative
  Markdown link exists in the repository.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: the folders and files that make up the project (not the environment, caches or results)
SKIP = {".git", ".venv", "results", "build", "dist"}
TEXT = {".py", ".md", ".toml"}
#: files the runner writes into each results folder: named in code and docs, never in the repository
WRITTEN = {"report.md"}
TOP_LEVEL = sorted(path.name for path in ROOT.iterdir() if path.is_dir() and path.name not in SKIP)

SECTION = re.compile(
    r"(?:(?P<file>[\w./-]+\.md)[`\])]*\s+)?"  # the file named just before, if any
    r"§\s?(?P<first>\d+(?:\.\d+)*[a-z]?)(?:\s?[–-]\s?(?P<last>\d+(?:\.\d+)*[a-z]?))?"
)
#: what may stand between two section references of one list: ", ", " and ", "; "
LIST = re.compile(r",\s*|\s+and\s+|;\s*|,\s+and\s+")
HEADING = re.compile(r"^#{1,6}\s+(\d+(?:\.\d+)*[a-z]?)\.?\s", re.MULTILINE)
SLIDE = re.compile(r"\bslides?\s+\d+(?:\s+and\s+\d+)?")
MARKDOWN_NAME = re.compile(r"(?<![\w/.-])([\w./-]*[\w-]\.md)\b")
PROJECT_PATH = re.compile(
    rf"(?<![\w./:-])((?:{'|'.join(map(re.escape, TOP_LEVEL))})/[\w./-]*[\w/])"
)
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")


def _files() -> list[Path]:
    found = []
    for path in sorted(ROOT.rglob("*")):
        parts = path.relative_to(ROOT).parts
        if any(
            part in SKIP or part.startswith(".") or part.endswith(".egg-info") for part in parts
        ):
            continue
        if path.is_file() and (path.suffix in TEXT or path.name == "Makefile"):
            found.append(path)
    return found


FILES = _files()
MARKDOWN = {path.name: path for path in FILES if path.suffix == ".md"}


def _label(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _sections(path: Path) -> set[str]:
    return set(HEADING.findall(path.read_text(encoding="utf-8")))


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _matches(pattern: re.Pattern) -> Iterator[tuple[Path, str, re.Match]]:
    """Every match of ``pattern`` in the project's files, with the file and its text."""
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        for match in pattern.finditer(text):
            yield path, text, match


def test_every_section_reference_names_a_heading_that_exists():
    problems = []
    previous: tuple[Path, int, str | None] = (ROOT, -1, None)  # file, end, file it named
    for path, text, match in _matches(SECTION):
        where = f"{_label(path)}:{_line(text, match.start())}: {match.group(0)!r}"
        named = match.group("file")
        listed = path == previous[0] and LIST.fullmatch(text[previous[1] : match.start()])
        if named is None and listed:  # "ODD.md §7.4, §7.6 and §7.9": the same file
            named = previous[2]
        previous = (path, match.end(), named)
        if named is None and path.suffix != ".md":
            problems.append(f"{where} names no file (write e.g. 'concept.md §4')")
            continue
        target = MARKDOWN.get(Path(named).name) if named else path
        if target is None:
            problems.append(f"{where}: no file {named} in the repository")
            continue
        headings = _sections(target)
        for section in filter(None, (match.group("first"), match.group("last"))):
            if section not in headings:
                problems.append(f"{where}: {_label(target)} has no heading {section}")
    assert not problems, "\n".join(problems)


def test_a_slide_of_the_seed_is_cited_with_its_section_of_seed_md():
    unresolved = [
        f"{_label(path)}:{_line(text, match.start())}: {match.group(0)!r}"
        for path, text, match in _matches(SLIDE)
        if path.name != "seed.md" and "seed.md §" not in text[match.end() : match.end() + 60]
    ]
    assert not unresolved, "cite the slide as 'seed.md §N':\n" + "\n".join(unresolved)


def test_every_file_named_is_in_the_repository():
    missing = []
    for path, text, match in _matches(MARKDOWN_NAME):
        name = match.group(1)
        if Path(name).name in WRITTEN or name.startswith(("results/", "http")):
            continue
        if Path(name).name not in MARKDOWN:
            missing.append(f"{_label(path)}:{_line(text, match.start())}: {name}")
    for path, text, match in _matches(PROJECT_PATH):
        name = match.group(1).rstrip(".")
        if not (ROOT / name).exists():
            missing.append(f"{_label(path)}:{_line(text, match.start())}: {name}")
    for path, text, match in _matches(LINK):
        target = match.group(1)
        if path.suffix != ".md" or re.match(r"[a-z]+:", target):
            continue
        if not (path.parent / target).exists():
            missing.append(f"{_label(path)}:{_line(text, match.start())}: link {target}")
    assert not missing, "\n".join(missing)


def test_the_concept_and_the_seed_are_part_of_the_docs():
    assert {"concept.md", "seed.md", "ODD.md"} <= set(MARKDOWN)
    assert {str(n) for n in range(1, 10)} <= _sections(MARKDOWN["concept.md"])
    assert {str(n) for n in range(1, 11)} <= _sections(MARKDOWN["seed.md"])
