"""One fixture, every route: each test taking ``route`` runs once per route in
``ROUTES`` (ctypes, cffi, minictypes)."""

import pytest

from part4_structs import ROUTES


@pytest.fixture(params=list(ROUTES))
def route(request) -> str:
    return request.param
