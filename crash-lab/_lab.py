"""Paths the crash-lab files share: the libraries `make build` produces."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RELEASE = REPO / "target" / "release"
LIBSCALARS = str(RELEASE / "libscalars.so")
LIBHANDLES = str(RELEASE / "libhandles.so")
LIBCRASHLAB = str(RELEASE / "libcrashlab.so")
LIBFAILURES = str(RELEASE / "libpart1_failures.so")
