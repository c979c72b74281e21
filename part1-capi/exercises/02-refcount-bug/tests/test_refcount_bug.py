"""Exercise 02 passes when first() leaves every reference count as it was.

Each check runs in a fresh interpreter: the bug can free an object that is
still in use, and the crash must not take the test runner down with it.
"""

import subprocess
import sys
import textwrap

import pytest

from classroom.testing import extension_folder


@pytest.fixture(scope="module")
def folder():
    return extension_folder("pairs_ext")


def run(folder, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=folder, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"the interpreter failed (exit {done.returncode}):\n{done.stderr[-600:]}"
    return done.stdout.strip()


def test_first_returns_the_first_item(folder):
    assert run(folder, "import pairs_ext; print(pairs_ext.first(('a', 'b')))") == "a"


def test_errors(folder):
    code = """
        import pairs_ext
        for bad in (5, ()):
            try:
                pairs_ext.first(bad)
            except (TypeError, IndexError) as error:
                print(type(error).__name__, error)
    """
    assert run(folder, code).splitlines() == [
        "TypeError first() argument must be a tuple",
        "IndexError first() argument is an empty tuple",
    ]


def test_calls_leave_the_reference_count_unchanged(folder):
    code = """
        import sys, pairs_ext
        item = object()
        keep = [item] * 100  # enough references that the bug cannot free it here
        pair = (item, None)
        before = sys.getrefcount(item)
        for _ in range(10):
            pairs_ext.first(pair)
        print(before - sys.getrefcount(item))
    """
    lost = int(run(folder, code))
    if lost < 0:
        pytest.fail(
            f"10 calls of first() left the item {-lost} references more: each call keeps one nobody releases (a leak)"
        )
    assert lost == 0, f"10 calls of first() cost the item {lost} references: each call releases one it never owned"


def test_a_caller_can_keep_using_the_item(folder):
    code = """
        import pairs_ext
        pair = ([1, 2, 3], None)
        for _ in range(5):
            pairs_ext.first(pair)
        del pairs_ext
        print(pair[0])
    """
    assert run(folder, code) == "[1, 2, 3]"
