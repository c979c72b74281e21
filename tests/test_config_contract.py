"""The Config contract (DESIGN.md §8), run against every route.

Each test receives ``mod``, one route's module, and checks it against the
contract, with exact messages: a one-character difference between routes
fails here. The last tests compare each native route with the reference on
generated input, so a rule written differently in Rust and in Python shows.
"""

import gc
import itertools
import re
import weakref

import config_reference
import pytest
from config_routes import ROUTES, load
from hypothesis import given
from hypothesis import strategies as st


@pytest.fixture(params=list(ROUTES), scope="module")
def mod(request):
    return load(request.param)


def raises(exception, message: str):
    """pytest.raises with the whole message pinned."""
    return pytest.raises(exception, match=f"^{re.escape(message)}$")


# ---------------------------------------------------------------- construction


def test_the_series_snippet(mod):
    config = mod.Config(timeout=30, url="http://example.com", ssl=True)
    assert config.process() == {
        "scheme": "https",
        "host": "example.com",
        "port": 443,
        "path": "/",
        "timeout_ms": 30000,
    }


def test_defaults(mod):
    config = mod.Config()
    assert (config.timeout, config.url, config.ssl) == (30, "http://localhost/", False)


def test_positional_order_is_timeout_url_ssl(mod):
    config = mod.Config(5, "https://h", True)
    assert (config.timeout, config.url, config.ssl) == (5, "https://h", True)
    assert mod.Config(5, ssl=True, url="https://h") == config


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((1, "http://h", False, 4), {}, "Config.__new__() takes from 0 to 3 positional arguments but 4 were given"),
        ((1, "http://h", False, 4, 5), {}, "Config.__new__() takes from 0 to 3 positional arguments but 5 were given"),
        ((), {"retries": 3}, "Config.__new__() got an unexpected keyword argument 'retries'"),
        ((), {"Timeout": 3}, "Config.__new__() got an unexpected keyword argument 'Timeout'"),
        ((30,), {"timeout": 3}, "Config.__new__() got multiple values for argument 'timeout'"),
        ((30, "http://h"), {"url": "http://g"}, "Config.__new__() got multiple values for argument 'url'"),
    ],
    ids=["4-positional", "5-positional", "unknown", "wrong-case", "duplicate-timeout", "duplicate-url"],
)
def test_argument_errors(mod, args, kwargs, message):
    with raises(TypeError, message):
        mod.Config(*args, **kwargs)


TYPE_ERRORS = [
    ("timeout", True, "timeout must be an int, not bool"),
    ("timeout", False, "timeout must be an int, not bool"),
    ("timeout", "30", "timeout must be an int, not str"),
    ("timeout", 30.0, "timeout must be an int, not float"),
    ("timeout", None, "timeout must be an int, not NoneType"),
    ("url", b"http://h", "url must be a str, not bytes"),
    ("url", None, "url must be a str, not NoneType"),
    ("url", 80, "url must be a str, not int"),
    ("ssl", 1, "ssl must be a bool, not int"),
    ("ssl", None, "ssl must be a bool, not NoneType"),
    ("ssl", "yes", "ssl must be a bool, not str"),
]


@pytest.mark.parametrize(("field", "value", "message"), TYPE_ERRORS, ids=lambda v: repr(v)[:20])
def test_wrong_types_are_type_errors(mod, field, value, message):
    with raises(TypeError, message):
        mod.Config(**{field: value})


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (-1, "-1"),
        (3601, "3601"),
        (2**63, str(2**63)),
        (-(2**63) - 1, str(-(2**63) - 1)),
        (10**30, str(10**30)),
    ],
)
def test_timeout_out_of_range(mod, value, shown):
    with raises(mod.ConfigError, f"timeout must be between 1 and 3600 seconds, got {shown}"):
        mod.Config(timeout=value)


def test_timeout_bounds_are_inclusive(mod):
    assert mod.Config(timeout=1).timeout == 1
    assert mod.Config(timeout=3600).timeout == 3600


def test_the_first_bad_argument_is_reported(mod):
    with raises(TypeError, "timeout must be an int, not str"):
        mod.Config(timeout="x", url=5, ssl=None)
    with raises(TypeError, "url must be a str, not int"):
        mod.Config(url=5, ssl=None)


# Each argument good, of a wrong type, or of a bad value (ssl has no bad
# value: any bool is one). Whatever is wrong with the later ones, the error
# is the first bad argument's, type or value alike: Config(0, 0) is about
# the timeout. The reference decides; every route must say the same.
CANDIDATES = {
    "timeout": {"good": 30, "type": "30", "value": 0},
    "url": {"good": "http://h/", "type": 0, "value": "ftp://h"},
    "ssl": {"good": True, "type": 1},
}
BADNESS = [
    dict(zip(CANDIDATES, choice, strict=True))
    for choice in itertools.product(*(list(options) for options in CANDIDATES.values()))
    if set(choice) != {"good"}
]


