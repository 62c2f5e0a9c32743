"""Settings shared by every profile. Everything deployment-specific comes from the environment."""

import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("SAFERETURN_VAR_DIR", BASE_DIR / "var"))


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# Demo mode relaxes the second factor so a newcomer can sign in with the printed logins.
# Outside demo mode every user must enrol and use TOTP.
SAFERETURN_DEMO = env_bool("SAFERETURN_DEMO", False)
SAFERETURN_REQUIRE_2FA = env_bool("SAFERETURN_REQUIRE_2FA", not SAFERETURN_DEMO)
SAFERETURN_TRUST_PROXY = env_bool("SAFERETURN_TRUST_PROXY", False)
# A Server-Timing header on every response (time in the application, in SQL, in audit writes):
# for measuring (the benchmark), not for production, as it tells clients about the server.
SAFERETURN_SERVER_TIMING = env_bool("SAFERETURN_SERVER_TIMING", False)

INSTALLED_APPS = [
    "safereturn.directory.apps.SafeReturnAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "safereturn.accounts.lockouts.LockoutsConfig",  # django-axes, named in Vietnamese
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our static files, not a CDN
    "django_filters",
    "django_htmx",
    "csp",
    "huey.contrib.djhuey",
    # Platform first, then the domain apps from the lowest layer up (pyproject.toml's layers contract).
    "safereturn.core",
    "safereturn.geo",
    "safereturn.documents",
    "safereturn.audit",
    "safereturn.directory",
    "safereturn.rules",
    "safereturn.notifications",
    "safereturn.access",
    "safereturn.accounts",
    "safereturn.cases",
    "safereturn.shelters",
    "safereturn.support",
    "safereturn.identification",
    "safereturn.protection",
    "safereturn.reintegration",
    "safereturn.referrals",
    "safereturn.tips",
    "safereturn.coordination",
    "safereturn.oversight",
    "safereturn.home",
    "safereturn.demo",
]

