"""The runtime and the transport plugin: messages between nodes of one
process and of two, keep-last queues, type checks by hash, and every way a
plugin or a capsule can be wrong."""

import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from demo_msgs.msg import DemoStatus, Reading
from part6_hybrid import Context, TransportError, TypeMismatchError, open_transport
from part6_hybrid.transport import DEFAULT_PATH

PART = Path(__file__).resolve().parents[1]


def drain(subscription):
    out = []
    while (message := subscription.take()) is not None:
        out.append(message)
    return out


def test_within_one_process(context):
    node = context.node("both")
    got = []
    node.create_subscription(DemoStatus, "/status", got.append)
    publisher = node.create_publisher(DemoStatus, "/status")
    for number in range(3):
        publisher.publish(DemoStatus(messages_sent=number))
    assert node.spin_once(1.0) == 3
    assert [m.messages_sent for m in got] == [0, 1, 2]


def test_keep_last_drops_the_oldest_and_counts_exactly(context):
    node = context.node("slow")
    subscription = node.create_subscription(Reading, "/readings", lambda m: None, depth=4)
    publisher = node.create_publisher(Reading, "/readings")
    for number in range(10):
        publisher.publish(Reading(sequence=number))
    assert [m.sequence for m in drain(subscription)] == [6, 7, 8, 9]
    assert subscription.dropped == 6


