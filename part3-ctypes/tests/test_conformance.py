"""CPython's ctypes tests as the judge: mini-ctypes may only gain on them.

`part3-ctypes/conformance/run.py` runs every module of the interpreter's
`ctypes/test` with stock ctypes and with mini-ctypes in its place; its
committed report says how many passed. Run again here, mini-ctypes must
pass at least as many (a regression fails), and a gain must be committed
(rerun the script into results.md) so that the book's figure stays true.
"""

import re
import subprocess
import sys
from pathlib import Path

CONFORMANCE = Path(__file__).resolve().parents[1] / "conformance"


def counts(report: str) -> tuple[int, int]:
    found = re.search(
        r"of the \*\*(\d+)\*\* tests stock ctypes passes here,\s+mini-ctypes passes \*\*(\d+)\*\*", report
    )
    assert found, "the report's summary line is missing"
    return int(found[1]), int(found[2])


def test_mini_ctypes_passes_what_the_committed_report_says():
    committed = counts((CONFORMANCE / "results.md").read_text(encoding="utf-8"))
    done = subprocess.run([sys.executable, str(CONFORMANCE / "run.py")], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    now = counts(done.stdout)
    assert now[0] == committed[0], f"stock ctypes passes {now[0]} tests here, the report says {committed[0]}"
    assert now[1] >= committed[1], f"mini-ctypes passes {now[1]} of CPython's ctypes tests, down from {committed[1]}"
    assert now[1] == committed[1], (
        f"mini-ctypes now passes {now[1]} (the report says {committed[1]}): rerun conformance/run.py into results.md"
    )
