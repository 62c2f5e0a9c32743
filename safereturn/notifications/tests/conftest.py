"""Test-only notification kinds (registered for one test, then removed) and two officers to tell.

Their sentences are ones the catalogue already translates, so rendering in Vietnamese and English
can be checked."""

import pytest
from django.utils.translation import gettext_lazy as _

from safereturn.notifications import kinds


@pytest.fixture
def register_kind():
    codes = []

    def register(code, **fields):
        kind = kinds.register(kinds.NotificationKind(code=code, **fields))
        codes.append(code)
        return kind

    yield register
    for code in codes:
        kinds.unregister(code)


@pytest.fixture
def overdue_kind(register_kind):
    """An ordinary kind: e-mailed unless the officer turns it off."""
    return register_kind(
        "test_task_overdue",
        label=_("Overdue"),
        message=_("The verification task (%(kind)s) on case %(number)s is overdue: it was due %(due)s."),
        params=("kind", "number", "due"),
    )


@pytest.fixture
def emergency_kind(register_kind):
    """A mandatory kind: always e-mailed."""
    return register_kind(
        "test_break_glass",
        label=_("Emergency access"),
        message=_("%(officer)s used emergency access to case %(number)s."),
        params=("officer", "number"),
        mandatory=True,
    )


@pytest.fixture
def agency(make_agency):
    return make_agency("province_police", name="Công an tỉnh (thử)")


@pytest.fixture
def officers(make_officer, agency):
    """Two verifiers of one provincial police."""
    return [make_officer("verifier", agency=agency) for _ in range(2)]


OVERDUE_PARAMS = {"kind": "identity", "number": "92-2026-000123", "due": "2026-01-05"}
