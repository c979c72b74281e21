"""What Part VI's benchmark measures, by route and step.

``CALLS[route][name]`` is a zero-argument callable making one call. Each
message size is a route; its rows are the four generated steps one at a
time (through the runtime's Codec: the typesupport's capsules, no
transport), both conversions together, and a whole round trip within one
process (publish + take) and through another process (an echo node: this
process's instructions only, the other's time included in the wall time).
"""

import atexit
import os
import subprocess
import sys
import tempfile

from _hybrid_runtime import Codec
from demo_msgs.msg import DemoStatus, Reading
from part6_hybrid import Context

os.environ.setdefault("HYBRID_TRANSPORT_DIR", tempfile.mkdtemp(prefix="hyb", dir="/tmp"))
os.environ["HYBRID_DOMAIN"] = f"bench-{os.getpid()}"

SMALL = DemoStatus(node_name="talker", tags=["demo"], last=Reading(value=21.5), recent=[Reading()])
# About 1 KiB and 1 MiB on the wire: doubles of history.
KIB = DemoStatus(node_name="talker", history=[float(n) for n in range(120)])
MIB = DemoStatus(node_name="talker", history=[float(n) for n in range(131_072)])

CODEC = Codec(DemoStatus)
CONTEXT = Context()
NODE = CONTEXT.node("bench")
PUBLISHER = NODE.create_publisher(DemoStatus, "/bench")
SUBSCRIPTION = NODE.create_subscription(DemoStatus, "/bench", lambda message: None, depth=1)

# The echo node, in a process of its own: what comes on /ping goes back on /pong.
ECHO = """
from demo_msgs.msg import DemoStatus
from part6_hybrid import Context
with Context() as context:
    node = context.node("echo")
    publisher = node.create_publisher(DemoStatus, "/pong")
    node.create_subscription(DemoStatus, "/ping", publisher.publish, depth=4)
    print("ready", flush=True)
    node.spin()
"""
_ECHO = subprocess.Popen([sys.executable, "-c", ECHO], stdout=subprocess.PIPE, text=True)
atexit.register(_ECHO.kill)
assert _ECHO.stdout.readline().strip() == "ready"
PING = NODE.create_publisher(DemoStatus, "/ping")
PONG = NODE.create_subscription(DemoStatus, "/pong", lambda message: None, depth=4)


def _steps(message) -> dict:
    data = CODEC.to_bytes(message)
    filled = CODEC.convert_from_py(message)
    read = CODEC.deserialize(data)

    def round_trip():
        PUBLISHER.publish(message)
        return SUBSCRIPTION.take()

    def through_another_process():
        PING.publish(message)
        PONG.wait(10)
        return PONG.take()

    return {
        "convert_from_py": lambda: CODEC.convert_from_py(message),
        "serialize": lambda: CODEC.serialize(filled),
        "deserialize": lambda: CODEC.deserialize(data),
        "convert_to_py": lambda: CODEC.convert_to_py(read),
        "both conversions (to bytes and back)": lambda: CODEC.to_message(CODEC.to_bytes(message)),
        "round trip in one process (publish + take)": round_trip,
        "round trip through another process": through_another_process,
    }


CALLS = {
    # The cost of the measuring loop itself: one call of a Python lambda.
    "harness": {"empty lambda": lambda: None},
    "DemoStatus, small": _steps(SMALL),
    "DemoStatus, 1 KiB": _steps(KIB),
    "DemoStatus, 1 MiB": _steps(MIB),
    # The Python class alone: what the generated setters cost per message built.
    "DemoStatus, Layer 1 only": {"DemoStatus(...) built": lambda: DemoStatus(node_name="talker", tags=["demo"])},
}
# A megabyte a call: fewer calls under callgrind (per-call counts stay exact).
CALLGRIND_CALLS = {"DemoStatus, 1 MiB": 50}
