"""The reintegration world: the Phú Lợi ward (its intake officer, case worker and supervisor), the Cần Thơ
health department (the province's lead agency: its case worker and supervisor), the city police and the
Đà Nẵng police. A case received by the ward, in which the health department takes part as lead."""

import pytest
from django.utils import timezone

from safereturn.testing.personas import record_case


@pytest.fixture
def cast(personas):
    personas.build(
        "commune", "health", "police", "intake", "commune_case_worker", "commune_supervisor", "health_case_worker",
        "health_supervisor", "police_verifier", "other_case_worker",
    )  # fmt: skip
    return personas


@pytest.fixture
def adult_case(cast):
    return record_case(cast.actor("intake"), full_name="Trần Văn Nam", sex="male", birth_year=2004)


@pytest.fixture
def child_case(cast):
    year = timezone.localdate().year - 15
    return record_case(cast.actor("intake"), full_name="Hồ Thị Mai", sex="female", birth_year=year)