def refusal(call):
    """(exception type name, message) of a call that must fail."""
    try:
        call()
    except (TypeError, ValueError) as error:
        return type(error).__name__, str(error)
    raise AssertionError("the call succeeded")


@pytest.mark.parametrize("badness", BADNESS, ids=lambda b: "-".join(b.values()))
def test_the_first_bad_argument_wins_in_every_combination(mod, badness):
    values = {name: CANDIDATES[name][kind] for name, kind in badness.items()}
    ordered = list(values.values())
    for keywords in itertools.permutations(values):
        kwargs = {name: values[name] for name in keywords}
        expected = refusal(lambda kw=kwargs: config_reference.Config(**kw))
        assert refusal(lambda kw=kwargs: mod.Config(**kw)) == expected, f"Config(**{kwargs})"
        assert refusal(lambda kw=kwargs: mod.Config().replace(**kw)) == expected, f"replace(**{kwargs})"
    assert refusal(lambda: mod.Config(*ordered)) == refusal(lambda: config_reference.Config(*ordered))


# ---------------------------------------------------------------- url

BAD_URLS = [
    ("example.com", "url must look like scheme://host[:port][/path]"),
    ("", "url must look like scheme://host[:port][/path]"),
    ("http:/example.com", "url must look like scheme://host[:port][/path]"),
    ("ftp://example.com", 'url scheme must be http or https, got "ftp"'),
    ("://example.com", 'url scheme must be http or https, got ""'),
    ("httpx://example.com", 'url scheme must be http or https, got "httpx"'),
    ("http://", "url host must not be empty"),
    ("http:///path", "url host must not be empty"),
    ("http://:80", "url host must not be empty"),
    ("http://exa_mple.com", "url host may contain only ASCII letters, digits, '-' and '.', got \"exa_mple.com\""),
    ("http://user@host", "url host may contain only ASCII letters, digits, '-' and '.', got \"user@host\""),
    ("http://héllo.com", "url host may contain only ASCII letters, digits, '-' and '.', got \"héllo.com\""),
    ("http://host?q=1", "url host may contain only ASCII letters, digits, '-' and '.', got \"host?q=1\""),
    ("http://h:", 'url port must be a number from 1 to 65535, got ""'),
    ("http://h:0", 'url port must be a number from 1 to 65535, got "0"'),
    ("http://h:65536", 'url port must be a number from 1 to 65535, got "65536"'),
    ("http://h:-1", 'url port must be a number from 1 to 65535, got "-1"'),
    ("http://h:8o", 'url port must be a number from 1 to 65535, got "8o"'),
    ("http://h:١٢", 'url port must be a number from 1 to 65535, got "١٢"'),
    ("http://h:1:2", 'url port must be a number from 1 to 65535, got "1:2"'),
    ("http://h/a b", "url must not contain whitespace or control characters, found U+0020 at position 10"),
    ("http://h/a\tb", "url must not contain whitespace or control characters, found U+0009 at position 10"),
    ("http://h\0", "url must not contain whitespace or control characters, found U+0000 at position 8"),
    ("http://h/\x7f", "url must not contain whitespace or control characters, found U+007F at position 9"),
    ("http://h/\u00a0", "url must not contain whitespace or control characters, found U+00A0 at position 9"),
    ("http://h/\u3000", "url must not contain whitespace or control characters, found U+3000 at position 9"),
    (" http://h", "url must not contain whitespace or control characters, found U+0020 at position 0"),
    ("http://h/\udc80", "url must be valid Unicode, found a lone surrogate at position 9"),
    ("http://h/\ud800x", "url must be valid Unicode, found a lone surrogate at position 9"),
    ("http://h/" + "a" * 2040, "url must be at most 2048 characters, got 2049"),
    ("http://h/" + "é" * 2040, "url must be at most 2048 characters, got 2049"),
    ("x" * 1_000_000, "url must be at most 2048 characters, got 1000000"),
    ("\0" * 3000, "url must be at most 2048 characters, got 3000"),
]


@pytest.mark.parametrize(("url", "message"), BAD_URLS, ids=lambda v: repr(v)[:30])
def test_malformed_urls(mod, url, message):
    with raises(mod.ConfigError, message):
        mod.Config(url=url)


