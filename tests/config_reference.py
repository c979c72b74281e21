"""The Config contract, as executable Python: the specification.

Every route (Part I's hand-written C-API module, and later Parts V and VII)
must behave exactly like this module: same defaults, same checks in the same
order, same exception types and the same messages, character for character.
``tests/test_config_contract.py`` runs one suite against all of them.

The native routes do not call this file: their rules live once, in Rust
(``config-core``). Writing them twice, here in plain Python and
there in Rust, is deliberate: the suite compares two independent
implementations of one contract.
"""

import unicodedata
from typing import final

TIMEOUT_MIN, TIMEOUT_MAX = 1, 3600
URL_MAX_CHARS = 2048
DEFAULTS = {"timeout": 30, "url": "http://localhost/", "ssl": False}
_HOST_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class ConfigError(ValueError):
    """A Config value the contract refuses (a ValueError)."""


# ANCHOR: arguments
def _parse_arguments(name: str, positional: tuple[str, ...], keyword_only: tuple[str, ...], args, kwargs) -> dict:
    """Maps a call's arguments to parameter names, with pyo3's messages."""
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


# ANCHOR_END: arguments


# ANCHOR: checks
def check_timeout(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"timeout must be an int, not {type(value).__name__}")
    if not TIMEOUT_MIN <= value <= TIMEOUT_MAX:
        raise ConfigError(f"timeout must be between 1 and 3600 seconds, got {int(value)}")
    return int(value)


def check_url(value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"url must be a str, not {type(value).__name__}")
    parse_url(value)
    return str.__str__(value)  # an exact str, even for a str subclass


def check_ssl(value) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"ssl must be a bool, not {type(value).__name__}")
    return value


def parse_url(url: str) -> tuple[str, str, int | None, str]:
    """``scheme://host[:port][/path]`` -> (scheme, host, port, path)."""
    if len(url) > URL_MAX_CHARS:
        raise ConfigError(f"url must be at most 2048 characters, got {len(url)}")
    for position, char in enumerate(url):
        code_point = ord(char)
        if 0xD800 <= code_point <= 0xDFFF:
            raise ConfigError(f"url must be valid Unicode, found a lone surrogate at position {position}")
        # str.isspace() plus the control characters is exactly Unicode's
        # White_Space or Cc, what Rust's is_whitespace() || is_control() test.
        if char.isspace() or unicodedata.category(char) == "Cc":
            raise ConfigError(
                f"url must not contain whitespace or control characters, found U+{code_point:04X} at position {position}"
            )
    scheme, separator, rest = url.partition("://")
    if not separator:
        raise ConfigError("url must look like scheme://host[:port][/path]")
    if scheme.translate(_ASCII_LOWER) not in ("http", "https"):
        raise ConfigError(f'url scheme must be http or https, got "{scheme}"')
    slash = rest.find("/")
    authority, path = (rest, "") if slash < 0 else (rest[:slash], rest[slash:])
    host, colon, port = authority.partition(":")
    if not host:
        raise ConfigError("url host must not be empty")
    if not set(host) <= _HOST_CHARACTERS:
        raise ConfigError(f"url host may contain only ASCII letters, digits, '-' and '.', got \"{host}\"")
    if colon and not (port.isascii() and port.isdigit() and 1 <= int(port) <= 65535):
        raise ConfigError(f'url port must be a number from 1 to 65535, got "{port}"')
    return scheme.translate(_ASCII_LOWER), host, int(port) if colon else None, path


# ANCHOR_END: checks


# ANCHOR: config
@final
class Config:
    """Config(timeout=30, url='http://localhost/', ssl=False)"""

    __slots__ = ("__weakref__", "_ssl", "_timeout", "_url")

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type 'Config' is not an acceptable base type")

    def __new__(cls, *args, **kwargs):
        given = _parse_arguments("Config.__new__()", ("timeout", "url", "ssl"), (), args, kwargs)
        return cls._checked({**DEFAULTS, **given})

    @classmethod
    def _checked(cls, values: dict) -> "Config":
        # Checked in parameter order, so the first bad argument is reported.
        self = object.__new__(cls)
        self._timeout = check_timeout(values["timeout"])
        self._url = check_url(values["url"])
        self._ssl = check_ssl(values["ssl"])
        return self

    @property
    def timeout(self) -> int:
        """Seconds, an int from 1 to 3600."""
        return self._timeout

    @timeout.setter
    def timeout(self, value) -> None:
        self._timeout = check_timeout(value)

    @timeout.deleter
    def timeout(self) -> None:
        raise AttributeError("cannot delete attribute 'timeout'")

    @property
    def url(self) -> str:
        """scheme://host[:port][/path], scheme http or https, at most 2048 characters."""
        return self._url

    @url.setter
    def url(self, value) -> None:
        self._url = check_url(value)

    @url.deleter
    def url(self) -> None:
        raise AttributeError("cannot delete attribute 'url'")

    @property
    def ssl(self) -> bool:
        """Whether to use TLS (a bool)."""
        return self._ssl

    @ssl.setter
    def ssl(self, value) -> None:
        self._ssl = check_ssl(value)

    @ssl.deleter
    def ssl(self) -> None:
        raise AttributeError("cannot delete attribute 'ssl'")

    def process(self) -> dict:
        """The connection a client would open."""
        scheme, host, port, path = parse_url(self._url)
        if scheme == "https" and not self._ssl:
            raise ConfigError("an https url needs ssl=True")
        scheme = "https" if self._ssl else scheme
        default_port = 443 if scheme == "https" else 80
        return {
            "scheme": scheme,
            "host": host.translate(_ASCII_LOWER),
            "port": default_port if port is None else port,
            "path": path or "/",
            "timeout_ms": self._timeout * 1000,
        }

    def replace(self, *args, **kwargs) -> "Config":
        """A new Config with the given fields changed and checked."""
        given = _parse_arguments("Config.replace()", (), ("timeout", "url", "ssl"), args, kwargs)
        current = {"timeout": self._timeout, "url": self._url, "ssl": self._ssl}
        return self._checked({**current, **given})

    def __repr__(self) -> str:
        return f"Config(timeout={self._timeout}, url={self._url!r}, ssl={self._ssl})"

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return (self._timeout, self._url, self._ssl) == (other._timeout, other._url, other._ssl)

    __hash__ = None  # mutable: unhashable, like list and dict


# ANCHOR_END: config
