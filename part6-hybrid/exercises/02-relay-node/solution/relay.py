"""A node that republishes: every DemoStatus heard on /status goes on as a
Reading on /readings (its `last` reading, numbered by `messages_sent`)."""

from demo_msgs.msg import DemoStatus, Reading


def start_relay(node, depth: int = 10):
    """Makes the relay's subscription and publisher on `node`; spinning the
    node then relays each status. Returns the publisher."""
    # ex: starter
    # | # TODO: a publisher of Reading on /readings, and a subscription to
    # | # DemoStatus on /status (keeping `depth`) whose callback publishes
    # | # Reading(sensor=..., value=..., sequence=status.messages_sent).
    # | return None
    # ex: mistake 1: "carries demo_msgs/msg/Reading"
    # | publisher = node.create_publisher(DemoStatus, "/readings")
    # | node.create_subscription(DemoStatus, "/status", publisher.publish, depth=depth)
    # | return publisher
    # ex: mistake 2: "is the subscription's depth enough for a burst?"
    # | publisher = node.create_publisher(Reading, "/readings")
    # |
    # | def on_status(status):
    # |     last = status.last
    # |     publisher.publish(Reading(sensor=last.sensor, value=last.value, sequence=status.messages_sent))
    # |
    # | node.create_subscription(DemoStatus, "/status", on_status, depth=1)
    # | return publisher
    # ex: solution
    publisher = node.create_publisher(Reading, "/readings")

    def on_status(status):
        # A new message of the other type: the topic /readings carries Reading.
        last = status.last
        publisher.publish(Reading(sensor=last.sensor, value=last.value, sequence=status.messages_sent))

    # The callback runs in spin; until then the statuses wait in this queue.
    node.create_subscription(DemoStatus, "/status", on_status, depth=depth)
    return publisher
    # ex: end
