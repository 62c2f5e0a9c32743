"""Test set-up shared by every app: reference data loaded once per test database, and the test kit's
fixtures (``safereturn.testing.fixtures``: personas, signing in, cases, agencies, officers...)."""

import os

import pytest
from django.conf import settings
from django.core.management import call_command

pytest_plugins = ["safereturn.testing.fixtures"]


def _builds_tables_from_models():
    """On SQLite the test database's tables are made from the models, not by replaying every
    migration (seconds for each test process); the rule rows the migrations would seed are loaded
    below. PostgreSQL replays them all, and `make check` (.ci/check_migrations.py) migrates a new
    SQLite file as ``make run`` does. SAFERETURN_TEST_MIGRATIONS=1 replays them here too."""
    sqlite = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    return sqlite and os.environ.get("SAFERETURN_TEST_MIGRATIONS") != "1"


@pytest.fixture(scope="session")
def django_db_use_migrations(request):
    return not (request.config.getvalue("nomigrations") or _builds_tables_from_models())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_use_migrations):
    with django_db_blocker.unblock():
        if not django_db_use_migrations:
            call_command("load_rules", verbosity=0)
        call_command("load_geography", verbosity=0)
        call_command("load_reference_data", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_rule_cache():
    """A test's rule rows vanish with its transaction, without the signal that tells the cache."""
    from safereturn.rules.selectors import forget_competence_rules
    from safereturn.shelters.services import forget_cap_rules
    from safereturn.support.entitlements import forget_snapshot

    forget_competence_rules()
    forget_snapshot()
    forget_cap_rules()
    yield
    forget_competence_rules()
    forget_snapshot()
    forget_cap_rules()


@pytest.fixture(autouse=True)
def _own_audit_checkpoint_log(settings, tmp_path):
    """Each test's audit chain vanishes with its transaction: so does its checkpoint log."""
    settings.SAFERETURN_AUDIT_CHECKPOINT_LOG = str(tmp_path / "audit-checkpoints.log")
