"""Smoke runs of every benchmark: each measured call still runs.

The numbers themselves come from `make bench`; a test never times anything.
"""

from pathlib import Path

import pytest

from benchkit.measure import smoke

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("calls_file", ["part1-capi/bench_calls.py", "part3-ctypes/bench/calls.py", "bench/calls.py"])
def test_every_benchmarked_call_runs(calls_file):
    assert smoke(str(REPO / calls_file))


def test_part2_call_paths_name_benchmarked_calls():
    import runpy

    calls = runpy.run_path(str(REPO / "part1-capi/bench_calls.py"))["CALLS"]
    dispatch = runpy.run_path(str(REPO / "part1-capi/dispatch.py"), run_name="dispatch")
    for route, name in dispatch["CALL_PATHS"]:
        assert name in calls[route]
