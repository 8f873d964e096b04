"""Django settings for Dubbelslag.

Every deploy-time value is read from the environment through the small helpers below, which fail loudly on values
they cannot parse. Each setting is documented in docs/configuration.md.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# Used only when DEBUG is on; the check at the bottom of this file refuses to run without a real key otherwise.
DEFAULT_SECRET_KEY = "insecure-development-key-change-me"  # noqa: S105


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false/1/0), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn a DATABASE_URL (sqlite:///path or postgres://user:pass@host:port/name) into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative/path and sqlite:////absolute/path, as dj-database-url reads them.
        path = parts.path[1:] if parts.path.startswith("/") else parts.path
        name = path if os.path.isabs(path) else str(BASE_DIR / path)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            "OPTIONS": {
                # Wait for a competing writer instead of failing at once; WAL lets readers go on during a write.
                "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # Keep a worker's connection between requests: opening one (and its PRAGMAs) costs about 2 ms.
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "TEST": {"NAME": None},
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not supported (use sqlite or postgres)")


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", DEFAULT_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Empty: absolute addresses use the host each request came in on (core.addresses); set it in production.
SITE_URL = env_str("SITE_URL", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "dubbelslag.core",
    "dubbelslag.accounts",
    "dubbelslag.areas",
    "dubbelslag.programme",
    "dubbelslag.images",
    "dubbelslag.indicators",
    "dubbelslag.koppelkansen",
    "dubbelslag.scan",
    "dubbelslag.atlas",
    "dubbelslag.labs",
    "dubbelslag.research",
    "dubbelslag.monitoring",
    "dubbelslag.publications",
    "dubbelslag.public",
    "dubbelslag.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "dubbelslag.core.middleware.security_headers",
    "dubbelslag.core.middleware.strip_nul_from_query",
    "dubbelslag.core.addresses.SiteRootMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dubbelslag.core.middleware.language",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "dubbelslag.urls"
WSGI_APPLICATION = "dubbelslag.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dubbelslag" / "templates"],
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

DATABASES = {"default": database_from_url(env_str("DATABASE_URL", "sqlite:///var/dubbelslag.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["dubbelslag.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "programme:dashboard"
LOGOUT_REDIRECT_URL = "programme:home"

# Login throttling (dubbelslag.accounts.services.login_throttled_until), on every path that signs in: after
# LOGIN_FAILURE_LIMIT failures for one account from one client address, or LOGIN_ACCOUNT_FAILURE_LIMIT for one
# account from all addresses together, that account waits LOGIN_LOCKOUT_SECONDS after its last failure there,
# doubled with each further failure up to LOGIN_LOCKOUT_MAX_SECONDS. Failures older than LOGIN_FAILURE_WINDOW are
# forgotten, so the window must outlast the longest wait or the delays could not keep growing.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 20)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 60)
LOGIN_LOCKOUT_MAX_SECONDS = env_int("LOGIN_LOCKOUT_MAX_SECONDS", 60 * 60)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 24 * 60 * 60)
if not 1 <= LOGIN_FAILURE_LIMIT <= LOGIN_ACCOUNT_FAILURE_LIMIT:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT must be at least 1 and at most LOGIN_ACCOUNT_FAILURE_LIMIT")
if not 1 <= LOGIN_LOCKOUT_SECONDS <= LOGIN_LOCKOUT_MAX_SECONDS < LOGIN_FAILURE_WINDOW:
    raise ImproperlyConfigured(
        "Login throttling needs 1 <= LOGIN_LOCKOUT_SECONDS <= LOGIN_LOCKOUT_MAX_SECONDS < LOGIN_FAILURE_WINDOW")

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG and env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


def env_seconds(name: str, default: int) -> int:
    """A number of seconds (0 or more, ASCII digits) from the environment; a clear start-up error otherwise."""
    from dubbelslag.core.params import parse_int

    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = parse_int(raw.strip())
    if value is None:
        raise ImproperlyConfigured(f"{name} must be a number of seconds (0 or more, digits only), got {raw!r}")
    return value


def env_proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """The header a TLS-terminating proxy sets on requests that came in over HTTPS, written ``Header-Name=value``
    (``X-Forwarded-Proto=https``); None when unset. Only set this behind a proxy that always sets or strips the
    header: otherwise any client could claim to be on HTTPS."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    header, equals, value = (part.strip() for part in raw.partition("="))
    if not equals or not value or not header.replace("-", "").replace("_", "").isalnum() or not header.isascii():
        raise ImproperlyConfigured(f"{name} must be Header-Name=value, like X-Forwarded-Proto=https, got {raw!r}")
    return "HTTP_" + header.upper().replace("-", "_").removeprefix("HTTP_"), value


