"""The learner's path through `./ex`, on a copy of one exercise.

A newcomer lists the exercises, checks one (it fails), asks for hints, is
refused the solution, solves it, sees it marked done, reads the solution,
and resets it. The copy lives in a temporary folder, so the test never
touches anyone's work; it runs the real checker and the real tests.
"""

import json
import shutil
from pathlib import Path

import pytest

from classroom import catalog
from classroom.cli import main

REPO = Path(__file__).resolve().parents[1]
EXERCISE = "01-missing-restype"


@pytest.fixture
def classroom(tmp_path, monkeypatch):
    source = REPO / "part3-ctypes" / "exercises" / EXERCISE
    shutil.copytree(source, tmp_path / "part3-ctypes" / "exercises" / EXERCISE, ignore=shutil.ignore_patterns("work*"))
    monkeypatch.setenv("CLASSROOM_ROOT", str(tmp_path))
    monkeypatch.setenv("CLASSROOM_PROGRESS", str(tmp_path / "progress.json"))
    return tmp_path / "part3-ctypes" / "exercises" / EXERCISE


def ex(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_learners_path(classroom, capsys):
    code, out = ex(capsys, "list")
    assert code == 0
    assert "0 of 1 exercises done" in out
    assert "not yet   part3/01-missing-restype" in out
    assert (classroom / "work" / "binding.py").read_text() == (classroom / "starter" / "binding.py").read_text()

    code, out = ex(capsys, "check", "restype")
    assert code == 1
    assert "not yet (1 failed, 1 passed" in out
    assert "fib(47) came back as -1323752223" in out, "the failing expectation is shown"
    assert "./ex hint part3/01-missing-restype   (hint 1 of 3)" in out

    code, out = ex(capsys, "hint")  # no name: the first exercise not done
    assert "hint 1 of 3" in out and "restype" in out
    _, out = ex(capsys, "hint", "restype")
    assert "hint 2 of 3" in out
    _, out = ex(capsys, "hint", "restype")
    _, again = ex(capsys, "hint", "restype")
    assert "hint 3 of 3" in out and "That is the last hint" in out and "hint 3 of 3" in again

    code, out = ex(capsys, "solution", "restype")
    assert code == 2
    assert "unlocks when your work passes" in out

    shutil.copy(classroom / "solution" / "binding.py", classroom / "work" / "binding.py")
    code, out = ex(capsys, "check", "restype")
    assert code == 0
    assert "passed (4 passed" in out and "Marked done: 1 of 1" in out
    _, out = ex(capsys, "list")
    assert "1 of 1 exercises done" in out and "done      part3/01-missing-restype" in out

    code, out = ex(capsys, "solution", "restype")
    assert code == 0
    assert "+lib.fib.restype = ctypes.c_uint64" in out

    code, out = ex(capsys, "reset", "restype")
    assert code == 0
    assert (classroom / "work" / "binding.py").read_text() == (classroom / "starter" / "binding.py").read_text()
    assert "lib.fib.restype" in (classroom / "work.previous" / "binding.py").read_text(), "reset keeps the old work"
    _, out = ex(capsys, "list")
    assert "not yet   part3/01-missing-restype" in out
    progress = json.loads((classroom.parents[2] / "progress.json").read_text())
    assert progress == {"part3/01-missing-restype": {"done": False, "hints": 3}}


def test_instructor_flag_shows_an_unsolved_solution(classroom, capsys):
    code, out = ex(capsys, "solution", "restype", "--instructor")
    assert code == 0 and "+lib.celsius_to_fahrenheit.restype = ctypes.c_double" in out


@pytest.mark.parametrize(
    ("query", "message"),
    [("nothing-like-it", "no exercise matches 'nothing-like-it'"), ("part", None)],
)
def test_unknown_exercise_is_a_clear_error(classroom, capsys, query, message):
    code, out = ex(capsys, "check", query)
    if message:
        assert code == 2 and message in out and "part3/01-missing-restype" in out
    else:  # one exercise in this copy, so any unique part of its id names it
        assert code == 1


def test_ambiguous_name_lists_the_candidates(capsys):
    exercises = catalog.discover(REPO)
    with pytest.raises(catalog.ExerciseError, match="matches more than one exercise"):
        catalog.find("part3", exercises)


def test_a_compile_error_is_reported_as_such(tmp_path, monkeypatch, capsys):
    name = "05-libffi-from-rust"
    copy = tmp_path / "part3-ctypes" / "exercises" / name
    shutil.copytree(REPO / "part3-ctypes" / "exercises" / name, copy, ignore=shutil.ignore_patterns("work*"))
    monkeypatch.setenv("CLASSROOM_ROOT", str(tmp_path))
    monkeypatch.setenv("CLASSROOM_PROGRESS", str(tmp_path / "progress.json"))
    ex(capsys, "list")
    lib = copy / "work" / "src" / "lib.rs"
    lib.write_text(lib.read_text().replace("let _ = (code, n);", "let _ = (code, n) +;"))
    code, out = ex(capsys, "check", name)
    assert code == 1
    assert "the Rust code does not compile. The first error is what to fix" in out
    assert "error: expected expression" in out
    assert "Compiling" not in out


def test_tool_advice_is_put_the_checkers_way():
    """cargo and pytest advise things the checker does for the learner (a
    backtrace variable it sets, a rerun it makes, a -v it has itself)."""
    from classroom.runner import in_checker_terms

    output = (
        "assertion failed\n"
        "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n"
        "error: test failed, to rerun pass `--test check`\n"
        "E   Use -v to get more diff\n"
    )
    shown = in_checker_terms(output, "part5/02-generation-check")
    assert "RUST_BACKTRACE" not in shown and "--test check" not in shown
    assert "E   (./ex check part5/02-generation-check -v shows all of it)" in shown
