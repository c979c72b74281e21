"""Part V's tests share the library's live counts: each test must leave them as it found them."""

import gc

import pytest

from part5_handles import glue_ctypes


@pytest.fixture(autouse=True)
def nothing_left_alive():
    gc.collect()
    before = (glue_ctypes.live(glue_ctypes.KIND_CONFIG), glue_ctypes.live(glue_ctypes.KIND_COUNTER))
    yield
    gc.collect()
    after = (glue_ctypes.live(glue_ctypes.KIND_CONFIG), glue_ctypes.live(glue_ctypes.KIND_COUNTER))
    assert after == before, f"objects left alive in libhandles (Config, Counter): {before} -> {after}"
