"""One structured log line per request, with no personal data, and errors
logged with the request's id and route."""

import json
import logging

import pytest
from django.http import HttpResponse
from django.urls import path

from bialystok_hrc import urls as site_urls
from bialystok_hrc.logs import JSONFormatter, RequestContextFilter

pytestmark = pytest.mark.django_db


class Capture(logging.Handler):
    def __init__(self):
        super().__init__()
        self.setFormatter(JSONFormatter())
        self.addFilter(RequestContextFilter())
        self.lines = []

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def captured():
    handler = Capture()
    loggers = [logging.getLogger("bialystok_hrc.requests"), logging.getLogger("django.request")]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler.lines
    for logger in loggers:
        logger.removeHandler(handler)


def test_a_request_is_one_json_line_without_personal_data(client, official, captured, django_user_model):
    user = django_user_model.objects.create_superuser("jan.kowalski", "jan@example.org", "a-long-test-password")
    client.force_login(user)
    response = client.get(
        "/en/szukaj/?q=my+private+search",
        REMOTE_ADDR="203.0.113.77",
        HTTP_USER_AGENT="SecretBrowser/1.0",
    )
    assert response.status_code == 200
    [line] = [entry for entry in captured if entry["logger"] == "bialystok_hrc.requests"]
    assert line["method"] == "GET"
    assert line["path"] == "/en/szukaj/"
    assert line["route"] == "search:search"
    assert line["status"] == 200
    assert line["language"] == "en"
    assert line["bytes"] == len(response.content)
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["request_id"] == response["X-Request-ID"] and len(line["request_id"]) == 32
    assert "page_cache" not in line  # nothing set it; the page cache middleware will say "hit" or "miss"
    text = json.dumps(line)
    for personal in ("203.0.113.77", "SecretBrowser", "private", "jan", "kowalski", "example.org", "q="):
        assert personal not in text


def test_a_safe_incoming_request_id_is_kept_and_an_unsafe_one_replaced(client, official, captured):
    kept = client.get("/", HTTP_X_REQUEST_ID="lb-1234abcd.EF_56")
    assert kept["X-Request-ID"] == "lb-1234abcd.EF_56"
    replaced = client.get("/", HTTP_X_REQUEST_ID='x"\n{"forged": true}')
    assert replaced["X-Request-ID"] != 'x"\n{"forged": true}' and len(replaced["X-Request-ID"]) == 32
    assert all("forged" not in json.dumps(line) for line in captured)


def failing_view(request):
    raise ZeroDivisionError("broken on purpose")


def cached_view(request):
    request.page_cache = "hit"  # what the page cache middleware sets
    return HttpResponse("cached")


urlpatterns = [
    path("broken/", failing_view, name="broken"),
    path("cached/", cached_view, name="cached"),
    *site_urls.urlpatterns,  # the 500 page links home
]


def test_the_page_cache_verdict_is_logged(client, captured, settings):
    settings.ROOT_URLCONF = __name__
    client.get("/cached/")
    [line] = [entry for entry in captured if entry["logger"] == "bialystok_hrc.requests"]
    assert line["page_cache"] == "hit" and line["route"] == "cached"


def test_an_error_is_logged_with_request_id_route_and_exception_type(client, captured, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/broken/?token=secret", REMOTE_ADDR="203.0.113.77")
    assert response.status_code == 500
    [error] = [entry for entry in captured if entry["logger"] == "django.request"]
    assert error["level"] == "ERROR"
    assert error["exception_type"] == "ZeroDivisionError"
    assert error["request_id"] == response["X-Request-ID"]
    assert error["route"] == "broken"
    assert error["status_code"] == 500
    [line] = [entry for entry in captured if entry["logger"] == "bialystok_hrc.requests"]
    assert line["status"] == 500 and line["route"] == "broken"
    assert "secret" not in json.dumps(captured) and "203.0.113.77" not in json.dumps(captured)


def test_log_format_is_json_in_production_and_text_on_request(monkeypatch):
    import importlib

    from bialystok_hrc.settings import base

    for name, value in (("SECRET_KEY", "x" * 50), ("ALLOWED_HOSTS", "example.org"), ("DATABASE_URL", "sqlite://")):
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    production = importlib.import_module("bialystok_hrc.settings.production")
    assert importlib.reload(production).LOGGING["handlers"]["console"]["formatter"] == "json"
    assert importlib.reload(base).LOGGING["handlers"]["console"]["formatter"] == "text"  # development
    monkeypatch.setenv("LOG_FORMAT", "text")
    assert importlib.reload(production).LOGGING["handlers"]["console"]["formatter"] == "text"
    monkeypatch.setenv("LOG_FORMAT", "json")
    assert importlib.reload(base).LOGGING["handlers"]["console"]["formatter"] == "json"
    monkeypatch.delenv("LOG_FORMAT")
    importlib.reload(base)


def test_login_attempts_are_logged_without_who_or_where(client, caplog, django_user_model):
    django_user_model.objects.create_user("jan.kowalski", password="a-long-test-password", is_staff=True)
    for password in ("wrong", "a-long-test-password"):
        client.post(
            "/admin/login/",
            {"username": "jan.kowalski", "password": password},
            REMOTE_ADDR="203.0.113.77",
            HTTP_USER_AGENT="SecretBrowser/1.0",
        )
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "AXES" in text  # the attempts were logged…
    for personal in ("203.0.113.77", "SecretBrowser", "jan.kowalski", "a-long-test-password"):
        assert personal not in text  # …without naming who or from where
