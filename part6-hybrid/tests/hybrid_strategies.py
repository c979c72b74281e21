"""Hypothesis strategies for Part VI's messages: every field kind, in range."""

from demo_msgs.msg import DemoStatus, Reading
from hypothesis import strategies as st

text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), max_size=12)


def ints(bits, signed):
    return st.integers(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else st.integers(0, 2**bits - 1)


def float32s():
    # Values a float32 holds exactly, so a round trip gives them back equal.
    return st.floats(width=32, allow_nan=False)


readings = st.builds(
    Reading,
    sensor=st.text(st.characters(codec="ascii", blacklist_characters="\0"), max_size=16),
    value=st.floats(allow_nan=False),
    sequence=ints(32, False),
)

statuses = st.builds(
    DemoStatus,
    level=ints(8, False),
    node_name=text,
    unit=st.text(st.characters(codec="ascii", blacklist_characters="\0"), max_size=32),
    active=st.booleans(),
    flags=st.binary(min_size=1, max_size=1),
    grade=st.characters(max_codepoint=255),
    trend=ints(8, True),
    offset_decicelsius=ints(16, True),
    node_id=ints(32, True),
    timestamp_ns=ints(64, True),
    port=ints(16, False),
    messages_sent=ints(64, False),
    load=float32s(),
    uptime_s=st.floats(allow_nan=False),
    position=st.lists(ints(32, True), min_size=3, max_size=3),
    history=st.lists(st.floats(allow_nan=False), max_size=5),
    ports=st.lists(ints(16, False), max_size=4),
    tags=st.lists(text, max_size=4),
    last=readings,
    recent=st.lists(readings, max_size=8),
)
