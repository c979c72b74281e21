"""Where the Layer 3 library and its header live.

The library is a build artifact of the cargo workspace, not part of this
package, so we look for it where ``cargo build --release`` puts it. Set
``PART3_SCALARS_LIB`` to load a different build.
"""

import os
import sys
from pathlib import Path

PART_DIR = Path(__file__).resolve().parents[2]  # part3-ctypes/
REPO_DIR = PART_DIR.parent
HEADER = PART_DIR / "include" / "scalars.h"

_LIB_NAME = {"darwin": "libscalars.dylib", "win32": "scalars.dll"}.get(sys.platform, "libscalars.so")


def library_path() -> Path:
    """The libscalars build to load: ``$PART3_SCALARS_LIB`` or the release build."""
    override = os.environ.get("PART3_SCALARS_LIB")
    path = Path(override) if override else REPO_DIR / "target" / "release" / _LIB_NAME
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist; build it with `cargo build --release -p part3-ctypes`")
    return path
