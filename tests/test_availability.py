"""A database that cannot be reached: a translated, styled 503 page with
Retry-After instead of a 500, and /readyz names what failed. These tests break
the connection in-process; tests/test_db_outage.py stops a real PostgreSQL."""

import logging
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

TITLE = "Temporarily unavailable"


@pytest.fixture
def database_down(official):
    """Every new query fails the way psycopg does when the server is gone (undone
    before the test database rolls back, which needs the connection)."""

    def refused(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with mock.patch.object(connection, "ensure_connection", refused):
        yield


def assert_unavailable_page(response, language):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    with translation.override(language):
        assert f"<h1>{gettext(TITLE)}</h1>" in html
    assert f'<html lang="{language}">' in html
    assert "/static/css/site.css" in html  # styled like the rest of the portal
    assert "Traceback" not in html and "OperationalError" not in html and "5432" not in html


@pytest.mark.parametrize(
    ("language", "prefix"), [("pl", ""), ("en", "/en"), ("uk", "/uk"), ("be", "/be")], ids=["pl", "en", "uk", "be"]
)
def test_pages_answer_a_translated_503_while_the_database_is_down(client, database_down, language, prefix, caplog):
    for path in (f"{prefix}/", f"{prefix}/szukaj/?q=prawa", f"{prefix}/deklaracja/"):
        with caplog.at_level(logging.WARNING):
            response = client.get(path)
        assert_unavailable_page(response, language)
    # One warning per request with what happened, no traceback and no error-level log.
    warnings = [r for r in caplog.records if r.name == "bialystok_hrc.availability"]
    assert len(warnings) == 3 and all(r.levelno == logging.WARNING and r.exc_info is None for r in warnings)
    assert "Connection refused" in warnings[0].getMessage() and f"{prefix}/deklaracja/" in warnings[2].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_translated_texts_differ_per_language():
    titles = set()
    for language in ("pl", "en", "uk", "be"):
        with translation.override(language):
            titles.add(gettext(TITLE))
    assert len(titles) == 4


def test_an_error_outside_the_view_also_answers_503(database_down):
    # A missing page renders 404.html through context processors that query the
    # database: that error comes from Django's 404 handling, not from a view.
    response = Client(raise_request_exception=False).get("/en/no-such-page/")
    assert_unavailable_page(response, "en")


def test_a_dropped_connection_answers_503(client, official):
    with mock.patch.object(connection, "ensure_connection", side_effect=InterfaceError("connection already closed")):
        response = client.get("/uk/")
    assert_unavailable_page(response, "uk")


def test_other_errors_stay_500(official, monkeypatch):
    from bialystok_hrc import views

    def bug(*args, **kwargs):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr(views.stats, "overview", bug)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500 and "Retry-After" not in response


def test_healthz_needs_no_database(client, database_down):
    assert client.get("/healthz").status_code == 200


def test_readyz_names_the_database_when_it_is_down(client, database_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable", "cache": "ok"}


@pytest.mark.both_databases
def test_readyz_names_the_cache_when_it_is_down(client, official, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(caches["default"], "set", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}


def test_postgresql_connections_time_out_quickly():
    # Read in a fresh interpreter: the settings of this run may be SQLite.
    code = "from bialystok_hrc.settings import base; print(base.DATABASES['default']['OPTIONS']['connect_timeout'])"
    env = {**os.environ, "DATABASE_URL": "postgres://portal@db.example:5432/portal"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "3"
