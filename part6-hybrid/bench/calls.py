"""What Part VI's benchmark measures, by route and step.

``CALLS[route][name]`` is a zero-argument callable making one call. Each
message size is a route; its steps are the generated conversions through
the runtime's Codec (the typesupport's capsules, no transport), and a
publish and a whole round trip within one process (the transport's
intra-process path).
"""

import os
import tempfile

from _hybrid_runtime import Codec
from demo_msgs.msg import DemoStatus, Reading
from part6_hybrid import Context

os.environ.setdefault("HYBRID_TRANSPORT_DIR", tempfile.mkdtemp(prefix="hyb", dir="/tmp"))

SMALL = DemoStatus(node_name="talker", tags=["demo"], last=Reading(value=21.5), recent=[Reading()])
# About 1 KiB on the wire: 120 doubles of history.
KIB = DemoStatus(node_name="talker", history=[float(n) for n in range(120)])

CODEC = Codec(DemoStatus)
CONTEXT = Context(domain=f"bench-{os.getpid()}")
NODE = CONTEXT.node("bench")
PUBLISHER = NODE.create_publisher(DemoStatus, "/bench")
SUBSCRIPTION = NODE.create_subscription(DemoStatus, "/bench", lambda message: None, depth=1)


def _steps(message) -> dict:
    data = CODEC.to_bytes(message)

    def round_trip():
        PUBLISHER.publish(message)
        return SUBSCRIPTION.take()

    return {
        "to bytes (convert_from_py + serialize)": lambda: CODEC.to_bytes(message),
        "to message (deserialize + convert_to_py)": lambda: CODEC.to_message(data),
        "round trip in one process (publish + take)": round_trip,
    }


CALLS = {
    # The cost of the measuring loop itself: one call of a Python lambda.
    "harness": {"empty lambda": lambda: None},
    "DemoStatus, small": _steps(SMALL),
    "DemoStatus, 1 KiB": _steps(KIB),
    # The Python class alone: what the generated setters cost per message built.
    "DemoStatus, Layer 1 only": {"DemoStatus(...) built": lambda: DemoStatus(node_name="talker", tags=["demo"])},
}
