"""Test profile: second factor enforced (as in production), fast hashing, in-process jobs."""

import os

os.environ.setdefault("SAFERETURN_DEMO", "0")

from .base import *  # noqa: E402,F403
from .base import VAR_DIR  # noqa: E402

DEBUG = False
SECRET_KEY = "test-secret-key-0123456789abcdef0123456789abcdef"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production uses argon2
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
HUEY = {"huey_class": "huey.MemoryHuey", "name": "safereturn-test", "immediate": True}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SAFERETURN_ENCRYPTION_KEYS = {"test1": "c2FmZXJldHVybi10ZXN0LWtleS0wMTIzNDU2Nzg5YWI="}
SAFERETURN_BLIND_INDEX_KEY = "test-blind-index-key"
SAFERETURN_AUDIT_CHECKPOINT_KEY = "test-audit-checkpoint-key"
# Each test gets its own checkpoint log (an autouse fixture in conftest.py): its rows vanish with it.
SAFERETURN_AUDIT_CHECKPOINT_LOG = str(VAR_DIR / "test-audit-checkpoints.log")
VAR_DIR.mkdir(parents=True, exist_ok=True)
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # Transactional tests empty every table after them, the audit trail's too (migration audit 0005).
    DATABASES["default"]["OPTIONS"]["options"] += " -c safereturn.allow_audit_truncate=on"  # noqa: F405
# Refusals (403, 404) are what many tests ask for: their warnings, with tracebacks, cost time and
# tell nothing; errors (500) are still logged.
LOGGING["loggers"]["django.request"] = {"level": "ERROR"}  # noqa: F405
