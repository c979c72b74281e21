"""Build the cffi API-mode shim: ``python part3-ctypes/cffi_build.py``.

cffi writes C source for a Layer 2 extension module (``_scalars_cffi``) from
the header's declarations, and the C compiler builds it against the header
and links it to the Layer 3 ``libscalars.so``. Build once, import forever:
that is "out-of-line". The output lands in ``python/part3_ctypes/`` and is
git-ignored. Run ``cargo build --release -p part3-ctypes`` first.
"""

import sys
from pathlib import Path

from cffi import FFI

PART_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(PART_DIR / "python"))

from part3_ctypes._paths import HEADER, library_path  # noqa: E402
from part3_ctypes.header import cdef_source  # noqa: E402

# ANCHOR: build
ffi = FFI()
ffi.cdef(cdef_source())  # the same declarations ABI mode parses at run time
library = library_path()
ffi.set_source(
    "part3_ctypes._scalars_cffi",
    '#include "scalars.h"',  # the generated C includes the real header...
    include_dirs=[str(HEADER.parent)],
    libraries=["scalars"],  # ...and links the real libscalars.so
    library_dirs=[str(library.parent)],
    # Find libscalars.so at import time relative to the shim itself, so the
    # checkout can move: python/part3_ctypes/ -> ../../../target/release/.
    extra_link_args=["-Wl,-rpath,$ORIGIN/../../../target/release"],
)
# ANCHOR_END: build

if __name__ == "__main__":
    built = ffi.compile(tmpdir=str(PART_DIR / "build"), verbose=False)
    # compile() leaves the module in tmpdir/part3_ctypes/; move it beside the package.
    target = PART_DIR / "python" / "part3_ctypes" / Path(built).name
    Path(built).replace(target)
    print(f"built {target.relative_to(PART_DIR.parent)}")
