# Type stubs for part1_capi: what editors and mypy see. maturin installs
# this file as part1_capi/__init__.pyi, with a py.typed marker; `make test`
# checks it against the built module with mypy's stubtest.
from typing import ClassVar, TypedDict, final

__all__ = ["_C_API", "Config", "ConfigError", "add", "add_varargs", "fib"]

class _Processed(TypedDict):
    scheme: str
    host: str
    port: int
    path: str
    timeout_ms: int

class ConfigError(ValueError):
    """A Config value the contract refuses (a ValueError)."""

@final
class Config:
    """Connection settings, checked whenever they are set."""

    def __new__(cls, timeout: int = 30, url: str = "http://localhost/", ssl: bool = False) -> Config: ...
    @property
    def timeout(self) -> int:
        """Seconds, an int from 1 to 3600."""
    @timeout.setter
    def timeout(self, value: int, /) -> None: ...
    @property
    def url(self) -> str:
        """scheme://host[:port][/path], scheme http or https, at most 2048 characters."""
    @url.setter
    def url(self, value: str, /) -> None: ...
    @property
    def ssl(self) -> bool:
        """Whether to use TLS (a bool)."""
    @ssl.setter
    def ssl(self, value: bool, /) -> None: ...
    def process(self) -> _Processed:
        """The connection a client would open."""
    def replace(self, *, timeout: int = ..., url: str = ..., ssl: bool = ...) -> Config:
        """A new Config with the given fields changed and checked."""
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

def add(a: int, b: int, /) -> int:
    """a + b for two 64-bit signed integers; OverflowError past int64."""

def add_varargs(a: int, b: int, /) -> int:
    """The same as add, called through METH_VARARGS."""

def fib(n: int, /) -> int:
    """The n-th Fibonacci number (fib(0) == 0), for n up to 93; OverflowError past it."""

_C_API: object
"""The capsule "part1_capi._C_API": a table of C functions (include/part1_capi.h)."""
