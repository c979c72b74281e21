"""CPython's own ctypes tests as the judge of mini-ctypes.

Every test module of the interpreter's `ctypes/test` runs twice, each in a
process of its own: once with stock ctypes, once with `ctypes` replaced by
a shim that re-exports mini-ctypes' public names and implements nothing
(`ctypes.util`, the stdlib's library finder, is copied as it is: it is no
part of `_ctypes`). Of the tests stock ctypes passes, the ones mini-ctypes
passes are the expectation (`expected.txt`, one test per line); every other
one is listed with its reason from `reasons.py`, and a failure no reason
explains stops the script.

    .venv/bin/python part3-ctypes/conformance/run.py --write   # results.md, expected.txt
    .venv/bin/python part3-ctypes/conformance/run.py           # the report, to stdout
"""

import argparse
import collections
import ctypes
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load(name: str, path: Path):
    """A module of this folder under a name of its own: tests import this
    script beside other `run.py` files, so no bare `import` of a sibling."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


reasons = _load("ctypes_conformance_reasons", HERE / "reasons.py")
STOCK = Path(ctypes.__file__).parent
SHIM = '''"""ctypes, replaced by mini-ctypes: its public names, nothing implemented here."""
from minictypes import *  # noqa: F403
'''
# `test_x (ctypes.test.test_y.Class.test_x) ... ok`; 3.11 repeats the name.
RESULT = re.compile(
    r"^(test\w*) \(([\w.]+?)(?:\.\1)?\)(?:\n.*?)? \.\.\. (ok|FAIL|ERROR|skipped.*|expected failure|unexpected success)$",
    re.M,
)
BLOCK_HEAD = re.compile(r"^(?:ERROR|FAIL): (\w+) \(([\w.]+?)(?:\.\1)?\)")
ERROR_LINE = re.compile(r"^\w+(\.\w+)*(Error|Exception|Warning)\b")


def test_modules() -> list[str]:
    """The modules of the interpreter's ctypes tests; empty if it ships none
    (Debian puts them in a package of their own, `libpython3.X-testsuite`)."""
    return sorted(p.stem for p in (STOCK / "test").glob("test_*.py"))


def shim_dir(root: Path) -> Path:
    package = root / "ctypes"
    package.mkdir()
    (package / "__init__.py").write_text(SHIM, encoding="utf-8")
    shutil.copy(STOCK / "util.py", package / "util.py")
    (package / "test").symlink_to(STOCK / "test")
    return root


@dataclass
class Run:
    """One module's run: each test's outcome, each failure's first error line."""

    outcomes: dict[str, str]
    errors: dict[str, str]
    ended: str


