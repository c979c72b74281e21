"""What Layer 1 checks before a value reaches a struct field.

ctypes itself wraps an out-of-range integer silently (``c_uint16(70000)``
is 4464) and truncates a too-long ``char[8]`` with an error only for
bytes; cffi raises its own messages. These checks give every route the
same precise exception, naming the argument and its C type. What a value
*means* (a version in range, a finite weight) is the library's to decide.
"""

# (low, high) of each C integer type a record uses.
RANGES = {
    "uint16_t": (0, 2**16 - 1),
    "int16_t": (-(2**15), 2**15 - 1),
    "uint32_t": (0, 2**32 - 1),
    "int32_t": (-(2**31), 2**31 - 1),
    "int64_t": (-(2**63), 2**63 - 1),
    "size_t": (0, 2**64 - 1),
}


def integer(value: object, where: str, name: str, c_type: str) -> int:
    """``value`` as a C integer of ``c_type``: an int (not a bool) in range."""
    if type(value) is bool or not isinstance(value, int):
        raise TypeError(f"{where} argument '{name}' must be int, not {type(value).__name__}")
    low, high = RANGES[c_type]
    if not low <= value <= high:
        raise OverflowError(f"{where} argument '{name}' must fit {c_type} ({low}..{high}), got {value}")
    return int(value)


def real(value: object, where: str, name: str) -> float:
    """``value`` as a C double: an int or a float (not a bool). NaN passes: the library decides."""
    if type(value) is bool or not isinstance(value, (int, float)):
        raise TypeError(f"{where} argument '{name}' must be float, not {type(value).__name__}")
    try:
        return float(value)
    except OverflowError:
        raise OverflowError(f"{where} argument '{name}' is too large for a double") from None


def text(value: object, where: str, name: str, max_bytes: int | None = None) -> bytes:
    """``value`` as UTF-8 bytes for a C string: a str with no NUL and no lone surrogate."""
    if not isinstance(value, str):
        raise TypeError(f"{where} argument '{name}' must be str, not {type(value).__name__}")
    if "\0" in value:
        raise ValueError(f"{where} argument '{name}' must not contain NUL (C strings end there)")
    try:
        encoded = value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(
            f"{where} argument '{name}' is not encodable as UTF-8 (lone surrogate at index {error.start})"
        ) from None
    if max_bytes is not None and len(encoded) > max_bytes:
        raise ValueError(f"{where} argument '{name}' must be at most {max_bytes} bytes of UTF-8, got {len(encoded)}")
    return encoded


def pair(value: object, where: str, name: str) -> tuple[object, object]:
    """A two-item tuple or list, e.g. an origin ``(x, y)`` or a sample ``(id, weight)``."""
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"{where} argument '{name}' must be a pair, not {type(value).__name__}")
    if len(value) != 2:
        raise ValueError(f"{where} argument '{name}' must have 2 items, got {len(value)}")
    return value[0], value[1]
