"""./ex: list, check, hint, reset and solve the exercises.

Every command takes an exercise by any unique part of its id
(./ex check restype); check and hint without one take the first
exercise not done yet.
"""

import argparse
import difflib
import shutil
import sys
import time

from classroom import catalog, instructor, runner, verify
from classroom.catalog import Exercise, ExerciseError
from classroom.progress import Progress
from classroom.runner import run

PROG = "./ex"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    exercises = catalog.discover()
    try:
        return args.command(args, exercises, Progress())
    except ExerciseError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    commands = parser.add_subparsers(required=True, metavar="command")

    def command(name: str, function, help: str, exercise: str = "one") -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        if exercise == "one":
            sub.add_argument("exercise", help="an exercise id or any unique part of it")
        elif exercise == "optional":
            sub.add_argument("exercise", nargs="?", help="default: the first exercise not done yet")
        elif exercise == "many":
            sub.add_argument("exercise", nargs="*", help="default: every exercise")
        sub.set_defaults(command=function)
        return sub

    command("list", cmd_list, "every exercise with your progress", exercise="none")
    command("show", cmd_show, "an exercise's statement and the files you edit")
    check = command("check", cmd_check, "build and test your work; marks it done when it passes", "optional")
    which = check.add_mutually_exclusive_group()
    which.add_argument(
        "--starter", dest="variant", action="store_const", const="starter", help="check the untouched starter"
    )
    which.add_argument(
        "--solution", dest="variant", action="store_const", const="solution", help="check the reference solution"
    )
    check.add_argument("-v", "--verbose", action="store_true", help="show the whole comparison of a failing test")
    command("hint", cmd_hint, "show the next hint", "optional")
    command("reset", cmd_reset, "put your work back to the starter (the old files are kept in work.previous/)")
    solution = command("solution", cmd_solution, "show the reference solution, once your work passes")
    solution.add_argument("--instructor", action="store_true", help="show it even if your work does not pass yet")
    command("verify", cmd_verify, "every starter fails and every solution passes (run by make test)", "many")
    command("cut", cmd_cut, "write every starter/ from its solution (make build runs it; the book shows them)", "many")
    command("instructor", cmd_instructor, "the instructor notes as Markdown (the book includes them)", "none")
    table = command("table", cmd_table, "a part's table of exercises as Markdown (the book includes it)", "none")
    table.add_argument("part", help="for example part3")
    return parser


def _pick(args: argparse.Namespace, exercises: list[Exercise], progress: Progress) -> Exercise:
    if args.exercise:
        return catalog.find(args.exercise, exercises)
    for exercise in exercises:
        if not progress.done(exercise.id):
            return exercise
    raise ExerciseError("every exercise is done; name one to check it again")


def _ensure_work(exercise: Exercise) -> None:
    """The learner's copy of the starter, made the first time it is needed."""
    if not exercise.work.exists():
        shutil.copytree(exercise.variant("starter"), exercise.work)


def _edit_paths(exercise: Exercise) -> str:
    return "  ".join(exercise.relative(exercise.work / name) for name in exercise.meta["edit"])


def cmd_list(args, exercises: list[Exercise], progress: Progress) -> int:
    done = sum(progress.done(e.id) for e in exercises)
    print(f"{done} of {len(exercises)} exercises done (progress: {progress.path.name}, git-ignored)\n")
    print(f"  {'status':<9} {'exercise':<30} {'kind':<7} {'min':>3}  title")
    for exercise in exercises:
        _ensure_work(exercise)
        status = "done" if progress.done(exercise.id) else "not yet"
        meta = exercise.meta
        print(f"  {status:<9} {exercise.id:<30} {meta['kind']:<7} {meta['minutes']:>3}  {meta['title']}")
    pending = [e for e in exercises if not progress.done(e.id)]
    if pending:
        print(f"\nNext: {PROG} show {pending[0].id}   then edit {_edit_paths(pending[0])}")
        print(f"      {PROG} check {pending[0].id}")
    return 0


def cmd_show(args, exercises, progress) -> int:
    exercise = catalog.find(args.exercise, exercises)
    _ensure_work(exercise)
    print((exercise.path / "README.md").read_text(encoding="utf-8").rstrip())
    print(f"\nEdit: {_edit_paths(exercise)}")
    return 0


