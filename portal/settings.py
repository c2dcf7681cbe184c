"""Settings for the scrutiny portal: every deploy-time value comes from the environment."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from portal.database import database_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment: a long random string, kept secret.")
    SECRET_KEY = "django-insecure-development-only-key-change-me"  # noqa: S105 - development only
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "django_htmx",
    "simple_history",
    "axes",
    "portal",
    "meetings",
    "minutes",
    "minutes.scrutiny",
    "portal.imports",
    # After meetings, whose `db_worker` (the same worker, surviving database outages) takes precedence.
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public pages for readers who cannot be signed in, from the cache, before the middleware below runs.
    "portal.page_cache.PublicPageMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "portal.middleware.AudienceMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as its documentation asks: it refuses sign-ins from a throttled client.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
                "django.template.context_processors.csp",
            ],
        },
    },
]

FORM_RENDERER = "portal.forms.PortalFormRenderer"

# No connection is made and no server started here (see portal/database.py for the embedded one and timeouts).
DATABASES = {"default": database_config(debug=DEBUG)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    # Throttling of failed sign-ins comes first, so a locked-out client never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the signed-in user with a query compiled once.
    "portal.accounts.backends.PortalModelBackend",
]
# Django's database sessions, read with a query compiled once (portal/sessions.py).
SESSION_ENGINE = "portal.sessions"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:landing"
LOGOUT_REDIRECT_URL = "home"

# Failed sign-ins: five in an hour from one address for one account locks that pair out for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Lock-outs count per account (any case of its email) and per client address. Behind load balancers or proxies
# that append to X-Forwarded-For, set PORTAL_TRUSTED_PROXIES to how many there are (1 behind one balancer):
# the client's address is then read from that header, and addresses a client wrote into it are ignored.
PORTAL_TRUSTED_PROXIES = int(os.environ.get("PORTAL_TRUSTED_PROXIES", 0))
AXES_USERNAME_CALLABLE = "portal.accounts.throttling.username_for_throttling"
AXES_CLIENT_IP_CALLABLE = "portal.accounts.throttling.client_address"

# Email (password resets): printed to the console in development; SMTP when SMTP_HOST is set.
if os.environ.get("SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["SMTP_HOST"],
                "port": int(os.environ.get("SMTP_PORT", 587)),
                "username": os.environ.get("SMTP_USERNAME", ""),
                "password": os.environ.get("SMTP_PASSWORD", ""),
                "use_tls": env_bool("SMTP_USE_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "democratic.services@example.org")

# Background work (pack builds): a database queue run by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# While it builds a pack the worker beats every PACK_BUILD_HEARTBEAT_SECONDS. A build with no beat for
# PACK_BUILD_STALE_SECONDS (its worker died), or that no worker started within PACK_BUILD_QUEUE_SECONDS (no worker is
# running), is given up as failed, with the reason, so the officer can try again.
PACK_BUILD_HEARTBEAT_SECONDS = float(os.environ.get("PACK_BUILD_HEARTBEAT_SECONDS", 5))
PACK_BUILD_STALE_SECONDS = float(os.environ.get("PACK_BUILD_STALE_SECONDS", 60))
PACK_BUILD_QUEUE_SECONDS = float(os.environ.get("PACK_BUILD_QUEUE_SECONDS", 15 * 60))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))

# The portal's own name, for pages that belong to no one council (home, search, site-wide feeds and calendars):
# several councils, or a shared service, can publish here. A panel's pages, packs and feeds carry its council's
# name (meetings.Council), set up by officers at /manage/councils/.
PORTAL_SITE_NAME = os.environ.get("PORTAL_SITE_NAME", "Council scrutiny portal")

# Uploaded papers: PDFs up to this size (bytes).
PORTAL_MAX_UPLOAD_BYTES = int(os.environ.get("PORTAL_MAX_UPLOAD_BYTES", 25 * 1024 * 1024))
# Uploaded PDFs are read in a child process with these limits (meetings/pdf_files.py), so a damaged or hostile
# file is refused with a message instead of holding a web worker: pages, drawing instructions once
# decompressed (MB), seconds and memory (MB).
PORTAL_PDF_MAX_PAGES = int(os.environ.get("PORTAL_PDF_MAX_PAGES", 1000))
PORTAL_PDF_MAX_CONTENT_MB = int(os.environ.get("PORTAL_PDF_MAX_CONTENT_MB", 256))
PORTAL_PDF_CHECK_SECONDS = int(os.environ.get("PORTAL_PDF_CHECK_SECONDS", 20))
PORTAL_PDF_CHECK_MEMORY_MB = int(os.environ.get("PORTAL_PDF_CHECK_MEMORY_MB", 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024


# Security headers, in every environment so that tests and browsers see what production sends.
# No inline scripts anywhere: every script is a static file; htmx is configured by a <meta> tag.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    # Styles: our files, plus those a page's own scripts add with this request's nonce (the Trix editor does).
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sign-ins end after PORTAL_SESSION_IDLE_SECONDS without a request (8 hours: a working day), not 14 days: a
# signed-in reader's requests move the expiry on, at most every few minutes (portal/middleware.py
# SessionIdleMiddleware), so reading pages does not write the session each time. Anonymous readers have no
# session, so their pages are still cached (the page cache stores only responses that set no cookie).
SESSION_COOKIE_AGE = int(os.environ.get("PORTAL_SESSION_IDLE_SECONDS", 8 * 60 * 60))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    # Production: HTTPS only (behind a proxy that sets X-Forwarded-Proto), long HSTS, secure cookies.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Health checks (/healthz/, /healthz/live/) answer over plain HTTP too: a load balancer probes the servers
# directly, behind the HTTPS it terminates.
SECURE_REDIRECT_EXEMPT = [r"^healthz/"]

# Static files are served by WhiteNoise (compressed, with hashed names in production).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# The cache: Redis when REDIS_URL is set (several app servers share it), otherwise memory in this process.
# Redis is an optimisation, never a point of failure: if it cannot be reached, pages are rendered uncached
# (portal/cache_backend.py), a down Redis costs a request at most these timeouts (seconds), and the cache is
# tried again after REDIS_RETRY_AFTER seconds.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "portal.cache_backend.FailSoftRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "RETRY_AFTER": float(os.environ.get("REDIS_RETRY_AFTER", 5)),
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", 0.25)),
                "socket_timeout": float(os.environ.get("REDIS_SOCKET_TIMEOUT", 0.5)),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
