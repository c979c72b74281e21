"""Part VI benchmark: each step a message takes, side by side, in one run.

``make bench`` runs this and writes part6-hybrid/bench/results.md, which the
book includes. The measuring is ``tools/benchkit``; what is measured is
``calls.py``.
"""

import json
from pathlib import Path

from benchkit.measure import table

REPO = Path(__file__).resolve().parents[2]

if __name__ == "__main__":
    calls = str(Path(__file__).resolve().parent / "calls.py")
    net = table(calls, "make bench (part6-hybrid/bench/bench.py)", baseline=("harness", "empty lambda"))
    if net:
        small = "DemoStatus, small"
        both = net[small, "both conversions (to bytes and back)"]
        part4 = json.loads((REPO / "bench" / "results.json").read_text(encoding="utf-8"))["instructions"]
        build, read = part4["Part IV, ctypes | build"], part4["Part IV, ctypes | read"]
        print(
            f"\nA small DemoStatus to bytes and back (the generated conversions both ways): {both:,.0f} instructions;"
            f" Part IV's ctypes glue building its record ({build:,.0f}) and reading its result ({read:,.0f}):"
            f" {build + read:,.0f} (bench/results.json)."
        )
