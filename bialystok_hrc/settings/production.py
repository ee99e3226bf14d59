"""Production: everything comes from the environment, and the process refuses
to start when a required variable is missing, naming it, instead of running
with an unsafe default."""

import os

from .base import *  # noqa: F403
from .base import LOGGING
from .environment import configuration_error, env_bool, env_choice, env_int, env_list, env_str

REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
_missing = [name for name in REQUIRED if not os.environ.get(name, "").strip()]
if _missing:
    # SystemExit prints one clear line and no traceback, for manage.py and gunicorn alike.
    raise configuration_error(
        "production settings need the environment variable(s) "
        + ", ".join(_missing)
        + ". See README.md, section 'Production'."
    )

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", items="url")

# TLS. The portal normally sits behind a reverse proxy that terminates TLS and
# sets X-Forwarded-Proto; trust that header only when told to.
if env_bool("TRUST_X_FORWARDED_PROTO", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers and container health checks probe over plain http inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# HSTS starts at one hour: a mistake (say, a certificate problem) then locks
# visitors out for an hour, not a year. Raise HSTS_SECONDS to 31536000 once
# HTTPS has run cleanly for a while.
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 3600)
# The portal's host has no plain-HTTP subdomains of its own.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is a browser-list commitment that is hard to undo, so it is the
# city's IT department's decision: opt in with HSTS_PRELOAD=true.
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Log collectors read one JSON object per line.
LOG_FORMAT = env_choice("LOG_FORMAT", "json", ("text", "json"))
_console = {**LOGGING["handlers"]["console"], "formatter": "json" if LOG_FORMAT == "json" else "text"}
LOGGING = {**LOGGING, "handlers": {"console": _console}}

# E-mail goes out over SMTP. Backends that write messages somewhere instead (the console
# prints subscription-confirmation links and residents' addresses into the log) are refused.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
if EMAIL_BACKEND.rsplit(".", 2)[-2] in ("console", "filebased", "locmem"):
    raise configuration_error(
        f"EMAIL_BACKEND={EMAIL_BACKEND!r} writes e-mails (with confirmation links and addresses) into logs or "
        "files; production needs a real backend, e.g. django.core.mail.backends.smtp.EmailBackend."
    )

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
