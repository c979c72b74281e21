"""Part V, failure first: the same two mistakes with raw pointers, with handles,
and with handles whose pool forgets generations.

Each case runs in a fresh Python process, because the first one kills it;
this script prints what the process printed, or the signal that ended it.

Run it with ``.venv/bin/python part5-handles/failure_first.py`` (``make
outputs`` captures it for the book).
"""

import ctypes
import os
import signal
import subprocess
import sys
from ctypes import byref
from pathlib import Path

from part5_handles import StaleHandleError, glue_ctypes
from part5_handles._paths import REPO_DIR

lib = glue_ctypes.lib
ABA_BUILD = REPO_DIR / "target" / "aba" / "release" / "libhandles.so"


def case_handle() -> None:
    # ANCHOR: handle
    counter = glue_ctypes.HANDLE()
    lib.counter_create(10, byref(counter))
    lib.counter_release(counter)
    other = glue_ctypes.HANDLE()
    lib.counter_create(99, byref(other))  # the pool reuses the slot, next generation
    print(f"released {counter.value:#x}, then created {other.value:#x}")
    for mistake in (lambda: lib.counter_value(counter, byref(ctypes.c_int64())), lambda: lib.counter_release(counter)):
        try:
            mistake()
        except StaleHandleError as error:
            print(f"StaleHandleError: {error}")
    # ANCHOR_END: handle
    value = ctypes.c_int64()
    lib.counter_value(other, byref(value))
    print(f"the new Counter is untouched: {value.value}")
    lib.counter_release(other)


def case_no_generations() -> None:
    counter = glue_ctypes.HANDLE()
    lib.counter_create(10, byref(counter))
    lib.counter_release(counter)
    other = glue_ctypes.HANDLE()
    lib.counter_create(99, byref(other))
    print(f"released {counter.value:#x}, then created {other.value:#x}: the same slot")
    print("(this pool still counts generations, but never compares them)")
    value = ctypes.c_int64()
    lib.counter_value(counter, byref(value))
    print(f"counter_value(released handle) = {value.value}: silently the other Counter")
    lib.counter_release(counter)
    print("counter_release(released handle) succeeded: it released the other Counter")
    print(f"live Counters: {glue_ctypes.live(glue_ctypes.KIND_COUNTER)}, though the program never released `other`")


# Case 1 is the crash lab's file (crash-lab/double_free.py): one copy of each mistake.
CRASH_LAB = REPO_DIR / "crash-lab"
CASES = {"raw_pointer": CRASH_LAB / "double_free.py", "handle": case_handle, "no_generations": case_no_generations}
TITLES = {
    "raw_pointer": "1. A raw pointer used after its object was freed, then freed again",
    "handle": "2. The same two mistakes with a handle",
    "no_generations": "3. The same with a pool that does not keep generations (a test-only build)",
}
ENVIRONMENT = {"no_generations": {"PART5_HANDLES_LIB": str(ABA_BUILD)}}


def run(case: str) -> None:
    print(f"\n{TITLES[case]}")
    env = {**os.environ, **ENVIRONMENT.get(case, {})}
    script = [str(CASES[case])] if isinstance(CASES[case], Path) else [__file__, case]
    done = subprocess.run([sys.executable, *script], capture_output=True, text=True, env=env, check=False)
    for line in done.stdout.splitlines():
        print(f"  {line}")
    for line in done.stderr.splitlines():  # glibc's own words, when it aborts
        print(f"  stderr: {line}")
    if done.returncode < 0:
        print(f"  the process was killed by {signal.Signals(-done.returncode).name}")


if __name__ == "__main__":
    if len(sys.argv) == 2:
        CASES[sys.argv[1]]()  # the cases written here; the crash lab's run as files
    else:
        for name in CASES:
            run(name)
