"""The one settings module. Whatever differs between machines comes from the environment."""

import datetime
import os
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from coordination import dates

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
        raise ImproperlyConfigured(f"{name} must be 1/0 or true/false, got {value!r}")
    return value in ("1", "true", "yes", "on")


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
if DEBUG:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
elif os.environ.get("SECRET_KEY"):
    SECRET_KEY = os.environ["SECRET_KEY"]
else:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

VAR_DIR = BASE_DIR / "var"
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or DEFAULT_SQLITE)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    # WAL lets the public pages read while staff write.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # JIT compiling costs 10-60 ms on any query whose estimate is large, such as a count
        # that stops at LIMIT after a few milliseconds: more than it ever saves here. Parallel
        # workers likewise: a page's first 25 rows through several filters took 13 ms with a
        # worker started for them and 1 ms without (bench/README.md, Known misses).
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            "-c jit=off -c max_parallel_workers_per_gather=0"
        )
        # A database host that does not answer holds a worker 5 s, not the TCP default.
        DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)

# The covering indexes' INCLUDE columns are PostgreSQL's; SQLite builds the same indexes
# without them, which is all it needs at its sizes.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "coordination.axes_app.AxesConfig",  # django-axes, named in Vietnamese
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "coordination",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before the session middleware: it also drops cookies that carry a NUL byte.
    "coordination.middleware.StripNulCharactersMiddleware",
    "coordination.middleware.OneContentVersionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Vietnamese unless the visitor chose English, whatever the browser asks for.
    "coordination.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Templates that replace Django's own (an app's come after django.contrib.admin's).
        "DIRS": [BASE_DIR / "coordination" / "overrides"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "coordination" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
DATE_INPUT_FORMATS = dates.INPUT_FORMATS

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Public pages for visitors who are not signed in are cached this long, and dropped as soon
# as anything they show changes (coordination/pagecache.py: keys carry the content version).
# 0: off. Off by default with DEBUG, where templates change without any data changing.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 0 if DEBUG else 600)
# The page cache is bounded by bytes in each process (coordination/cache.py): with 5 workers
# and the default 64 MB that is at most 320 MB of cached pages on the host.
PAGE_CACHE_MAX_BYTES = env_int("PAGE_CACHE_MAX_BYTES", 64 * 1024 * 1024)


def cache_settings(redis_url):
    """Redis shared by every process and host when REDIS_URL is set (bounded by its own
    maxmemory, see the README); else each process's memory, bounded by entries and bytes."""
    if not redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "OPTIONS": {"MAX_ENTRIES": 2000},
            },
            "pages": {
                "BACKEND": "coordination.cache.BoundedLocMemCache",
                "OPTIONS": {"MAX_ENTRIES": 100_000, "MAX_BYTES": PAGE_CACHE_MAX_BYTES},
            },
        }
    if not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"REDIS_URL must start with redis://, rediss:// or unix://, got {redis_url!r}"
        )
    shared = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        "TIMEOUT": PUBLIC_PAGE_CACHE_SECONDS or 300,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
    return {
        "default": shared | {"KEY_PREFIX": "coordination"},
        "pages": shared | {"KEY_PREFIX": "coordination-pages"},
    }


CACHES = cache_settings(os.environ.get("REDIS_URL", "").strip())

# Review e-mails (coordination/notifications.py). Without EMAIL_HOST they are printed to the
# console, which is what `make run` wants; in production set EMAIL_HOST and friends. SITE_URL
# starts every link in a mail: `make run` passes its own address, and `check --deploy` refuses
# a missing one or a loopback address (coordination/checks.py).
SITE_URL = (os.environ.get("SITE_URL", "").strip() or "http://127.0.0.1:8000").rstrip("/")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")

# Exports and periodic reports at once on the whole site (coordination/limits.py); the
# visitor's address comes from CLIENT_IP_HEADER, as for login throttling and the API.
EXPENSIVE_REQUESTS_MAX = env_int("EXPENSIVE_REQUESTS_MAX", 2)

# Where `make backup` writes (coordination/backups.py).
BACKUP_DIR = os.environ.get("BACKUP_DIR", str(VAR_DIR / "backups"))
# Where an import's error file waits a day for its download (coordination/imports/errorstore.py).
IMPORT_ERRORS_DIR = os.environ.get("IMPORT_ERRORS_DIR", str(VAR_DIR / "import-errors"))

# HTTPS=1 in production (SECURE_COOKIES, its earlier name, still works): secure cookies,
# redirect to https and HSTS, all from this one switch.
HTTPS = env_bool("HTTPS", env_bool("SECURE_COOKIES"))
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
# Health probes come from inside (docker-compose, a load balancer) over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_HTTPS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Staff sessions end after a working day without activity, and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_HOURS", 8) * 3600
SESSION_SAVE_EVERY_REQUEST = True  # the idle clock restarts on every request
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# Login throttling (django-axes, coordination/security.py): LOGIN_FAILURES_PER_ACCOUNT wrong
# passwords for one account, or LOGIN_FAILURES_PER_ADDRESS from one address, within
# LOGIN_LOCKOUT_MINUTES refuse further logins, the right password included, until that long
# after the last failure; `manage.py axes_reset_username NAME` unlocks an account.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "coordination.security.AccountAndAddressHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "coordination.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "coordination.security.client_ip"
AXES_ENABLE_ADMIN = True
# The request header that holds the client's address. Behind a reverse proxy set it to the
# header that proxy writes (e.g. HTTP_X_REAL_IP); never trust a header no proxy overwrites.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "REMOTE_ADDR").strip() or "REMOTE_ADDR"

# Everything from this site's own origin; no inline script or style anywhere, admin included.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The open-data API (/api/v1/, coordination/api/): read-only, anonymous, throttled per
# client address in the default cache (per process with the local-memory cache: set a shared
# cache to make the limit exact across workers).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_METADATA_CLASS": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["coordination.api.throttling.AnonymousClientThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_THROTTLE_RATE", "120/minute")},
    "EXCEPTION_HANDLER": "coordination.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Coordination activities: open data API",
    "DESCRIPTION": (
        "Published joint security-awareness activities of the People's Public Security Trade "
        "Union and the labour federations, with provinces, branches, focus areas, agreements "
        "and the dashboard's figures. Read-only, no key; field names in English, values in "
        "Vietnamese as stored."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "coordination.api.params.live_values",
    ],
}
# Cross-origin reads of the API are off unless origins are listed ("*" for any).
_CORS_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_ALL_ORIGINS = _CORS_ORIGINS == ["*"]
CORS_ALLOWED_ORIGINS = [] if CORS_ALLOW_ALL_ORIGINS else _CORS_ORIGINS
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = [*default_headers, "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag"]

FORMAT_MODULE_PATH = ["config.formats"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
