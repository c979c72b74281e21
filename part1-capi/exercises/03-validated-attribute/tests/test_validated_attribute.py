"""Exercise 03 passes when Sensor.celsius is readable, writable and checked."""

import math

import pytest

from classroom.testing import load_extension


@pytest.fixture(scope="module")
def Sensor():
    return load_extension("sensors_ext").Sensor


def test_name_already_works(Sensor):
    assert Sensor("kitchen").name == "kitchen"


def test_celsius_reads_the_field(Sensor):
    sensor = Sensor("kitchen")
    assert sensor.celsius == 20.0 and type(sensor.celsius) is float
    assert Sensor.celsius.__doc__ == "Degrees Celsius, from -273.15 to 1000.0."


@pytest.mark.parametrize("value", [21.5, -273.15, 1000.0, 25, 0])
def test_valid_values_are_stored_as_floats(Sensor, value):
    sensor = Sensor("kitchen")
    sensor.celsius = value
    assert sensor.celsius == value and type(sensor.celsius) is float


@pytest.mark.parametrize(("value", "name"), [(True, "bool"), ("hot", "str"), (None, "NoneType"), ([20], "list")])
def test_wrong_types_are_refused(Sensor, value, name):
    sensor = Sensor("kitchen")
    with pytest.raises(TypeError) as caught:
        sensor.celsius = value
    assert str(caught.value) == f"celsius must be a float, not {name}"
    assert sensor.celsius == 20.0, "a refused value is not stored"


@pytest.mark.parametrize(
    ("value", "shown"), [(1000.5, "1000.5"), (-300, "-300"), (1001.0, "1001.0"), (math.nan, "nan"), (math.inf, "inf")]
)
def test_out_of_range_is_refused(Sensor, value, shown):
    sensor = Sensor("kitchen")
    with pytest.raises(ValueError) as caught:
        sensor.celsius = value
    assert str(caught.value) == f"celsius must be between -273.15 and 1000.0, got {shown}"
    assert sensor.celsius == 20.0, "a refused value is not stored"


def test_celsius_cannot_be_deleted(Sensor):
    sensor = Sensor("kitchen")
    with pytest.raises(AttributeError) as caught:
        del sensor.celsius
    assert str(caught.value) == "cannot delete attribute 'celsius'"
    assert sensor.celsius == 20.0
