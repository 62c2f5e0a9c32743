"""Local demo (`make run`): SQLite, seeded data, console email, second factor optional.

It behaves like production where an officer or a trainer would notice: DEBUG off (the Vietnamese
404/403/500 pages, not Django's technical page), static files served by WhiteNoise, quiet logs and
no system-check warnings. A developer who wants the technical pages sets DJANGO_DEBUG=1.
"""

import os

os.environ.setdefault("SAFERETURN_DEMO", "1")

from .base import *  # noqa: E402,F403
from .base import DATABASES, LOGGING, SILENCED_SYSTEM_CHECKS, VAR_DIR, env, env_bool  # noqa: E402

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = SECRET_KEY or "demo-only-secret-key-not-for-production-use-0123456789abcdef"  # noqa: F405,S105
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
VAR_DIR.mkdir(parents=True, exist_ok=True)
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# With DEBUG off runserver serves no static files: WhiteNoise (already in the middleware) serves them
# straight from the apps' and packages' folders, so the demo needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The covering indexes' INCLUDE columns are a PostgreSQL speed-up; SQLite ignores them, which is
    # all models.W040 says. Silenced for the SQLite demo only, so `make run` prints no warning.
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "models.W040"]

# Quiet logs: a refused (403) or missing (404) page is one line, not a traceback; errors (5xx) keep theirs.
LOGGING = {
    **LOGGING,
    "filters": {
        **LOGGING.get("filters", {}),
        "client_errors_without_traceback": {"()": "safereturn.core.logfilters.ClientErrorsWithoutTraceback"},
    },
    "handlers": {
        **LOGGING["handlers"],
        "console": {**LOGGING["handlers"]["console"], "filters": ["client_errors_without_traceback"]},
    },
}

# Demo keys only: a real deployment sets its own in the environment.
if not SAFERETURN_ENCRYPTION_KEYS:  # noqa: F405
    SAFERETURN_ENCRYPTION_KEYS = {"demo1": "ZGVtby1rZXktMzItYnl0ZXMtZm9yLXNhZmVyZXR1cm4="}
SAFERETURN_BLIND_INDEX_KEY = SAFERETURN_BLIND_INDEX_KEY or "demo-blind-index-key"  # noqa: F405
SAFERETURN_AUDIT_CHECKPOINT_KEY = SAFERETURN_AUDIT_CHECKPOINT_KEY or "demo-" + SECRET_KEY  # noqa: F405
