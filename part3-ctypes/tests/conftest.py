"""One fixture, three routes: every test taking ``route`` runs once per route."""

import pytest

from part3_ctypes import ROUTES, load


@pytest.fixture(params=ROUTES)
def route(request):
    """The module of one route (via_ctypes, via_cffi_abi, via_cffi_api)."""
    return load(request.param)
