"""Exercise 04 passes when gcd is exported, declared in the header and bound by ctypes."""

import math
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import binding  # the learner's binding.py: the checker puts its folder on sys.path

U64 = st.integers(min_value=0, max_value=2**64 - 1)
# The checker builds the crate and says where the library and the learner's folder are.
LIBRARY = Path(os.environ["EXERCISE_CDYLIB"])
HEADER = Path(os.environ["EXERCISE_DIR"]) / "include" / "numbers.h"


@pytest.fixture(scope="module", params=["ctypes", "cffi"])
def lib(request):
    if request.param == "ctypes":
        return binding.open_ctypes(LIBRARY)
    return binding.open_cffi(LIBRARY, HEADER)


def test_add_already_works(lib):
    assert lib.add(2**40, 1) == 2**40 + 1


def test_gcd_is_exported_and_declared(lib):
    assert hasattr(lib, "gcd"), "gcd is missing: is it exported from src/lib.rs and declared in include/numbers.h?"
    assert lib.gcd(12, 18) == 6


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [(0, 0, 0), (0, 7, 7), (7, 0, 7), (2**64 - 1, 2**64 - 1, 2**64 - 1), (2**63, 2**62, 2**62)],
)
def test_gcd_edges(lib, a, b, expected):
    try:
        got = lib.gcd(a, b)
    except OverflowError as error:  # a declaration that says int64_t refuses 2**63
        pytest.fail(f"gcd({a}, {b}) raised OverflowError ({error}): do all three files say uint64_t?")
    assert got == expected, f"gcd({a}, {b}) returned {got}, expected {expected}: do all three files say uint64_t?"


@given(a=U64, b=U64)
def test_gcd_matches_math_gcd(lib, a, b):
    assert lib.gcd(a, b) == math.gcd(a, b)
