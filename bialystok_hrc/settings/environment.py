"""Typed settings from the environment, parsed strictly with environs.

A value that does not parse (``STAFF_REQUIRE_2FA=ture``, ``HSTS_SECONDS=1y``)
stops the process instead of silently becoming a default: a misspelt
"true" must not leave two-factor sign-in off. The error is one line naming
the variable, raised as SystemExit, which Python prints without a traceback:
manage.py, ``django.setup()`` and gunicorn (which reads the settings in its
master process first, see gunicorn.conf.py) all show just that line.
"""

import os

from environs import Env, EnvValidationError
from marshmallow import ValidationError
from marshmallow.validate import URL, Email, OneOf, Range

_env = Env()

# Settings read from the environment that no longer exist: still setting one
# means the deployment expects a behaviour the portal no longer has.
REMOVED = {
    "RATE_LIMIT_TRUSTED_PROXIES": "set TRUSTED_PROXY_COUNT (the number of reverse proxies) instead",
}


def configuration_error(message):
    return SystemExit(f"Configuration error: {message}")


def _messages(error):
    found = error.error_messages
    if isinstance(found, dict):
        found = [message for messages in found.values() for message in messages]
    return " ".join(str(message) for message in found)


def _strict(parse, name, default, **kwargs):
    try:
        return parse(name, default, **kwargs)
    except EnvValidationError as error:
        raise configuration_error(f"{name}={os.environ.get(name, '')!r}: {_messages(error)}") from None


def env_str(name, default=""):
    return _strict(_env.str, name, default)


def env_bool(name, default=False):
    """true/false, yes/no, on/off or 1/0; anything else stops the process."""
    return _strict(_env.bool, name, default)


def env_int(name, default, minimum=0):
    """A whole number, at least ``minimum`` (no setting here means anything below zero)."""
    return _strict(_env.int, name, default, validate=Range(min=minimum))


ITEMS = {
    "url": URL(schemes={"http", "https"}, require_tld=False),
    "email": Email(),
}


def env_list(name, default="", items=None):
    """Comma-separated; blanks around and between items are dropped. With
    ``items="url"`` or ``"email"`` every item must be one."""
    values = [item.strip() for item in env_str(name, default).split(",") if item.strip()]
    for value in values if items else ():
        try:
            ITEMS[items](value)
        except ValidationError as error:
            raise configuration_error(f"{name}: {value!r}: {' '.join(error.messages)}") from None
    return values


def env_url(name, default=""):
    """An absolute http(s) URL, or empty when not set."""
    value = env_str(name, default).strip()
    if value:
        _strict(_env.url, name, None, schemes={"http", "https"}, require_tld=False)
    return value


def refuse_removed():
    for name, instead in REMOVED.items():
        if name in os.environ:
            raise configuration_error(f"{name} is no longer read: {instead}.")


def env_choice(name, default, choices):
    return _strict(_env.str, name, default, validate=OneOf(choices))
