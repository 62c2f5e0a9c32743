import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import formats, translation

ROOT = Path(settings.BASE_DIR)


def test_production_profile_passes_deploy_checks():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safereturn.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-secret-for-the-check-only-0123456789",
        "DJANGO_ALLOWED_HOSTS": "safereturn.example.gov.vn",
        "SAFERETURN_ENCRYPTION_KEYS": '{"k1": "c2FmZXJldHVybi10ZXN0LWtleS0wMTIzNDU2Nzg5YWI="}',
        "SAFERETURN_BLIND_INDEX_KEY": "blind-index-key-for-the-check",
        "SAFERETURN_AUDIT_CHECKPOINT_KEY": "audit-checkpoint-key-for-the-check-0123456789",
        "SAFERETURN_AUDIT_CHECKPOINT_LOG": "/var/log/safereturn/audit-checkpoints.log",  # check writes none
        "DATABASE_URL": "sqlite:////tmp/safereturn-deploy-check.sqlite3",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_profile_refuses_to_start_without_secrets():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "safereturn.settings.production", "DJANGO_SECRET_KEY": ""}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_production_profile_refuses_to_start_without_the_audit_checkpoint_key_and_log():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safereturn.settings.production",
        "DJANGO_SECRET_KEY": "x" * 60,
        "SAFERETURN_ENCRYPTION_KEYS": '{"k1": "c2FmZXJldHVybi10ZXN0LWtleS0wMTIzNDU2Nzg5YWI="}',
        "SAFERETURN_AUDIT_CHECKPOINT_KEY": "",
        "SAFERETURN_AUDIT_CHECKPOINT_LOG": "",
    }
    run = lambda: subprocess.run(  # noqa: E731,S603
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    result = run()
    assert result.returncode != 0 and "SAFERETURN_AUDIT_CHECKPOINT_KEY" in result.stderr
    env["SAFERETURN_AUDIT_CHECKPOINT_KEY"] = "k" * 40
    result = run()
    assert result.returncode != 0 and "SAFERETURN_AUDIT_CHECKPOINT_LOG" in result.stderr


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_day_month_year(language):
    with translation.override(language):
        assert formats.date_format(datetime.date(2026, 1, 5)) == "05/01/2026"
        assert formats.date_format(datetime.date(2026, 1, 5), "SHORT_DATE_FORMAT") == "05/01/2026"


def _po_entries(path):
    text = path.read_text(encoding="utf-8")
    blocks = text.split("\n\n")[1:]
    return [b for b in blocks if "msgid" in b and not b.lstrip().startswith("#~")]


def test_every_vietnamese_message_is_translated_and_compiled():
    po = ROOT / "safereturn" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    entries = _po_entries(po)
    assert len(entries) > 100
    untranslated = [
        b for b in entries if "#, fuzzy" in b or (re.search(r'^msgstr ""\s*$', b, re.M) and 'msgstr ""\n"' not in b)
    ]
    assert untranslated == [], untranslated[:3]
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime - 1


def test_templates_and_code_load_nothing_from_outside():
    pattern = re.compile(r"""(src|href)=["']https?://""")
    offenders = []
    for path in (ROOT / "safereturn").rglob("*"):
        is_source = path.suffix in {".html", ".py", ".txt", ".css", ".js"} and "tests" not in path.parts
        if is_source and pattern.search(path.read_text(encoding="utf-8", errors="ignore")):
            offenders.append(str(path))
    assert offenders == []


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "https:" not in policy
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_sign_in_page_is_vietnamese_first_with_an_english_switch(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="vi">' in page and "Đăng nhập" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in page and "Sign in" in page
