"""The crash lab: every deliberately broken file fails the way its page says.

Each runs in a process of its own (crash-lab/run.py does the same for the
book), and each signature is asserted: the signal, or the wrong number.
"""

import re
import signal
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "crash-lab"))

from run import LAB, run

SETTINGS = dict(LAB)


def killed_by(done, *signals) -> bool:
    return done.returncode < 0 and signal.Signals(-done.returncode) in signals


def test_every_file_is_in_the_lab():
    files = {p.stem for p in (Path(__file__).resolve().parents[1] / "crash-lab").glob("*.py")} - {"run", "_lab"}
    assert files == set(SETTINGS)


@pytest.mark.parametrize(
    ("name", "check"),
    [
        (
            "decref_borrowed",
            lambda d: killed_by(d, signal.SIGSEGV, signal.SIGABRT) and "2 before the call, 1 after" in d.stdout,
        ),
        ("reference_leak", lambda d: d.returncode == 0 and "2 before, 1002 after" in d.stdout),
        (
            "panic_across_extern_c",
            lambda d: killed_by(d, signal.SIGABRT) and "panicked at" in d.stderr and "index out of bounds" in d.stderr,
        ),
        ("restype_missing", lambda d: killed_by(d, signal.SIGSEGV) and "kept a C int: True" in d.stdout),
        (
            "owned_string_as_char_p",
            lambda d: d.returncode == 0 and int(re.search(r"grew by (\d+) MiB", d.stdout)[1]) >= 4,
        ),
        ("callback_collected", lambda d: killed_by(d, signal.SIGSEGV, signal.SIGBUS, signal.SIGILL)),
        ("missing_keepalive", lambda d: "C read (2779096485, " in d.stdout),  # 0xA5A5A5A5: freed memory
        ("double_free", lambda d: killed_by(d, signal.SIGABRT) and "double free detected" in d.stderr),
        ("lost_updates", lambda d: int(re.search(r"([\d,]+) lost", d.stdout)[1].replace(",", "")) > 0),
    ],
)
def test_each_mistake_fails_as_documented(name, check):
    done = run(name, SETTINGS[name])
    assert check(done), f"{name}: exit {done.returncode}\n{done.stdout}\n{done.stderr[-2000:]}"
