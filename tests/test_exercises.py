"""Every exercise folder follows the format the checker and the book rely on.

Whether each starter fails and each solution passes is `./ex verify`'s job
(`make test` runs it); these checks are about the folder's shape.
"""

import re
from pathlib import Path

import pytest

from classroom import catalog, instructor
from classroom.catalog import tomllib

REPO = Path(__file__).resolve().parents[1]
BOOK_SRC = REPO / "book" / "src"
EXERCISES = catalog.discover(REPO)


def test_there_are_exercises():
    assert len([e for e in EXERCISES if e.part == "part3"]) >= 4


@pytest.fixture(params=EXERCISES, ids=lambda e: e.id)
def exercise(request) -> catalog.Exercise:
    return request.param


def files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_metadata(exercise):
    meta = exercise.meta  # raises on a missing key or an unknown kind
    assert isinstance(meta["minutes"], int) and 0 < meta["minutes"] <= 60
    assert (BOOK_SRC / meta["chapter"].split("#")[0]).is_file(), f"chapter {meta['chapter']} does not exist"
    assert len(meta["mistakes"]) >= 2, "the instructor page lists at least two common mistakes"


def test_statement_says_time_section_and_command(exercise):
    statement = (exercise.path / "README.md").read_text(encoding="utf-8")
    meta = exercise.meta
    assert f"about {meta['minutes']} minutes" in statement
    assert meta["practises"].replace("`", "") in statement.replace("`", ""), (
        "the statement names the section it practises"
    )
    commands = re.findall(r"`\./ex check ([\w-]+)`", statement)
    assert commands, "the statement ends with the command that checks it"
    assert all(catalog.find(query, EXERCISES) == exercise for query in commands)


def test_two_or_three_hints_nudge_first(exercise):
    hints = exercise.hints()
    assert 2 <= len(hints) <= 3
    assert all(hint.strip() for hint in hints)


def test_starter_and_solution_differ_only_at_the_todos(exercise):
    starter, solution = exercise.variant("starter"), exercise.variant("solution")
    assert files(starter) == files(solution), "starter and solution hold the same files"
    for name in exercise.meta["edit"]:
        assert "TODO" in (starter / name).read_text(encoding="utf-8"), f"starter/{name} has no TODO edit point"
        assert "TODO" not in (solution / name).read_text(encoding="utf-8"), f"solution/{name} still has a TODO"
    for name in files(starter) - set(exercise.meta["edit"]):
        assert (starter / name).read_bytes() == (solution / name).read_bytes(), f"{name} is not an edit file"


def test_crates_stay_out_of_the_workspace(exercise):
    for variant in ("starter", "solution"):
        manifest = exercise.variant(variant) / "Cargo.toml"
        if manifest.exists():
            assert "workspace" in tomllib.loads(manifest.read_text(encoding="utf-8"))
            assert (manifest.parent / "Cargo.lock").exists(), "the lock file is committed (verify builds --locked)"


def test_the_book_renders_the_statement_and_starter(exercise):
    page = BOOK_SRC / instructor.page(exercise)
    assert page.is_file(), f"{exercise.id} has no book page {page.relative_to(REPO)}"
    text = page.read_text(encoding="utf-8")
    assert f"{exercise.path.name}/README.md}}}}" in text
    for name in exercise.meta["edit"]:
        assert f"{exercise.path.name}/starter/{name}}}}}" in text, f"the book does not show starter/{name}"
