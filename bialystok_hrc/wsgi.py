"""WSGI entry point for gunicorn (see gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bialystok_hrc.settings.production")

application = get_wsgi_application()

# Page cache hits are answered before Django's handler (see core/pagecache.py).
from core.pagecache import PageCacheApplication  # noqa: E402 (needs the settings loaded above)

application = PageCacheApplication(application)
