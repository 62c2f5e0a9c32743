"""The migrations, replayed on a new SQLite file as ``make run`` does (the SQLite test database
itself is built from the models: see conftest.py; PostgreSQL's is built by the migrations)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="on PostgreSQL the test database itself is built by replaying every migration",
)
def test_the_migrations_build_a_new_sqlite_database_with_the_rule_rows(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "safereturn.settings.test",
    }

    def manage(*args):
        done = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    manage("migrate", "--noinput", "-v0")
    # The rule rows came with the migrations: loading them again adds nothing.
    assert manage("load_rules").strip() == "rules: 0 created; public holidays: 0 created"
    assert "No changes detected" in manage("makemigrations", "--check", "--dry-run")
