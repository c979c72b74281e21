"""The book never lies: every include resolves, every chapter exists.

mdBook renders a missing anchor as an empty listing without failing, so a
renamed anchor would silently blank a listing. These checks fail instead.
"""

import re
from pathlib import Path

import pytest

BOOK_SRC = Path(__file__).resolve().parents[1] / "book" / "src"
INCLUDE = re.compile(r"\{\{#include ([^}:]+)(?::([\w-]+))?\}\}")
GENERATED = BOOK_SRC / "generated"
MAKEFILE = BOOK_SRC.parents[1] / "Makefile"


def chapters() -> list[Path]:
    return sorted(p for p in BOOK_SRC.rglob("*.md") if GENERATED not in p.parents)


def includes():
    for chapter in chapters():
        for match in INCLUDE.finditer(chapter.read_text(encoding="utf-8")):
            yield pytest.param(chapter, match.group(1), match.group(2), id=f"{chapter.name}:{match.group(0)}")


@pytest.mark.parametrize(("chapter", "target", "anchor"), list(includes()))
def test_every_include_resolves(chapter, target, anchor):
    path = (chapter.parent / target).resolve()
    if GENERATED in path.parents:
        # Built by `make outputs`, not committed: the Makefile must have a rule for it.
        rule = f"$(GEN)/{path.relative_to(GENERATED)}:"
        assert rule in MAKEFILE.read_text(encoding="utf-8"), f"no Makefile rule builds {target}"
        return
    assert path.is_file(), f"{chapter.relative_to(BOOK_SRC)} includes missing file {target}"
    if anchor:
        text = path.read_text(encoding="utf-8")
        assert re.search(rf"ANCHOR:\s*{anchor}\b", text), f"{target} has no ANCHOR: {anchor}"
        assert re.search(rf"ANCHOR_END:\s*{anchor}\b", text), f"{target} has no ANCHOR_END: {anchor}"


def test_summary_lists_only_existing_chapters():
    summary = (BOOK_SRC / "SUMMARY.md").read_text(encoding="utf-8")
    linked = re.findall(r"\]\(([^)]+\.md)\)", summary)
    assert linked, "SUMMARY.md links no chapter"
    missing = [link for link in linked if not (BOOK_SRC / link).is_file()]
    assert not missing


def test_every_chapter_is_in_the_summary():
    summary = (BOOK_SRC / "SUMMARY.md").read_text(encoding="utf-8")
    linked = {(BOOK_SRC / link).resolve() for link in re.findall(r"\]\(([^)]+\.md)\)", summary)}
    orphans = [str(c.relative_to(BOOK_SRC)) for c in chapters() if c.name != "SUMMARY.md" and c.resolve() not in linked]
    assert not orphans
