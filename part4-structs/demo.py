"""Part IV's demo: sensor records as C structs, behind a user API.

Run it with ``make demo`` (all parts) or ``.venv/bin/python part4-structs/demo.py``.
"""

import _ctypes
import subprocess
from pathlib import Path

import minictypes
import part4_structs
import part4_structs._structs_cffi as structs_cffi  # the cffi route's Layer 2 module
from elfinfo import libffi_of
from part4_structs import RecordValueError, load
from part4_structs._paths import REPO_DIR, library_path

print("The series' Layer 1 code for Part IV, as written (no samples, so nothing is kept):")
# ANCHOR: snippet
from part4_structs import InputRecordPy, transform

with transform(
    InputRecordPy("sensor-A", version=2, origin=(10, 20)),
    scale=1.5,
    min_weight=20,
    top_n=2,
) as out:
    print(out.title)
# ANCHOR_END: snippet

print("\nThe same call with samples and alarm thresholds:")
# ANCHOR: samples
record = InputRecordPy(
    "sensor-A",
    version=2,
    origin=(10, 20),
    samples=[(1, 12.5), (2, 40.0), (3, 25.0), (4, 40.0)],
    thresholds=(0, 25, 40, 100),
    last=2.0,
)
with transform(record, scale=1.5, min_weight=20, top_n=2) as out:
    print(f"  title         {out.title}")
    print(f"  top           {out.top}")
    print(f"  origin        {out.origin}  (10, 20) times 1.5")
    print(f"  total         {out.total}  (40 + 40 + 25) times 1.5")
    print(f"  alarm_counts  {out.alarm_counts}  kept samples at or above 0, 25, 40 and 100")
    print(f"  last          {out.last}  the last reading, a value, times 1.5")
# ANCHOR_END: samples


def shown(path: str | Path) -> str:
    path = Path(path)
    return str(path.relative_to(REPO_DIR)) if path.is_relative_to(REPO_DIR) else str(path)


print("\nThe layers each route passes through, with the files on this machine:")
api_file = shown(Path(part4_structs.__file__).with_name("api.py"))
for name, glue, layer2, layer2_file in (
    ("ctypes", "glue_ctypes.py", "_ctypes", _ctypes.__file__),
    ("cffi", "glue_cffi_api.py", "_structs_cffi", structs_cffi.__file__),
    ("minictypes", "glue_ctypes.py, unchanged", "minictypes", minictypes.minictypes.__file__),
):
    libffi = libffi_of(layer2_file)
    via_libffi = "" if libffi.startswith("none") else "libffi -> "
    print(f"  route {name}:")
    print(f"    Layer 1  demo.py, then {api_file} (the user API), then {glue} (the glue)")
    print(f"    Layer 2  {layer2}  {shown(layer2_file)}")
    print(f"    libffi   {libffi}")
    print(f"    Layer 3  {shown(library_path())}")
    glue_file = glue.split(",")[0]
    print(f"    chain    demo.py -> transform -> {glue_file} -> {layer2} -> {via_libffi}libstructs.so:transform_record")

print("\nOne layout, five witnesses (InputRecord and Sample; offset/size of each field):")
c_rows = subprocess.run(
    [str(REPO_DIR / "target" / "release" / "structs-layout-c")], capture_output=True, text=True, check=True
).stdout.splitlines()
c_layout = {(t, f): (int(o), int(s)) for t, f, o, s, _ in (line.split() for line in c_rows)}
rust = {(t, f): (o, s) for t, f, o, s, _ in load("ctypes").layout()}
mirror = {(t, f): (o, s) for t, f, o, s, _ in load("ctypes").mirror_layout()}
mini = {(t, f): (o, s) for t, f, o, s, _ in load("minictypes").mirror_layout()}
cffi = {(t, f): (o, s) for t, f, o, s, _ in load("cffi").compiler_layout()}
print(f"    {'field':<26} {'C compiler':>11} {'Rust':>9} {'ctypes':>9} {'mini-ctypes':>12} {'cffi':>9}")
for key in c_layout:
    if key[0] in ("InputRecord", "Sample"):
        label = key[0] if key[1] == "-" else f"{key[0]}.{key[1]}"
        cells = [
            f"{c_layout[key][0]}/{c_layout[key][1]}",
            f"{rust[key][0]}/{rust[key][1]}",
            f"{mirror[key][0]}/{mirror[key][1]}",
            f"{mini[key][0]}/{mini[key][1]}",
            f"{cffi[key][0]}/{cffi[key][1]}",
        ]
        print(f"    {label:<26} {cells[0]:>11} {cells[1]:>9} {cells[2]:>9} {cells[3]:>12} {cells[4]:>9}")

print("\nBad input: refused in Python where it is written, or by the library with a status:")
for label, attempt in (
    ("InputRecordPy('sensor-A', version=70000)", lambda: InputRecordPy("sensor-A", version=70000)),
    ("transform(InputRecordPy('sensor-A', version=0))", lambda: transform(InputRecordPy("sensor-A", version=0))),
):
    try:
        attempt()
    except (OverflowError, RecordValueError) as error:
        print(f"  {label}\n    {type(error).__name__}: {error}")

print("\nWho owns what: OutputRecords the library has filled and not yet freed:")
out = transform(record)
print(f"  after transform()   live_outputs() = {load('ctypes').live_outputs()}")
out.close()
print(f"  after out.close()   live_outputs() = {load('ctypes').live_outputs()}")
