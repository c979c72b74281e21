"""``./ex verify``: every starter fails its tests and every solution passes.

A starter that passes would be an exercise with nothing to do; a starter
that does not even build or collect would fail for the wrong reason.
Both are bugs in the exercise, and ``make test`` fails on them.
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
        verdict = "ok" if starter_ok and solution.passed else "BROKEN"
        print(f"  {verdict:<6} {exercise.id:<30} starter: {_describe(starter):<40} solution: {_describe(solution)}")
        if not starter_ok:
            problems += 1
            print(_explain("the starter must build and then fail its tests", starter))
        if not solution.passed:
            problems += 1
            print(_explain("the solution must pass its tests", solution))
    print(f"verified {len(exercises)} exercises: " + ("all ok" if not problems else f"{problems} problem(s)"))
    return 1 if problems else 0


def _describe(outcome: Outcome) -> str:
    if outcome.passed:
        return f"passes ({outcome.summary})"
    return f"fails at {outcome.stage} ({outcome.summary})"


def _explain(rule: str, outcome: Outcome) -> str:
    return f"    {rule}; it {_describe(outcome)}:\n" + "\n".join(
        "    | " + line for line in outcome.output.splitlines()
    )
