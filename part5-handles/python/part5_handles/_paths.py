"""Where the Layer 3 library and its header live.

``PART5_HANDLES_LIB`` loads another build: the tests use it to load a pool
built without its generation check, and see the stateful test fail.
"""

import os
import sys
from pathlib import Path

PART_DIR = Path(__file__).resolve().parents[2]  # part5-handles/
REPO_DIR = PART_DIR.parent
HEADER = PART_DIR / "include" / "handles.h"

_LIB_NAME = {"darwin": "libhandles.dylib", "win32": "handles.dll"}.get(sys.platform, "libhandles.so")


def library_path() -> Path:
    """The libhandles build to load: ``$PART5_HANDLES_LIB`` or the release build."""
    override = os.environ.get("PART5_HANDLES_LIB")
    path = Path(override) if override else REPO_DIR / "target" / "release" / _LIB_NAME
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist; build it with `cargo build --release -p part5-handles`")
    return path
