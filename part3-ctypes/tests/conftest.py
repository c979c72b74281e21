"""One fixture, every route: each test taking ``route`` runs once per route in ``ROUTES``."""

import pytest

from part3_ctypes import ROUTES, load


@pytest.fixture(params=ROUTES)
def route(request):
    """The module of one route (via_ctypes, via_cffi_abi, via_cffi_api)."""
    return load(request.param)
