"""Settings shared by every environment.

Everything that differs between machines is read from the environment, with
defaults that are safe: no secret, ``DEBUG`` off and no wildcard host live here.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin classes patch in first.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # whitenoise serves static files in development the same way as in production.
    "whitenoise.runserver_nostatic",
    "csp",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "languages",
    "publishing",
    "declaration",
    "commitments",
    "pages",
    "accessibility",
    "opendata",
    "search",
    "dialogue",
]

# Django's documented order: security first, Locale between Session and Common.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "bialystok_hrc.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every response, and 304 Not Modified for a matching conditional GET.
    "django.middleware.http.ConditionalGetMiddleware",
    "opendata.middleware.OpenDataCORSMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "bialystok_hrc.urls"
# A less obvious admin path keeps automated login probes off the public logs.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
WSGI_APPLICATION = "bialystok_hrc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "languages.context_processors.languages",
                "commitments.context_processors.demo",
            ],
        },
    },
]

# Without DATABASE_URL the portal runs on an embedded SQLite file, so a fresh
# clone needs no database server. Production requires DATABASE_URL (see production.py).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages -------------------------------------------------------------------
# Polish is the authoritative language and is served without a URL prefix.
LANGUAGE_CODE = "pl"
LANGUAGES = [
    ("pl", _("Polish")),
    ("en", _("English")),
    ("uk", _("Ukrainian")),
    ("be", _("Belarusian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Times are shown and entered in the city's own time zone.
TIME_ZONE = "Europe/Warsaw"

# django-modeltranslation: every content field falls back to Polish.
MODELTRANSLATION_DEFAULT_LANGUAGE = "pl"
MODELTRANSLATION_LANGUAGES = ("pl", "en", "uk", "be")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("pl",)
# Served from our own static files: the default CDN would leak staff visitors
# to a third party and is blocked by a strict Content-Security-Policy.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# Static and uploaded files -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names let browsers and CDNs cache static files forever;
    # whitenoise also stores gzip and brotli versions.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The public site sets no cookies for visitors: sessions and CSRF cookies only
# appear once staff use the admin.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): only our own scripts, styles and
# images; no inline script or style anywhere, no framing, no third parties.
# JSON-LD blocks are data, not script, so they need no exception.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "media-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Features the portal never uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

# Public portal settings ----------------------------------------------------------
# The canonical origin used in absolute links (hreflang, citations) when set;
# otherwise the request's own host is used.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# A commitment not reviewed for longer than this is shown as "not updated since…".
COMMITMENT_STALE_AFTER_DAYS = int(os.environ.get("COMMITMENT_STALE_AFTER_DAYS", "180"))
# Uploaded documents (see commitments/uploads.py).
DOCUMENT_MAX_UPLOAD_BYTES = int(os.environ.get("DOCUMENT_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# Polish Sign Language videos are served by the portal itself (no third-party player).
VIDEO_MAX_UPLOAD_BYTES = int(os.environ.get("VIDEO_MAX_UPLOAD_BYTES", str(200 * 1024 * 1024)))

# E-mail and the residents' dialogue (dialogue/) -----------------------------------
# The console backend prints e-mails to the log until a real one is configured,
# e.g. EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST….
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who is told about new feedback (comma-separated); empty: nobody is e-mailed.
DIALOGUE_NOTIFY_EMAILS = env_list("DIALOGUE_NOTIFY_EMAILS")
FEEDBACK_MAX_LENGTH = int(os.environ.get("FEEDBACK_MAX_LENGTH", "3000"))
FEEDBACK_MAX_LINKS = int(os.environ.get("FEEDBACK_MAX_LINKS", "2"))
# A form sent sooner than this after it was shown is treated as a robot's.
FEEDBACK_MIN_FILL_SECONDS = int(os.environ.get("FEEDBACK_MIN_FILL_SECONDS", "3"))
# Accepted submissions per client IP (stored only as an HMAC) per window, for
# each form (feedback and subscriptions) separately.
FEEDBACK_RATE_LIMIT = int(os.environ.get("FEEDBACK_RATE_LIMIT", "5"))
FEEDBACK_RATE_WINDOW_SECONDS = int(os.environ.get("FEEDBACK_RATE_WINDOW_SECONDS", "3600"))
# The reverse proxy's own address(es): only for requests from them is the last
# X-Forwarded-For entry taken as the client (see dialogue/abuse.py).
RATE_LIMIT_TRUSTED_PROXIES = env_list("RATE_LIMIT_TRUSTED_PROXIES")
SUBSCRIPTION_CONFIRM_MAX_AGE_SECONDS = int(os.environ.get("SUBSCRIPTION_CONFIRM_MAX_AGE_SECONDS", str(3 * 86400)))
