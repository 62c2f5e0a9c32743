"""Test set-up shared by every app: reference data loaded once per test database, and the test kit's
fixtures (``safereturn.testing.fixtures``: personas, signing in, cases, agencies, officers...)."""

import pytest
from django.core.management import call_command

pytest_plugins = ["safereturn.testing.fixtures"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_geography", verbosity=0)
        call_command("load_reference_data", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_rule_cache():
    """A test's rule rows vanish with its transaction, without the signal that tells the cache."""
    from safereturn.rules.selectors import forget_competence_rules

    forget_competence_rules()
    yield
    forget_competence_rules()
