"""Exercise 01 passes when backoff has the signature (attempt, *, base_ms=100)."""

import inspect

import pytest

from classroom.testing import load_extension


@pytest.fixture(scope="module")
def backoff():
    return load_extension("backoff_ext").backoff


def test_the_body_already_works(backoff):
    assert backoff(3, base_ms=10) == 80


def test_base_ms_defaults_to_100(backoff):
    assert backoff(3) == 800
    assert backoff(0) == 100


def test_the_signature_help_shows(backoff):
    assert str(inspect.signature(backoff)) == "(attempt, *, base_ms=100)"


def test_base_ms_is_keyword_only(backoff):
    with pytest.raises(TypeError) as caught:
        backoff(3, 10)
    assert str(caught.value) == "backoff() takes 1 positional arguments but 2 were given"


def test_overflow_still_raises(backoff):
    with pytest.raises(OverflowError, match="does not fit a 64-bit unsigned integer"):
        backoff(64)


def test_none_is_not_a_base(backoff):
    # The default is 100, not None: None is refused like any other non-int.
    with pytest.raises(TypeError):
        backoff(3, base_ms=None)
