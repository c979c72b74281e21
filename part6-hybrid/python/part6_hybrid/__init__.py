"""Part VI's Layer 1 runtime API: what a node's code imports.

    from part6_hybrid import Context
    from demo_msgs.msg import DemoStatus

    with Context() as context:
        node = context.node("talker")
        publisher = node.create_publisher(DemoStatus, "/status", depth=10)
        publisher.publish(DemoStatus(node_name="talker"))

The classes here are thin Python over the runtime extension
(`_hybrid_runtime`, Layer 2), the way rclpy's Python sits over
`_rclpy_pybind11`. The transport is a plugin chosen by name at run time:
`HYBRID_TRANSPORT` (default `local`), looked for in `HYBRID_TRANSPORT_PATH`
(default: this checkout's `target/release`).
"""

from part6_hybrid.node import Context, Node
from part6_hybrid.transport import TransportError, TypeMismatchError, open_transport

__all__ = ["Context", "Node", "TransportError", "TypeMismatchError", "open_transport"]
