"""Ownership across the boundary: memory stays flat over a million round
trips through the runtime, the typesupport and the transport, and the
objects the runtime holds are released with it."""

import gc
import sys
import weakref

from demo_msgs.msg import Reading


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def test_memory_is_flat_over_1_000_000_round_trips_in_one_process(context, c_library):
    node = context.node("loop")
    subscription = node.create_subscription(Reading, "/loop", lambda m: None, depth=1)
    publisher = node.create_publisher(Reading, "/loop")
    reading = Reading(sensor="sensor-A", value=1.5, sequence=7)

    def round_trips(count):
        for _ in range(count):
            publisher.publish(reading)
            subscription.take()

    live = c_library.hybrid_live_messages()
    round_trips(50_000)
    before = rss_kib()
    round_trips(1_000_000)
    growth = rss_kib() - before
    assert growth < 1024, f"RSS grew by {growth} KiB over 1,000,000 publish + take"
    assert c_library.hybrid_live_messages() == live, "every C message made was finalised"


def test_an_argument_keeps_its_reference_count_over_10_000_publishes(context):
    publisher = context.node("n").create_publisher(Reading, "/counted")
    reading = Reading(sensor="sensor-C")
    before = sys.getrefcount(reading), sys.getrefcount(reading.sensor)
    for _ in range(10_000):
        publisher.publish(reading)
    assert (sys.getrefcount(reading), sys.getrefcount(reading.sensor)) == before


def test_a_subscription_releases_its_message_class_when_it_goes(context):
    class Local(Reading):
        """A class nobody else holds."""

    gone = weakref.ref(Local)
    node = context.node("n")
    subscription = node.create_subscription(Local, "/local", print)
    del Local
    gc.collect()
    assert gone() is not None, "the subscription holds its class"
    node.destroy_subscription(subscription)
    del subscription
    gc.collect()
    assert gone() is None, "and lets it go"
