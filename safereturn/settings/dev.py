"""Local demo: SQLite, seeded data, console email, second factor optional."""

import os

os.environ.setdefault("SAFERETURN_DEMO", "1")

from .base import *  # noqa: E402,F403
from .base import VAR_DIR, env, env_bool  # noqa: E402

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "demo-only-secret-key-not-for-production-use-0123456789abcdef"  # noqa: F405,S105
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
VAR_DIR.mkdir(parents=True, exist_ok=True)
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)

# Demo keys only: a real deployment sets its own in the environment.
if not SAFERETURN_ENCRYPTION_KEYS:  # noqa: F405
    SAFERETURN_ENCRYPTION_KEYS = {"demo1": "ZGVtby1rZXktMzItYnl0ZXMtZm9yLXNhZmVyZXR1cm4="}
SAFERETURN_BLIND_INDEX_KEY = SAFERETURN_BLIND_INDEX_KEY or "demo-blind-index-key"  # noqa: F405
SAFERETURN_AUDIT_CHECKPOINT_KEY = SAFERETURN_AUDIT_CHECKPOINT_KEY or "demo-" + SECRET_KEY  # noqa: F405