def test_four_publishing_threads_deliver_every_message_once_and_whole(context):
    node = context.node("busy")
    subscription = node.create_subscription(Reading, "/many", lambda m: None, depth=10_000)
    publisher = node.create_publisher(Reading, "/many")

    def send(thread):
        for number in range(500):
            publisher.publish(Reading(sensor=f"t{thread}", sequence=number, value=float(number)))

    threads = [threading.Thread(target=send, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    got = drain(subscription)
    assert sorted((m.sensor, m.sequence) for m in got) == sorted((f"t{t}", n) for t in range(4) for n in range(500))
    assert all(m.value == m.sequence for m in got)
    assert subscription.dropped == 0


def test_another_type_on_a_topic_is_refused_with_both_names(context):
    node = context.node("typed")
    node.create_subscription(DemoStatus, "/status", lambda m: None)
    with pytest.raises(TypeMismatchError, match=r"carries demo_msgs/msg/DemoStatus .* not demo_msgs/msg/Reading"):
        node.create_publisher(Reading, "/status")
    publisher = node.create_publisher(DemoStatus, "/status")
    with pytest.raises(TypeError, match=r"^this publisher sends demo_msgs/msg/DemoStatus, not Reading$"):
        publisher.publish(Reading())


def test_a_capsule_of_the_wrong_name_is_refused(context):
    class Forged(Reading):
        pass

    Forged.__import_type_support__()
    # Reading's capsules under DemoStatus's name: the runtime checks each name.
    type.__setattr__(Forged, "_TYPE_NAME", "demo_msgs/msg/DemoStatus")
    with pytest.raises(TypeError, match=r'is not a capsule named "demo_msgs/msg/DemoStatus.create"'):
        context.node("n").create_publisher(Forged, "/forged")


def test_what_is_not_a_message_class_is_refused(context):
    with pytest.raises(TypeError, match=r"is not a generated message class"):
        context.node("n").create_publisher(int, "/ints")


@pytest.mark.parametrize(
    ("topic", "message"),
    [("status", "is not a name like /status"), ("/1st", "is not a name"), ("/a b", "is not a name"), ("/a\0b", "NUL")],
)
def test_bad_topic_names_are_refused(context, topic, message):
    with pytest.raises((TransportError, ValueError), match=message):
        context.node("n").create_publisher(Reading, topic)


def test_bad_depths_and_callbacks_are_refused(context):
    node = context.node("n")
    for depth in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="depth must be an int from 1"):
            node.create_subscription(Reading, "/r", print, depth=depth)
    with pytest.raises(TypeError, match="callback must be callable"):
        node.create_subscription(Reading, "/r", None)


def test_use_after_close_is_an_error_not_a_crash(domain):
    context = Context(domain=domain)
    node = context.node("n")
    subscription = node.create_subscription(Reading, "/r", print)
    publisher = node.create_publisher(Reading, "/r")
    context.close()
    with pytest.raises(TransportError, match="is closed"):
        publisher.publish(Reading())
    with pytest.raises(TransportError, match="is closed"):
        subscription.take()
    with pytest.raises(TransportError, match="is closed"):
        context.node("m").create_publisher(Reading, "/r")


def test_a_missing_transport_is_refused_with_where_it_looked(domain):
    with pytest.raises(TransportError, match=r'no transport "zenoh": libhybrid_transport_zenoh.so is in none of'):
        open_transport("zenoh", domain)


def test_a_library_that_is_not_a_transport_is_refused(domain, tmp_path, monkeypatch):
    # Part III's scalars library, under a transport's file name: it lacks every function.
    shutil.copy(DEFAULT_PATH / "libscalars.so", tmp_path / "libhybrid_transport_fake.so")
    monkeypatch.setenv("HYBRID_TRANSPORT_PATH", str(tmp_path))
    with pytest.raises(
        TransportError, match=r"libhybrid_transport_fake.so is not a transport: it lacks hybrid_transport_abi"
    ):
        open_transport("fake", domain)


# ---------------------------------------------------------------- two processes


def python(code: str, domain: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "HYBRID_DOMAIN": domain}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


LISTEN = """
import sys
from demo_msgs.msg import DemoStatus
from part6_hybrid import Context
with Context() as context:
    node = context.node("listener")
    got = []
    node.create_subscription(DemoStatus, "/status", got.append, depth=100)
    print("ready", flush=True)
    node.spin(until=lambda: len(got) >= int(sys.argv[1]), timeout=20)
    for message in got:
        print(message.messages_sent, message.node_name, list(message.tags), message.last.value, flush=True)
"""


def wait_ready(process):
    assert process.stdout.readline().strip() == "ready", process.stderr.read()


def test_talker_and_listener_in_two_processes(context, domain):
    listener = python(LISTEN, domain, "5")
    wait_ready(listener)
    publisher = context.node("talker").create_publisher(DemoStatus, "/status")
    for number in range(5):
        publisher.publish(
            DemoStatus(messages_sent=number, node_name="talker", tags=["x", "ü"], last=Reading(value=number / 2))
        )
    out, err = listener.communicate(timeout=30)
    assert listener.returncode == 0, err
    assert out.splitlines() == [f"{n} talker ['x', 'ü'] {n / 2}" for n in range(5)]


def test_a_killed_subscriber_does_not_stop_the_publisher_and_a_new_one_gets_later_messages(context, domain):
    first = python(LISTEN, domain, "1000")
    wait_ready(first)
    publisher = context.node("talker").create_publisher(DemoStatus, "/status")
    publisher.publish(DemoStatus(messages_sent=1))
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    for number in range(2, 6):
        publisher.publish(DemoStatus(messages_sent=number))  # to a dead socket: no error, no SIGPIPE
    second = python(LISTEN, domain, "2")
    wait_ready(second)
    time.sleep(0.1)
    publisher.publish(DemoStatus(messages_sent=6))
    publisher.publish(DemoStatus(messages_sent=7))
    out, err = second.communicate(timeout=30)
    assert [line.split()[0] for line in out.splitlines()] == ["6", "7"], err


def test_a_publisher_killed_mid_message_delivers_nothing_torn(context, domain):
    node = context.node("listener")
    subscription = node.create_subscription(Reading, "/torn", lambda m: None)
    # Pretend to be another process's publisher: find the socket, say hello, send half a frame, vanish.
    from part6_hybrid import transport  # noqa: F401  (the directory layout is the plugin's)

    sockets = list(Path(os.environ["HYBRID_TRANSPORT_DIR"], domain).glob("*/sub-*.sock"))
    assert len(sockets) == 1
    hello = f"{Reading._TYPE_NAME}\n{Reading._TYPE_HASH}".encode()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as raw:
        raw.connect(str(sockets[0]))
        raw.sendall(struct.pack("<I", len(hello)) + hello)
        raw.sendall(struct.pack("<I", 1000) + b"\0\1\0\0" + b"x" * 100)  # 104 of 1000 bytes
    assert not subscription.wait(0.3)
    assert subscription.take() is None


def test_a_remote_subscriber_of_another_type_is_refused_at_publish(context, domain):
    code = LISTEN.replace("DemoStatus", "Reading").replace(
        "message.messages_sent, message.node_name, list(message.tags), message.last.value", "message"
    )
    other = python(code, domain, "1")
    wait_ready(other)
    try:
        with pytest.raises(
            TypeMismatchError, match=r"carries demo_msgs/msg/Reading .*process \d+.* not demo_msgs/msg/DemoStatus"
        ):
            context.node("talker").create_publisher(DemoStatus, "/status")
    finally:
        other.kill()
        other.communicate()


def test_the_demo_nodes_talk(domain):
    env = {**os.environ, "HYBRID_DOMAIN": domain}
    listener = subprocess.Popen(
        [sys.executable, str(PART / "listener.py"), "3", "20"], env=env, stdout=subprocess.PIPE, text=True
    )
    assert listener.stdout.readline().strip() == "listener: ready"
    talker = subprocess.run(
        [sys.executable, str(PART / "talker.py"), "3"], env=env, capture_output=True, text=True, timeout=30
    )
    assert talker.returncode == 0, talker.stderr
    out, _ = listener.communicate(timeout=30)
    assert listener.returncode == 0
    assert out.count("listener: got #") == 3


ECHO = """
from demo_msgs.msg import DemoStatus
from part6_hybrid import Context
with Context() as context:
    node = context.node("echo")
    publisher = node.create_publisher(DemoStatus, "/pong")
    node.create_subscription(DemoStatus, "/ping", publisher.publish, depth=100)
    print("ready", flush=True)
    node.spin(timeout=120)
"""


def test_random_messages_cross_two_processes_whole(context, domain):
    """Python -> C -> bytes -> another process's C -> Python -> back again:
    every message Hypothesis makes comes back equal."""
    from hybrid_strategies import statuses
    from hypothesis import given, settings

    echo = python(ECHO, domain)
    wait_ready(echo)
    node = context.node("pinger")
    back = []
    node.create_subscription(DemoStatus, "/pong", back.append, depth=100)
    publisher = node.create_publisher(DemoStatus, "/ping")
    time.sleep(0.2)  # the echo node's publisher appears in the topic directory

    @settings(max_examples=40, deadline=None)
    @given(statuses)
    def round_trip(status):
        back.clear()
        publisher.publish(status)
        node.spin(until=lambda: back, timeout=10)
        assert back == [status]

    try:
        round_trip()
    finally:
        echo.kill()
        echo.communicate()
