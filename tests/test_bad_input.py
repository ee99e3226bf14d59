"""Bad input is a 4xx with a clear message, never a 500, on every route.

The routes are not listed by hand: every URL pattern of the project (public
pages, feeds, downloads, the API, the admin) is enumerated from the URLconf,
and every query parameter the API documents is read from its own OpenAPI
document, so a new route or parameter is fuzzed without editing this file.
Run on PostgreSQL in CI, where a NUL byte in a query is a DataError."""

import itertools
import re
from urllib.parse import quote

from django.urls import URLPattern, URLResolver, get_resolver, resolve

from .public_pages import language_of, sitemap_paths

# Hostile values, already percent-encoded for a URL: a NUL byte, a broken UTF-8
# sequence, a 4 kB string, a huge and a negative number, SQL metacharacters.
HOSTILE = [
    "a%00b",
    "%C3%28%FF",
    "x" * 4096,
    "99999999999999999999999999",
    "-1",
    quote("' OR 1=1; --%_\\", safe=""),
]
QUERY = ("q", "page", "lang", "limit", "offset", "level", "year", "need", "status", "value")

# A converter's value in a route: <int:pk>, <slug:slug>, <str:x>, <path:x>, or a regex group.
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>|\(\?P<\w+>[^)]*\)")


def routes(patterns=None, prefix=""):
    """Every URL pattern of the project as a route string, e.g. 'c/<slug:slug>/'."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route


def hostile_addresses(admin):
    """Every route with every parameter, and the usual query parameters, set to each hostile value.
    The admin's ~190 routes are heavier pages: they get the values that reach a query."""
    for route in sorted(set(routes())):
        if ("admin/" in route) != admin:
            continue
        for value in HOSTILE[:2] + HOSTILE[3:4] + HOSTILE[5:] if admin else HOSTILE:
            path = "/" + PARAMETER.sub(value, route).replace("\\", "")
            yield path + "?" + "&".join(f"{name}={value}" for name in QUERY)


def mutated_public_addresses():
    """A real address of each public route (from the sitemap) with one segment at a
    time made hostile: a valid kind with a broken key, a real slug with a bad number…"""
    by_route = {}
    for path in sitemap_paths():
        if language_of(path) == "pl":  # the routes are the same in every language
            by_route.setdefault(resolve(path).route, path)
    for path in by_route.values():
        segments = path.strip("/").split("/")
        for index, value in itertools.product(range(len(segments)), HOSTILE):
            yield "/" + "/".join([*segments[:index], value, *segments[index + 1 :]]) + "/"


def server_errors(client, paths):
    client.raise_request_exception = False
    failures = []
    for path in paths:
        response = client.get(path)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {path[:120]}")
    return failures


def test_no_public_route_answers_bad_input_with_a_server_error(demo_content, client):
    paths = [*hostile_addresses(admin=False), *mutated_public_addresses()]
    assert len(paths) > 300, "the routes were not found"
    failures = server_errors(client, paths)
    assert not failures, "\n".join(failures)


def test_no_admin_route_answers_bad_input_with_a_server_error(demo_content, staff):
    paths = list(hostile_addresses(admin=True))
    assert len(paths) > 400, "the admin's routes were not found"
    failures = server_errors(staff, paths)
    assert not failures, "\n".join(failures)


def test_every_documented_api_parameter_survives_bad_values(demo_content, client):
    schema = client.get("/api/v1/openapi.json").json()
    failures = []
    client.raise_request_exception = False
    checked = 0
    for route, operations in schema["paths"].items():
        for operation in operations.values():
            parameters = operation.get("parameters", [])
            for value in HOSTILE:
                path = re.sub(r"\{[^}]+\}", value, route)
                query = "&".join(f"{p['name']}={value}" for p in parameters if p["in"] == "query")
                response = client.get(f"{path}?{query}" if query else path)
                checked += 1
                if response.status_code >= 500:
                    failures.append(f"{response.status_code} {path[:80]}?{query[:80]}")
    assert checked > 50
    assert not failures, "\n".join(failures)


def test_a_nul_byte_gets_a_clear_400(client, official):
    for path in ("/c/%00/", "/api/v1/commitments/%00/versions/1", "/szukaj/?q=a%00b"):
        response = client.get(path)
        assert response.status_code == 400, path
        if not path.startswith("/api/"):
            assert "znak" in response.content.decode().lower(), path
