"""``./ex verify``: every starter fails its tests, every solution passes,
and every mistake its notes list fails with the words it names (each is
marked in the solution; one that no test here can see is listed apart,
as `unseen`, and the instructor page says so).

A starter that passes would be an exercise with nothing to do; a starter
that does not even build or collect would fail for the wrong reason; a
listed mistake that passes is an exercise that cannot catch what its own
notes say learners do. All are bugs in the exercise, and ``make test``
fails on them.
"""

from classroom.catalog import Exercise
from classroom.runner import Outcome, run


def verify(exercises: list[Exercise]) -> int:
    problems = 0
    for exercise in exercises:
        # --locked: the committed Cargo.lock must already say what gets built.
        starter = run(exercise, "starter", locked=True)
        solution = run(exercise, "solution", locked=True)
        starter_ok = not starter.passed and starter.stage == "test"
        mistake_problems = _mistakes(exercise)
        verdict = "ok" if starter_ok and solution.passed and not mistake_problems else "BROKEN"
        listed, marked = len(exercise.meta["mistakes"]), len(exercise.marked_mistakes())
        print(f"  {verdict:<6} {exercise.id:<30} starter: {_describe(starter):<40} solution: {_describe(solution)}")
        if marked:
            print(f"         {'':<30} mistakes as code: {marked} of the {listed} listed, each fails naming itself")
        for problem in mistake_problems:
            problems += 1
            print(problem)
        if not starter_ok:
            problems += 1
            print(_explain("the starter must build and then fail its tests", starter))
        if not solution.passed:
            problems += 1
            print(_explain("the solution must pass its tests", solution))
    print(f"verified {len(exercises)} exercises: " + ("all ok" if not problems else f"{problems} problem(s)"))
    return 1 if problems else 0


def _mistakes(exercise: Exercise) -> list[str]:
    """Each marked mistake, built and tested: it must fail its tests, with its words."""
    problems = []
    listed = exercise.meta["mistakes"]
    marked = exercise.marked_mistakes()
    for number in range(1, len(listed) + 1):
        if number not in marked:
            problems.append(
                f"    mistake {number} ({listed[number - 1][:60]}...) is listed but not in the code: mark it"
                " (ex: mistake N), or move it to `unseen` if no test here can see it"
            )
    for number, words in marked.items():
        if not 1 <= number <= len(listed):
            problems.append(f"    mistake {number} is marked in the code but exercise.toml lists {len(listed)}")
            continue
        outcome = run(exercise, f"mistake-{number}", locked=True)
        if outcome.passed:  # failing to build or to import is failing too, if it says why
            problems.append(_explain(f"mistake {number} ({listed[number - 1][:60]}...) must fail its tests", outcome))
        elif words not in outcome.output and words not in outcome.summary:
            problems.append(
                _explain(f"mistake {number} must fail with the words {words!r}; it failed otherwise", outcome)
            )
    return problems


def _describe(outcome: Outcome) -> str:
    if outcome.passed:
        return f"passes ({outcome.summary})"
    return f"fails at {outcome.stage} ({outcome.summary})"


def _explain(rule: str, outcome: Outcome) -> str:
    return f"    {rule}; it {_describe(outcome)}:\n" + "\n".join(
        "    | " + line for line in outcome.output.splitlines()
    )
