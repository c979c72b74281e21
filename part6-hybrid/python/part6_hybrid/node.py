"""Context and Node: publishers, subscriptions with callbacks, and spinning.

A subscription's callback runs only inside `spin_once` or `spin`, in the
caller's thread, as in rclpy: messages wait in the transport's keep-last
queue until then.
"""

import time

from part6_hybrid.transport import open_transport


class Context:
    """One open transport; closing it closes every node's endpoints."""

    def __init__(self, transport: str | None = None, domain: str | None = None):
        self._transport = open_transport(transport, domain)
        self._nodes = []

    @property
    def transport(self):
        """The runtime's Transport: its `name`, `path` and `domain`."""
        return self._transport

    def node(self, name: str) -> "Node":
        node = Node(name, self)
        self._nodes.append(node)
        return node

    def close(self):
        self._transport.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Node:
    """A named participant: it makes publishers and subscriptions and runs callbacks."""

    def __init__(self, name: str, context: Context):
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"a node name is a Python identifier, not {name!r}")
        self.name = name
        self._context = context
        self._subscriptions = []  # (subscription, callback)

    def create_publisher(self, msg_type, topic: str, depth: int = 10):
        """A publisher of `msg_type` on `topic` (`depth` is the subscribers' business here)."""
        _check_depth(depth)
        return self._context.transport.publisher(msg_type, topic)

    def create_subscription(self, msg_type, topic: str, callback, depth: int = 10):
        """Calls `callback(message)` from spin for every message kept (the last `depth`)."""
        _check_depth(depth)
        if not callable(callback):
            raise TypeError(f"callback must be callable, not {type(callback).__name__}")
        subscription = self._context.transport.subscription(msg_type, topic, depth)
        self._subscriptions.append((subscription, callback))
        return subscription

    def destroy_subscription(self, subscription) -> None:
        """Closes `subscription` and forgets its callback (as rclpy's node does)."""
        subscription.close()
        self._subscriptions = [(s, c) for s, c in self._subscriptions if s is not subscription]

    def spin_once(self, timeout: float | None = None) -> int:
        """Runs the callbacks of every message already kept; if there was
        none, waits up to `timeout` seconds (None: forever) for one. Returns
        how many callbacks ran."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            ran = 0
            for subscription, callback in self._subscriptions:
                while (message := subscription.take()) is not None:
                    callback(message)
                    ran += 1
            if ran or not self._subscriptions:
                return ran
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return 0
            # One subscription is waited on, briefly, so that the others are looked at again soon.
            slice_ = 0.05 if remaining is None else min(0.05, remaining)
            self._subscriptions[0][0].wait(slice_)

    def spin(self, until=lambda: False, timeout: float | None = None) -> None:
        """spin_once until `until()` is true (or `timeout` seconds pass)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not until():
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return
            self.spin_once(0.1 if remaining is None else min(0.1, remaining))


def _check_depth(depth):
    if type(depth) is not int or not 1 <= depth <= 1_000_000:
        raise ValueError(f"depth must be an int from 1 to 1000000, not {depth!r}")
