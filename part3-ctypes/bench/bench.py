"""Part III benchmark: per-call cost of each route, side by side, in one run.

``make bench`` runs this and writes bench/results.md, which the book
includes. The measuring is ``tools/benchkit`` (shared with Part II); what is
measured is ``calls.py``.
"""

from pathlib import Path

from benchkit.measure import table

if __name__ == "__main__":
    calls = str(Path(__file__).resolve().parent / "calls.py")
    net = table(calls, "make bench (part3-ctypes/bench/bench.py)", baseline=("harness", "empty lambda"))
    if net:
        print("\nNet of the harness, mini-ctypes against stock ctypes (target for `add`: at most 0.5×):")
        for name in ("add", "fib(30)", "noop", "c_int32(5)", "Point(1, 2)"):
            print(f"- `{name}`: {net['minictypes', name] / net['ctypes', name]:.2f}×")
