"""Part V: objects behind a C ABI, reached through handles.

    from part5_handles import Config, Counter
    with Counter() as readings:
        readings.increment()

``Config`` is a route of the Config contract (the same answers as Parts I
and VII); ``Counter`` is a second kind of object. Both are
``HandleResource``s: they own one handle each and release it exactly once.
"""

from .config import Config, ConfigError
from .counter import Counter
from .errors import HandleError, InvalidHandleError, NativePanicError, StaleHandleError, WrongKindError
from .resource import HandleResource

__all__ = [
    "Config",
    "ConfigError",
    "Counter",
    "HandleError",
    "HandleResource",
    "InvalidHandleError",
    "NativePanicError",
    "StaleHandleError",
    "WrongKindError",
]
