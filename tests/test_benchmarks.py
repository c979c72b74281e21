"""Smoke runs of every benchmark: each measured call still runs.

The numbers themselves come from `make bench`; a test never times anything.
"""

from pathlib import Path

import pytest

from benchkit.measure import smoke

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("calls_file", ["part1-capi/bench_calls.py", "part3-ctypes/bench/calls.py"])
def test_every_benchmarked_call_runs(calls_file):
    assert smoke(str(REPO / calls_file))
