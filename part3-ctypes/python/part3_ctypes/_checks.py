"""Argument checks every route applies before anything reaches C.

Stock ctypes converts a Python int to ``c_int64`` by keeping the low 64 bits:
``2**64 + 5`` silently becomes ``5``. A binding that means to be safe checks
types and ranges itself and raises, with the same message on every route.
"""

# ANCHOR: int_arg
_INT_RANGES = {
    "int64_t": (-(2**63), 2**63 - 1),
    "uint32_t": (0, 2**32 - 1),
}


def int_arg(value: object, function: str, name: str, ctype: str) -> int:
    """``value`` as an int that fits ``ctype``, else TypeError / OverflowError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{function}() argument {name!r} must be int, not {type(value).__name__}")
    low, high = _INT_RANGES[ctype]
    if not low <= value <= high:
        raise OverflowError(f"{function}() argument {name!r} must fit {ctype} ({low}..{high}), got {value}")
    return value


# ANCHOR_END: int_arg


def float_arg(value: object, function: str, name: str) -> float:
    """``value`` as a float (ints accepted, as Python does), else TypeError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{function}() argument {name!r} must be float, not {type(value).__name__}")
    return float(value)


# ANCHOR: text_arg
def text_arg(value: object, function: str, name: str, *, allow_bytes: bool = False) -> bytes:
    """``value`` as the bytes of a NUL-terminated C string.

    A ``str`` is encoded as UTF-8 (a lone surrogate raises UnicodeEncodeError);
    ``bytes`` pass through untouched where the function accepts them. A NUL
    inside the text would end the C string early, so it is refused.
    """
    if isinstance(value, str):
        data = value.encode("utf-8")
    elif allow_bytes and isinstance(value, bytes):
        data = value
    else:
        wanted = "str or bytes" if allow_bytes else "str"
        raise TypeError(f"{function}() argument {name!r} must be {wanted}, not {type(value).__name__}")
    if b"\0" in data:
        raise ValueError(f"{function}() argument {name!r} contains a NUL byte at offset {data.index(0)}")
    return data


# ANCHOR_END: text_arg


def buffer_size_arg(value: object, function: str) -> int:
    """A caller-chosen buffer size: a non-negative int."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{function}() argument 'buffer_size' must be int, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{function}() argument 'buffer_size' must be >= 0, got {value}")
    return value
