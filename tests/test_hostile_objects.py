"""Random hostile objects at every public entry point of every part.

Each part runs in a process of its own (tests/hostile/drive.py), so a crash
is caught and reported as the signal that ended it, instead of taking the
test run down. Every call must return or raise a documented exception
type: no crash, no SystemError, no PanicException, nothing undocumented.
"""

import signal
import subprocess
import sys
from pathlib import Path

import pytest

DRIVER = Path(__file__).resolve().parent / "hostile" / "drive.py"
PARTS = ["part1", "part3", "minictypes", "part4", "part5", "part7"]
EXAMPLES = 4000  # per part: the six take about 30 s together on the project's 2-core machine


@pytest.mark.parametrize("part", PARTS)
def test_hostile_objects_get_documented_exceptions(part):
    done = subprocess.run(
        [sys.executable, str(DRIVER), part, str(EXAMPLES)], capture_output=True, text=True, timeout=300
    )
    if done.returncode < 0:
        pytest.fail(f"{part} crashed with {signal.Signals(-done.returncode).name}:\n{done.stderr[-3000:]}")
    assert done.returncode == 0, f"{part} raised something undocumented:\n{done.stdout[-2000:]}{done.stderr[-4000:]}"
