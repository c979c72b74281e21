"""The memory-checker gate: valgrind memcheck over every export of every part.

    python tools/reliability/memcheck.py        (make reliability runs it)

Runs tools/reliability/exercise_all.py under valgrind with Debian's
/usr/bin/python3.11 (the pyenv build is noisy under valgrind) and
PYTHONMALLOC=malloc, twice: REPEATS[0] and REPEATS[1] rounds. It passes when
both runs show 0 invalid reads or writes and 0 uses of uninitialised values,
and the definitely-lost bytes do not grow with the number of rounds (the
one-time allocations of importing pyo3 and cffi modules are expected and
the same in both). First it checks itself: a test-only library with a
deliberate leak and a deliberate over-read must be reported, or the gate
cannot be trusted.
"""

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PYTHON = "/usr/bin/python3.11"
REPEATS = (2, 8)
VALGRIND = ["valgrind", "--leak-check=full", "--show-leak-kinds=definite", "--num-callers=30"]

# What memcheck calls each kind of error, in its report.
KINDS = {
    "invalid reads": r"Invalid read of size",
    "invalid writes": r"Invalid write of size",
    "uninitialised": r"(Conditional jump or move depends on uninitialised|Use of uninitialised value|Syscall param .* uninitialised)",
    "invalid frees": r"(Invalid free|Mismatched free)",
}


def memcheck(command: list[str]) -> tuple[dict[str, int], int, str]:
    """(error counts by kind, definitely-lost bytes, the report) for one run."""
    env = {**os.environ, "PYTHONMALLOC": "malloc", "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(VALGRIND + command, capture_output=True, text=True, env=env, check=False)
    report = done.stderr
    counts = {kind: len(re.findall(pattern, report)) for kind, pattern in KINDS.items()}
    lost = re.search(r"definitely lost: ([\d,]+) bytes", report)
    return counts, int(lost.group(1).replace(",", "")) if lost else 0, report


def self_check() -> bool:
    """The gate must see a seeded leak and a seeded over-read."""
    with tempfile.TemporaryDirectory() as tmp:
        library = Path(tmp) / "libseeded.so"
        subprocess.run(["cc", "-shared", "-fPIC", "-O0", "-g", str(HERE / "seeded.c"), "-o", str(library)], check=True)
        code = f"import ctypes; lib = ctypes.CDLL({str(library)!r}); lib.seeded_leak(); lib.seeded_over_read()"
        counts, _, report = memcheck([PYTHON, "-c", code])
    # Each bug must be reported with its own function in the stack.
    over_read = bool(re.search(r"Invalid read of size 1\n(==\d+==\s+.*\n)*?.*seeded_over_read", report))
    leak = bool(re.search(r"64 bytes in 1 blocks are definitely lost.*\n(==\d+==\s+.*\n)*?.*seeded_leak", report))
    print(
        f"memcheck self-check: seeded over-read {'found' if over_read else 'MISSED'}, "
        f"seeded 64-byte leak {'found' if leak else 'MISSED'}"
    )
    return over_read and leak and counts["invalid reads"] == 1


def main() -> int:
    if not shutil.which("valgrind") or not Path(PYTHON).exists():
        print(f"skipped: memcheck (needs valgrind and {PYTHON}; on Debian: apt-get install valgrind python3.11)")
        return 0
    if not self_check():
        return 1
    site = sysconfig.get_paths()["purelib"]  # the venv's: the built modules live there
    results = []
    for repeat in REPEATS:
        counts, lost, report = memcheck([PYTHON, str(HERE / "exercise_all.py"), site, str(repeat)])
        results.append((repeat, counts, lost, report))
    ok = True
    for repeat, counts, lost, report in results:
        errors = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        print(f"memcheck over every export, {repeat} rounds: {errors}; definitely lost {lost:,} bytes")
        if any(counts.values()):
            ok = False
            print(report[-6000:])
    growth = results[1][2] - results[0][2]
    print(f"memcheck: definitely-lost bytes grow by {growth:,} from {REPEATS[0]} to {REPEATS[1]} rounds (0 expected)")
    return 0 if ok and growth <= 0 else 1


if __name__ == "__main__":
    sys.exit(main())
