"""Exercise 02 passes when every DemoStatus on /status comes out as a Reading on /readings."""

import shutil
import tempfile

import pytest
from demo_msgs.msg import DemoStatus, Reading
from part6_hybrid import Context
from relay import start_relay  # the learner's file: the checker puts its folder on sys.path


@pytest.fixture
def context(monkeypatch):
    folder = tempfile.mkdtemp(prefix="relay", dir="/tmp")  # short: socket paths have a limit
    monkeypatch.setenv("HYBRID_TRANSPORT_DIR", folder)
    with Context(domain="relay") as context:
        yield context
    shutil.rmtree(folder, ignore_errors=True)


def statuses(count):
    return [DemoStatus(messages_sent=n, last=Reading(sensor="sensor-B", value=n * 1.5)) for n in range(1, count + 1)]


def test_a_burst_is_relayed_whole_and_in_order(context):
    readings = []
    reader = context.node("reader")
    reader.create_subscription(Reading, "/readings", readings.append, depth=100)
    relay = context.node("relay")
    start_relay(relay)
    talker = context.node("talker").create_publisher(DemoStatus, "/status")
    for status in statuses(5):  # all five before the relay spins
        talker.publish(status)
    relay.spin_once(1.0)
    reader.spin_once(1.0)
    relayed = [(r.sensor, r.value, r.sequence) for r in readings]
    assert relayed, "nothing arrived on /readings: does start_relay subscribe and publish?"
    assert len(relayed) == 5, f"5 sent, {len(relayed)} relayed: is the subscription's depth enough for a burst?"
    assert relayed == [("sensor-B", n * 1.5, n) for n in range(1, 6)]


def test_start_relay_returns_its_publisher(context):
    publisher = start_relay(context.node("relay"))
    assert publisher is not None and publisher.topic == "/readings"
    assert publisher.type_name == "demo_msgs/msg/Reading"
