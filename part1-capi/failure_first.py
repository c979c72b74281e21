"""What goes wrong when a hand-written extension module gets the C API wrong.

Each case runs in a fresh Python subprocess (the last one kills its
interpreter) against real shared libraries from `cargo build --release`:
`libpart1_capi.so` (the real module) and `libpart1_failures.so` (two
deliberate bugs), copied under the module names Python looks for.
``make outputs`` runs this and the book includes what it prints.
"""

import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

RELEASE = Path(__file__).resolve().parents[1] / "target" / "release"


def run(folder: Path, code: str) -> None:
    done = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, check=False)
    for line in code.splitlines():
        print(f"    >>> {line}")
    for line in done.stdout.splitlines():
        print(f"    {line}")
    errors = [
        line
        for line in done.stderr.splitlines()
        if line and not line.startswith(("  ", "Traceback", "Current thread", "Python runtime"))
    ]
    for line in errors:
        print(f"    {line}")
    if done.returncode < 0:
        print(f"    [the interpreter died: {signal.Signals(-done.returncode).name}]")
    else:
        print(f"    [exit status {done.returncode}]")


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        # ANCHOR: copies
        # Python finds an extension module by file name, then calls PyInit_<name>.
        shutil.copy(RELEASE / "libpart1_capi.so", folder / "config.abi3.so")
        shutil.copy(RELEASE / "libpart1_capi.so", folder / "part1_capi.abi3.so")
        shutil.copy(RELEASE / "libpart1_failures.so", folder / "silent_failure.abi3.so")
        shutil.copy(RELEASE / "libpart1_failures.so", folder / "refcount_bug.abi3.so")
        # ANCHOR_END: copies

        print("1. The file's name and the PyInit_ symbol disagree")
        run(folder, "import config")
        print("   The fix: name the file after its symbol (maturin does, from [lib] name).")
        run(folder, "import part1_capi; print(part1_capi.Config())")

        print("\n2. Init fails without setting an exception")
        run(folder, "import silent_failure")

        print("\n3. A reference count bug: decrementing a borrowed reference")
        run(
            folder,
            "import refcount_bug\n"
            "x = ['a list', 'we', 'still', 'hold']\n"
            "refcount_bug.release_borrowed(x)\n"
            "y = ['a new list']\n"
            "print('x is now', x)\n"
            "print('the program goes on...')",
        )


if __name__ == "__main__":
    main()
