"""Persistent database connections: Django's health check (a ``SELECT 1``) runs
only when the connection has not answered for a while (core/dbhealth.py). That
the portal still recovers from a real outage is tests/test_db_outage.py."""

import pytest
from django.db import connection

from core import dbhealth

pytestmark = pytest.mark.django_db


def test_a_connection_that_answered_a_moment_ago_is_not_tested_again(monkeypatch):
    assert connection.health_check_enabled  # CONN_HEALTH_CHECKS, as in production
    checks, clock = [], [1000.0]
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(clock[0]) or True)
    monkeypatch.setattr(dbhealth.time, "monotonic", lambda: clock[0])
    monkeypatch.delattr(connection, "answered_at", raising=False)  # from earlier tests' requests, on the real clock
    connection.ensure_connection()

    def request():
        connection.health_check_done = False  # what Django does at the start of every request
        dbhealth.skip_recent_checks(sender=None)
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 + 1")

    request()
    assert checks == [1000.0]  # nothing known about the connection: tested
    clock[0] += 0.5
    request()
    assert checks == [1000.0]  # it answered half a second ago
    clock[0] += dbhealth.RECENT_SECONDS + 5
    request()
    assert checks == [1000.0, 1006.5]  # after a pause, in which the database may have restarted
