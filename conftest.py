"""Test fixtures shared by every app: reference data loaded once per test database."""

import os

import pytest
from django.conf import settings
from django.core.management import call_command


def _builds_tables_from_models():
    """On SQLite the test database's tables are made from the models, not by replaying every
    migration (ten seconds for each test process); the rule rows the migrations would seed are
    loaded below. PostgreSQL replays them all, and tests/test_migrations.py migrates a new SQLite
    file as ``make run`` does. SAFERETURN_TEST_MIGRATIONS=1 replays them on SQLite too."""
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

    forget_competence_rules()
    yield
    forget_competence_rules()


@pytest.fixture
def make_agency(db):
    from safereturn.directory.models import Agency, AgencyType
    from safereturn.geo.models import Commune

    counter = {"n": 0}

    def make(type_code="health_department", level="province", province_code=92, commune_code=None, **extra):
        counter["n"] += 1
        commune = Commune.objects.get(code=commune_code) if commune_code else None
        if level == "commune" and commune is None:
            commune = Commune.objects.filter(province_id=province_code).order_by("code").first()
        return Agency.objects.create(
            name=extra.pop("name", f"Test agency {counter['n']} ({type_code})"),
            agency_type=AgencyType.objects.get(code=type_code),
            jurisdiction_level=level,
            province_id=None if level == "national" else province_code,
            commune=commune,
            **extra,
        )

    return make


@pytest.fixture
def make_officer(db, make_agency):
    from safereturn.directory.models import User
    from safereturn.directory.services import membership_grant

    counter = {"n": 0}

    def make(role="case_worker", agency=None, password="correct horse battery staple", **extra):
        counter["n"] += 1
        agency = agency or make_agency()
        user = User.objects.create_user(
            username=extra.pop("username", f"officer{counter['n']}"),
            password=password,
            full_name=extra.pop("full_name", f"Cán bộ {counter['n']}"),
            email=extra.pop("email", f"officer{counter['n']}@example.org"),
            **extra,
        )
        membership_grant(user=user, agency=agency, role=role)
        return user

    return make


@pytest.fixture
def totp_device():
    """Enrol and confirm a TOTP device for a user; returns a function giving a current valid code."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def enrol(user):
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)

        def code(offset_steps=0):
            return (
                f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset_steps):06d}"
            )

        return device, code

    return enrol