MIDDLEWARE = [
    "safereturn.audit.timing.ServerTimingMiddleware",  # only with SAFERETURN_SERVER_TIMING
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "safereturn.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "safereturn.accounts.middleware.IdleSessionRenewalMiddleware",
    "safereturn.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "safereturn.accounts.middleware.SignInOTPMiddleware",
    "safereturn.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "safereturn.core.middleware.CaseDataNoStoreMiddleware",  # Cache-Control: no-store on case data
    "safereturn.access.refusals.RefusalMiddleware",  # refused requests for case data, audited
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safereturn.urls"
WSGI_APPLICATION = "safereturn.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "safereturn" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "safereturn.access.context_processors.site",
                "safereturn.notifications.context_processors.unread",
            ],
        },
    },
    {
        # The case page and the page chrome (safereturn/core/jinja.py; docs/decisions/0011).
        "NAME": "jinja2",
        "BACKEND": "safereturn.core.jinja.Jinja2",
        "DIRS": [BASE_DIR / "safereturn" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "safereturn.core.jinja.environment",
            "cache_size": -1,  # a plain dict: the templates are few
            "context_processors": [
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "safereturn.access.context_processors.site",
                "safereturn.notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'safereturn.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Pages run short indexed queries: PostgreSQL's JIT compiler spent longer compiling a scoped
    # count (a quarter of a second at a million cases) than running it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = env("DATABASE_PG_OPTIONS", "-c jit=off")
    # Parameters sent apart from the SQL; the few statements every case page runs (core.sqlrows.
    # execute_prepared) are prepared, so PostgreSQL plans them once per connection. Set
    # DATABASE_PREPARED_STATEMENTS=0 behind a pooler that cannot keep prepared statements
    # (PgBouncer in transaction mode before 1.21). See docs/decisions/0010.
    DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's concurrent requests: a transaction takes SQLite's write lock when it begins, and a
    # writer waits for another's commit, rather than failing with "database is locked" (a 500) when
    # a transaction that began by reading tries to write while another holds the lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
SAFERETURN_PREPARED_STATEMENTS = (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and env("DATABASE_PREPARED_STATEMENTS", "1") != "0"
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "directory.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "safereturn.accounts.backends.OfficerBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle expiry: a session lapses after this many idle seconds. Activity renews it, at most once per
# SAFERETURN_SESSION_RENEW_SECONDS (IdleSessionRenewalMiddleware) rather than with a write on every request.
SESSION_COOKIE_AGE = int(env("SAFERETURN_IDLE_TIMEOUT_SECONDS", "1800"))
SAFERETURN_SESSION_RENEW_SECONDS = int(env("SAFERETURN_SESSION_RENEW_SECONDS", "60"))
# How long a worker keeps the (small) agency competence table in memory after reading it.
SAFERETURN_RULE_CACHE_SECONDS = int(env("SAFERETURN_RULE_CACHE_SECONDS", "60"))
# Refused requests for case data are audited; an officer's supervisors and the province's auditors are
# told each time that officer's refusals within the window reach a multiple of the count.
SAFERETURN_REFUSAL_ALERT_COUNT = int(env("SAFERETURN_REFUSAL_ALERT_COUNT", "10"))
SAFERETURN_REFUSAL_ALERT_MINUTES = int(env("SAFERETURN_REFUSAL_ALERT_MINUTES", "15"))
# The duplicate check at intake (it tells whether a person is held elsewhere): at most this many per
# officer within the window; reaching it alerts the supervisors and the province's auditors.
SAFERETURN_DUPLICATE_CHECK_LIMIT = int(env("SAFERETURN_DUPLICATE_CHECK_LIMIT", "30"))
SAFERETURN_DUPLICATE_CHECK_MINUTES = int(env("SAFERETURN_DUPLICATE_CHECK_MINUTES", "60"))
# Intake drafts (answers kept between the steps of the intake) are deleted after this many days.
SAFERETURN_INTAKE_DRAFT_DAYS = int(env("SAFERETURN_INTAKE_DRAFT_DAYS", "7"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Lockout after repeated failures (django-axes), per username and address.
AXES_FAILURE_LIMIT = int(env("SAFERETURN_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = float(env("SAFERETURN_LOCKOUT_HOURS", "0.5"))
# Keyed on the user name alone (decision 0021): officers behind one proxy share an address, and one
# mistyping officer must not lock out the rest; the address recorded is the client's as the trusted
# proxy gives it (core.middleware.client_ip).
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address in the key, which is what locked a whole office out behind its proxy.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_CLIENT_IP_CALLABLE = "safereturn.core.middleware.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "SafeReturn"
# API tokens stop working this many days after they are made (decision 0021).
SAFERETURN_API_TOKEN_DAYS = int(env("SAFERETURN_API_TOKEN_DAYS", "90"))
# Password reset requests: at most this many per client address, and per account, in an hour.
SAFERETURN_PASSWORD_RESET_PER_ADDRESS = int(env("SAFERETURN_PASSWORD_RESET_PER_ADDRESS", "10"))
SAFERETURN_PASSWORD_RESET_PER_ACCOUNT = int(env("SAFERETURN_PASSWORD_RESET_PER_ACCOUNT", "3"))

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "safereturn" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["safereturn.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = []
try:
    import xstatic.pkg.bootstrap as _xbootstrap

    STATICFILES_DIRS.append(("bootstrap", _xbootstrap.BASE_DIR))
except ImportError:  # pragma: no cover - reported by the system check below
    pass
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Case documents are stored encrypted through the default storage; this caps one upload.
SAFERETURN_MAX_UPLOAD_BYTES = int(env("SAFERETURN_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
# Uploads are kept in memory (bounded by the cap above), never in a clear temporary file on disk.
FILE_UPLOAD_HANDLERS = ["safereturn.core.uploads.BoundedMemoryUploadHandler"]

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "safereturn@localhost")
EMAIL_TIMEOUT = int(env("DJANGO_EMAIL_TIMEOUT", "10"))  # seconds: a stuck mail server must not hold a request
# The site's address as officers reach it, for the links in notification e-mails.
SAFERETURN_SITE_URL = env("SAFERETURN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Keys for identity fields at rest: {"key id": "urlsafe base64 32-byte key"}; the first is used to encrypt.
SAFERETURN_ENCRYPTION_KEYS = json.loads(env("SAFERETURN_ENCRYPTION_KEYS", "{}"))
SAFERETURN_BLIND_INDEX_KEY = env("SAFERETURN_BLIND_INDEX_KEY", "")
# Each sealed batch of the audit chain is signed (HMAC-SHA256) with a key the database never holds and
# appended to a write-once checkpoint log outside the database (decision 20).
SAFERETURN_AUDIT_CHECKPOINT_KEY = env("SAFERETURN_AUDIT_CHECKPOINT_KEY", "")
SAFERETURN_AUDIT_CHECKPOINT_LOG = env("SAFERETURN_AUDIT_CHECKPOINT_LOG", str(VAR_DIR / "audit-checkpoints.log"))

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # A fresh random nonce per response (django-csp), carried by every <script> of the page chrome.
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "safereturn.accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # The error answers (400, 401, 403, 404, 409) documented on every operation (core/schema.py).
    "DEFAULT_SCHEMA_CLASS": "safereturn.core.schema.AutoSchema",
    # JSON with a nesting limit (a body nested too deep is a 400, not a RecursionError): core/parsers.py.
    "DEFAULT_PARSER_CLASSES": [
        "safereturn.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # The error vocabulary of the services (safereturn/core/errors.py) as HTTP answers, in one place.
    "EXCEPTION_HANDLER": "safereturn.core.api.exception_handler",
}
# How long an API client's Idempotency-Key is remembered (core/idempotency.py).
SAFERETURN_IDEMPOTENCY_KEY_HOURS = int(env("SAFERETURN_IDEMPOTENCY_KEY_HOURS", "24"))
# The deepest nesting of arrays and objects an API body may have.
SAFERETURN_API_MAX_JSON_DEPTH = int(env("SAFERETURN_API_MAX_JSON_DEPTH", "20"))
# Days the agency holding a possible earlier record has to answer a request to confirm the match.
SAFERETURN_MATCH_REQUEST_ANSWER_DAYS = int(env("SAFERETURN_MATCH_REQUEST_ANSWER_DAYS", "3"))
SPECTACULAR_SETTINGS = {
    "TITLE": "SafeReturn API",
    "DESCRIPTION": "Receiving, verifying, identifying, protecting, supporting and referring victims of trafficking.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs page are for signed-in officers only (they map every endpoint), and the
    # docs page's Swagger UI comes from drf-spectacular-sidecar's static files, not from a CDN.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "SexEnum": "safereturn.cases.vocab.Sex",
        "EmergencyCategoryEnum": "safereturn.access.vocab.EmergencyCategory",
        "MeetingKindEnum": "safereturn.coordination.vocab.MeetingKind",
    },
}

REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "safereturn", "url": REDIS_URL, "immediate": False}
    CACHES = {"default": {"BACKEND": "safereturn.core.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "safereturn",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
