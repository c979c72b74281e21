"""The project's panic policy: a panic that a boundary catches and reports is
never also printed to the host's stderr, with or without RUST_BACKTRACE.

Each case runs in a fresh interpreter so that its stderr is its own.
"""

import os
import subprocess
import sys

import pytest

CASES = {
    "part1_capi (hand-written trap)": (
        "import part1_capi\n"
        "try:\n    part1_capi.part1_capi._panic()\n"
        "except SystemError as error:\n    print(type(error).__name__, error)\n",
        "SystemError Rust panic in part1_capi: deliberate panic, to test the trap",
    ),
    "part7_pybind (pyo3's trap)": (
        "import part7_pybind\n"
        "try:\n    part7_pybind.part7_pybind._panic()\n"
        "except BaseException as error:\n    print(type(error).__name__, error)\n",
        "PanicException deliberate panic, to test the trap",
    ),
}
for route in ("ctypes", "cffi_api", "minictypes"):
    CASES[f"libscalars panic_demo via {route}"] = (
        "from part3_ctypes import load\n"
        f"try:\n    load({route!r}).panic_demo()\n"
        "except Exception as error:\n    print(type(error).__name__, error)\n",
        "NativePanicError panic_demo(): the library panicked; the panic was caught at the C boundary",
    )


@pytest.mark.parametrize("backtrace", ["0", "1", "full"])
@pytest.mark.parametrize("case", list(CASES))
def test_a_caught_panic_prints_nothing(case, backtrace):
    code, expected = CASES[case]
    env = {**os.environ, "RUST_BACKTRACE": backtrace}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected
    assert done.stderr == "", f"the library wrote to its host's stderr:\n{done.stderr}"
