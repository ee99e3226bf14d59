"""gunicorn configuration for production (values overridable by environment)."""

import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# The usual (2 x cores) + 1 sync workers; pages are short and cache-friendly.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A public page that takes 30 s is broken; kill it rather than pile up requests.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never take the site down.
# (GUNICORN_MAX_REQUESTS=0 turns recycling off, as the benchmark does to measure memory growth.)
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The portal logs each request itself, as JSON without addresses or query strings
# (bialystok_hrc.middleware.RequestLogMiddleware); gunicorn's access log would add
# both. Set GUNICORN_ACCESS_LOG=- to have it anyway.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Read the portal's settings here, in the master, before it binds or forks: a
# configuration error (a missing or misspelt variable) then stops gunicorn with
# its one line and exit status 1. Read only in the workers, the same error
# would make every worker fail to boot in turn, forever.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bialystok_hrc.settings.production")
from django.conf import settings  # noqa: E402

settings.INSTALLED_APPS  # noqa: B018 (evaluated for its side effect: loading the settings)
