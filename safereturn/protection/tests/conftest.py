import pytest

from safereturn.directory.models import FocalPoint
from safereturn.testing.personas import CAN_THO, new_agency, new_officer


@pytest.fixture
def province(personas):
    """Cần Thơ with its police (a verifier who is the focal point, and a supervisor), its border guard
    (a focal point officer), its health department (the lead agency, with a supervisor) and the ward."""
    personas.build("intake", "commune_case_worker", "police_verifier", "police_supervisor", "health_supervisor")
    border = new_agency("border_guard", province_code=CAN_THO, name="Bộ Chỉ huy Bộ đội Biên phòng Cần Thơ (thử)")
    guard = new_officer("verifier", agency=border)
    guard_supervisor = new_officer("supervisor", agency=border)
    FocalPoint.objects.create(agency=border, full_name=guard.full_name, email=guard.email)
    FocalPoint.objects.create(
        agency=personas.police, full_name=personas.police_verifier.full_name, email=personas.police_verifier.email
    )
    return {"border": border, "guard": guard, "guard_supervisor": guard_supervisor}
