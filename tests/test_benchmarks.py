"""Smoke runs of every benchmark: each measured call still runs.

The numbers themselves come from `make bench`; a test never times anything.
"""

from pathlib import Path

import pytest

from benchkit.measure import smoke

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "calls_file",
    ["part1-capi/bench/calls.py", "part3-ctypes/bench/calls.py", "part6-hybrid/bench/calls.py", "bench/calls.py"],
)
def test_every_benchmarked_call_runs(calls_file):
    assert smoke(str(REPO / calls_file))


def test_part2_call_paths_name_benchmarked_calls():
    import runpy

    calls = runpy.run_path(str(REPO / "part1-capi/bench/calls.py"))["CALLS"]
    dispatch = runpy.run_path(str(REPO / "part1-capi/dispatch.py"), run_name="dispatch")
    for route, name in dispatch["CALL_PATHS"]:
        assert name in calls[route]


def test_the_committed_results_cover_every_call_and_meet_minictypes_goals():
    """The results the book shows are complete, and mini-ctypes' goals hold in them.

    This reads the committed figures (written by `make bench`); it measures nothing.
    """
    import json
    import runpy

    bench = runpy.run_path(str(REPO / "bench/bench.py"), run_name="bench")
    calls = runpy.run_path(str(REPO / "bench/calls.py"))["CALLS"]
    measured = json.loads((REPO / "bench/results.json").read_text())["instructions"]
    expected = {f"{route} | {name}" for route, named in calls.items() if route != "harness" for name in named}
    expected |= {f"{route}, malloc cache off | string out" for route in bench["UNCACHED_ROUTES"]}
    assert expected == set(measured), "bench/results.json is stale: run make bench"
    api = measured["cffi API | add"]
    for route, goal in bench["GOALS"].items():
        assert measured[f"{route} | add"] <= goal * api, f"{route}: goal {goal} x cffi API not met"
