"""The reliability figures of Part V: the stateful test, and proof that it can fail."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from handle_machine import DETECTED, HandleMachine
from hypothesis import settings

from part5_handles._paths import REPO_DIR

ABA_BUILD = REPO_DIR / "target" / "aba" / "release" / "libhandles.so"
TESTS = Path(__file__).resolve().parent


def test_the_c_abi_agrees_with_the_model():
    DETECTED.clear()
    HandleMachine.TestCase.settings = settings(max_examples=200, stateful_step_count=50, deadline=None)
    HandleMachine.TestCase().runTest()
    # Every mistake was made many times, and every one was caught (a miss fails the run).
    print(f"\ndetected: {dict(DETECTED)}")
    for mistake in ("stale", "double release", "forged", "wrong kind"):
        assert DETECTED[mistake] > 50, f"too few '{mistake}' steps to mean anything: {DETECTED[mistake]}"


RUN_AGAINST_THE_ABA_BUILD = """
import sys
sys.path.insert(0, sys.argv[1])
from hypothesis import settings
from handle_machine import HandleMachine
HandleMachine.TestCase.settings = settings(max_examples=200, stateful_step_count=50, deadline=None, database=None)
HandleMachine.TestCase().runTest()
"""


def test_without_generations_the_stateful_test_finds_the_aba_problem():
    if not ABA_BUILD.exists():
        pytest.fail(f"{ABA_BUILD} is missing: `make test` builds it (--features no-generation-check)")
    env = {**os.environ, "PART5_HANDLES_LIB": str(ABA_BUILD)}
    done = subprocess.run(
        [sys.executable, "-c", RUN_AGAINST_THE_ABA_BUILD, str(TESTS)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode != 0, "the broken pool passed: the stateful test cannot tell"
    trace = done.stderr
    # Hypothesis shrinks to the ABA trace: create, release, create again (the
    # same slot), then use the first handle, which now reaches the new object.
    steps = [line.strip() for line in trace.splitlines() if "state." in line and "invariant" not in line]
    steps = [step.split("= ")[-1] for step in steps if "live_counts" not in step]
    assert any(s.startswith("state.release_") for s in steps), trace[-3000:]
    assert sum(s.startswith("state.create_") for s in steps) >= 2, trace[-3000:]
    assert any(s.startswith(("state.use_after_release", "state.double_release")) for s in steps), trace[-3000:]
