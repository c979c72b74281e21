"""Part V's demo: a Config and a Counter that live in a library, reached through handles.

Run it with ``make demo`` (all parts) or ``.venv/bin/python part5-handles/demo.py``.
"""

import _ctypes
import ctypes
from pathlib import Path

import part1_capi
import part5_handles
import part7_pybind
from elfinfo import libffi_of
from part5_handles import Counter, StaleHandleError, WrongKindError, glue_ctypes
from part5_handles._paths import REPO_DIR, library_path
from part5_handles.handle_bits import unpack


def shown(path: str | Path) -> str:
    path = Path(path)
    return str(path.relative_to(REPO_DIR)) if path.is_relative_to(REPO_DIR) else str(path)


print("The series' Config snippet, through Part V's handles and through Parts I and VII:")
# ANCHOR: snippet
from part5_handles import Config  # the series' `import mymodule`, here Part V's package

config = Config(timeout=30, url="http://example.com", ssl=True)
print(config.process())
# ANCHOR_END: snippet
for module in (part1_capi, part7_pybind):
    other = module.Config(timeout=30, url="http://example.com", ssl=True).process()
    print(f"  {module.__name__:<13} {'same' if other == config.process() else 'DIFFERENT'}: {other}")

print("\nThe layers config.process() passes through:")
package = Path(part5_handles.__file__).parent
print(
    f"  Layer 1  demo.py, then {shown(package / 'config.py')} (the resource class), {shown(package / 'glue_ctypes.py')} (the glue)"
)
print(f"  Layer 2  _ctypes  {shown(_ctypes.__file__)}")
print(f"  libffi   {libffi_of(_ctypes.__file__)}")
print(f"  Layer 3  {shown(library_path())}: config_process, on the Rust Config behind the handle")

print("\nWhat Python holds is a handle, an integer, not an address:")
parts = unpack(config.handle)
print(
    f"  config.handle = {config.handle:#018x}: kind {parts['kind']} (Config), generation {parts['generation']}, slot {parts['index']}"
)

print("\nA released handle is detected as stale, even after its slot is reused:")
# ANCHOR: stale
counter = Counter(10)
old = counter.handle  # a copy of the integer, as a careless caller might keep
counter.close()
replacement = Counter(99)  # the pool reuses the slot, with the next generation
print(f"  old handle {old:#018x}, new handle {replacement.handle:#018x}: same slot, generation +1")
try:
    glue_ctypes.lib.counter_value(old, ctypes.byref(ctypes.c_int64()))
except StaleHandleError as error:
    print(f"  StaleHandleError: {error}")
# ANCHOR_END: stale
try:
    glue_ctypes.lib.config_timeout(replacement.handle, ctypes.byref(ctypes.c_uint32()))
except WrongKindError as error:
    print(f"  and a Counter's handle given to a Config function: WrongKindError: {error}")
try:
    print(counter.value)
except ValueError as error:
    print(f"  the wrapper itself refuses before C is asked: ValueError: {error}")

print("\nObjects alive in libhandles, by kind:")
print(
    f"  now:                Config {glue_ctypes.live(glue_ctypes.KIND_CONFIG)}, Counter {glue_ctypes.live(glue_ctypes.KIND_COUNTER)}"
)
config.close()
replacement.close()
print(
    f"  after close():      Config {glue_ctypes.live(glue_ctypes.KIND_CONFIG)}, Counter {glue_ctypes.live(glue_ctypes.KIND_COUNTER)}"
)
