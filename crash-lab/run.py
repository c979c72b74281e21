"""Run every crash-lab file in a process of its own and show how it ends.

    .venv/bin/python crash-lab/run.py            (make outputs captures it for the book)

Each file holds one mistake; a crash only ends its own process, and this
script prints what the process printed and the signal that ended it.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Freed memory made recognisable (glibc fills it with 0xA5) and Python's own
# allocator bypassed, so that a use after free reads the same thing every run.
PERTURB = {"PYTHONMALLOC": "malloc", "MALLOC_PERTURB_": "165", "PYTHONHASHSEED": "0"}
# In book order of the parts that teach them.
LAB = [
    ("decref_borrowed", {}),
    ("reference_leak", {}),
    ("panic_across_extern_c", {}),
    ("restype_missing", {}),
    ("owned_string_as_char_p", {}),
    ("callback_collected", PERTURB),
    ("missing_keepalive", PERTURB),
    ("double_free", {}),
    ("lost_updates", {}),
]


def run(name: str, extra: dict) -> subprocess.CompletedProcess:
    env = {**os.environ, **extra, "RUST_BACKTRACE": "0"}
    return subprocess.run(
        [sys.executable, str(HERE / f"{name}.py")], capture_output=True, text=True, env=env, timeout=120
    )


def ending(done: subprocess.CompletedProcess) -> str:
    if done.returncode < 0:
        return f"killed by {signal.Signals(-done.returncode).name}"
    return f"exit status {done.returncode}"


def main() -> None:
    for name, extra in LAB:
        done = run(name, extra)
        settings = " ".join(f"{k}={v}" for k, v in extra.items())
        print(f"\n$ {settings + ' ' if settings else ''}python crash-lab/{name}.py")
        for line in done.stdout.splitlines():
            print(f"  {line}")
        for line in [line for line in done.stderr.splitlines() if line.strip()][:4]:  # what happened
            print(f"  stderr: {line}")
        print(f"  -> {ending(done)}")


if __name__ == "__main__":
    main()
