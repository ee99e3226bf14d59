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
# The app writes its own request log without personal data; gunicorn's access
# log would add visitors' IP addresses. GUNICORN_ACCESS_LOG=- turns it on.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
