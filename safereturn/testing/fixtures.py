"""The kit's pytest fixtures, registered for the whole suite by the root ``conftest.py``
(``pytest_plugins = ["safereturn.testing.fixtures"]``).

- ``personas``: the cast (``personas.Personas``), made as the test meets it.
- ``sign_in(who)`` / ``force_sign_in(who)``: the test client signed in as an officer (a user, or a
  persona's name), through the second factor page, or straight to a verified session.
- ``make_case(actor=None, **fields)``: a case opened through ``cases.services.intake_record``
  (by the Phú Lợi intake officer unless ``actor`` is given).
- ``media``: ``MEDIA_ROOT`` in a temporary folder, returned as a ``Path``.
- ``make_agency``, ``make_officer``, ``totp_device``: an agency, an officer, an enrolled authenticator.

A module (or class) whose tests all start from the same world can build it once (``built_once``).
"""

import copy
import sys

import factory.random
import pytest
from django.db import transaction
from hypothesis import settings as hypothesis_settings

from . import signin
from .personas import Personas, new_agency, new_officer, record_case

# Property tests (hypothesis) keep no example database in the working tree; each sets its own
# number of examples and deadline.
hypothesis_settings.register_profile("safereturn", database=None, print_blob=True)
hypothesis_settings.load_profile("safereturn")


def pytest_configure(config):
    # Factories' synthetic values (Faker names...) are the same on every run.
    factory.random.reseed_random("safereturn-testkit")


# ---- one world for a whole module ---------------------------------------------------------------


def built_once(django_db_blocker, build):
    """For a module- or class-scoped fixture: ``yield from built_once(django_db_blocker, build)``.

    ``build()`` runs once, before the first test that asks for the fixture, inside a transaction that
    stays open until the last test of the module (or class) has run and is then rolled back. Each
    test runs in a savepoint inside it (pytest-django's usual rollback), so what a test writes never
    reaches the next one; the rows ``build`` made are there for every later test of the module (or
    class), whether it asks for the fixture or not: a test that needs an empty table goes before the
    first test that asks for it, or in another module or class.

    Python objects would carry one test's changes to the next: give each test a deep copy
    (``copy.deepcopy(value)``, as ``django.test.TestCase.setUpTestData`` does). A transactional test
    (``transaction=True``, ``live_server``) must not ask for it: it runs apart, after the others."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            value = build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(*sys.exc_info())
            raise
    try:
        yield value
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def per_test_copy(value):
    """A test's own copy of what a module-scoped fixture built (model instances included)."""
    return copy.deepcopy(value)


# ---- agencies, officers, personas ---------------------------------------------------------------


@pytest.fixture
def make_agency(db):
    """``make_agency(type_code="health_department", level="province", province_code=None,
    commune_code=None, **fields)``: a new agency (see ``personas.new_agency``), named
    "Test agency N (type)" unless ``name`` is given."""
    counter = {"n": 0}

    def make(type_code="health_department", level="province", province_code=None, commune_code=None, **fields):
        counter["n"] += 1
        fields.setdefault("name", f"Test agency {counter['n']} ({type_code})")
        return new_agency(type_code, level=level, province_code=province_code, commune_code=commune_code, **fields)

    return make


@pytest.fixture
def make_officer(db, make_agency):
    """``make_officer(role="case_worker", agency=None, password=personas.PASSWORD, **fields)``: a user
    with one membership (in a new provincial health department unless ``agency`` is given), named
    officerN / "Cán bộ N" unless ``username`` / ``full_name`` are given."""
    counter = {"n": 0}

    def make(role="case_worker", agency=None, **fields):
        counter["n"] += 1
        fields.setdefault("username", f"officer{counter['n']}")
        fields.setdefault("full_name", f"Cán bộ {counter['n']}")
        fields.setdefault("email", f"officer{counter['n']}@example.org")
        return new_officer(role, agency=agency or make_agency(), **fields)

    return make


@pytest.fixture
def totp_device():
    """``totp_device(user)``: enrol and confirm a TOTP device; returns ``(device, code)``, ``code()``
    being the code the authenticator shows now (see ``signin.enrol_totp``)."""
    return signin.enrol_totp


@pytest.fixture
def personas(db):
    """The cast (``personas.Personas``): ``personas.intake``, ``personas.police``,
    ``personas.actor("police_verifier")``... each made on first use."""
    return Personas()


# ---- signing in ---------------------------------------------------------------------------------


def _officer(personas, who):
    return personas.officer(who) if isinstance(who, str) else who


@pytest.fixture
def sign_in(client, personas):
    """``sign_in(who, *, password=None, client=client)``: ``who`` (a user, or a persona's name) signed
    in through the second factor page (``signin.sign_in``); returns the client."""

    def do(who, *, password=None, client=client):
        return signin.sign_in(client, _officer(personas, who), password=password)

    return do


@pytest.fixture
def force_sign_in(client, personas):
    """``force_sign_in(who, *, client=client)``: a verified session for ``who`` (a user, or a persona's
    name) without requesting the sign-in pages (``signin.force_sign_in``); returns the client."""

    def do(who, *, client=client):
        return signin.force_sign_in(client, _officer(personas, who))

    return do


# ---- cases and files ----------------------------------------------------------------------------


@pytest.fixture
def make_case(personas):
    """``make_case(actor=None, **fields)``: a case opened through ``cases.services.intake_record``
    by ``actor`` (default: the Phú Lợi ward's intake officer); ``fields`` as ``personas.record_case``."""

    def make(actor=None, **fields):
        return record_case(actor or personas.actor("intake"), **fields)

    return make


@pytest.fixture
def media(settings, tmp_path):
    """``MEDIA_ROOT`` in the test's temporary folder (documents are written there): the ``Path``."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
