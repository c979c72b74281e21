"""AddressSanitizer over the Python suites, with the Layer 3 libraries instrumented.

    python tools/reliability/asan.py        (make reliability runs it)

Needs a nightly Rust toolchain (-Zsanitizer=address is unstable) and gcc's
libasan, which is preloaded into the (uninstrumented) Python interpreter so
that the instrumented libraries find their runtime. Skipped, with one line
saying why, when either is missing. The libraries are libscalars,
libstructs and libhandles; the suites run them through ctypes and
mini-ctypes (the cffi API-mode modules link the release builds, so their
tests are left out here).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TARGET = "x86_64-unknown-linux-gnu"
BUILT = REPO / "target" / "asan" / TARGET / "release"
SUITES = [
    "part3-ctypes/tests/test_routes.py",
    "part3-ctypes/tests/test_bad_input.py",
    "part4-structs/tests",
    "part5-handles/tests",
]


def libasan() -> str | None:
    path = subprocess.run(["cc", "-print-file-name=libasan.so"], capture_output=True, text=True).stdout.strip()
    return path if os.path.isabs(path) and Path(path).exists() else None


def self_check(runtime: str) -> bool:
    """The runtime, preloaded this way, must report a seeded heap over-read."""
    with tempfile.TemporaryDirectory() as tmp:
        library = Path(tmp) / "libseeded_asan.so"
        build = ["cc", "-shared", "-fPIC", "-fsanitize=address", "-g", str(HERE / "seeded.c"), "-o", str(library)]
        subprocess.run(build, check=True)
        code = f"import ctypes; ctypes.CDLL({str(library)!r}).seeded_over_read()"
        env = {**os.environ, "LD_PRELOAD": runtime, "ASAN_OPTIONS": "detect_leaks=0"}
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    found = "heap-buffer-overflow" in done.stderr
    print(f"asan self-check: seeded heap over-read {'found' if found else 'MISSED'}")
    return found


def main() -> int:
    nightly = subprocess.run(["cargo", "+nightly", "--version"], capture_output=True).returncode == 0
    runtime = libasan()
    if not nightly or runtime is None:
        why = "no nightly toolchain" if not nightly else "no libasan from the C compiler"
        print(f"skipped: AddressSanitizer ({why})")
        return 0
    if not self_check(runtime):
        return 1
    env = {**os.environ, "RUSTFLAGS": "-Zsanitizer=address"}
    build = ["cargo", "+nightly", "build", "--release", "--quiet", "--target", TARGET, "--target-dir", "target/asan"]
    subprocess.run(
        [*build, "-p", "part3-ctypes", "-p", "part4-structs", "-p", "part5-handles"], cwd=REPO, env=env, check=True
    )
    env = {
        **os.environ,
        "LD_PRELOAD": runtime,
        "ASAN_OPTIONS": "detect_leaks=0",  # the interpreter's own allocations are not ours to judge
        "PART3_SCALARS_LIB": str(BUILT / "libscalars.so"),
        "PART4_STRUCTS_LIB": str(BUILT / "libstructs.so"),
        "PART5_HANDLES_LIB": str(BUILT / "libhandles.so"),
    }
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow"]
    command += ["-k", "not cffi and not aba", *SUITES]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "no output"
    reports = done.stderr.count("ERROR: AddressSanitizer")
    print(
        f"asan over the suites of Parts III to V, libraries instrumented: {summary}; {reports} AddressSanitizer reports"
    )
    if done.returncode != 0 or reports:
        print(done.stdout[-3000:], done.stderr[-3000:])
        return 1
    return 0


if __name__ == "__main__":
    if not shutil.which("cargo"):
        print("skipped: AddressSanitizer (no cargo)")
        sys.exit(0)
    sys.exit(main())
