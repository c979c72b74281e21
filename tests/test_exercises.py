"""Every exercise folder follows the format the checker and the book rely on.

Whether each starter fails and each solution passes is `./ex verify`'s job
(`make test` runs it); these checks are about the folder's shape.
"""

import re
import subprocess
from pathlib import Path

import pytest

from classroom import catalog, cut, instructor
from classroom.catalog import tomllib

REPO = Path(__file__).resolve().parents[1]
BOOK_SRC = REPO / "book" / "src"
EXERCISES = catalog.discover(REPO)


def test_there_are_exercises():
    assert len([e for e in EXERCISES if e.part == "part3"]) >= 4


@pytest.fixture(params=EXERCISES, ids=lambda e: e.id)
def exercise(request) -> catalog.Exercise:
    return request.param


def test_metadata(exercise):
    meta = exercise.meta  # raises on a missing key or an unknown kind
    assert isinstance(meta["minutes"], int) and 0 < meta["minutes"] <= 60
    assert (BOOK_SRC / meta["chapter"].split("#")[0]).is_file(), f"chapter {meta['chapter']} does not exist"
    assert len(meta["mistakes"]) >= 2, "the instructor page lists at least two common mistakes"


def test_every_listed_mistake_is_code(exercise):
    """Each listed mistake is marked in the solution (``./ex verify`` then
    proves it fails, naming itself); what no test here can catch is listed
    apart, as ``unseen``, never left in ``mistakes`` unproven."""
    listed = exercise.meta["mistakes"]
    marked = exercise.marked_mistakes()
    assert sorted(marked) == list(range(1, len(listed) + 1)), (
        f"{exercise.id}: mistakes listed 1..{len(listed)}, marked {sorted(marked)}"
    )
    for mistake in exercise.meta.get("unseen", []):
        assert mistake not in listed


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


def files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and "target" not in p.parts}


# A learner reads one short file; the rest is a library (as part4/05 is a
# short crate over the mini-ctypes library). These are still long, each a
# module of its own, and are to be rebuilt the same way; the list can only
# shrink (an entry that became short fails until it is removed).
SHORT = 150


def test_one_source_the_starter_is_cut_from_the_solution(exercise):
    """solution/ is the only copy: no starter is committed, each edit file marks
    where the starter differs, and the cut starter differs only there."""
    committed = subprocess.run(
        ["git", "ls-files", str(exercise.path / "starter")], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout
    assert committed == "", f"{exercise.id}: starter/ is cut from solution/, never committed"
    starter, solution = exercise.variant("starter"), exercise.variant("solution")
    assert files(starter) == files(solution), "starter and solution hold the same files"
    for name in exercise.meta["edit"]:
        source = (solution / name).read_text(encoding="utf-8")
        assert cut.regions(source, cut.comment_of(Path(name))) >= 1, f"solution/{name} marks no starter region"
        assert "TODO" in exercise.edit_text(name, "starter"), f"the starter's {name} has no TODO edit point"
        assert "TODO" not in exercise.edit_text(name, "solution"), f"the solution's {name} still has a TODO"
        lines = exercise.edit_text(name, "starter").count("\n")
        assert lines < SHORT, f"{name} is {lines} lines: a learner edits one short file (< {SHORT})"
    for name in files(starter) - set(exercise.meta["edit"]):
        assert (starter / name).read_bytes() == (solution / name).read_bytes(), f"{name} is not an edit file"


def test_cutting_refuses_a_malformed_region():
    with pytest.raises(cut.CutError, match="not closed"):
        cut.cut("# ex: starter\n# | x = 1\n", "starter", "#", "f.py")
    with pytest.raises(cut.CutError, match=r"f.py:2: a starter line must start with '# \|'"):
        cut.cut("# ex: starter\nx = 1\n# ex: end\n", "starter", "#", "f.py")
    with pytest.raises(cut.CutError, match="'end' cannot follow nothing"):
        cut.cut("# ex: end\n", "starter", "#", "f.py")
    source = (
        "a = 1\n    # ex: starter\n    # | b = None  # TODO\n    # |\n    # ex: solution\n    b = 2\n    # ex: end\n"
    )
    assert cut.cut(source, "starter", "#") == "a = 1\n    b = None  # TODO\n\n"
    assert cut.cut(source, "solution", "#") == "a = 1\n    b = 2\n"
    # A region with only a solution part is code the starter lacks; one that
    # only marks a mistake is the solution for the starter too.
    inserted = "# ex: solution\nx = 1\n# ex: end\n"
    assert (cut.cut(inserted, "starter", "#"), cut.cut(inserted, "mistake-1", "#")) == ("", "x = 1\n")
    marked = '# ex: mistake 1: "x is 2"\n# | x = 2\n# ex: solution\nx = 1\n# ex: end\n'
    assert cut.cut(marked, "starter", "#") == "x = 1\n"
    assert cut.cut(marked, "mistake-1", "#") == "x = 2\n"
    assert cut.cut(marked, "mistake-2", "#") == "x = 1\n"
    assert cut.mistakes(marked, "#") == {1: "x is 2"}


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


def test_the_section_it_practises_is_a_heading_of_its_chapter(exercise):
    """'practises Part III › Four routes, side by side' names a real heading
    of the chapter the exercise links to (a renamed page must not leave a
    stale label behind)."""
    section = exercise.meta["practises"].split(" › ")[-1].replace("`", "")
    page = (BOOK_SRC / exercise.meta["chapter"].split("#")[0]).read_text(encoding="utf-8")
    headings = {line.lstrip("#").strip().replace("`", "") for line in page.splitlines() if line.startswith("#")}
    assert section in headings, (
        f"{exercise.id} practises '{section}', which is no heading of {exercise.meta['chapter']}"
    )
