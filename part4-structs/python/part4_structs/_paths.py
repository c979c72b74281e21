"""Where the Layer 3 library and its header live.

The library is a build artifact of the cargo workspace, so we look where
``cargo build --release`` puts it. ``PART4_STRUCTS_LIB`` loads another build.
"""

import os
import sys
from pathlib import Path

PART_DIR = Path(__file__).resolve().parents[2]  # part4-structs/
REPO_DIR = PART_DIR.parent
HEADER = PART_DIR / "include" / "structs.h"

_LIB_NAME = {"darwin": "libstructs.dylib", "win32": "structs.dll"}.get(sys.platform, "libstructs.so")


def library_path() -> Path:
    """The libstructs build to load: ``$PART4_STRUCTS_LIB`` or the release build."""
    override = os.environ.get("PART4_STRUCTS_LIB")
    path = Path(override) if override else REPO_DIR / "target" / "release" / _LIB_NAME
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist; build it with `cargo build --release -p part4-structs`")
    return path
