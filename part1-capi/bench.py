"""Part II benchmark: per-call cost of each calling convention, in one run.

``make bench`` writes part1-capi/bench_results.md, which the Part II chapter
includes, and states the target: ``add(1, 2)`` through METH_FASTCALL at
most twice the instructions of the builtin ``abs(1)``, net of the loop.
"""

from pathlib import Path

from benchkit.measure import table

if __name__ == "__main__":
    calls = str(Path(__file__).resolve().parent / "bench_calls.py")
    net = table(calls, "make bench (part1-capi/bench.py)", baseline=("harness", "pass"))
    if net:
        fastcall = net["METH_FASTCALL", "add(1, 2)"]
        varargs = net["METH_VARARGS", "add_varargs(1, 2)"]
        builtin = net["builtin", "abs(1)"]
        print(f"\nNet of the loop: `add(1, 2)` costs {fastcall / builtin:.2f}× the instructions of `abs(1)`", end="")
        print(f" (target: at most 2×); `add_varargs(1, 2)` costs {varargs / fastcall:.2f}× `add(1, 2)`.")