GOOD_URLS = [
    ("http://example.com", False, ("http", "example.com", 80, "/")),
    ("HTTP://Example.COM", False, ("http", "example.com", 80, "/")),
    ("http://h:8080/a/b?q=1#f", False, ("http", "h", 8080, "/a/b?q=1#f")),
    ("http://h:00080", False, ("http", "h", 80, "/")),
    ("http://h:65535/", False, ("http", "h", 65535, "/")),
    ("http://example.com/path", True, ("https", "example.com", 443, "/path")),
    ("https://example.com", True, ("https", "example.com", 443, "/")),
    ("HtTpS://10.0.0.1:8443/x", True, ("https", "10.0.0.1", 8443, "/x")),
    ("http://h/é/π", False, ("http", "h", 80, "/é/π")),
    ("http://h/" + "a" * 2039, False, ("http", "h", 80, "/" + "a" * 2039)),
]


@pytest.mark.parametrize(("url", "ssl", "expected"), GOOD_URLS, ids=lambda v: repr(v)[:30])
def test_process(mod, url, ssl, expected):
    result = mod.Config(timeout=7, url=url, ssl=ssl).process()
    assert list(result) == ["scheme", "host", "port", "path", "timeout_ms"]
    assert (result["scheme"], result["host"], result["port"], result["path"]) == expected
    assert result["timeout_ms"] == 7000


def test_https_without_ssl_fails_at_process_time(mod):
    config = mod.Config(url="https://example.com")  # creating it is fine
    with raises(mod.ConfigError, "an https url needs ssl=True"):
        config.process()


def test_url_is_stored_as_an_exact_str(mod):
    class Url(str):
        pass

    config = mod.Config(url=Url("http://h"))
    assert type(config.url) is str
    assert config.url == "http://h"


# ---------------------------------------------------------------- attributes


@pytest.mark.parametrize(("field", "value", "message"), TYPE_ERRORS, ids=lambda v: repr(v)[:20])
def test_setters_check_types_and_keep_the_old_value(mod, field, value, message):
    config = mod.Config()
    before = getattr(config, field)
    with raises(TypeError, message):
        setattr(config, field, value)
    assert getattr(config, field) == before


def test_setters_check_values(mod):
    config = mod.Config()
    with raises(mod.ConfigError, "timeout must be between 1 and 3600 seconds, got 0"):
        config.timeout = 0
    with raises(mod.ConfigError, 'url scheme must be http or https, got "ftp"'):
        config.url = "ftp://h"
    assert (config.timeout, config.url) == (30, "http://localhost/")
    config.timeout, config.url, config.ssl = 60, "https://h", True
    assert (config.timeout, config.url, config.ssl) == (60, "https://h", True)


@pytest.mark.parametrize("field", ["timeout", "url", "ssl"])
def test_fields_cannot_be_deleted(mod, field):
    config = mod.Config()
    with raises(AttributeError, f"cannot delete attribute '{field}'"):
        delattr(config, field)
    assert getattr(config, field) == config_reference.DEFAULTS[field]


def test_no_other_attributes(mod):
    config = mod.Config()
    with pytest.raises(AttributeError):
        config.retries = 3


# ---------------------------------------------------------------- replace


def test_replace(mod):
    config = mod.Config(timeout=5, url="http://h", ssl=False)
    changed = config.replace(ssl=True, timeout=9)
    assert (changed.timeout, changed.url, changed.ssl) == (9, "http://h", True)
    assert (config.timeout, config.ssl) == (5, False), "replace does not change the original"
    assert config.replace() == config and config.replace() is not config


@pytest.mark.parametrize(
    ("args", "kwargs", "exception", "message"),
    [
        ((5,), {}, TypeError, "Config.replace() takes 0 positional arguments but 1 was given"),
        ((5, 6), {}, TypeError, "Config.replace() takes 0 positional arguments but 2 were given"),
        ((), {"retries": 1}, TypeError, "Config.replace() got an unexpected keyword argument 'retries'"),
        ((), {"timeout": True}, TypeError, "timeout must be an int, not bool"),
        ((), {"url": "ftp://h"}, "ConfigError", 'url scheme must be http or https, got "ftp"'),
    ],
)
def test_replace_errors(mod, args, kwargs, exception, message):
    exception = mod.ConfigError if exception == "ConfigError" else exception
    with raises(exception, message):
        mod.Config().replace(*args, **kwargs)


