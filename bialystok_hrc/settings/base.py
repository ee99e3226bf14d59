"""Settings shared by every environment.

Everything that differs between machines is read from the environment, with
defaults that are safe: no secret, ``DEBUG`` off and no wildcard host live here.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from .environment import configuration_error, env_bool, env_choice, env_int, env_list, env_str, env_url, refuse_removed

BASE_DIR = Path(__file__).resolve().parent.parent.parent
refuse_removed()


DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

# The portal's own apps, as opposed to Django's and third-party ones: the page
# cache empties itself when their rows change, the audit trail records every
# change to them, and a backup is imported only into a database without their rows.
LOCAL_APPS = [
    "core",
    "accounts",
    "languages",
    "publishing",
    "declaration",
    "commitments",
    "pages",
    "accessibility",
    "opendata",
    "search",
    "helpdirectory",
    "dialogue",
]

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
    # Login throttling (django-axes) and two-factor devices (django-otp, TOTP).
    "axes",
    "corsheaders",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    *LOCAL_APPS,
]

# Django's documented order: security first, Locale between Session and Common.
MIDDLEWARE = [
    # Outermost, so it times the whole request and sees every response, even errors.
    "bialystok_hrc.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A NUL character anywhere in the address is a 400 for every route (PostgreSQL cannot store it).
    "bialystok_hrc.middleware.RefuseUnstorableInputMiddleware",
    # Answers anonymous GETs from the cache before anything else runs (see core/pagecache.py).
    "core.pagecache.PublicPageCacheMiddleware",
    # A database outage answers a translated 503 with Retry-After instead of a 500.
    "core.outage.DatabaseUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    "bialystok_hrc.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every response, and 304 Not Modified for a matching conditional GET.
    "django.middleware.http.ConditionalGetMiddleware",
    # Cross-origin reads of the open-data API (django-cors-headers, see CORS_* below).
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The audit trail records who made each change during the request.
    "publishing.audit.AuditRequestMiddleware",
    # After authentication: django-otp marks request.user as verified or not,
    # then staff who must use two-factor are sent to the verification page.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bialystok_hrc.urls"
# A less obvious admin path keeps automated login probes off the public logs.
ADMIN_URL = env_str("ADMIN_URL", "admin/").strip("/") + "/"
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
            # {% absolute_url %}: links on the canonical origin (SITE_URL).
            "libraries": {"addresses": "bialystok_hrc.addresses"},
        },
    },
]

# Without DATABASE_URL the portal runs on an embedded SQLite file, so a fresh
# clone needs no database server. Production requires DATABASE_URL (see production.py).
try:
    DATABASES = {
        "default": dj_database_url.config(
            default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
except ValueError as error:  # an unknown scheme, a port that is not a number…
    # The message, not the value: the URL holds the database password.
    raise configuration_error(f"DATABASE_URL: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that is down must fail a request in seconds, not hang a worker
    # until gunicorn kills it: the visitor then gets the 503 page at once.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int("DB_CONNECT_TIMEOUT", 3)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache -------------------------------------------------------------------------
# With REDIS_URL, one cache shared by every worker and replica (pages, the page
# cache's generation, readiness checks). Without it, each process keeps its own
# small memory cache: fine for one process, see PAGE_CACHE_LOCAL_SECONDS.
REDIS_URL = env_str("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.PortalRedisCache",  # Django's, one client per pool
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "hrc"),
            # A slow or unreachable Redis must not hold a worker for long.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}}

# The page cache (core/pagecache.py). Pages are dropped from it as soon
# as content changes, so the server-side lifetime can be long.
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# A per-process cache cannot hear about changes made in other processes: keep
# pages there only briefly, so a publication shows everywhere within this time.
PAGE_CACHE_LOCAL_SECONDS = env_int("PAGE_CACHE_LOCAL_SECONDS", 10)
# No stampede: one request renders a page that is not cached, holding a lock for at
# most PAGE_CACHE_LOCK_SECONDS; the others wait up to PAGE_CACHE_LOCK_WAIT_MS for it.
PAGE_CACHE_LOCK_SECONDS = env_int("PAGE_CACHE_LOCK_SECONDS", 10)
PAGE_CACHE_LOCK_WAIT_MS = env_int("PAGE_CACHE_LOCK_WAIT_MS", 3000)
# Rendered parts of pages (core/fragments.py), keyed by what they show, so they survive
# changes to anything else. 0 turns them off.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 86400)
# Facts every page needs (is demo content shown?) are cached like the pages.
SITE_FACTS_CACHED = env_bool("SITE_FACTS_CACHED", True)
# What public pages tell CDNs and reverse proxies (browsers always revalidate).
PAGE_CDN_SECONDS = env_int("PAGE_CDN_SECONDS", 60)
PAGE_STALE_WHILE_REVALIDATE_SECONDS = env_int("PAGE_STALE_WHILE_REVALIDATE_SECONDS", 300)
PAGE_STALE_IF_ERROR_SECONDS = env_int("PAGE_STALE_IF_ERROR_SECONDS", 86400)

# django-axes must see every login attempt first, so it can refuse one while locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

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
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("pl",)
# Served from our own static files: the default CDN would leak staff visitors
# to a third party and is blocked by a strict Content-Security-Policy.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# Static and uploaded files -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))


def media_storage(environ):
    """Uploaded files: on the local disk (MEDIA_ROOT) by default; in an
    S3-compatible bucket (django-storages) when AWS_STORAGE_BUCKET_NAME is set,
    so that any number of app processes share them. The keys come from
    AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (boto3 reads them itself)."""
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    endpoint = environ.get("AWS_S3_ENDPOINT_URL", "").strip() or None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": environ.get("AWS_S3_REGION_NAME", "").strip() or None,
            # Best: the city's own domain (a CDN or proxy in front of the bucket), so
            # visitors' browsers never contact a third party for a document.
            "custom_domain": environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip() or None,
            # S3-compatible servers (MinIO, Ceph…) expect the bucket in the path.
            "addressing_style": "path" if endpoint else None,
            # Documents are public and cited: permanent links, not signatures that expire.
            # The bucket's policy (or the CDN) allows public reads of the objects.
            "querystring_auth": False,
            "default_acl": None,  # the bucket policy decides; many S3-compatible stores have no ACLs
            "file_overwrite": False,  # a new upload never replaces a published file of the same name
        },
    }


def media_origin(storage):
    """Where browsers fetch uploaded files from when that is not the portal itself
    (the Content-Security-Policy must allow it for images and videos)."""
    options = storage.get("OPTIONS", {})
    if storage["BACKEND"] == "django.core.files.storage.FileSystemStorage":
        return None
    if options.get("custom_domain"):
        return f"https://{options['custom_domain']}"
    if options.get("endpoint_url"):
        endpoint = urlsplit(options["endpoint_url"])
        return f"{endpoint.scheme}://{endpoint.netloc}"
    region = f".{options['region_name']}" if options.get("region_name") else ""
    return f"https://{options['bucket_name']}.s3{region}.amazonaws.com"


STORAGES = {
    "default": media_storage(os.environ),
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
if MEDIA_ORIGIN := media_origin(STORAGES["default"]):
    for directive in ("img-src", "media-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][directive].append(MEDIA_ORIGIN)
# Features the portal never uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

# Public portal settings ----------------------------------------------------------
# The canonical origin used in absolute links (hreflang, citations) when set;
# otherwise the request's own host is used.
SITE_URL = env_url("SITE_URL").rstrip("/")

# Open data is for everyone: any website may read the API (/api/) from a browser.
# Nothing else is shared across origins: no credentials, no writes, no other paths.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["If-None-Match", "If-Modified-Since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]

# Staff sign-in ----------------------------------------------------------------------
# django-axes: after AXES_FAILURE_LIMIT failed logins for one account, OR from one
# address, further logins for that account / from that address are refused for the
# cool-off time. Per account stops password guessing spread over many addresses; per
# address stops one address trying many accounts. A superuser unlocks early in the admin
# (Axes → Access attempts: delete the rows) or with `manage.py axes_reset_username NAME`.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
AXES_HTTP_RESPONSE_CODE = 429
# Successful logins are not recorded with address and browser: we keep no more personal
# data than throttling needs (the failed attempts, until they expire or are reset).
AXES_DISABLE_ACCESS_LOG = True
# Axes' own log lines name the account, address and browser; they are masked.
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "user_agent"]
# Behind a reverse proxy REMOTE_ADDR is the proxy's own address; with
# TRUSTED_PROXY_COUNT=N the client is the address the Nth proxy from us saw
# (X-Forwarded-For, counted from the right, which the client cannot forge).
# The one setting for every use of the client's address: the login lockout
# and the dialogue's rate limit (bialystok_hrc/addresses.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "bialystok_hrc.addresses.client_ip"

# Two-factor sign-in (django-otp, TOTP apps). Staff may always enrol a device, and once
# they have one it is asked for; STAFF_REQUIRE_2FA=true makes it compulsory for all staff.
STAFF_REQUIRE_2FA = env_bool("STAFF_REQUIRE_2FA", False)
# Setting up an authenticator app needs a one-time code from a superuser (accounts/models.py),
# valid this long: a password alone must not be enough to enrol a device.
STAFF_ENROLMENT_CODE_HOURS = env_int("STAFF_ENROLMENT_CODE_HOURS", 72, minimum=1)
OTP_TOTP_ISSUER = "Białystok HRC"
# Nobody, superusers included, reads another person's TOTP secret or QR code in the admin
# (django-otp's config and QR views; they also answered 500 for an unknown id).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Logging ----------------------------------------------------------------------------
# One JSON object per line (LOG_FORMAT=json, the production default) for log
# collectors, or readable text for development. Request lines come from
# bialystok_hrc.middleware.RequestLogMiddleware and carry no personal data.
LOG_FORMAT = env_choice("LOG_FORMAT", "text", ("text", "json"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "bialystok_hrc.logs.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "filters": {"request_context": {"()": "bialystok_hrc.logs.RequestContextFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["request_context"],
        }
    },
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")),
    },
    "loggers": {
        # Request lines and errors are written by our middleware (no personal data);
        # Django's own lines for 4xx would repeat them.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}

# A commitment not reviewed for longer than this is shown as "not updated since…".
COMMITMENT_STALE_AFTER_DAYS = env_int("COMMITMENT_STALE_AFTER_DAYS", 180)
# Uploaded documents (see commitments/uploads.py).
DOCUMENT_MAX_UPLOAD_BYTES = env_int("DOCUMENT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# Polish Sign Language videos are served by the portal itself (no third-party player).
VIDEO_MAX_UPLOAD_BYTES = env_int("VIDEO_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)

# E-mail and the residents' dialogue (dialogue/) -----------------------------------
# The console backend prints e-mails to the log until a real one is configured,
# e.g. EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST….
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who is told about new feedback (comma-separated); empty: nobody is e-mailed.
DIALOGUE_NOTIFY_EMAILS = env_list("DIALOGUE_NOTIFY_EMAILS", items="email")
FEEDBACK_MAX_LENGTH = env_int("FEEDBACK_MAX_LENGTH", 3000)
FEEDBACK_MAX_LINKS = env_int("FEEDBACK_MAX_LINKS", 2)
# A form sent sooner than this after it was shown is treated as a robot's.
FEEDBACK_MIN_FILL_SECONDS = env_int("FEEDBACK_MIN_FILL_SECONDS", 3)
# A form sent later than this after it was shown is refused (the text is kept and
# it can be sent again at once): a token cannot be harvested and used for days.
FEEDBACK_FORM_MAX_AGE_SECONDS = env_int("FEEDBACK_FORM_MAX_AGE_SECONDS", 6 * 3600, minimum=60)
# Accepted submissions per client IP (stored only as an HMAC) per window, for
# each form (feedback and subscriptions) separately.
FEEDBACK_RATE_LIMIT = env_int("FEEDBACK_RATE_LIMIT", 5, minimum=1)
FEEDBACK_RATE_WINDOW_SECONDS = env_int("FEEDBACK_RATE_WINDOW_SECONDS", 3600)
SUBSCRIPTION_CONFIRM_MAX_AGE_SECONDS = env_int("SUBSCRIPTION_CONFIRM_MAX_AGE_SECONDS", 3 * 86400)
