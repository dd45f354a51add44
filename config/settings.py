"""Settings, read from the environment through django-environ.

With nothing set this is a working local setup on an SQLite file in the project.
`DJANGO_ENV=production` turns on the secure defaults that `check --deploy` expects and
requires a real SECRET_KEY and ALLOWED_HOSTS. `.env.example` lists every variable.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=False)
if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-local-development-key-do-not-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "django_tasks_db",
    "axes",
    "units",
    "access",
    "plans",
    "targets",
    "cockpit",
    "disclosure",
    "notices",
    "intake",
    "demo",
]

MIDDLEWARE = [
    "config.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "access.middleware.PrivateResponseMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.csp",
                "access.context_processors.navigation",
                "notices.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so two writers wait for each
    # other instead of one failing with "database is locked" halfway through.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
    # A file, not shared-cache memory, so that tests with threads get real locking.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # counts failures first, refuses while locked
    "django.contrib.auth.backends.ModelBackend",
]
# Log-in throttling (django-axes): a user name is locked from one address after repeated
# failures, for a cool-off period; other users and addresses are unaffected.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production WhiteNoise serves straight from the app and project folders, so
# `make run` needs no collectstatic even with DEBUG off.
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every start when it is missing
WHITENOISE_AUTOREFRESH = DEBUG

# Security headers. Scripts only from our own origin (no inline scripts anywhere);
# inline style attributes are allowed for progress bars.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_SAVE_EVERY_REQUEST = True  # the age above is then an idle time-out
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
# Only when TLS ends at a proxy that sets X-Forwarded-Proto itself (and drops a client's):
# trusted otherwise, any client could claim its plain-HTTP request was secure.
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Status lights: a target is 正常 while actual/expected progress is at least
# STATUS_ON_TRACK_RATIO, 滞后 down to STATUS_LATE_RATIO, 严重滞后 below that.
STATUS_ON_TRACK_RATIO = env.float("STATUS_ON_TRACK_RATIO", default=0.95)
STATUS_LATE_RATIO = env.float("STATUS_LATE_RATIO", default=0.85)

# Evidence files attached to progress reports.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 2**20)
EVIDENCE_MAX_FILES = env.int("EVIDENCE_MAX_FILES", default=5)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 2**20  # a form's fields without its files
# Whole request bodies: refused from their Content-Length before anything is read. Enough for
# the largest upload a form takes (a report's evidence files, or a workbook) and its fields.

# Workbook imports: refuse what could exhaust memory or time before parsing it.
IMPORT_LIMITS = {
    "upload_bytes": env.int("IMPORT_MAX_UPLOAD_BYTES", default=20 * 2**20),
    "uncompressed_bytes": env.int("IMPORT_MAX_UNCOMPRESSED_BYTES", default=200 * 2**20),
    "zip_entries": 2000,
    "compression_ratio": 200,
    "rows_per_sheet": env.int("IMPORT_MAX_ROWS", default=50_000),
    "columns": 100,
    # Read from each sheet's XML before any reader allocates: the sum of the sheets' extents
    # (rows x columns) and the size of any one part once uncompressed.
    "cells": env.int("IMPORT_MAX_CELLS", default=1_000_000),
    "part_bytes": env.int("IMPORT_MAX_PART_BYTES", default=64 * 2**20),
    # A .docx for the text import: its XML is read whole, so each part is capped lower.
    "document_part_bytes": env.int("IMPORT_MAX_DOCUMENT_PART_BYTES", default=8 * 2**20),
}
# Long jobs (big imports) run on Django's tasks framework; `manage.py db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Imports with more rows than this run in the background.
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=3000)
# Previews never confirmed are deleted (with their file) after this many hours by
# `manage.py expire_imports`, run daily from cron.
IMPORT_PREVIEW_HOURS = env.int("IMPORT_PREVIEW_HOURS", default=24)
REQUEST_MAX_BYTES = env.int(
    "REQUEST_MAX_BYTES",
    default=max(IMPORT_LIMITS["upload_bytes"], EVIDENCE_MAX_BYTES * EVIDENCE_MAX_FILES) + 2**20,
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_brief": {"()": "config.logfilters.ClientErrorWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_errors_brief"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    # Refused requests reach the console once, through the filter above (not also through
    # Django's own console handler when DEBUG is on).
    "loggers": {"django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}

# Reminders and notifications (notices/; `manage.py send_reminders` from cron).
NOTICE_CHANNELS = env.list(
    "NOTICE_CHANNELS",
    default=[
        "notices.channels.EmailChannel",
        "notices.channels.WeComChannel",
        "notices.channels.DingTalkChannel",
    ],
)
NOTICE_CYCLE_CLOSING_DAYS = env.int("NOTICE_CYCLE_CLOSING_DAYS", default=5)  # remind this many days before a cycle ends
NOTICE_REVIEW_WAITING_DAYS = env.int("NOTICE_REVIEW_WAITING_DAYS", default=3)
NOTICE_LOOKBACK_DAYS = env.int(
    "NOTICE_LOOKBACK_DAYS", default=14
)  # returned reports and 催办 older than this are not sent
NOTICE_OVERDUE_WITHIN_DAYS = env.int("NOTICE_OVERDUE_WITHIN_DAYS", default=365)
NOTICE_SITE_URL = env.str("NOTICE_SITE_URL", default="http://127.0.0.1:8000")  # links in emails and group posts
NOTICE_HTTP_TIMEOUT = env.float("NOTICE_HTTP_TIMEOUT", default=10)
NOTICE_RETRY_ATTEMPTS = env.int("NOTICE_RETRY_ATTEMPTS", default=3)  # tries within one run
NOTICE_RETRY_BACKOFF_SECONDS = env.float("NOTICE_RETRY_BACKOFF_SECONDS", default=2)  # pause after the first, doubling
NOTICE_RETRY_LATER_SECONDS = env.int("NOTICE_RETRY_LATER_SECONDS", default=600)  # then again at a later run
NOTICE_MAX_ATTEMPTS = env.int("NOTICE_MAX_ATTEMPTS", default=9)
# The only hosts group posts may go to (the robots' own; a test or a proxy may add its own).
NOTICE_WEBHOOK_HOSTS = env.list("NOTICE_WEBHOOK_HOSTS", default=["qyapi.weixin.qq.com", "oapi.dingtalk.com"])
NOTICE_SENDING_STUCK_SECONDS = 1800  # a delivery left 'sending' this long is taken up again

# Email (SMTP through Django's mailers). Without EMAIL_HOST nothing leaves the machine: the
# messages are written to the console. The variables keep their familiar EMAIL_* names.
_EMAIL_HOST = env.str("EMAIL_HOST", default="")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _EMAIL_HOST,
            "port": env.int("EMAIL_PORT", default=25),
            "username": env.str("EMAIL_HOST_USER", default=""),
            "password": env.str("EMAIL_HOST_PASSWORD", default=""),
            "use_tls": env.bool("EMAIL_USE_TLS", default=False),
            "use_ssl": env.bool("EMAIL_USE_SSL", default=False),
            "timeout": NOTICE_HTTP_TIMEOUT,
        },
    }
    if _EMAIL_HOST
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"},
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="工作计划目标跟踪 <noreply@localhost>")