# ---------------------------------------------------------------- protocols


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        (
            {"timeout": 30, "url": "http://example.com", "ssl": True},
            "Config(timeout=30, url='http://example.com', ssl=True)",
        ),
        ({}, "Config(timeout=30, url='http://localhost/', ssl=False)"),
        ({"url": "http://h/it's"}, 'Config(timeout=30, url="http://h/it\'s", ssl=False)'),
        ({"url": "http://h/é"}, "Config(timeout=30, url='http://h/é', ssl=False)"),
    ],
)
def test_repr_evaluates_back(mod, kwargs, text):
    config = mod.Config(**kwargs)
    assert repr(config) == text
    assert eval(repr(config), {"Config": mod.Config}) == config


def test_equality(mod):
    a = mod.Config(timeout=5, url="http://h", ssl=True)
    assert a == mod.Config(timeout=5, url="http://h", ssl=True)
    assert not a != mod.Config(timeout=5, url="http://h", ssl=True)
    for other in (a.replace(timeout=6), a.replace(url="http://g"), a.replace(ssl=False)):
        assert a != other and not a == other
    assert a != 5 and a != "Config(timeout=5, url='http://h', ssl=True)" and a != None  # noqa: E711
    assert a.__eq__(5) is NotImplemented
    with pytest.raises(TypeError):
        _ = a < a


def test_unhashable(mod):
    assert mod.Config.__hash__ is None
    with pytest.raises(TypeError, match="unhashable type"):
        hash(mod.Config())


def test_config_error_is_a_value_error(mod):
    assert issubclass(mod.ConfigError, ValueError)
    assert mod.ConfigError.__name__ == "ConfigError"


def test_config_cannot_be_subclassed(mod):
    with pytest.raises(TypeError, match="is not an acceptable base type"):

        class Sub(mod.Config):
            pass


def test_weak_references_and_collection(mod):
    config = mod.Config()
    ref = weakref.ref(config)
    assert ref() is config
    del config
    gc.collect()
    assert ref() is None


# ---------------------------------------------------------------- against the reference


def outcome(call):
    """A call's result or its exception, as comparable data."""
    try:
        value = call()
    except Exception as error:  # noqa: BLE001 - comparing failures is the point
        return ("raises", type(error).__name__, str(error))
    return ("returns", value.process() if hasattr(value, "process") else value)


def safe_process(config):
    try:
        return config.process()
    except Exception as error:  # noqa: BLE001
        return ("raises", type(error).__name__, str(error))


URL_PIECES = st.sampled_from(
    [
        "http",
        "https",
        "HTTP",
        "ftp",
        "://",
        ":",
        "/",
        "h",
        "Example.com",
        "80",
        "0",
        "65536",
        "é",
        " ",
        "\0",
        "\udc80",
        "_",
        "-",
        ".",
        "?",
    ]
)


@given(pieces=st.lists(URL_PIECES, max_size=8), noise=st.text(max_size=5))
def test_urls_match_the_reference(mod, pieces, noise):
    url = "".join(pieces) + noise
    expected = outcome(lambda: config_reference.Config(url=url, ssl=True))
    got = outcome(lambda: mod.Config(url=url, ssl=True))
    if expected[0] == "returns":
        expected = ("returns", safe_process(config_reference.Config(url=url, ssl=True)))
        got = ("returns", safe_process(mod.Config(url=url, ssl=True))) if got[0] == "returns" else got
    assert got == expected


@given(timeout=st.one_of(st.integers(), st.booleans(), st.floats(), st.none(), st.text(max_size=3)))
def test_timeouts_match_the_reference(mod, timeout):
    expected = outcome(lambda: config_reference.Config(timeout=timeout).timeout)
    assert outcome(lambda: mod.Config(timeout=timeout).timeout) == expected


def test_int_subclasses_are_ints_shown_by_value(mod):
    class Seconds(int):
        def __str__(self):
            return "a while"

        __repr__ = __str__

    config = mod.Config(timeout=Seconds(5))
    assert config.timeout == 5 and type(config.timeout) is int
    for value in (Seconds(5000), Seconds(10**30)):
        with raises(mod.ConfigError, f"timeout must be between 1 and 3600 seconds, got {int(value)}"):
            mod.Config(timeout=value)


# Keyword names are any str: a lone surrogate included (Python allows
# `Config(**{"\udc80": 1})`). The message must name it exactly, as the
# reference's f-string does; a route that formats it as UTF-8 cannot.
KEYWORDS = st.one_of(
    st.text(st.characters(codec=None), min_size=1, max_size=4),
    st.sampled_from(["timeout", "url", "ssl", "\udc80", "x\ud800", "retries"]),
)


@given(key=KEYWORDS)
def test_keyword_names_match_the_reference(mod, key):
    calls = (lambda m: m.Config(**{key: 1}), lambda m: m.Config().replace(**{key: 1}))
    for call in calls:
        assert outcome(lambda call=call: call(mod)) == outcome(lambda call=call: call(config_reference))
