"""Run one call N times; ``benchkit.measure`` runs this under callgrind.

Usage: python -m benchkit.count_one CALLS_FILE ROUTE NAME N
"""

import runpy
import sys


def loop(calls_file: str, route: str, name: str):
    """A function ``run(n)`` that makes the call n times, set up and warmed."""
    return loop_in(runpy.run_path(calls_file), route, name)


def loop_in(namespace: dict, route: str, name: str):
    """``loop`` for a calls file already run (its namespace)."""
    call = namespace["CALLS"][route][name]
    if callable(call):

        def run(count: int) -> None:
            for _ in range(count):
                call()

    else:
        scope: dict = {}
        exec(namespace.get("SETUP", ""), scope)
        exec(f"def run(count):\n    for _ in range(count):\n        {call}\n", scope)
        run = scope["run"]
    run(1)  # first-call set-up (caches, ctypes' cif) is not per-call cost
    return run


if __name__ == "__main__":
    calls_file, route, name, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    loop(calls_file, route, name)(count)
