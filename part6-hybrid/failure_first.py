"""Part VI, failure first: what goes wrong between generated layers, and
what catches it. Each failure prints one calm line.

Run it with ``.venv/bin/python part6-hybrid/failure_first.py``.
"""

import os

from demo_msgs.msg import DemoStatus, Reading
from part6_hybrid import Context, TypeMismatchError

os.environ["HYBRID_DOMAIN"] = f"failure-first-{os.getpid()}"

print("1. Stale generated code: a listener built from an older DemoStatus.msg.")
# ANCHOR: stale


class OldDemoStatus(DemoStatus):
    """DemoStatus as generated before a field was added to the .msg: the
    same name, another definition, so another type hash."""

    _TYPE_HASH = "0" * 64


with Context() as context:
    node = context.node("listener")
    node.create_subscription(OldDemoStatus, "/status", print)
    try:
        node.create_publisher(DemoStatus, "/status")
    except TypeMismatchError as error:
        print(f"   TypeMismatchError: {error}")
# ANCHOR_END: stale

print("2. A capsule of the wrong name: Reading's functions offered as DemoStatus's.")
# ANCHOR: capsule


class Forged(Reading):
    pass


Forged.__import_type_support__()  # Reading's six capsules...
type.__setattr__(Forged, "_TYPE_NAME", DemoStatus._TYPE_NAME)  # ...claimed to be DemoStatus's
with Context() as context:
    try:
        context.node("talker").create_publisher(Forged, "/status")
    except TypeError as error:
        print(f"   TypeError: {error}")
# ANCHOR_END: capsule

print("3. A subscriber of another type on the topic.")
# ANCHOR: other_type
with Context() as context:
    node = context.node("mixed")
    node.create_subscription(Reading, "/status", print)
    try:
        node.create_publisher(DemoStatus, "/status")
    except TypeMismatchError as error:
        print(f"   TypeMismatchError: {error}")
# ANCHOR_END: other_type
print("Without the checks, each would have sent bytes laid out for one struct into another: wrong values, no error.")
