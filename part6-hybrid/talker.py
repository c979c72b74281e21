"""A node that publishes DemoStatus on /status: the user's code of Part VI.

    python part6-hybrid/talker.py [count]

Plain Python over the generated class (Layer 1) and the runtime; run
listener.py in another terminal first (or after: it gets what comes next).
"""

import sys
import time

from demo_msgs.msg import DemoStatus, Reading
from part6_hybrid import Context


# ANCHOR: node
def main(count: int = 5, interval: float = 0.2) -> None:
    with Context() as context:
        node = context.node("talker")
        publisher = node.create_publisher(DemoStatus, "/status", depth=10)
        for number in range(count):
            status = DemoStatus(
                level=DemoStatus.OK,
                node_name="talker",
                messages_sent=number + 1,
                uptime_s=round(number * interval, 3),
                tags=["demo", f"run-{number}"],
                last=Reading(sensor="sensor-A", value=20.0 + number / 2, sequence=number),
            )
            publisher.publish(status)
            print(f"talker: sent #{status.messages_sent}: {status.last.sensor} = {status.last.value}", flush=True)
            time.sleep(interval)


# ANCHOR_END: node


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