def run(module: str, path: str | None) -> Run:
    env = {"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"}
    if path:
        env["PYTHONPATH"] = path
    command = [sys.executable, "-m", "unittest", "-v", f"ctypes.test.{module}"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    except subprocess.TimeoutExpired:
        return Run({}, {}, "timed out")
    found = RESULT.findall(done.stderr)
    outcomes = {f"{cls}.{name}": status.split()[0] for name, cls, status in found}
    # A test skipped under mini-ctypes (a name it lacks) says why.
    errors = {f"{cls}.{name}": status for name, cls, status in found if status.startswith("skipped")}
    for block in done.stderr.split("=" * 70)[1:]:
        lines = [line for line in block.strip().splitlines() if line.strip()]
        head = BLOCK_HEAD.match(lines[0]) if lines else None
        last = next((line for line in reversed(lines) if ERROR_LINE.match(line)), "(no error line)")
        # A module that failed to import reports one error for all its tests.
        test = f"{head[2]}.{head[1]}" if head and head[2].startswith("ctypes.") else module
        errors.setdefault(test, last[:160])
    if not found and not errors:
        # The module failed to import before unittest ran anything.
        lines = done.stderr.splitlines()
        errors[module] = next((line for line in reversed(lines) if ERROR_LINE.match(line)), "(no error line)")[:160]
    ended = "ok" if done.returncode in (0, 1) else f"exit {done.returncode}"
    if done.returncode < 0:
        ended = f"crashed (signal {-done.returncode})"
    return Run(outcomes, errors, ended)


@dataclass
class Verdict:
    """Per module: the tests stock ctypes passes, those mini-ctypes passes,
    and each of the others' first error line."""

    passed_by_stock: dict[str, list[str]]
    passed: set[str]
    failed: dict[str, str]
    ended: dict[str, str]


def judge() -> Verdict:
    verdict = Verdict({}, set(), {}, {})
    with tempfile.TemporaryDirectory() as tmp:
        shim = str(shim_dir(Path(tmp)))
        for module in test_modules():
            stock = run(module, None)
            mini = run(module, shim)
            ran = sorted(test for test, outcome in stock.outcomes.items() if outcome == "ok")
            verdict.passed_by_stock[module] = ran
            verdict.ended[module] = mini.ended
            for test in ran:
                if mini.outcomes.get(test) == "ok":
                    verdict.passed.add(test)
                else:
                    why = mini.errors.get(test) or mini.errors.get(module)
                    verdict.failed[test] = why or f"(no result: the run {mini.ended})"
    return verdict


def explain(verdict: Verdict) -> tuple[dict[reasons.Reason, list[str]], list[str]]:
    """Each failing test under its reason; the tests no reason explains."""
    grouped: dict[reasons.Reason, list[str]] = collections.defaultdict(list)
    unexplained = []
    for test, error in sorted(verdict.failed.items()):
        reason = reasons.reason_for(test, error)
        if reason is None:
            unexplained.append(f"{test}: {error}")
        else:
            grouped[reason].append(test)
    return grouped, unexplained


def short(test: str) -> str:
    return test.removeprefix("ctypes.test.")


def report(verdict: Verdict, grouped: dict[reasons.Reason, list[str]]) -> str:
    total = sum(len(tests) for tests in verdict.passed_by_stock.values())
    lines = [
        "<!-- generated by part3-ctypes/conformance/run.py --write; do not edit -->",
        f"Python {sys.version.split()[0]}'s `ctypes/test`: of the **{total}** tests stock ctypes passes here,",
        f"mini-ctypes passes **{len(verdict.passed)}**.\n",
        "| module | stock ctypes passes | mini-ctypes passes | note |",
        "|---|---:|---:|---|",
    ]
    for module, ran in verdict.passed_by_stock.items():
        if ran:
            mine = sum(test in verdict.passed for test in ran)
            ended = verdict.ended[module]
            note = ended if ended != "ok" else ""
            lines.append(f"| `{module}` | {len(ran)} | {mine} | {note} |")
    deliberate = sum(len(tests) for reason, tests in grouped.items() if reason.kind == reasons.DELIBERATE)
    lines.append(f"\nWhy each of the other {len(verdict.failed)} fails, by reason.")
    for kind, meaning in ((reasons.DELIBERATE, "differences kept on purpose"), (reasons.NOT_BUILT, "work left")):
        count = deliberate if kind == reasons.DELIBERATE else len(verdict.failed) - deliberate
        if count == 0:
            lines.append(f"\n**{kind.capitalize()}**: none.")
            continue
        lines.append(f"\n**{kind.capitalize()}** ({count} tests: {meaning}):\n")
        for reason in reasons.REASONS:
            tests = grouped.get(reason)
            if tests and reason.kind == kind:
                listed = ", ".join(f"`{short(test)}`" for test in tests)
                lines.append(f"- {reason.why} {len(tests)} {'test' if len(tests) == 1 else 'tests'}: {listed}.")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write results.md and expected.txt")
    options = parser.parse_args()
    if not test_modules():
        print(f"skipped: {STOCK}/test is not installed (Debian: apt-get install libpython3.X-testsuite)")
        return 0
    verdict = judge()
    grouped, unexplained = explain(verdict)
    if unexplained:
        print("failures no reason in reasons.py explains:", *unexplained, sep="\n  ", file=sys.stderr)
        return 1
    # A reason no failure needs any more would one day explain a new failure
    # with a stale sentence: it goes once its last test passes.
    unused = [reason.why for reason in reasons.REASONS if reason not in grouped]
    if unused:
        print("reasons in reasons.py no failure needs (delete them):", *unused, sep="\n  ", file=sys.stderr)
        return 1
    text = report(verdict, grouped)
    if options.write:
        (HERE / "results.md").write_text(text, encoding="utf-8")
        (HERE / "expected.txt").write_text("".join(f"{t}\n" for t in sorted(verdict.passed)), encoding="utf-8")
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
