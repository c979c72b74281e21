"""Exercise 02 passes when each PortError variant raises its class and message."""

import pytest

from classroom.testing import load_extension


@pytest.fixture(scope="module")
def ports():
    return load_extension("ports_ext")


def test_valid_ports(ports):
    assert ports.parse_port("8080") == 8080
    assert ports.parse_port("1") == 1 and ports.parse_port("65535") == 65535


def test_the_hierarchy(ports):
    assert issubclass(ports.PortError, ValueError)
    assert issubclass(ports.EmptyPort, ports.PortError) and issubclass(ports.BadPort, ports.PortError)


@pytest.mark.parametrize(
    ("text", "name", "message"),
    [
        ("", "EmptyPort", "port is empty"),
        ("http", "BadPort", "port is not a number: 'http'"),
        ("-1", "BadPort", "port is not a number: '-1'"),
        ("70000", "BadPort", "port must be from 1 to 65535, got 70000"),
        ("0", "BadPort", "port must be from 1 to 65535, got 0"),
    ],
)
def test_each_variant_has_its_class_and_message(ports, text, name, message):
    with pytest.raises(getattr(ports, name)) as caught:
        ports.parse_port(text)
    assert str(caught.value) == message
    assert isinstance(caught.value, ports.PortError) and isinstance(caught.value, ValueError)
