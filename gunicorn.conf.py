"""gunicorn configuration for production (values overridable by environment)."""

import multiprocessing
import os

# Read as strictly as the portal's settings: a bad number stops gunicorn with one line.
from bialystok_hrc.settings.environment import env_int, env_str

bind = f"0.0.0.0:{env_int('PORT', 8000)}"
# The usual (2 x cores) + 1 sync workers; pages are short and cache-friendly.
workers = env_int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1, minimum=1)
# A public page that takes 30 s is broken; kill it rather than pile up requests.
timeout = env_int("GUNICORN_TIMEOUT", 30, minimum=1)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never take the site down.
# (GUNICORN_MAX_REQUESTS=0 turns recycling off, as the benchmark does to measure memory growth.)
max_requests = env_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# The portal logs each request itself, as JSON without addresses or query strings
# (bialystok_hrc.middleware.RequestLogMiddleware); gunicorn's access log would add
# both. Set GUNICORN_ACCESS_LOG=- to have it anyway.
accesslog = env_str("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Read the portal's settings here, in the master, before it binds or forks: a
# configuration error (a missing or misspelt variable) then stops gunicorn with
# its one line and exit status 1. Read only in the workers, the same error
# would make every worker fail to boot in turn, forever.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bialystok_hrc.settings.production")
from django.conf import settings  # noqa: E402

settings.INSTALLED_APPS  # noqa: B018 (evaluated for its side effect: loading the settings)
