"""A node that prints every DemoStatus it receives on /status.

    python part6-hybrid/listener.py [count] [timeout-seconds]

It stops after `count` messages (default 5) or `timeout` seconds without one.
"""

import sys

from demo_msgs.msg import DemoStatus
from part6_hybrid import Context


# ANCHOR: node
def main(count: int = 5, timeout: float = 10.0) -> int:
    received = []

    def on_status(status: DemoStatus) -> None:
        received.append(status)
        print(
            f"listener: got #{status.messages_sent} from {status.node_name}: "
            f"{status.last.sensor} = {status.last.value}, tags {list(status.tags)}",
            flush=True,
        )

    with Context() as context:
        node = context.node("listener")
        node.create_subscription(DemoStatus, "/status", on_status, depth=10)
        print("listener: ready", flush=True)
        node.spin(until=lambda: len(received) >= count, timeout=timeout)
    return len(received)


# ANCHOR_END: node


if __name__ == "__main__":
    wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    got = main(wanted, float(sys.argv[2]) if len(sys.argv) > 2 else 10.0)
    sys.exit(0 if got >= wanted else 1)
