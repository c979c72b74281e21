"""Part VI's demo: two processes talk through generated messages, then the
stack is shown as the files really are.

Run it with ``make demo`` (all parts) or ``.venv/bin/python part6-hybrid/demo.py``.
"""

import os
import subprocess
import sys
from pathlib import Path

import _hybrid_runtime
import demo_msgs
from demo_msgs.msg import DemoStatus
from part6_hybrid import Context

from elfinfo import needed_libraries

PART = Path(__file__).resolve().parent
REPO = PART.parent
# Our own domain: the demo meets nobody else's nodes.
os.environ["HYBRID_DOMAIN"] = f"demo-{os.getpid()}"


def shown(path) -> str:
    path = Path(path)
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


print("Two processes: listener.py subscribes to /status, talker.py publishes three DemoStatus:")
listener = subprocess.Popen([sys.executable, str(PART / "listener.py"), "3", "20"], stdout=subprocess.PIPE, text=True)
print(f"  {listener.stdout.readline().strip()}")
talker = subprocess.run([sys.executable, str(PART / "talker.py"), "3"], capture_output=True, text=True, check=True)
out, _ = listener.communicate(timeout=30)
for talked, heard in zip(talker.stdout.splitlines(), out.splitlines(), strict=False):
    print(f"  {talked}\n  {heard}")

print("\nThe chain a message crosses, file by file:")
package = Path(demo_msgs.__file__).parent
runtime = next(Path(_hybrid_runtime.__file__).parent.glob("*.so"))
with Context() as context:
    transport_path = context.transport.path
    transport_name = context.transport.name
rows = [
    ("Layer 1", "talker.py / listener.py", "the user's nodes"),
    ("Layer 1", shown(package / "msg" / "_demo_status.py"), "generated: the DemoStatus class"),
    ("Layer 1", shown(REPO / "part6-hybrid/python/part6_hybrid/node.py"), "the runtime's Python (Context, Node)"),
    ("Layer 2", shown(package / "_demo_msgs_s.abi3.so"), "generated: the typesupport extension"),
    ("Layer 2", shown(runtime), "hand-written: the runtime extension"),
    ("Layer 3", shown(package / "libdemo_msgs__c.so"), "generated C: structs, CDR"),
    ("Layer 3", shown(transport_path), f"the transport plugin ({transport_name!r}, loaded by name)"),
]
for layer, path, what in rows:
    if path.endswith(".so"):
        libs = needed_libraries(REPO / path if not Path(path).is_absolute() else path)
        python = "links libpython" if any("python" in lib for lib in libs) else "no libpython"
        ours = [lib for lib in libs if "demo_msgs" in lib or "hybrid" in lib]
        extra = f"; links {', '.join(ours)}" if ours else ""
        print(f"  {layer}  {path}\n           {what}; {python}{extra}")
    else:
        print(f"  {layer}  {path}\n           {what}")

print("\nWhat passes from the typesupport extension to the runtime: six capsules per message type")
DemoStatus.__import_type_support__()
import ctypes

ctypes.pythonapi.PyCapsule_GetName.restype = ctypes.c_char_p
ctypes.pythonapi.PyCapsule_GetName.argtypes = [ctypes.py_object]
for function in ("create", "destroy", "convert_from_py", "convert_to_py", "serialize", "deserialize"):
    capsule = getattr(DemoStatus, f"_{function.upper()}")
    print(f"  DemoStatus._{function.upper():<16} {ctypes.pythonapi.PyCapsule_GetName(capsule).decode()}")
print(f"  checked by the runtime against DemoStatus._TYPE_NAME = {DemoStatus._TYPE_NAME!r}")
print(f"  and sent with its type hash {DemoStatus._TYPE_HASH[:16]}... to the transport")
