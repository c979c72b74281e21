"""Part V's tests share the library's live counts: each test must leave them as it found them."""

import gc

import pytest

from part5_handles import bridge


@pytest.fixture(autouse=True)
def nothing_left_alive():
    gc.collect()
    before = (bridge.live(bridge.KIND_CONFIG), bridge.live(bridge.KIND_COUNTER))
    yield
    gc.collect()
    after = (bridge.live(bridge.KIND_CONFIG), bridge.live(bridge.KIND_COUNTER))
    assert after == before, f"objects left alive in libhandles (Config, Counter): {before} -> {after}"
