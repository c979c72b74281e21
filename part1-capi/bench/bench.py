"""Part II benchmark: per-call cost of each calling convention, in one run.

``make bench`` writes part1-capi/bench/results.md, which the Part II chapter
includes, and states the targets: Part I's ``add(1, 2)`` through
METH_FASTCALL at most twice the instructions of the builtin ``abs(1)`` and
at most 1.1× the same function written in C (``_add_in_c``), and Part VII's
``add`` within 1.1× of a bare pyo3 function of the same shape, all net of
the loop.
"""

from pathlib import Path

from benchkit.measure import table

if __name__ == "__main__":
    calls = str(Path(__file__).resolve().parent / "calls.py")
    net = table(calls, "make bench (part1-capi/bench/bench.py)", baseline=("harness", "pass"))
    if net:
        fastcall = net["Part I, METH_FASTCALL", "add(1, 2)"]
        varargs = net["Part I, METH_VARARGS", "add_varargs(1, 2)"]
        in_c = net["Part I in C, METH_FASTCALL", "_add_in_c(1, 2)"]
        builtin = net["builtin", "abs(1)"]
        pyo3_add, bare = net["Part VII, pyo3", "add(1, 2)"], net["Part VII, pyo3", "_bare_add(1, 2)"]
        print("\nNet of the loop:")
        print(
            f"- Part I's `add(1, 2)` costs {fastcall / builtin:.2f}× the instructions of `abs(1)` (target: at most 2×);"
        )
        print(
            f"- Part I's `add(1, 2)` costs {fastcall / in_c:.2f}× the same function written in C, "
            f"`_add_in_c(1, 2)` (target: at most 1.1×);"
        )
        print(f"- Part I's `add_varargs(1, 2)` costs {varargs / fastcall:.2f}× its `add(1, 2)`;")
        print(
            f"- Part VII's `add(1, 2)` costs {pyo3_add / bare:.2f}× pyo3's bare `_bare_add(1, 2)` (target: at most 1.1×)."
        )
