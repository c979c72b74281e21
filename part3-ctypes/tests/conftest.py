"""One fixture, every route: each test taking ``route`` runs once per route in ``ROUTES``."""

import pytest

from part3_ctypes import ROUTES, load


@pytest.fixture(params=ROUTES)
def route(request):
    """The module of one route: glue_ctypes, glue_cffi_abi, glue_cffi_api or glue_minictypes
    (routes ctypes, cffi_abi, cffi_api, minictypes)."""
    return load(request.param)
