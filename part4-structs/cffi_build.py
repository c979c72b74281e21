"""Build Part IV's cffi API-mode extension: ``python part4-structs/cffi_build.py``.

cffi writes C source for ``_structs_cffi`` from the header's declarations;
the C compiler builds it against ``include/structs.h`` (so every struct
layout and signature is checked by the compiler, not trusted) and links it
to ``libstructs.so``. The output lands beside the package and is git-ignored.
Run ``cargo build --release -p part4-structs`` first.
"""

import sys
from pathlib import Path

from cffi import FFI

PART_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(PART_DIR / "python"))

from part4_structs._paths import HEADER, library_path  # noqa: E402
from part4_structs.header import cdef_source  # noqa: E402

# ANCHOR: build
ffi = FFI()
ffi.cdef(cdef_source())
ffi.set_source(
    "part4_structs._structs_cffi",
    '#include "structs.h"',  # the compiler checks the cdef against the real header
    include_dirs=[str(HEADER.parent)],
    libraries=["structs"],
    library_dirs=[str(library_path().parent)],
    extra_link_args=["-Wl,-rpath,$ORIGIN/../../../target/release"],
)
# ANCHOR_END: build

if __name__ == "__main__":
    built = ffi.compile(tmpdir=str(PART_DIR / "build"), verbose=False)
    target = PART_DIR / "python" / "part4_structs" / Path(built).name
    Path(built).replace(target)
    print(f"built {target.relative_to(PART_DIR.parent)}")
