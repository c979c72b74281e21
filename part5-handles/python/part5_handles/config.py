"""``Config`` through handles: Part V's route of the Config contract.

The object lives in libhandles; this class holds its handle. The checks
that need no native code stay here (a ``TypeError`` for a wrong type, the
argument parsing, with the same messages as Parts I and VII); every rule
about values (ranges, URLs) is the shared Config core's, inside the library,
and its message comes back through ``handles_last_error``.
"""

import ctypes
from ctypes import byref
from typing import final

from . import glue_ctypes
from .errors import ConfigError
from .glue_ctypes import lib
from .resource import HandleResource

__all__ = ["Config", "ConfigError"]

INT64 = (-(2**63), 2**63 - 1)
FIELDS = ("timeout", "url", "ssl")
DEFAULTS = {"timeout": 30, "url": "http://localhost/", "ssl": False}


def _parse(name: str, positional: tuple[str, ...], keyword_only: tuple[str, ...], args, kwargs) -> dict:
    """A call's arguments by parameter name, with the messages pyo3 gives (Part VII)."""
    if len(args) > len(positional):
        was = "was" if len(args) == 1 else "were"
        takes = f"from 0 to {len(positional)}" if positional else "0"
        raise TypeError(f"{name} takes {takes} positional arguments but {len(args)} {was} given")
    given = dict(zip(positional, args, strict=False))
    for key, value in kwargs.items():
        if key not in positional + keyword_only:
            raise TypeError(f"{name} got an unexpected keyword argument '{key}'")
        if key in given:
            raise TypeError(f"{name} got multiple values for argument '{key}'")
        given[key] = value
    return given


# ANCHOR: conversions
def _timeout(value) -> int:
    """A Python int as the int64_t libhandles takes; the library checks the range."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"timeout must be an int, not {type(value).__name__}")
    value = int(value)
    if not INT64[0] <= value <= INT64[1]:
        # Too big for the C type: the library still words the error, with our digits.
        lib.config_timeout_out_of_range(str(value).encode())
    return value


def _url(value) -> bytes:
    """A Python str as UTF-8 bytes; a lone surrogate travels as "surrogatepass"
    bytes, so the library can report it by position, as Parts I and VII do."""
    if not isinstance(value, str):
        raise TypeError(f"url must be a str, not {type(value).__name__}")
    return value.encode("utf-8", "surrogatepass")


def _ssl(value) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"ssl must be a bool, not {type(value).__name__}")
    return value


# ANCHOR_END: conversions


# ANCHOR: config
@final
class Config(HandleResource):
    """Config(timeout=30, url='http://localhost/', ssl=False)"""

    __slots__ = ()
    _release = lib.config_release

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type 'Config' is not an acceptable base type")

    def __new__(cls, *args, **kwargs):
        given = _parse("Config.__new__()", FIELDS, (), args, kwargs)
        return cls._create({**DEFAULTS, **given})

    @classmethod
    def _create(cls, values: dict) -> "Config":
        # Each argument is checked whole, its type here and its value by the
        # library, before the next is looked at: the first bad argument is
        # the one reported (Config(0, 0) is about the timeout, not the url).
        timeout = _timeout(values["timeout"])
        lib.config_check_timeout(timeout)
        url = _url(values["url"])
        lib.config_check_url(url, len(url))
        ssl = _ssl(values["ssl"])
        handle = glue_ctypes.HANDLE()
        lib.config_create(timeout, url, len(url), ssl, byref(handle))
        return cls._adopt(handle.value)

    @property
    def timeout(self) -> int:
        """Seconds, an int from 1 to 3600."""
        out = ctypes.c_uint32()
        lib.config_timeout(self.handle, byref(out))
        return out.value

    @timeout.setter
    def timeout(self, value) -> None:
        lib.config_set_timeout(self.handle, _timeout(value))

    @property
    def url(self) -> str:
        """scheme://host[:port][/path], scheme http or https, at most 2048 characters."""
        buffer, needed = ctypes.create_string_buffer(8193), ctypes.c_size_t()  # 2048 characters fit
        lib.config_url(self.handle, buffer, len(buffer), byref(needed))
        return buffer.value.decode("utf-8")

    @url.setter
    def url(self, value) -> None:
        url = _url(value)
        lib.config_set_url(self.handle, url, len(url))

    @property
    def ssl(self) -> bool:
        """Whether to use TLS (a bool)."""
        out = ctypes.c_bool()
        lib.config_ssl(self.handle, byref(out))
        return out.value

    @ssl.setter
    def ssl(self, value) -> None:
        lib.config_set_ssl(self.handle, _ssl(value))

    def process(self) -> dict:
        """The connection a client would open."""
        out = glue_ctypes.ProcessedConfig()
        lib.config_process(self.handle, byref(out))
        return {
            "scheme": out.scheme.decode(),
            "host": out.host.decode(),
            "port": out.port,
            "path": out.path.decode("utf-8"),
            "timeout_ms": out.timeout_ms,
        }

    def replace(self, *args, **kwargs) -> "Config":
        """A new Config with the given fields changed and checked."""
        given = _parse("Config.replace()", (), FIELDS, args, kwargs)
        return self._create({"timeout": self.timeout, "url": self.url, "ssl": self.ssl, **given})

    def __repr__(self) -> str:
        if self.closed:
            return "<Config closed>"  # like a closed Counter: its fields are gone
        return f"Config(timeout={self.timeout}, url={self.url!r}, ssl={self.ssl})"

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return (self.timeout, self.url, self.ssl) == (other.timeout, other.url, other.ssl)

    __hash__ = None  # mutable: unhashable, like list and dict


# ANCHOR_END: config


def _forbid_deletion(name: str) -> property:
    """The contract: deleting a field is an AttributeError, as in Parts I and VII."""
    prop = getattr(Config, name)

    def deleter(self) -> None:
        raise AttributeError(f"cannot delete attribute '{name}'")

    return prop.deleter(deleter)


for _field in FIELDS:
    setattr(Config, _field, _forbid_deletion(_field))
