"""Side-by-side per-call benchmarks: wall time and callgrind instructions.

A part's benchmark is a *calls file*: a Python file defining ``CALLS``, a
dict ``{route: {name: call}}``, where each call is either a zero-argument
callable or a statement string run after the file's optional ``SETUP``
string. Strings measure the call alone (no lambda frame around it).

Two measures, both per call, both in one run:

- wall time (min of 5 timeit repeats): what a user feels, noisy on a
  shared machine, so only compare rows of the same run;
- instructions under callgrind: stable whatever else the machine does.
  Each count is (N calls - 0 calls) / N in fresh interpreters, so the
  interpreter's start-up cancels out.
"""
