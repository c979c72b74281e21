"""Part IV, failure first: what goes wrong when a mirror or a lifetime is wrong.

Each case runs in a fresh Python process (some crash on purpose), and this
script prints what the process printed, or the signal that killed it:

1. a mirror with two fields in the wrong order: wrong numbers, no error;
2. a mirror missing one field: every later offset shifts, C follows a
   garbage pointer;
3. a missing keepalive: the samples array is freed before C reads it;
4. a forgotten free_output: memory grows with every call.

Run it with ``.venv/bin/python part4-structs/failure_first.py`` (``make
outputs`` captures it for the book).
"""

import ctypes
import gc
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from part4_structs import InputRecordPy, transform
from part4_structs import glue_ctypes as b
from part4_structs._paths import REPO_DIR

SAMPLES = [(1, 12.5), (2, 40.0)]

# A second handle on the library whose functions take plain addresses, so a
# wrong mirror can be passed where glue_ctypes.py would refuse its type.
raw_lib = ctypes.CDLL(str(b.library_path()))
raw_lib.describe_input.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]


def describe_at(address: int) -> str:
    """What the library reads in the record at ``address``."""
    buffer, needed = ctypes.create_string_buffer(1 << 16), ctypes.c_size_t(0)
    status = raw_lib.describe_input(address, buffer, len(buffer), ctypes.byref(needed))
    return buffer.value.decode("utf-8", "replace") if status == 0 else f"status {status}"


# ANCHOR: swapped
class SampleSwapped(ctypes.Structure):
    # WRONG: weight first. The header says id (4 bytes), padding, weight.
    _fields_ = [("weight", ctypes.c_double), ("id", ctypes.c_uint32)]


def case_swapped() -> None:
    samples = (SampleSwapped * 2)(*[SampleSwapped(weight=w, id=i) for i, w in SAMPLES])
    raw = b.InputRecord(name=b"sensor-A", version=2, unit=b"kg", sample_count=2)
    raw.samples = ctypes.cast(samples, ctypes.POINTER(b.Sample))  # the cast hides the mismatch
    raw.last.kind = b.READING_COUNT
    print(f"Python wrote  samples={SAMPLES}")
    print(f"C read        {describe_at(ctypes.addressof(raw)).split(' samples=')[1].split(' last=')[0]}")


# ANCHOR_END: swapped


# ANCHOR: missing
class InputRecordMissing(ctypes.Structure):
    # WRONG: no `version`. Every field after it moves early: origin, unit and
    # thresholds by 4 bytes, samples, sample_count and last by 8.
    _fields_ = [(name, c_type) for name, c_type in b.InputRecord._fields_ if name != "version"]


# ANCHOR_END: missing


def case_missing() -> None:
    samples = (b.Sample * 2)(*[b.Sample(*s) for s in SAMPLES])
    raw = InputRecordMissing(name=b"sensor-A", origin=b.Point(10, 20), unit=b"kg", samples=samples, sample_count=2)
    raw.last.kind = b.READING_COUNT
    print(f"sizeof: the mirror says {ctypes.sizeof(raw)} bytes, the header {ctypes.sizeof(b.InputRecord)}", flush=True)
    print("calling describe_input: C reads the sample count (2) where the samples pointer should be", flush=True)
    print(describe_at(ctypes.addressof(raw)))


def case_keepalive_fixed() -> None:
    record = InputRecordPy("sensor-A", samples=[(i, 10.0 + i) for i in range(100)])
    fixed, _keepalive = b.to_ctypes(record)  # held until C has returned
    gc.collect()
    seen = re.findall(r"\((\d+), ([^)]+)\)", b.describe_struct(fixed).split("samples=")[1])
    right = sum(int(i) == k and float(w) == 10.0 + k for k, (i, w) in enumerate(seen))
    print(f"with glue_ctypes.to_ctypes and its keepalive: {right} of {len(seen)} samples right")


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def case_leak() -> None:
    record = InputRecordPy("sensor-A", samples=SAMPLES * 4)
    raw, _keepalive = b.to_ctypes(record)
    calls = 100_000
    before = rss_kib()
    # ANCHOR: leak
    for _ in range(calls):
        out = b.OutputRecord()
        b.lib.transform_record(ctypes.byref(raw), 1.5, 0.0, 8, ctypes.byref(out))
        title = out.title  # a copy; the library's string and array are never freed
    # ANCHOR_END: leak
    print(
        f"raw calls, no free_output:  RSS +{rss_kib() - before:>6,} KiB after {calls:,} calls; live_outputs() = {b.live_outputs():,}"
    )
    before = rss_kib()
    for _ in range(calls):
        with transform(record, 1.5, 0.0, 8) as out:
            title = out.title
    print(f"the user API (with ... as): RSS +{rss_kib() - before:>6,} KiB after {calls:,} calls; last title {title!r}")


# The missing keepalive is the crash lab's file (crash-lab/missing_keepalive.py):
# one copy of each mistake; the fix is shown here.
CRASH_LAB = REPO_DIR / "crash-lab"
CASES = {
    "swapped": case_swapped,
    "missing": case_missing,
    "keepalive": CRASH_LAB / "missing_keepalive.py",
    "keepalive_fixed": case_keepalive_fixed,
    "leak": case_leak,
}
TITLES = {
    "swapped": "1. A mirror with two fields in the wrong order (Sample: weight before id)",
    "missing": "2. A mirror missing one field (InputRecord without version)",
    "keepalive": "3. A missing keepalive: the samples array freed before C reads it",
    "keepalive_fixed": "   ... and the same record built by glue_ctypes.to_ctypes, with its keepalive",
    "leak": "4. Forgetting free_output",
}
# The freed memory is made recognisable: glibc fills it with this byte (0xA5),
# and Python's small-object allocator is bypassed so that free() really runs.
PERTURB = {"PYTHONMALLOC": "malloc", "MALLOC_PERTURB_": "165", "PYTHONHASHSEED": "0"}
ENVIRONMENT = {"keepalive": PERTURB, "keepalive_fixed": PERTURB}  # see crash-lab/run.py


def run(case: str) -> None:
    print(f"\n{TITLES[case]}")
    env = {**os.environ, **ENVIRONMENT.get(case, {})}
    script = [str(CASES[case])] if isinstance(CASES[case], Path) else [__file__, case]
    done = subprocess.run([sys.executable, *script], capture_output=True, text=True, env=env, check=False)
    for line in done.stdout.splitlines():
        print(f"  {line}")
    if done.returncode < 0:
        print(f"  the process was killed by {signal.Signals(-done.returncode).name}")
    elif done.returncode != 0:
        print(f"  the process failed:\n{done.stderr}")


if __name__ == "__main__":
    if len(sys.argv) == 2:
        CASES[sys.argv[1]]()
    else:
        for name in CASES:
            run(name)
