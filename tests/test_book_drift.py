"""Cheap checks that keep the book's prose honest about itself.

- Every part of the series the book mentions has a row in the introduction's
  table "The series and this book": a link to its chapter, or the words
  "not in this book". A reader never meets a part that silently does not exist.
- The book cites the series by part and section, never by the file names of
  the source documents this project was written from ("seed 004").
"""

import re
from pathlib import Path

BOOK_SRC = Path(__file__).resolve().parents[1] / "book" / "src"
GENERATED = BOOK_SRC / "generated"
ROMAN = r"(?:VIII|VII|VI|IV|V|III|II|I)"
# "Part III", "Parts I and VII", "Parts I, II and VII", "Parts III to V".
MENTION = re.compile(rf"\bParts? ({ROMAN}(?:(?:, | and | to | or ){ROMAN})*)\b")


def pages() -> list[Path]:
    """Every page a reader sees, generated output included (when built)."""
    return sorted(p for p in BOOK_SRC.rglob("*.md"))


def mentioned_parts() -> dict[str, str]:
    """Each part mentioned, with the first page that mentions it."""
    found: dict[str, str] = {}
    for page in pages():
        for match in MENTION.finditer(page.read_text(encoding="utf-8")):
            for part in re.findall(ROMAN, match.group(1)):
                found.setdefault(part, str(page.relative_to(BOOK_SRC)))
    return found


def series_table() -> dict[str, str]:
    """The introduction's rows: part -> what the book says of it."""
    text = (BOOK_SRC / "introduction.md").read_text(encoding="utf-8")
    return {match[1]: match[2] for match in re.finditer(rf"^\| Part ({ROMAN}) \|[^|]*\| (.*) \|$", text, re.M)}


def test_every_mentioned_part_is_accounted_for():
    table = series_table()
    assert len(table) == 8, "the introduction's table should list Parts I to VIII"
    for part, page in mentioned_parts().items():
        assert part in table, f"{page} mentions Part {part}, which the introduction's table does not list"
        row = table[part]
        assert "](" in row or "not in this book" in row, f"Part {part}: neither a chapter link nor 'not in this book'"


def test_a_part_with_a_chapter_is_linked_from_the_table():
    summary = (BOOK_SRC / "SUMMARY.md").read_text(encoding="utf-8")
    table = series_table()
    for part in re.findall(rf"^- \[Part ({ROMAN}):", summary, re.M):
        assert "](" in table[part], f"Part {part} has a chapter, but the introduction says: {table[part]}"


def test_no_page_cites_the_source_files():
    offenders = []
    for page in pages():
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bseeds?\b", line, re.IGNORECASE):
                offenders.append(f"{page.relative_to(BOOK_SRC)}:{number}: {line.strip()}")
    assert not offenders, "cite the series by part and section instead:\n" + "\n".join(offenders)
