"""`make run`'s settings (safereturn.settings.dev) behave like production where it shows: DEBUG off, the
Vietnamese error pages, static files served, quiet logs, no system-check warnings (issue 16)."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from django.test import Client

from safereturn.core.logfilters import ClientErrorsWithoutTraceback

ROOT = Path(__file__).resolve().parents[3]


def _run(tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "SAFERETURN_"))}
    env |= {"DJANGO_SETTINGS_MODULE": "safereturn.settings.dev", "SAFERETURN_VAR_DIR": str(tmp_path)}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({"debug": settings.DEBUG, "hosts": settings.ALLOWED_HOSTS,
                  "finders": settings.WHITENOISE_USE_FINDERS}))
"""


def test_the_demo_settings_run_with_debug_off_for_the_local_hosts(tmp_path):
    done = _run(tmp_path, "-c", _SETTINGS)
    assert done.returncode == 0, done.stderr
    values = json.loads(done.stdout)
    assert values["debug"] is False
    assert {"127.0.0.1", "localhost"} <= set(values["hosts"])
    assert values["finders"] is True  # static files without DEBUG and without collectstatic


def test_manage_check_prints_no_warnings_under_the_demo_settings(tmp_path):
    # --database default runs the database checks too (migrate runs them: SQLite's models.W040 was printed).
    done = _run(tmp_path, "manage.py", "check", "--database", "default", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "WARNING" not in output
    assert "System check identified no issues" in output


_PAGES = """
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
missing = client.get("/no-such-page/")
static = client.get("/static/safereturn/app.css")
print("STATUS", missing.status_code, static.status_code)
print(missing.content.decode())
"""


def test_a_missing_page_in_the_demo_is_the_vietnamese_page_and_logs_one_line(tmp_path):
    done = _run(tmp_path, "-c", _PAGES)
    assert done.returncode == 0, done.stderr
    assert "STATUS 404 200" in done.stdout
    assert "Không tìm thấy trang" in done.stdout
    assert "URLconf" not in done.stdout  # not Django's technical page
    assert "Not Found: /no-such-page/" in done.stderr
    assert "Traceback" not in done.stderr


def _record(status, exc):
    try:
        raise exc
    except Exception:
        info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "refused", (), info)
    record.status_code = status
    return record


def test_a_refused_request_is_logged_without_its_traceback_and_a_server_error_with_it():
    quiet = ClientErrorsWithoutTraceback()
    refused = _record(403, PermissionError("no"))
    assert quiet.filter(refused) and refused.exc_info is None
    failed = _record(500, RuntimeError("boom"))
    assert quiet.filter(failed) and failed.exc_info is not None


def test_a_stale_form_gets_the_vietnamese_page_not_djangos_english_csrf_page(db):
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in page and "CSRF" not in page


def test_a_bad_request_gets_the_vietnamese_page(db):
    response = Client(HTTP_HOST="not-this-site.example").get("/")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
