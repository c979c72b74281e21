"""Exercise 03 passes when Reading.msg has a `zone` field, and the old
Reading's listeners are refused by the type hash."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from demo_msgs.msg import Reading as OldReading
from part6_hybrid import Context, TypeMismatchError

REPO = Path(__file__).resolve().parents[4]
ROSIDL = REPO / "target" / "release" / "rosidl"
# What the generated class says of itself, asked in a process of its own
# (its package name, demo_msgs, is the installed one's too).
DESCRIBE = """
import json
from demo_msgs.msg import Reading
print(json.dumps({"types": Reading.get_fields_and_field_types(), "zone": getattr(Reading(), "zone", None),
                  "hash": Reading._TYPE_HASH}))
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("generated")
    msg = Path(os.environ["EXERCISE_DIR"]) / "msg" / "demo_msgs"
    done = subprocess.run([str(ROSIDL), str(msg), str(out)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"the generator refused the .msg file: {done.stderr.strip()}")
    env = {**os.environ, "PYTHONPATH": str(out / "py")}
    described = subprocess.run([sys.executable, "-c", DESCRIBE], capture_output=True, text=True, env=env, check=True)
    return json.loads(described.stdout)


def test_reading_has_a_zone(generated):
    types = generated["types"]
    assert "zone" in types, f"Reading's fields are {list(types)}: no zone"
    assert types["zone"] == "string<=16", f"zone is {types['zone']}, not a bounded string (string<=16)"
    assert list(types)[:3] == ["sensor", "value", "sequence"], "the old fields keep their places"
    assert generated["zone"] == "lab", f"a new Reading's zone is {generated['zone']!r}, not 'lab'"


def test_an_old_listener_is_refused_by_the_hash(generated, monkeypatch):
    assert generated["hash"] != OldReading._TYPE_HASH, "a changed definition has a new type hash"

    class NewReading(OldReading):
        """The new definition's identity (same name, new hash), on the old class's typesupport."""

        _TYPE_HASH = generated["hash"]

    monkeypatch.setenv("HYBRID_TRANSPORT_DIR", "/tmp")
    with Context(domain=f"add-a-field-{os.getpid()}") as context:
        context.node("old_listener").create_subscription(OldReading, "/readings", print)
        with pytest.raises(
            TypeMismatchError, match=rf"hash {OldReading._TYPE_HASH[:12]}.*hash {generated['hash'][:12]}"
        ):
            context.node("new_talker").create_publisher(NewReading, "/readings")