# HTTPS: off by default so that `make run` and the tests serve plain HTTP; docs/configuration.md gives the values
# for production, which `manage.py check --deploy` accepts without a warning (core/tests/test_settings_deploy.py).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# A load balancer probes /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER")
SECURE_HSTS_SECONDS = env_seconds("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if (SECURE_HSTS_INCLUDE_SUBDOMAINS or SECURE_HSTS_PRELOAD) and not SECURE_HSTS_SECONDS:
    raise ImproperlyConfigured("SECURE_HSTS_INCLUDE_SUBDOMAINS and SECURE_HSTS_PRELOAD need SECURE_HSTS_SECONDS "
                               "(HSTS is off while it is 0)")

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "dubbelslag" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
# Our short date formats (lower-case Dutch month abbreviations) before Django's own; see dubbelslag/formats/.
FORMAT_MODULE_PATH = ["dubbelslag.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded files live outside the web root and are served only through access-checked views.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# The largest document accepted on a Kennislab, working-group meeting or deep dive, in bytes.
LABS_MAX_UPLOAD_BYTES = env_int("LABS_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
RESEARCH_MAX_UPLOAD_BYTES = env_int("RESEARCH_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# REFI-QDA files (.qdc codebooks, .qdpx projects) accepted for import.
REFI_QDA_MAX_UPLOAD_BYTES = env_int("REFI_QDA_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
# The largest CSV or XLSX accepted on the import page (Indicators → Import).
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
# The image library (docs/images.md): the largest upload, and the most pixels an image may have (checked from its
# header before it is decoded; Pillow's decompression-bomb limit is set to the same number).
IMAGE_MAX_BYTES = env_int("IMAGE_MAX_BYTES", 15 * 1024 * 1024)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
# Gemeente, wijk and buurt outlines loaded by manage.py load_geometry (<level>_<year>.geojson), for the scan's map.
GEOMETRY_DIR = Path(env_str("GEOMETRY_DIR", str(BASE_DIR / "var" / "geometry")))

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Dubbelslag <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# manage.py send_monitoring_reminders reminds an experiment's editors of a reporting period this many days before it
# ends (and after, until it is locked).
MONITORING_REMINDER_DAYS = env_int("MONITORING_REMINDER_DAYS", 14)
if MONITORING_REMINDER_DAYS < 0:
    raise ImproperlyConfigured("MONITORING_REMINDER_DAYS must be 0 or more")

# Where the CBS OData v3 importer (manage.py import_cbs_odata) reads StatLine tables; --base-url overrides it per run.
CBS_ODATA_BASE_URL = env_str("CBS_ODATA_BASE_URL", "https://opendata.cbs.nl/ODataApi/odata/")
if not CBS_ODATA_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured(f"CBS_ODATA_BASE_URL must be an https URL, got {CBS_ODATA_BASE_URL!r}")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dubbelslag"}}
# How long a public page rendered for anonymous visitors may be served from the cache (dubbelslag.public.cache);
# any publication or other audited change makes a new page at once. 0 switches the page cache off.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 300)
# How long the rendered content of a monitoring results page or dashboard may be kept (dubbelslag.monitoring.cache);
# any audited change renders it anew at once. 0 switches it off.
MONITORING_CACHE_SECONDS = env_int("MONITORING_CACHE_SECONDS", 300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

if not DEBUG and SECRET_KEY == DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is the default development key while DEBUG is off. Set SECRET_KEY in the environment "
        "(or DEBUG=true for local development)."
    )

