"""Production: PostgreSQL, Redis, HTTPS behind nginx, every secret from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SAFERETURN_ENCRYPTION_KEYS, SECRET_KEY, env, env_bool

DEBUG = False
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set (at least 50 random characters).")
if not SAFERETURN_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("SAFERETURN_ENCRYPTION_KEYS must be set.")
if len(env("SAFERETURN_AUDIT_CHECKPOINT_KEY", "")) < 32:
    raise ImproperlyConfigured("SAFERETURN_AUDIT_CHECKPOINT_KEY must be set (at least 32 random characters).")
if not env("SAFERETURN_AUDIT_CHECKPOINT_LOG", ""):
    raise ImproperlyConfigured(
        "SAFERETURN_AUDIT_CHECKPOINT_LOG must be set: an append-only file the database's users cannot write."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
