"""Layer 1: the generated classes check every field where it is set, name
the field in every refusal, and keep the old value when they refuse."""

import math

import pytest
from demo_msgs.msg import DemoStatus, Reading

# (field, value, exception, message pattern): one row per kind of bad input.
BAD = [
    ("level", "1", TypeError, r"^level must be int, not str$"),
    ("level", True, TypeError, r"^level must be int, not bool$"),
    ("level", None, TypeError, r"^level must be int, not NoneType$"),
    ("level", 256, ValueError, r"^level must be from 0 to 255, got 256$"),
    ("level", -1, ValueError, r"^level must be from 0 to 255, got -1$"),
    ("trend", -129, ValueError, r"^trend must be from -128 to 127, got -129$"),
    ("timestamp_ns", 2**63, ValueError, r"^timestamp_ns must be from -9223372036854775808 to 9223372036854775807"),
    ("messages_sent", -1, ValueError, r"^messages_sent must be from 0 to 18446744073709551615, got -1$"),
    ("active", 1, TypeError, r"^active must be bool, not int$"),
    ("load", "0.5", TypeError, r"^load must be float, not str$"),
    ("load", 1e39, ValueError, r"^load does not fit a float32: 1e\+39$"),
    ("uptime_s", 10**400, ValueError, r"^uptime_s does not fit a float64"),
    ("flags", 3, TypeError, r"^flags must be bytes of length 1, not int$"),
    ("flags", b"ab", TypeError, r"^flags must be bytes of length 1, not bytes b'ab'$"),
    ("grade", "AB", TypeError, r"^grade must be a str of length 1, not str 'AB'$"),
    ("grade", "\u0100", ValueError, r"^grade must be a character from U\+0000 to U\+00FF"),
    ("node_name", b"talker", TypeError, r"^node_name must be str, not bytes$"),
    ("node_name", "a\0b", ValueError, r"^node_name must not contain NUL"),
    ("node_name", "\ud800", ValueError, r"^node_name is not valid UTF-8: a lone surrogate at index 0$"),
    ("unit", "x" * 33, ValueError, r"^unit is 33 bytes of UTF-8, more than its bound of 32$"),
    ("unit", "é" * 17, ValueError, r"^unit is 34 bytes of UTF-8, more than its bound of 32$"),
    ("position", (1, 2), ValueError, r"^position must hold exactly 3 values, not 2$"),
    ("position", "abc", TypeError, r"^position must be a list or a tuple, not str$"),
    ("position", [1, 2, "3"], TypeError, r"^position\[2\] must be int, not str$"),
    ("history", None, TypeError, r"^history must be a list or a tuple, not NoneType$"),
    ("history", [1.0, math.inf, "x"], TypeError, r"^history\[2\] must be float, not str$"),
    ("ports", [1, 2, 3, 4, 5], ValueError, r"^ports must hold at most 4 values, not 5$"),
    ("ports", [70000], ValueError, r"^ports\[0\] must be from 0 to 65535, got 70000$"),
    ("tags", ["ok", "\ud800"], ValueError, r"^tags\[1\] is not valid UTF-8"),
    ("last", DemoStatus(), TypeError, r"^last must be demo_msgs.msg.Reading, not DemoStatus$"),
    ("last", None, TypeError, r"^last must be demo_msgs.msg.Reading, not NoneType$"),
    ("recent", [Reading()] * 9, ValueError, r"^recent must hold at most 8 values, not 9$"),
    ("recent", [Reading(), 1], TypeError, r"^recent\[1\] must be demo_msgs.msg.Reading, not int$"),
]


@pytest.mark.parametrize(
    ("field", "value", "error", "message"), BAD, ids=[f"{row[0]}-{i}" for i, row in enumerate(BAD)]
)
def test_a_bad_value_is_refused_where_it_is_set_and_changes_nothing(field, value, error, message):
    status = DemoStatus()
    before = getattr(status, field)
    with pytest.raises(error, match=message):
        setattr(status, field, value)
    assert getattr(status, field) == before
    with pytest.raises(error, match=message):
        DemoStatus(**{field: value})


def test_defaults_come_from_the_msg_file():
    status = DemoStatus()
    assert (status.level, status.unit, status.active, status.port, status.load) == (0, "celsius", True, 7400, 0.5)
    assert status.position == (0, 0, 0) and status.history == () and status.last == Reading()
    assert Reading().sensor == "sensor-A"


def test_sequences_are_stored_as_tuples_so_only_assignment_changes_them():
    status = DemoStatus(history=[1, 2.5])
    assert status.history == (1.0, 2.5) and type(status.history[0]) is float
    with pytest.raises(AttributeError):
        status.history.append(3.0)


def test_unknown_fields_and_attributes_are_refused():
    with pytest.raises(TypeError, match=r"^DemoStatus\(\) has no field colour$"):
        DemoStatus(colour="red")
    with pytest.raises(AttributeError):
        DemoStatus().colour = "red"
    with pytest.raises(AttributeError):
        del DemoStatus().level


def test_constants_are_class_attributes_that_stay_constant():
    assert (DemoStatus.OK, DemoStatus.WARN, DemoStatus.ERROR, DemoStatus.UNIT) == (0, 1, 2, "celsius")
    with pytest.raises(AttributeError, match=r"^DemoStatus.OK is a constant$"):
        DemoStatus.OK = 5
    assert DemoStatus.OK == 0


def test_fields_and_types_as_rosidl_gives_them():
    assert DemoStatus.get_fields_and_field_types() == {
        "level": "uint8",
        "node_name": "string",
        "unit": "string<=32",
        "active": "bool",
        "flags": "byte",
        "grade": "char",
        "trend": "int8",
        "offset_decicelsius": "int16",
        "node_id": "int32",
        "timestamp_ns": "int64",
        "port": "uint16",
        "messages_sent": "uint64",
        "load": "float32",
        "uptime_s": "float64",
        "position": "int32[3]",
        "history": "sequence<float64>",
        "ports": "sequence<uint16, 4>",
        "tags": "sequence<string>",
        "last": "demo_msgs/Reading",
        "recent": "sequence<demo_msgs/Reading, 8>",
    }


def test_equality_and_repr():
    a, b = DemoStatus(node_name="x"), DemoStatus(node_name="x")
    assert a == b and a != DemoStatus(node_name="y") and a != "x"
    assert repr(Reading()) == "demo_msgs.msg.Reading(sensor='sensor-A', value=0.0, sequence=0)"
    with pytest.raises(TypeError):
        hash(a)
