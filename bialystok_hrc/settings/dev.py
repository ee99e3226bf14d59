"""Local development: debug on, a throwaway key, localhost only."""

from .base import *  # noqa: F403
from .environment import env_bool, env_list

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = "dev-only-insecure-key-never-used-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
# Serve static files straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