def cmd_check(args, exercises, progress) -> int:
    exercise = _pick(args, exercises, progress)
    variant = args.variant or "work"
    if variant == "work":
        _ensure_work(exercise)
    print(f"==> {exercise.id}: {exercise.title}  [{exercise.relative(exercise.variant(variant))}]")
    if (exercise.variant(variant) / "Cargo.toml").exists() and not runner.built_before(exercise, variant):
        print("    building the Rust crate; this first check builds its dependencies too (up to a minute)")
    started = time.monotonic()
    outcome = run(exercise, variant, first_failure=True, verbose=args.verbose)
    elapsed = f"{time.monotonic() - started:.1f} s"
    if outcome.passed:
        print(f"\u2713 passed ({outcome.summary}; {elapsed})")
        if variant == "work":
            progress.set_done(exercise.id, True)
            done = sum(progress.done(e.id) for e in exercises)
            print(
                f"  Marked done: {done} of {len(exercises)}. Compare with the reference: {PROG} solution {exercise.id}"
            )
        return 0
    if outcome.stage == "build":
        print(f"\u2717 {outcome.summary}. The first error is what to fix:\n")
    elif outcome.crashed:
        print(f"\u2717 not yet ({outcome.summary}):\n")
    else:
        print(f"\u2717 not yet ({outcome.summary}). The first failing expectation:\n")
    print(outcome.output)
    if variant == "work":
        progress.set_done(exercise.id, False)
        shown, total = progress.hints_shown(exercise.id), len(exercise.hints())
        more = f"hint {shown + 1} of {total}" if shown < total else "all hints shown"
        print(f"\nStuck? {PROG} hint {exercise.id}   ({more})")
    return 1


def cmd_hint(args, exercises, progress) -> int:
    exercise = _pick(args, exercises, progress)
    hints = exercise.hints()
    shown = progress.hints_shown(exercise.id)
    index = min(shown, len(hints) - 1)
    print(f"{exercise.id}, hint {index + 1} of {len(hints)}:\n\n{_for_terminal(hints[index])}")
    if shown >= len(hints) - 1:
        print(f"\nThat is the last hint. The solution unlocks when `{PROG} check {exercise.id}` passes.")
    progress.set_hints_shown(exercise.id, max(shown, index + 1))
    return 0


def _for_terminal(markdown: str) -> str:
    """A hint's Markdown as a terminal shows it: code blocks indented, fences dropped."""
    lines, in_code = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        lines.append(f"    {line}" if in_code and line else line)
    return "\n".join(lines)


def cmd_reset(args, exercises, progress) -> int:
    exercise = catalog.find(args.exercise, exercises)
    previous = exercise.path / "work.previous"
    if exercise.work.exists():
        shutil.rmtree(previous, ignore_errors=True)
        exercise.work.rename(previous)
    shutil.copytree(exercise.variant("starter"), exercise.work)
    progress.set_done(exercise.id, False)
    print(f"{exercise.id} is back to its starter in {exercise.relative(exercise.work)}; marked not done.")
    if previous.exists():
        print(f"Your previous files are in {exercise.relative(previous)}.")
    return 0


def cmd_solution(args, exercises, progress) -> int:
    exercise = catalog.find(args.exercise, exercises)
    if not (progress.done(exercise.id) or args.instructor):
        raise ExerciseError(
            f"the solution of {exercise.id} unlocks when your work passes: {PROG} check {exercise.id}\n"
            f"(instructors: {PROG} solution {exercise.id} --instructor)"
        )
    print(f"The reference solution of {exercise.id}, as changes to the starter:\n")
    for name in exercise.meta["edit"]:
        before = exercise.edit_text(name, "starter").splitlines(keepends=True)
        after = exercise.edit_text(name, "solution").splitlines(keepends=True)
        sys.stdout.writelines(difflib.unified_diff(before, after, f"starter/{name}", f"solution/{name}"))
        print()
    # solution/ is the one source: the starter's lines are in it too, marked.
    print(f"Whole files, with the starter's lines marked '| ': {exercise.relative(exercise.variant('solution'))}/")
    return 0


def cmd_verify(args, exercises, progress) -> int:
    chosen = [catalog.find(query, exercises) for query in args.exercise] or exercises
    return verify.verify(chosen)


def cmd_cut(args, exercises, progress) -> int:
    for exercise in [catalog.find(query, exercises) for query in args.exercise] or exercises:
        exercise.variant("starter")
    return 0


def cmd_instructor(args, exercises, progress) -> int:
    print(instructor.markdown(exercises), end="")
    return 0


def cmd_table(args, exercises, progress) -> int:
    print(instructor.part_table(exercises, args.part), end="")
    return 0
