"""Exercise 02 passes when arguments arrive whole and wrong types are refused."""

import ctypes

import pytest

import binding  # the learner's binding.py: the checker puts its folder on sys.path


def test_small_ints_already_work():
    assert binding.add(2, 3) == 5


def test_64_bit_arguments_arrive_whole():
    got = binding.add(2**40, 1)
    assert got == 2**40 + 1, f"add(2**40, 1) returned {got}: the arguments were passed as 32-bit ints"


@pytest.mark.parametrize("bad", ["3", b"3", None, 1.5], ids=["str", "bytes", "None", "float"])
def test_wrong_argument_type_is_refused(bad):
    with pytest.raises(ctypes.ArgumentError, match="argument 1"):
        got = binding.add(bad, 4)
        pytest.fail(f"add({bad!r}, 4) returned {got} instead of raising ctypes.ArgumentError")


def test_argtypes_check_types_not_ranges():
    # Stock ctypes wraps an out-of-range int into the C type without a word.
    assert binding.add(2**63, 0) == -(2**63)


def test_utf8_bytes_are_counted():
    assert binding.count_code_points("héllo, wörld".encode()) == 12


def test_str_is_refused_not_passed_as_wide_chars():
    with pytest.raises(ctypes.ArgumentError, match="argument 1"):
        got = binding.count_code_points("héllo")
        pytest.fail(f"count_code_points('héllo') returned {got} instead of raising ctypes.ArgumentError")


def test_out_pointer_must_be_a_pointer():
    with pytest.raises(ctypes.ArgumentError, match="argument 2"):
        binding.lib.count_code_points(b"abc", 0)
        pytest.fail("count_code_points(b'abc', 0) passed 0 as the out pointer instead of raising")
