"""The checks every generated message class runs when a field is set.

Generated from part6-hybrid/rosidl/src/checks.py into each package: do not
edit the copy (make generate). Each check names the field in its error and
returns the value as the class stores it (sequences as tuples, so the only
way to change one is to assign it again, through its check).
"""

import math

# The largest finite float32; a float64 beyond it has no float32.
FLOAT32_MAX = 3.4028234663852886e38
# What the typesupport extension hands out for each message, as capsules.
SUPPORT_FUNCTIONS = ("create", "destroy", "convert_from_py", "convert_to_py", "serialize", "deserialize")


def _type_name(value):
    return type(value).__name__


def boolean(field, value):
    if type(value) is not bool:
        raise TypeError(f"{field} must be bool, not {_type_name(value)}")
    return value


def integer(field, value, low, high):
    if type(value) is bool or not isinstance(value, int):
        raise TypeError(f"{field} must be int, not {_type_name(value)}")
    if not low <= value <= high:
        raise ValueError(f"{field} must be from {low} to {high}, got {value}")
    return int(value)


def floating(field, value, single):
    if type(value) is bool or not isinstance(value, (int, float)):
        raise TypeError(f"{field} must be float, not {_type_name(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(f"{field} does not fit a float64: {value}") from None
    if single and math.isfinite(number) and abs(number) > FLOAT32_MAX:
        raise ValueError(f"{field} does not fit a float32: {value!r}")
    return number


def byte(field, value):
    if type(value) is not bytes or len(value) != 1:
        raise TypeError(f"{field} must be bytes of length 1, not {_shown(value)}")
    return value


def char(field, value):
    if type(value) is not str or len(value) != 1:
        raise TypeError(f"{field} must be a str of length 1, not {_shown(value)}")
    if ord(value) > 255:
        raise ValueError(f"{field} must be a character from U+0000 to U+00FF, got {value!r}")
    return value


def string(field, value, bound):
    if not isinstance(value, str):
        raise TypeError(f"{field} must be str, not {_type_name(value)}")
    if "\0" in value:
        raise ValueError(f"{field} must not contain NUL (C reads a string up to its first NUL)")
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError as error:
        raise ValueError(f"{field} is not valid UTF-8: a lone surrogate at index {error.start}") from None
    if bound is not None and size > bound:
        raise ValueError(f"{field} is {size} bytes of UTF-8, more than its bound of {bound}")
    return str(value)


def message(field, value, cls):
    if type(value) is not cls:
        raise TypeError(f"{field} must be {cls.__module__.split('._')[0]}.{cls.__name__}, not {_type_name(value)}")
    return value


def array(field, value, length, element):
    items = _items(field, value, element)
    if len(items) != length:
        raise ValueError(f"{field} must hold exactly {length} values, not {len(items)}")
    return items


def sequence(field, value, bound, element):
    items = _items(field, value, element)
    if bound is not None and len(items) > bound:
        raise ValueError(f"{field} must hold at most {bound} values, not {len(items)}")
    return items


def _items(field, value, element):
    if isinstance(value, (str, bytes, bytearray)) or not isinstance(value, (list, tuple)):
        raise TypeError(f"{field} must be a list or a tuple, not {_type_name(value)}")
    return tuple(element(f"{field}[{index}]", item) for index, item in enumerate(value))


def _shown(value):
    return f"{_type_name(value)} {value!r}" if isinstance(value, (str, bytes)) else _type_name(value)
