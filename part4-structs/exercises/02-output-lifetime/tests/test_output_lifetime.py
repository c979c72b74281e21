"""Exercise 02 passes when every Output is freed exactly once, however it ends."""

import gc
import weakref

import pytest
from output import make_output  # the learner's output.py: the checker puts its folder on sys.path

from part4_structs import InputRecordPy, glue_ctypes

RECORD = InputRecordPy("sensor-A", samples=[(1, 12.5), (2, 40.0)])


@pytest.fixture(autouse=True)
def no_leak_between_tests():
    gc.collect()
    start = glue_ctypes.live_outputs()
    yield
    gc.collect()
    assert glue_ctypes.live_outputs() == start, "an Output was never freed"


def test_close_frees_once():
    out = make_output(RECORD)
    assert glue_ctypes.live_outputs() == 1
    out.close()
    assert glue_ctypes.live_outputs() == 0, "close() did not call free_output"
    assert out.closed, "closed should be True after close()"
    out.close()
    assert glue_ctypes.live_outputs() == 0


def test_with_closes_at_the_end():
    with make_output(RECORD) as out:
        assert out.title == "sensor-A v1: 2 of 2 samples >= 0 kg"
        assert not out.closed
    assert out.closed, "the with block did not close the Output"


def test_with_closes_when_the_block_raises_and_lets_the_error_through():
    with pytest.raises(KeyError, match="inside"), make_output(RECORD) as out:
        raise KeyError("inside")
    assert out.closed


def test_free_output_is_called_once(monkeypatch):
    """Counted directly: free_output empties the record, so a second call
    does no harm and the live count cannot see it; a spy can."""
    calls = []
    real = glue_ctypes.lib.free_output
    monkeypatch.setattr(glue_ctypes.lib, "free_output", lambda record: calls.append(record) or real(record))
    out = make_output(RECORD)
    out.close()
    out.close()
    with out:
        pass
    del out
    gc.collect()
    assert len(calls) == 1, f"free_output was called {len(calls)} times: the memory is given back once"


def test_read_after_close_is_a_clear_error():
    out = make_output(RECORD)
    out.close()
    try:
        title = out.title
    except ValueError as error:
        assert str(error) == "Output is closed"
    except Exception as error:  # noqa: BLE001 - any other error means the freed record was read
        pytest.fail(
            f"a read after close reached the freed record ({type(error).__name__}: {error}): check closed first"
        )
    else:
        pytest.fail(f"a read after close reached the freed record and returned {title!r}: check closed first")


def test_a_forgotten_output_is_freed_when_collected():
    out = make_output(RECORD)
    ref = weakref.ref(out)
    del out
    gc.collect()
    assert ref() is None, "something keeps the Output alive: does the finaliser hold self?"
    assert glue_ctypes.live_outputs() == 0, "the collected Output was never freed: no finaliser?"
