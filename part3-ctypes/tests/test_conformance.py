"""CPython's ctypes tests as the judge: mini-ctypes may only gain on them.

`part3-ctypes/conformance/run.py` runs every module of the interpreter's
`ctypes/test` with stock ctypes and with mini-ctypes in its place. The
tests mini-ctypes passed when the report was last written are committed in
`expected.txt`: each must still pass (a regression names the test), every
other failure must have its reason in `reasons.py` (the script refuses an
unexplained one), and a gain must be written back (`run.py --write`) so that
the book's figure and table stay true.
"""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

CONFORMANCE = Path(__file__).resolve().parents[1] / "conformance"
# Loaded by path under a name of its own (other folders have a `run.py`).
_spec = importlib.util.spec_from_file_location("ctypes_conformance_run", CONFORMANCE / "run.py")
run = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = run
_spec.loader.exec_module(run)


@pytest.fixture(scope="module")
def verdict():
    if not run.test_modules():
        pytest.skip(
            f"{run.STOCK}/test is not installed: CPython's ctypes tests not run (Debian: libpython3.X-testsuite)"
        )
    return run.judge()


def test_every_test_mini_ctypes_passed_before_still_passes(verdict):
    expected = (CONFORMANCE / "expected.txt").read_text(encoding="utf-8").split()
    lost = [f"{test}: {verdict.failed.get(test, 'no longer run')}" for test in expected if test not in verdict.passed]
    assert not lost, "passed before, fail now:\n" + "\n".join(lost)


def test_every_failure_has_its_reason(verdict):
    _, unexplained = run.explain(verdict)
    assert not unexplained, "no reason in reasons.py explains:\n" + "\n".join(unexplained)


def test_the_committed_report_is_this_run(verdict):
    grouped, _ = run.explain(verdict)
    committed = (CONFORMANCE / "results.md").read_text(encoding="utf-8")
    expected = (CONFORMANCE / "expected.txt").read_text(encoding="utf-8").split()
    assert sorted(verdict.passed) == expected and run.report(verdict, grouped) == committed, (
        f"mini-ctypes now passes {len(verdict.passed)} of CPython's ctypes tests (expected.txt lists {len(expected)}): "
        "rerun part3-ctypes/conformance/run.py --write"
    )


def test_the_script_refuses_a_failure_no_reason_explains():
    assert run.reasons.reason_for("ctypes.test.test_x.T.test_y", "KeyError: something new") is None
    done = subprocess.run(
        [sys.executable, str(CONFORMANCE / "run.py"), "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "--write" in done.stdout
