"""Structured logs: one JSON object per line, with the request id of the
request being served, so a log collector can group lines and an error can be
found from the ``X-Request-ID`` a person reports. Nothing here reads or writes
personal data: no address, no browser, no user, no query string."""

import contextvars
import json
import logging
from datetime import UTC, datetime

# The id of the request this thread is serving, set by RequestLogMiddleware.
current_request_id = contextvars.ContextVar("request_id", default=None)
current_route = contextvars.ContextVar("route", default=None)

# Attributes every LogRecord has; anything else was passed with ``extra=`` and is logged as a field.
STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# ``request`` (added by django.request) holds the whole request, headers and all: never logged.
NEVER_LOGGED = {"request", "server_time"}


class RequestContextFilter(logging.Filter):
    """Adds ``request_id`` and ``route`` of the current request to every record."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        if not hasattr(record, "route"):
            record.route = current_route.get()
        return True


class JSONFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in STANDARD_ATTRIBUTES and key not in NEVER_LOGGED and value is not None:
                entry[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception_type"] = record.exc_info[0].__name__
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
