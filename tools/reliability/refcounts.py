"""Reference leaks, counted by a debug interpreter.

    python tools/reliability/refcounts.py        (make reliability runs it)

A debug build of CPython (python3.11-dbg) keeps the total of every
reference count, sys.gettotalrefcount(). The modules of Parts I and VII and
mini-ctypes are built for the stable ABI, whose reference counting goes
through the interpreter's own functions (_Py_IncRef, _Py_DecRef), so the
debug interpreter sees every reference they take and release.

For each module: run its workload R rounds and 2R rounds, and compare the
growth of the total. A leak of even one reference per call grows with the
number of rounds; the gate fails on that. First it checks itself: a
workload that leaks one reference per round on purpose must be caught.
"""

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEBUG_PYTHON = "/usr/bin/python3.11-dbg"
ROUNDS = 200

MEASURE = """
import gc, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
import exercise_all as work

def seeded_leak():
    import ctypes
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(work))  # one reference per round, never released

workloads = {
    "part1_capi": lambda: (work.configs(work.part1_capi), work.part1_capi.add(1, 2), work.part1_capi.add_varargs(3, 4)),
    "part7_pybind": lambda: (work.configs(work.part7_pybind), work.part7_pybind.add(1, 2), work.part7_pybind.add_varargs(3, 4)),
    "minictypes": lambda: (work.minictypes(), work.scalars(work.load("minictypes"))),
    "seeded leak": seeded_leak,
}
workload = workloads[sys.argv[3]]
rounds = int(sys.argv[4])

def total_after(count):
    for _ in range(count):
        workload()
    gc.collect()
    return sys.gettotalrefcount()

total_after(rounds)  # warm up: caches, interned strings, first-call allocations
start = total_after(0)
once = total_after(rounds) - start
twice = total_after(2 * rounds) - start - once
print(once, twice)
"""


def growth(workload: str) -> tuple[int, int]:
    """The total refcount's change over ROUNDS rounds, then over 2 * ROUNDS more."""
    site = sysconfig.get_paths()["purelib"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [DEBUG_PYTHON, "-c", MEASURE, site, str(HERE), workload, str(ROUNDS)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    once, twice = done.stdout.split()
    return int(once), int(twice)


def leaks(once: int, twice: int) -> bool:
    """A leak grows with the rounds: twice the rounds, about twice the growth."""
    return twice - once >= ROUNDS // 2  # half a reference per round, or more


def ensure_debug_python() -> bool:
    if Path(DEBUG_PYTHON).exists():
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing python3.11-dbg with apt-get (first time only: about a minute)", flush=True)
        install = ["apt-get", "install", "-y", "-qq", "python3.11-dbg"]
        if subprocess.run(install, capture_output=True, check=False).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], capture_output=True, check=False)  # stale package lists
            subprocess.run(install, capture_output=True, check=False)
    return Path(DEBUG_PYTHON).exists()


def main() -> int:
    if not ensure_debug_python():
        print(f"skipped: reference counts on a debug interpreter (no {DEBUG_PYTHON}; apt-get install python3.11-dbg)")
        return 0
    once, twice = growth("seeded leak")
    if not leaks(once, twice):
        print(f"refcounts self-check: the seeded leak was MISSED ({once} then {twice})")
        return 1
    print(f"refcounts self-check: seeded leak found (+{once} refs over {ROUNDS} rounds, +{twice} over {2 * ROUNDS})")
    ok = True
    for module in ("part1_capi", "part7_pybind", "minictypes"):
        once, twice = growth(module)
        verdict = "LEAKS" if leaks(once, twice) else "no growth"
        print(f"refcounts, {module}: total {once:+} over {ROUNDS} rounds, {twice:+} over {2 * ROUNDS}: {verdict}")
        ok = ok and verdict == "no growth"
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
