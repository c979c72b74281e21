"""Choosing and opening the transport plugin, as ROS 2 chooses an RMW implementation."""

import os
from pathlib import Path

from _hybrid_runtime import Transport, TransportError, TypeMismatchError

# part6-hybrid/python/part6_hybrid/transport.py -> the checkout's target/release.
DEFAULT_PATH = Path(__file__).resolve().parents[3] / "target" / "release"


def search_path() -> list[str]:
    """The folders a transport library is looked for in."""
    configured = os.environ.get("HYBRID_TRANSPORT_PATH")
    if configured:
        return [folder for folder in configured.split(os.pathsep) if folder]
    return [str(DEFAULT_PATH)]


def open_transport(name: str | None = None, domain: str | None = None) -> Transport:
    """Loads the transport `name` (default: $HYBRID_TRANSPORT, else "local")
    and opens it for `domain` (default: $HYBRID_DOMAIN, else "default")."""
    name = name or os.environ.get("HYBRID_TRANSPORT", "local")
    domain = domain or os.environ.get("HYBRID_DOMAIN", "default")
    return Transport(name, search_path(), domain)


__all__ = ["Transport", "TransportError", "TypeMismatchError", "open_transport", "search_path"]
