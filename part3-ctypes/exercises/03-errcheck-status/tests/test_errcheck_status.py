"""Exercise 03 passes when every status becomes the value or the exception in the table."""

import re
from ctypes import c_int64

import pytest

import binding  # the learner's binding.py: the checker puts its folder on sys.path

I64_MIN = -(2**63)


def test_ok_returns_the_out_value():
    got = binding.checked_div(7, 2)
    assert got == 3, f"checked_div(7, 2) returned {got!r}: on SCALARS_OK return what C wrote to the out argument"
    assert binding.checked_div(-7, 2) == -3
    assert binding.count_code_points("naïve".encode()) == 5


@pytest.mark.parametrize(
    ("call", "exception", "message"),
    [
        (lambda: binding.checked_div(1, 0), ZeroDivisionError, "checked_div(): division by zero"),
        (lambda: binding.checked_div(I64_MIN, -1), OverflowError, "checked_div(): the result does not fit its C type"),
        (lambda: binding.count_code_points(None), ValueError, "count_code_points(): a required pointer was NULL"),
        (
            lambda: binding.count_code_points(b"ab\xffcd"),
            ValueError,
            "count_code_points(): text is not valid UTF-8 (first bad byte at offset 2)",
        ),
    ],
    ids=["division-by-zero", "overflow", "null-argument", "invalid-utf8"],
)
def test_failure_raises_the_mapped_exception(call, exception, message):
    with pytest.raises(exception, match=f"^{re.escape(message)}$"):
        got = call()
        pytest.fail(f"returned {got!r} instead of raising {exception.__name__}({message!r})")


def test_unknown_status_is_never_a_result():
    with pytest.raises(RuntimeError, match=r"^checked_div\(\): unknown status 42$"):
        got = binding.check_status(42, binding.lib.checked_div, (1, 2, c_int64(99)))
        pytest.fail(f"status 42 returned {got!r} instead of raising RuntimeError")
